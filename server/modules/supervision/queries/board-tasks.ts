// Read-only: every dispatched task with what the supervision board and the on-time ranking show.
// The caller filters the rows with the plans module's canSeeTask.
import { sql } from "drizzle-orm";
import { run, type Db } from "../../../platform/db.ts";
import { iso } from "../supervision.repo.ts";
import { EFFECTIVE_COLOR, SCOPE_COLS, TASK_FROM, fixArrays, type ScopeCols } from "./scope.ts";

export interface BoardTaskRow extends ScopeCols {
  num: string | null;
  marker: string | null;
  planTitle: string;
  progress: number;
  closedAt: string | null;
  /** The colour shown: a manual override, else the rule's. */
  statusColor: "green" | "yellow" | "red" | "grey";
  statusReason: string | null;
  statusOverride: string | null;
  escalationLevel: number;
  leadUnitName: string | null;
  leadUnitType: string | null;
  /** The task's deputy, else the first deputy in charge of its lead unit. */
  boardDeputyId: number | null;
  boardDeputyName: string | null;
}

export async function boardTasks(db: Db): Promise<BoardTaskRow[]> {
  const r = await run(
    db,
    sql`SELECT ${SCOPE_COLS}, t.num, t.marker, p.title AS "planTitle", t.progress, t.closed_at AS "closedAt",
      ${EFFECTIVE_COLOR} AS "statusColor",
      CASE WHEN t.status_override IS NOT NULL AND t.state NOT IN ('draft', 'closed')
           THEN '人工调整：' || COALESCE(t.status_override_note, '') ELSE t.status_reason END AS "statusReason",
      t.status_override AS "statusOverride",
      t.escalation_level AS "escalationLevel", lu.name AS "leadUnitName", lu.type AS "leadUnitType",
      dep.id AS "boardDeputyId", dep.display_name AS "boardDeputyName"
    FROM ${TASK_FROM}
      LEFT JOIN LATERAL (
        SELECT u.id, u.display_name FROM users u
        WHERE u.id = t.deputy_user_id
           OR (t.deputy_user_id IS NULL AND NOT u.disabled
               AND u.id IN (SELECT d.user_id FROM deputy_departments d WHERE d.org_unit_id = t.lead_unit_id))
        ORDER BY u.id LIMIT 1) dep ON true
    WHERE t.kind = 'task' AND t.state <> 'draft'
    ORDER BY t.deadline NULLS LAST, t.id`,
  );
  return r.rows.map((row) => fixArrays({ ...(row as unknown as BoardTaskRow), closedAt: iso(row.closedAt) }));
}
