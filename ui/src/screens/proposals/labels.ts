// Words for a proposal version's status, in the UI's language.

import type { ProposalStatus } from "../../lib/api";
import type { Translate } from "../../lib/i18n";

export function proposalStatusLabels(t: Translate): Record<ProposalStatus, string> {
  return {
    draft: t("proposal.status.draft"),
    sent: t("proposal.status.sent"),
    accepted: t("proposal.status.accepted"),
    superseded: t("proposal.status.superseded"),
  };
}
