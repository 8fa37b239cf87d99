//! Proposal PDFs read back with poppler: the contents' page numbers, margins, headings at page ends, fonts,
//! Chinese text, metadata, signing and verifying, and bad input that names its section and writes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::proposal::*;
use common::*;
use fieldquote_domain::proposal::{
    Block, Doc, Inline, ProposalDocument, ProposalError, ProposalSection, SectionKind,
    build_proposal,
};
use fieldquote_pdf::PdfLanguage;
use fieldquote_pdf::proposal::{
    ProposalPdfError, SignatureStamp, Verification, render, render_signed, render_unsigned,
    verify_signed, write_to,
};

/// The large proposal, rendered once for every test that reads it.
fn large() -> &'static (PathBuf, ProposalDocument) {
    static LARGE: OnceLock<(PathBuf, ProposalDocument)> = OnceLock::new();
    LARGE.get_or_init(|| {
        let (doc, blobs) = proposal(&Shape::large());
        let bytes = render(&doc, &|s| blobs.get(s)).expect("the large proposal renders");
        // Cargo's scratch folder for tests: overwritten by the next run, not left in /tmp.
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("proposal-large");
        std::fs::create_dir_all(&dir).expect("temp dir");
        (write(&dir, "large-proposal.pdf", &bytes), doc)
    })
}

/// The title of each section in the contents, and the page the contents give for it.
fn contents_entries(
    pdf: &Path,
    doc: &ProposalDocument,
    contents_page: usize,
) -> Vec<(String, usize)> {
    let text = page_text(pdf, contents_page);
    doc.sections
        .iter()
        .filter(|s| s.kind.in_contents())
        .map(|s| {
            let line = text
                .lines()
                .find(|l| squeezed(l).starts_with(&squeezed(&s.title)))
                .unwrap_or_else(|| panic!("{:?} in the contents:\n{text}", s.title));
            let page = line
                .split_whitespace()
                .last()
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("a page number on {line:?}"));
            (s.title.clone(), page)
        })
        .collect()
}

fn assert_contents_match_pages(pdf: &Path, doc: &ProposalDocument) {
    let entries = contents_entries(pdf, doc, 2);
    assert!(entries.len() >= 8, "{entries:?}");
    let pages = pages(pdf);
    for (title, page) in &entries {
        assert!(*page <= pages, "{title} on page {page} of {pages}");
        let on = squeezed(&page_text(pdf, *page));
        assert!(
            on.contains(&squeezed(title)),
            "{title:?} not on page {page}:\n{on}"
        );
        // It starts there: the page before does not show it (the contents page lists every title).
        if *page > 3 {
            let before = squeezed(&page_text(pdf, page - 1));
            assert!(
                !before.contains(&squeezed(title)),
                "{title:?} already on page {}",
                page - 1
            );
        }
    }
    let mut last = 0;
    for (title, page) in &entries {
        assert!(*page > last, "{title} on {page}, after {last}");
        last = *page;
    }
}

#[test]
fn every_page_in_the_contents_is_where_its_section_starts() {
    for lang in [PdfLanguage::En, PdfLanguage::Zh] {
        let dir = tempfile::tempdir().expect("tempdir");
        let (doc, blobs) = proposal(&Shape::small(lang));
        let bytes = render(&doc, &|s| blobs.get(s)).expect("renders");
        let pdf = write(dir.path(), "small.pdf", &bytes);
        assert_contents_match_pages(&pdf, &doc);
    }
    // The standard template, as the demo data ships it.
    for lang in [PdfLanguage::Zh, PdfLanguage::Bilingual] {
        let dir = tempfile::tempdir().expect("tempdir");
        let shape = Shape::small(lang);
        let mut blobs = Blobs::default();
        let mut inputs = inputs(&shape, &mut blobs);
        inputs.lang = lang;
        let template = fieldquote_domain::proposal::standard_template(lang);
        let doc = build_proposal(&template.instantiate().expect("valid"), &inputs)
            .expect("the standard template builds");
        let bytes = render(&doc, &|s| blobs.get(s)).expect("renders");
        let pdf = write(dir.path(), "standard.pdf", &bytes);
        assert_contents_match_pages(&pdf, &doc);
        let text = squeezed(&poppler("pdftotext", &[], &pdf));
        assert!(
            text.contains("尊敬的王建国") && !text.contains("{{"),
            "filled"
        );
    }
    let (pdf, doc) = large();
    assert_contents_match_pages(pdf, doc);
}

