// The review draft as GET /api/imports/:id returns it: the server's own types (common/schemas/plans.ts),
// imported as types only, so nothing of the server reaches the bundle.
import type { ReviewDraft } from "../../../../common/schemas/plans.ts";

export type {
  ReviewDocument,
  ReviewDraft,
  ReviewItem,
  ReviewQuantity,
  SourceSpan as Span,
} from "../../../../common/schemas/plans.ts";

export interface DraftResponse {
  id: number;
  orgUnitId: number;
  unitName: string;
  fileName: string;
  format: string;
  encoding: string;
  status: "open" | "committed" | "discarded";
  planId: number | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  draft: ReviewDraft;
  source?: string;
}

export interface DraftSummary {
  id: number;
  unitName: string;
  fileName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
}
