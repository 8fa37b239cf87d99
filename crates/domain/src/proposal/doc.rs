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
use serde_json::{Map, Value};

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

/// Where a list of blocks sits: what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Top,
    /// In a list item at `depth` (1 or 2).
    Item(u8),
    Cell,
}

const BLOCKS: &str = "heading, paragraph, bulletList, orderedList, table or image";

/// Reads a document out of JSON, counting nodes and characters as it goes.
#[derive(Default)]
struct Reader {
    nodes: usize,
    chars: usize,
}

fn err<T>(at: &str, kind: DocErrorKind) -> Result<T, DocError> {
    Err(DocError {
        at: at.to_string(),
        kind,
    })
}

impl Reader {
    /// `value` as an object of one of `types`; counts it.
    fn node<'v>(
        &mut self,
        value: &'v Value,
        at: &str,
        types: &[&str],
        expected: &'static str,
    ) -> Result<&'v Map<String, Value>, DocError> {
        let Some(obj) = value.as_object() else {
            return err(at, DocErrorKind::BadField("the node"));
        };
        let Some(kind) = obj.get("type") else {
            return err(at, DocErrorKind::MissingType);
        };
        let Some(kind) = kind.as_str() else {
            return err(at, DocErrorKind::BadField("type"));
        };
        if !types.contains(&kind) {
            return err(
                at,
                DocErrorKind::UnknownNode {
                    node: kind.to_string(),
                    expected,
                },
            );
        }
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return err(at, DocErrorKind::TooManyNodes { max: MAX_NODES });
        }
        Ok(obj)
    }

    /// The `content` array of `obj` (absent is empty).
    fn content<'v>(obj: &'v Map<String, Value>, at: &str) -> Result<&'v [Value], DocError> {
        match obj.get("content") {
            None | Some(Value::Null) => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(_) => err(at, DocErrorKind::BadField("content")),
        }
    }

    fn blocks(
        &mut self,
        obj: &Map<String, Value>,
        at: &str,
        level: Level,
    ) -> Result<Vec<Block>, DocError> {
        let items = Self::content(obj, at)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            let here = path(at, i);
            out.push(self.block(v, &here, level)?);
        }
        Ok(out)
    }

    fn block(&mut self, v: &Value, at: &str, level: Level) -> Result<Block, DocError> {
        let (types, expected): (&[&str], &'static str) = match level {
            Level::Top => (
                &[
                    "heading",
                    "paragraph",
                    "bulletList",
                    "orderedList",
                    "table",
                    "image",
                ],
                BLOCKS,
            ),
            Level::Item(_) => (
                &["paragraph", "bulletList", "orderedList"],
                "paragraph, bulletList or orderedList",
            ),
            Level::Cell => (&["paragraph"], "paragraph"),
        };
        if let Some(kind) = v.get("type").and_then(Value::as_str)
            && matches!(kind, "bulletList" | "orderedList")
            && level == Level::Item(2)
        {
            return err(at, DocErrorKind::ListTooDeep);
        }
        let obj = self.node(v, at, types, expected)?;
        let kind = obj["type"].as_str().unwrap_or_default();
        Ok(match kind {
            "heading" => {
                let level = obj
                    .get("attrs")
                    .and_then(|a| a.get("level"))
                    .and_then(Value::as_i64)
                    .ok_or(())
                    .or_else(|()| err(at, DocErrorKind::BadField("attrs.level")))?;
                if !(1..=3).contains(&level) {
                    return err(at, DocErrorKind::HeadingLevel(level));
                }
                Block::Heading {
                    attrs: HeadingAttrs { level: level as u8 },
                    content: self.inlines(obj, at)?,
                }
            }
            "paragraph" => Block::Paragraph {
                content: self.inlines(obj, at)?,
            },
            "bulletList" | "orderedList" => {
                let depth = match level {
                    Level::Item(d) => d + 1,
                    _ => 1,
                };
                let items = Self::content(obj, at)?;
                if items.is_empty() {
                    return err(at, DocErrorKind::EmptyList);
                }
                let mut content = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let here = path(at, i);
                    let o = self.node(item, &here, &["listItem"], "listItem")?;
                    let blocks = self.blocks(o, &here, Level::Item(depth))?;
                    if !matches!(blocks.first(), Some(Block::Paragraph { .. })) {
                        return err(&here, DocErrorKind::EmptyList);
                    }
                    content.push(ListItem { content: blocks });
                }
                if kind == "bulletList" {
                    Block::BulletList { content }
                } else {
                    Block::OrderedList { content }
                }
            }
            "table" => self.table(obj, at)?,
            _ => self.image(obj, at)?,
        })
    }

    fn table(&mut self, obj: &Map<String, Value>, at: &str) -> Result<Block, DocError> {
        let rows = Self::content(obj, at)?;
        let mut content = Vec::with_capacity(rows.len());
        let mut width = None;
        for (r, row) in rows.iter().enumerate() {
            let here = path(at, r);
            let o = self.node(row, &here, &["tableRow"], "tableRow")?;
            let cells = Self::content(o, &here)?;
            let mut out = Vec::with_capacity(cells.len());
            for (c, cell) in cells.iter().enumerate() {
                let cell_at = path(&here, c);
                let o = self.node(
                    cell,
                    &cell_at,
                    &["tableHeader", "tableCell"],
                    "tableHeader or tableCell",
                )?;
                out.push(TableCell {
                    header: o["type"] == "tableHeader",
                    content: self.blocks(o, &cell_at, Level::Cell)?,
                });
            }
            match width {
                None => {
                    if out.is_empty() {
                        return err(at, DocErrorKind::EmptyTable);
                    }
                    if out.len() > MAX_TABLE_COLUMNS {
                        return err(at, DocErrorKind::TooManyColumns(out.len()));
                    }
                    width = Some(out.len());
                }
                Some(expected) if expected != out.len() => {
                    return err(
                        at,
                        DocErrorKind::RaggedTable {
                            row: r + 1,
                            cells: out.len(),
                            expected,
                        },
                    );
                }
                Some(_) => {}
            }
            content.push(TableRow { content: out });
        }
        if content.is_empty() {
            return err(at, DocErrorKind::EmptyTable);
        }
        Ok(Block::Table { content })
    }

    fn image(&mut self, obj: &Map<String, Value>, at: &str) -> Result<Block, DocError> {
        let attrs = obj.get("attrs").and_then(Value::as_object);
        let field = |name: &str| attrs.and_then(|a| a.get(name));
        let sha256 = field("sha256")
            .and_then(Value::as_str)
            .ok_or(())
            .or_else(|()| err(at, DocErrorKind::BadField("attrs.sha256")))?;
        if !is_sha256(sha256) {
            return err(at, DocErrorKind::BadSha256(truncated(sha256)));
        }
        let caption = match field("caption") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return err(at, DocErrorKind::BadField("attrs.caption")),
        };
        self.count_text(&caption, at)?;
        let width = match field("width") {
            None | Some(Value::Null) => 1.0,
            Some(w) => match w.as_f64() {
                Some(f) if f > 0.0 && f <= 1.0 => f as f32,
                _ => return err(at, DocErrorKind::BadImageWidth(truncated(&w.to_string()))),
            },
        };
        Ok(Block::Image {
            attrs: ImageAttrs {
                sha256: sha256.to_ascii_lowercase(),
                caption,
                width,
            },
        })
    }

    fn inlines(&mut self, obj: &Map<String, Value>, at: &str) -> Result<Vec<Inline>, DocError> {
        let items = Self::content(obj, at)?;
        let mut out = Vec::with_capacity(items.len());
        for (i, v) in items.iter().enumerate() {
            let here = path(at, i);
            let o = self.node(v, &here, &["text", "hardBreak"], "text or hardBreak")?;
            if o["type"] == "hardBreak" {
                out.push(Inline::HardBreak);
                continue;
            }
            let text = o
                .get("text")
                .and_then(Value::as_str)
                .ok_or(())
                .or_else(|()| err(&here, DocErrorKind::BadField("text")))?;
            self.count_text(text, &here)?;
            let mut marks = Vec::new();
            if let Some(list) = o.get("marks") {
                let Some(list) = list.as_array() else {
                    return err(&here, DocErrorKind::BadField("marks"));
                };
                for m in list {
                    let name = m.get("type").and_then(Value::as_str).unwrap_or_default();
                    let mark = match name {
                        "bold" => Mark::Bold,
                        "italic" => Mark::Italic,
                        other => {
                            return err(&here, DocErrorKind::UnknownMark(truncated(other)));
                        }
                    };
                    if !marks.contains(&mark) {
                        marks.push(mark);
                    }
                }
            }
            out.push(Inline::Text {
                text: text.to_string(),
                marks,
            });
        }
        Ok(out)
    }

    fn count_text(&mut self, text: &str, at: &str) -> Result<(), DocError> {
        // Bytes bound characters from above: most runs are checked without counting.
        let chars = if text.len() <= MAX_RUN_CHARS {
            text.len().min(text.chars().count())
        } else {
            text.chars().count()
        };
        if chars > MAX_RUN_CHARS {
            return err(
                at,
                DocErrorKind::RunTooLong {
                    chars,
                    max: MAX_RUN_CHARS,
                },
            );
        }
        self.chars += chars;
        if self.chars > MAX_DOC_CHARS {
            return err(
                at,
                DocErrorKind::TooMuchText {
                    chars: self.chars,
                    max: MAX_DOC_CHARS,
                },
            );
        }
        Ok(())
    }
}

fn path(at: &str, i: usize) -> String {
    if at.is_empty() {
        format!("content[{i}]")
    } else {
        format!("{at}.content[{i}]")
    }
}

/// 64 hexadecimal digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// At most 80 characters of `s`, for an error message.
fn truncated(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
