//! Building a proposal's document from its sections and the opportunity's data: placeholders filled, the
//! generated parts written out, required sections checked. What comes out ([`ProposalDocument`]) is what the
//! PDF prints and what a version's hash covers.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::doc::{Block, Doc, DocError, Inline, ListItem, TableCell, TableRow};
use super::placeholder::{PlaceholderError, PlaceholderValues, fill, fill_text};
use super::section::{ProposalSection, ProposalTemplate, SectionKind, TemplateError};
use super::words::Words;
use crate::company::SellerContact;
use crate::document::PdfLanguage;
use crate::needs::NeedsView;
use crate::quote::{LineShown, QuoteShown, QuoteView, TotalsRow, TotalsRowKind, bundle_of};

/// Everything a proposal's generated parts and placeholders are made from; the caller reads it from the
/// store (nothing here reads a clock or a file).
#[derive(Debug, Clone, Default)]
pub struct ProposalInputs {
    pub title: String,
    pub lang: PdfLanguage,
    /// The proposal's date, `YYYY-MM-DD`.
    pub date: String,
    /// Our company's name.
    pub company_name: String,
    /// The rep who sends it.
    pub rep: SellerContact,
    pub client_name: String,
    pub client_address: String,
    pub contact_name: String,
    pub contact_title: String,
    pub opportunity_name: String,
    pub needs: Option<NeedsView>,
    /// The opportunity's quote, as the quote screens and PDF show it.
    pub quote: Option<QuoteView>,
    /// Module descriptions by catalog product (or bundle) id: the content blocks linked to them.
    pub modules: BTreeMap<Uuid, Doc>,
    /// The company logo's blob, printed on the cover.
    pub logo_sha256: Option<String>,
}

/// A section as printed: its title and body filled, a generated part written out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuiltSection {
    pub title: String,
    pub kind: SectionKind,
    pub body: Doc,
}

/// One line of the pricing table as the quote PDF prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricedLineShown {
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub shown: LineShown,
}

/// The pricing section's figures, exactly as `quote::LineShown` and `quote::QuoteShown` present them: what a
/// version's hash covers of the quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PricingShown {
    pub quote_number: String,
    pub lines: Vec<PricedLineShown>,
    pub totals: Vec<TotalsRow>,
    /// The total in Chinese capitals (人民币大写), printed under the totals of a CNY quote.
    pub total_in_capitals: Option<String>,
}

/// A proposal ready to print.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProposalDocument {
    pub title: String,
    pub lang: PdfLanguage,
    pub date: String,
    pub client_name: String,
    pub company_name: String,
    /// The PDF's author: the rep, else the company.
    pub author: String,
    /// The PDF's subject: "Proposal for <client>".
    pub subject: String,
    pub logo_sha256: Option<String>,
    pub sections: Vec<BuiltSection>,
    pub pricing: Option<PricingShown>,
    /// The quote the pricing section prints, kept with the document so that a stored version renders again
    /// as it was. Its figures are in `pricing`, which the content hash covers; the view itself is not hashed,
    /// as it also carries what this device may do with the quote.
    #[serde(default)]
    pub quote: Option<QuoteView>,
}

impl ProposalDocument {
    /// Every image the proposal prints, once each, with the first section that shows it (the logo with the
    /// cover's title, or `cover`): what a device must have before it can render the proposal.
    pub fn images(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut push = |section: &str, sha: &str| {
            if !out.iter().any(|(_, s)| s == sha) {
                out.push((section.to_string(), sha.to_string()));
            }
        };
        if let Some(logo) = &self.logo_sha256 {
            let cover = self
                .sections
                .iter()
                .find(|s| s.kind == SectionKind::Cover)
                .map(|s| s.title.trim())
                .filter(|t| !t.is_empty())
                .unwrap_or("cover");
            push(cover, logo);
        }
        for s in &self.sections {
            for sha in s.body.images() {
                push(&s.title, sha);
            }
        }
        out
    }
}

/// Why a proposal cannot be built; every error names the section.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProposalError {
    #[error("{0}")]
    Template(#[from] TemplateError),
    #[error("section \"{section}\": {error}")]
    Placeholder {
        section: String,
        error: PlaceholderError,
    },
    #[error("section \"{section}\" is required but has nothing in it")]
    EmptySection { section: String },
    #[error("section \"{section}\": {error}")]
    Doc { section: String, error: DocError },
}

impl ProposalError {
    /// The section the error is about.
    pub fn section(&self) -> Option<&str> {
        match self {
            ProposalError::Template(_) => None,
            ProposalError::Placeholder { section, .. }
            | ProposalError::EmptySection { section }
            | ProposalError::Doc { section, .. } => Some(section),
        }
    }
}

