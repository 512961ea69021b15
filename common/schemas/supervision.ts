// zod schemas of the supervision module (督查督办): task transitions, progress reports, reviews, 催办,
// 督办单, status overrides, notifications. One schema serves the route, the web form and the CLI.
import { z } from "zod";

export const TASK_STATES = ["draft", "assigned", "accepted", "completion_requested", "closed"] as const;
export const ZTaskState = z.enum(TASK_STATES);
export type TaskState = z.infer<typeof ZTaskState>;

/** 交办 dispatch · 签收 accept · 拒收 decline · 申请办结 request_completion · 办结/销号 approve · 退回 return · 重新办理 reopen */
export const TASK_ACTIONS = [
  "dispatch",
  "accept",
  "decline",
  "request_completion",
  "approve",
  "return",
  "reopen",
] as const;
export const ZTaskAction = z.enum(TASK_ACTIONS);
export type TaskAction = z.infer<typeof ZTaskAction>;

export const CADENCES = ["weekly", "monthly", "quarterly", "adhoc"] as const;
export type Cadence = (typeof CADENCES)[number];

export const ZStatusColor = z.enum(["green", "yellow", "red", "grey"]);
export type StatusColor = z.infer<typeof ZStatusColor>;

const reason = z.string().trim().min(1).max(2000);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "日期格式为 YYYY-MM-DD");

export const ZTransition = z.strictObject({
  action: ZTaskAction,
  reason: reason.optional(),
  version: z.number().int().positive(),
});
export type TransitionInput = z.infer<typeof ZTransition>;

export const ZFigure = z.strictObject({ targetId: z.number().int().positive(), value: z.number().finite() });

/** A progress report's fields (JSON body, or the text fields of a multipart body). */
export const ZReportFields = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  percent: z.number().int().min(0).max(100).optional(),
  milestoneId: z.number().int().positive().optional(),
  figures: z.array(ZFigure).max(100).optional(),
});
export type ReportFields = z.infer<typeof ZReportFields>;

/** Most evidence files per report (佐证材料). */
export const EVIDENCE_MAX_FILES = 5;

export const ZReview = z.strictObject({
  decision: z.enum(["accept", "return"]),
  reason: reason.optional(),
});
export type ReviewInput = z.infer<typeof ZReview>;

export const ZUrge = z.strictObject({ message: z.string().trim().min(1).max(2000) });

export const ZIssueOrder = z.strictObject({
  reason: z.string().trim().min(1).max(2000),
  requirement: z.string().trim().min(1).max(4000),
  dueOn: isoDate,
});
export type IssueOrderInput = z.infer<typeof ZIssueOrder>;

export const ZRespondOrder = z.strictObject({ response: z.string().trim().min(1).max(8000) });

export const ZOrdersQuery = z.strictObject({
  state: z.enum(["issued", "responded", "closed"]).optional(),
  taskId: z.coerce.number().int().positive().optional(),
});

/** A manual status (人工调整) with its note; `color: null` removes the override. */
export const ZStatusOverride = z.strictObject({
  color: z.enum(["green", "yellow", "red"]).nullable(),
  note: z.string().trim().min(1).max(2000).optional(),
  version: z.number().int().positive(),
});
export type StatusOverrideInput = z.infer<typeof ZStatusOverride>;

export const ZNotificationsQuery = z.strictObject({
  unread: z.enum(["1", "0", "true", "false"]).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  beforeId: z.coerce.number().int().positive().optional(),
});

/** The dashboard: one plan, or every plan the actor sees. */
export const ZDashboardQuery = z.strictObject({ planId: z.coerce.number().int().positive().optional() });

export const ZIdParam = z.strictObject({ id: z.coerce.number().int().positive() });

// ---- response shapes (the web imports them with `import type`)

/** A roll-up (汇总) of tasks: a section, a department or the whole plan. */
export interface RollupCounts {
  /** Dispatched tasks (drafts are counted apart, in `draft`). */
  total: number;
  draft: number;
  closed: number;
  red: number;
  yellow: number;
  green: number;
  /** Mean progress of the dispatched tasks, a closed task counting 100 %. */
  completion: number;
  color: StatusColor;
  overridden: boolean;
  note: string | null;
}

export interface RollupGroup extends RollupCounts {
  id: number | null;
  title: string;
  num?: string | null;
  marker?: string | null;
}

/** A unit's line in the on-time ranking (按期办结率). */
export interface RankRow {
  unitId: number;
  unitName: string;
  unitType: string | null;
  tasks: number;
  due: number;
  onTime: number;
  late: number;
  open: number;
  red: number;
  /** onTime ÷ due, 0–100 (one decimal), null when nothing is due yet. */
  rate: number | null;
  rank?: number;
}
