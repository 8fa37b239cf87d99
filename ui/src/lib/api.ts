// The one door to the backend: the generated `commands`, with `{ status: "error" }` turned into a thrown
// `ApiError` so screens can write `await api.customerList(q)` and catch in one place.
//
// Only `commands` and the exported types are taken from bindings.ts, so this file keeps compiling whatever
// helper names the generator uses.

import { commands } from "./bindings";
import type {
  AppError,
  AppErrorCode,
  ApprovalDecision,
  AppInfo,
  CompanyProfile,
  Customer,
  CustomerInput,
  FieldError,
  Lang,
  PdfFile,
  PickedLine,
  PriceListSummary,
  PdfLanguageSetting,
  PdfSettings,
  PendingApprovalView,
  Product,
  QuoteDiff,
  QuoteDraft,
  QuoteSummary,
  QuoteView,
  RepricingView,
  KeepSide,
  SyncConflict,
  SyncStatus,
  SyncSummary,
} from "./bindings";

export type * from "./bindings";

const APP_ERROR_CODES: readonly AppErrorCode[] = [
  "validation",
  "not_found",
  "frozen",
  "approval_required",
  "not_allowed",
  "server_owned",
  "storage",
  "pdf",
  "io",
  "internal",
  "offline",
  "signed_out",
  "update_needed",
  "server",
  "wrong_password",
  "too_many_attempts",
  "approval_needs_server",
];

/** A failed command, carrying the backend's `AppError` (code, English fallback, field errors). */
export class ApiError extends Error {
  readonly code: AppErrorCode;
  readonly fields: FieldError[];

  constructor(readonly detail: AppError) {
    super(detail.message);
    this.name = "ApiError";
    this.code = detail.code;
    this.fields = detail.fields;
  }
}

function isAppError(value: unknown): value is AppError {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.code === "string" &&
    (APP_ERROR_CODES as readonly string[]).includes(v.code) &&
    typeof v.message === "string" &&
    Array.isArray(v.fields)
  );
}

/**
 * Anything a command can fail with, as an `ApiError`. Tauri itself rejects with plain strings (unknown
 * command, arguments that do not deserialize, a denied permission); those arrive typed as `AppError` but are
 * not, so they become `internal` here instead of crashing a screen that reads `error.code`.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (isAppError(error)) return new ApiError({ ...error, fields: error.fields ?? [] });
  const message = error instanceof Error ? error.message : String(error);
  return new ApiError({ code: "internal", message, fields: [] });
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (e) {
    throw toApiError(e);
  }
  if (result.status === "error") throw toApiError(result.error);
  return result.data;
}

export const api = {
  appInfo: (): Promise<AppInfo> =>
    commands.appInfo().catch((e: unknown) => {
      throw toApiError(e);
    }),
  companyGet: (): Promise<CompanyProfile> => unwrap(commands.companyGet()),
  customerList: (query: string): Promise<Customer[]> => unwrap(commands.customerList(query)),
  customerGet: (id: string): Promise<Customer> => unwrap(commands.customerGet(id)),
  customerCreate: (input: CustomerInput): Promise<Customer> => unwrap(commands.customerCreate(input)),
  customerUpdate: (id: string, input: CustomerInput): Promise<Customer> =>
    unwrap(commands.customerUpdate(id, input)),
  productList: (query: string): Promise<Product[]> => unwrap(commands.productList(query)),
  quoteList: (query: string): Promise<QuoteSummary[]> => unwrap(commands.quoteList(query)),
  quoteGet: (id: string): Promise<QuoteView> => unwrap(commands.quoteGet(id)),
  quotePreview: (draft: QuoteDraft): Promise<QuoteView> => unwrap(commands.quotePreview(draft)),
  quoteSave: (draft: QuoteDraft): Promise<QuoteView> => unwrap(commands.quoteSave(draft)),
  quoteSend: (id: string): Promise<QuoteView> => unwrap(commands.quoteSend(id)),
  quoteRevise: (id: string): Promise<QuoteView> => unwrap(commands.quoteRevise(id)),
  quoteLinesForProduct: (productId: string): Promise<PickedLine[]> =>
    unwrap(commands.quoteLinesForProduct(productId)),
  productAccessories: (productId: string): Promise<Product[]> => unwrap(commands.productAccessories(productId)),
  quoteRepricing: (id: string): Promise<RepricingView> => unwrap(commands.quoteRepricing(id)),
  quoteReprice: (id: string): Promise<QuoteView> => unwrap(commands.quoteReprice(id)),
  quoteKeepPrices: (id: string): Promise<RepricingView> => unwrap(commands.quoteKeepPrices(id)),
  priceListList: (): Promise<PriceListSummary[]> => unwrap(commands.priceListList()),
  customerPriceList: (id: string): Promise<string | null> => unwrap(commands.customerPriceList(id)),
  customerSetPriceList: async (id: string, listId: string | null): Promise<void> => {
    await unwrap(commands.customerSetPriceList(id, listId));
  },
  quoteDiff: (id: string): Promise<QuoteDiff> => unwrap(commands.quoteDiff(id)),
  quotePdf: (id: string, lang: Lang): Promise<PdfFile> => unwrap(commands.quotePdf(id, lang)),
  settingsPdf: (): Promise<PdfSettings> => unwrap(commands.settingsPdf()),
  settingsSetPdfLanguage: (language: PdfLanguageSetting): Promise<PdfSettings> =>
    unwrap(commands.settingsSetPdfLanguage(language)),
  settingsSetLogo: (base64: string): Promise<PdfSettings> => unwrap(commands.settingsSetLogo(base64)),
  settingsRemoveLogo: (): Promise<PdfSettings> => unwrap(commands.settingsRemoveLogo()),
  openPath: async (path: string): Promise<void> => {
    await unwrap(commands.openPath(path));
  },
  approvalsList: (): Promise<PendingApprovalView[]> => unwrap(commands.approvalsList()),
  /** `by` names the manager on a standalone laptop; a connected one signs with its account. */
  quoteApprove: (id: string, by: string | null, comment: string): Promise<QuoteView> =>
    unwrap(commands.quoteApprove(id, by, comment)),
  quoteRejectApproval: (id: string, by: string | null, comment: string): Promise<QuoteView> =>
    unwrap(commands.quoteRejectApproval(id, by, comment)),
  quoteApproveOnTheSpot: (
    id: string,
    managerEmail: string,
    password: string,
    decision: ApprovalDecision,
    comment: string,
  ): Promise<QuoteView> => unwrap(commands.quoteApproveOnTheSpot(id, managerEmail, password, decision, comment)),
  syncStatus: (): Promise<SyncStatus> => unwrap(commands.syncStatus()),
  syncSignIn: (serverUrl: string, email: string, password: string): Promise<SyncStatus> =>
    unwrap(commands.syncSignIn(serverUrl, email, password)),
  syncSignOut: (): Promise<SyncStatus> => unwrap(commands.syncSignOut()),
  syncNow: (): Promise<SyncSummary> => unwrap(commands.syncNow()),
  syncConflicts: (): Promise<SyncConflict[]> => unwrap(commands.syncConflicts()),
  syncResolve: (id: string, keep: KeepSide): Promise<SyncConflict[]> =>
    unwrap(commands.syncResolve(id, keep)),
};
