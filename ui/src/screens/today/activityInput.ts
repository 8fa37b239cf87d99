import type { Activity, ActivityInput } from "../../lib/api";

/** What an edit of `activity` sends: every field as stored, with `patch` on top. */
export function activityInput(activity: Activity, patch: Partial<ActivityInput> = {}): ActivityInput {
  return {
    account_id: activity.account_id,
    opportunity_id: activity.opportunity_id,
    kind: activity.kind,
    subject: activity.subject,
    notes: activity.notes,
    starts_at: activity.starts_at,
    ends_at: activity.ends_at,
    contact_ids: activity.contact_ids,
    user_ids: activity.user_ids,
    outcome: activity.outcome,
    next_step: activity.next_step,
    next_step_due: activity.next_step_due,
    next_step_done: activity.next_step_done,
    ...patch,
  };
}
