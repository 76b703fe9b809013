//! `opas diff`: what changed between two builds, pure. The manifests decide which guides
//! to look at ([`compare`]); each changed guide is compared in layers: the words of its
//! page ([`text`], [`words`]), its PDF's structure ([`structure`]) and its pages as
//! pictures (`compose::pages_diff`); changes that are the same are grouped ([`group`])
//! into the report ([`model`]).

pub mod compare;
pub mod group;
pub mod model;
pub mod structure;
pub mod text;
pub mod words;
