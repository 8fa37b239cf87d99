// Words for the backend's enums, in the user's language. Each value maps to one literal key so
// `scripts/check-i18n.mjs` can verify that every label exists in both catalogues, and the `never` checks make a
// new value a compile error.

import type { QuoteStatus, Record, Role } from "./bindings";
import type { Translate } from "./i18n";

export function quoteStatusLabel(t: Translate, status: QuoteStatus): string {
  switch (status) {
    case "draft":
      return t("quotes.status.draft");
    case "pending_approval":
      return t("quotes.status.pending_approval");
    case "approved":
      return t("quotes.status.approved");
    case "sent":
      return t("quotes.status.sent");
    case "accepted":
      return t("quotes.status.accepted");
    case "rejected":
      return t("quotes.status.rejected");
    case "expired":
      return t("quotes.status.expired");
    case "superseded":
      return t("quotes.status.superseded");
    default: {
      const unknown: never = status;
      return String(unknown);
    }
  }
}

export function recordLabel(t: Translate, record: Record): string {
  switch (record) {
    case "customer":
      return t("errors.record.customer");
    case "product":
      return t("errors.record.product");
    case "price_list":
      return t("errors.record.price_list");
    case "quote":
      return t("errors.record.quote");
    case "conflict":
      return t("errors.record.conflict");
    case "exchange_rate":
      return t("errors.record.exchange_rate");
    default: {
      const unknown: never = record;
      return String(unknown);
    }
  }
}

export function roleLabel(t: Translate, role: Role): string {
  switch (role) {
    case "rep":
      return t("errors.role.rep");
    case "manager":
      return t("errors.role.manager");
    case "admin":
      return t("errors.role.admin");
    default: {
      const unknown: never = role;
      return String(unknown);
    }
  }
}
