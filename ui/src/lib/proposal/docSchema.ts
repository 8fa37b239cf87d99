// The editor's schema: exactly the nodes and marks `Doc::from_json` accepts, so whatever is typed, pasted or
// dropped into the editor comes out as a document Rust takes. Paragraphs, headings 1–3, bullet and numbered
// lists two levels deep, tables of paragraphs, images by SHA-256, bold, italic and line breaks; nothing else is
// registered, so pasted links, underlines, code, quotes or rules are dropped by the parser itself.

import { Extension, mergeAttributes, Node, type AnyExtension, type NodeViewRenderer } from "@tiptap/core";
import { Bold } from "@tiptap/extension-bold";
import { Document } from "@tiptap/extension-document";
import { HardBreak } from "@tiptap/extension-hard-break";
import { Heading } from "@tiptap/extension-heading";
import { Italic } from "@tiptap/extension-italic";
import { BulletList, ListItem, ListKeymap, OrderedList } from "@tiptap/extension-list";
import { Paragraph } from "@tiptap/extension-paragraph";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";
import { Text } from "@tiptap/extension-text";
import { Dropcursor, Gapcursor, Placeholder, UndoRedo } from "@tiptap/extensions";
import type { Node as PMNode, ResolvedPos } from "@tiptap/pm/model";
import { Plugin, PluginKey } from "@tiptap/pm/state";
import { isSha256, MAX_TABLE_COLUMNS } from "./doc";

const LISTS = new Set(["bulletList", "orderedList"]);
/** A list inside a list item is the second level; a third is refused by Rust. */
const MAX_LIST_LEVEL = 2;

/** How many lists enclose a position. */
export function listLevel($pos: ResolvedPos): number {
  let level = 0;
  for (let d = $pos.depth; d > 0; d--) if (LISTS.has($pos.node(d).type.name)) level++;
  return level;
}

/** A list item holds a paragraph, then paragraphs and lists: no heading, table or image. Tab does not indent an
 * item past the second level (nor an item with a sub-list past the first). */
const ProposalListItem = ListItem.extend({
  content: "paragraph (paragraph | bulletList | orderedList)*",
  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      Tab: () => {
        const { $from } = this.editor.state.selection;
        const level = listLevel($from);
        let hasSubList = false;
        for (let d = $from.depth; d > 0; d--) {
          const node = $from.node(d);
          if (node.type.name === this.name) {
            node.forEach((child) => (hasSubList ||= LISTS.has(child.type.name)));
            break;
          }
        }
        if (level + (hasSubList ? 1 : 0) >= MAX_LIST_LEVEL) return false;
        return this.editor.commands.sinkListItem(this.name);
      },
      "Shift-Tab": () => this.editor.commands.liftListItem(this.name),
    };
  },
});

/** Cells hold paragraphs, are never merged (a pasted colspan or rowspan becomes single cells, and the table is
 * squared up), and carry no alignment or width the PDF would not print. */
const cellAttributes = () => ({
  colspan: { default: 1, parseHTML: () => 1 },
  rowspan: { default: 1, parseHTML: () => 1 },
  colwidth: { default: null, parseHTML: () => null },
});
const ProposalTableCell = TableCell.extend({ content: "paragraph+", addAttributes: cellAttributes });
const ProposalTableHeader = TableHeader.extend({ content: "paragraph+", addAttributes: cellAttributes });

export interface ProposalImageOptions {
  /** Draws the image in the editor (a Svelte component, see imageNodeView.svelte.ts). */
  nodeView: NodeViewRenderer | null;
}

function imageWidth(value: unknown): number {
  const n = typeof value === "number" ? value : Number(value);
  return Number.isFinite(n) && n > 0 && n <= 1 ? n : 1;
}

/** An image by the SHA-256 of its stored blob, with a caption and the fraction of the text width it takes. It is
 * never an `<img src>`: pasted or dropped web images have no blob and are not taken. */
