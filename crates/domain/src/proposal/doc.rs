//! The rich-text document a proposal section or a content block holds ([`Doc`]).
//!
//! Its JSON is the shape a TipTap / ProseMirror editor produces, restricted to what a proposal prints:
//!
//! ```json
//! {"type": "doc", "content": [
//!   {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Why us"}]},
//!   {"type": "paragraph", "content": [
//!     {"type": "text", "text": "Dear "}, {"type": "text", "text": "{{contact.name}}", "marks": [{"type": "bold"}]}]},
//!   {"type": "bulletList", "content": [{"type": "listItem", "content": [{"type": "paragraph", "content": [...]}]}]},
//!   {"type": "table", "content": [{"type": "tableRow", "content": [{"type": "tableHeader", "content": [...]}]}]},
//!   {"type": "image", "attrs": {"sha256": "9f86…", "caption": "Line 3", "width": 0.5}}
//! ]}
//! ```
//!
//! - Blocks: `heading` (levels 1–3), `paragraph`, `bulletList` and `orderedList` of `listItem`s (a list item holds
//!   paragraphs and at most one more level of list), `table` (`tableRow`s of `tableHeader` / `tableCell` cells,
//!   each holding paragraphs; a first row of header cells is the table's header, repeated on every page), and
//!   `image` (the SHA-256 of its blob, an optional caption, and the fraction of the text width it takes).
//! - Inline: `text` with `bold` / `italic` marks, and `hardBreak`.
//!
//! [`Doc::from_json`] is the one door typed input comes through: it refuses text longer than
//! [`MAX_JSON_BYTES`] before parsing anything, then every node it does not know, with where it is
//! (`content[3].content[0]`). Attributes the editor adds and we do not use (`textAlign`, `colspan`) are ignored.

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use super::read::{Level, Reader};

/// The largest document JSON accepted, in bytes: checked before parsing.
pub const MAX_JSON_BYTES: usize = 2 * 1024 * 1024;
/// The most nodes (blocks, items, rows, cells, runs) in one document.
pub const MAX_NODES: usize = 20_000;
/// The longest text of one run, and the most characters in a whole document.
pub const MAX_RUN_CHARS: usize = 20_000;
pub const MAX_DOC_CHARS: usize = 500_000;
/// The most columns of a table.
pub const MAX_TABLE_COLUMNS: usize = 20;

/// A rich-text document: blocks top to bottom.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Doc {
    pub content: Vec<Block>,
}

impl Serialize for Doc {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Doc", 2)?;
        st.serialize_field("type", "doc")?;
        st.serialize_field("content", &self.content)?;
        st.end()
    }
}

/// A block of a document.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Block {
    Heading {
        attrs: HeadingAttrs,
        content: Vec<Inline>,
    },
    Paragraph {
        content: Vec<Inline>,
    },
    BulletList {
        content: Vec<ListItem>,
    },
    OrderedList {
        content: Vec<ListItem>,
    },
    Table {
        content: Vec<TableRow>,
    },
    Image {
        attrs: ImageAttrs,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HeadingAttrs {
    /// 1 to 3.
    pub level: u8,
}

/// An image by the SHA-256 of its blob (64 lowercase hex digits).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageAttrs {
    pub sha256: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub caption: String,
    /// The fraction of the text width the image may take, in (0, 1].
    pub width: f32,
}

/// An item of a list: its paragraphs, then (at the first level only) a nested list.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename = "listItem")]
pub struct ListItem {
    pub content: Vec<Block>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename = "tableRow")]
pub struct TableRow {
    pub content: Vec<TableCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TableCell {
    #[serde(rename = "type", serialize_with = "cell_type")]
    pub header: bool,
    /// Paragraphs.
    pub content: Vec<Block>,
}

fn cell_type<S: serde::Serializer>(header: &bool, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(if *header { "tableHeader" } else { "tableCell" })
}

/// Inline content: a run of text with its marks, or a line break.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Inline {
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        marks: Vec<Mark>,
    },
    HardBreak,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Mark {
    Bold,
    Italic,
}

