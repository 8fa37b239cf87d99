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
    case "company_profile":
      return t("errors.record.company_profile");
    case "contact":
      return t("errors.record.contact");
    case "buying_step":
      return t("errors.record.buying_step");
    case "opportunity":
      return t("errors.record.opportunity");
    case "opportunity_member":
      return t("errors.record.opportunity_member");
    case "account_share":
      return t("errors.record.account_share");
    case "stage_change":
      return t("errors.record.stage_change");
    case "workstream":
      return t("errors.record.workstream");
    case "workstream_item":
      return t("errors.record.workstream_item");
    case "needs":
      return t("errors.record.needs");
    case "requirement":
      return t("errors.record.requirement");
    case "activity":
      return t("errors.record.activity");
    case "feedback":
      return t("errors.record.feedback");
    case "colleague":
      return t("errors.record.colleague");
    case "content_block":
      return t("errors.record.content_block");
    case "exchange_rate":
      return t("errors.record.exchange_rate");
    case "proposal":
      return t("errors.record.proposal");
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
