// All SQL of the plans module: import_drafts, plans, tasks, task_co_units, milestones, targets.
// Reads join org_units (read-only) for unit paths and names: the visibility rules are path rules and
// the task list must apply them inside one query (see README.md).
import { sql, type SQL } from "drizzle-orm";
import type { ReviewDraft } from "../../../common/schemas/plans.ts";
import { run, type Db, type Tx } from "../../platform/db.ts";
import type { ScopeFilter, TaskScope } from "./plans.policy.ts";

type Conn = Db | Tx;

/** A PostgreSQL array literal of text, bound as one parameter: `${textArray(xs)}::text[]`. */
function textArray(xs: string[]): string {
  return `{${xs.map((x) => `"${x.replace(/["\\]/gu, "\\$&")}"`).join(",")}}`;
}
function intArray(xs: number[]): string {
  return `{${xs.map((x) => Math.trunc(x)).join(",")}}`;
}
const json = (v: unknown) => JSON.stringify(v);
/** timestamptz/date values come back as Date or string depending on the driver. */
export function iso(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return v instanceof Date ? v.toISOString() : String(v);
}

// ---------------------------------------------------------------------------------------------
// Scope in SQL (aliases: t = tasks, pu = the plan's unit, lu = the task's lead unit)

function planWholeSql(s: ScopeFilter, pathCol: SQL): SQL {
  if (s.all) return sql`TRUE`;
  return sql`(${pathCol} LIKE ANY(${textArray(s.planPrefixes.map((p) => p + "%"))}::text[])
    OR ${pathCol} = ANY(${textArray(s.planExact)}::text[]))`;
}

/**
 * Does task `t` reach the actor? Each arm compares an indexed column of tasks with an id array the
 * database computes once per statement (an InitPlan), so the planner can combine index scans
 * (BitmapOr) instead of testing every task against the org tree.
 */
function taskReachSql(s: ScopeFilter): SQL {
  if (s.all) return sql`TRUE`;
  const prefix = s.unitPrefix + "%";
  return sql`(t.plan_id = ANY((SELECT COALESCE(array_agg(p.id), '{}') FROM plans p JOIN org_units pu ON pu.id = p.org_unit_id
                               WHERE ${planWholeSql(s, sql`pu.path`)})::int[])
    OR t.lead_unit_id = ANY((SELECT COALESCE(array_agg(u.id), '{}') FROM org_units u WHERE u.path LIKE ${prefix})::int[]
                            || ${intArray(s.departmentIds)}::int[])
    OR t.id = ANY((SELECT COALESCE(array_agg(c.task_id), '{}') FROM task_co_units c
                   WHERE c.org_unit_id = ANY((SELECT COALESCE(array_agg(u.id), '{}') FROM org_units u WHERE u.path LIKE ${prefix})::int[]))::int[])
    OR t.deputy_user_id = ${s.userId})`;
}

// ---------------------------------------------------------------------------------------------
// import_drafts

export interface DraftRow {
  id: number;
  orgUnitId: number;
  unitPath: string;
  unitName: string;
  fileName: string;
  format: string;
  encoding: string;
  status: "open" | "committed" | "discarded";
  planId: number | null;
  createdBy: number;
  createdAt: unknown;
  updatedAt: unknown;
  version: number;
  draft: ReviewDraft;
  source?: string;
}