/// Why a document was refused, and where (`content[2].content[0]`; empty for the whole document).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}{kind}", if at.is_empty() { String::new() } else { format!("at {at}: ") })]
pub struct DocError {
    pub at: String,
    pub kind: DocErrorKind,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocErrorKind {
    #[error("the document is {bytes} bytes; a document may be at most {max} bytes")]
    TooLarge { bytes: usize, max: usize },
    #[error("the document is not valid JSON: {0}")]
    Json(String),
    #[error("unknown node type {node:?} (expected {expected})")]
    UnknownNode {
        node: String,
        expected: &'static str,
    },
    #[error("unknown mark {0:?}: only bold and italic are kept")]
    UnknownMark(String),
    #[error("a node without a \"type\"")]
    MissingType,
    #[error("{0} is missing or of the wrong kind")]
    BadField(&'static str),
    #[error("heading level {0} is out of range: use 1, 2 or 3")]
    HeadingLevel(i64),
    #[error("a text run of {chars} characters; a run may be at most {max}")]
    RunTooLong { chars: usize, max: usize },
    #[error("the document holds {chars} characters; a document may hold at most {max}")]
    TooMuchText { chars: usize, max: usize },
    #[error("the document has more than {max} nodes")]
    TooManyNodes { max: usize },
    #[error("image sha256 {0:?} is not 64 hexadecimal digits")]
    BadSha256(String),
    #[error("image width {0} is not a fraction between 0 and 1")]
    BadImageWidth(String),
    #[error("a table with no rows or no cells")]
    EmptyTable,
    #[error("table row {row} has {cells} cells where the first has {expected}")]
    RaggedTable {
        row: usize,
        cells: usize,
        expected: usize,
    },
    #[error("a table of {0} columns; a table may have at most {MAX_TABLE_COLUMNS}")]
    TooManyColumns(usize),
    #[error("a list nested more than one level deep")]
    ListTooDeep,
    #[error("a list with no items, or an item with no paragraph")]
    EmptyList,
}

impl Doc {
    pub fn new(content: Vec<Block>) -> Doc {
        Doc { content }
    }

    /// Parse and check a document as the editor sends it. Text over [`MAX_JSON_BYTES`] is refused by its
    /// length alone; then every limit and node is checked, the first problem reported with its place.
    pub fn from_json(json: &str) -> Result<Doc, DocError> {
        if json.len() > MAX_JSON_BYTES {
            return Err(DocError {
                at: String::new(),
                kind: DocErrorKind::TooLarge {
                    bytes: json.len(),
                    max: MAX_JSON_BYTES,
                },
            });
        }
        let value: Value = serde_json::from_str(json).map_err(|e| DocError {
            at: String::new(),
            kind: DocErrorKind::Json(e.to_string()),
        })?;
        Doc::from_value(&value)
    }

    /// [`Doc::from_json`] for JSON already parsed.
    pub fn from_value(value: &Value) -> Result<Doc, DocError> {
        let mut r = Reader::default();
        let obj = r.node(value, "", &["doc"], "doc")?;
        let content = r.blocks(obj, "", Level::Top)?;
        Ok(Doc::new(content))
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a document serializes")
    }

    /// Whether the document has nothing to print: no image, table or list, and only blank text.
    pub fn is_blank(&self) -> bool {
        self.content.iter().all(Block::is_blank)
    }

    /// Every image's SHA-256, in order.
    pub fn images(&self) -> Vec<&str> {
        let mut out = Vec::new();
        for b in &self.content {
            if let Block::Image { attrs } = b {
                out.push(attrs.sha256.as_str());
            }
        }
        out
    }

    /// A document of plain paragraphs, one per line of `text` (blank lines dropped).
    pub fn from_plain(text: &str) -> Doc {
        Doc::new(
            text.lines()
                .filter(|l| !l.trim().is_empty())
                .map(|l| Block::paragraph(l.trim()))
                .collect(),
        )
    }
}

impl Block {
    pub fn heading(level: u8, text: impl Into<String>) -> Block {
        Block::Heading {
            attrs: HeadingAttrs { level },
            content: vec![Inline::text(text)],
        }
    }

    pub fn paragraph(text: impl Into<String>) -> Block {
        Block::Paragraph {
            content: vec![Inline::text(text)],
        }
    }

    fn is_blank(&self) -> bool {
        match self {
            Block::Heading { content, .. } | Block::Paragraph { content } => {
                content.iter().all(|i| match i {
                    Inline::Text { text, .. } => text.trim().is_empty(),
                    Inline::HardBreak => true,
                })
            }
            _ => false,
        }
    }
}

impl Inline {
    pub fn text(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            marks: Vec::new(),
        }
    }

    pub fn bold(text: impl Into<String>) -> Inline {
        Inline::Text {
            text: text.into(),
            marks: vec![Mark::Bold],
        }
    }
}

impl<'de> Deserialize<'de> for Doc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Doc, D::Error> {
        let value = Value::deserialize(d)?;
        Doc::from_value(&value).map_err(serde::de::Error::custom)
    }
}

/// 64 hexadecimal digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}
