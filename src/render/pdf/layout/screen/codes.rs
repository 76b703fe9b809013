//! The parts of app screens: a QR code as vector squares, a code typed into digit
//! boxes, a list of backup codes, and the frame of a phone around the screen.

use super::{GAP, Stack, dialog, input_label, stroke};
use crate::compose::model::Screen;
use crate::render::pdf::font::{Fonts, Style};
use crate::render::pdf::layout::items::{Color, Item, Reading};
use crate::render::pdf::layout::look::*;
use crate::render::pdf::layout::text::{self, Span};

/// Widest a phone is drawn.
pub const PHONE_WIDTH: f32 = 230.0;
const PHONE_EDGE: Color = Color(0x2b, 0x2f, 0x33);
const PHONE_BORDER: f32 = 8.0;
/// Height of the phone's top edge (speaker) and bottom edge.
const PHONE_TOP: f32 = 14.0;
/// Side of the drawn QR code, quiet zone included.
const QR_SIDE: f32 = 104.0;
const QUIET: usize = 4;

/// A QR code centred in the stack: one filled rectangle per run of dark modules.
pub fn qr(s: &mut Stack<'_>, size: usize, dark: &[bool]) {
    if size == 0 {
        return;
    }
    let module = QR_SIDE / (size + 2 * QUIET) as f32;
    let left = s.x + (s.width - QR_SIDE) / 2.0 + QUIET as f32 * module;
    let top = s.y + QUIET as f32 * module;
    s.items.push(Item::Rect {
        x: left - QUIET as f32 * module,
        y: s.y,
        w: QR_SIDE,
        h: QR_SIDE,
        fill: Some(WHITE),
        stroke: None,
    });
    for (row, cells) in dark.chunks(size).enumerate() {
        let mut x = 0;
        while x < cells.len() {
            if !cells[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < cells.len() && cells[x] {
                x += 1;
            }
            s.items.push(Item::Rect {
                x: left + start as f32 * module,
                y: top + row as f32 * module,
                w: (x - start) as f32 * module,
                h: module,
                fill: Some(Color(0, 0, 0)),
                stroke: None,
            });
        }
    }
    s.y += QR_SIDE + GAP;
}

/// A label over one box per digit, the typed digits centred in their boxes.
pub fn code_entry(s: &mut Stack<'_>, label: &str, digits: u8, value: &str) {
    input_label(s, label);
    let (w, box_h, gap) = (18.0, 22.0, 4.0);
    let face = s.fonts.face(Style::Regular);
    let size = 11.0;
    let mut typed = value.chars();
    for i in 0..digits {
        let x = s.x + f32::from(i) * (w + gap);
        s.items.push(Item::Rect {
            x,
            y: s.y,
            w,
            h: box_h,
            fill: Some(WHITE),
            stroke: stroke(BOX_EDGE, 0.75),
        });
        if let Some(d) = typed.next() {
            let digit = d.to_string();
            let dw = face.width(&digit, size);
            s.items.push(Item::Text {
                x: x + (w - dw) / 2.0,
                y: s.y + text::baseline(size, box_h),
                text: digit,
                style: Style::Regular,
                size,
                color: INK,
                width: dw,
                reading: Reading::default(),
            });
        }
    }
    s.y += box_h + GAP;
}

/// Codes in two columns, as an app or a service lists backup codes.
pub fn codes(s: &mut Stack<'_>, codes: &[String]) {
    let half = codes.len().div_ceil(2);
    let column = s.width / 2.0;
    let top = s.y;
    let mut bottom = top;
    for (c, list) in [&codes[..half], &codes[half..]].into_iter().enumerate() {
        s.y = top;
        for code in list {
            let h = s.text(
                &[Span::new(code.as_str(), Style::Mono, INK)],
                s.x + c as f32 * column,
                column,
                SCREEN,
                SCREEN_LEADING,
            );
            s.y += h;
        }
        bottom = bottom.max(s.y);
    }
    s.y = bottom + GAP;
}

/// The screen of an app inside the frame of a phone.
pub fn phone(screen: &Screen, fonts: &Fonts, width: f32) -> (Vec<Item>, f32) {
    let inner_width = width - 2.0 * PHONE_BORDER;
    let (inner, inner_h) = dialog(screen, fonts, inner_width);
    let height = inner_h + 2.0 * PHONE_TOP;
    let mut items = vec![Item::Rect {
        x: 0.0,
        y: 0.0,
        w: width,
        h: height,
        fill: Some(PHONE_EDGE),
        stroke: None,
    }];
    items.extend(
        inner
            .into_iter()
            .map(|i| i.shifted(PHONE_BORDER, PHONE_TOP)),
    );
    // The speaker slot above the screen.
    items.push(Item::Rect {
        x: width / 2.0 - 15.0,
        y: PHONE_TOP / 2.0 - 1.5,
        w: 30.0,
        h: 3.0,
        fill: Some(Color(0x55, 0x5b, 0x61)),
        stroke: None,
    });
    (items, height)
}
