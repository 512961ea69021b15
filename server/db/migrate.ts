// Applies server/db/migrations/*.sql in name order, each once, each in its own transaction.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Database } from "../platform/db.ts";

const DIR = join(import.meta.dirname, "migrations");

export async function migrate(database: Database): Promise<string[]> {
  await database.exec(
    "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
  );
  const done = new Set(
    (await database.query<{ name: string }>("SELECT name FROM schema_migrations")).map((r) => r.name),
  );
  const applied: string[] = [];
  for (const name of readdirSync(DIR)
    .filter((f) => f.endsWith(".sql"))
    .sort()) {
    if (done.has(name)) continue;
    const sql = readFileSync(join(DIR, name), "utf8");
    await database.exec(
      `BEGIN;\n${sql}\nINSERT INTO schema_migrations (name) VALUES ('${name.replace(/'/gu, "''")}');\nCOMMIT;`,
    );
    applied.push(name);
  }
  return applied;
}