const MM: f64 = 72.0 / 25.4;

#[test]
fn a_forty_page_proposal_keeps_every_word_inside_the_margins() {
    let (pdf, _) = large();
    let pages = bbox(pdf);
    assert!(pages.len() >= 40, "{} pages", pages.len());
    let tolerance = 1.0;
    let content_bottom = (297.0 - 20.0) * MM;
    let mut words = 0;
    for (i, page) in pages.iter().enumerate() {
        let (left, right) = (15.0 * MM - tolerance, page.width - 15.0 * MM + tolerance);
        let (top, bottom) = (15.0 * MM - tolerance, page.height - 8.0 * MM);
        for w in &page.words {
            words += 1;
            assert!(
                w.x_min >= left && w.x_max <= right && w.y_min >= top && w.y_max <= bottom,
                "page {}: {:?} outside the margins",
                i + 1,
                w
            );
            // Body text ends above the footer's rule; only the footer is below it.
            assert!(
                w.y_max <= content_bottom + tolerance || w.y_min > content_bottom + 10.0,
                "page {}: {:?} runs into the footer",
                i + 1,
                w
            );
        }
    }
    assert!(words > 10_000, "{words} words");
}

#[test]
fn long_lists_and_long_captions_stay_inside_the_margins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shape = Shape::small(PdfLanguage::En);
    let mut blobs = Blobs::default();
    let mut s = sections(&shape, &mut blobs);
    let items: Vec<String> = (1..=120)
        .map(|i| format!("Step {i} of the handover"))
        .collect();
    let json = serde_json::json!({"type": "doc", "content": [
        {"type": "orderedList", "content": items.iter().map(|t| serde_json::json!(
            {"type": "listItem", "content": [{"type": "paragraph", "content": [{"type": "text", "text": t}]},
                {"type": "bulletList", "content": [{"type": "listItem", "content": [
                    {"type": "paragraph", "content": [{"type": "text", "text": "checked"}]}]}]}]})).collect::<Vec<_>>()}]});
    s[7].body = Doc::from_json(&json.to_string()).expect("a valid list");
    let photo = blobs.add(photo_jpeg(300, 900, 5));
    s[8].body.content.push(image_block(
        &photo,
        &"A very long caption. ".repeat(200),
        1.0,
    ));
    let doc = build_proposal(&s, &inputs(&shape, &mut blobs)).expect("builds");
    let bytes = render(&doc, &|sha| blobs.get(sha)).expect("renders");
    let pdf = write(dir.path(), "lists.pdf", &bytes);
    let text = poppler("pdftotext", &["-layout"], &pdf);
    assert!(text.contains("120.") && text.contains("Step 120 of the handover"));
    for (i, page) in bbox(&pdf).iter().enumerate() {
        for w in &page.words {
            assert!(
                w.x_min >= 15.0 * MM - 1.0 && w.x_max <= page.width - 15.0 * MM + 1.0,
                "page {}: {w:?}",
                i + 1
            );
            assert!(w.y_max <= page.height - 8.0 * MM, "page {}: {w:?}", i + 1);
        }
    }
}

/// Every heading's text in the document: section titles and the headings inside them.
fn headings(doc: &ProposalDocument) -> Vec<String> {
    let mut out: Vec<String> = doc.sections.iter().map(|s| squeezed(&s.title)).collect();
    for s in &doc.sections {
        for b in &s.body.content {
            if let Block::Heading { content, .. } = b {
                let text: String = content
                    .iter()
                    .map(|i| match i {
                        Inline::Text { text, .. } => text.as_str(),
                        Inline::HardBreak => " ",
                    })
                    .collect();
                out.push(squeezed(&text));
            }
        }
    }
    out.retain(|h| !h.is_empty());
    out
}

