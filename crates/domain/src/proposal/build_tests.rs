use std::str::FromStr;

use rust_decimal::Decimal;
use uuid::Uuid;

use super::*;
use crate::Currency;
use crate::approval::DiscountReviewView;
use crate::company::SellerContact;
use crate::money::Money;
use crate::needs::{NeedsInput, NeedsView, Requirement, RequirementFit, RequirementPriority};
use crate::pricing::{LineInclusion, PricingInput, PricingLine, price};
use crate::quote::{
    PricedLineView, QuoteActions, QuoteDiscountDraft, QuoteLineView, QuoteShown, QuoteStatus,
    QuoteTotalsView, QuoteView,
};
use crate::validation::{Percent, Quantity};

fn cny(s: &str) -> Money {
    Money::from_decimal_rounded(Decimal::from_str(s).unwrap(), Currency::CNY).unwrap()
}

/// A quote priced by the engine: (product, description, quantity, unit price, optional not taken).
fn quote(lines: &[(Uuid, &str, &str, &str, bool)]) -> QuoteView {
    let input = PricingInput {
        currency: Currency::CNY,
        lines: lines
            .iter()
            .map(|(_, _, q, p, option)| PricingLine {
                inclusion: if *option {
                    LineInclusion::Optional { selected: false }
                } else {
                    LineInclusion::Always
                },
                ..PricingLine::new(
                    Quantity::parse("q", q).unwrap(),
                    cny(p),
                    Percent::parse("t", "13").unwrap(),
                )
            })
            .collect(),
        quote_discount: QuoteDiscountDraft::default().parse(Currency::CNY).unwrap(),
    };
    let priced = price(&input).unwrap();
    let views = lines
        .iter()
        .zip(&priced.lines)
        .enumerate()
        .map(|(i, (l, p))| {
            let v = PricedLineView::from(p);
            QuoteLineView {
                product_id: l.0,
                sku: format!("SKU-{i}"),
                description: l.1.into(),
                unit: "台".into(),
                quantity: l.2.into(),
                unit_price: v.unit_price,
                discount_percent: "0".into(),
                optional: l.4,
                tax_rate: v.tax_rate,
                list_amount: v.list_amount,
                amount: v.amount,
                net: v.net,
                tax: v.tax,
                gross: v.gross,
                counts_in_totals: v.counts_in_totals,
                ..Default::default()
            }
        })
        .collect();
    let totals = QuoteTotalsView::from(&priced.totals);
    QuoteView {
        id: None,
        number: Some("Q-2026-0042".into()),
        status: QuoteStatus::Draft,
        shown_status: QuoteStatus::Draft,
        actions: QuoteActions::default(),
        customer: None,
        currency: Currency::CNY,
        issue_date: "2026-12-06".into(),
        valid_until: "2027-01-05".into(),
        notes: String::new(),
        payment_terms: String::new(),
        delivery_terms: String::new(),
        pdf_lang: None,
        revision: 0,
        revises_id: None,
        revises_number: None,
        quote_discount: QuoteDiscountDraft::default(),
        lines: views,
        subtotal: totals.subtotal.clone(),
        tax: totals.tax.clone(),
        total: totals.total.clone(),
        totals,
        discount_review: DiscountReviewView::default(),
        approval: None,
        errors: Vec::new(),
        shown: QuoteShown::default(),
    }
    .with_shown()
}

fn requirement(
    text: &str,
    priority: RequirementPriority,
    fit: RequirementFit,
    position: i32,
) -> Requirement {
    Requirement {
        id: Uuid::nil(),
        opportunity_id: Uuid::nil(),
        text: text.into(),
        priority,
        fit,
        notes: "Covered by the PLC module".into(),
        position,
    }
}

const PLC: Uuid = Uuid::from_u128(7);

fn inputs() -> ProposalInputs {
    let mut modules = std::collections::BTreeMap::new();
    modules.insert(
        PLC,
        Doc::new(vec![Block::paragraph("Our PLC module runs the line.")]),
    );
    ProposalInputs {
        title: "Line 3 automation".into(),
        lang: crate::document::PdfLanguage::En,
        date: "2026-12-06".into(),
        company_name: "华东智控科技有限公司".into(),
        rep: SellerContact {
            name: "李明 Li Ming".into(),
            title: "Sales Engineer".into(),
            ..Default::default()
        },
        client_name: "上海华东机电设备有限公司".into(),
        contact_name: "王建国".into(),
        opportunity_name: "Line 3".into(),
        modules,
        needs: Some(NeedsView {
            needs: NeedsInput {
                background: "Three lines, one of them manual.".into(),
                goals: "Automate line 3 by June.".into(),
                budget: "CNY 2M, do not say".into(),
                competitors: "Siemens".into(),
                ..Default::default()
            },
            requirements: vec![
                requirement(
                    "Remote monitoring",
                    RequirementPriority::Should,
                    RequirementFit::Partial,
                    2,
                ),
                requirement(
                    "PLC control of the conveyor",
                    RequirementPriority::Must,
                    RequirementFit::Meets,
                    1,
                ),
            ],
            ..Default::default()
        }),
        quote: Some(quote(&[
            (PLC, "PLC controller", "2", "1940.00", false),
            (Uuid::from_u128(8), "HMI panel", "1", "3880.00", false),
            (Uuid::from_u128(9), "Spare parts kit", "1", "500.00", true),
        ])),
        ..Default::default()
    }
}

