//! The proposal laid out on pages: the cover, then each section from a new page under its title, the table of
//! contents filled in by a second pass once the sections' pages are known.

use std::collections::HashMap;

use printpdf::{FontId, Op};

use fieldquote_domain::proposal::{ProposalDocument, SectionKind};

use super::content::Measurer;
use super::labels::Labels;
use super::signature::{self, Signing};
use super::{BODY, COVER_TITLE, FOOTER, INK, MUTED, RULE, SECTION_TITLE, SMALL, TOC_ENTRY};
use crate::engine::blocks::{self, Block};
use crate::engine::contents::{self, Entry};
use crate::engine::cover::{self, Cover};
use crate::engine::rich::Span;
use crate::engine::text::FontMeasure;
use crate::engine::{Canvas, Decor, Flow, ImageRef, Page};

/// What the layout draws with.
pub(crate) struct Ctx<'a> {
    pub font: FontId,
    pub measure: &'a FontMeasure<'a>,
    pub images: &'a HashMap<String, ImageRef>,
    pub logo: Option<&'a ImageRef>,
}

/// The pages, and the page each section starts on (`None` for the cover and a section left out).
pub(crate) struct Laid {
    pub pages: Vec<Vec<Op>>,
    pub starts: Vec<Option<usize>>,
}

/// Lay out `doc`; with a table of contents, again until the pages the contents print are the pages the
/// sections start on (twice, as the contents' size does not depend on its numbers).
pub(crate) fn pages(doc: &ProposalDocument, ctx: &Ctx<'_>, signing: &Signing<'_>) -> Laid {
    let mut laid = once(doc, ctx, signing, None);
    let has_contents = doc
        .sections
        .iter()
        .any(|s| s.kind == SectionKind::TableOfContents);
    if !has_contents {
        return laid;
    }
    for _ in 0..3 {
        let again = once(doc, ctx, signing, Some(&laid.starts));
        let settled = again.starts == laid.starts;
        laid = again;
        if settled {
            break;
        }
    }
    laid
}

fn once(
    doc: &ProposalDocument,
    ctx: &Ctx<'_>,
    signing: &Signing<'_>,
    known: Option<&[Option<usize>]>,
) -> Laid {
    let page = Page::A4;
    let labels = Labels::get(doc.lang);
    let quote_labels = crate::quote::labels::Labels::get(doc.lang);
    let canvas = Canvas::new(ctx.font.clone(), ctx.measure, page.height);
    let has_cover = doc.sections.first().map(|s| s.kind) == Some(SectionKind::Cover);
    let decor = Decor {
        header_left: doc.company_name.clone(),
        header_right: doc.title.clone(),
        footer_left: doc.client_name.clone(),
        page_label: Box::new(|p, n| quote_labels.page_of(p, n)),
        style: SMALL,
        footer_style: FOOTER,
        rule: RULE,
        plain_first: has_cover,
    };
    let mut flow = Flow::new(canvas, page, decor);
    let mut starts = vec![None; doc.sections.len()];
    let shown = |kind: SectionKind| kind != SectionKind::Signature || !signing.is_omitted();
    let entries: Vec<Entry> = doc
        .sections
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind.in_contents() && shown(s.kind))
        .map(|(i, s)| Entry {
            title: s.title.clone(),
            indent: 0.0,
            style: TOC_ENTRY,
            page: known.and_then(|k| k.get(i).copied().flatten()),
        })
        .collect();

    for (i, s) in doc.sections.iter().enumerate() {
        if !shown(s.kind) {
            continue;
        }
        if s.kind == SectionKind::Cover {
            let cover = Cover {
                logo: ctx.logo,
                title: &doc.title,
                title_style: COVER_TITLE,
                subtitle: &doc.company_name,
                subtitle_style: BODY.size(13.0).ink(MUTED),
                lines: vec![
                    (labels.prepared_for, doc.client_name.clone()),
                    (labels.prepared_by, doc.author.clone()),
                    (labels.date, doc.date.clone()),
                ],
                label_style: SMALL,
                value_style: BODY.size(12.0).bold(),
                rule: INK,
            };
            cover::draw_cover(&mut flow, &cover);
            continue;
        }
        if !flow.at_page_top() {
            flow.new_page();
        }
        starts[i] = Some(flow.page_number());
        let measurer = Measurer {
            canvas: &flow.canvas,
            page,
            fresh_room: flow.fresh_room(),
            images: ctx.images,
        };
        let title_lines = measurer.canvas.rich_lines(
            &[Span::new(s.title.clone(), SECTION_TITLE)],
            page.content_width(),
        );
        let mut list = vec![Block::Text {
            indent: 0.0,
            marker: None,
            lines: title_lines,
            heading: true,
            space_before: 0.0,
            space_after: 10.0,
        }];
        list.extend(measurer.blocks(&s.body));
        match s.kind {
            SectionKind::TableOfContents => {
                blocks::draw_blocks(&mut flow, &list);
                let digits = flow.canvas.width("0000", TOC_ENTRY);
                contents::draw_contents(&mut flow, &entries, digits);
            }
            SectionKind::Pricing => {
                blocks::draw_blocks(&mut flow, &list);
                if let Some(q) = &doc.quote {
                    crate::quote::draw_pricing(&mut flow, q, quote_labels);
                }
            }
            SectionKind::Signature => {
                blocks::draw_blocks(&mut flow, &list);
                signature::draw(&mut flow, labels, &doc.client_name, signing);
            }
            _ => blocks::draw_blocks(&mut flow, &list),
        }
    }
    Laid {
        pages: flow.finish(),
        starts,
    }
}
