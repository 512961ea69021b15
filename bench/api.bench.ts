// API latency at province scale: `npm run bench:api`.
//
// 1. Builds a province on the embedded PGlite default, in a temp dir, with bulk SQL (INSERT … SELECT
//    FROM unnest(arrays), never row by row): 1 province → 10 cities → 100 counties, each county with its
//    education bureau, 8 departments, 3 townships (教管中心) and 12 schools; 23 accounts per county
//    (≥ 2,000 users, one shared precomputed argon2id hash); one plan per bureau with 10 sections × 10
//    tasks (≥ 10,000 tasks) with lead units, co-units, deputy leaders, deadlines around today, states,
//    targets, earlier progress reports and the audit rows of their dispatch.
// 2. Starts the real app (buildApp + listen on 127.0.0.1:0) in a child process, so the load generator
//    does not share the server's event loop (as in production, where clients are elsewhere).
// 3. Logs in as a county leader and as the staff of one department, then runs autocannon with
//    BENCH_CONNECTIONS (50) connections for BENCH_SECONDS (10) s each against the task list, the task
//    detail and a JSON progress-report write (cookie + CSRF header; the staff's department leads the
//    reported tasks, which are accepted).
// Prints requests/s and p50/p95/p99 per endpoint and a final JSON line. The goal: p95 ≤ 50 ms for reads.
// Settings: BENCH_SECONDS, BENCH_CONNECTIONS, BENCH_CITIES, BENCH_COUNTIES_PER_CITY; BENCH_KEEP_DATA=1
// keeps the PGlite directory for a closer look; BENCH_DATABASE_URL=postgres://… runs the same against
// PostgreSQL (in a scratch database on that server), for comparison.
import { fork, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { buildApp } from "../server/app.ts";
import { migrate } from "../server/db/migrate.ts";
import { hashPassword } from "../server/modules/orgs/index.ts";
import { DAY_MS, MovableClock, cstDate } from "../server/platform/clock.ts";
import { loadConfig } from "../server/platform/config.ts";
import { openDatabase, type Database } from "../server/platform/db.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const CITIES = Number(process.env.BENCH_CITIES ?? 10);
const COUNTIES_PER_CITY = Number(process.env.BENCH_COUNTIES_PER_CITY ?? 10);
const PASSWORD = "bench-pass-2025";
const READ_GOAL_P95_MS = 50;

const DEPARTMENTS = ["办公室", "基础教育股", "学前教育股", "人事股", "计财股", "安全股", "督导室", "教研室"];
const CITY_NAMES = ["广元", "绵阳", "南充", "达州", "巴中", "遂宁", "内江", "乐山", "宜宾", "泸州", "眉山", "雅安"];
const COUNTY_WORDS = ["东", "西", "南", "北", "中", "青", "白", "红", "石", "云", "龙", "凤"];
const SCHOOL_TYPES = [
  "小学",
  "初中",
  "幼儿园",
  "九年一贯制",
  "小学",
  "初中",
  "小学",
  "幼儿园",
  "完全中学",
  "普通高中",
  "中职",
  "特殊教育",
];
const TASK_WORDS = ["推进", "落实", "完善", "加强", "深化", "开展", "健全", "提升", "规范", "实施"];
const TOPICS = [
  "学前教育普及普惠",
  "义务教育优质均衡",
  "控辍保学",
  "课后服务",
  "校园安全",
  "教师培训",
  "集团化办学",
  "营养改善计划",
  "校外培训治理",
  "教育统计",
];

// ---- the dataset -------------------------------------------------------------------------------------

/** Columns as arrays, one entry per row: what unnest() turns back into rows. */
class Columns<T extends Record<string, unknown>> {
  readonly cols: { [K in keyof T]: T[K][] };
  constructor(names: (keyof T)[]) {
    this.cols = Object.fromEntries(names.map((n) => [n, []])) as unknown as { [K in keyof T]: T[K][] };
  }
  push(row: T) {
    for (const k of Object.keys(this.cols) as (keyof T)[]) this.cols[k].push(row[k]);
  }
  get length() {
    return (Object.values(this.cols)[0] as unknown[]).length;
  }
}

interface Built {
  counts: Record<string, number>;
  leader: string;
  staff: string;
  /** Tasks of the first county (its leader and staff see the whole plan). */
  detailIds: number[];
  /** Accepted tasks led by the staff's department: where the progress reports go. */
  reportIds: number[];
  seconds: number;
}

async function bulk(database: Database, sqlText: string, columns: Record<string, unknown[]>): Promise<void> {
  await database.query(sqlText, Object.values(columns));
}

async function buildProvince(database: Database): Promise<Built> {
  const t0 = performance.now();
  const now = new Date();
  const today = cstDate(now);
  const at = now.toISOString();
  const day = (offset: number) => cstDate(new Date(now.getTime() + offset * DAY_MS));
  const hash = await hashPassword(PASSWORD);

  // units: explicit ids, so paths are known without a round trip per row
  const units = new Columns<{
    id: number;
    parent: number | null;
    type: string;
    name: string;
    code: string | null;
    path: string;
    schoolType: string | null;
    ownership: string | null;
    sort: number;
  }>(["id", "parent", "type", "name", "code", "path", "schoolType", "ownership", "sort"]);
  let unitId = 0;
  const unit = (
    parent: { id: number; path: string } | null,
    type: string,
    name: string,
    extra: Partial<{ code: string; schoolType: string; ownership: string; sort: number }> = {},
  ) => {
    const id = ++unitId;
    const path = `${parent?.path ?? "/"}${id}/`;
    units.push({
      id,
      parent: parent?.id ?? null,
      type,
      name,
      code: extra.code ?? null,
      path,
      schoolType: extra.schoolType ?? null,
      ownership: extra.ownership ?? null,
      sort: extra.sort ?? 0,
    });
    return { id, path, name };
  };

  const users = new Columns<{ id: number; username: string; name: string; role: string; unit: number }>([
    "id",
    "username",
    "name",
    "role",
    "unit",
  ]);
  const deputyDepts = new Columns<{ user: number; unit: number }>(["user", "unit"]);
  let userId = 0;
  const user = (username: string, name: string, role: string, unitRow: { id: number }) => {
    const id = ++userId;
    users.push({ id, username, name, role, unit: unitRow.id });
    return id;
  };

  const plans = new Columns<{ id: number; unit: number; title: string; by: number }>(["id", "unit", "title", "by"]);
  const tasks = new Columns<{
    id: number;
    plan: number;
    parent: number | null;
    kind: string;
    position: number;
    num: string;
    title: string;
    body: string;
    lead: number | null;
    deputy: number | null;
    deadline: string | null;
    cadence: string;
    state: string;
    progress: number;
    color: string;
    lastReport: string | null;
  }>([
    "id",
    "plan",
    "parent",
    "kind",
    "position",
    "num",
    "title",
    "body",
    "lead",
    "deputy",
    "deadline",
    "cadence",
    "state",
    "progress",
    "color",
    "lastReport",
  ]);
  const coUnits = new Columns<{ task: number; unit: number }>(["task", "unit"]);
  const targets = new Columns<{ task: number; indicator: string; value: number; unit: string; year: number }>([
    "task",
    "indicator",
    "value",
    "unit",
    "year",
  ]);
  const reports = new Columns<{
    task: number;
    unit: number;
    author: number;
    text: string;
    percent: number;
    at: string;
  }>(["task", "unit", "author", "text", "percent", "at"]);
  const audits = new Columns<{ actor: number; action: string; task: number; at: string }>([
    "actor",
    "action",
    "task",
    "at",
  ]);

  user("admin", "系统管理员", "admin", { id: 1 });
  const province = unit(null, "province", "四川省");
  let taskId = 0;
  let planId = 0;
  let schoolCode = 0;
  const built = { leader: "", staff: "", detailIds: [] as number[], reportIds: [] as number[] };

  for (let c = 0; c < CITIES; c++) {
    const city = unit(province, "city", `${CITY_NAMES[c % CITY_NAMES.length]}${c >= CITY_NAMES.length ? c : ""}市`, {
      sort: c,
    });
    for (let k = 0; k < COUNTIES_PER_CITY; k++) {
      const n = c * COUNTIES_PER_CITY + k;
      const countyName = `${city.name.replace(/市$/u, "")}${COUNTY_WORDS[k % COUNTY_WORDS.length]}${k >= COUNTY_WORDS.length ? k : ""}县`;
      const county = unit(city, "county", countyName, { sort: k });
      const bureau = unit(county, "bureau", `${countyName}教育局`);
      const depts = DEPARTMENTS.map((d, i) => unit(bureau, "department", d, { sort: i }));
      const townships = [0, 1, 2].map((i) =>
        unit(bureau, "township", `${countyName.slice(0, -1)}${["城关", "河口", "高桥"][i]}镇教管中心`, {
          sort: 100 + i,
        }),
      );
      const schools = Array.from({ length: 12 }, (_, i) =>
        unit(
          townships[i % 3]!,
          "school",
          `${townships[i % 3]!.name.replace("教管中心", "")}第${i + 1}${SCHOOL_TYPES[i]!.includes("幼儿园") ? "幼儿园" : "学校"}`,
          {
            code: `21${String(5100000000 + ++schoolCode).slice(-8)}`,
            schoolType: SCHOOL_TYPES[i]!,
            ownership: i === 7 ? "private" : "public",
            sort: 200 + i,
          },
        ),
      );

      const p = `c${n}`;
      user(`${p}.leader`, `${countyName}局长`, "leader", bureau);
      const deputies = [
        user(`${p}.deputy1`, `${countyName}副局长甲`, "deputy", bureau),
        user(`${p}.deputy2`, `${countyName}副局长乙`, "deputy", bureau),
      ];
      depts.forEach((d, i) => deputyDepts.push({ user: deputies[i < 4 ? 0 : 1]!, unit: d.id }));
      const staff = depts.map((d, i) => user(`${p}.staff${i}`, `${d.name}干部`, i === 6 ? "inspector" : "staff", d));
      townships.forEach((t, i) => user(`${p}.township${i}`, `${t.name}主任`, "township", t));
      const schoolUsers = schools.slice(0, 8).map((s, i) => user(`${p}.school${i}`, `${s.name}校长`, "school", s));
      if (n === 0) {
        built.leader = `${p}.leader`;
        built.staff = `${p}.staff1`; // 基础教育股
      }

      const plan = ++planId;
      plans.push({
        id: plan,
        unit: bureau.id,
        title: `${countyName}教育局${now.getFullYear()}年教育工作要点`,
        by: staff[0]!,
      });
      for (let s = 0; s < 10; s++) {
        const section = ++taskId;
        tasks.push({
          id: section,
          plan,
          parent: null,
          kind: "section",
          position: s * 11,
          num: "一二三四五六七八九十"[s]!,
          title: `${TASK_WORDS[s]}${TOPICS[s]}`,
          body: "",
          lead: null,
          deputy: null,
          deadline: null,
          cadence: "monthly",
          state: "draft",
          progress: 0,
          color: "green",
          lastReport: null,
        });
        for (let j = 0; j < 10; j++) {
          const i = s * 10 + j;
          const id = ++taskId;
          // the first county's 基础教育股 leads a run of accepted tasks: the report-write targets
          const reportTarget = n === 0 && j < 5;
          const schoolLed = !reportTarget && i % 5 === 4;
          const deptIndex = reportTarget ? 1 : i % 8;
          const lead = schoolLed ? schools[i % 12]!.id : depts[deptIndex]!.id;
          const state = reportTarget
            ? "accepted"
            : [
                "draft",
                "assigned",
                "assigned",
                "accepted",
                "accepted",
                "accepted",
                "accepted",
                "accepted",
                "accepted",
                "closed",
              ][i % 10]!;
          const offset = ((i * 37 + n * 11) % 400) - 60;
          const deadline = day(offset);
          const progress = state === "closed" ? 100 : state === "accepted" ? (i * 13 + n) % 95 : 0;
          const color = state === "closed" ? "green" : deadline < today ? "red" : offset <= 7 ? "yellow" : "green";
          tasks.push({
            id,
            plan,
            parent: section,
            kind: "task",
            position: s * 11 + j + 1,
            num: `（${"一二三四五六七八九十"[j]}）`,
            title: `${TASK_WORDS[j]}${TOPICS[s]}第${j + 1}项重点任务`,
            body: `${TASK_WORDS[j]}${TOPICS[s]}，确保按期完成年度目标。由${depts[deptIndex]!.name}牵头。`,
            lead,
            deputy: deputies[deptIndex < 4 ? 0 : 1]!,
            deadline,
            cadence: ["monthly", "quarterly", "weekly", "adhoc"][i % 4]!,
            state,
            progress,
            color,
            lastReport: state === "accepted" || state === "closed" ? at : null,
          });
          if (i % 2 === 0) coUnits.push({ task: id, unit: depts[(deptIndex + 3) % 8]!.id });
          if (i % 6 === 0) coUnits.push({ task: id, unit: townships[i % 3]!.id });
          if (i % 3 === 0)
            targets.push({
              task: id,
              indicator: `${TOPICS[s]}指标`,
              value: 90 + (i % 10),
              unit: "%",
              year: now.getFullYear(),
            });
          if (state !== "draft") audits.push({ actor: staff[0]!, action: "task.dispatch", task: id, at });
          if (state === "accepted" || state === "closed") {
            const author = schoolLed ? (schoolUsers[(i % 12) % 8] ?? staff[deptIndex]!) : staff[deptIndex]!;
            for (let r = 0; r < 2; r++) {
              reports.push({
                task: id,
                unit: lead,
                author,
                text: `第${r + 1}次进展：已完成阶段性工作。`,
                percent: Math.max(0, progress - 10 + r * 10),
                at,
              });
              audits.push({ actor: author, action: "report.filed", task: id, at });
            }
          }
          if (n === 0) built.detailIds.push(id);
          if (reportTarget) built.reportIds.push(id);
        }
      }
    }
  }

  const u = units.cols;
  await bulk(
    database,
    `INSERT INTO org_units (id, parent_id, type, name, code, path, school_type, ownership, sort, created_at)
     SELECT *, now() FROM unnest($1::int[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[])`,
    { a: u.id, b: u.parent, c: u.type, d: u.name, e: u.code, f: u.path, g: u.schoolType, h: u.ownership, i: u.sort },
  );
  await database.query(
    `INSERT INTO users (id, username, display_name, password_hash, role, org_unit_id)
     SELECT id, username, name, $6, role, unit FROM unnest($1::int[], $2::text[], $3::text[], $4::text[], $5::int[]) AS x(id, username, name, role, unit)`,
    [users.cols.id, users.cols.username, users.cols.name, users.cols.role, users.cols.unit, hash],
  );
  await bulk(
    database,
    `INSERT INTO deputy_departments (user_id, org_unit_id) SELECT * FROM unnest($1::int[], $2::int[])`,
    deputyDepts.cols,
  );
  await database.query(
    `INSERT INTO plans (id, org_unit_id, title, doc_type, years, created_by, created_at)
     SELECT id, unit, title, 'key_points', ARRAY[$5::int], by, now() FROM unnest($1::int[], $2::int[], $3::text[], $4::int[]) AS x(id, unit, title, by)`,
    [plans.cols.id, plans.cols.unit, plans.cols.title, plans.cols.by, now.getFullYear()],
  );
  const t = tasks.cols;
  await bulk(
    database,
    `INSERT INTO tasks (id, plan_id, parent_id, kind, position, num, title, body, lead_unit_id, deputy_user_id, deadline,
                        cadence, state, progress, status_color, last_report_at, created_at, updated_at)
     SELECT *, now(), now() FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[],
                                $9::int[], $10::int[], $11::date[], $12::text[], $13::text[], $14::int[], $15::text[], $16::timestamptz[])`,
    {
      a: t.id,
      b: t.plan,
      c: t.parent,
      d: t.kind,
      e: t.position,
      f: t.num,
      g: t.title,
      h: t.body,
      i: t.lead,
      j: t.deputy,
      k: t.deadline,
      l: t.cadence,
      m: t.state,
      n: t.progress,
      o: t.color,
      p: t.lastReport,
    },
  );
  await bulk(
    database,
    `INSERT INTO task_co_units (task_id, org_unit_id) SELECT * FROM unnest($1::int[], $2::int[])`,
    coUnits.cols,
  );
  await bulk(
    database,
    `INSERT INTO targets (task_id, indicator, value, unit, year, kind) SELECT *, 'target' FROM unnest($1::int[], $2::text[], $3::numeric[], $4::text[], $5::int[])`,
    targets.cols,
  );
  await bulk(
    database,
    `INSERT INTO progress_reports (task_id, org_unit_id, author_id, text, percent, created_at)
     SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::int[], $6::timestamptz[])`,
    reports.cols,
  );
  await bulk(
    database,
    `INSERT INTO audit_events (actor_id, action, entity, entity_id, task_id, at)
     SELECT actor, action, 'task', task, task, at FROM unnest($1::int[], $2::text[], $3::int[], $4::timestamptz[]) AS x(actor, action, task, at)`,
    audits.cols,
  );
  await database.exec(`
    SELECT setval('org_units_id_seq', (SELECT max(id) FROM org_units));
    SELECT setval('users_id_seq', (SELECT max(id) FROM users));
    SELECT setval('plans_id_seq', (SELECT max(id) FROM plans));
    SELECT setval('tasks_id_seq', (SELECT max(id) FROM tasks));
    ANALYZE;`);

  const counts = Object.fromEntries(
    await Promise.all(
      ["org_units", "users", "plans", "tasks", "task_co_units", "targets", "progress_reports", "audit_events"].map(
        async (table) => {
          const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
          return [table, row!.n] as const;
        },
      ),
    ),
  );
  const [kinds] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE kind = 'task'`);
  counts.tasks_kind_task = kinds!.n;
  return { counts, ...built, seconds: (performance.now() - t0) / 1000 };
}

// ---- the server child --------------------------------------------------------------------------------

async function serveChild(where: string) {
  const database = await openDatabase(where.startsWith("postgres") ? { url: where } : { dataDir: where });
  const config = loadConfig({}, { LOG_LEVEL: "silent", SWEEP_MINUTES: 0, LOGIN_RATE_PER_MINUTE: 10_000 });
  const app = await buildApp({ database, config, clock: new MovableClock(), mailer: null }, { logger: false });
  // time inside the server (Fastify's elapsedTime) and requests in flight at once: the queueing the
  // client sees is the rest
  const times: number[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  app.server.on("request", (_req: unknown, res: { once(e: "close", f: () => void): void }) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    res.once("close", () => inFlight--); // finished or aborted
  });
  app.addHook("onResponse", async (_req, reply) => {
    times.push(reply.elapsedTime);
  });
  process.on("message", (m: { stats?: boolean }) => {
    if (!m.stats) return;
    times.sort((a, b) => a - b);
    process.send!({ p50: percentile(times, 50), p95: percentile(times, 95), n: times.length, maxInFlight });
    times.length = 0;
    maxInFlight = 0;
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const address = app.server.address();
  process.send!({ port: typeof address === "object" && address ? address.port : 0 });
  process.on("SIGTERM", () => {
    void app
      .close()
      .then(() => database.close())
      .finally(() => process.exit(0));
  });
}

function startChild(where: string): Promise<{ child: ChildProcess; port: number }> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve", where], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m: { port: number }) => resolve({ child, port: m.port }));
    child.once("exit", (code) => reject(new Error(`server child exited with ${code}`)));
  });
}

interface ServerStats {
  p50: number;
  p95: number;
  n: number;
  maxInFlight: number;
}

/** The server child's own timings since the last call. */
function serverStats(child: ChildProcess): Promise<ServerStats> {
  return new Promise((resolve) => {
    child.once("message", (m: ServerStats) => resolve(m));
    child.send({ stats: true });
  });
}

// ---- load ---------------------------------------------------------------------------------------------

interface Session {
  cookie: string;
  csrf: string;
}

async function login(base: string, username: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie: res.headers.get("set-cookie")!.split(";")[0]!, csrf: csrfToken };
}

interface Figures {
  endpoint: string;
  as: string;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  /** Time inside the server, without the wait for its turn. */
  serverP50: number;
  serverP95: number;
  /** Most requests the server worked on at once (1: it served them one after another). */
  maxInFlight: number;
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

async function load(
  name: string,
  as: string,
  opts: {
    url: string;
    child: ChildProcess;
    method?: "GET" | "POST";
    session: Session;
    paths: string[];
    body?: (i: number) => string;
  },
): Promise<Figures> {
  await serverStats(opts.child); // reset
  let i = 0;
  const latencies: number[] = [];
  const options: autocannon.Options = {
    url: opts.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [
      {
        method: opts.method ?? "GET",
        setupRequest: (req) => {
          const n = i++;
          return {
            ...req,
            path: opts.paths[n % opts.paths.length]!,
            headers: {
              cookie: opts.session.cookie,
              "x-csrf-token": opts.session.csrf,
              ...(opts.body ? { "content-type": "application/json" } : {}),
            },
            ...(opts.body ? { body: opts.body(n) } : {}),
          };
        },
      },
    ],
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (err: unknown, res: autocannon.Result) => (err ? reject(err) : resolve(res)));
    instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
  latencies.sort((a, b) => a - b);
  const server = await serverStats(opts.child);
  const fig: Figures = {
    endpoint: name,
    as,
    requests: result.requests.total,
    rps: Math.round(result.requests.average),
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? NaN,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverP50: server.p50,
    serverP95: server.p95,
    maxInFlight: server.maxInFlight,
  };
  const ms = (x: number) => `${x.toFixed(1)} ms`;
  console.log(
    `${name.padEnd(34)} ${String(fig.rps).padStart(6)} req/s   p50 ${ms(fig.p50)}   p95 ${ms(fig.p95)}   p99 ${ms(fig.p99)}` +
      `   (${fig.requests} requests, ${fig.non2xx} non-2xx, ${fig.errors} errors; as ${as})\n` +
      `${"".padEnd(34)}   inside the server: p50 ${ms(fig.serverP50)}  p95 ${ms(fig.serverP95)}; at most ${fig.maxInFlight} in flight`,
  );
  return fig;
}

/** BENCH_DATABASE_URL: run against PostgreSQL instead, in a scratch database created on that server. */
async function scratchPostgres(url: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `luoshi_bench_${process.pid}`;
  const admin = await openDatabase({ url });
  await admin.exec(`DROP DATABASE IF EXISTS ${name}`);
  await admin.exec(`CREATE DATABASE ${name}`);
  await admin.close();
  const u = new URL(url);
  u.pathname = `/${name}`;
  return {
    url: u.toString(),
    drop: async () => {
      const a = await openDatabase({ url });
      await a.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.close();
    },
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "luoshi-bench-api-"));
  const pgScratch = process.env.BENCH_DATABASE_URL ? await scratchPostgres(process.env.BENCH_DATABASE_URL) : null;
  const where = pgScratch?.url ?? dir;
  const engine = pgScratch ? "postgres" : "pglite";
  let child: ChildProcess | null = null;
  try {
    const database = await openDatabase(pgScratch ? { url: pgScratch.url } : { dataDir: dir });
    await migrate(database);
    const built = await buildProvince(database);
    await database.close();
    console.log(
      `dataset (${pgScratch ? "PostgreSQL" : `PGlite in ${dir}`}) built in ${built.seconds.toFixed(1)} s: ` +
        Object.entries(built.counts)
          .map(([k, v]) => `${k}=${v}`)
          .join(" "),
    );

    const started = await startChild(where);
    child = started.child;
    const base = `http://127.0.0.1:${started.port}`;
    const leader = await login(base, built.leader);
    const staff = await login(base, built.staff);

    // sanity: the endpoints answer as expected before they are loaded
    const check = await fetch(`${base}/api/tasks`, { headers: { cookie: leader.cookie } });
    if (check.status !== 200) throw new Error(`GET /api/tasks: ${check.status} ${await check.text()}`);
    const probe = await fetch(`${base}/api/tasks/${built.reportIds[0]}/reports`, {
      method: "POST",
      headers: { cookie: staff.cookie, "x-csrf-token": staff.csrf, "content-type": "application/json" },
      body: JSON.stringify({ text: "基准测试前的检查。", percent: 10 }),
    });
    if (probe.status >= 300) throw new Error(`POST /api/tasks/:id/reports: ${probe.status} ${await probe.text()}`);

    console.log(
      `\nautocannon: ${CONNECTIONS} connections × ${SECONDS} s per endpoint; ${cpus().length} CPUs; node ${process.version}\n`,
    );
    const figures: Figures[] = [];
    figures.push(
      await load("GET /api/tasks (list, 50/page)", built.leader, {
        url: base,
        child,
        session: leader,
        paths: ["/api/tasks"],
      }),
    );
    figures.push(
      await load("GET /api/tasks?offset=… (staff)", built.staff, {
        url: base,
        child,
        session: staff,
        paths: [0, 50].map((o) => `/api/tasks?offset=${o}`),
      }),
    );
    figures.push(
      await load("GET /api/tasks/:id (detail)", built.staff, {
        url: base,
        child,
        session: staff,
        paths: built.detailIds.map((id) => `/api/tasks/${id}`),
      }),
    );
    figures.push(
      await load("POST /api/tasks/:id/reports (write)", built.staff, {
        url: base,
        child,
        method: "POST",
        session: staff,
        paths: built.reportIds.map((id) => `/api/tasks/${id}/reports`),
        body: (n) =>
          JSON.stringify({ text: `第${n}次进展报告：按计划推进，已完成阶段性目标。`, percent: 20 + (n % 60) }),
      }),
    );

    const reads = figures.filter((f) => f.endpoint.startsWith("GET"));
    const readsOk = reads.every((f) => f.p95 <= READ_GOAL_P95_MS);
    console.log(
      `\nreads p95 goal ≤ ${READ_GOAL_P95_MS} ms: ${readsOk ? "met" : "NOT met"} (${reads.map((f) => `${f.p95.toFixed(1)} ms`).join(", ")})`,
    );
    console.log(
      JSON.stringify({
        bench: "api",
        engine,
        connections: CONNECTIONS,
        seconds: SECONDS,
        dataset: built.counts,
        datasetSeconds: Number(built.seconds.toFixed(1)),
        endpoints: figures,
        readP95GoalMs: READ_GOAL_P95_MS,
        readP95GoalMet: readsOk,
      }),
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await pgScratch?.drop();
    if (process.env.BENCH_KEEP_DATA) console.log(`data kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--serve") await serveChild(process.argv[3]!);
else await main();