fn sections() -> Vec<ProposalSection> {
    vec![
        ProposalSection::new("", SectionKind::Cover, true),
        ProposalSection::new("Contents", SectionKind::TableOfContents, true),
        ProposalSection::new(
            "Summary for {{client.name}}",
            SectionKind::ExecutiveSummary,
            true,
        )
        .with_body(Doc::new(vec![Block::paragraph(
            "Dear {{contact.name}}, the total is {{quote.total}}.",
        )])),
        ProposalSection::new("Your needs", SectionKind::ClientNeeds, true),
        ProposalSection::new("Requirements", SectionKind::Requirements, true),
        ProposalSection::new("Solution", SectionKind::Solution, true),
        ProposalSection::new("Pricing", SectionKind::Pricing, true),
        ProposalSection::new("Case studies", SectionKind::CaseStudies, false),
        ProposalSection::new("Signature", SectionKind::Signature, true),
    ]
}

#[test]
fn a_proposal_is_built_with_its_placeholders_filled_and_its_parts_generated() {
    let doc = build_proposal(&sections(), &inputs()).expect("builds");
    assert_eq!(
        doc.sections[2].title,
        "Summary for 上海华东机电设备有限公司"
    );
    let summary = doc.sections[2].body.to_json();
    // The total as the quote shows it: the totals row's own string.
    let q = inputs().quote.unwrap();
    let total = QuoteShown::of(&q)
        .totals
        .into_iter()
        .find(|r| r.kind == crate::quote::TotalsRowKind::Total)
        .unwrap()
        .value;
    assert_eq!(total, "CNY 8,768.80");
    assert!(
        summary.contains("Dear 王建国, the total is CNY 8,768.80."),
        "{summary}"
    );

    let needs = doc.sections[3].body.to_json();
    assert!(needs.contains("Three lines, one of them manual.") && needs.contains("Goals"));
    assert!(
        !needs.contains("CNY 2M") && !needs.contains("Siemens"),
        "the rep's notes stay out"
    );

    let Block::Table { content } = &doc.sections[4].body.content[0] else {
        panic!("a table")
    };
    assert_eq!(content.len(), 3, "header and two requirements");
    let row1 = serde_json::to_string(&content[1]).unwrap();
    assert!(
        row1.contains("PLC control") && row1.contains("Must have") && row1.contains("\"Met\""),
        "by position: {row1}"
    );

    let solution = doc.sections[5].body.to_json();
    assert!(
        solution.contains("Our PLC module runs the line."),
        "{solution}"
    );
    assert!(solution.contains("HMI panel"));
    assert!(
        !solution.contains("Spare parts kit"),
        "an option not taken is not part of the solution"
    );

    let pricing = doc.pricing.as_ref().expect("pricing");
    assert_eq!(pricing.lines.len(), 3);
    assert_eq!(pricing.lines[0].shown.amount, "3,880.00");
    assert_eq!(pricing.totals, QuoteShown::of(&q).totals);
    assert_eq!(doc.author, "李明 Li Ming");
    assert!(doc.images().is_empty());
    let mut with_images = sections();
    let sha = "ab".repeat(32);
    let image = Doc::from_json(&format!(
        r#"{{"type":"doc","content":[{{"type":"image","attrs":{{"sha256":"{sha}"}}}},{{"type":"image","attrs":{{"sha256":"{sha}"}}}}]}}"#
    ))
    .unwrap();
    with_images[7].body = image.clone();
    with_images[2].body.content.extend(image.content);
    let mut i = inputs();
    i.logo_sha256 = Some("cd".repeat(32));
    let doc = build_proposal(&with_images, &i).unwrap();
    assert_eq!(
        doc.images(),
        vec![
            ("cover".to_string(), "cd".repeat(32)),
            (
                "Summary for 上海华东机电设备有限公司".to_string(),
                sha.clone()
            )
        ]
    );
    assert_eq!(doc.subject, "Proposal for 上海华东机电设备有限公司");
}

