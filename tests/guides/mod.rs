//! The guides as readers get them: the pages of the reference municipalities, the seeds'
//! sentences, languages, further guides, typography, hyphenation and QR codes.

mod any_language;
mod hyphenation;
mod languages;
mod many_guides;
mod municipality_page;
mod pages;
mod per_language;
mod qr;
mod screen_styles;
mod seeds;
mod shared_steps;
mod stopped;
mod template_check;
mod theme_check;
mod translations;
mod typography;
