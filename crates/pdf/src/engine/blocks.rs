//! Blocks flowing down the pages: headings, paragraphs, list items, tables and images, measured first and
//! then drawn so that a heading is never left at the bottom of a page without what follows it.

use super::rich::{RichLine, height};
use super::table::Table;
use super::{Flow, ImageRef};

/// A measured block.
pub(crate) enum Block {
    /// Wrapped text `indent` points in from the left edge; a list item's marker hangs in front of its first
    /// line.
    Text {
        indent: f32,
        marker: Option<Marker>,
        lines: Vec<RichLine>,
        /// A heading: it keeps together and stays on the page of what follows it.
        heading: bool,
        space_before: f32,
        space_after: f32,
    },
    Table {
        table: Table,
        space_after: f32,
    },
    /// An image already scaled to fit a page, with its caption under it.
    Image {
        image: ImageRef,
        indent: f32,
        width: f32,
        height: f32,
        caption: Vec<RichLine>,
        space_after: f32,
    },
}

/// A list item's bullet or number, drawn in front of its first line, right-aligned to the text's indent.
pub(crate) struct Marker {
    pub line: RichLine,
    pub width: f32,
}

/// Space between an image and its caption.
const CAPTION_GAP: f32 = 3.0;

impl Block {
    fn space_before(&self) -> f32 {
        match self {
            Block::Text { space_before, .. } => *space_before,
            _ => 0.0,
        }
    }

    fn is_heading(&self) -> bool {
        matches!(self, Block::Text { heading: true, .. })
    }

    /// What must be on the same page as a heading above this block: its first two lines, a table's header and
    /// first row, a whole image.
    fn lead(&self, fresh_room: f32) -> f32 {
        match self {
            Block::Text { lines, heading, .. } => {
                if *heading {
                    height(lines)
                } else {
                    height(&lines[..lines.len().min(2)])
                }
            }
            Block::Table { table, .. } => table.lead_height(fresh_room, 0.0),
            Block::Image {
                height, caption, ..
            } => image_height(*height, caption),
        }
    }

    fn draw(&self, flow: &mut Flow<'_>, keep_with: f32) {
        match self {
            Block::Text {
                indent,
                marker,
                lines,
                heading,
                space_after,
                ..
            } => {
                let x = flow.page.left() + indent;
                if *heading {
                    let h = height(lines) + keep_with;
                    if h <= flow.fresh_room() {
                        flow.ensure(h);
                    }
                }
                let keep = if *heading {
                    lines.len()
                } else {
                    lines.len().min(2)
                };
                let head = height(&lines[..keep]);
                if head <= flow.fresh_room() {
                    flow.ensure(head);
                }
                if let Some(first) = lines.first() {
                    flow.ensure(first.height);
                }
                if let Some(m) = marker {
                    let top = flow.y();
                    flow.canvas.rich_line_at(x - m.width, top, &m.line);
                }
                flow.draw_rich(x, lines, keep, 2, 0.0);
                flow.advance(*space_after);
            }
            Block::Table { table, space_after } => {
                table.draw(flow, 0.0);
                flow.advance(*space_after);
            }
            Block::Image {
                image,
                indent,
                width,
                height: h,
                caption,
                space_after,
            } => {
                let total = image_height(*h, caption);
                flow.keep_together(total, |flow| {
                    let x = flow.page.left() + indent;
                    let top = flow.y();
                    flow.canvas.image(image, x, top, *width, *h);
                    flow.advance(*h);
                    if !caption.is_empty() {
                        flow.advance(CAPTION_GAP);
                        flow.draw_rich(x, caption, caption.len(), 0, 0.0);
                    }
                });
                flow.advance(*space_after);
            }
        }
    }
}

fn image_height(h: f32, caption: &[RichLine]) -> f32 {
    if caption.is_empty() {
        h
    } else {
        h + CAPTION_GAP + height(caption)
    }
}

/// How tall an image `width` points wide may be drawn: its proportions kept, at most `max_height`. Returns
/// (width, height).
pub(crate) fn fit_image(image: &ImageRef, width: f32, max_height: f32) -> (f32, f32) {
    let scale = (width / image.width).min(max_height / image.height);
    (image.width * scale, image.height * scale)
}

/// Draw `blocks` one under the other. A heading (or a run of headings) moves to the next page unless what
/// follows it starts on the same page.
pub(crate) fn draw_blocks(flow: &mut Flow<'_>, blocks: &[Block]) {
    for (i, b) in blocks.iter().enumerate() {
        if !flow.at_page_top() {
            flow.advance(b.space_before());
        }
        let keep_with = if b.is_heading() {
            chain_after(blocks, i + 1, flow.fresh_room())
        } else {
            0.0
        };
        b.draw(flow, keep_with);
    }
}

/// What the heading before `blocks[from]` must share its page with: the headings that follow it and the
/// start of the first block that is not one.
fn chain_after(blocks: &[Block], from: usize, fresh_room: f32) -> f32 {
    let mut h = 0.0;
    for b in &blocks[from..] {
        h += b.space_before() + b.lead(fresh_room);
        if !b.is_heading() {
            break;
        }
    }
    h
}

#[cfg(test)]
#[path = "blocks_tests.rs"]
mod tests;
