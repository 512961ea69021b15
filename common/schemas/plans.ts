// zod schemas and shared types of the plans module: one schema serves the route, the web form and the CLI.
import { z } from "zod";

// ---------------------------------------------------------------------------------------------
// The review draft: the reader's PlanDraft reshaped for editing. Items form a flat list per
// document; the tree comes from `level` (an item's parent is the nearest earlier item with a
// smaller level). Keys are stable strings the edit ops refer to.

export type QuantityKind = "target" | "actual" | "change" | "baseline";

export interface SourceSpan {
  start: number;
  end: number;
}

export interface ReviewQuantity {
  key: string;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: QuantityKind;
  /** Deadline of a time-phased target as written ("6月底前"). */
  deadline: string | null;
  /** Approximation words as written: 余, 以上, 不少于 … */
  qualifier: string | null;
  /** The words the quantity was read from. */
  text: string;
  src: SourceSpan | null;
  /** Becomes a target row on commit (default: kind === "target"). */
  isTarget: boolean;
}

export interface ReviewOwner {
  unit: string;
  role: "lead" | "support";
  src?: SourceSpan | null;
}

export interface ReviewDeadline {
  text: string;
  /** Last day the deadline allows, YYYY-MM-DD, when known. */
  date: string | null;
  src?: SourceSpan | null;
}

export interface ReviewItem {
  key: string;
  level: number;
  num: string;
  /** The numbering as written ("（一）", "一、", "1."); absent in drafts saved before it was kept. */
  marker?: string;
  title: string;
  text: string;
  src: SourceSpan | null;
  owners: ReviewOwner[];
  deadlines: ReviewDeadline[];
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
  warnings: { code: string; message: string; span?: SourceSpan }[];
  removed: { kind: string; text: string; start: number; end: number }[];
  /** Next number for new keys ("i12", "q40"); keys are never reused. */
  nextKey: number;
}

// ---------------------------------------------------------------------------------------------
// Draft edit ops. A PATCH carries a list; all apply or none do.

const ZKey = z.string().min(1).max(32);
const ZYear = z.number().int().min(1949).max(2100);
const ZQuantityKind = z.enum(["target", "actual", "change", "baseline"]);
const ZLevel = z.number().int().min(1).max(9);

export const ZDraftOp = z.discriminatedUnion("op", [
  z.strictObject({ op: z.literal("rename"), itemKey: ZKey, title: z.string().trim().min(1).max(500) }),
  z.strictObject({
    op: z.literal("move"),
    itemKey: ZKey,
    /** Position in the document's item list after the move. */
    toIndex: z.number().int().min(0),
    level: ZLevel,
    /** Move the item's children (following items of deeper level) along with it. */
    withChildren: z.boolean().optional(),
  }),
  /** The item's text, owners, deadlines and quantities join the target item; the item goes. */
  z.strictObject({ op: z.literal("merge"), itemKey: ZKey, intoKey: ZKey }),
  /** Cut the item's text at a character offset; the tail becomes a new item of the same level after it. */
  z.strictObject({
    op: z.literal("split"),
    itemKey: ZKey,
    at: z.number().int().min(1),
    title: z.string().trim().min(1).max(500).optional(),
  }),
  z.strictObject({ op: z.literal("delete"), itemKey: ZKey }),
  z.strictObject({
    op: z.literal("setQuantity"),
    quantityKey: ZKey,
    indicator: z.string().trim().min(1).max(200).optional(),
    value: z.number().finite().optional(),
    unit: z.string().trim().min(1).max(20).optional(),
    year: ZYear.nullable().optional(),
    kind: ZQuantityKind.optional(),
    deadline: z.string().trim().max(50).nullable().optional(),
    isTarget: z.boolean().optional(),
  }),
  z.strictObject({ op: z.literal("deleteQuantity"), quantityKey: ZKey }),
  z.strictObject({
    op: z.literal("addQuantity"),
    itemKey: ZKey,
    indicator: z.string().trim().min(1).max(200),
    value: z.number().finite(),
    unit: z.string().trim().min(1).max(20),
    year: ZYear.nullable().optional(),
    kind: ZQuantityKind.optional(),
    deadline: z.string().trim().max(50).nullable().optional(),
    qualifier: z.string().trim().max(20).nullable().optional(),
    isTarget: z.boolean().optional(),
  }),
  /** Fix the document's metadata (the plan takes its title, type and years from here). */
  z.strictObject({
    op: z.literal("setDocument"),
    documentIndex: z.number().int().min(0),
    title: z.string().trim().min(1).max(300).optional(),
    docType: z.enum(["key_points", "work_plan", "summary", "action_plan", "notice"]).nullable().optional(),
    years: z.array(ZYear).max(10).optional(),
    docNumber: z.string().trim().max(100).nullable().optional(),
    date: z.iso.date().nullable().optional(),
  }),
]);
export type DraftOp = z.infer<typeof ZDraftOp>;

