// Read-only: the sections and tasks of one plan with what the roll-up needs. The caller filters tasks
// with the plans module's canSeeTask.
import { sql } from "drizzle-orm";
import { run, type Db } from "../../../platform/db.ts";
import { EFFECTIVE_COLOR, SCOPE_COLS, TASK_FROM, fixArrays, type ScopeCols } from "./scope.ts";

export interface PlanTaskRow extends ScopeCols {
  parentId: number | null;
  num: string | null;
  marker: string | null;
  progress: number;
  statusColor: "green" | "yellow" | "red" | "grey";
  statusOverride: "green" | "yellow" | "red" | null;
  statusOverrideNote: string | null;
  leadUnitName: string | null;
  planTitle: string;
}

export async function planTasks(db: Db, planId: number): Promise<PlanTaskRow[]> {
  const r = await run(
    db,
    sql`SELECT ${SCOPE_COLS}, t.parent_id AS "parentId", t.num, t.marker, t.progress, ${EFFECTIVE_COLOR} AS "statusColor",
      t.status_override AS "statusOverride", t.status_override_note AS "statusOverrideNote",
      lu.name AS "leadUnitName", p.title AS "planTitle"
    FROM ${TASK_FROM} WHERE t.plan_id = ${planId} ORDER BY t.position, t.id`,
  );
  return r.rows.map((row) => fixArrays(row as unknown as PlanTaskRow));
}
