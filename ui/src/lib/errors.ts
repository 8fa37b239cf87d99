// Error messages in the user's language. The backend's `message` is English, for logs; what the user reads is
// chosen here: a refused request's reason from its data (`AppError.detail`), else a message by code. Each
// value maps to one literal key so `scripts/check-i18n.mjs` can verify that every message exists in both
// catalogues, and the `never` checks make a new code or reason a compile error.

import type { ApiError } from "./api";
import type { AppErrorCode, FieldError, NotAllowed, PinRefusal, Refusal, RuleRefusal } from "./bindings";
import { dateTime } from "./dates";
import type { Translate } from "./i18n";
import { quoteStatusLabel, recordLabel, roleLabel } from "./labels";
import { feedbackStatusLabels, stageLabels } from "./visitLabels";

/** What went wrong: why the request was refused when the backend said, else the message for its code. */
export function errorMessage(t: Translate, error: ApiError): string {
  if (error.refusal) return refusalMessage(t, error.refusal);
  if (error.rule) return ruleMessage(t, error.rule);
  return appErrorMessage(t, error.code);
}

/**
 * The same, for errors a screen explains in full: a refusal's reason, else the code's message followed by the
 * backend's own words (`detail`: a catalogue message with a `{message}` placeholder).
 */
export function errorWithDetail(t: Translate, error: ApiError, detail: (message: string) => string): string {
  if (error.refusal) return refusalMessage(t, error.refusal);
  if (error.rule) return ruleMessage(t, error.rule);
  return `${appErrorMessage(t, error.code)} ${detail(error.message)}`;
}

export function refusalMessage(t: Translate, r: Refusal): string {
  switch (r.kind) {
    case "not_found":
      return t("errors.refusal.not_found", { values: { record: recordLabel(t, r.record) } });
    case "ambiguous":
      return t("errors.refusal.ambiguous", { values: { count: r.count, key: r.key } });
    case "server_owned":
      switch (r.data) {
        case "catalog":
          return t("errors.refusal.server_owned_catalog", { values: { server: r.server } });
        case "price_lists":
          return t("errors.refusal.server_owned_price_lists", { values: { server: r.server } });
        case "company_profile":
          return t("errors.refusal.server_owned_company_profile", { values: { server: r.server } });
        case "content_library":
          return t("errors.refusal.server_owned_content_library", { values: { server: r.server } });
        default: {
          const unknown: never = r.data;
          return t("errors.app.server_owned") + ` (${String(unknown)})`;
        }
      }
    case "frozen":
      return t("errors.refusal.frozen", { values: { number: r.number } });
    case "approval_required":
      return t("errors.refusal.approval_required", {
        values: { number: r.number, max: r.max_discount, limit: r.limit },
      });
    case "not_allowed":
      return t("errors.refusal.not_allowed", {
        values: { number: r.number, status: quoteStatusLabel(t, r.status), reason: notAllowedReason(t, r.reason) },
      });
    case "account_signs":
      return t("errors.refusal.account_signs", { values: { email: r.email } });
    case "approver_not_named":
      return t("errors.refusal.approver_not_named");
    case "manager_pin":
      return pinRefusalMessage(t, r.reason);
    default: {
      const unknown: never = r;
      return t("errors.app.internal") + ` (${String((unknown as { kind?: unknown }).kind)})`;
    }
  }
}

