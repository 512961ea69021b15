// The server process: settings → database (PGlite in DATA_DIR, or PostgreSQL at DATABASE_URL) →
// migrations → first start (the demo county, or only the first administrator) → the app on HOST:PORT →
// the supervision scheduler → graceful shutdown on SIGINT/SIGTERM. `luoshi serve` and `npm start` call
// startServer(); tests call it in-process with signals off and port 0.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import type { FastifyInstance } from "fastify";
import { AppError } from "../common/errors.ts";
import { buildApp } from "./app.ts";
import { migrate } from "./db/migrate.ts";
import { MovableClock } from "./platform/clock.ts";
import { loadConfig, type Config } from "./platform/config.ts";
import { openDatabase, type Database } from "./platform/db.ts";
import type { Deps, Mailer } from "./platform/deps.ts";
import { createUser, insertUnit } from "./modules/orgs/index.ts";
import { accountsTable, demoState, hasUsers, seedDemo, type DemoResult } from "./modules/demo/index.ts";
import * as supervision from "./modules/supervision/index.ts";

/** Where the server writes its human-readable lines (the URL, first-start passwords). */
export interface Out {
  write(chunk: string): unknown;
}

export interface StartOptions {
  /** Settings source (default process.env). */
  env?: Record<string, string | undefined>;
  /** Settings that win over the environment (`--port`, tests' DATA_DIR). */
  overrides?: Partial<Config>;
  /** false = `--no-demo`: an empty database gets only the first administrator. */
  demo?: boolean;
  /** Install SIGINT/SIGTERM handlers that shut down and exit the process (default true). */
  signals?: boolean;
  /** Fastify's logger option (default: pino at LOG_LEVEL). */
  logger?: boolean | object;
  out?: Out;
  clock?: MovableClock;
  mailer?: Mailer | null;
}

export type FirstStart =
  | { kind: "existing" }
  | { kind: "demo"; demo: DemoResult }
  | { kind: "admin"; username: string; password: string | null };

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  port: number;
  firstStart: FirstStart;
  /** Stop the scheduler, close the app and the database. Idempotent. */
  close(): Promise<void>;
}

// ---- the database ---------------------------------------------------------------------------------

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR (created when missing). */
export async function openConfiguredDatabase(config: Config): Promise<Database> {
  if (config.DATABASE_URL) return openDatabase({ url: config.DATABASE_URL });
  const dir = resolve(config.DATA_DIR);
  mkdirSync(dir, { recursive: true });
  return openDatabase({ dataDir: dir });
}

export function describeDatabase(config: Config): string {
  if (!config.DATABASE_URL) return `PGlite（嵌入式）${resolve(config.DATA_DIR)}`;
  const u = new URL(config.DATABASE_URL);
  u.password = u.password ? "***" : "";
  return `PostgreSQL ${u.toString()}`;
}

// PGlite is single-process: two processes on one data directory corrupt it. The server marks the
// directory it uses with a pid file; the maintenance commands (backup, restore, migrate, seed-demo)
// refuse to touch a directory a live server holds.
const PID_FILE = "luoshi-server.pid";

/** The pid of a live luoshi server using this data directory, or null. */
export function serverHoldingDataDir(dataDir: string): number | null {
  const file = join(resolve(dataDir), PID_FILE);
  if (!existsSync(file)) return null;
  const pid = Number(readFileSync(file, "utf8").trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM" ? pid : null;
  }
}

function holdDataDir(dataDir: string): () => void {
  const file = join(resolve(dataDir), PID_FILE);
  writeFileSync(file, `${process.pid}\n`);
  return () => {
    try {
      if (readFileSync(file, "utf8").trim() === String(process.pid)) rmSync(file, { force: true });
    } catch {
      // already gone
    }
  };
}

export class DataDirBusyError extends AppError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super("CONFLICT", {
      zh: `数据目录 ${resolve(dataDir)} 正被运行中的服务（进程 ${pid}）使用，请先停止服务`,
      en: `the data directory is in use by a running luoshi server (pid ${pid}); stop it first`,
    });
  }
}

export class DemoIncompleteError extends AppError {
  constructor(config: Config) {
    const where = config.DATABASE_URL ? "请清空该数据库" : `请删除数据目录 ${resolve(config.DATA_DIR)}`;
    super("CONFLICT", {
      zh: `上次启动时演示数据未创建完成（账号密码未显示）。${where}后重新启动`,
      en: "the demo county was left half-made by an interrupted first start; empty the database and start again",
    });
  }
}

export function assertDataDirFree(config: Config): void {
  if (config.DATABASE_URL) return;
  const pid = serverHoldingDataDir(config.DATA_DIR);
  if (pid !== null) throw new DataDirBusyError(config.DATA_DIR, pid);
}

// ---- first start ----------------------------------------------------------------------------------

/**
 * On a database without users: the demo county (embedded database, DEMO on, not --no-demo), or only
 * the first administrator (ADMIN_USERNAME, ADMIN_PASSWORD or a generated password).
 */
export async function firstStart(deps: Deps, opts: { demo: boolean }): Promise<FirstStart> {
  if (await hasUsers(deps.database)) {
    // a first start that died while writing the demo (Ctrl+C, a crash): its passwords were never shown
    if ((await demoState(deps.database)) === "seeding") throw new DemoIncompleteError(deps.config);
    return { kind: "existing" };
  }
  if (opts.demo && deps.config.DEMO && deps.database.kind === "pglite") {
    return { kind: "demo", demo: await seedDemo(deps) };
  }
  return createFirstAdmin(deps);
}

