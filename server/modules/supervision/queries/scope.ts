// Read-only query fragments shared by the dashboard queries of this folder: what the plans module's
// `canSeeTask` needs to know about a task (the named exception to "no joins into another module's tables").
import { sql } from "drizzle-orm";

/** FROM clause: the task, its plan, the plan's unit (pu) and the lead unit (lu). */
export const TASK_FROM = sql`tasks t JOIN plans p ON p.id = t.plan_id JOIN org_units pu ON pu.id = p.org_unit_id
  LEFT JOIN org_units lu ON lu.id = t.lead_unit_id`;

/** Columns for a TaskScope-shaped value (filter rows with canSeeTask). */
export const SCOPE_COLS = sql`t.id, t.plan_id AS "planId", pu.path AS "planUnitPath", t.lead_unit_id AS "leadUnitId",
  lu.path AS "leadUnitPath", t.deputy_user_id AS "deputyUserId", t.state, t.version, t.deadline::text AS deadline,
  t.title, t.kind,
  ARRAY(SELECT c.org_unit_id FROM task_co_units c WHERE c.task_id = t.id ORDER BY c.org_unit_id) AS "coUnitIds",
  ARRAY(SELECT cu.path FROM task_co_units c JOIN org_units cu ON cu.id = c.org_unit_id WHERE c.task_id = t.id
        ORDER BY c.org_unit_id) AS "coUnitPaths"`;

export interface ScopeCols {
  id: number;
  planId: number;
  planUnitPath: string;
  leadUnitId: number | null;
  leadUnitPath: string | null;
  deputyUserId: number | null;
  state: string;
  version: number;
  deadline: string | null;
  title: string;
  kind: "section" | "task";
  coUnitIds: number[];
  coUnitPaths: string[];
}

/** Arrays come back as arrays from both drivers; be safe with the text form '{1,2}'. */
export function fixArrays<T extends { coUnitIds: unknown; coUnitPaths: unknown }>(r: T): T {
  const arr = (v: unknown) =>
    Array.isArray(v)
      ? v
      : typeof v === "string"
        ? v
            .replace(/^\{|\}$/gu, "")
            .split(",")
            .filter(Boolean)
        : [];
  return { ...r, coUnitIds: arr(r.coUnitIds).map(Number), coUnitPaths: arr(r.coUnitPaths).map(String) };
}

/** The colour a task shows: its manual override while under way, else the rule's colour (status_color). */
export const EFFECTIVE_COLOR = sql`CASE WHEN t.kind = 'task' AND t.state NOT IN ('draft', 'closed')
  THEN COALESCE(t.status_override, t.status_color) ELSE t.status_color END`;
