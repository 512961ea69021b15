// The server process as an operator meets it: startServer on port 0 with a temporary DATA_DIR (the demo
// county on first start, nothing on the second), a production start with only the first admin, and the
// real `luoshi serve` process stopped by SIGTERM. Against PostgreSQL (TEST_DATABASE_URL) the production
// start runs on a fresh database of that server.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ENGINE, emptyPostgresDatabase } from "../test/db.ts";
import { startServer, type RunningServer } from "./main.ts";
import { migrate } from "./db/migrate.ts";
import { seedDemoCounty } from "./modules/demo/index.ts";
import { setDemoState } from "./modules/demo/demo.repo.ts";
import { MovableClock } from "./platform/clock.ts";
import { loadConfig } from "./platform/config.ts";
import { openDatabase } from "./platform/db.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "luoshi-serve-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The environment for a child process on the embedded database. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_URL;
  return env;
}

const QUIET = { LOG_LEVEL: "silent", PORT: 0, SWEEP_MINUTES: 0 } as const;

function capture() {
  let text = "";
  return { out: { write: (s: string) => (text += s) }, text: () => text };
}

async function login(url: string, username: string, password: string) {
  const res = await fetch(`${url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  const body = (await res.json()) as { csrfToken?: string; user?: { role: string } };
  const cookie = res.headers.get("set-cookie")?.split(";")[0] ?? "";
  return {
    status: res.status,
    body,
    get: async (path: string) => {
      const r = await fetch(`${url}${path}`, { headers: { cookie } });
      return { status: r.status, json: (await r.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    },
  };
}

describe.runIf(ENGINE === "pglite")("startServer on the embedded database", () => {
  it("creates the demo county on first start, prints each password once, and serves it", async () => {
    const dataDir = tempDir();
    const first = capture();
    let server: RunningServer | null = await startServer({
      env: {},
      overrides: { ...QUIET, DATA_DIR: dataDir },
      signals: false,
      logger: false,
      out: first.out,
    });
    try {
      expect(server.firstStart.kind).toBe("demo");
      if (server.firstStart.kind !== "demo") return;
      const { accounts } = server.firstStart.demo;
      expect(new Set(accounts.map((a) => a.role))).toEqual(
        new Set(["admin", "leader", "deputy", "staff", "township", "school", "inspector", "observer"]),
      );
      const text = first.text();
      expect(text).toContain("角色");
      expect(text).toContain("用户名");
      expect(text).toContain("密码");
      expect(text).toContain(`${server.url}/api/docs`);
      for (const a of accounts) expect(text.split(a.password).length - 1).toBe(1);
      expect(existsSync(join(dataDir, "luoshi-server.pid"))).toBe(true);

      const staff = accounts.find((a) => a.username === "jichu")!;
      const session = await login(server.url, staff.username, staff.password);
      expect(session.status).toBe(200);
      expect(session.body.user?.role).toBe("staff");
      const me = await session.get("/api/auth/me");
      expect(me.status).toBe(200);
      const tasks = await session.get("/api/tasks");
      if (tasks.status !== 404 || tasks.json?.error?.code !== "ROUTE_NOT_FOUND") {
        // the plans routes are there: the demo plan's tasks are visible to the staff of 基础教育股
        expect(tasks.status).toBe(200);
        const list = (tasks.json.tasks ?? tasks.json.items ?? tasks.json) as unknown[];
        expect(Array.isArray(list) && list.length > 0).toBe(true);
      }
      const health = await fetch(`${server.url}/api/health`);
      expect(((await health.json()) as { db: string }).db).toBe("pglite");

      await server.close();
      expect(existsSync(join(dataDir, "luoshi-server.pid"))).toBe(false);

      // second start on the same directory: the data is there, nothing is seeded or printed again
      const second = capture();
      server = await startServer({
        env: {},
        overrides: { ...QUIET, DATA_DIR: dataDir },
        signals: false,
        logger: false,
        out: second.out,
      });
      expect(server.firstStart.kind).toBe("existing");
      expect(second.text()).not.toContain(staff.password);
      expect((await login(server.url, staff.username, staff.password)).status).toBe(200);
    } finally {
      await server?.close();
    }
  }, 120_000);

  it("with --no-demo creates only the first administrator, with a generated password printed once", async () => {
    const first = capture();
    const server = await startServer({
      env: {},
      overrides: { ...QUIET, DATA_DIR: tempDir(), ADMIN_USERNAME: "root" },
      demo: false,
      signals: false,
      logger: false,
      out: first.out,
    });
    try {
      expect(server.firstStart).toMatchObject({ kind: "admin", username: "root" });
      const password = server.firstStart.kind === "admin" ? server.firstStart.password! : "";
      expect(first.text()).toContain(password);
      const admin = await login(server.url, "root", password);
      expect(admin.status).toBe(200);
      const users = await admin.get("/api/users");
      expect(users.json.users).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);

  it("refuses to start on a demo left half-made by an interrupted first start", async () => {
    const dataDir = tempDir();
    const database = await openDatabase({ dataDir });
    await migrate(database);
    const deps = { database, config: loadConfig({}, { LOG_LEVEL: "silent" }), clock: new MovableClock(), mailer: null };
    await setDemoState(database, "seeding", new Date());
    await seedDemoCounty(deps); // …and then the process died
    await database.close();
    await expect(
      startServer({
        env: {},
        overrides: { ...QUIET, DATA_DIR: dataDir },
        signals: false,
        logger: false,
        out: capture().out,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(existsSync(join(dataDir, "luoshi-server.pid"))).toBe(false);
  }, 60_000);

  it("refuses a data directory held by another live server", async () => {
    const dataDir = tempDir();
    const server = await startServer({
      env: {},
      overrides: { ...QUIET, DATA_DIR: dataDir },
      demo: false,
      signals: false,
      logger: false,
      out: capture().out,
    });
    try {
      // the backup command runs in another process: it sees this server's pid in the directory
      const r = await new Promise<{ code: number; stderr: string }>((resolve) =>
        execFile(
          process.execPath,
          [join(ROOT, "bin/luoshi.mjs"), "backup", join(dataDir, "..", "x.tar.gz")],
          { cwd: ROOT, env: childEnv({ DATA_DIR: dataDir }) },
          (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
        ),
      );
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("正被运行中的服务");
    } finally {
      await server.close();
    }
  }, 60_000);

  it("`luoshi serve` stops cleanly on SIGTERM (exit 0, data directory released)", async () => {
    const dataDir = tempDir();
    const child = spawn(process.execPath, [join(ROOT, "bin/luoshi.mjs"), "serve", "--port", "0", "--no-demo"], {
      cwd: ROOT,
      env: childEnv({ DATA_DIR: dataDir, LOG_LEVEL: "warn", SWEEP_MINUTES: "0" }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line: ${stdout}`)), 60_000);
      child.stdout.on("data", (c: Buffer) => {
        stdout += c.toString();
        const m = /已启动 \(listening\): (\S+)/u.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      child.on("exit", (code) => reject(new Error(`exited ${code}: ${stdout}`)));
    });
    expect(stdout).toMatch(/用户名 admin\s+密码 \S+/u);
    const health = await fetch(`${url}/api/health`);
    expect(health.status).toBe(200);
    const exit = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(existsSync(join(dataDir, "luoshi-server.pid"))).toBe(false);
  }, 90_000);
});

describe.runIf(ENGINE === "postgres")("startServer on PostgreSQL", () => {
  it("a production start: migrations, only the first admin from ADMIN_USERNAME/ADMIN_PASSWORD, no demo", async () => {
    const url = await emptyPostgresDatabase();
    const first = capture();
    const server = await startServer({
      env: { DATABASE_URL: url, ADMIN_USERNAME: "chief", ADMIN_PASSWORD: "Chief-pass-2025" },
      overrides: QUIET,
      signals: false,
      logger: false,
      out: first.out,
    });
    try {
      expect(server.deps.database.kind).toBe("postgres");
      expect(server.firstStart).toEqual({ kind: "admin", username: "chief", password: null });
      expect(first.text()).not.toContain("Chief-pass-2025");
      const chief = await login(server.url, "chief", "Chief-pass-2025");
      expect(chief.status).toBe(200);
      expect((await chief.get("/api/users")).json.users).toHaveLength(1);
    } finally {
      await server.close();
    }
  }, 60_000);
});
