//! The font bundled with the app, parsed once per process.

use std::sync::OnceLock;

use printpdf::ParsedFont;

use crate::PdfError;

/// WenQuanYi Micro Hei 0.2.0-beta (Debian `fonts-wqy-microhei`), a TrueType collection of two
/// faces; licence in `fonts/wqy-microhei.COPYRIGHT`.
static WQY_MICROHEI: &[u8] = include_bytes!("../fonts/wqy-microhei.ttc");
/// Face 0 is the proportional "WenQuanYi Micro Hei" (face 1 is its monospaced sibling).
const WQY_MICROHEI_FACE: usize = 0;

/// The CJK font, which also covers Latin. Parsing a 5 MB collection is not free, so it is done
/// once; the result is shared by every render.
pub(crate) fn cjk() -> Result<&'static ParsedFont, PdfError> {
    static FONT: OnceLock<Result<ParsedFont, String>> = OnceLock::new();
    FONT.get_or_init(|| {
        let mut warnings = Vec::new();
        ParsedFont::from_bytes(WQY_MICROHEI, WQY_MICROHEI_FACE, &mut warnings)
            .ok_or_else(|| format!("WenQuanYi Micro Hei: {warnings:?}"))
    })
    .as_ref()
    .map_err(|e| PdfError::Font(e.clone()))
}