export async function insertDraft(
  db: Conn,
  d: {
    orgUnitId: number;
    fileName: string;
    format: string;
    encoding: string;
    source: string;
    draft: ReviewDraft;
    createdBy: number;
    at: Date;
  },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO import_drafts (org_unit_id, file_name, format, encoding, source, draft, created_by, created_at, updated_at)
    VALUES (${d.orgUnitId}, ${d.fileName}, ${d.format}, ${d.encoding}, ${d.source}, ${json(d.draft)}::jsonb, ${d.createdBy},
            ${d.at.toISOString()}, ${d.at.toISOString()}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function getDraftRow(db: Conn, id: number, withSource = false): Promise<DraftRow | null> {
  const r = await run(
    db,
    sql`SELECT d.id, d.org_unit_id AS "orgUnitId", o.path AS "unitPath", o.name AS "unitName", d.file_name AS "fileName",
      d.format, d.encoding, d.status, d.plan_id AS "planId", d.created_by AS "createdBy", d.created_at AS "createdAt",
      d.updated_at AS "updatedAt", d.version, d.draft ${withSource ? sql`, d.source` : sql``}
    FROM import_drafts d JOIN org_units o ON o.id = d.org_unit_id WHERE d.id = ${id}`,
  );
  const row = r.rows[0] as unknown as DraftRow | undefined;
  if (row && typeof row.draft === "string") row.draft = JSON.parse(row.draft) as ReviewDraft;
  return row ?? null;
}

/** Open drafts of units whose plans the actor sees whole. */
export async function listOpenDrafts(db: Conn, s: ScopeFilter) {
  const r = await run(
    db,
    sql`SELECT d.id, d.org_unit_id AS "orgUnitId", pu.name AS "unitName", d.file_name AS "fileName", d.status,
      d.created_by AS "createdBy", d.created_at AS "createdAt", d.updated_at AS "updatedAt", d.version
    FROM import_drafts d JOIN org_units pu ON pu.id = d.org_unit_id
    WHERE d.status = 'open' AND ${planWholeSql(s, sql`pu.path`)} ORDER BY d.id DESC LIMIT 200`,
  );
  return r.rows as {
    id: number;
    orgUnitId: number;
    unitName: string;
    fileName: string;
    status: string;
    createdBy: number;
    createdAt: unknown;
    updatedAt: unknown;
    version: number;
  }[];
}

/** Save an edited draft if it is still open at `version`; false when it is not. */
export async function updateDraft(db: Conn, id: number, version: number, draft: ReviewDraft, at: Date) {
  const r = await run(
    db,
    sql`UPDATE import_drafts SET draft = ${json(draft)}::jsonb, version = version + 1, updated_at = ${at.toISOString()}
    WHERE id = ${id} AND version = ${version} AND status = 'open' RETURNING version`,
  );
  return (r.rows[0] as { version: number } | undefined)?.version ?? null;
}

export async function closeDraft(
  db: Conn,
  id: number,
  version: number,
  status: "committed" | "discarded",
  planId: number | null,
  at: Date,
): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE import_drafts SET status = ${status}, plan_id = ${planId}, version = version + 1, updated_at = ${at.toISOString()}
    WHERE id = ${id} AND version = ${version} AND status = 'open' RETURNING id`,
  );
  return r.rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// plans

export interface PlanRow {
  id: number;
  orgUnitId: number;
  unitPath: string;
  unitName: string;
  title: string;
  docType: string | null;
  years: number[];
  docNumber: string | null;
  issuedOn: string | null;
  issuer: string | null;
  sourceDraftId: number | null;
  createdBy: number | null;
  createdAt: unknown;
  version: number;
}

const PLAN_COLS = sql`p.id, p.org_unit_id AS "orgUnitId", pu.path AS "unitPath", pu.name AS "unitName", p.title,
  p.doc_type AS "docType", p.years, p.doc_number AS "docNumber", p.issued_on::text AS "issuedOn", p.issuer,
  p.source_draft_id AS "sourceDraftId", p.created_by AS "createdBy", p.created_at AS "createdAt", p.version`;

export async function insertPlan(
  db: Conn,
  p: {
    orgUnitId: number;
    title: string;
    docType: string | null;
    years: number[];
    docNumber?: string | null;
    issuedOn?: string | null;
    issuer?: string | null;
    sourceDraftId?: number | null;
    createdBy: number;
    at: Date;
  },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO plans (org_unit_id, title, doc_type, years, doc_number, issued_on, issuer, source_draft_id, created_by, created_at)
    VALUES (${p.orgUnitId}, ${p.title}, ${p.docType}, ${intArray(p.years)}::int[], ${p.docNumber ?? null},
            ${p.issuedOn ?? null}::date, ${p.issuer ?? null}, ${p.sourceDraftId ?? null}, ${p.createdBy}, ${p.at.toISOString()})
    RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function getPlanRow(db: Conn, id: number): Promise<PlanRow | null> {
  const r = await run(
    db,
    sql`SELECT ${PLAN_COLS} FROM plans p JOIN org_units pu ON pu.id = p.org_unit_id WHERE p.id = ${id}`,
  );
  return (r.rows[0] as unknown as PlanRow | undefined) ?? null;
}

export interface PlanListRow extends PlanRow {
  /** Does the actor see every task of the plan, or only those that reach them? */
  whole: boolean;
  tasks: number;
  closed: number;
  red: number;
  yellow: number;
}

/** Plans the actor sees, with counts of the tasks (kind task) they see in each. */
export async function listVisiblePlans(db: Conn, s: ScopeFilter): Promise<PlanListRow[]> {
  const r = await run(
    db,
    sql`SELECT ${PLAN_COLS}, ${planWholeSql(s, sql`pu.path`)} AS whole,
      c.tasks, c.closed, c.red, c.yellow
    FROM plans p JOIN org_units pu ON pu.id = p.org_unit_id
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS tasks,
        count(*) FILTER (WHERE t.state = 'closed')::int AS closed,
        count(*) FILTER (WHERE COALESCE(t.status_override, t.status_color) = 'red')::int AS red,
        count(*) FILTER (WHERE COALESCE(t.status_override, t.status_color) = 'yellow')::int AS yellow
      FROM tasks t
      WHERE t.plan_id = p.id AND t.kind = 'task' AND ${taskReachSql(s)}
    ) c
    WHERE ${planWholeSql(s, sql`pu.path`)} OR c.tasks > 0
    ORDER BY p.id DESC`,
  );
  return r.rows as unknown as PlanListRow[];
}

// ---------------------------------------------------------------------------------------------
// tasks

export interface NewTask {
  planId: number;
  parentId: number | null;
  kind: "section" | "task";
  position: number;
  num: string | null;
  /** The numbering as the document writes it ("（二）"), when known. */
  marker?: string | null;
  title: string;
  body: string;
  sourceStart?: number | null;
  sourceEnd?: number | null;
  leadUnitId?: number | null;
  deputyUserId?: number | null;
  deadline?: string | null;
  at: Date;
}

export async function insertTask(db: Conn, t: NewTask): Promise<number> {
  const at = t.at.toISOString();
  const r = await run(
    db,
    sql`INSERT INTO tasks (plan_id, parent_id, kind, position, num, marker, title, body, source_start, source_end,
                           lead_unit_id, deputy_user_id, deadline, created_at, updated_at)
    VALUES (${t.planId}, ${t.parentId}, ${t.kind}, ${t.position}, ${t.num}, ${t.marker ?? null}, ${t.title}, ${t.body},
            ${t.sourceStart ?? null}::int, ${t.sourceEnd ?? null}::int, ${t.leadUnitId ?? null}::int,
            ${t.deputyUserId ?? null}::int, ${t.deadline ?? null}::date, ${at}, ${at})
    RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function nextPosition(db: Conn, planId: number): Promise<number> {
  const r = await run(db, sql`SELECT COALESCE(max(position), -1)::int + 1 AS n FROM tasks WHERE plan_id = ${planId}`);
  return (r.rows[0] as { n: number }).n;
}

const CO_UNITS = sql`COALESCE((SELECT json_agg(json_build_object('id', cu.id, 'name', cu.name, 'path', cu.path) ORDER BY cu.sort, cu.id)
  FROM task_co_units c JOIN org_units cu ON cu.id = c.org_unit_id WHERE c.task_id = t.id), '[]'::json)`;

/** Every column of a task with its plan's unit, lead unit and co-units. */
const TASK_COLS = sql`t.id, t.plan_id AS "planId", t.parent_id AS "parentId", t.kind, t.position, t.num, t.marker, t.title, t.body,
  t.source_start AS "sourceStart", t.source_end AS "sourceEnd", t.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName",
  lu.path AS "leadUnitPath", t.deputy_user_id AS "deputyUserId", t.deadline::text AS deadline, t.cadence, t.state,
  t.progress, t.status_color AS "statusColor", t.status_reason AS "statusReason", t.status_override AS "statusOverride",
  t.status_override_note AS "statusOverrideNote", t.escalation_level AS "escalationLevel", t.last_report_at AS "lastReportAt",
  t.closed_at AS "closedAt", t.version, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
  p.title AS "planTitle", p.org_unit_id AS "planUnitId", pu.path AS "planUnitPath", ${CO_UNITS} AS "coUnits"`;
const TASK_FROM = sql`tasks t JOIN plans p ON p.id = t.plan_id JOIN org_units pu ON pu.id = p.org_unit_id
  LEFT JOIN org_units lu ON lu.id = t.lead_unit_id`;

export interface TaskRow {
  id: number;
  planId: number;
  parentId: number | null;
  kind: "section" | "task";
  position: number;
  num: string | null;
  marker: string | null;
  title: string;
  body: string;
  sourceStart: number | null;
  sourceEnd: number | null;
  leadUnitId: number | null;
  leadUnitName: string | null;
  leadUnitPath: string | null;
  deputyUserId: number | null;
  deadline: string | null;
  cadence: "weekly" | "monthly" | "quarterly" | "adhoc";
  state: "draft" | "assigned" | "accepted" | "completion_requested" | "closed";
  progress: number;
  statusColor: "green" | "yellow" | "red" | "grey";
  statusReason: string | null;
  statusOverride: "green" | "yellow" | "red" | null;
  statusOverrideNote: string | null;
  escalationLevel: number;
  lastReportAt: unknown;
  closedAt: unknown;
  version: number;
  createdAt: unknown;
  updatedAt: unknown;
  planTitle: string;
  planUnitId: number;
  planUnitPath: string;
  coUnits: { id: number; name: string; path: string }[];
  coUnitIds: number[];
  coUnitPaths: string[];
}

function toTaskRow(r: Record<string, unknown>): TaskRow {
  const row = r as unknown as TaskRow;
  if (typeof row.coUnits === "string") row.coUnits = JSON.parse(row.coUnits) as TaskRow["coUnits"];
  row.coUnitIds = row.coUnits.map((c) => c.id);
  row.coUnitPaths = row.coUnits.map((c) => c.path);
  return row;
}

/** A task with everything about it (for other modules: supervision reads states and colours here). */
export async function getTaskRow(db: Conn, id: number): Promise<TaskRow | null> {
  const r = await run(db, sql`SELECT ${TASK_COLS} FROM ${TASK_FROM} WHERE t.id = ${id}`);
  return r.rows[0] ? toTaskRow(r.rows[0]) : null;
}

export async function getTaskScope(db: Conn, id: number): Promise<TaskScope | null> {
  const t = await getTaskRow(db, id);
  return t && toScope(t);
}

export function toScope(t: TaskRow): TaskScope {
  return {
    id: t.id,
    planId: t.planId,
    planUnitPath: t.planUnitPath,
    leadUnitId: t.leadUnitId,
    leadUnitPath: t.leadUnitPath,
    coUnitIds: t.coUnitIds,
    coUnitPaths: t.coUnitPaths,
    deputyUserId: t.deputyUserId,
    state: t.state,
    version: t.version,
    deadline: t.deadline,
    title: t.title,
    kind: t.kind,
  };
}

/** Every task of a plan in order (the caller filters by visibility). */
export async function listPlanTasks(db: Conn, planId: number): Promise<TaskRow[]> {
  const r = await run(
    db,
    sql`SELECT ${TASK_COLS} FROM ${TASK_FROM} WHERE t.plan_id = ${planId} ORDER BY t.position, t.id`,
  );
  return r.rows.map(toTaskRow);
}

export async function getTaskRows(db: Conn, ids: number[]): Promise<TaskRow[]> {
  if (!ids.length) return [];
  const r = await run(
    db,
    sql`SELECT ${TASK_COLS} FROM ${TASK_FROM} WHERE t.id = ANY(${intArray(ids)}::int[]) ORDER BY t.id`,
  );
  return r.rows.map(toTaskRow);
}

export interface TaskListFilter {
  planId?: number | undefined;
  state?: string | undefined;
  color?: string | undefined;
  leadUnitId?: number | undefined;
  deadlineBefore?: string | undefined;
  q?: string | undefined;
  kind: "section" | "task" | "all";
  limit: number;
  offset: number;
}

export interface TaskListRow {
  id: number;
  planId: number;
  planTitle: string;
  parentId: number | null;
  kind: "section" | "task";
  num: string | null;
  marker: string | null;
  title: string;
  state: string;
  statusColor: string;
  statusOverride: string | null;
  progress: number;
  deadline: string | null;
  cadence: string;
  leadUnitId: number | null;
  leadUnitName: string | null;
  coUnitNames: string[];
  deputyUserId: number | null;
  version: number;
  updatedAt: unknown;
}

/**
 * The tasks the actor sees, filtered and paged: one statement returning one row, the total and the
 * page (as JSON). The scope is in the WHERE clause (taskReachSql); names are joined for the page only.
 */
export async function listVisibleTasks(
  db: Conn,
  s: ScopeFilter,
  f: TaskListFilter,
): Promise<{ total: number; rows: TaskListRow[] }> {
  const conds: SQL[] = [taskReachSql(s)];
  if (f.kind !== "all") conds.push(sql`t.kind = ${f.kind}`);
  if (f.planId !== undefined) conds.push(sql`t.plan_id = ${f.planId}`);
  if (f.state !== undefined) conds.push(sql`t.state = ${f.state}`);
  if (f.color !== undefined) conds.push(sql`COALESCE(t.status_override, t.status_color) = ${f.color}`);
  if (f.leadUnitId !== undefined) conds.push(sql`t.lead_unit_id = ${f.leadUnitId}`);
  if (f.deadlineBefore !== undefined) conds.push(sql`t.deadline <= ${f.deadlineBefore}::date`);
  if (f.q !== undefined) {
    const like = `%${f.q.replace(/[\\%_]/gu, "\\$&")}%`;
    conds.push(sql`(t.title ILIKE ${like} OR t.num = ${f.q}
      OR t.lead_unit_id = ANY((SELECT COALESCE(array_agg(u.id), '{}') FROM org_units u WHERE u.name ILIKE ${like})::int[]))`);
  }
  const where = sql.join(conds, sql` AND `);
  const r = await run(
    db,
    sql`SELECT (SELECT count(*)::int FROM tasks t WHERE ${where}) AS total,
      (SELECT COALESCE(json_agg(x), '[]'::json) FROM (
        SELECT t.id, t.plan_id AS "planId", p.title AS "planTitle", t.parent_id AS "parentId", t.kind, t.num, t.marker, t.title,
          t.state, t.status_color AS "statusColor", t.status_override AS "statusOverride", t.progress,
          t.deadline, t.cadence, t.lead_unit_id AS "leadUnitId", lu.name AS "leadUnitName",
          ARRAY(SELECT cu.name FROM task_co_units c JOIN org_units cu ON cu.id = c.org_unit_id
                WHERE c.task_id = t.id ORDER BY cu.sort, cu.id) AS "coUnitNames",
          t.deputy_user_id AS "deputyUserId", t.version, t.updated_at AS "updatedAt"
        FROM tasks t JOIN plans p ON p.id = t.plan_id LEFT JOIN org_units lu ON lu.id = t.lead_unit_id
        WHERE ${where}
        ORDER BY t.plan_id DESC, t.position, t.id
        LIMIT ${f.limit} OFFSET ${f.offset}) x) AS rows`,
  );
  const row = r.rows[0] as { total: number; rows: TaskListRow[] | string };
  return { total: row.total, rows: typeof row.rows === "string" ? (JSON.parse(row.rows) as TaskListRow[]) : row.rows };
}

export async function updateTaskContent(
  db: Conn,
  id: number,
  version: number,
  set: { title?: string | undefined; body?: string | undefined; num?: string | null | undefined },
  at: Date,
): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE tasks SET
      title = COALESCE(${set.title ?? null}, title),
      body = COALESCE(${set.body ?? null}, body),
      num = CASE WHEN ${set.num !== undefined} THEN ${set.num ?? null} ELSE num END,
      version = version + 1, updated_at = ${at.toISOString()}
    WHERE id = ${id} AND version = ${version} RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function updateTaskKind(db: Conn, id: number, kind: "section" | "task"): Promise<void> {
  await run(db, sql`UPDATE tasks SET kind = ${kind} WHERE id = ${id} AND kind <> ${kind}`);
}

/** How many tasks in the subtree under (and including) a task have left the draft state. */
export async function countStartedInSubtree(db: Conn, id: number): Promise<number> {
  const r = await run(
    db,
    sql`WITH RECURSIVE sub AS (SELECT id, state FROM tasks WHERE id = ${id}
      UNION ALL SELECT t.id, t.state FROM tasks t JOIN sub ON t.parent_id = sub.id)
    SELECT count(*) FILTER (WHERE state <> 'draft')::int AS n FROM sub`,
  );
  return (r.rows[0] as { n: number }).n;
}

export async function deleteTask(db: Conn, id: number, version: number): Promise<boolean> {
  const r = await run(db, sql`DELETE FROM tasks WHERE id = ${id} AND version = ${version} RETURNING id`);
  return r.rows.length === 1;
}

/** Assignment fields; `version` null = no optimistic check (bulk assignment). */
export async function setAssignment(
  db: Conn,
  id: number,
  version: number | null,
  set: {
    leadUnitId?: number | undefined;
    deputyUserId?: number | null | undefined;
    deadline?: string | undefined;
    cadence?: string | undefined;
  },
  at: Date,
): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE tasks SET
      lead_unit_id = COALESCE(${set.leadUnitId ?? null}::int, lead_unit_id),
      deputy_user_id = CASE WHEN ${set.deputyUserId !== undefined} THEN ${set.deputyUserId ?? null}::int ELSE deputy_user_id END,
      deadline = COALESCE(${set.deadline ?? null}::date, deadline),
      cadence = COALESCE(${set.cadence ?? null}, cadence),
      version = version + 1, updated_at = ${at.toISOString()}
    WHERE id = ${id} AND (${version}::int IS NULL OR version = ${version}::int) RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function setCoUnits(db: Conn, taskId: number, unitIds: number[]): Promise<void> {
  await run(db, sql`DELETE FROM task_co_units WHERE task_id = ${taskId}`);
  if (unitIds.length)
    await run(
      db,
      sql`INSERT INTO task_co_units (task_id, org_unit_id)
      SELECT ${taskId}, u FROM unnest(${intArray([...new Set(unitIds)])}::int[]) AS u`,
    );
}

// ---------------------------------------------------------------------------------------------
// milestones

export interface MilestoneRow {
  id: number;
  taskId: number;
  title: string;
  dueOn: string;
  reachedAt: unknown;
  position: number;
}

export async function listMilestones(db: Conn, taskId: number): Promise<MilestoneRow[]> {
  const r = await run(
    db,
    sql`SELECT id, task_id AS "taskId", title, due_on::text AS "dueOn", reached_at AS "reachedAt", position
    FROM milestones WHERE task_id = ${taskId} ORDER BY position, due_on, id`,
  );
  return r.rows as unknown as MilestoneRow[];
}

/** The milestones of several tasks (the plan board's timeline). */
export async function listMilestonesOf(db: Conn, taskIds: number[]): Promise<MilestoneRow[]> {
  if (!taskIds.length) return [];
  const r = await run(
    db,
    sql`SELECT id, task_id AS "taskId", title, due_on::text AS "dueOn", reached_at AS "reachedAt", position
    FROM milestones WHERE task_id = ANY(${`{${taskIds.join(",")}}`}::int[]) ORDER BY task_id, position, due_on, id`,
  );
  return r.rows as unknown as MilestoneRow[];
}

/**
 * Make a task's milestones exactly `list`: items with an id (of this task) are updated and keep their
 * reached mark, items without are added, the rest are removed.
 */
export async function replaceMilestones(
  db: Conn,
  taskId: number,
  list: { id?: number | undefined; title: string; dueOn: string }[],
): Promise<void> {
  const keep = list.flatMap((m) => (m.id ? [m.id] : []));
  await run(db, sql`DELETE FROM milestones WHERE task_id = ${taskId} AND NOT (id = ANY(${intArray(keep)}::int[]))`);
  for (const [position, m] of list.entries()) {
    if (m.id)
      await run(
        db,
        sql`UPDATE milestones SET title = ${m.title}, due_on = ${m.dueOn}::date, position = ${position}
        WHERE id = ${m.id} AND task_id = ${taskId}`,
      );
    else
      await run(
        db,
        sql`INSERT INTO milestones (task_id, title, due_on, position) VALUES (${taskId}, ${m.title}, ${m.dueOn}::date, ${position})`,
      );
  }
}

export async function setMilestoneReached(db: Conn, milestoneId: number, at: Date | null): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE milestones SET reached_at = ${at?.toISOString() ?? null}::timestamptz WHERE id = ${milestoneId} RETURNING id`,
  );
  return r.rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// targets

export interface NewTarget {
  taskId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: string;
  deadline: string | null;
  qualifier: string | null;
  sourceStart: number | null;
  sourceEnd: number | null;
  sourceText: string | null;
  position: number;
}

export async function insertTarget(db: Conn, t: NewTarget): Promise<void> {
  await run(
    db,
    sql`INSERT INTO targets (task_id, indicator, value, unit, year, kind, deadline, qualifier, source_start, source_end, source_text, position)
    VALUES (${t.taskId}, ${t.indicator}, ${t.value}, ${t.unit}, ${t.year}::int, ${t.kind}, ${t.deadline}, ${t.qualifier},
            ${t.sourceStart}::int, ${t.sourceEnd}::int, ${t.sourceText}, ${t.position})`,
  );
}

export interface TargetRow extends Omit<NewTarget, "position"> {
  id: number;
  achieved: number | null;
  achievedAt: unknown;
}

export async function listTargets(db: Conn, taskIds: number[]): Promise<TargetRow[]> {
  if (!taskIds.length) return [];
  const r = await run(
    db,
    sql`SELECT id, task_id AS "taskId", indicator, value::float8 AS value, unit, year, kind, deadline, qualifier,
      source_start AS "sourceStart", source_end AS "sourceEnd", source_text AS "sourceText",
      achieved::float8 AS achieved, achieved_at AS "achievedAt"
    FROM targets WHERE task_id = ANY(${intArray(taskIds)}::int[]) ORDER BY task_id, position, year NULLS FIRST, id`,
  );
  return r.rows as unknown as TargetRow[];
}

export async function setTargetAchieved(db: Conn, targetId: number, value: number | null, at: Date): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE targets SET achieved = ${value}::numeric, achieved_at = ${at.toISOString()} WHERE id = ${targetId} RETURNING id`,
  );
  return r.rows.length === 1;
}

