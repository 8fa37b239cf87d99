// The quote editor's state and its calls to the backend, kept out of the components so they only lay it out.
//
// Every figure comes from the backend (`QuoteView`, priced and written by the domain crate): the editor sends
// the draft ~150 ms after the last change and shows the answer. What the quote offers (edit, send, approve,
// revise…) comes with the view too (`QuoteView.actions`).

import { _, locale } from "svelte-i18n";
import { get } from "svelte/store";
import {
  api,
  toApiError,
  type ApiError,
  type AccountRow,
  type PdfLanguage,
  type QuoteDiff,
  type QuoteStatus,
  type QuoteView,
  type RepricingView,
} from "../../lib/api";
import { accountsContaining } from "../../lib/accounts";
import { askConfirm } from "../../lib/confirm.svelte";
import { debounce, latestOnly } from "../../lib/debounce";
import { errorMessage, errorWithDetail } from "../../lib/errors";
import { pdfLang, type Translate } from "../../lib/i18n";
import type { QuoteFor } from "../../lib/navigation.svelte";
import { syncWatch } from "../../lib/syncWatch.svelte";
import { showToast } from "../../lib/toast.svelte";
import {
  check,
  extrasOf,
  NEW_QUOTE_ACTIONS,
  NO_EXTRAS,
  NOTHING_CHECKED,
  toDraft,
  type Checked,
  type HeaderExtras,
  type LineState,
} from "./quoteDraft";

const t: Translate = (id, options) => get(_)(id, options);

const asLang = (v: string): PdfLanguage | null => (v === "en" || v === "zh" || v === "bilingual" ? v : null);

/** The flags that say a step is running (and keep a second click from starting it again). */
type Busy = "acting" | "pdfBusy" | "diffBusy";

export class EditorController {
  loaded = $state(false);
  loadError = $state<ApiError | null>(null);
  /** No customer exists yet: a new quote cannot be made until one is. */
  noCustomers = $state(false);

  quoteId = $state<string | null>(null);
  number = $state<string | null>(null);
  status = $state<QuoteStatus>("draft");
  /** What the badge shows: a sent quote past its validity shows as expired. */
  shownStatus = $state<QuoteStatus>("draft");
  customerId = $state("");
  customerName = $state("");
  notes = $state("");
  lines = $state<LineState[]>([]);
  extras = $state<HeaderExtras>({ ...NO_EXTRAS });

  view = $state<QuoteView | null>(null);
  checked = $state<Checked>(NOTHING_CHECKED);
  previewPending = $state(false);
  previewError = $state<ApiError | null>(null);
  saving = $state(false);
  saveAttempted = $state(false);

  acting = $state(false);
  pdfBusy = $state(false);
  diffBusy = $state(false);
  /** Where the last PDF was written; cleared by the next edit (it no longer shows the quote as it is). */
  pdfPath = $state<string | null>(null);
  /** Newer prices: which lines would change (a sync brought a new price-list version). */
  repricing = $state<RepricingView | null>(null);
  diff = $state<QuoteDiff | null>(null);

  approveOpen = $state(false);

  /** The PDF's language chosen for a quote that can no longer change (printed, not saved). */
  pdfLanguage = $state<PdfLanguage | null>(null);
  pdfDefault = $state<PdfLanguage | null>(null);

  /** JSON of the draft as saved: what "unsaved changes" compares with. */
  private savedJson = $state("");
  /** JSON of the draft when the PDF was written. */
  private pdfJson = "";
  /** JSON of the last draft the backend checked (preview or save): no need to preview it again. */
  private lastChecked = "";
  private nextKey = 1;
  readonly newKey = () => this.nextKey++;

