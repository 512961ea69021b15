// Response shapes of the plans and supervision routes the plan, task, supervision and dashboard pages read
// (server/modules/plans/plans.present.ts, server/modules/supervision/*.ts). Types only: erased at build.
import type { RankRow, RollupGroup } from "../../../../common/schemas/supervision.ts";
import type { StatusColor, TaskState } from "../../components/status.tsx";

export interface PlanSummary {
  id: number;
  orgUnitId: number;
  unitName: string;
  title: string;
  docType: string | null;
  years: number[];
  docNumber: string | null;
  issuedOn: string | null;
  issuer: string | null;
  createdAt: string;
  version: number;
  whole: boolean;
  canEdit: boolean;
  counts: { tasks: number; closed: number; red: number; yellow: number };
}

export interface Target {
  id: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: string;
  deadline: string | null;
  qualifier: string | null;
  source: { start: number; end: number | null; text: string | null } | null;
  achieved: number | null;
  achievedAt: string | null;
}

export interface UnitRef {
  id: number;
  name: string | null;
}

export interface TreeNode {
  id: number;
  parentId: number | null;
  kind: "section" | "task";
  num: string | null;
  /** The numbering as the document writes it ("（二）"), when known. */
  marker?: string | null;
  title: string;
  body: string | null;
  leadUnit: UnitRef | null;
  coUnits: UnitRef[];
  deputyUserId: number | null;
  deadline: string | null;
  cadence: string | null;
  state: TaskState;
  stateName: string;
  statusColor: StatusColor;
  statusReason: string | null;
  progress: number;
  version: number;
  targets: Target[];
  children: TreeNode[];
}

export interface PlanDetail {
  plan: Omit<PlanSummary, "counts">;
  tree: TreeNode[];
}

export interface BoardExtras {
  planId: number;
  today: string;
  canEdit: boolean;
  units: { id: number; parentId: number | null; type: string; name: string }[];
  leaders: { id: number; displayName: string; role: string }[];
  tasks: { id: number; createdOn: string }[];
  milestones: { id: number; taskId: number; title: string; dueOn: string; reachedAt: string | null }[];
}

export type { RollupGroup };

export interface Rollup {
  planId: number;
  planTitle: string;
  partial: boolean;
  rule: string;
  total: RollupGroup;
  sections: RollupGroup[];
  departments: RollupGroup[];
}

export interface TaskDetail extends Omit<TreeNode, "children"> {
  planId: number;
  planTitle: string;
  deputy: { id: number; displayName: string } | null;
  statusOverride: string | null;
  statusOverrideNote: string | null;
  computedColor: StatusColor;
  escalationLevel: number;
  lastReportAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  milestones: { id: number; title: string; dueOn: string; reachedAt: string | null }[];
  canEdit: boolean;
  actions: string[];
}

export interface Evidence {
  id: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
  url: string;
}

export interface Report {
  id: number;
  taskId: number;
  kind: string;
  orgUnitId: number;
  orgUnitName: string | null;
  authorId: number;
  authorName: string | null;
  text: string;
  percent: number | null;
  milestoneId: number | null;
  figures: { targetId: number; value: number }[] | null;
  reviewState: string;
  reviewReason: string | null;
  reviewedBy: number | null;
  reviewerName: string | null;
  reviewedAt: string | null;
  createdAt: string;
  evidence: Evidence[];
}

export interface Order {
  id: number;
  taskId: number;
  number?: string | null;
  seq?: number;
  year?: number;
  reason: string;
  requirement: string;
  dueOn: string;
  state: "issued" | "responded" | "closed";
  issuedBy: number;
  issuedAt?: string;
  response: string | null;
  respondedBy: number | null;
  respondedAt: string | null;
  closedAt: string | null;
  issuerName: string | null;
  responderName: string | null;
  [k: string]: unknown;
}

export interface TaskSupervision {
  taskId: number;
  state: TaskState;
  version: number;
  progress: number;
  assignedAt: string | null;
  lastReportAt: string | null;
  actions: string[];
  can: { report: boolean; review: boolean; urge: boolean; issueOrder: boolean; override: boolean };
  status: {
    color: StatusColor;
    colorName: string;
    reason: string;
    reasons: string[];
    overridden: boolean;
    /** What the rule says when a manual colour (人工调整) wins. */
    computed: { color: StatusColor; reason: string };
    daysOverdue: number;
    reportDueOn: string | null;
    escalationLevel: number;
  };
  milestones: { id: number; title: string; dueOn: string; reachedAt: string | null }[];
  reports: Report[];
  orders: Order[];
}

export interface AuditEvent {
  id: number;
  at: string;
  actorId: number | null;
  actorName?: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  taskId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  [k: string]: unknown;
}

export interface BoardCard {
  id: number;
  planId: number;
  planTitle: string;
  num: string | null;
  marker?: string | null;
  title: string;
  state: TaskState;
  leadUnitId: number | null;
  leadUnitName: string | null;
  deputyUserId: number | null;
  deputyName: string | null;
  deadline: string | null;
  daysOverdue: number;
  progress: number;
  color: StatusColor;
  reason: string | null;
  overridden: boolean;
  escalationLevel: number;
}

export interface BoardGroup {
  name: string;
  red: BoardCard[];
  yellow: BoardCard[];
  unitId?: number | null;
  userId?: number | null;
}

export type { RankRow };

export interface SupervisionBoard {
  today: string;
  counts: { tasks: number; open: number; red: number; yellow: number; green: number; closed: number };
  byDepartment: BoardGroup[];
  byDeputy: BoardGroup[];
  ranking: { rule: string; departments: RankRow[]; schools: RankRow[]; others: RankRow[] };
}

export interface DashboardCounts {
  total: number;
  draft: number;
  closed: number;
  red: number;
  yellow: number;
  green: number;
  completion: number;
  color: StatusColor;
}

export interface Dashboard {
  today: string;
  planId: number | null;
  rules: { rollup: string; trend: string; targets: string; onTime: string };
  kpi: {
    tasks: number;
    draft: number;
    dispatched: number;
    open: number;
    closed: number;
    red: number;
    yellow: number;
    green: number;
    overdue: number;
    completion: number;
    onTimeRate: number | null;
    targets: number;
    targetsReported: number;
    targetsMet: number;
  };
  bySection: (DashboardCounts & {
    id: number;
    planId: number;
    planTitle: string;
    num: string | null;
    marker?: string | null;
    title: string;
  })[];
  byDepartment: (DashboardCounts & { unitId: number | null; name: string; type: string | null })[];
  targets: {
    id: number;
    taskId: number;
    taskTitle: string;
    taskNum: string | null;
    taskMarker?: string | null;
    indicator: string;
    value: number;
    unit: string;
    year: number | null;
    achieved: number | null;
    rate: number | null;
    met: boolean | null;
  }[];
  trend: { date: string; open: number; overdue: number; closed: number }[];
}
