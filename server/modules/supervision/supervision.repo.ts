// All SQL of the supervision module: progress_reports, evidence_files, supervision_orders, notifications.
// Tasks, milestones and targets are read and written through the plans module's exported functions;
// the one read beyond our tables is the time of a task's last dispatch, from the audit trail.
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../platform/db.ts";

type Q = Db | Tx;

/** A timestamp from either driver (PGlite gives text, node-postgres a Date) as an ISO string. */
export const iso = (v: unknown): string | null =>
  v === null || v === undefined ? null : new Date(v instanceof Date ? v : String(v)).toISOString();

// ---------------------------------------------------------------- tasks (read-only)

/**
 * When and by whom each task was last dispatched (交办), from the audit trail: the start of its reporting
 * cadence and elapsed time, and the person who hears of its answers. Tasks never dispatched through
 * `transitionTask` are absent.
 */
export async function dispatches(db: Q, taskIds: number[]): Promise<Map<number, { at: string; by: number | null }>> {
  if (!taskIds.length) return new Map();
  const r = await run(
    db,
    sql`SELECT DISTINCT ON (task_id) task_id AS "taskId", at, actor_id AS "by" FROM audit_events
    WHERE action = 'task.dispatch' AND task_id = ANY(${`{${taskIds.join(",")}}`}::int[]) ORDER BY task_id, id DESC`,
  );
  return new Map(
    (r.rows as { taskId: number; at: unknown; by: number | null }[]).map((x) => [
      x.taskId,
      { at: iso(x.at)!, by: x.by },
    ]),
  );
}

// ---------------------------------------------------------------- progress reports and evidence

export interface ReportRow {
  id: number;
  taskId: number;
  orgUnitId: number;
  authorId: number;
  kind: "progress" | "completion";
  text: string;
  percent: number | null;
  milestoneId: number | null;
  figures: { targetId: number; value: number }[];
  reviewState: "pending" | "accepted" | "returned";
  reviewReason: string | null;
  reviewedBy: number | null;
  reviewedAt: string | null;
  createdAt: string;
}

const REPORT_COLS = sql`id, task_id AS "taskId", org_unit_id AS "orgUnitId", author_id AS "authorId", kind, text, percent,
  milestone_id AS "milestoneId", figures, review_state AS "reviewState", review_reason AS "reviewReason",
  reviewed_by AS "reviewedBy", reviewed_at AS "reviewedAt", created_at AS "createdAt"`;
const toReport = (r: Record<string, unknown>) =>
  ({ ...r, reviewedAt: iso(r.reviewedAt), createdAt: iso(r.createdAt) }) as unknown as ReportRow;

export async function insertReport(
  db: Q,
  r: Pick<ReportRow, "taskId" | "orgUnitId" | "authorId" | "kind" | "text" | "percent" | "milestoneId" | "figures"> & {
    at: Date;
  },
): Promise<number> {
  const res = await run(
    db,
    sql`INSERT INTO progress_reports (task_id, org_unit_id, author_id, kind, text, percent, milestone_id, figures, created_at)
    VALUES (${r.taskId}, ${r.orgUnitId}, ${r.authorId}, ${r.kind}, ${r.text}, ${r.percent}, ${r.milestoneId},
            ${JSON.stringify(r.figures)}::jsonb, ${r.at.toISOString()}) RETURNING id`,
  );
  return (res.rows[0] as { id: number }).id;
}

export async function getReport(db: Q, id: number): Promise<ReportRow | null> {
  const r = await run(db, sql`SELECT ${REPORT_COLS} FROM progress_reports WHERE id = ${id}`);
  return r.rows[0] ? toReport(r.rows[0]) : null;
}

export async function listReports(db: Q, taskId: number): Promise<ReportRow[]> {
  const r = await run(
    db,
    sql`SELECT ${REPORT_COLS} FROM progress_reports WHERE task_id = ${taskId} ORDER BY created_at DESC, id DESC`,
  );
  return r.rows.map(toReport);
}

/** Pending → accepted | returned; false when someone reviewed it first. */
export async function setReview(
  db: Q,
  id: number,
  r: { state: "accepted" | "returned"; reason: string | null; by: number; at: Date },
): Promise<boolean> {
  const res = await run(
    db,
    sql`UPDATE progress_reports SET review_state = ${r.state}, review_reason = ${r.reason}, reviewed_by = ${r.by},
      reviewed_at = ${r.at.toISOString()} WHERE id = ${id} AND review_state = 'pending' RETURNING id`,
  );
  return res.rows.length === 1;
}