/// The placeholders' values for `inputs`: what is known, and nothing for what is empty (so a placeholder with
/// no value is an error, never blank text). Quote figures are the quote's totals rows, as shown.
pub fn placeholder_values(inputs: &ProposalInputs) -> PlaceholderValues {
    let mut v = PlaceholderValues::new();
    let mut put = |k: &str, val: &str| {
        if !val.trim().is_empty() {
            v.insert(k.to_string(), val.trim().to_string());
        }
    };
    put("client.name", &inputs.client_name);
    put("client.address", &inputs.client_address);
    put("contact.name", &inputs.contact_name);
    put("contact.title", &inputs.contact_title);
    put("opportunity.name", &inputs.opportunity_name);
    put("proposal.title", &inputs.title);
    put("date", &inputs.date);
    put("rep.name", &inputs.rep.name);
    put("rep.title", &inputs.rep.title);
    put("rep.phone", &inputs.rep.phone);
    put("rep.email", &inputs.rep.email);
    put("company.name", &inputs.company_name);
    if let Some(q) = &inputs.quote {
        put("quote.number", q.number.as_deref().unwrap_or_default());
        put("quote.valid_until", &q.valid_until);
        let shown = QuoteShown::of(q);
        let row = |kind| {
            shown
                .totals
                .iter()
                .find(|r| r.kind == kind)
                .map(|r| r.value.clone())
        };
        put(
            "quote.subtotal",
            &row(TotalsRowKind::Subtotal)
                .or_else(|| row(TotalsRowKind::LinesTotal))
                .unwrap_or_default(),
        );
        let tax = crate::format::money_text(q.currency, &q.totals.tax);
        put("quote.tax", &tax);
        put(
            "quote.total",
            &row(TotalsRowKind::Total).unwrap_or_default(),
        );
    }
    v
}

/// Build the proposal: check the sections' shape, fill every placeholder, write out the generated parts,
/// refuse an empty required section and leave out an empty optional one. The first problem is the error,
/// naming its section.
pub fn build_proposal(
    sections: &[ProposalSection],
    inputs: &ProposalInputs,
) -> Result<ProposalDocument, ProposalError> {
    ProposalTemplate::check(sections)?;
    let values = placeholder_values(inputs);
    let words = Words::get(inputs.lang);
    let mut built = Vec::with_capacity(sections.len());
    for s in sections {
        let placeholder = |error| ProposalError::Placeholder {
            section: s.title.clone(),
            error,
        };
        let title = fill_text(&s.title, &values).map_err(placeholder)?;
        let mut body = fill(&s.body, &values).map_err(placeholder)?;
        body.content.extend(generated(s.kind, inputs, words));
        let empty = match s.kind {
            SectionKind::Pricing => inputs.quote.as_ref().is_none_or(|q| q.lines.is_empty()),
            kind => !kind.is_fixed() && body.is_blank(),
        };
        if empty {
            if s.required {
                return Err(ProposalError::EmptySection { section: title });
            }
            // An optional section with nothing in it is left out, title and all.
            continue;
        }
        built.push(BuiltSection {
            title,
            kind: s.kind,
            body,
        });
    }
    let author = [&inputs.rep.name, &inputs.company_name]
        .into_iter()
        .find(|n| !n.trim().is_empty())
        .cloned()
        .unwrap_or_default();
    Ok(ProposalDocument {
        title: inputs.title.trim().to_string(),
        lang: inputs.lang,
        date: inputs.date.clone(),
        client_name: inputs.client_name.clone(),
        company_name: inputs.company_name.clone(),
        author,
        subject: words.subject(&inputs.client_name),
        logo_sha256: inputs.logo_sha256.clone(),
        sections: built,
        pricing: inputs.quote.as_ref().map(pricing_shown),
        quote: inputs.quote.clone(),
    })
}

/// The quote's lines and totals as shown.
pub fn pricing_shown(q: &QuoteView) -> PricingShown {
    PricingShown {
        quote_number: q.number.clone().unwrap_or_default(),
        lines: q
            .lines
            .iter()
            .map(|l| PricedLineShown {
                sku: l.sku.clone(),
                description: l.description.clone(),
                unit: l.unit.clone(),
                shown: LineShown::of(q, l),
            })
            .collect(),
        totals: QuoteShown::of(q).totals,
        total_in_capitals: q.totals.total_in_capitals.clone(),
    }
}

