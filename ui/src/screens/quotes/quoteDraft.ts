// The quote editor's bookkeeping, kept out of the component so it stays readable.
//
// Rows carry a local `key` because unsaved lines have no id. Preview results and field errors are attached to
// rows by key (using the rows as they were when the draft was sent), so a slow answer never paints one row's
// total or error on another row after the user added or removed lines.

import type {
  FieldError,
  LineShown,
  PdfLanguage,
  QuoteActions,
  QuoteDiscountDraft,
  QuoteDraft,
  QuoteLineKind,
  QuoteView,
} from "../../lib/bindings";

export interface LineState {
  key: number;
  id: string | null;
  product_id: string;
  quantity: string;
  discount_percent: string;
  discount_amount?: string;
  /** An option the client may take; counted in the totals once `selected`. */
  optional?: boolean;
  selected?: boolean;
  /** What the row shows for its product: SKU and name as picked, or as recorded on the saved line. */
  sku?: string;
  label?: string;
  // A bundle line and its components: a component names its bundle line's index.
  kind?: QuoteLineKind;
  parent?: number | null;
  /** A bundle line's pricing, for display: "sum" (of its components) or "fixed". */
  bundle_pricing?: string;
}

/**
 * Remove row `index`; a bundle row takes its components with it, and later components' `parent` indexes
 * follow the rows that moved up (the same rule as `QuoteDraft::remove_line` in the domain crate).
 */
export function removeRow(lines: LineState[], index: number): LineState[] {
  const bundle = lines[index]?.kind === "bundle";
  const removed = lines.map((l, i) => i === index || (bundle && l.kind === "component" && l.parent === index));
  const newIndex: (number | null)[] = [];
  let next = 0;
  for (const gone of removed) {
    newIndex.push(gone ? null : next);
    if (!gone) next += 1;
  }
  return lines
    .filter((_, i) => !removed[i])
    .map((l) =>
      l.parent === undefined || l.parent === null ? l : { ...l, parent: newIndex[l.parent] ?? null },
    );
}

/** Header fields beyond customer and notes: terms, validity and the quote-level discount. */
export interface HeaderExtras {
  payment_terms: string;
  delivery_terms: string;
  valid_until: string;
  quote_discount: QuoteDiscountDraft;
  /** The labels of the quote's PDF; `null` for the device's default. */
  pdf_lang: PdfLanguage | null;
}

export const NO_EXTRAS: HeaderExtras = {
  payment_terms: "",
  delivery_terms: "",
  valid_until: "",
  quote_discount: { kind: "none" },
  pdf_lang: null,
};

export function extrasOf(q: QuoteView): HeaderExtras {
  return {
    payment_terms: q.payment_terms,
    delivery_terms: q.delivery_terms,
    valid_until: q.valid_until,
    quote_discount: q.quote_discount,
    pdf_lang: q.pdf_lang ?? null,
  };
}

export const LINE_FIELDS = ["product_id", "quantity", "discount_percent", "discount_amount"] as const;
export type LineField = (typeof LINE_FIELDS)[number];
export const HEADER_FIELDS = [
  "customer_id",
  "notes",
  "payment_terms",
  "delivery_terms",
  "valid_until",
  "quote_discount",
  "pdf_lang",
] as const;
export type HeaderField = (typeof HEADER_FIELDS)[number];

export function toDraft(
  id: string | null,
  customerId: string,
  notes: string,
  lines: readonly LineState[],
  extras: HeaderExtras = NO_EXTRAS,
): QuoteDraft {
  return {
    id,
    customer_id: customerId === "" ? null : customerId,
    notes,
    ...extras,
    lines: lines.map((l) => ({
      id: l.id,
      product_id: l.product_id,
      quantity: l.quantity,
      discount_percent: l.discount_percent,
      discount_amount: l.discount_amount ?? "",
      optional: l.optional ?? false,
      selected: l.selected ?? false,
      kind: l.kind ?? "item",
      parent: l.parent ?? null,
    })),
  };
}

/**
 * The actions of a new quote before the backend has priced it: it can be edited, nothing else yet. Every other
 * quote's actions come with its view (`QuoteView.actions`, decided by the domain crate).
 */
export const NEW_QUOTE_ACTIONS: QuoteActions = {
  edit: true,
  send: false,
  send_blocked: false,
  revise: false,
  approve: false,
  reject_approval: false,
  accept: false,
  reject: false,
};

/** What the backend said about a draft, attached to header fields and row keys. */
export interface Checked {
  header: Map<string, FieldError>;
  lines: Map<number, Map<LineField, FieldError>>;
  /** Errors no input shows (unknown field names, rows that no longer exist): listed under the form. */
  other: FieldError[];
  /** Each row's figures as the backend wrote them (unit price, amount, a sum bundle's components' total…). */
  shown: Map<number, LineShown>;
  /** Rows whose effective discount is above the limit. */
  overLimit: Set<number>;
  /** The row with the largest effective discount, when the review found one. */
  largest: number | null;
}

export const NOTHING_CHECKED: Checked = {
  header: new Map(),
  lines: new Map(),
  other: [],
  shown: new Map(),
  overLimit: new Set(),
  largest: null,
};

const LINE_FIELD = /^lines\[(\d+)\]\.(\w+)$/;

/** Attach `errors` (and, given a view, its lines' figures) to the rows `keys` of the draft that was checked. */
export function check(errors: readonly FieldError[], keys: readonly number[], view: QuoteView | null): Checked {
  const header = new Map<string, FieldError>();
  const lines = new Map<number, Map<LineField, FieldError>>();
  const other: FieldError[] = [];
  const rowsWithErrors = new Set<number>();

  for (const error of errors) {
    const m = LINE_FIELD.exec(error.field);
    if (m) {
      const index = Number(m[1]);
      const sub = m[2] as LineField;
      const key = keys[index];
      rowsWithErrors.add(index);
      if (key !== undefined && (LINE_FIELDS as readonly string[]).includes(sub)) {
        const row = lines.get(key) ?? new Map<LineField, FieldError>();
        if (!row.has(sub)) row.set(sub, error);
        lines.set(key, row);
        continue;
      }
    } else if ((HEADER_FIELDS as readonly string[]).includes(error.field)) {
      if (!header.has(error.field)) header.set(error.field, error);
      continue;
    }
    other.push(error);
  }

  const shown = new Map<number, LineShown>();
  const overLimit = new Set<number>();
  let largest: number | null = null;
  if (view) {
    // The view lists every line of the draft in its order (invalid ones without figures); an older answer
    // may list only the valid ones: zip its lines with the rows they stand for.
    const priced =
      view.lines.length === keys.length ? keys : keys.filter((_, index) => !rowsWithErrors.has(index));
    priced.forEach((key, index) => {
      const line = view.lines[index];
      if (line?.shown) shown.set(key, line.shown);
    });
    const review = view.discount_review;
    for (const index of review.lines_over_limit) {
      const key = priced[index];
      if (key !== undefined) overLimit.add(key);
    }
    largest = review.largest ? (priced[review.largest.line] ?? null) : null;
  }
  return { header, lines, other, shown, overLimit, largest };
}

/** A row's error, renamed to the row's current position (rows may have moved since the check). */
export function lineError(checked: Checked, key: number, field: LineField, index: number): FieldError | undefined {
  const error = checked.lines.get(key)?.get(field);
  return error && { ...error, field: `lines[${index}].${field}` };
}