#[test]
fn a_heading_never_ends_a_page() {
    let (pdf, doc) = large();
    let headings = headings(doc);
    assert!(headings.len() > 20, "{headings:?}");
    let content_bottom = (297.0 - 20.0) * MM;
    let mut checked = 0;
    for (i, page) in bbox(pdf).iter().enumerate() {
        let body: Vec<&Word> = page
            .words
            .iter()
            .filter(|w| w.y_max <= content_bottom + 1.0)
            .collect();
        let Some(last_y) = body.iter().map(|w| w.y_min).reduce(f64::max) else {
            continue;
        };
        let last: String = body
            .iter()
            .filter(|w| (w.y_min - last_y).abs() < 2.0)
            .map(|w| w.text.as_str())
            .collect();
        checked += 1;
        assert!(
            !headings.contains(&last),
            "page {} ends with the heading {last:?}",
            i + 1
        );
    }
    assert!(checked >= 40);
}

#[test]
fn fonts_are_embedded_and_subset_chinese_extracts_and_metadata_is_set() {
    let (pdf, doc) = large();
    assert_fonts_embedded_and_subset(pdf);
    let text = squeezed(&poppler("pdftotext", &[], pdf));
    for zh in [
        CUSTOMER_ZH,
        "三号线自动化方案",
        "工业触摸屏10寸",
        "需求应答",
        "签署",
    ] {
        assert!(text.contains(zh), "{zh} in the text");
    }
    assert!(
        !text.contains("SECRETBUDGET"),
        "the rep's budget note is never printed"
    );
    assert!(!text.contains("{{"), "no placeholder left");
    let info = poppler("pdfinfo", &[], pdf);
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(&format!("{name}:")))
            .map(str::trim)
            .unwrap_or_else(|| panic!("{name} in:\n{info}"))
            .to_string()
    };
    assert_eq!(field("Title"), doc.title);
    assert_eq!(field("Author"), "李明 Li Ming");
    assert_eq!(field("Subject"), format!("Proposal for {CUSTOMER_ZH}"));
    assert_eq!(
        field("Keywords"),
        format!(
            "fieldquote-proposal-content:{}",
            fieldquote_domain::proposal::content_hash(doc)
        )
    );
    assert!(field("CreationDate").contains("2026"));
}

#[test]
fn labels_follow_the_language_and_the_cover_has_no_footer() {
    let dir = tempfile::tempdir().expect("tempdir");
    for (lang, words, page_word) in [
        (PdfLanguage::En, ["Prepared for", "Date"], "Page 2 of"),
        (PdfLanguage::Zh, ["客户", "日期"], "第 2 页"),
    ] {
        let (doc, blobs) = proposal(&Shape::small(lang));
        let bytes = render(&doc, &|s| blobs.get(s)).expect("renders");
        let pdf = write(dir.path(), &format!("{lang}.pdf"), &bytes);
        let cover = page_text(&pdf, 1);
        for w in words {
            assert!(cover.contains(w), "{w} on the {lang} cover:\n{cover}");
        }
        assert!(cover.contains("2026-12-06") && cover.contains(CUSTOMER_ZH));
        assert!(
            !cover.contains("Page 1") && !cover.contains("第 1 页"),
            "no footer on the cover"
        );
        let second = page_text(&pdf, 2);
        assert!(
            second.contains(page_word),
            "{page_word} on page 2:\n{second}"
        );
        assert!(
            second.contains("East China Smart Control"),
            "running header"
        );
    }
}

#[test]
fn the_pricing_section_prints_the_quotes_own_figures() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (doc, blobs) = proposal(&Shape::small(PdfLanguage::En));
    let bytes = render(&doc, &|s| blobs.get(s)).expect("renders");
    let pdf = write(dir.path(), "pricing.pdf", &bytes);
    let text = squeezed(&poppler("pdftotext", &[], &pdf));
    let pricing = doc.pricing.as_ref().expect("pricing");
    for line in &pricing.lines {
        assert!(
            text.contains(&squeezed(&line.shown.amount)),
            "{}",
            line.shown.amount
        );
    }
    for row in &pricing.totals {
        assert!(text.contains(&squeezed(&row.value)), "{}", row.value);
    }
    // The same figures as the quote's own PDF.
    let quote = render_quote_text(doc.quote.as_ref().expect("the quote"), dir.path());
    let total = pricing.totals.last().expect("a total").value.clone();
    assert!(quote.contains(&squeezed(&total)));
}

