//! The standard template the demo data ships, in English, Chinese or both, and the file name a proposal's
//! PDF is saved under.

use super::doc::{Block, Doc, ListItem};
use super::placeholder::{PlaceholderError, PlaceholderValues, fill_text};
use super::section::{ProposalSection, ProposalTemplate, SectionKind};
use crate::document::PdfLanguage;

/// The file name pattern used when none is configured.
pub const DEFAULT_FILE_NAME: &str = "{{client.name}} - {{proposal.title}} - {{date}}";
/// The longest file name made, in characters (before `.pdf`).
pub const MAX_FILE_NAME: usize = 150;

/// A text in the template's language: English, Chinese, or both one after the other.
fn t(lang: PdfLanguage, en: &str, zh: &str) -> String {
    match lang {
        PdfLanguage::En => en.to_string(),
        PdfLanguage::Zh => zh.to_string(),
        PdfLanguage::Bilingual => format!("{en} {zh}"),
    }
}

fn paragraphs(lang: PdfLanguage, texts: &[(&str, &str)]) -> Doc {
    let mut blocks = Vec::new();
    for (en, zh) in texts {
        match lang {
            PdfLanguage::Bilingual => {
                blocks.push(Block::paragraph(*en));
                blocks.push(Block::paragraph(*zh));
            }
            _ => blocks.push(Block::paragraph(t(lang, en, zh))),
        }
    }
    Doc::new(blocks)
}

fn list(lang: PdfLanguage, numbered: bool, items: &[(&str, &str)]) -> Block {
    let content = items
        .iter()
        .map(|(en, zh)| ListItem {
            content: vec![Block::paragraph(t(lang, en, zh))],
        })
        .collect();
    if numbered {
        Block::OrderedList { content }
    } else {
        Block::BulletList { content }
    }
}

/// The standard proposal: cover, contents, executive summary, the client's needs, the answer to each
/// requirement, the solution, pricing, the timeline, case studies, terms and the signature page. Its texts
/// use placeholders, filled from the opportunity when a proposal is made from it.
/// A new proposal's title when none is given: after the opportunity, in the proposal's language.
pub fn default_title(opportunity: &str, lang: PdfLanguage) -> String {
    match lang {
        PdfLanguage::En => format!("Proposal: {opportunity}"),
        PdfLanguage::Zh => format!("{opportunity} 方案建议书"),
        PdfLanguage::Bilingual => format!("Proposal 方案建议书: {opportunity}"),
    }
}

pub fn standard_template(lang: PdfLanguage) -> ProposalTemplate {
    let s =
        |en: &str, zh: &str, kind, required| ProposalSection::new(t(lang, en, zh), kind, required);
    let summary = paragraphs(
        lang,
        &[
            ("Dear {{contact.name}},", "尊敬的{{contact.name}}："),
            (
                "Thank you for the time you gave us at {{client.name}}. This proposal sets out what we heard, how our standard modules meet each of your requirements, and what it costs: {{quote.total}} in total.",
                "感谢您在{{client.name}}的接待。本方案阐述我们了解到的需求、我们的标准模块如何逐项满足您的要求，以及费用：合计 {{quote.total}}。",
            ),
        ],
    );
    let mut timeline = paragraphs(
        lang,
        &[("Milestones from the order:", "自下单起的里程碑：")],
    );
    timeline.content.push(list(
        lang,
        true,
        &[
            ("Kick-off and site survey", "项目启动与现场勘察"),
            ("Factory acceptance test", "工厂验收测试"),
            ("Installation and commissioning", "安装与调试"),
            ("Training and handover", "培训与移交"),
        ],
    ));
    let terms = Doc::new(vec![list(
        lang,
        false,
        &[
            (
                "Prices are valid until {{quote.valid_until}}.",
                "报价有效期至 {{quote.valid_until}}。",
            ),
            (
                "Payment: 30 % with the order, 60 % on delivery, 10 % on acceptance.",
                "付款：下单付 30%，交货付 60%，验收付 10%。",
            ),
            (
                "Warranty: 24 months from acceptance.",
                "质保：验收后 24 个月。",
            ),
        ],
    )]);
    ProposalTemplate {
        name: t(lang, "Standard proposal", "标准方案"),
        lang,
        sections: vec![
            s("", "", SectionKind::Cover, true),
            s("Contents", "目录", SectionKind::TableOfContents, true),
            s(
                "Executive summary",
                "概述",
                SectionKind::ExecutiveSummary,
                true,
            )
            .with_body(summary),
            s("Your needs", "您的需求", SectionKind::ClientNeeds, true),
            s(
                "How we meet your requirements",
                "需求应答",
                SectionKind::Requirements,
                true,
            ),
            s("Proposed solution", "解决方案", SectionKind::Solution, true),
            s("Pricing", "报价", SectionKind::Pricing, true).with_body(paragraphs(
                lang,
                &[(
                    "Quote {{quote.number}}, valid until {{quote.valid_until}}.",
                    "报价单 {{quote.number}}，有效期至 {{quote.valid_until}}。",
                )],
            )),
            s(
                "Implementation timeline",
                "实施计划",
                SectionKind::Timeline,
                true,
            )
            .with_body(timeline),
            s("Case studies", "案例研究", SectionKind::CaseStudies, false),
            s("Terms", "条款", SectionKind::Terms, true).with_body(terms),
            s("Acceptance", "签署", SectionKind::Signature, true),
        ],
    }
}

/// The file name a proposal's PDF is saved under: `pattern` with its placeholders filled (an unknown one is
/// an error, as in a section), characters no file system takes replaced by `_`, at most [`MAX_FILE_NAME`]
/// characters, and `.pdf`.
/// A file name pattern as typed: trimmed, at most [`MAX_FILE_NAME`] characters, every placeholder one of
/// [`PLACEHOLDERS`](super::PLACEHOLDERS) and closed. The reason when not.
pub fn check_file_pattern(pattern: &str) -> Result<String, String> {
    let pattern = pattern.trim();
    if pattern.is_empty() {
        return Err("the pattern is empty".into());
    }
    if pattern.chars().count() > MAX_FILE_NAME {
        return Err(format!(
            "the pattern is longer than {MAX_FILE_NAME} characters"
        ));
    }
    let every: PlaceholderValues = super::PLACEHOLDERS
        .iter()
        .map(|(k, _)| (k.to_string(), "x".to_string()))
        .collect();
    fill_text(pattern, &every).map_err(|e| e.to_string())?;
    Ok(pattern.to_string())
}

pub fn file_name(pattern: &str, values: &PlaceholderValues) -> Result<String, PlaceholderError> {
    let filled = fill_text(pattern, values)?;
    let mut name: String = filled
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => ' ',
            c => c,
        })
        .take(MAX_FILE_NAME)
        .collect();
    name = name.trim().trim_matches('.').trim().to_string();
    if name.is_empty() {
        name = "proposal".into();
    }
    Ok(format!("{name}.pdf"))
}
