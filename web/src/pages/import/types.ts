// The review draft as GET /api/imports/:id returns it (server/modules/plans/draft.ts, common/schemas/plans.ts).
export interface Span {
  start: number;
  end: number;
}

export interface ReviewQuantity {
  key: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: "target" | "actual" | "change" | "baseline";
  deadline: string | null;
  qualifier: string | null;
  text: string;
  src: Span;
  isTarget: boolean;
}

export interface ReviewItem {
  key: string;
  level: number;
  num: string;
  /** The numbering as written ("（一）", "一、", "1."); drafts saved before it was kept have only num. */
  marker?: string;
  title: string;
  text: string;
  src: Span;
  owners: { unit: string; role: "lead" | "support"; src: Span }[];
  deadlines: { text: string; date: string | null; src: Span }[];
  quantities: ReviewQuantity[];
}

export interface ReviewDocument {
  title: string | null;
  issuer: string | null;
  region: string | null;
  level: string | null;
  docType: string | null;
  years: number[];
  docNumber: string | null;
  date: string | null;
  items: ReviewItem[];
}

export interface ReviewDraft {
  documents: ReviewDocument[];
  warnings: { code: string; message: string; span?: Span }[];
  removed: { kind: "blank" | "furniture" | "spam" | "duplicate"; text: string; start: number; end: number }[];
  nextKey: number;
}

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
