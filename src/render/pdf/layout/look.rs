//! Colours and sizes of the PDF, mirroring the default theme's `opas.css`.

use crate::render::pdf::layout::items::Color;

pub const INK: Color = Color(0x1d, 0x23, 0x29);
pub const MUTED: Color = Color(0x4f, 0x5a, 0x65);
pub const ACCENT: Color = Color(0x00, 0x5a, 0x9c);
pub const RULE: Color = Color(0xc9, 0xd1, 0xd9);
pub const WHITE: Color = Color(0xff, 0xff, 0xff);
pub const TINT: Color = Color(0xf3, 0xf6, 0xf9);
pub const NOTE: Color = Color(0xff, 0xf6, 0xd6);
pub const NOTE_EDGE: Color = Color(0xb5, 0x84, 0x00);
pub const OK: Color = Color(0xe7, 0xf4, 0xea);
pub const OK_EDGE: Color = Color(0x2e, 0x7d, 0x32);
pub const ERROR: Color = Color(0xfd, 0xec, 0xea);
pub const ERROR_EDGE: Color = Color(0xb3, 0x26, 0x1e);
pub const SCREEN_EDGE: Color = Color(0xaa, 0xb4, 0xbe);
pub const NOTICE: Color = Color(0xe8, 0xf1, 0xfa);
pub const NOTICE_EDGE: Color = Color(0xb3, 0xcd, 0xe6);
pub const INPUT_EDGE: Color = Color(0x8a, 0x96, 0xa3);
pub const BOX_EDGE: Color = Color(0x5d, 0x68, 0x73);
pub const EMAIL: Color = Color(0xfb, 0xfb, 0xfb);
pub const BAR: Color = Color(0x24, 0x31, 0x3d);

/// Body text size and line height, in points.
pub const BODY: f32 = 10.5;
pub const BODY_LEADING: f32 = 15.2;
/// Mock-up text size and line height.
pub const SCREEN: f32 = 9.0;
pub const SCREEN_LEADING: f32 = 13.0;
/// Captions, header and footer.
pub const SMALL: f32 = 8.5;
pub const SMALL_LEADING: f32 = 12.0;