export const ProposalImage = Node.create<ProposalImageOptions>({
  name: "image",
  group: "block",
  atom: true,
  selectable: true,
  draggable: false,

  addOptions() {
    return { nodeView: null };
  },

  addAttributes() {
    return {
      sha256: {
        default: null,
        parseHTML: (el) => el.getAttribute("data-sha256")?.toLowerCase() ?? null,
        renderHTML: (attrs) => ({ "data-sha256": attrs.sha256 }),
      },
      caption: {
        default: "",
        parseHTML: (el) => el.querySelector("figcaption")?.textContent ?? "",
        renderHTML: () => ({}),
      },
      width: {
        default: 1,
        parseHTML: (el) => imageWidth(el.getAttribute("data-width")),
        renderHTML: (attrs) => ({ "data-width": String(attrs.width) }),
      },
    };
  },

  parseHTML() {
    // Copy and paste within the app keeps images; anything without a valid hash is no image of ours.
    return [{ tag: "figure[data-sha256]", getAttrs: (el) => (isSha256(el.getAttribute("data-sha256")) ? null : false) }];
  },

  renderHTML({ node, HTMLAttributes }) {
    return ["figure", mergeAttributes(HTMLAttributes), ["figcaption", String(node.attrs.caption ?? "")]];
  },

  addNodeView() {
    return this.options.nodeView;
  },
});

/** An item of a second-level list, flattened: its paragraphs stay an item, the lists inside it become items of
 * the same list after it, in order. */
function flattenItem(item: PMNode): PMNode[] {
  const out: PMNode[] = [];
  let run: PMNode[] = [];
  const flush = () => {
    if (run.length > 0) out.push(item.type.create(item.attrs, run));
    run = [];
  };
  item.forEach((child) => {
    if (LISTS.has(child.type.name)) {
      flush();
      child.forEach((sub) => out.push(...flattenItem(sub)));
    } else run.push(child);
  });
  flush();
  return out;
}

/**
 * Keeps the document within what Rust accepts whatever happened (a paste, a drop, a command): lists deeper than
 * two levels are flattened into the second level, and tables wider than 20 columns lose the extra columns.
 */
const DocShape = Extension.create({
  name: "proposalDocShape",
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey("proposalDocShape"),
        appendTransaction(transactions, _old, state) {
          if (!transactions.some((tr) => tr.docChanged)) return null;
          const fixes: { from: number; to: number; node: PMNode }[] = [];
          state.doc.descendants((node, pos) => {
            if (LISTS.has(node.type.name)) {
              const level = listLevel(state.doc.resolve(pos)) + 1;
              if (level < MAX_LIST_LEVEL) return true;
              let nested = false;
              node.forEach((item) => item.forEach((c) => (nested ||= LISTS.has(c.type.name))));
              if (nested) {
                const items: PMNode[] = [];
                node.forEach((item) => items.push(...flattenItem(item)));
                fixes.push({ from: pos, to: pos + node.nodeSize, node: node.type.create(node.attrs, items) });
              }
              return false;
            }
            if (node.type.name === "table") {
              let wide = false;
              node.forEach((row) => (wide ||= row.childCount > MAX_TABLE_COLUMNS));
              if (wide) {
                const rows: PMNode[] = [];
                node.forEach((row) => {
                  const cells: PMNode[] = [];
                  row.forEach((cell, _offset, i) => {
                    if (i < MAX_TABLE_COLUMNS) cells.push(cell);
                  });
                  rows.push(row.type.create(row.attrs, cells));
                });
                fixes.push({ from: pos, to: pos + node.nodeSize, node: node.type.create(node.attrs, rows) });
              }
              return false;
            }
            return !node.isTextblock && !node.isAtom;
          });
          if (fixes.length === 0) return null;
          const tr = state.tr;
          for (const fix of fixes.reverse()) tr.replaceWith(fix.from, fix.to, fix.node);
          return tr;
        },
      }),
    ];
  },
});

export interface DocExtensionOptions {
  /** The placeholder shown in an empty document, read when the editor redraws. */
  placeholder: () => string;
  imageNodeView: NodeViewRenderer | null;
}

/** The editor's extensions; nothing else may be added without Rust accepting it first. */
export function docExtensions(options: DocExtensionOptions): AnyExtension[] {
  return [
    Document,
    Paragraph,
    Text,
    Heading.configure({ levels: [1, 2, 3] }),
    Bold,
    Italic,
    HardBreak,
    BulletList,
    OrderedList,
    ProposalListItem,
    ListKeymap,
    Table.configure({ resizable: false, allowTableNodeSelection: false }),
    TableRow,
    ProposalTableHeader,
    ProposalTableCell,
    ProposalImage.configure({ nodeView: options.imageNodeView }),
    DocShape,
    UndoRedo,
    Dropcursor,
    Gapcursor,
    Placeholder.configure({ placeholder: () => options.placeholder() }),
  ];
}