fn render_quote_text(q: &fieldquote_domain::quote::QuoteView, dir: &Path) -> String {
    let bytes = common::render(q, PdfLanguage::En);
    squeezed(&poppler("pdftotext", &[], &write(dir, "quote.pdf", &bytes)))
}

fn stamp(doc: &ProposalDocument, blobs: &Blobs) -> SignatureStamp {
    let unsigned = render_unsigned(doc, &|s| blobs.get(s)).expect("renders");
    SignatureStamp {
        signature_png: signature_png(),
        name: "王建国".into(),
        title: "Plant manager 厂长".into(),
        signed_at: "2026-12-06T15:42:10+08:00".into(),
        document_sha256: unsigned.sha256,
    }
}

#[test]
fn a_signed_proposal_verifies_and_a_changed_byte_or_another_version_does_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (doc, blobs) = proposal(&Shape::small(PdfLanguage::Bilingual));
    let images = |s: &str| blobs.get(s);
    let unsigned = render_unsigned(&doc, &images).expect("renders");
    assert_eq!(
        unsigned.sha256,
        fieldquote_domain::proposal::sha256_hex(&unsigned.pdf)
    );
    // The same document renders to the same bytes.
    assert_eq!(
        render_unsigned(&doc, &images).expect("again").pdf,
        unsigned.pdf
    );
    let without = write(dir.path(), "unsigned.pdf", &unsigned.pdf);
    let blank = write(
        dir.path(),
        "blank.pdf",
        &render(&doc, &images).expect("renders"),
    );
    assert_eq!(
        pages(&without) + 1,
        pages(&blank),
        "the signature page is left out"
    );
    assert!(!squeezed(&poppler("pdftotext", &[], &without)).contains("Acceptance签署"));

    let stamp = stamp(&doc, &blobs);
    let signed = render_signed(&doc, &images, &stamp).expect("signed");
    let pdf = write(dir.path(), "signed.pdf", &signed);
    let last = page_text(&pdf, pages(&pdf));
    for s in [
        "王建国",
        "Plant manager 厂长",
        "2026-12-06T15:42:10+08:00",
        &stamp.document_sha256,
    ] {
        assert!(
            squeezed(&last).contains(&squeezed(s)),
            "{s} on the signature page:\n{last}"
        );
    }
    assert_eq!(
        verify_signed(&signed, &doc, &images, &stamp).expect("verifies"),
        Verification::Valid
    );
    // As `fq proposal verify` will: the version read back from its stored JSON.
    let stored: ProposalDocument =
        serde_json::from_str(&serde_json::to_string(&doc).expect("json")).expect("read back");
    assert_eq!(
        verify_signed(&signed, &stored, &images, &stamp).expect("verifies"),
        Verification::Valid
    );
    let mut altered = signed.clone();
    let at = altered.len() / 2;
    altered[at] ^= 0x01;
    assert_eq!(
        verify_signed(&altered, &doc, &images, &stamp).expect("checks"),
        Verification::Altered
    );
    let mut other = doc.clone();
    other.sections[2].title.push_str(" (revised)");
    assert_eq!(
        verify_signed(&signed, &other, &images, &stamp).expect("checks"),
        Verification::OtherVersion
    );
    let bad = SignatureStamp {
        signature_png: b"not a png".to_vec(),
        ..stamp
    };
    assert!(matches!(
        render_signed(&doc, &images, &bad),
        Err(ProposalPdfError::Signature(_))
    ));
}