export async function pendingCompletionReport(db: Q, taskId: number): Promise<number | null> {
  const r = await run(
    db,
    sql`SELECT id FROM progress_reports WHERE task_id = ${taskId} AND kind = 'completion' AND review_state = 'pending'
    ORDER BY id DESC LIMIT 1`,
  );
  return (r.rows[0] as { id: number } | undefined)?.id ?? null;
}

export interface EvidenceMeta {
  id: number;
  reportId: number;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  createdAt: string;
}

export async function insertEvidence(
  db: Q,
  e: Omit<EvidenceMeta, "id" | "createdAt"> & { content: Uint8Array; at: Date },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO evidence_files (report_id, file_name, mime, size, sha256, content, created_at)
    VALUES (${e.reportId}, ${e.fileName}, ${e.mime}, ${e.size}, ${e.sha256}, ${e.content}, ${e.at.toISOString()}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function evidenceOf(db: Q, reportIds: number[]): Promise<EvidenceMeta[]> {
  if (!reportIds.length) return [];
  const r = await run(
    db,
    sql`SELECT id, report_id AS "reportId", file_name AS "fileName", mime, size, sha256, created_at AS "createdAt"
    FROM evidence_files WHERE report_id = ANY(${`{${reportIds.join(",")}}`}::int[]) ORDER BY id`,
  );
  return r.rows.map((e) => ({ ...e, createdAt: iso(e.createdAt) }) as unknown as EvidenceMeta);
}

export async function getEvidence(
  db: Q,
  id: number,
): Promise<(EvidenceMeta & { taskId: number; content: Uint8Array }) | null> {
  const r = await run(
    db,
    sql`SELECT e.id, e.report_id AS "reportId", e.file_name AS "fileName", e.mime, e.size, e.sha256, e.content,
      e.created_at AS "createdAt", r.task_id AS "taskId"
    FROM evidence_files e JOIN progress_reports r ON r.id = e.report_id WHERE e.id = ${id}`,
  );
  const row = r.rows[0];
  return row
    ? ({ ...row, createdAt: iso(row.createdAt) } as unknown as EvidenceMeta & { taskId: number; content: Uint8Array })
    : null;
}

// ---------------------------------------------------------------- supervision orders (督办单)

export interface OrderRow {
  id: number;
  taskId: number;
  number: string;
  issuedBy: number;
  issuedAt: string;
  reason: string;
  requirement: string;
  dueOn: string;
  state: "issued" | "responded" | "closed";
  response: string | null;
  respondedBy: number | null;
  respondedAt: string | null;
  closedAt: string | null;
}

const ORDER_COLS = sql`o.id, o.task_id AS "taskId", o.number, o.issued_by AS "issuedBy", o.issued_at AS "issuedAt", o.reason,
  o.requirement, o.due_on::text AS "dueOn", o.state, o.response, o.responded_by AS "respondedBy",
  o.responded_at AS "respondedAt", o.closed_at AS "closedAt"`;
export const toOrder = (r: Record<string, unknown>) =>
  ({
    ...r,
    issuedAt: iso(r.issuedAt),
    respondedAt: iso(r.respondedAt),
    closedAt: iso(r.closedAt),
  }) as unknown as OrderRow;

/** The next 督办〔year〕n号 of a year. Serialised by a transaction-scoped advisory lock. */
export async function nextOrderNumber(tx: Tx, year: number): Promise<string> {
  await run(tx, sql`SELECT pg_advisory_xact_lock(hashtext('luoshi.supervision_orders.number'))`);
  const prefix = `督办〔${year}〕`;
  const r = await run(
    tx,
    sql`SELECT COALESCE(max(substring(number FROM ${"〕([0-9]+)号$"}::text)::int), 0) AS n
    FROM supervision_orders WHERE number LIKE ${prefix + "%号"}`,
  );
  return `${prefix}${Number((r.rows[0] as { n: number }).n) + 1}号`;
}

export async function insertOrder(
  db: Q,
  o: Pick<OrderRow, "taskId" | "number" | "issuedBy" | "reason" | "requirement" | "dueOn"> & { at: Date },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO supervision_orders (task_id, number, issued_by, issued_at, reason, requirement, due_on)
    VALUES (${o.taskId}, ${o.number}, ${o.issuedBy}, ${o.at.toISOString()}, ${o.reason}, ${o.requirement}, ${o.dueOn}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function getOrder(db: Q, id: number): Promise<OrderRow | null> {
  const r = await run(db, sql`SELECT ${ORDER_COLS} FROM supervision_orders o WHERE o.id = ${id}`);
  return r.rows[0] ? toOrder(r.rows[0]) : null;
}

export async function ordersOfTask(db: Q, taskId: number): Promise<OrderRow[]> {
  const r = await run(
    db,
    sql`SELECT ${ORDER_COLS} FROM supervision_orders o WHERE o.task_id = ${taskId} ORDER BY o.id DESC`,
  );
  return r.rows.map(toOrder);
}

export async function respondToOrder(db: Q, id: number, by: number, response: string, at: Date): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE supervision_orders SET state = 'responded', response = ${response}, responded_by = ${by},
      responded_at = ${at.toISOString()} WHERE id = ${id} AND state <> 'closed' RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function closeOrderRow(db: Q, id: number, at: Date): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE supervision_orders SET state = 'closed', closed_at = ${at.toISOString()} WHERE id = ${id} AND state <> 'closed' RETURNING id`,
  );
  return r.rows.length === 1;
}

// ---------------------------------------------------------------- notifications

export interface NotificationRow {
  id: number;
  userId: number;
  kind: string;
  taskId: number | null;
  title: string;
  body: string;
  createdAt: string;
  readAt: string | null;
  emailedAt: string | null;
}

const toNotification = (r: Record<string, unknown>) =>
  ({
    ...r,
    createdAt: iso(r.createdAt),
    readAt: iso(r.readAt),
    emailedAt: iso(r.emailedAt),
  }) as unknown as NotificationRow;

/** One notification; null when its dedupe key was already used (the same reminder, already sent). */
export async function insertNotification(
  db: Q,
  n: {
    userId: number;
    kind: string;
    taskId: number | null;
    title: string;
    body: string;
    dedupeKey: string | null;
    at: Date;
  },
): Promise<number | null> {
  const r = await run(
    db,
    sql`INSERT INTO notifications (user_id, kind, task_id, title, body, dedupe_key, created_at)
    VALUES (${n.userId}, ${n.kind}, ${n.taskId}, ${n.title}, ${n.body}, ${n.dedupeKey}, ${n.at.toISOString()})
    ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
  );
  return (r.rows[0] as { id: number } | undefined)?.id ?? null;
}

export async function listNotifications(
  db: Q,
  userId: number,
  f: { unread: boolean; limit: number; beforeId?: number | undefined },
): Promise<NotificationRow[]> {
  const r = await run(
    db,
    sql`SELECT id, user_id AS "userId", kind, task_id AS "taskId", title, body, created_at AS "createdAt",
      read_at AS "readAt", emailed_at AS "emailedAt"
    FROM notifications WHERE user_id = ${userId}
      ${f.unread ? sql`AND read_at IS NULL` : sql``}
      ${f.beforeId ? sql`AND id < ${f.beforeId}` : sql``}
    ORDER BY created_at DESC, id DESC LIMIT ${f.limit}`,
  );
  return r.rows.map(toNotification);
}

export async function unreadCount(db: Q, userId: number): Promise<number> {
  const r = await run(
    db,
    sql`SELECT count(*)::int AS n FROM notifications WHERE user_id = ${userId} AND read_at IS NULL`,
  );
  return Number((r.rows[0] as { n: number }).n);
}

export async function markRead(db: Q, id: number, userId: number, at: Date): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE notifications SET read_at = COALESCE(read_at, ${at.toISOString()}::timestamptz)
    WHERE id = ${id} AND user_id = ${userId} RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function markAllRead(db: Q, userId: number, at: Date): Promise<number> {
  const r = await run(
    db,
    sql`UPDATE notifications SET read_at = ${at.toISOString()} WHERE user_id = ${userId} AND read_at IS NULL RETURNING id`,
  );
  return r.rows.length;
}

export async function markEmailed(db: Q, id: number, at: Date): Promise<void> {
  await run(db, sql`UPDATE notifications SET emailed_at = ${at.toISOString()} WHERE id = ${id}`);
}

export async function getNotifications(db: Q, ids: number[]): Promise<NotificationRow[]> {
  if (!ids.length) return [];
  const r = await run(
    db,
    sql`SELECT id, user_id AS "userId", kind, task_id AS "taskId", title, body, created_at AS "createdAt",
      read_at AS "readAt", emailed_at AS "emailedAt"
    FROM notifications WHERE id = ANY(${`{${ids.join(",")}}`}::int[]) ORDER BY id`,
  );
  return r.rows.map(toNotification);
}
