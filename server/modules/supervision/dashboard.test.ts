// The dashboard read: KPI figures, roll-up by domain and lead unit, targets with achieved figures and the
// overdue trend, for what each actor sees; and the pure trend builder.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { overdueTrend } from "./dashboard.ts";
import { advance, daysFromNow, fileWithEvidence, transition, version } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, outsider: Client;
let planId: number;
let taskA: number;
let targetA: number;

interface Node {
  id: number;
  kind: string;
  title: string;
  targets: { id: number; indicator: string; value: number }[];
  children: Node[];
}
const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.children)]);

beforeAll(async () => {
  t = await testApp({ SESSION_HOURS: 24 * 365 });
  c = await seedCounty(t.deps);
  [staff, school, outsider] = await loginAll(t, ["staff", "school", "outsider"]);
  const form = new FormData();
  const doc =
    "2025年教育工作要点\n一、学前教育\n（一）扩大普惠资源。新建幼儿园3所。\n二、办学条件\n（一）改善校舍。改造薄弱学校校舍10所。\n";
  form.append("file", new Blob([new TextEncoder().encode(doc)]), "要点.txt");
  const imp = await staff.request("POST", "/api/imports", form);
  expect(imp.status, imp.body).toBe(201);
  const commit = await staff.request("POST", `/api/imports/${imp.json.draftId}/commit`, {});
  expect(commit.status, commit.body).toBe(201);
  planId = commit.json.planId;
  const plan = await staff.request("GET", `/api/plans/${planId}`);
  const tasks = flat(plan.json.tree as Node[]).filter((n) => n.kind === "task");
  expect(tasks).toHaveLength(2);
  taskA = tasks[0]!.id;
  targetA = tasks[0]!.targets[0]!.id;
  expect(tasks[0]!.targets[0]!.value).toBe(3);

  const assign = await staff.request("PUT", `/api/tasks/${taskA}/assignment`, {
    version: await version(staff, taskA),
    leadUnitId: c.school.id,
    deadline: daysFromNow(t, 5),
    cadence: "adhoc",
  });
  expect(assign.status, assign.body).toBe(200);
  expect((await transition(staff, taskA, "dispatch")).status).toBe(200);
  expect((await transition(school, taskA, "accept")).status).toBe(200);
  const rep = await fileWithEvidence(
    school,
    taskA,
    { text: "已建成 2 所", percent: "60", figures: JSON.stringify([{ targetId: targetA, value: 2 }]) },
    [],
  );
  expect(rep.status, rep.body).toBe(201);
  const review = await staff.request("POST", `/api/reports/${rep.json.reportId}/review`, { decision: "accept" });
  expect(review.status, review.body).toBe(200);
  await advance(staff, 10); // 5 days past the deadline
});
afterAll(() => t.close());

describe("GET /api/supervision/dashboard", () => {
  it("gives staff the whole plan: KPI, domains, lead units, targets and the trend", async () => {
    const r = await staff.request("GET", `/api/supervision/dashboard?planId=${planId}`);
    expect(r.status, r.body).toBe(200);
    const d = r.json;
    expect(d.kpi).toMatchObject({
      tasks: 2,
      draft: 1,
      dispatched: 1,
      open: 1,
      closed: 0,
      red: 1,
      overdue: 1,
      completion: 60,
      onTimeRate: 0,
      targets: 2,
      targetsReported: 1,
      targetsMet: 0,
    });
    expect(d.bySection.map((s: { title: string }) => s.title)).toEqual(["学前教育", "办学条件"]);
    expect(d.bySection[0]).toMatchObject({ total: 1, red: 1, completion: 60 });
    expect(d.bySection[1]).toMatchObject({ total: 0, draft: 1 });
    const schoolRow = d.byDepartment.find((u: { unitId: number }) => u.unitId === c.school.id);
    expect(schoolRow).toMatchObject({ name: "东坡镇中心小学", type: "school", total: 1, red: 1 });
    const target = d.targets.find((x: { id: number }) => x.id === targetA);
    expect(target).toMatchObject({ taskId: taskA, value: 3, achieved: 2, rate: 66.7, met: false });
    expect(d.trend.length).toBeGreaterThan(2);
    expect(d.trend[0]).toMatchObject({ open: 1, overdue: 0 });
    expect(d.trend.at(-1)).toMatchObject({ date: d.today, open: 1, overdue: 1 });
  });

  it("gives the school only its own task, and another county nothing", async () => {
    const s = await school.request("GET", "/api/supervision/dashboard");
    expect(s.status, s.body).toBe(200);
    expect(s.json.kpi.tasks).toBe(1);
    expect(s.json.targets).toHaveLength(1);
    const o = await outsider.request("GET", `/api/supervision/dashboard?planId=${planId}`);
    expect(o.status, o.body).toBe(200);
    expect(o.json.kpi.tasks).toBe(0);
    expect(o.json.bySection).toEqual([]);
    expect(o.json.trend).toEqual([]);
  });

  it("refuses an unknown query field", async () => {
    expect((await staff.request("GET", "/api/supervision/dashboard?plan=1")).status).toBe(400);
  });
});

describe("overdueTrend", () => {
  it("counts open tasks past their deadline at each point, the last point being today", () => {
    const tasks = [
      { dispatchedAt: "2025-01-01T02:00:00.000Z", closedAt: null, deadline: "2025-01-10" },
      { dispatchedAt: "2025-01-01T02:00:00.000Z", closedAt: "2025-01-20T02:00:00.000Z", deadline: "2025-01-05" },
      { dispatchedAt: null, closedAt: null, deadline: "2025-01-02" },
    ];
    const pts = overdueTrend(tasks, "2025-01-31", 31);
    expect(pts).toHaveLength(31);
    const at = (d: string) => pts.find((p) => p.date === d)!;
    expect(at("2025-01-01")).toEqual({ date: "2025-01-01", open: 2, overdue: 0, closed: 0 });
    expect(at("2025-01-06")).toMatchObject({ open: 2, overdue: 1 });
    expect(at("2025-01-11")).toMatchObject({ open: 2, overdue: 2 });
    expect(at("2025-01-20")).toMatchObject({ open: 1, overdue: 1, closed: 1 });
    expect(overdueTrend(tasks, "2025-12-31").length).toBeLessThanOrEqual(26);
    expect(overdueTrend([], "2025-12-31")).toEqual([]);
  });
});
