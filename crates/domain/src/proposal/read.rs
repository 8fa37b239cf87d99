//! Reading a [`Doc`] out of editor JSON: every node checked, counted and placed.

use serde_json::{Map, Value};

use super::doc::{
    Block, DocError, DocErrorKind, HeadingAttrs, ImageAttrs, Inline, ListItem, MAX_DOC_CHARS,
    MAX_NODES, MAX_RUN_CHARS, MAX_TABLE_COLUMNS, Mark, TableCell, TableRow, is_sha256,
};

/// Where a list of blocks sits: what it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Level {
    Top,
    /// In a list item at `depth` (1 or 2).
    Item(u8),
    Cell,
}

const BLOCKS: &str = "heading, paragraph, bulletList, orderedList, table or image";

/// Reads a document out of JSON, counting nodes and characters as it goes.
#[derive(Default)]
pub(super) struct Reader {
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
    pub(super) fn node<'v>(
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

    pub(super) fn blocks(
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

/// At most 80 characters of `s`, for an error message.
fn truncated(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}