  /** What the quote offers now (edit, send, revise, approve…), as the backend decided it. */
  readonly actions = $derived(this.view?.actions ?? NEW_QUOTE_ACTIONS);
  readonly readOnly = $derived(!this.actions.edit);
  readonly draft = $derived(toDraft(this.quoteId, this.customerId, this.notes, this.lines, this.extras));
  readonly draftJson = $derived(JSON.stringify(this.draft));
  readonly dirty = $derived(this.loaded && !this.readOnly && this.draftJson !== this.savedJson);
  /** "Choose a customer" is not shouted at someone who has only just opened a new quote. */
  readonly customerError = $derived.by(() => {
    const e = this.checked.header.get("customer_id");
    return e && (this.saveAttempted || e.code !== "required") ? e : undefined;
  });
  /** Labels of the PDF: the quote's own choice (saved with it), else the Settings default, else the app's
   * language (the backend applies the same order when it prints). A quote that can no longer change can still
   * be printed in another language, just not saved. */
  readonly pdfLanguageShown = $derived<PdfLanguage>(
    (this.readOnly ? this.pdfLanguage : null) ?? this.extras.pdf_lang ?? this.pdfDefault ?? pdfLang(get(locale)),
  );
  /** With a server, a manager approves on this laptop with their password (the server checks it); a laptop
   * that works alone has no accounts, so whoever approves writes their name. */
  readonly connected = $derived(Boolean(syncWatch.status?.server_url));
  readonly mayDecide = $derived(this.actions.approve && !this.dirty);

  private readonly previews = latestOnly();
  private readonly schedulePreview = debounce(() => void this.preview(), 150);

  /** `quoteFor`: a new quote started from an opportunity, saved as one of its quotes. */
  constructor(
    private readonly id: string | null,
    private readonly quoteFor: QuoteFor | null = null,
  ) {
    // Live totals: every change is priced by the backend (the UI never computes money).
    $effect(() => {
      if (!this.loaded || this.readOnly || this.draftJson === this.lastChecked) return;
      this.previewPending = true;
      this.schedulePreview();
    });
    $effect(() => () => this.schedulePreview.cancel());
    // The "PDF written" notice belongs to the quote as it was: the next edit clears it.
    $effect(() => {
      if (this.pdfPath !== null && this.draftJson !== this.pdfJson) this.pdfPath = null;
    });
    // A sync may have brought new prices.
    $effect(() => {
      void syncWatch.status?.last_sync_at;
      if (this.loaded && this.quoteId && !this.readOnly) void this.checkRepricing(this.quoteId);
      else this.repricing = null;
    });
  }

  /** Open the quote (or start a new one). */
  async load() {
    try {
      const [q, settings] = await Promise.all([
        this.id ? api.quoteGet(this.id) : api.quotePreview(toDraft(null, "", "", [], NO_EXTRAS)),
        api.settingsPdf(),
      ]);
      this.pdfDefault = settings.language;
      if (this.id) this.show(q);
      else {
        // A new quote shows the validity it will be saved with (30 days from today), as a real value.
        this.extras = { ...NO_EXTRAS, valid_until: q.valid_until };
        this.view = q;
        this.noCustomers = (await accountsContaining("", 1)).total === 0;
        if (this.quoteFor) {
          this.customerId = this.quoteFor.accountId;
          this.customerName = this.quoteFor.accountName;
        }
      }
      this.markSaved(Boolean(this.id));
      this.loaded = true;
    } catch (e) {
      this.loadError = toApiError(e);
    }
  }

  /** Show a view the backend returned for the saved quote. */
  private show(q: QuoteView) {
    this.diff = null;
    this.quoteId = q.id;
    this.number = q.number;
    this.status = q.status;
    this.shownStatus = q.shown_status;
    this.customerId = q.customer?.id ?? "";
    this.customerName = q.customer?.name ?? "";
    this.notes = q.notes;
    this.extras = extrasOf(q);
    this.lines = q.lines.map((l) => ({
      key: this.newKey(),
      id: l.id,
      product_id: l.product_id,
      quantity: l.quantity,
      discount_percent: l.discount_percent,
      discount_amount: l.discount_amount,
      optional: l.optional,
      selected: l.selected,
      sku: l.sku,
      label: l.description,
      kind: l.kind,
      parent: l.parent,
      bundle_pricing: l.bundle_pricing,
    }));
    this.view = q;
    this.checked = check(
      q.errors,
      this.lines.map((l) => l.key),
      q,
    );
  }

