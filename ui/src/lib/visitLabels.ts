// Words for the client visit's enums, in the user's language. Each value maps to one literal key (so
// `scripts/check-i18n.mjs` can verify it in both catalogues), and each map is a `Record` over the backend's type,
// so a new value is a compile error until it has its words.

import type {
  ActivityKind,
  BlockKind,
  BuyingRole,
  BuyingStepKind,
  BuyingStepStatus,
  FeedbackCategory,
  FeedbackStatus,
  InvoiceType,
  Lifecycle,
  LostReason,
  MemberRole,
  ProposalStatus,
  RequirementFit,
  RequirementPriority,
  SearchKind,
  Severity,
  SizeClass,
  Source,
  Stage,
  Stance,
  ValueClass,
  WorkState,
  WorkstreamKind,
} from "./bindings";
import type { Translate } from "./i18n";

export const lifecycleLabels = (t: Translate): Record<Lifecycle, string> => words<Lifecycle>({
  prospect: () => t("enums.lifecycle.prospect"),
  active: () => t("enums.lifecycle.active"),
  dormant: () => t("enums.lifecycle.dormant"),
  lost: () => t("enums.lifecycle.lost"),
});

export const valueClassLabels = (t: Translate): Record<ValueClass, string> => words<ValueClass>({
  a: () => t("enums.valueClass.a"),
  b: () => t("enums.valueClass.b"),
  c: () => t("enums.valueClass.c"),
});

export const sizeClassLabels = (t: Translate): Record<SizeClass, string> => words<SizeClass>({
  small_medium: () => t("enums.sizeClass.small_medium"),
  large: () => t("enums.sizeClass.large"),
  multinational: () => t("enums.sizeClass.multinational"),
});

export const sourceLabels = (t: Translate): Record<Source, string> => words<Source>({
  trade_show: () => t("enums.source.trade_show"),
  referral: () => t("enums.source.referral"),
  website: () => t("enums.source.website"),
  cold_visit: () => t("enums.source.cold_visit"),
  partner: () => t("enums.source.partner"),
  other: () => t("enums.source.other"),
});

export const invoiceTypeLabels = (t: Translate): Record<InvoiceType, string> => words<InvoiceType>({
  ordinary: () => t("enums.invoiceType.ordinary"),
  special: () => t("enums.invoiceType.special"),
});

export const buyingRoleLabels = (t: Translate): Record<BuyingRole, string> => words<BuyingRole>({
  decision_maker: () => t("enums.buyingRole.decision_maker"),
  influencer: () => t("enums.buyingRole.influencer"),
  technical_evaluator: () => t("enums.buyingRole.technical_evaluator"),
  user: () => t("enums.buyingRole.user"),
  procurement: () => t("enums.buyingRole.procurement"),
  finance: () => t("enums.buyingRole.finance"),
});

export const stanceLabels = (t: Translate): Record<Stance, string> => words<Stance>({
  supporter: () => t("enums.stance.supporter"),
  neutral: () => t("enums.stance.neutral"),
  opponent: () => t("enums.stance.opponent"),
});

export const buyingStepLabels = (t: Translate): Record<BuyingStepKind, string> => words<BuyingStepKind>({
  need: () => t("enums.buyingStep.need"),
  information: () => t("enums.buyingStep.information"),
  evaluation: () => t("enums.buyingStep.evaluation"),
  approval: () => t("enums.buyingStep.approval"),
  purchase: () => t("enums.buyingStep.purchase"),
  delivery: () => t("enums.buyingStep.delivery"),
});

export const buyingStepStatusLabels = (t: Translate): Record<BuyingStepStatus, string> => words<BuyingStepStatus>({
  pending: () => t("enums.stepStatus.pending"),
  in_progress: () => t("enums.stepStatus.in_progress"),
  done: () => t("enums.stepStatus.done"),
  stalled: () => t("enums.stepStatus.stalled"),
});

export const stageLabels = (t: Translate): Record<Stage, string> => words<Stage>({
  needs_identified: () => t("enums.stage.needs_identified"),
  solution_design: () => t("enums.stage.solution_design"),
  quoted: () => t("enums.stage.quoted"),
  negotiation: () => t("enums.stage.negotiation"),
  won: () => t("enums.stage.won"),
  lost: () => t("enums.stage.lost"),
});

export const lostReasonLabels = (t: Translate): Record<LostReason, string> => words<LostReason>({
  price: () => t("enums.lostReason.price"),
  product_fit: () => t("enums.lostReason.product_fit"),
  competitor: () => t("enums.lostReason.competitor"),
  timing: () => t("enums.lostReason.timing"),
  no_decision: () => t("enums.lostReason.no_decision"),
  other: () => t("enums.lostReason.other"),
});