// ---------------------------------------------------------------------------------------------
// for the supervision module

/** Columns supervision may write; everything else changes through this module's use cases. */
export interface TaskFields {
  state?: TaskRow["state"];
  progress?: number;
  statusColor?: TaskRow["statusColor"];
  statusReason?: string | null;
  statusOverride?: TaskRow["statusOverride"];
  statusOverrideNote?: string | null;
  escalationLevel?: number;
  lastReportAt?: Date | null;
  closedAt?: Date | null;
  updatedAt?: Date;
}

const FIELD_COLUMNS: Record<keyof TaskFields, string> = {
  state: "state",
  progress: "progress",
  statusColor: "status_color",
  statusReason: "status_reason",
  statusOverride: "status_override",
  statusOverrideNote: "status_override_note",
  escalationLevel: "escalation_level",
  lastReportAt: "last_report_at",
  closedAt: "closed_at",
  updatedAt: "updated_at",
};

/** Fields the sweep recomputes: changing only these does not bump the task's version. */
const DERIVED = new Set<keyof TaskFields>(["statusColor", "statusReason", "escalationLevel"]);

/**
 * Update some columns of a task. With `opts.version` the row must still be at that version (else false).
 * The version goes up unless only derived columns (colour, reason, escalation level) change, so a
 * sweep never makes a user's open form stale.
 */