#[test]
fn an_unknown_placeholder_names_its_section() {
    let mut s = sections();
    s.push(
        ProposalSection::new("Terms", SectionKind::Terms, false).with_body(Doc::new(vec![
            Block::paragraph("Valid for {{client.nickname}}"),
        ])),
    );
    let e = build_proposal(&s, &inputs()).expect_err("unknown");
    assert_eq!(e.section(), Some("Terms"));
    assert_eq!(
        e.to_string(),
        "section \"Terms\": unknown placeholder {{client.nickname}}"
    );
    let mut i = inputs();
    i.contact_name.clear();
    let e = build_proposal(&sections(), &i).expect_err("no contact");
    assert_eq!(
        e.to_string(),
        "section \"Summary for {{client.name}}\": placeholder {{contact.name}} has no value for this proposal"
    );
}

#[test]
fn an_empty_required_section_is_named() {
    let mut s = sections();
    s.push(ProposalSection::new(
        "Implementation timeline",
        SectionKind::Timeline,
        true,
    ));
    let e = build_proposal(&s, &inputs()).expect_err("empty");
    assert_eq!(
        e,
        ProposalError::EmptySection {
            section: "Implementation timeline".into()
        }
    );
    let mut i = inputs();
    i.quote = None;
    s.pop();
    // Without a quote, {{quote.total}} has no value…
    let e = build_proposal(&s, &i).expect_err("no quote");
    assert!(matches!(e, ProposalError::Placeholder { .. }), "{e}");
    s[2].body = Doc::new(vec![Block::paragraph("Dear {{contact.name}}")]);
    let e = build_proposal(&s, &i).expect_err("no quote");
    // The solution comes first and is empty without a quote.
    assert_eq!(e.section(), Some("Solution"));
    // Not required: built, empty.
    s[5].required = false;
    s[6].required = false;
    let doc = build_proposal(&s, &i).expect("optional sections may be empty");
    let titles: Vec<&str> = doc.sections.iter().map(|s| s.title.as_str()).collect();
    assert!(
        !titles.contains(&"Solution")
            && !titles.contains(&"Pricing")
            && !titles.contains(&"Case studies"),
        "empty optional sections are left out: {titles:?}"
    );
    assert!(titles.contains(&"Your needs"));
}

#[test]
fn template_shape() {
    let mut s = sections();
    s.swap(0, 1);
    assert!(matches!(
        ProposalTemplate::check(&s),
        Err(TemplateError::CoverNotFirst(_))
    ));
    let mut s = sections();
    s.push(ProposalSection::new(
        "Prices again",
        SectionKind::Pricing,
        false,
    ));
    assert_eq!(
        ProposalTemplate::check(&s).unwrap_err().to_string(),
        "the pricing part appears twice (sections \"Pricing\" and \"Prices again\")"
    );
    assert_eq!(ProposalTemplate::check(&[]), Err(TemplateError::NoSections));
    let t = ProposalTemplate {
        name: "Standard".into(),
        lang: crate::document::PdfLanguage::En,
        sections: sections(),
    };
    assert_eq!(t.instantiate().unwrap(), sections());
    // A block put into a proposal is a copy.
    let block = Doc::new(vec![Block::paragraph("About us")]);
    let s = ProposalSection::from_block(Uuid::from_u128(1), "About us", &block);
    assert_eq!(
        (s.kind, s.body.clone(), s.source_block),
        (SectionKind::Content, block, Some(Uuid::from_u128(1)))
    );
    let json = serde_json::to_string(&t).unwrap();
    assert_eq!(serde_json::from_str::<ProposalTemplate>(&json).unwrap(), t);
}

#[test]
fn the_content_hash_is_stable_and_covers_what_is_printed() {
    let a = build_proposal(&sections(), &inputs()).unwrap();
    let b = build_proposal(&sections(), &inputs()).unwrap();
    let h = content_hash(&a);
    assert_eq!(h.len(), 64);
    assert_eq!(h, content_hash(&b));
    // Device-specific parts of the quote view are not in it.
    let mut c = b.clone();
    if let Some(q) = c.quote.as_mut() {
        q.actions = QuoteActions {
            edit: !q.actions.edit,
            ..q.actions
        };
    }
    assert_eq!(content_hash(&c), h);
    // A changed word, a changed figure: another hash.
    let mut d = a.clone();
    d.sections[2].title.push('!');
    assert_ne!(content_hash(&d), h);
    let mut i = inputs();
    i.quote = Some(quote(&[(PLC, "PLC controller", "3", "1940.00", false)]));
    assert_ne!(content_hash(&build_proposal(&sections(), &i).unwrap()), h);
    // Stored as JSON and read back, a version is the same document with the same hash.
    let stored: ProposalDocument =
        serde_json::from_str(&serde_json::to_string(&a).unwrap()).unwrap();
    assert_eq!(stored, a);
    assert_eq!(content_hash(&stored), h);
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}
