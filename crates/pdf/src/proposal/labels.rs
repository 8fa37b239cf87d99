//! The words a proposal PDF prints around its content, in English, Chinese or both.

use fieldquote_domain::document::PdfLanguage;

pub(crate) struct Labels {
    pub prepared_for: &'static str,
    pub prepared_by: &'static str,
    pub date: &'static str,
    pub accepted_by: &'static str,
    pub name: &'static str,
    pub title: &'static str,
    pub signature: &'static str,
    pub signed_at: &'static str,
    pub document_hash: &'static str,
    pub document_hash_note: &'static str,
    pub sign_here: &'static str,
}

static EN: Labels = Labels {
    prepared_for: "Prepared for",
    prepared_by: "Prepared by",
    date: "Date",
    accepted_by: "Accepted on behalf of",
    name: "Name",
    title: "Title",
    signature: "Signature",
    signed_at: "Signed at (device time)",
    document_hash: "SHA-256 of the proposal signed",
    document_hash_note: "The proposal as the client saw it: this PDF without its signature page.",
    sign_here: "By signing, the client accepts this proposal and the prices in it.",
};

static ZH: Labels = Labels {
    prepared_for: "客户",
    prepared_by: "提交方",
    date: "日期",
    accepted_by: "代表以下单位接受",
    name: "姓名",
    title: "职务",
    signature: "签名",
    signed_at: "签署时间（设备时间）",
    document_hash: "所签方案的 SHA-256",
    document_hash_note: "即客户所见的方案：本 PDF 去掉签字页。",
    sign_here: "签署即表示客户接受本方案及其中价格。",
};

static BI: Labels = Labels {
    prepared_for: "Prepared for 客户",
    prepared_by: "Prepared by 提交方",
    date: "Date 日期",
    accepted_by: "Accepted on behalf of 代表以下单位接受",
    name: "Name 姓名",
    title: "Title 职务",
    signature: "Signature 签名",
    signed_at: "Signed at (device time) 签署时间（设备时间）",
    document_hash: "SHA-256 of the proposal signed 所签方案的 SHA-256",
    document_hash_note: "The proposal as the client saw it: this PDF without its signature page. 即客户所见的方案：本 PDF 去掉签字页。",
    sign_here: "By signing, the client accepts this proposal and the prices in it. 签署即表示客户接受本方案及其中价格。",
};

impl Labels {
    pub(crate) fn get(lang: PdfLanguage) -> &'static Labels {
        match lang {
            PdfLanguage::En => &EN,
            PdfLanguage::Zh => &ZH,
            PdfLanguage::Bilingual => &BI,
        }
    }
}