export async function updateTaskFields(
  db: Conn,
  id: number,
  fields: TaskFields,
  opts: { version?: number } = {},
): Promise<boolean> {
  const keys = (Object.keys(fields) as (keyof TaskFields)[]).filter(
    (k) => fields[k] !== undefined && k in FIELD_COLUMNS,
  );
  if (!keys.length) return true;
  const sets = keys.map((k) => {
    const v = fields[k];
    return sql`${sql.raw(FIELD_COLUMNS[k])} = ${v instanceof Date ? v.toISOString() : (v ?? null)}`;
  });
  if (keys.some((k) => !DERIVED.has(k))) sets.push(sql`version = version + 1`);
  const r = await run(
    db,
    sql`UPDATE tasks SET ${sql.join(sets, sql`, `)}
    WHERE id = ${id} AND (${opts.version ?? null}::int IS NULL OR version = ${opts.version ?? null}::int) RETURNING id`,
  );
  return r.rows.length === 1;
}

export interface SweepTask {
  id: number;
  planId: number;
  planUnitId: number;
  title: string;
  state: TaskRow["state"];
  deadline: string | null;
  cadence: TaskRow["cadence"];
  progress: number;
  statusColor: TaskRow["statusColor"];
  statusReason: string | null;
  statusOverride: TaskRow["statusOverride"];
  escalationLevel: number;
  lastReportAt: unknown;
  createdAt: unknown;
  closedAt: unknown;
  leadUnitId: number | null;
  deputyUserId: number | null;
  version: number;
  milestones: { id: number; title: string; dueOn: string; reachedAt: string | null }[];
}

