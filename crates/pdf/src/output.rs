//! Turning laid-out pages into PDF bytes, the same bytes every time, and saving them whole or not at all.

use std::path::Path;

use printpdf::{
    FontId, Mm, Op, ParsedFont, PdfDocument, PdfPage, PdfParseErrorSeverity, PdfSaveOptions,
    RawImage, XObjectId,
};

use crate::PdfError;
use crate::engine::Page;

/// Add `font` under a fixed name, six capital letters as the subset tag is made of them (printpdf names resources at random; a document rendered twice must come out
/// byte for byte the same, so that a signed proposal can be checked by rendering it again).
pub(crate) fn add_font(doc: &mut PdfDocument, font: &ParsedFont, name: &str) -> FontId {
    let random = doc.add_font(font);
    let id = FontId(name.to_string());
    if let Some(f) = doc.resources.fonts.map.remove(&random) {
        doc.resources.fonts.map.insert(id.clone(), f);
    }
    id
}

/// Add `image` under a fixed name (see [`add_font`]).
pub(crate) fn add_image(doc: &mut PdfDocument, image: &RawImage, name: &str) -> XObjectId {
    let random = doc.add_image(image);
    let id = XObjectId(name.to_string());
    if let Some(x) = doc.resources.xobjects.map.remove(&random) {
        doc.resources.xobjects.map.insert(id.clone(), x);
    }
    id
}

/// Save `pages` (A4) of `doc` with subset fonts. The file identifier printpdf draws at random is replaced by
/// one made of `id` (a hash of what the document shows), in place, so the bytes depend on the content alone.
pub(crate) fn save(
    mut doc: PdfDocument,
    pages: Vec<Vec<Op>>,
    id: &str,
) -> Result<Vec<u8>, PdfError> {
    let page = Page::A4;
    let pages = pages
        .into_iter()
        .map(|ops| PdfPage::new(Mm(page.width_mm()), Mm(page.height_mm()), ops))
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..PdfSaveOptions::default()
    };
    let mut warnings = Vec::new();
    let mut bytes = doc.with_pages(pages).save(&options, &mut warnings);
    let errors: Vec<String> = warnings
        .into_iter()
        .filter(|w| w.severity == PdfParseErrorSeverity::Error)
        .map(|w| w.msg)
        .collect();
    if !errors.is_empty() {
        return Err(PdfError::Write(errors.join("; ")));
    }
    if bytes.is_empty() {
        return Err(PdfError::Write("printpdf produced no bytes".into()));
    }
    stable_file_id(&mut bytes, id)?;
    Ok(bytes)
}

/// Overwrite the two strings of the trailer's `/ID [(…)(…)]` with characters of `id`, keeping their length.
fn stable_file_id(bytes: &mut [u8], id: &str) -> Result<(), PdfError> {
    let missing = || PdfError::Write("the PDF has no file identifier to make stable".into());
    let at = find_last(bytes, b"/ID[").ok_or_else(missing)? + 4;
    let mut i = at;
    for _ in 0..2 {
        while i < bytes.len() && bytes[i] != b'(' {
            i += 1;
        }
        let start = i + 1;
        let end = start
            + bytes[start..]
                .iter()
                .position(|&b| b == b')')
                .ok_or_else(missing)?;
        for (k, b) in bytes[start..end].iter_mut().enumerate() {
            *b = id.as_bytes()[k % id.len().max(1)];
        }
        i = end + 1;
    }
    Ok(())
}

fn find_last(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// Save `bytes` to `path` (creating its folder). The file appears whole or not at all: it is written beside
/// the target and renamed into place; a failed write removes what it wrote.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<u64, PdfError> {
    let save_err = |source| PdfError::Save {
        path: path.display().to_string(),
        source,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(save_err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = std::path::PathBuf::from(tmp);
    let written = std::fs::write(&tmp, bytes).and_then(|()| std::fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(save_err(e));
    }
    Ok(bytes.len() as u64)
}
