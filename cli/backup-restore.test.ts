// `luoshi backup` → `luoshi restore` round trips: the embedded database (a data-dir dump into a fresh
// DATA_DIR), and, when TEST_DATABASE_URL is set, PostgreSQL (pg_dump -Fc / pg_restore). Row counts and a
// login-relevant row must survive; a restore never writes over data without --force.
import { existsSync, mkdtempSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { migrate } from "../server/db/migrate.ts";
import { getUserByUsername } from "../server/modules/orgs/index.ts";
import { rowCounts } from "../server/modules/demo/index.ts";
import { MovableClock } from "../server/platform/clock.ts";
import { loadConfig } from "../server/platform/config.ts";
import { openDatabase, type Database } from "../server/platform/db.ts";
import { ENGINE, emptyPostgresDatabase } from "../test/db.ts";
import { seedCounty } from "../test/factories.ts";
import { main } from "./main.ts";
import type { Io } from "./io.ts";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function io(env: Record<string, string>) {
  let stdout = "";
  let stderr = "";
  const value: Io = {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
  };
  return { io: value, out: () => stdout, err: () => stderr };
}

async function seed(database: Database) {
  await migrate(database);
  const deps = { database, config: loadConfig({}, { LOG_LEVEL: "silent" }), clock: new MovableClock(), mailer: null };
  await seedCounty(deps);
}

/** The counts a command printed, "  单位 org_units: 9" lines → { org_units: 9 }. */
const printedCounts = (text: string) =>
  Object.fromEntries([...text.matchAll(/^ {2}\S+ (\w+): (\d+)$/gmu)].map((m) => [m[1]!, Number(m[2])]));

describe.runIf(ENGINE === "pglite")("backup and restore, embedded database", () => {
  it("round trip into an empty DATA_DIR keeps every row; a non-empty DATA_DIR needs --force", async () => {
    const root = mkdtempSync(join(tmpdir(), "luoshi-backup-"));
    dirs.push(root);
    const dataDir = join(root, "data");
    const file = join(root, "backup.tar.gz");
    const env = { DATA_DIR: dataDir };

    const database = await openDatabase({ dataDir });
    await seed(database);
    const before = await rowCounts(database);
    await database.close();
    expect(before.users).toBeGreaterThan(5);

    const b = io(env);
    expect(await main(["backup", file], b.io)).toBe(0);
    expect(printedCounts(b.out())).toEqual(before);
    expect(existsSync(`${file}.partial`)).toBe(false);

    // the drill: move the data away, restore, open again
    renameSync(dataDir, join(root, "data.moved"));
    const r = io(env);
    expect(await main(["restore", file], r.io), r.err()).toBe(0);
    expect(printedCounts(r.out())).toEqual(before);
    const restored = await openDatabase({ dataDir });
    try {
      expect(await rowCounts(restored)).toEqual(before);
      expect((await getUserByUsername(restored.db, "staff"))?.role).toBe("staff");
    } finally {
      await restored.close();
    }

    // restoring over data is refused, and with --force the old directory is kept beside it
    const refused = io(env);
    expect(await main(["restore", file], refused.io)).toBe(2);
    expect(refused.err()).toContain("不为空");
    const forced = io(env);
    expect(await main(["restore", file, "--force"], forced.io), forced.err()).toBe(0);
    expect(readdirSync(root).some((n) => n.startsWith("data.before-restore-"))).toBe(true);

    // an existing backup file is not overwritten without --force; a broken file changes nothing
    expect(await main(["backup", file], io(env).io)).toBe(2);
    const junk = join(root, "junk.tar.gz");
    writeFileSync(junk, Buffer.from([0x1f, 0x8b, 1, 2, 3, 4]));
    const bad = io(env);
    expect(await main(["restore", junk, "--force"], bad.io)).toBe(2);
    const still = await openDatabase({ dataDir });
    try {
      expect(await rowCounts(still)).toEqual(before);
    } finally {
      await still.close();
    }
  }, 120_000);
});

describe.runIf(ENGINE === "postgres")("backup and restore, PostgreSQL", () => {
  it("pg_dump → pg_restore --clean brings back the rows as they were", async () => {
    const url = await emptyPostgresDatabase();
    const root = mkdtempSync(join(tmpdir(), "luoshi-pgbackup-"));
    dirs.push(root);
    const file = join(root, "backup.dump");

    const database = await openDatabase({ url });
    try {
      await seed(database);
      const before = await rowCounts(database);
      const b = io({ DATABASE_URL: url });
      expect(await main(["backup", file], b.io), b.err()).toBe(0);
      expect(printedCounts(b.out())).toEqual(before);

      // a change after the backup, which the restore must undo
      await database.exec("INSERT INTO org_units (type, name, path) VALUES ('county', '多余的县', '/')");
      expect((await rowCounts(database)).org_units).toBe(before.org_units! + 1);

      const r = io({ DATABASE_URL: url });
      expect(await main(["restore", file], r.io), r.err()).toBe(0);
      expect(await rowCounts(database)).toEqual(before);
      expect((await getUserByUsername(database.db, "staff"))?.role).toBe("staff");
    } finally {
      await database.close();
    }
  }, 120_000);
});
