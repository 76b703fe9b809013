//! Mock-ups of the e-service's screens as vector shapes with real text.

use crate::compose::model::{Screen, ScreenItem, ScreenStyle};
use crate::render::pdf::font::{Fonts, Style};
use crate::render::pdf::layout::items::{Color, Item, Reading, Stroke};
use crate::render::pdf::layout::look::*;
use crate::render::pdf::layout::text::{self, Base, Span};

mod codes;

/// Widest a dialog or e-mail is drawn, like the HTML's `max-width`.
const MAX_DIALOG: f32 = 390.0;
const PAD: f32 = 12.0;
const GAP: f32 = 7.0;

fn stroke(color: Color, width: f32) -> Option<Stroke> {
    Some(Stroke {
        color,
        width,
        dashed: false,
    })
}

/// Draws `screen` with its top-left corner at (0, 0) into at most `width`; returns its items and height.
pub fn draw(screen: &Screen, fonts: &Fonts, width: f32) -> (Vec<Item>, f32) {
    match screen.style {
        ScreenStyle::Dialog | ScreenStyle::Email => dialog(screen, fonts, width.min(MAX_DIALOG)),
        ScreenStyle::Bar => bar(&screen.items, fonts, width),
        ScreenStyle::Page => page(screen, fonts, width),
        ScreenStyle::Phone => codes::phone(screen, fonts, width.min(codes::PHONE_WIDTH)),
    }
}

/// A vertical stack of items inside a bordered box.
struct Stack<'a> {
    fonts: &'a Fonts,
    items: Vec<Item>,
    x: f32,
    width: f32,
    y: f32,
}

impl Stack<'_> {
    /// Sets `spans` at the cursor into `width` starting at `x`; returns the height used.
    fn text(&mut self, spans: &[Span], x: f32, width: f32, size: f32, leading: f32) -> f32 {
        // Mock-ups show the screen's own text: no hyphens the screen would not have.
        let set = text::set(spans, self.fonts, size, leading, width, None);
        let mut h = 0.0;
        for line in set.lines {
            for (item, _) in line {
                self.items.push(item.shifted(x, self.y + h));
            }
            h += leading;
        }
        h
    }

    fn paragraph(&mut self, spans: &[Span]) {
        let h = self.text(spans, self.x, self.width, SCREEN, SCREEN_LEADING);
        self.y += h + GAP;
    }

    fn boxed(&mut self, spans: &[Span], fill: Color, edge: Color) {
        let pad = 6.0;
        let top = self.y;
        let index = self.items.len();
        self.y += pad;
        let h = self.text(
            spans,
            self.x + pad,
            self.width - 2.0 * pad,
            SCREEN,
            SCREEN_LEADING,
        );
        self.items.insert(
            index,
            Item::Rect {
                x: self.x,
                y: top,
                w: self.width,
                h: h + 2.0 * pad,
                fill: Some(fill),
                stroke: stroke(edge, 0.75),
            },
        );
        self.y = top + h + 2.0 * pad + GAP;
    }
}

fn base(style: Style, color: Color) -> Base {
    Base {
        style,
        color,
        link: ACCENT,
    }
}

