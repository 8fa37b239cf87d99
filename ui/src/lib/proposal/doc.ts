// The rich-text document of a proposal section or content block, as JSON: the shape the editor (TipTap /
// ProseMirror) produces and `Doc::from_json` (crates/domain/src/proposal/doc.rs) accepts. Rust is the judge of
// what is valid; these types say what the editor sends and receives.

import type { JSONContent } from "@tiptap/core";

/** Inline marks: only bold and italic print. */
export type DocMark = { type: "bold" } | { type: "italic" };

export interface DocText {
  type: "text";
  text: string;
  marks?: DocMark[];
}

export interface DocHardBreak {
  type: "hardBreak";
}

export type DocInline = DocText | DocHardBreak;

export interface DocParagraph {
  type: "paragraph";
  /** Absent for an empty paragraph. */
  content?: DocInline[];
}

export interface DocHeading {
  type: "heading";
  attrs: { level: 1 | 2 | 3 };
  content?: DocInline[];
}

/** An item of a list: a paragraph first, then paragraphs and (at the first level only) one more level of list. */
export interface DocListItem {
  type: "listItem";
  content: (DocParagraph | DocBulletList | DocOrderedList)[];
}

export interface DocBulletList {
  type: "bulletList";
  content: DocListItem[];
}

export interface DocOrderedList {
  type: "orderedList";
  /** The editor adds `start` and `type`; the PDF numbers from 1. */
  attrs?: Record<string, unknown>;
  content: DocListItem[];
}

/** A cell of a table: paragraphs. The editor adds `colspan`/`rowspan`/`colwidth` attrs (always 1, 1, null). */
export interface DocTableCell {
  type: "tableHeader" | "tableCell";
  attrs?: Record<string, unknown>;
  content?: DocParagraph[];
}

export interface DocTableRow {
  type: "tableRow";
  content: DocTableCell[];
}

/** Rows of the same number of cells (at most 20); a first row of header cells repeats on every page. */
export interface DocTable {
  type: "table";
  content: DocTableRow[];
}

export interface DocImageAttrs {
  /** The SHA-256 of the image's blob, 64 hexadecimal digits. */
  sha256: string;
  caption?: string;
  /** The fraction of the text width the image takes, in (0, 1]; 1 when absent. */
  width?: number;
}

export interface DocImage {
  type: "image";
  attrs: DocImageAttrs;
}

export type DocBlock = DocHeading | DocParagraph | DocBulletList | DocOrderedList | DocTable | DocImage;

export interface Doc {
  type: "doc";
  content?: DocBlock[];
}

/** A document with nothing in it yet: one empty paragraph, which is also what a cleared editor sends. */
export function emptyDoc(): Doc {
  return { type: "doc", content: [{ type: "paragraph" }] };
}

/** The widths offered for an image, as fractions of the text width. */
export const IMAGE_WIDTHS = [0.25, 0.5, 0.75, 1] as const;

/** The most columns of a table (`MAX_TABLE_COLUMNS` on the Rust side). */
export const MAX_TABLE_COLUMNS = 20;

/** Whether `a` and `b` are the very same object. A plain module's `===`: in a component, comparing a reactive
 * proxy with a plain object is flagged, and a proxy is never its target anyway. */
export function sameDoc(a: Doc | null, b: Doc | null): boolean {
  return a === b;
}

export function isSha256(value: unknown): value is string {
  return typeof value === "string" && /^[0-9a-fA-F]{64}$/.test(value);
}

/** A stored document as the editor loads it: an empty document gets its empty paragraph, a cell without a
 * paragraph gets one (Rust accepts both; the editor's schema needs them). */
export function toEditorJSON(doc: Doc): JSONContent {
  const fill = (node: JSONContent): JSONContent => {
    if (node.type === "tableHeader" || node.type === "tableCell") {
      return node.content && node.content.length > 0 ? node : { ...node, content: [{ type: "paragraph" }] };
    }
    return node.content ? { ...node, content: node.content.map(fill) } : node;
  };
  const content = (doc.content ?? []) as JSONContent[];
  return { type: "doc", content: content.length > 0 ? content.map(fill) : [{ type: "paragraph" }] };
}