/** Every task (kind task) with what the status rule needs, milestones included: one query. */
export async function listTasksForSweep(db: Conn): Promise<SweepTask[]> {
  const r = await run(
    db,
    sql`SELECT t.id, t.plan_id AS "planId", p.org_unit_id AS "planUnitId", t.title, t.state, t.deadline::text AS deadline,
      t.cadence, t.progress, t.status_color AS "statusColor", t.status_reason AS "statusReason",
      t.status_override AS "statusOverride", t.escalation_level AS "escalationLevel", t.last_report_at AS "lastReportAt",
      t.created_at AS "createdAt", t.closed_at AS "closedAt", t.lead_unit_id AS "leadUnitId",
      t.deputy_user_id AS "deputyUserId", t.version,
      COALESCE((SELECT json_agg(json_build_object('id', m.id, 'title', m.title, 'dueOn', m.due_on, 'reachedAt', m.reached_at)
                ORDER BY m.position, m.due_on) FROM milestones m WHERE m.task_id = t.id), '[]'::json) AS milestones
    FROM tasks t JOIN plans p ON p.id = t.plan_id
    WHERE t.kind = 'task' ORDER BY t.id`,
  );
  return (r.rows as unknown as SweepTask[]).map((t) =>
    typeof t.milestones === "string" ? { ...t, milestones: JSON.parse(t.milestones) as SweepTask["milestones"] } : t,
  );
}