export async function createFirstAdmin(deps: Deps): Promise<FirstStart & { kind: "admin" }> {
  const { config } = deps;
  // Every account belongs to an org unit; the administrator gets the root, which the org tree hangs under.
  const root = await insertUnit(deps.database.db, { parentId: null, type: "bureau", name: "教育局" });
  const { password } = await createUser(
    null,
    {
      username: config.ADMIN_USERNAME,
      displayName: "系统管理员",
      role: "admin",
      orgUnitId: root.id,
      password: config.ADMIN_PASSWORD,
    },
    deps,
  );
  return { kind: "admin", username: config.ADMIN_USERNAME, password: config.ADMIN_PASSWORD ? null : password };
}

export function firstStartText(first: FirstStart): string {
  if (first.kind === "demo") {
    const { demo } = first;
    const plan = demo.plan
      ? `演示计划《${demo.plan.title}》：${demo.plan.tasks} 项任务，已交办 ${demo.plan.dispatched} 项，` +
        `已签收 ${demo.plan.accepted} 项，进展报告 ${demo.plan.reports} 份` +
        `（绿 ${demo.plan.colors.green ?? 0} · 黄 ${demo.plan.colors.yellow ?? 0} · 红 ${demo.plan.colors.red ?? 0}）\n`
      : "";
    return (
      `\n已创建演示县“青川县”：${demo.units.size} 个单位（股室、教管中心、学校），${demo.accounts.length} 个账号。\n` +
      plan +
      `以下账号的密码只显示这一次，请妥善保存 (demo accounts; the passwords are shown only once):\n\n` +
      accountsTable(demo.accounts) +
      "\n"
    );
  }
  if (first.kind === "admin") {
    return first.password
      ? `\n已创建首个管理员账号 (first administrator): 用户名 ${first.username}  密码 ${first.password}\n` +
          `密码只显示这一次，首次登录后请修改 (shown once; change it after the first login).\n\n`
      : `\n已创建首个管理员账号 ${first.username}，密码为 ADMIN_PASSWORD 设置的值 (first administrator created with ADMIN_PASSWORD).\n\n`;
  }
  return "";
}

// ---- the server -----------------------------------------------------------------------------------

export async function startServer(opts: StartOptions = {}): Promise<RunningServer> {
  const out: Out = opts.out ?? process.stdout;
  const config = loadConfig(opts.env ?? process.env, opts.overrides ?? {});
  assertDataDirFree(config);
  const database = await openConfiguredDatabase(config);
  const release = database.kind === "pglite" ? holdDataDir(config.DATA_DIR) : () => undefined;
  let app: FastifyInstance | null = null;
  let stopScheduler: (() => unknown) | null = null;
  let closed: Promise<void> | null = null;
  const close = () =>
    (closed ??= (async () => {
      try {
        await stopScheduler?.();
      } finally {
        try {
          await app?.close();
        } finally {
          await database.close();
          release();
        }
      }
    })());

  try {
    const applied = await migrate(database);
    const deps: Deps = { database, config, clock: opts.clock ?? new MovableClock(), mailer: opts.mailer ?? null };
    const first = await firstStart(deps, { demo: opts.demo ?? true });
    out.write(firstStartText(first));

    app = await buildApp(deps, opts.logger === undefined ? {} : { logger: opts.logger });
    if (config.TEST_CLOCK)
      app.log.warn("TEST_CLOCK is on: the clock can be moved through the API; never in production");
    await app.listen({ host: config.HOST, port: config.PORT });
    const port = (app.server.address() as AddressInfo).port;
    const host = ["0.0.0.0", "::", ""].includes(config.HOST)
      ? "localhost"
      : config.HOST.includes(":")
        ? `[${config.HOST}]`
        : config.HOST;
    const url = `http://${host}:${port}`;
    app.log.info({ db: database.kind, migrations: applied, firstStart: first.kind, url }, "luoshi server started");

    stopScheduler = startSupervisionScheduler(deps, app);
    out.write(
      `落实 luoshi 已启动 (listening): ${url}\n` +
        `  接口文档 API docs: ${url}/api/docs\n` +
        `  数据库 database:   ${describeDatabase(config)}\n` +
        `  按 Ctrl+C 停止 (Ctrl+C stops the server)\n`,
    );

    const running: RunningServer = { app, deps, url, port, firstStart: first, close };
    if (opts.signals ?? true) installSignalHandlers(running);
    return running;
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

/** supervision's in-process job every SWEEP_MINUTES (0 = off). */
function startSupervisionScheduler(deps: Deps, app: FastifyInstance): (() => unknown) | null {
  if (!deps.config.SWEEP_MINUTES) return null;
  const start = (supervision as { startScheduler?: (deps: Deps) => () => unknown }).startScheduler;
  if (!start) {
    app.log.warn("supervision scheduler not available in this build");
    return null;
  }
  return start(deps);
}

function installSignalHandlers(server: RunningServer): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      server.app.log.warn({ signal }, "second signal: exiting now");
      process.exit(1);
    }
    stopping = true;
    server.app.log.info({ signal }, "shutting down");
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