fn dialog(screen: &Screen, fonts: &Fonts, width: f32) -> (Vec<Item>, f32) {
    let fill = if screen.style == ScreenStyle::Email {
        EMAIL
    } else {
        WHITE
    };
    let mut s = Stack {
        fonts,
        items: vec![Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: 0.0,
            fill: Some(fill),
            stroke: stroke(SCREEN_EDGE, 0.75),
        }],
        x: PAD,
        width: width - 2.0 * PAD,
        y: PAD,
    };
    let regular = base(Style::Regular, INK);
    let mut previous_was_header = false;
    for item in &screen.items {
        let is_header = matches!(item, ScreenItem::Header { .. });
        if previous_was_header && !is_header {
            // The message body is set off from the e-mail's header lines by a rule.
            s.y += GAP - 2.0;
            s.items.push(rule(s.x, s.y, s.width, RULE));
            s.y += GAP + 2.0;
        }
        previous_was_header = is_header;
        match item {
            ScreenItem::Title { text } => {
                let h = s.text(
                    &[Span::new(text.as_str(), Style::Semibold, INK)],
                    s.x,
                    s.width,
                    11.5,
                    16.0,
                );
                s.y += h + 3.0;
                s.items.push(rule(s.x, s.y, s.width, RULE));
                s.y += GAP + 2.0;
            }
            ScreenItem::Breadcrumb { parts } => {
                let mut spans = Vec::new();
                for (i, part) in parts.iter().enumerate() {
                    if i == 0 {
                        spans.push(Span::new(part.as_str(), Style::Regular, ACCENT).underlined());
                    } else {
                        spans.push(Span::new(" › ", Style::Regular, MUTED));
                        spans.push(Span::new(part.as_str(), Style::Regular, MUTED));
                    }
                }
                s.paragraph(&spans);
            }
            ScreenItem::Notice { text } => {
                s.boxed(&text::spans(text, regular), NOTICE, NOTICE_EDGE);
            }
            ScreenItem::Message { text } => {
                s.boxed(&text::spans(text, regular), OK, OK_EDGE);
            }
            ScreenItem::Error { text } => {
                s.boxed(&text::spans(text, regular), ERROR, ERROR_EDGE);
            }
            ScreenItem::Text { text } => s.paragraph(&text::spans(text, regular)),
            ScreenItem::Field {
                label,
                value,
                secret,
            } => field(&mut s, label, value.as_deref(), *secret),
            ScreenItem::Checkbox { label } => {
                let top = s.y;
                let h = s.text(
                    &[Span::new(label.as_str(), Style::Regular, INK)],
                    s.x + 15.0,
                    s.width - 15.0,
                    SCREEN,
                    SCREEN_LEADING,
                );
                s.items.push(Item::Rect {
                    x: s.x,
                    y: top + (SCREEN_LEADING - 9.0) / 2.0,
                    w: 9.0,
                    h: 9.0,
                    fill: Some(WHITE),
                    stroke: stroke(BOX_EDGE, 0.75),
                });
                s.y += h + GAP;
            }
            ScreenItem::Button { label } => {
                s.y += 3.0;
                let (items, w, h) = button(fonts, label, ACCENT, None, s.width);
                s.items
                    .extend(items.into_iter().map(|i| i.shifted(s.x, s.y)));
                let _ = w;
                s.y += h + GAP;
            }
            ScreenItem::Link { label } => {
                s.paragraph(&[Span::new(label.as_str(), Style::Regular, ACCENT).underlined()])
            }
            ScreenItem::Header { name, value } => {
                let h = s.text(
                    &[
                        Span::new(format!("{name}:"), Style::Semibold, MUTED),
                        Span::new(format!(" {value}"), Style::Regular, MUTED),
                    ],
                    s.x,
                    s.width,
                    SCREEN,
                    SCREEN_LEADING,
                );
                s.y += h + 2.0;
            }
            ScreenItem::User { text } | ScreenItem::Menu { label: text } => {
                s.paragraph(&[Span::new(text.as_str(), Style::Regular, INK)]);
            }
            ScreenItem::Qr { size, dark, .. } => codes::qr(&mut s, *size, dark),
            ScreenItem::CodeEntry {
                label,
                digits,
                value,
            } => codes::code_entry(&mut s, label, *digits, value),
            ScreenItem::Codes { codes: list } => codes::codes(&mut s, list),
        }
    }
    let height = s.y - GAP + PAD;
    if let Some(Item::Rect { h, .. }) = s.items.first_mut() {
        *h = height;
    }
    (s.items, height)
}

fn rule(x: f32, y: f32, width: f32, color: Color) -> Item {
    Item::Line {
        x1: x,
        y1: y,
        x2: x + width,
        y2: y,
        stroke: Stroke {
            color,
            width: 0.75,
            dashed: false,
        },
    }
}

/// The label over an input: a field's, or a code entry's boxes.
fn input_label(s: &mut Stack<'_>, label: &str) {
    let h = s.text(
        &[Span::new(label, Style::Semibold, INK)],
        s.x,
        s.width,
        SCREEN,
        SCREEN_LEADING,
    );
    s.y += h + 2.0;
}

fn field(s: &mut Stack<'_>, label: &str, value: Option<&str>, secret: bool) {
    input_label(s, label);
    let shown = match (value, secret) {
        (Some(v), true) => "•".repeat(v.chars().count().clamp(6, 12)),
        (Some(v), false) => v.to_string(),
        (None, _) => String::new(),
    };
    let top = s.y;
    let index = s.items.len();
    s.y += 3.5;
    let h = if shown.is_empty() {
        SCREEN_LEADING
    } else {
        s.text(
            &[Span::new(shown, Style::Regular, INK)],
            s.x + 6.0,
            s.width - 12.0,
            SCREEN,
            SCREEN_LEADING,
        )
    };
    s.items.insert(
        index,
        Item::Rect {
            x: s.x,
            y: top,
            w: s.width,
            h: h + 7.0,
            fill: Some(WHITE),
            stroke: stroke(INPUT_EDGE, 0.75),
        },
    );
    s.y = top + h + 7.0 + GAP;
}

