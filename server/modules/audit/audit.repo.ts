// audit_events: append-only (a trigger refuses UPDATE and DELETE). All SQL of the module is here.
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../platform/db.ts";

export interface AuditInput {
  actorId: number | null;
  action: string;
  entity: string;
  entityId?: number | null;
  taskId?: number | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  at: Date;
}

const json = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

export async function insertAudit(db: Db | Tx, e: AuditInput): Promise<void> {
  await run(
    db,
    sql`INSERT INTO audit_events (at, actor_id, action, entity, entity_id, task_id, before, after, reason)
    VALUES (${e.at.toISOString()}, ${e.actorId}, ${e.action}, ${e.entity}, ${e.entityId ?? null}, ${e.taskId ?? null},
            ${json(e.before)}::jsonb, ${json(e.after)}::jsonb, ${e.reason ?? null})`,
  );
}

export interface AuditRow {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: number | null;
  taskId: number | null;
  before: unknown;
  after: unknown;
  reason: string | null;
}

export interface AuditFilter {
  taskId?: number | undefined;
  actorId?: number | undefined;
  entity?: string | undefined;
  entityId?: number | undefined;
  beforeId?: number | undefined;
  limit: number;
}

export async function listAudit(db: Db, f: AuditFilter): Promise<AuditRow[]> {
  const r = await run(
    db,
    sql`SELECT a.id::int AS "id", a.at AS "at", a.actor_id AS "actorId", u.display_name AS "actorName",
      a.action AS "action", a.entity AS "entity", a.entity_id AS "entityId", a.task_id AS "taskId",
      a.before AS "before", a.after AS "after", a.reason AS "reason"
    FROM audit_events a LEFT JOIN users u ON u.id = a.actor_id
    WHERE (${f.taskId ?? null}::int IS NULL OR a.task_id = ${f.taskId ?? null}::int)
      AND (${f.actorId ?? null}::int IS NULL OR a.actor_id = ${f.actorId ?? null}::int)
      AND (${f.entity ?? null}::text IS NULL OR a.entity = ${f.entity ?? null}::text)
      AND (${f.entityId ?? null}::int IS NULL OR a.entity_id = ${f.entityId ?? null}::int)
      AND (${f.beforeId ?? null}::bigint IS NULL OR a.id < ${f.beforeId ?? null}::bigint)
    ORDER BY a.id DESC LIMIT ${f.limit}`,
  );
  return r.rows as unknown as AuditRow[];
}
