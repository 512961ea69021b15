// The demo county on a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL): the org tree and
// accounts a newcomer expects, the demo plan brought to life (dispatched, accepted, reported, coloured),
// and the accounts working through the app with the passwords printed once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FastifyInstance } from "fastify";
import { buildApp } from "../../app.ts";
import { MovableClock } from "../../platform/clock.ts";
import { loadConfig } from "../../platform/config.ts";
import type { Deps } from "../../platform/deps.ts";
import { testDatabase } from "../../../test/db.ts";
import { accountsTable, seedDemo, type DemoResult } from "./index.ts";
import { SCHOOLS } from "./county.ts";

let deps: Deps;
let demo: DemoResult;
let app: FastifyInstance;

beforeAll(async () => {
  const database = await testDatabase();
  deps = {
    database,
    config: loadConfig({}, { LOG_LEVEL: "silent", SWEEP_MINUTES: 0, LOGIN_RATE_PER_MINUTE: 1000 }),
    clock: new MovableClock(),
    mailer: null,
  };
  demo = await seedDemo(deps);
  app = await buildApp(deps, { logger: false });
  await app.ready();
}, 120_000);

afterAll(async () => {
  await app?.close();
  await deps?.database.close();
});

async function session(username: string) {
  const account = demo.accounts.find((a) => a.username === username)!;
  const res = await app.inject({
    method: "POST",
    url: "/api/auth/login",
    payload: { username, password: account.password },
  });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === "luoshi_session")!.value;
  return (url: string) => app.inject({ method: "GET", url, cookies: { luoshi_session: cookie } });
}

describe("the demo county", () => {
  it("has the bureau's departments, townships and about 30 schools of every type with 10-digit codes", () => {
    const units = [...demo.units.values()];
    const departments = units.filter((u) => u.type === "department").map((u) => u.name);
    for (const d of ["办公室", "基础教育股", "学前教育股", "人事股", "计财股", "督导室", "安全股"])
      expect(departments).toContain(d);
    expect(units.filter((u) => u.type === "township").length).toBeGreaterThanOrEqual(4);
    const schools = units.filter((u) => u.type === "school");
    expect(schools.length).toBe(SCHOOLS.length);
    expect(schools.length).toBeGreaterThanOrEqual(28);
    expect(new Set(schools.map((s) => s.schoolType))).toEqual(
      // stored as registry codes (common/schemas/indicators-data.ts SCHOOL_TYPES)
      new Set([
        "kindergarten",
        "primary",
        "junior",
        "nine_year",
        "complete_secondary",
        "senior",
        "vocational",
        "special",
      ]),
    );
    expect(new Set(schools.map((s) => s.ownership))).toEqual(new Set(["public", "private"]));
    for (const s of schools) expect(s.code).toMatch(/^\d{10}$/u);
    expect(new Set(schools.map((s) => s.code)).size).toBe(schools.length);
    // every school hangs under the bureau (directly or through its 教管中心)
    for (const s of schools) expect(s.path.startsWith(demo.bureau.path)).toBe(true);
  });

  it("has an account for every role, with generated passwords printed in one table", () => {
    const roles = new Set(demo.accounts.map((a) => a.role));
    expect(roles).toEqual(
      new Set(["admin", "leader", "deputy", "staff", "township", "school", "inspector", "observer"]),
    );
    expect(demo.accounts.filter((a) => a.role === "deputy")).toHaveLength(2);
    for (const a of demo.accounts) expect(a.password).toMatch(/^[A-Za-z]{8}\d{3}$/u);
    expect(new Set(demo.accounts.map((a) => a.password)).size).toBe(demo.accounts.length);
    const table = accountsTable(demo.accounts);
    expect(table.split("\n")[0]).toMatch(/^角色\s+用户名\s+密码\s+姓名\s+所属单位$/u);
    for (const a of demo.accounts) expect(table).toContain(a.password);
  });

  it("brings the demo plan to life: most tasks dispatched and accepted, reports filed, green, yellow and red", () => {
    const plan = demo.plan!;
    expect(plan.tasks).toBeGreaterThanOrEqual(15);
    expect(plan.dispatched).toBeGreaterThanOrEqual(plan.tasks - 2);
    expect(plan.accepted).toBeGreaterThanOrEqual(10);
    expect(plan.reports).toBeGreaterThanOrEqual(15);
    expect(plan.colors.green).toBeGreaterThan(0);
    expect(plan.colors.yellow).toBeGreaterThan(0);
    expect(plan.colors.red).toBeGreaterThan(0);
  });

  it("works through the app: a school sees and has accepted its task, staff see the plan, the deputy is escalated to", async () => {
    const school = await session("shiyanxiaoxue");
    const mine = await school("/api/tasks");
    expect(mine.statusCode).toBe(200);
    const tasks = mine.json().tasks as { title: string; state: string; leadUnit: { name: string } | null }[];
    const after = tasks.find((t) => t.title.startsWith("提升课后服务水平"));
    expect(after).toMatchObject({ state: "accepted", leadUnit: { name: "青川县实验小学" } });
    // a school sees only what reaches it
    expect(tasks.every((t) => !t.title.startsWith("补充师资力量"))).toBe(true);

    const staff = await session("jichu");
    const all = await staff(`/api/tasks?planId=${demo.plan!.planId}&limit=500`);
    expect(all.json().total).toBe(demo.plan!.tasks);

    // red tasks with the 分管领导 told: escalation reached the deputy leaders
    const rows = await deps.database.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.id = n.user_id
       WHERE n.kind = 'escalation' AND u.role = 'deputy'`,
    );
    expect(rows[0]!.n).toBeGreaterThan(0);
  });

  it("links the plan's census targets to catalogue indicators, so the tasks show achieved figures", async () => {
    const staff = await session("jichu");
    const res = await staff(`/api/plans/${demo.plan!.planId}/indicator-links`);
    expect(res.statusCode, res.body).toBe(200);
    const targets = res.json().targets as {
      indicator: string;
      link: { status: string; indicatorCode: string } | null;
    }[];
    const confirmed = new Map(
      targets.filter((t) => t.link?.status === "confirmed").map((t) => [t.indicator, t.link!.indicatorCode]),
    );
    expect(confirmed.get("学前三年毛入园率")).toBe("KG_GER");
    expect(confirmed.get("适龄残疾儿童少年入学率")).toBe("DISABLED_ENROLMENT_RATE");
    expect(confirmed.size).toBeGreaterThanOrEqual(5);
    // the task of 学前三年毛入园率 reads the county's census value
    const task = (await staff(`/api/tasks?planId=${demo.plan!.planId}&limit=500`))
      .json()
      .tasks.find((t: { title: string }) => t.title.startsWith("扩大普惠性学前教育资源")) as { id: number };
    const ind = (await staff(`/api/tasks/${task.id}/indicators`)).json().targets as {
      indicator: string;
      check: { achieved: number | null } | null;
    }[];
    expect(ind.find((t) => t.indicator === "学前三年毛入园率")!.check!.achieved).toBeGreaterThan(50);
  });

  it("refuses to seed a database that already has users", async () => {
    await expect(seedDemo(deps)).rejects.toMatchObject({ code: "CONFLICT" });
  });
});