export const memberRoleLabels = (t: Translate): Record<MemberRole, string> => words<MemberRole>({
  sales: () => t("enums.memberRole.sales"),
  presales: () => t("enums.memberRole.presales"),
  contract: () => t("enums.memberRole.contract"),
  other: () => t("enums.memberRole.other"),
});

export const workstreamKindLabels = (t: Translate): Record<WorkstreamKind, string> => words<WorkstreamKind>({
  technical: () => t("enums.workstream.technical"),
  commercial: () => t("enums.workstream.commercial"),
  contract: () => t("enums.workstream.contract"),
});

export const workStateLabels = (t: Translate): Record<WorkState, string> => words<WorkState>({
  done: () => t("enums.workState.done"),
  on_track: () => t("enums.workState.on_track"),
  blocked: () => t("enums.workState.blocked"),
  late: () => t("enums.workState.late"),
});

export const priorityLabels = (t: Translate): Record<RequirementPriority, string> => words<RequirementPriority>({
  must: () => t("enums.priority.must"),
  should: () => t("enums.priority.should"),
  nice: () => t("enums.priority.nice"),
});

export const fitLabels = (t: Translate): Record<RequirementFit, string> => words<RequirementFit>({
  meets: () => t("enums.fit.meets"),
  partial: () => t("enums.fit.partial"),
  gap: () => t("enums.fit.gap"),
  unknown: () => t("enums.fit.unknown"),
});

export const activityKindLabels = (t: Translate): Record<ActivityKind, string> => words<ActivityKind>({
  visit: () => t("enums.activityKind.visit"),
  call: () => t("enums.activityKind.call"),
  meeting: () => t("enums.activityKind.meeting"),
  email: () => t("enums.activityKind.email"),
  demo: () => t("enums.activityKind.demo"),
  note: () => t("enums.activityKind.note"),
});

export const feedbackCategoryLabels = (t: Translate): Record<FeedbackCategory, string> => words<FeedbackCategory>({
  product_quality: () => t("enums.feedbackCategory.product_quality"),
  delivery: () => t("enums.feedbackCategory.delivery"),
  service: () => t("enums.feedbackCategory.service"),
  price: () => t("enums.feedbackCategory.price"),
  documentation: () => t("enums.feedbackCategory.documentation"),
  other: () => t("enums.feedbackCategory.other"),
});

export const severityLabels = (t: Translate): Record<Severity, string> => words<Severity>({
  low: () => t("enums.severity.low"),
  medium: () => t("enums.severity.medium"),
  high: () => t("enums.severity.high"),
  critical: () => t("enums.severity.critical"),
});

export const feedbackStatusLabels = (t: Translate): Record<FeedbackStatus, string> => words<FeedbackStatus>({
  identified: () => t("enums.feedbackStatus.identified"),
  assigned: () => t("enums.feedbackStatus.assigned"),
  resolved: () => t("enums.feedbackStatus.resolved"),
  confirmed: () => t("enums.feedbackStatus.confirmed"),
});

export const searchKindLabels = (t: Translate): Record<SearchKind, string> => words<SearchKind>({
  account: () => t("search.kind.account"),
  contact: () => t("search.kind.contact"),
  opportunity: () => t("search.kind.opportunity"),
  quote: () => t("search.kind.quote"),
  product: () => t("search.kind.product"),
  activity: () => t("search.kind.activity"),
  feedback: () => t("search.kind.feedback"),
  content_block: () => t("search.kind.content_block"),
});

export const contentKindLabels = (t: Translate): Record<BlockKind, string> => words<BlockKind>({
  company_introduction: () => t("proposal.library.kinds.company_introduction"),
  solution_module: () => t("proposal.library.kinds.solution_module"),
  case_study: () => t("proposal.library.kinds.case_study"),
  reference: () => t("proposal.library.kinds.reference"),
  certification: () => t("proposal.library.kinds.certification"),
  terms: () => t("proposal.library.kinds.terms"),
  faq: () => t("proposal.library.kinds.faq"),
});

export const proposalStatusLabels = (t: Translate): Record<ProposalStatus, string> => words<ProposalStatus>({
  draft: () => t("proposal.status.draft"),
  sent: () => t("proposal.status.sent"),
  accepted: () => t("proposal.status.accepted"),
  superseded: () => t("proposal.status.superseded"),
});

/** Each value's words, made when asked for (the catalogue checker reads each key as a literal here). */
function words<K extends string>(make: Record<K, () => string>): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const key of Object.keys(make) as K[]) out[key] = make[key]();
  return out;
}

/** The choices of a `<select>`: each value with its words, in the type's order. */
export function choices<T extends string>(labels: Record<T, string>): { value: T; label: string }[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }));
}
