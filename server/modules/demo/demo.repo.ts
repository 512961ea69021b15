// Maintenance reads across tables for first start, backup and restore: is the database empty, how many
// rows does each table hold. Read-only; like the dashboards' queries, the named exception to "another
// module's data comes through its index.ts" (it only counts).
import type { Database } from "../../platform/db.ts";

/** Tables whose counts a backup prints and a restore compares (the ones a person would miss). */
export const COUNTED_TABLES = [
  "org_units",
  "users",
  "plans",
  "tasks",
  "targets",
  "progress_reports",
  "evidence_files",
  "supervision_orders",
  "notifications",
  "collection_rounds",
  "data_values",
  "target_links",
  "report_bulletins",
  "audit_events",
] as const;

export async function hasUsers(database: Database): Promise<boolean> {
  const rows = await database.query<{ one: number }>("SELECT 1 AS one FROM users LIMIT 1");
  return rows.length > 0;
}

/** Row count per table; a table that does not exist (an older schema) is left out. */
export async function rowCounts(database: Database): Promise<Record<string, number>> {
  const present = new Set(
    (
      await database.query<{ name: string }>(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
      )
    ).map((r) => r.name),
  );
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    if (!present.has(table)) continue;
    const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
    counts[table] = Number(row?.n ?? 0);
  }
  return counts;
}

/** Marks the demo seeding in `settings`: 'seeding' before, 'done' after, so a half-made demo is noticed. */
export async function setDemoState(database: Database, state: "seeding" | "done", at: Date): Promise<void> {
  await database.query(
    `INSERT INTO settings (key, value) VALUES ('demo', $1::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`,
    [JSON.stringify({ state, at: at.toISOString() })],
  );
}

export async function demoState(database: Database): Promise<"seeding" | "done" | null> {
  const rows = await database.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'demo'");
  const v = rows[0]?.value;
  const parsed = (typeof v === "string" ? JSON.parse(v) : v) as { state?: string } | undefined;
  return parsed?.state === "seeding" || parsed?.state === "done" ? parsed.state : null;
}
