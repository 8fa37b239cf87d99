//! The company logo on the letterhead.

mod common;

use common::*;
use fieldquote_pdf::{Logo, PdfError, PdfLanguage, RenderOptions, render_quote};

#[test]
fn the_logo_heads_the_letterhead_in_png_and_jpeg() {
    let dir = tempfile::tempdir().unwrap();
    for (file, kind) in [("logo.png", "png"), ("logo.jpg", "jpeg")] {
        let logo = Logo::from_bytes(&fixture(file)).expect("the fixture is a usable logo");
        assert_eq!(logo.size(), (240, 80));
        let q = quote(vec![line("PLC-S7-1200", "PLC", "3880.00")], CUSTOMER_ZH);
        let opts = RenderOptions {
            lang: PdfLanguage::En,
            logo: Some(logo),
            ..RenderOptions::default()
        };
        let bytes = render_quote(&q, &company(), &opts).expect("renders with a logo");
        let pdf = write(dir.path(), &format!("logo-{kind}.pdf"), &bytes);
        // One image on page 1, of the logo's pixel size, and the text is all still there.
        let list = poppler("pdfimages", &["-list"], &pdf);
        let images: Vec<&str> = list.lines().skip(2).collect();
        assert_eq!(images.len(), 1, "one image:\n{list}");
        let cols: Vec<&str> = images[0].split_whitespace().collect();
        assert_eq!(cols[0], "1", "on page 1:\n{list}");
        assert_eq!((cols[3], cols[4]), ("240", "80"), "its size:\n{list}");
        let text = squeezed(&page_text(&pdf, 1));
        assert!(text.contains(&squeezed(&company().name)), "{text}");
        assert!(text.contains(&squeezed(CUSTOMER_ZH)), "{text}");
        assert_fonts_embedded_and_subset(&pdf);
    }
    // Without a logo there is no image at all.
    let q = quote(vec![line("PLC-S7-1200", "PLC", "3880.00")], CUSTOMER_ZH);
    let pdf = write(dir.path(), "no-logo.pdf", &render(&q, PdfLanguage::En));
    let list = poppler("pdfimages", &["-list"], &pdf);
    assert_eq!(list.lines().skip(2).count(), 0, "{list}");
}

#[test]
fn unusable_logo_files_are_refused_with_the_reason() {
    let refused = |bytes: &[u8]| match Logo::from_bytes(bytes) {
        Err(PdfError::Logo(why)) => why,
        Err(e) => panic!("unexpected error {e}"),
        Ok(_) => panic!("accepted an unusable logo"),
    };
    assert!(refused(b"").contains("empty"));
    assert!(refused(b"<svg xmlns='http://www.w3.org/2000/svg'/>").contains("not a PNG or JPEG"));
    let png = fixture("logo.png");
    assert!(refused(&png[..40]).contains("cannot be read"));
    assert!(refused(&fixture("too-wide.png")).contains("4100×10 pixels"));
    let mut huge = png.clone();
    huge.resize(Logo::MAX_BYTES + 1, 0);
    assert!(refused(&huge).contains("at most 2048 KB"));
}
