// A fresh, migrated database for one test file: a clone of the template made by global-setup.
// PGlite always; PostgreSQL instead when TEST_DATABASE_URL is set (the same suite runs on both).
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import pg from "pg";
import { migrate } from "../server/db/migrate.ts";
import { openDatabase, type Database } from "../server/platform/db.ts";

export const ENGINE = process.env.TEST_DATABASE_URL ? "postgres" : "pglite";

export async function testDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  const template = process.env.LUOSHI_TEST_PG_TEMPLATE;
  if (url && template) {
    const name = `luoshi_t_${randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${name}`;
    return openDatabase({ url: u.toString() });
  }
  const dump = process.env.LUOSHI_TEST_TEMPLATE;
  if (dump) return openDatabase({ loadDataDir: new Blob([readFileSync(dump)]) });
  const database = await openDatabase({});
  await migrate(database);
  return database;
}

/** A new, empty (unmigrated) PostgreSQL database next to TEST_DATABASE_URL; returns its URL. */
export async function emptyPostgresDatabase(): Promise<string> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `luoshi_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base);
  u.pathname = `/${name}`;
  return u.toString();
}