  /** The draft as it is now is what is saved (and, `checked`, what the backend priced). */
  private markSaved(checked = true) {
    this.savedJson = this.draftJson;
    this.lastChecked = checked ? this.draftJson : "";
  }

  /** Show a saved quote the backend returned after a step (re-price, decision, send, revise). */
  private showSaved(q: QuoteView) {
    this.show(q);
    this.markSaved();
  }

  chooseCustomer(c: AccountRow) {
    this.customerId = c.id;
    this.customerName = c.name;
  }

  choosePdfLanguage(value: string) {
    const lang = asLang(value);
    if (!lang) return;
    if (this.readOnly) this.pdfLanguage = lang;
    else this.extras.pdf_lang = lang;
  }

  setDiscountKind(kind: string) {
    const d = this.extras.quote_discount;
    const value = d.kind === "none" ? "" : d.value;
    this.extras.quote_discount =
      kind === "percent" ? { kind: "percent", value } : kind === "amount" ? { kind: "amount", value } : { kind: "none" };
  }

  setDiscountValue(value: string) {
    const d = this.extras.quote_discount;
    if (d.kind !== "none") this.extras.quote_discount = { kind: d.kind, value };
  }

  private async preview() {
    const sent = this.draft;
    const json = this.draftJson;
    const keys = this.lines.map((l) => l.key);
    const token = this.previews.begin();
    try {
      const v = await api.quotePreview(sent);
      if (!this.previews.isCurrent(token)) return;
      this.view = v;
      this.checked = check(v.errors, keys, v);
      this.previewError = null;
      this.lastChecked = json;
    } catch (e) {
      if (this.previews.isCurrent(token)) this.previewError = toApiError(e);
    } finally {
      if (this.previews.isCurrent(token)) this.previewPending = false;
    }
  }

  async save(): Promise<boolean> {
    if (this.saving || this.readOnly || !this.loaded) return false;
    this.saveAttempted = true;
    this.saving = true;
    this.schedulePreview.cancel();
    const sent = this.draft;
    const keys = this.lines.map((l) => l.key);
    try {
      const v = this.quoteFor
        ? await api.opportunitySaveQuote(this.quoteFor.opportunityId, sent)
        : await api.quoteSave(sent);
      this.previews.begin(); // a preview still in flight is older than this answer
      this.previewPending = false;
      for (const line of this.lines) {
        const sentAt = keys.indexOf(line.key);
        if (sentAt >= 0) line.id = v.lines[sentAt]?.id ?? line.id;
      }
      this.quoteId = v.id;
      this.number = v.number;
      this.status = v.status;
      this.shownStatus = v.shown_status;
      const savedLines = sent.lines.map((l, i) => ({ ...l, key: keys[i] ?? -1, id: v.lines[i]?.id ?? l.id }));
      this.extras = extrasOf(v);
      this.savedJson = JSON.stringify(toDraft(v.id, sent.customer_id ?? "", sent.notes, savedLines, this.extras));
      this.lastChecked = this.savedJson;
      this.view = v;
      this.checked = check(v.errors, keys, v);
      this.diff = null;
      showToast(t("editor.saved", { values: { number: v.number ?? "" } }));
      return true;
    } catch (e) {
      const error = toApiError(e);
      if (error.fields.length > 0) this.checked = check(error.fields, keys, this.view);
      showToast(errorMessage(t, error), "error");
      // The save cancelled a pending preview; the totals must still catch up with the draft.
      if (this.draftJson !== this.lastChecked) void this.preview();
      return false;
    } finally {
      this.saving = false;
    }
  }

  /**
   * The busy / try / toast pattern of every step: nothing starts while `busy` is set; `work` runs with it set;
   * a failure becomes an error toast (with the backend's detail when `detail`), and `done`'s message, if it
   * gives one, a success toast. Returns what `work` returned, `undefined` when it failed or did not start.
   */
  private async step<T>(
    busy: Busy,
    work: () => Promise<T>,
    { done, detail = false }: { done?: (result: T) => string | null; detail?: boolean } = {},
  ): Promise<T | undefined> {
    if (this[busy]) return undefined;
    this[busy] = true;
    try {
      const result = await work();
      const message = done?.(result);
      if (message) showToast(message);
      return result;
    } catch (e) {
      const error = toApiError(e);
      showToast(detail ? errorWithDetail(t, error, (message) => message) : errorMessage(t, error), "error");
      return undefined;
    } finally {
      this[busy] = false;
    }
  }

