//! Proposals for the PDF tests: built with the domain's own functions from a template, needs and a priced
//! quote; photo-like test images made in code; and `pdftotext -bbox` read back into words with their boxes.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::Path;

use fieldquote_domain::company::SellerContact;
use fieldquote_domain::needs::{
    NeedsInput, NeedsView, Requirement, RequirementFit, RequirementPriority,
};
use fieldquote_domain::proposal::{
    Block, Doc, Inline, ListItem, Mark, ProposalDocument, ProposalInputs, ProposalSection,
    SectionKind, TableCell, TableRow, build_proposal, sha256_hex,
};
use fieldquote_domain::quote::QuoteDiscountDraft;
use fieldquote_pdf::PdfLanguage;

use super::priced::{Spec, priced_quote};
use super::{CUSTOMER_ZH, poppler};

/// Blobs by SHA-256, as a device keeps them.
#[derive(Default, Clone)]
pub struct Blobs(pub HashMap<String, Vec<u8>>);

impl Blobs {
    pub fn add(&mut self, bytes: Vec<u8>) -> String {
        let sha = sha256_hex(&bytes);
        self.0.insert(sha.clone(), bytes);
        sha
    }

    pub fn get(&self, sha: &str) -> Option<Vec<u8>> {
        self.0.get(sha).cloned()
    }
}

/// A photo-like JPEG (gradients, shapes and grain, so it compresses like a photo) at quality 85.
pub fn photo_jpeg(width: u32, height: u32, seed: u32) -> Vec<u8> {
    let mut state = seed.wrapping_mul(2_654_435_761).wrapping_add(1);
    let mut noise = move || {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        (state % 41) as i32 - 20
    };
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let fx = x as f32 / width as f32;
        let fy = y as f32 / height as f32;
        let wave = ((fx * 9.0 + seed as f32).sin() * (fy * 7.0).cos() * 60.0) as i32;
        let sky = fy < 0.4;
        let base = if sky {
            [110 + (fy * 200.0) as i32, 150 + (fy * 120.0) as i32, 220]
        } else {
            [90 + wave, 110 + wave / 2, 70 + (seed as i32 * 13) % 60]
        };
        let n = noise();
        let c = |v: i32| (v + n).clamp(0, 255) as u8;
        image::Rgb([c(base[0]), c(base[1]), c(base[2])])
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85);
    img.write_with_encoder(encoder).expect("encode the JPEG");
    out
}

