// All SQL of the reports module: report_bulletins (issued bulletins and their snapshots), carry_overs
// and carry_over_links (a plan started from last year's, and where each carried row came from).
import { sql } from "drizzle-orm";
import type { Bulletin } from "../../../common/schemas/reports.ts";
import { run, type Db, type Tx } from "../../platform/db.ts";

type Conn = Db | Tx;

export interface BulletinRow {
  id: number;
  planId: number;
  number: number;
  periodFrom: string;
  periodTo: string;
  issuedAt: string;
  issuedBy: number | null;
  snapshot: Bulletin;
}

const COLS = sql`id, plan_id AS "planId", number, period_from::text AS "periodFrom", period_to::text AS "periodTo",
  issued_at AS "issuedAt", issued_by AS "issuedBy"`;

function fix(r: Record<string, unknown>): BulletinRow {
  const row = r as unknown as BulletinRow;
  if (typeof row.snapshot === "string") row.snapshot = JSON.parse(row.snapshot) as Bulletin;
  if (row.issuedAt && typeof row.issuedAt !== "string") row.issuedAt = (row.issuedAt as unknown as Date).toISOString();
  return row;
}

/** The latest issued bulletin of a plan (with its snapshot), or null. */
export async function latestBulletin(db: Conn, planId: number): Promise<BulletinRow | null> {
  const r = await run(
    db,
    sql`SELECT ${COLS}, snapshot FROM report_bulletins WHERE plan_id = ${planId} ORDER BY number DESC LIMIT 1`,
  );
  return r.rows[0] ? fix(r.rows[0]) : null;
}

export async function getBulletin(db: Conn, id: number): Promise<BulletinRow | null> {
  const r = await run(db, sql`SELECT ${COLS}, snapshot FROM report_bulletins WHERE id = ${id}`);
  return r.rows[0] ? fix(r.rows[0]) : null;
}

export async function listBulletins(db: Conn, planId: number): Promise<Omit<BulletinRow, "snapshot">[]> {
  const r = await run(db, sql`SELECT ${COLS} FROM report_bulletins WHERE plan_id = ${planId} ORDER BY number DESC`);
  return r.rows.map((x) => fix(x));
}

export async function insertBulletin(
  db: Conn,
  b: {
    planId: number;
    number: number;
    periodFrom: string;
    periodTo: string;
    at: Date;
    by: number | null;
    snapshot: Bulletin;
  },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO report_bulletins (plan_id, number, period_from, period_to, issued_at, issued_by, snapshot)
    VALUES (${b.planId}, ${b.number}, ${b.periodFrom}::date, ${b.periodTo}::date, ${b.at.toISOString()}, ${b.by},
            ${JSON.stringify(b.snapshot)}::jsonb) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function insertCarryOver(
  db: Conn,
  c: { fromPlanId: number; toPlanId: number; year: number; at: Date; by: number | null },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO carry_overs (from_plan_id, to_plan_id, year, created_at, created_by)
    VALUES (${c.fromPlanId}, ${c.toPlanId}, ${c.year}, ${c.at.toISOString()}, ${c.by}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

/** The plan an earlier carry-over of `fromPlanId` into `year` made, or null. */
export async function carriedInto(db: Conn, fromPlanId: number, year: number): Promise<number | null> {
  const r = await run(
    db,
    sql`SELECT to_plan_id AS "planId" FROM carry_overs WHERE from_plan_id = ${fromPlanId} AND year = ${year} LIMIT 1`,
  );
  return (r.rows[0] as { planId: number } | undefined)?.planId ?? null;
}

export interface CarryLink {
  newTaskId: number;
  originTaskId: number | null;
  originTargetId: number | null;
  reason: "unfinished" | "unmet_target" | "section" | "target";
}

export async function insertCarryLinks(db: Conn, carryOverId: number, links: CarryLink[]): Promise<void> {
  for (const l of links)
    await run(
      db,
      sql`INSERT INTO carry_over_links (carry_over_id, new_task_id, origin_task_id, origin_target_id, reason)
      VALUES (${carryOverId}, ${l.newTaskId}, ${l.originTaskId}, ${l.originTargetId}, ${l.reason})`,
    );
}

/** The origin links of a plan made by carry-over (empty for any other plan). */
export async function carryLinksOfPlan(db: Conn, planId: number): Promise<(CarryLink & { fromPlanId: number })[]> {
  const r = await run(
    db,
    sql`SELECT l.new_task_id AS "newTaskId", l.origin_task_id AS "originTaskId", l.origin_target_id AS "originTargetId",
      l.reason, c.from_plan_id AS "fromPlanId"
    FROM carry_over_links l JOIN carry_overs c ON c.id = l.carry_over_id WHERE c.to_plan_id = ${planId} ORDER BY l.id`,
  );
  return r.rows as unknown as (CarryLink & { fromPlanId: number })[];
}