/// The blocks a generated part adds under the section's own text.
fn generated(kind: SectionKind, inputs: &ProposalInputs, w: &Words) -> Vec<Block> {
    match kind {
        SectionKind::ClientNeeds => inputs
            .needs
            .as_ref()
            .map(|n| client_needs(n, w))
            .unwrap_or_default(),
        SectionKind::Requirements => inputs
            .needs
            .as_ref()
            .map(|n| requirements(n, w))
            .unwrap_or_default(),
        SectionKind::Solution => inputs
            .quote
            .as_ref()
            .map(|q| solution(q, &inputs.modules, w))
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

/// The needs in the client's words: background, pains, goals, timeline and decision criteria. The budget,
/// the competitors and the SWOT are the rep's own notes and are never printed.
fn client_needs(n: &NeedsView, w: &Words) -> Vec<Block> {
    let fields = [
        (w.background, &n.needs.background),
        (w.pains, &n.needs.pains),
        (w.goals, &n.needs.goals),
        (w.timeline, &n.needs.timeline),
        (w.decision_criteria, &n.needs.decision_criteria),
    ];
    let mut out = Vec::new();
    for (label, text) in fields {
        if text.trim().is_empty() {
            continue;
        }
        out.push(Block::heading(2, label));
        out.extend(Doc::from_plain(text).content);
    }
    out
}

fn cell(text: impl Into<String>, header: bool) -> TableCell {
    TableCell {
        header,
        content: vec![Block::paragraph(text)],
    }
}

/// A table: number, requirement (with its notes), priority, and whether it is met.
fn requirements(n: &NeedsView, w: &Words) -> Vec<Block> {
    if n.requirements.is_empty() {
        return Vec::new();
    }
    let mut rows = vec![TableRow {
        content: [w.number, w.requirement, w.priority, w.answer]
            .into_iter()
            .map(|h| cell(h, true))
            .collect(),
    }];
    let mut reqs: Vec<_> = n.requirements.iter().collect();
    reqs.sort_by_key(|r| r.position);
    for (i, r) in reqs.into_iter().enumerate() {
        let mut answer = vec![Block::Paragraph {
            content: vec![Inline::bold(w.fit(r.fit))],
        }];
        answer.extend(Doc::from_plain(&r.notes).content);
        rows.push(TableRow {
            content: vec![
                cell((i + 1).to_string(), false),
                cell(r.text.clone(), false),
                cell(w.priority(r.priority), false),
                TableCell {
                    header: false,
                    content: answer,
                },
            ],
        });
    }
    vec![Block::Table { content: rows }]
}

/// The quote's modules: each line the client takes (options not taken left out). A line with a module
/// description gets its own heading with the description, its quantity and its bundle's components; the
/// others are listed together with their quantities.
fn solution(q: &QuoteView, modules: &BTreeMap<Uuid, Doc>, w: &Words) -> Vec<Block> {
    let mut out = Vec::new();
    let mut plain: Vec<ListItem> = Vec::new();
    let quantity_of = |line: &crate::quote::QuoteLineView, shown: &LineShown| match line.unit.trim()
    {
        "" => shown.quantity.clone(),
        unit => format!("{} {unit}", shown.quantity),
    };
    for line in &q.lines {
        let shown = LineShown::of(q, line);
        if shown.not_taken || bundle_of(q, line).is_some() {
            continue;
        }
        let components: Vec<ListItem> = q
            .lines
            .iter()
            .filter(|c| bundle_of(q, c).is_some_and(|b| std::ptr::eq(b, line)))
            .map(|c| ListItem {
                content: vec![Block::paragraph(c.description.trim())],
            })
            .collect();
        let quantity = quantity_of(line, &shown);
        let Some(doc) = modules.get(&line.product_id) else {
            plain.push(ListItem {
                content: std::iter::once(Block::Paragraph {
                    content: vec![
                        Inline::bold(line.description.trim()),
                        Inline::text(format!("  × {quantity}  ({} {})", w.sku, line.sku.trim())),
                    ],
                })
                .chain((!components.is_empty()).then_some(Block::BulletList {
                    content: components,
                }))
                .collect(),
            });
            continue;
        };
        if !plain.is_empty() {
            out.push(Block::BulletList {
                content: std::mem::take(&mut plain),
            });
        }
        out.push(Block::heading(2, line.description.trim()));
        out.extend(doc.content.iter().cloned());
        out.push(Block::Paragraph {
            content: vec![
                Inline::bold(format!("{}{}", w.quantity, w.colon)),
                Inline::text(format!("{quantity}  ({} {})", w.sku, line.sku.trim())),
            ],
        });
        if !components.is_empty() {
            out.push(Block::BulletList {
                content: components,
            });
        }
    }
    if !plain.is_empty() {
        out.push(Block::BulletList { content: plain });
    }
    out
}