/// A button: a filled (or outlined) box with its label; items, width and height.
fn button(
    fonts: &Fonts,
    label: &str,
    fill: Color,
    edge: Option<Color>,
    max: f32,
) -> (Vec<Item>, f32, f32) {
    let face = fonts.face(Style::Semibold);
    let pad = 12.0;
    let h = 20.0;
    let text_w = face.width(label, SCREEN).min(max - 2.0 * pad);
    let w = text_w + 2.0 * pad;
    let items = vec![
        Item::Rect {
            x: 0.0,
            y: 0.0,
            w,
            h,
            fill: edge.is_none().then_some(fill),
            stroke: edge.and_then(|e| stroke(e, 0.75)),
        },
        Item::Text {
            x: pad,
            y: text::baseline(SCREEN, h),
            text: label.to_string(),
            style: Style::Semibold,
            size: SCREEN,
            color: WHITE,
            width: text_w,
            reading: Reading::default(),
        },
    ];
    (items, w, h)
}

/// One element of the top bar: its items (top-left at 0), width, and whether it pushes the rest right.
struct Chip {
    items: Vec<Item>,
    width: f32,
    height: f32,
    push: bool,
}

fn chip_text(
    fonts: &Fonts,
    text: &str,
    style: Style,
    size: f32,
    underline: bool,
    max: f32,
) -> Chip {
    let h = 20.0;
    let face = fonts.face(style);
    let text = text::fit(face, text, size, max);
    let width = face.width(&text, size);
    let y = text::baseline(size, h);
    let mut items = vec![Item::Text {
        x: 0.0,
        y,
        text,
        style,
        size,
        color: WHITE,
        width,
        reading: Reading::default(),
    }];
    if underline {
        items.push(rule(0.0, y + 1.2, width, WHITE));
    }
    Chip {
        items,
        width,
        height: h,
        push: false,
    }
}

/// A page of the service: its header as a bar, and below it the rest as in a dialog, as
/// the HTML draws it.
fn page(screen: &Screen, fonts: &Fonts, width: f32) -> (Vec<Item>, f32) {
    let (head, body) = screen.page_parts();
    let (mut items, mut height) = if head.is_empty() {
        (Vec::new(), 0.0)
    } else {
        bar(head, fonts, width)
    };
    if !body.is_empty() {
        let below = Screen {
            style: ScreenStyle::Dialog,
            items: body.to_vec(),
        };
        let (drawn, h) = dialog(&below, fonts, width);
        items.extend(drawn.into_iter().map(|i| i.shifted(0.0, height)));
        height += h;
    }
    (items, height)
}