/// A signature drawn in a PNG: a few strokes on white.
pub fn signature_png() -> Vec<u8> {
    let img = image::RgbImage::from_fn(600, 200, |x, y| {
        let fx = x as f32 / 600.0;
        let curve = 100.0 + (fx * 18.0).sin() * 50.0 * (1.0 - fx);
        if (y as f32 - curve).abs() < 3.0 && (40..560).contains(&x) {
            image::Rgb([20, 30, 90])
        } else {
            image::Rgb([255, 255, 255])
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .expect("encode the PNG");
    out.into_inner()
}

pub fn para(text: &str) -> Block {
    Block::paragraph(text)
}

/// A paragraph with a bold and an italic run.
pub fn rich_para(lead: &str, rest: &str) -> Block {
    Block::Paragraph {
        content: vec![
            Inline::Text {
                text: lead.into(),
                marks: vec![Mark::Bold],
            },
            Inline::text(" "),
            Inline::Text {
                text: rest.into(),
                marks: vec![Mark::Italic],
            },
        ],
    }
}

pub fn image_block(sha: &str, caption: &str, width: f32) -> Block {
    serde_json::from_value::<Doc>(serde_json::json!({"type": "doc", "content": [
        {"type": "image", "attrs": {"sha256": sha, "caption": caption, "width": width}}]}))
    .expect("an image block")
    .content
    .remove(0)
}

fn list(items: &[&str], numbered: bool) -> Block {
    let content = items
        .iter()
        .map(|t| ListItem {
            content: vec![para(t)],
        })
        .collect();
    if numbered {
        Block::OrderedList { content }
    } else {
        Block::BulletList { content }
    }
}

const LOREM: &str = "Our engineers install, commission and support the line with the client's own team, so that \
    operators run it from the first day. Every module is a standard product with its own documentation, spare \
    parts and training, which keeps the project short and the risks known.";
const LOREM_ZH: &str = "我们的工程师与客户团队一起安装、调试并支持产线，操作人员从第一天起即可上手。每个模块都是标准产品，\
    配有完整文档、备件和培训，使项目周期短、风险可控。";

/// What kind of proposal to make.
pub struct Shape {
    pub lang: PdfLanguage,
    /// Case-study images.
    pub images: usize,
    /// Lines of the quote.
    pub lines: usize,
    /// Paragraphs of the executive summary and of each case study.
    pub paragraphs: usize,
    /// The photos' size in pixels.
    pub photo: (u32, u32),
}

impl Shape {
    pub fn small(lang: PdfLanguage) -> Shape {
        Shape {
            lang,
            images: 2,
            lines: 12,
            paragraphs: 3,
            photo: (640, 480),
        }
    }

    /// About 40 pages: 15 photos, 300 quote lines.
    pub fn large() -> Shape {
        Shape {
            lang: PdfLanguage::Bilingual,
            images: 15,
            lines: 300,
            paragraphs: 20,
            photo: (1600, 1200),
        }
    }
}

/// The sections of the standard template, with the texts a rep would write.
pub fn sections(shape: &Shape, blobs: &mut Blobs) -> Vec<ProposalSection> {
    let summary: Vec<Block> = std::iter::once(rich_para(
        "Dear {{contact.name}},",
        "thank you for your time on site. 感谢您的接待。",
    ))
    .chain((0..shape.paragraphs).map(|i| {
        para(&format!(
            "{} {} The total investment is {{{{quote.total}}}} ({i}).",
            LOREM, LOREM_ZH
        ))
    }))
    .collect();
    let mut cases = vec![Block::heading(2, "Case studies 案例")];
    for i in 0..shape.images {
        let sha = blobs.add(photo_jpeg(shape.photo.0, shape.photo.1, i as u32 + 1));
        cases.push(Block::heading(3, format!("Plant {} 工厂 {}", i + 1, i + 1)));
        cases.push(image_block(
            &sha,
            &format!("Line {} after the retrofit 改造后的产线", i + 1),
            if i % 3 == 0 { 1.0 } else { 0.6 },
        ));
        for _ in 0..shape.paragraphs / 4 {
            cases.push(para(LOREM));
        }
    }
    let timeline = Doc::new(vec![
        para("Milestones from the order:"),
        list(
            &[
                "Kick-off and site survey (week 1)",
                "Factory acceptance test (week 6)",
                "Installation and commissioning (weeks 8-10)",
                "Training and handover (week 11)",
            ],
            true,
        ),
    ]);
    let terms = Doc::new(vec![
        list(
            &[
                "Prices are valid until {{quote.valid_until}}.",
                "Payment: 30 % with the order, 60 % on delivery, 10 % on acceptance.",
                "Warranty: 24 months from acceptance.",
            ],
            false,
        ),
        Block::Table {
            content: vec![
                TableRow {
                    content: vec![cell("Item", true), cell("Commitment 承诺", true)],
                },
                TableRow {
                    content: vec![cell("Response", false), cell("4 hours, 7 × 24", false)],
                },
                TableRow {
                    content: vec![cell("On site", false), cell("Next working day 次日", false)],
                },
            ],
        },
    ]);
    vec![
        ProposalSection::new("", SectionKind::Cover, true),
        ProposalSection::new("Contents 目录", SectionKind::TableOfContents, true),
        ProposalSection::new(
            "Executive summary 概述",
            SectionKind::ExecutiveSummary,
            true,
        )
        .with_body(Doc::new(summary)),
        ProposalSection::new("Your needs 您的需求", SectionKind::ClientNeeds, true),
        ProposalSection::new("Requirements 需求应答", SectionKind::Requirements, true),
        ProposalSection::new("Proposed solution 解决方案", SectionKind::Solution, true),
        ProposalSection::new("Pricing 报价", SectionKind::Pricing, true).with_body(Doc::new(vec![
            para("Quote {{quote.number}}, in {{client.name}}'s currency."),
        ])),
        ProposalSection::new(
            "Implementation timeline 实施计划",
            SectionKind::Timeline,
            true,
        )
        .with_body(timeline),
        ProposalSection::new("Case studies 案例研究", SectionKind::CaseStudies, false)
            .with_body(Doc::new(cases)),
        ProposalSection::new("Terms 条款", SectionKind::Terms, true).with_body(terms),
        ProposalSection::new("Acceptance 签署", SectionKind::Signature, true),
    ]
}

fn cell(text: &str, header: bool) -> TableCell {
    TableCell {
        header,
        content: vec![para(text)],
    }
}

/// The data a proposal is built from: needs with requirements, a priced quote of `lines` lines.
pub fn inputs(shape: &Shape, blobs: &mut Blobs) -> ProposalInputs {
    let specs: Vec<Spec> = (0..shape.lines)
        .map(|i| {
            Spec::item(
                &format!("FQ-{i:04}"),
                &if i % 2 == 0 {
                    format!("Servo drive module {i}")
                } else {
                    format!("工业触摸屏 10 寸 #{i}")
                },
                "台",
                &format!("{}", i % 5 + 1),
                &format!("{}.50", 100 + i * 7),
            )
        })
        .collect();
    let quote = priced_quote(&specs, QuoteDiscountDraft::default());
    let requirements = (0..30)
        .map(|i| Requirement {
            id: Default::default(),
            opportunity_id: Default::default(),
            text: format!("Requirement {i}: remote monitoring of station {i} 远程监控"),
            priority: [
                RequirementPriority::Must,
                RequirementPriority::Should,
                RequirementPriority::Nice,
            ][i % 3],
            fit: [
                RequirementFit::Meets,
                RequirementFit::Partial,
                RequirementFit::Gap,
            ][i % 3],
            notes: "Through the gateway module and the web dashboard.".into(),
            position: i as i32,
        })
        .collect();
    let logo = blobs.add(photo_jpeg(400, 160, 99));
    ProposalInputs {
        title: "Line 3 automation proposal 三号线自动化方案".into(),
        lang: shape.lang,
        date: "2026-12-06".into(),
        company_name: "华东智控科技有限公司 East China Smart Control".into(),
        rep: SellerContact {
            name: "李明 Li Ming".into(),
            title: "Sales Engineer 销售工程师".into(),
            ..Default::default()
        },
        client_name: CUSTOMER_ZH.into(),
        client_address: "上海市浦东新区".into(),
        contact_name: "王建国".into(),
        contact_title: "Plant manager".into(),
        opportunity_name: "Line 3".into(),
        needs: Some(NeedsView {
            needs: NeedsInput {
                background: "Three assembly lines; line 3 is still manual.\n三号线仍为人工操作。"
                    .into(),
                pains: "Scrap rate of 4 % and overtime every week.".into(),
                goals: "Automate line 3 by June with the same staff.".into(),
                timeline: "Order in January, running in June.".into(),
                decision_criteria: "Total cost over five years; local service.".into(),
                budget: "SECRET BUDGET".into(),
                ..Default::default()
            },
            requirements,
            ..Default::default()
        }),
        quote: Some(quote),
        modules: Default::default(),
        logo_sha256: Some(logo),
    }
}

/// A proposal of `shape`, built by the domain, with its blobs.
pub fn proposal(shape: &Shape) -> (ProposalDocument, Blobs) {
    let mut blobs = Blobs::default();
    let s = sections(shape, &mut blobs);
    let i = inputs(shape, &mut blobs);
    (build_proposal(&s, &i).expect("the proposal builds"), blobs)
}

/// A word of `pdftotext -bbox`, in points from the page's top-left corner.
#[derive(Debug, Clone)]
pub struct Word {
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub text: String,
}

/// A page's size and words.
#[derive(Debug, Clone)]
pub struct BoxPage {
    pub width: f64,
    pub height: f64,
    pub words: Vec<Word>,
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    let end = start + tag[start..].find('"').expect("closing quote");
    tag[start..end].parse().expect("a number")
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Every page's words with their boxes.
pub fn bbox(pdf: &Path) -> Vec<BoxPage> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let mut pages = Vec::new();
    for line in html.lines().map(str::trim) {
        if line.starts_with("<page ") {
            pages.push(BoxPage {
                width: attr(line, "width"),
                height: attr(line, "height"),
                words: Vec::new(),
            });
        } else if line.starts_with("<word ") {
            let open_end = line.find('>').expect("tag end");
            let close = line.rfind("</word>").expect("closing tag");
            let page = pages.last_mut().expect("a word inside a page");
            page.words.push(Word {
                x_min: attr(line, "xMin"),
                y_min: attr(line, "yMin"),
                x_max: attr(line, "xMax"),
                y_max: attr(line, "yMax"),
                text: unescape(&line[open_end + 1..close]),
            });
        }
    }
    pages
}