  /** Unsaved changes are saved first; `false` when that failed. */
  private async savedFirst(): Promise<boolean> {
    return !this.dirty || (await this.save());
  }

  async makePdf() {
    if (this.pdfBusy || this.saving || !(await this.savedFirst()) || !this.quoteId) return;
    const id = this.quoteId;
    // Saved first, so the quote's own choice is the stored one; a read-only quote's choice is for this print.
    const chosen = this.readOnly ? this.pdfLanguage : null;
    const file = await this.step("pdfBusy", () => api.quotePdf(id, chosen, pdfLang(get(locale))), {
      done: () => t("editor.pdfDone"),
    });
    if (file) {
      this.pdfJson = this.draftJson;
      this.pdfPath = file.path;
    }
  }

  async openPdf() {
    const path = this.pdfPath;
    if (path) await this.step("acting", () => api.openPath(path));
  }

  private async checkRepricing(id: string) {
    try {
      const r = await api.quoteRepricing(id);
      this.repricing = r.prompt ? r : null;
    } catch {
      // A missing exchange rate or an unreadable list: the editor's own checks say so on save.
      this.repricing = null;
    }
  }

  async reprice() {
    if (this.acting || !this.quoteId || !(await this.savedFirst())) return;
    const id = this.quoteId;
    const v = await this.step("acting", () => api.quoteReprice(id), {
      done: (v) => t("editor.repricedToast", { values: { number: v.number ?? "" } }),
      detail: true,
    });
    if (v) {
      this.showSaved(v);
      this.repricing = null;
    }
  }

  /** "Keep current prices": recorded, so the offer is not made again until the price lists change. */
  async keepPrices() {
    if (!this.quoteId) return;
    const id = this.quoteId;
    const r = await this.step("acting", () => api.quoteKeepPrices(id));
    if (r) this.repricing = r.prompt ? r : null;
  }

  /** A decision on the discounts came back (from this laptop or the manager's dialog). */
  decided(v: QuoteView) {
    this.approveOpen = false;
    this.showSaved(v);
    const values = { number: v.number ?? "" };
    if (v.status === "approved") showToast(t("editor.approvedToast", { values }));
    else showToast(t("editor.refusedToast", { values }));
  }

  /** Show (or hide) what this revision changed from the quote it revises; saved changes only. */
  async toggleDiff() {
    if (this.diff) {
      this.diff = null;
      return;
    }
    if (!this.quoteId || this.diffBusy || !(await this.savedFirst())) return;
    const id = this.quoteId;
    this.diff = (await this.step("diffBusy", () => api.quoteDiff(id))) ?? null;
  }

  /** Mark the saved quote as sent, once the rep confirms: a sent quote can no longer change. */
  async send() {
    if (this.acting || !this.quoteId || this.actions.send_blocked) return;
    const confirmed = await askConfirm(
      t("editor.confirmSend", { values: { number: this.number ?? "" } }),
      t("editor.send"),
      t("common.cancel"),
    );
    if (!confirmed || !(await this.savedFirst()) || !this.quoteId) return;
    const id = this.quoteId;
    const v = await this.step("acting", () => api.quoteSend(id), {
      done: (v) => t("editor.sentToast", { values: { number: v.number ?? "" } }),
      detail: true,
    });
    if (v) this.showSaved(v);
  }

  /** Make a new draft revision of a sent quote and open it. */
  async revise() {
    if (!this.quoteId) return;
    const id = this.quoteId;
    const v = await this.step("acting", () => api.quoteRevise(id), {
      done: (v) => t("editor.revisedToast", { values: { number: v.number ?? "" } }),
    });
    if (v) this.showSaved(v);
  }
}
