// Runs once before the test files: migrates a template database that every test file clones
// (PGlite: a data-dir dump in a temp file; PostgreSQL: a template database).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { migrate } from "../server/db/migrate.ts";
import { openDatabase } from "../server/platform/db.ts";

export default async function setup() {
  const dir = mkdtempSync(join(tmpdir(), "luoshi-test-"));
  const database = await openDatabase({});
  await migrate(database);
  const dump = await database.pglite!.dumpDataDir("none");
  writeFileSync(join(dir, "template.tar"), Buffer.from(await dump.arrayBuffer()));
  await database.close();
  process.env.LUOSHI_TEST_TEMPLATE = join(dir, "template.tar");

  const url = process.env.TEST_DATABASE_URL;
  let templateDb: string | null = null;
  if (url) {
    templateDb = `luoshi_tpl_${randomBytes(4).toString("hex")}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDb}`);
    await admin.end();
    const u = new URL(url);
    u.pathname = `/${templateDb}`;
    const tpl = await openDatabase({ url: u.toString() });
    await migrate(tpl);
    await tpl.close();
    process.env.LUOSHI_TEST_PG_TEMPLATE = templateDb;
  }
  return async () => {
    rmSync(dir, { recursive: true, force: true });
    if (url && templateDb) {
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const dbs = await admin.query<{ datname: string }>(
        `SELECT datname FROM pg_database WHERE datname LIKE 'luoshi_t_%' OR datname = $1`,
        [templateDb],
      );
      for (const { datname } of dbs.rows) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
      await admin.end();
    }
  };
}