export const ZEditDraft = z.strictObject({
  version: z.number().int().positive(),
  ops: z.array(ZDraftOp).min(1).max(500),
});
export type EditDraftInput = z.infer<typeof ZEditDraft>;

export const ZCommitDraft = z.strictObject({ documentIndex: z.number().int().min(0).optional() });

// ---------------------------------------------------------------------------------------------
// Plans and tasks built by hand

export const ZDocType = z.enum(["key_points", "work_plan", "summary", "action_plan", "notice", "ledger"]);

export const ZCreatePlan = z.strictObject({
  title: z.string().trim().min(1).max(300),
  orgUnitId: z.number().int().positive().optional(),
  docType: ZDocType.optional(),
  years: z.array(ZYear).max(10).optional(),
});
export type CreatePlanInput = z.infer<typeof ZCreatePlan>;

export const ZAddTask = z.strictObject({
  parentId: z.number().int().positive().nullable().optional(),
  kind: z.enum(["section", "task"]),
  title: z.string().trim().min(1).max(500),
  body: z.string().max(20_000).optional(),
  num: z.string().trim().max(20).optional(),
});
export type AddTaskInput = z.infer<typeof ZAddTask>;

export const ZUpdateTask = z.strictObject({
  version: z.number().int().positive(),
  title: z.string().trim().min(1).max(500).optional(),
  body: z.string().max(20_000).optional(),
  num: z.string().trim().max(20).nullable().optional(),
});
export type UpdateTaskInput = z.infer<typeof ZUpdateTask>;

// ---------------------------------------------------------------------------------------------
// Assignment (交办): lead unit, co-units, deputy leader, deadline, cadence, milestones

export const ZCadence = z.enum(["weekly", "monthly", "quarterly", "adhoc"]);
export type Cadence = z.infer<typeof ZCadence>;
const ZDate = z.iso.date();

export const ZMilestoneInput = z.strictObject({
  /** An existing milestone to keep (its reached mark stays); omitted = a new one. */
  id: z.number().int().positive().optional(),
  title: z.string().trim().min(1).max(200),
  dueOn: ZDate,
});

export const ZAssignTask = z.strictObject({
  version: z.number().int().positive(),
  leadUnitId: z.number().int().positive(),
  coUnitIds: z.array(z.number().int().positive()).max(50).default([]),
  deputyUserId: z.number().int().positive().nullable().optional(),
  deadline: ZDate,
  cadence: ZCadence.default("monthly"),
  milestones: z.array(ZMilestoneInput).max(50).default([]),
});
export type AssignTaskInput = z.input<typeof ZAssignTask>;

export const ZBulkAssign = z.strictObject({
  taskIds: z.array(z.number().int().positive()).min(1).max(1000),
  leadUnitId: z.number().int().positive().optional(),
  coUnitIds: z.array(z.number().int().positive()).max(50).optional(),
  deputyUserId: z.number().int().positive().nullable().optional(),
  deadline: ZDate.optional(),
  cadence: ZCadence.optional(),
});
export type BulkAssignInput = z.infer<typeof ZBulkAssign>;

// ---------------------------------------------------------------------------------------------
// Reads

export const ZTaskState = z.enum(["draft", "assigned", "accepted", "completion_requested", "closed"]);
export const ZColor = z.enum(["green", "yellow", "red", "grey"]);

export const ZTaskListQuery = z.strictObject({
  planId: z.coerce.number().int().positive().optional(),
  state: ZTaskState.optional(),
  color: ZColor.optional(),
  leadUnitId: z.coerce.number().int().positive().optional(),
  deadlineBefore: ZDate.optional(),
  q: z.string().trim().min(1).max(100).optional(),
  kind: z.enum(["section", "task", "all"]).default("task"),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});
export type TaskListQuery = z.infer<typeof ZTaskListQuery>;

export const ZIdParam = z.strictObject({ id: z.coerce.number().int().positive() });