/// The folder holds nothing (no PDF, no partial file).
fn assert_empty(dir: &Path) {
    let left: Vec<_> = std::fs::read_dir(dir).expect("read dir").collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

/// Build and write as the app does: any error, and nothing written.
fn build_and_write(
    sections: &[ProposalSection],
    inputs: &fieldquote_domain::proposal::ProposalInputs,
    blobs: &Blobs,
    path: &Path,
) -> Result<u64, String> {
    let doc = build_proposal(sections, inputs).map_err(|e| e.to_string())?;
    write_to(path, &doc, &|s| blobs.get(s), None).map_err(|e| e.to_string())
}

#[test]
fn bad_input_names_its_section_and_leaves_no_file() {
    let shape = Shape::small(PdfLanguage::En);
    let mut blobs = Blobs::default();
    let sections = sections(&shape, &mut blobs);
    let inputs = inputs(&shape, &mut blobs);
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("proposal.pdf");

    // An unknown placeholder.
    let mut s = sections.clone();
    s[9].body
        .content
        .push(Block::paragraph("Signed for {{client.nickname}}"));
    let e = build_and_write(&s, &inputs, &blobs, &path).expect_err("refused");
    assert_eq!(
        e,
        "section \"Terms 条款\": unknown placeholder {{client.nickname}}"
    );
    assert_empty(dir.path());

    // An empty required section.
    let mut s = sections.clone();
    s[7].body = Doc::default();
    let e = build_and_write(&s, &inputs, &blobs, &path).expect_err("refused");
    assert_eq!(
        e,
        "section \"Implementation timeline 实施计划\" is required but has nothing in it"
    );
    assert!(matches!(
        build_proposal(&s, &inputs),
        Err(ProposalError::EmptySection { .. })
    ));
    assert_empty(dir.path());

    // A missing image.
    let photo = photo_jpeg(64, 48, 7);
    let sha = fieldquote_domain::proposal::sha256_hex(&photo);
    let mut s = sections.clone();
    s[8].body
        .content
        .push(image_block(&sha, "Not synced yet", 0.5));
    let e = build_and_write(&s, &inputs, &blobs, &path).expect_err("refused");
    assert_eq!(
        e,
        format!("section \"Case studies 案例研究\": image {sha} is not on this device")
    );
    assert_empty(dir.path());

    // A corrupt image: a JPEG cut short, stored under its own hash…
    let mut cut = photo.clone();
    cut.truncate(cut.len() / 3);
    let mut with_cut = blobs.clone();
    let cut_sha = with_cut.add(cut);
    let mut s = sections.clone();
    s[8].body
        .content
        .push(image_block(&cut_sha, "Damaged", 0.5));
    let e = build_and_write(&s, &inputs, &with_cut, &path).expect_err("refused");
    assert!(
        e.starts_with(&format!("section \"Case studies 案例研究\": image {cut_sha} cannot be used: the JPEG file is cut short")),
        "{e}"
    );
    assert_empty(dir.path());
    // …and bytes that are not what their hash says.
    let mut damaged = blobs.clone();
    damaged
        .0
        .insert(sha.clone(), b"\xFF\xD8\xFFgarbage".to_vec());
    let mut s = sections.clone();
    s[8].body.content.push(image_block(&sha, "Damaged", 0.5));
    let e = build_and_write(&s, &inputs, &damaged, &path).expect_err("refused");
    assert!(
        e.contains("Case studies 案例研究") && e.contains("do not match its SHA-256"),
        "{e}"
    );
    assert_empty(dir.path());
    // …and a file that is not an image we print, or whose data cannot be decoded.
    for bytes in [
        b"GIF89a not supported".to_vec(),
        b"\xFF\xD8\xFF\xE0garbage\xFF\xD9".to_vec(),
    ] {
        let mut odd = blobs.clone();
        let odd_sha = odd.add(bytes);
        let mut s = sections.clone();
        s[8].body.content.push(image_block(&odd_sha, "Odd", 0.5));
        let e = build_and_write(&s, &inputs, &odd, &path).expect_err("refused");
        let prefix = format!("section \"Case studies 案例研究\": image {odd_sha} cannot be used: ");
        assert!(e.starts_with(&prefix), "{e}");
        assert_empty(dir.path());
    }

    // A good proposal writes the file; a failed render afterwards leaves it as it was.
    let size = build_and_write(&sections, &inputs, &blobs, &path).expect("written");
    let before = std::fs::read(&path).expect("the PDF");
    assert_eq!(before.len() as u64, size);
    let mut s = sections.clone();
    s[8].body
        .content
        .push(image_block(&sha, "Not synced yet", 0.5));
    build_and_write(&s, &inputs, &blobs, &path).expect_err("refused");
    assert_eq!(std::fs::read(&path).expect("still there"), before);
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["proposal.pdf"]);
    // The kind of every section is kept as built.
    assert_eq!(
        build_proposal(&sections, &inputs).expect("builds").sections[8].kind,
        SectionKind::CaseStudies
    );
}
