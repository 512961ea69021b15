// Rows → responses. What the API says about drafts, plans and tasks is decided here.
import {
  iso,
  type DraftRow,
  type MilestoneRow,
  type PlanRow,
  type TargetRow,
  type TaskListRow,
  type TaskRow,
} from "./plans.repo.ts";

export const STATE_NAMES: Record<string, string> = {
  draft: "待交办",
  assigned: "已交办",
  accepted: "办理中",
  completion_requested: "申请办结",
  closed: "已办结",
};

export function presentDraft(d: DraftRow) {
  return {
    id: d.id,
    orgUnitId: d.orgUnitId,
    unitName: d.unitName,
    fileName: d.fileName,
    format: d.format,
    encoding: d.encoding,
    status: d.status,
    planId: d.planId,
    version: d.version,
    createdBy: d.createdBy,
    createdAt: iso(d.createdAt),
    updatedAt: iso(d.updatedAt),
    draft: d.draft,
    ...(d.source !== undefined ? { source: d.source } : {}),
  };
}

export function presentPlan(p: PlanRow) {
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    unitName: p.unitName,
    title: p.title,
    docType: p.docType,
    years: p.years,
    docNumber: p.docNumber,
    issuedOn: p.issuedOn,
    issuer: p.issuer,
    sourceDraftId: p.sourceDraftId,
    createdAt: iso(p.createdAt),
    version: p.version,
  };
}

export function presentTarget(t: TargetRow) {
  return {
    id: t.id,
    indicator: t.indicator,
    value: t.value,
    unit: t.unit,
    year: t.year,
    kind: t.kind,
    deadline: t.deadline,
    qualifier: t.qualifier,
    source: t.sourceStart !== null ? { start: t.sourceStart, end: t.sourceEnd, text: t.sourceText } : null,
    achieved: t.achieved,
    achievedAt: iso(t.achievedAt),
  };
}

/** The colour shown: an override (with its note) wins over the computed colour. */
const colorOf = (t: { statusColor: string; statusOverride: string | null }) => t.statusOverride ?? t.statusColor;

/** A task as a node of the plan tree. */
export function presentNode(t: TaskRow, targets: TargetRow[]) {
  return {
    id: t.id,
    parentId: t.parentId,
    kind: t.kind,
    num: t.num,
    marker: t.marker,
    title: t.title,
    body: t.body,
    source: t.sourceStart !== null ? { start: t.sourceStart, end: t.sourceEnd } : null,
    leadUnit: t.leadUnitId !== null ? { id: t.leadUnitId, name: t.leadUnitName } : null,
    coUnits: t.coUnits.map((c) => ({ id: c.id, name: c.name })),
    deputyUserId: t.deputyUserId,
    deadline: t.deadline,
    cadence: t.cadence,
    state: t.state,
    stateName: STATE_NAMES[t.state] ?? t.state,
    statusColor: colorOf(t),
    statusReason: t.statusOverride ? t.statusOverrideNote : t.statusReason,
    progress: t.progress,
    version: t.version,
    targets: targets.map(presentTarget),
  };
}

export type TreeNode = ReturnType<typeof presentNode> & { children: TreeNode[] };

/** Nest nodes by parentId; a node whose parent is not in the list becomes a root. */
export function nest(nodes: ReturnType<typeof presentNode>[]): TreeNode[] {
  const byId = new Map<number, TreeNode>(nodes.map((n) => [n.id, { ...n, children: [] }]));
  const roots: TreeNode[] = [];
  for (const n of byId.values()) {
    const parent = n.parentId !== null ? byId.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  return roots;
}

export function presentListRow(t: TaskListRow) {
  return {
    id: t.id,
    planId: t.planId,
    planTitle: t.planTitle,
    parentId: t.parentId,
    kind: t.kind,
    num: t.num,
    marker: t.marker,
    title: t.title,
    state: t.state,
    stateName: STATE_NAMES[t.state] ?? t.state,
    statusColor: colorOf(t),
    progress: t.progress,
    deadline: t.deadline,
    cadence: t.cadence,
    leadUnit: t.leadUnitId !== null ? { id: t.leadUnitId, name: t.leadUnitName } : null,
    coUnitNames: t.coUnitNames,
    deputyUserId: t.deputyUserId,
    version: t.version,
    updatedAt: iso(t.updatedAt),
  };
}

export function presentTaskDetail(
  t: TaskRow,
  extra: {
    targets: TargetRow[];
    milestones: MilestoneRow[];
    deputy: { id: number; displayName: string } | null;
    actions: string[];
    canEdit: boolean;
  },
) {
  return {
    ...presentNode(t, extra.targets),
    planId: t.planId,
    planTitle: t.planTitle,
    deputy: extra.deputy,
    statusOverride: t.statusOverride,
    statusOverrideNote: t.statusOverrideNote,
    computedColor: t.statusColor,
    escalationLevel: t.escalationLevel,
    lastReportAt: iso(t.lastReportAt),
    closedAt: iso(t.closedAt),
    createdAt: iso(t.createdAt),
    updatedAt: iso(t.updatedAt),
    milestones: extra.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      dueOn: m.dueOn,
      reachedAt: iso(m.reachedAt),
    })),
    canEdit: extra.canEdit,
    actions: extra.actions,
  };
}
