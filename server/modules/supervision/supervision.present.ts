// Rows → responses: names looked up through the orgs module, evidence as download links.
import { COLOR_NAMES } from "./status.ts";
import type { Status } from "./status.ts";
import type { Db, Tx } from "../../platform/db.ts";
import { getUnits, getUserById } from "../orgs/index.ts";
import type { EvidenceMeta, OrderRow, ReportRow } from "./supervision.repo.ts";

type Q = Db | Tx;

async function userNames(db: Q, ids: (number | null)[]): Promise<Map<number, string>> {
  const names = new Map<number, string>();
  for (const id of new Set(ids)) {
    if (id === null) continue;
    const u = await getUserById(db, id);
    if (u) names.set(id, u.displayName);
  }
  return names;
}

export function presentEvidence(e: EvidenceMeta) {
  return {
    id: e.id,
    fileName: e.fileName,
    mime: e.mime,
    size: e.size,
    sha256: e.sha256,
    createdAt: e.createdAt,
    url: `/api/evidence/${e.id}`,
  };
}

export async function presentReports(db: Q, reports: ReportRow[], evidence: EvidenceMeta[]) {
  const users = await userNames(
    db,
    reports.flatMap((r) => [r.authorId, r.reviewedBy]),
  );
  const units = new Map((await getUnits(db, [...new Set(reports.map((r) => r.orgUnitId))])).map((u) => [u.id, u.name]));
  return reports.map((r) => ({
    id: r.id,
    taskId: r.taskId,
    kind: r.kind,
    orgUnitId: r.orgUnitId,
    orgUnitName: units.get(r.orgUnitId) ?? null,
    authorId: r.authorId,
    authorName: users.get(r.authorId) ?? null,
    text: r.text,
    percent: r.percent,
    milestoneId: r.milestoneId,
    figures: r.figures,
    reviewState: r.reviewState,
    reviewReason: r.reviewReason,
    reviewedBy: r.reviewedBy,
    reviewerName: r.reviewedBy ? (users.get(r.reviewedBy) ?? null) : null,
    reviewedAt: r.reviewedAt,
    createdAt: r.createdAt,
    evidence: evidence.filter((e) => e.reportId === r.id).map(presentEvidence),
  }));
}

export async function presentOrders(db: Q, orders: OrderRow[]) {
  const users = await userNames(
    db,
    orders.flatMap((o) => [o.issuedBy, o.respondedBy]),
  );
  return orders.map((o) => ({
    ...o,
    issuerName: users.get(o.issuedBy) ?? null,
    responderName: o.respondedBy ? (users.get(o.respondedBy) ?? null) : null,
  }));
}

export function presentStatus(s: Status, escalationLevel: number) {
  return {
    color: s.color,
    colorName: COLOR_NAMES[s.color],
    reason: s.reason,
    reasons: s.reasons,
    overridden: s.overridden,
    computed: s.computed,
    daysOverdue: s.daysOverdue,
    reportDueOn: s.reportDueOn,
    escalationLevel,
  };
}