fn bar(screen_items: &[ScreenItem], fonts: &Fonts, width: f32) -> (Vec<Item>, f32) {
    let (pad_x, pad_y, gap) = (12.0, 8.0, 16.0);
    let max = width - 2.0 * pad_x;
    let mut chips = Vec::new();
    for item in screen_items {
        let chip = match item {
            ScreenItem::Title { text } => Chip {
                push: true,
                ..chip_text(fonts, text, Style::Semibold, 11.5, false, max)
            },
            ScreenItem::User { text } => Chip {
                push: true,
                ..chip_text(fonts, text, Style::Regular, SCREEN, true, max)
            },
            ScreenItem::Menu { label } => {
                // The drawn chevron replaces an arrow character the font may not have.
                let label = label.trim_end_matches(['▼', '▾', '⌄', ' ']);
                let mut chip = chip_text(fonts, label, Style::Regular, SCREEN, false, max - 10.0);
                // A small chevron marks the drop-down, as the service draws it.
                let (x, y) = (chip.width + 4.0, 8.5);
                chip.items.push(Item::Line {
                    x1: x,
                    y1: y,
                    x2: x + 2.5,
                    y2: y + 2.5,
                    stroke: Stroke {
                        color: WHITE,
                        width: 0.9,
                        dashed: false,
                    },
                });
                chip.items.push(Item::Line {
                    x1: x + 2.5,
                    y1: y + 2.5,
                    x2: x + 5.0,
                    y2: y,
                    stroke: Stroke {
                        color: WHITE,
                        width: 0.9,
                        dashed: false,
                    },
                });
                chip.width += 9.0;
                chip
            }
            ScreenItem::Button { label } => {
                let (items, w, h) = button(fonts, label, BAR, Some(WHITE), max);
                Chip {
                    items,
                    width: w,
                    height: h,
                    push: false,
                }
            }
            ScreenItem::Link { label } => {
                chip_text(fonts, label, Style::Regular, SCREEN, true, max)
            }
            other => chip_text(
                fonts,
                &other.visible_text(),
                Style::Regular,
                SCREEN,
                false,
                max,
            ),
        };
        chips.push(chip);
    }
    // Items up to the first pushing one sit left; the rest are right-aligned, as in the flex bar.
    let split = chips.iter().position(|c| c.push).map_or(0, |i| i + 1);
    let (left, right) = chips.split_at(split);
    let mut rows: Vec<(Vec<&Chip>, bool)> = Vec::new();
    for (group, align_right) in [(left, false), (right, true)] {
        let mut row: Vec<&Chip> = Vec::new();
        let mut w = 0.0;
        for chip in group {
            let needed = if row.is_empty() {
                chip.width
            } else {
                w + gap + chip.width
            };
            if needed > max && !row.is_empty() {
                rows.push((std::mem::take(&mut row), align_right));
                w = chip.width;
            } else {
                w = needed;
            }
            row.push(chip);
        }
        if !row.is_empty() {
            rows.push((row, align_right));
        }
    }
    // The left group and a right group that fits beside it share the first row.
    let mut lines: Vec<Vec<(f32, &Chip)>> = Vec::new();
    let row_width = |row: &[&Chip]| -> f32 {
        row.iter().map(|c| c.width).sum::<f32>() + gap * (row.len().saturating_sub(1)) as f32
    };
    for (row, align_right) in rows {
        let w = row_width(&row);
        let mut x = if align_right { pad_x + max - w } else { pad_x };
        let placed: Vec<(f32, &Chip)> = row
            .into_iter()
            .map(|c| {
                let at = x;
                x += c.width + gap;
                (at, c)
            })
            .collect();
        let shares = align_right
            && lines.last().is_some_and(|last| {
                let end = last.last().map_or(0.0, |(x, c)| x + c.width);
                end + gap <= placed.first().map_or(0.0, |(x, _)| *x)
            });
        match (shares, lines.last_mut()) {
            (true, Some(last)) => last.extend(placed),
            _ => lines.push(placed),
        }
    }
    let mut items = Vec::new();
    let mut y = pad_y;
    for line in &lines {
        let h = line.iter().map(|(_, c)| c.height).fold(0.0, f32::max);
        for (x, chip) in line {
            let dy = y + (h - chip.height) / 2.0;
            items.extend(chip.items.iter().cloned().map(|i| i.shifted(*x, dy)));
        }
        y += h + 6.0;
    }
    let height = (y - 6.0 + pad_y).max(2.0 * pad_y);
    items.insert(
        0,
        Item::Rect {
            x: 0.0,
            y: 0.0,
            w: width,
            h: height,
            fill: Some(BAR),
            stroke: None,
        },
    );
    (items, height)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compose::model::Inline;

    /// The filled rectangles of a drawing: (fill, top, bottom).
    fn boxes(items: &[Item]) -> Vec<(Option<Color>, f32, f32)> {
        items
            .iter()
            .filter_map(|i| match i {
                Item::Rect { fill, y, h, .. } => Some((*fill, *y, y + h)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_page_draws_its_notice_in_its_box_below_the_header_bar() {
        let fonts = crate::render::pdf::layout_tests::fonts();
        let screen = Screen {
            style: ScreenStyle::Page,
            items: vec![
                ScreenItem::Title {
                    text: "Asiointipalvelu".into(),
                },
                ScreenItem::Menu {
                    label: "FIN ▼".into(),
                },
                ScreenItem::Notice {
                    text: vec![Inline::Text {
                        text: "Huomio: katko tiistaina".into(),
                    }],
                },
                ScreenItem::Button {
                    label: "Jatka".into(),
                },
            ],
        };
        let (items, height) = draw(&screen, &fonts, 450.0);
        let drawn = boxes(&items);
        let bar = drawn
            .iter()
            .find(|b| b.0 == Some(BAR))
            .expect("a header bar");
        let notice = drawn
            .iter()
            .find(|b| b.0 == Some(NOTICE))
            .expect("the notice's box");
        assert!(bar.1 == 0.0 && bar.2 <= notice.1, "{drawn:?}");
        assert!(notice.2 < height, "{drawn:?}");
        let inside = items.iter().any(|i| {
            matches!(i, Item::Text { text, y, color, .. }
                if text.contains("Huomio") && *y > notice.1 && *y < notice.2 && *color == INK)
        });
        assert!(
            inside,
            "the notice's text, in ink, inside its box: {items:?}"
        );
    }
}
