// Error messages in the user's language. The backend's `message` is an English fallback for logs; what the
// user reads is chosen here by code. Each code maps to one literal key so `scripts/check-i18n.mjs` can verify
// that every message exists in both catalogues, and the `never` checks make a new code a compile error.

import type { AppErrorCode, FieldError } from "./bindings";
import type { Translate } from "./i18n";

export function appErrorMessage(t: Translate, code: AppErrorCode): string {
  switch (code) {
    case "validation":
      return t("errors.app.validation");
    case "not_found":
      return t("errors.app.not_found");
    case "frozen":
      return t("errors.app.frozen");
    case "approval_required":
      return t("errors.app.approval_required");
    case "not_allowed":
      return t("errors.app.not_allowed");
    case "server_owned":
      return t("errors.app.server_owned");
    case "storage":
      return t("errors.app.storage");
    case "pdf":
      return t("errors.app.pdf");
    case "io":
      return t("errors.app.io");
    case "internal":
      return t("errors.app.internal");
    case "offline":
      return t("errors.app.offline");
    case "signed_out":
      return t("errors.app.signed_out");
    case "update_needed":
      return t("errors.app.update_needed");
    case "server":
      return t("errors.app.server");
    case "wrong_password":
      return t("errors.app.wrong_password");
    case "too_many_attempts":
      return t("errors.app.too_many_attempts");
    case "approval_needs_server":
      return t("errors.app.approval_needs_server");
    default: {
      const unknown: never = code;
      return t("errors.app.internal") + ` (${String(unknown)})`;
    }
  }
}

export function fieldErrorMessage(t: Translate, error: FieldError): string {
  switch (error.code) {
    case "required":
      return t("errors.field.required");
    case "too_long":
      return t("errors.field.too_long", { values: { max: error.max } });
    case "not_a_number":
      return t("errors.field.not_a_number");
    case "must_be_positive":
      return t("errors.field.must_be_positive");
    case "negative":
      return t("errors.field.negative");
    case "above_max":
      return t("errors.field.above_max", { values: { max: error.max } });
    case "too_many_decimals":
      return t("errors.field.too_many_decimals", { values: { max: error.max } });
    case "invalid_email":
      return t("errors.field.invalid_email");
    case "control_characters":
      return t("errors.field.control_characters");
    case "unknown_currency":
      return t("errors.field.unknown_currency");
    case "currency_mismatch":
      return t("errors.field.currency_mismatch", {
        values: { expected: error.expected, found: error.found },
      });
    case "not_found":
      return t("errors.field.not_found");
    case "invalid_date":
      return t("errors.field.invalid_date");
    case "missing_exchange_rate":
      return t("errors.field.missing_exchange_rate", {
        values: { from: error.from, to: error.to },
      });
    case "not_one_of":
      return t("errors.field.not_one_of", { values: { allowed: error.allowed } });
    case "invalid_list":
      return t("errors.field.invalid_list", { values: { reason: error.reason } });
    case "inactive":
      return t("errors.field.inactive");
    case "component_without_bundle":
      return t("errors.field.component_without_bundle");
    case "nested_bundle":
      return t("errors.field.nested_bundle");
    case "not_a_bundle":
      return t("errors.field.not_a_bundle");
    case "is_a_bundle":
      return t("errors.field.is_a_bundle");
    case "bundle_discount":
      return t("errors.field.bundle_discount");
    default: {
      const unknown: never = error;
      return t("errors.field.invalid") + ` (${String((unknown as { code?: unknown }).code)})`;
    }
  }
}

/** The first error of each field, by field name (`name`, `lines[2].quantity`, ...). */
export function errorsByField(errors: readonly FieldError[]): Map<string, FieldError> {
  const map = new Map<string, FieldError>();
  for (const e of errors) if (!map.has(e.field)) map.set(e.field, e);
  return map;
}
