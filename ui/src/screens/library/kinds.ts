// The kinds of content library blocks, in the order they are offered (their words: `contentKindLabels`).

import type { BlockKind } from "../../lib/api";

export const CONTENT_KINDS: BlockKind[] = [
  "company_introduction",
  "solution_module",
  "case_study",
  "reference",
  "certification",
  "terms",
  "faq",
];
