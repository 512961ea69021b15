// Read-only: every section and task (of one plan, or of all plans) with what the dashboard shows, the
// time each task was first dispatched (from the audit trail), and the quantified targets of given tasks.
// The caller filters the rows with the plans module's canSeeTask.
import { sql } from "drizzle-orm";
import { run, type Db } from "../../../platform/db.ts";
import { iso } from "../supervision.repo.ts";
import { EFFECTIVE_COLOR, SCOPE_COLS, TASK_FROM, fixArrays, type ScopeCols } from "./scope.ts";

export interface DashboardTaskRow extends ScopeCols {
  parentId: number | null;
  num: string | null;
  marker: string | null;
  planTitle: string;
  progress: number;
  statusColor: "green" | "yellow" | "red" | "grey";
  leadUnitName: string | null;
  leadUnitType: string | null;
  closedAt: string | null;
  /** First `task.dispatch` in the audit trail, else created_at for a task under way without one. */
  dispatchedAt: string | null;
}

export async function dashboardTasks(db: Db, planId: number | null): Promise<DashboardTaskRow[]> {
  const r = await run(
    db,
    sql`SELECT ${SCOPE_COLS}, t.parent_id AS "parentId", t.num, t.marker, p.title AS "planTitle", t.progress,
      ${EFFECTIVE_COLOR} AS "statusColor", lu.name AS "leadUnitName", lu.type AS "leadUnitType",
      t.closed_at AS "closedAt",
      CASE WHEN t.state = 'draft' THEN NULL ELSE COALESCE(
        (SELECT MIN(a.at) FROM audit_events a WHERE a.task_id = t.id AND a.action = 'task.dispatch'),
        t.created_at) END AS "dispatchedAt"
    FROM ${TASK_FROM}
    WHERE (${planId}::int IS NULL OR t.plan_id = ${planId}::int)
    ORDER BY t.plan_id, t.position, t.id`,
  );
  return r.rows.map((row) =>
    fixArrays({
      ...(row as unknown as DashboardTaskRow),
      closedAt: iso(row.closedAt),
      dispatchedAt: iso(row.dispatchedAt),
    }),
  );
}

export interface DashboardTargetRow {
  id: number;
  taskId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  achieved: number | null;
}

export async function dashboardTargets(db: Db, taskIds: number[]): Promise<DashboardTargetRow[]> {
  if (!taskIds.length) return [];
  const r = await run(
    db,
    sql`SELECT id, task_id AS "taskId", indicator, value::float8 AS value, unit, year, achieved::float8 AS achieved
    FROM targets WHERE kind = 'target' AND task_id = ANY(${`{${taskIds.join(",")}}`}::int[])
    ORDER BY task_id, position, id`,
  );
  return r.rows.map((x) => {
    const row = x as unknown as DashboardTargetRow;
    return { ...row, value: Number(row.value), achieved: row.achieved === null ? null : Number(row.achieved) };
  });
}
