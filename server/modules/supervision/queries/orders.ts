// Read-only: 督办单 with their task's scope, title and lead unit, and the issuer's name. The caller
// filters the rows with the plans module's canSeeTask.
import { sql } from "drizzle-orm";
import { run, type Db } from "../../../platform/db.ts";
import { toOrder, type OrderRow } from "../supervision.repo.ts";
import { fixArrays, type ScopeCols } from "./scope.ts";

export interface OrderListRow extends OrderRow {
  issuerName: string;
  leadUnitName: string | null;
  scope: ScopeCols;
}

export async function listOrders(
  db: Db,
  f: { state?: string | undefined; taskId?: number | undefined },
): Promise<OrderListRow[]> {
  const r = await run(
    db,
    sql`SELECT o.id, o.task_id AS "taskId", o.number, o.issued_by AS "issuedBy", o.issued_at AS "issuedAt", o.reason,
      o.requirement, o.due_on::text AS "dueOn", o.state, o.response, o.responded_by AS "respondedBy",
      o.responded_at AS "respondedAt", o.closed_at AS "closedAt", iu.display_name AS "issuerName",
      lu.name AS "leadUnitName",
      json_build_object('id', t.id, 'planId', t.plan_id, 'planUnitPath', pu.path, 'leadUnitId', t.lead_unit_id,
        'leadUnitPath', lu.path, 'deputyUserId', t.deputy_user_id, 'state', t.state, 'version', t.version,
        'deadline', t.deadline, 'title', t.title, 'kind', t.kind,
        'coUnitIds', COALESCE((SELECT json_agg(c.org_unit_id) FROM task_co_units c WHERE c.task_id = t.id), '[]'::json),
        'coUnitPaths', COALESCE((SELECT json_agg(cu.path) FROM task_co_units c JOIN org_units cu ON cu.id = c.org_unit_id
                                 WHERE c.task_id = t.id), '[]'::json)) AS scope
    FROM supervision_orders o JOIN tasks t ON t.id = o.task_id JOIN plans p ON p.id = t.plan_id
      JOIN org_units pu ON pu.id = p.org_unit_id LEFT JOIN org_units lu ON lu.id = t.lead_unit_id
      JOIN users iu ON iu.id = o.issued_by
    WHERE (${f.state ?? null}::text IS NULL OR o.state = ${f.state ?? null}::text)
      AND (${f.taskId ?? null}::int IS NULL OR o.task_id = ${f.taskId ?? null}::int)
    ORDER BY o.issued_at DESC, o.id DESC LIMIT 1000`,
  );
  return r.rows.map((row) => {
    const scope = typeof row.scope === "string" ? JSON.parse(row.scope) : row.scope;
    return {
      ...toOrder(row),
      issuerName: row.issuerName,
      leadUnitName: row.leadUnitName,
      scope: fixArrays(scope),
    } as OrderListRow;
  });
}