/** Why a rule of the client visit refused a step, in the user's language. */
export function ruleMessage(t: Translate, r: RuleRefusal): string {
  const stage = stageLabels(t);
  const feedback = feedbackStatusLabels(t);
  switch (r.kind) {
    case "stage_unchanged":
      return t("errors.rule.stage_unchanged", { values: { stage: stage[r.stage] } });
    case "lost_needs_reason":
      return t("errors.rule.lost_needs_reason");
    case "competitor_needed":
      return t("errors.rule.competitor_needed");
    case "won_needs_accepted_quote":
      return t("errors.rule.won_needs_accepted_quote");
    case "quote_not_of_opportunity":
      return t("errors.rule.quote_not_of_opportunity");
    case "quote_not_accepted":
      return t("errors.rule.quote_not_accepted", { values: { status: quoteStatusLabel(t, r.status) } });
    case "reopen_needs_reason":
      return t("errors.rule.reopen_needs_reason", { values: { from: stage[r.from] } });
    case "won_cannot_be_lost":
      return t("errors.rule.won_cannot_be_lost");
    case "already_won":
      return t("errors.rule.already_won");
    case "quote_not_sent":
      return t("errors.rule.quote_not_sent", { values: { status: quoteStatusLabel(t, r.status) } });
    case "already_checked_in":
      return t("errors.rule.already_checked_in", { values: { at: dateTime(r.at, r.at) } });
    case "not_checked_in":
      return t("errors.rule.not_checked_in");
    case "already_checked_out":
      return t("errors.rule.already_checked_out", { values: { at: dateTime(r.at, r.at) } });
    case "check_out_before_check_in":
      return t("errors.rule.check_out_before_check_in", {
        values: { at: dateTime(r.at, r.at), checked_in_at: dateTime(r.checked_in_at, r.checked_in_at) },
      });
    case "ends_before_start":
      return t("errors.rule.ends_before_start", {
        values: { starts_at: dateTime(r.starts_at, r.starts_at), ends_at: dateTime(r.ends_at, r.ends_at) },
      });
    case "no_next_step":
      return t("errors.rule.no_next_step");
    case "feedback_transition":
      return t("errors.rule.feedback_transition", { values: { from: feedback[r.from], to: feedback[r.to] } });
    case "feedback_needs_owner":
      return t("errors.rule.feedback_needs_owner");
    case "feedback_needs_resolution":
      return t("errors.rule.feedback_needs_resolution");
    case "proposal_step": {
      const status = {
        draft: () => t("errors.rule.proposal_status.draft"),
        sent: () => t("errors.rule.proposal_status.sent"),
        accepted: () => t("errors.rule.proposal_status.accepted"),
        superseded: () => t("errors.rule.proposal_status.superseded"),
      }[r.status]();
      const values = { values: { version: r.version, status } };
      switch (r.step) {
        case "edit":
          return t("errors.rule.proposal_step.edit", values);
        case "send":
          return t("errors.rule.proposal_step.send", values);
        case "revise":
          return t("errors.rule.proposal_step.revise", values);
        case "sign":
          return t("errors.rule.proposal_step.sign", values);
        case "delete":
          return t("errors.rule.proposal_step.delete", values);
      }
      break;
    }
    default: {
      const unknown: never = r;
      return t("errors.app.validation") + ` (${String((unknown as { kind?: unknown }).kind)})`;
    }
  }
}

export function pinRefusalMessage(t: Translate, reason: PinRefusal): string {
  switch (reason.code) {
    case "required":
      return t("errors.pin.required");
    case "wrong":
      if (reason.attempts_left === 0) return t("errors.pin.wrong_locked");
      return t("errors.pin.wrong", { values: { count: reason.attempts_left } });
    case "locked":
      return t("errors.pin.locked", { values: { seconds: reason.retry_after_secs } });
    case "signed_in":
      return t("errors.pin.signed_in", { values: { server: reason.server } });
    default: {
      const unknown: never = reason;
      return String((unknown as { code?: unknown }).code);
    }
  }
}

function notAllowedReason(t: Translate, reason: NotAllowed): string {
  switch (reason.code) {
    case "send_only_draft_or_approved":
      return t("errors.reason.send_only_draft_or_approved");
    case "no_approval_needed":
      return t("errors.reason.no_approval_needed");
    case "approve_only_waiting":
      return t("errors.reason.approve_only_waiting");
    case "refuse_only_waiting":
      return t("errors.reason.refuse_only_waiting");
    case "revise_edit_instead":
      return t("errors.reason.revise_edit_instead");
    case "revise_only_sent":
      return t("errors.reason.revise_only_sent");
    case "not_a_revision":
      return t("errors.reason.not_a_revision");
    case "only_managers_decide":
      if (!reason.role) return t("errors.reason.only_managers_decide_unknown");
      return t("errors.reason.only_managers_decide", { values: { role: roleLabel(t, reason.role) } });
    case "own_quote":
      return t("errors.reason.own_quote");
    default: {
      const unknown: never = reason;
      return String((unknown as { code?: unknown }).code);
    }
  }
}

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
    case "invalid_file":
      return t("errors.app.invalid_file");
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
    case "too_short":
      return t("errors.field.too_short", { values: { min: error.min } });
    case "invalid_swift":
      return t("errors.field.invalid_swift");
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
