// Visibility through HTTP, as a matrix: who sees which plan and task, who may change them (403 when
// visible but read-only, 404 when out of sight), and the task list's SQL scope agreeing with the
// per-task check. Plus the list's filters and paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { buildPlan } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client;
let p: Awaited<ReturnType<typeof buildPlan>>;
let foreignPlan: number;
const USERS = [
  "admin",
  "leader",
  "deputy",
  "staff",
  "finance",
  "inspector",
  "observer",
  "township",
  "school",
  "otherschool",
  "outsider",
] as const;
const clients = {} as Record<(typeof USERS)[number], Client>;

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  for (const u of USERS) clients[u] = await t.as(u);
  staff = clients.staff;
  p = await buildPlan(staff);
  const assign = async (taskId: number, leadUnitId: number, coUnitIds: number[], deadline: string) => {
    const version = (await staff.request("GET", `/api/tasks/${taskId}`)).json.version;
    const r = await staff.request("PUT", `/api/tasks/${taskId}/assignment`, {
      version,
      leadUnitId,
      coUnitIds,
      deadline,
      cadence: "monthly",
      milestones: [],
    });
    if (r.status !== 200) throw new Error(r.body);
  };
  await assign(p.A, c.school.id, [], "2025-05-31");
  await assign(p.B, c.dept.basic.id, [c.dept.finance.id], "2025-09-30");
  await assign(p.D, c.dept.safety.id, [c.township.id], "2025-12-31");
  // a plan of the other county
  const other = await clients.outsider.request("POST", "/api/plans", { title: "白水县2025年工作要点" });
  foreignPlan = other.json.planId;
  await clients.outsider.request("POST", `/api/plans/${foreignPlan}/tasks`, { kind: "task", title: "白水县的任务" });
});
afterAll(() => t.close());

const ids = (xs: { id: number }[]) => xs.map((x) => x.id).sort((a, b) => a - b);

describe("who sees what", () => {
  const everything = () => [p.s1, p.A, p.B, p.C, p.s2, p.D, p.E].sort((a, b) => a - b);
  const expected = (): Record<(typeof USERS)[number], number[]> => ({
    admin: everything(),
    leader: everything(),
    deputy: everything(),
    staff: everything(),
    finance: everything(),
    inspector: everything(),
    observer: everything(),
    township: [p.A, p.D].sort((a, b) => a - b),
    school: [p.A],
    otherschool: [],
    outsider: [],
  });

  it("lists exactly the tasks each user may open, and the list agrees with the per-task check", async () => {
    for (const u of USERS) {
      const list = await clients[u].request("GET", `/api/tasks?planId=${p.planId}&kind=all&limit=500`);
      expect(list.status, u).toBe(200);
      expect(ids(list.json.tasks), u).toEqual(expected()[u]);
      for (const id of everything()) {
        const one = await clients[u].request("GET", `/api/tasks/${id}`);
        expect(one.status, `${u} task ${id}`).toBe(expected()[u].includes(id) ? 200 : 404);
      }
    }
  });

  it("shows a school only its task and the section above it; other schools and counties get 404", async () => {
    const plans = (await clients.school.request("GET", "/api/plans")).json.plans;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({ id: p.planId, whole: false, canEdit: false, counts: { tasks: 1 } });
    const plan = await clients.school.request("GET", `/api/plans/${p.planId}`);
    expect(plan.status).toBe(200);
    expect(plan.json.tree).toMatchObject([{ id: p.s1, children: [{ id: p.A, children: [] }] }]);
    expect(plan.json.tree).toHaveLength(1);
    expect(plan.json.tree[0].children).toHaveLength(1);

    for (const u of ["otherschool", "outsider"] as const) {
      expect((await clients[u].request("GET", `/api/plans/${p.planId}`)).status, u).toBe(404);
      expect((await clients[u].request("GET", `/api/tasks/${p.A}/audit`)).status, u).toBe(404);
      const mine = (await clients[u].request("GET", "/api/plans")).json.plans.map((x: { id: number }) => x.id);
      expect(mine.includes(p.planId), u).toBe(false);
    }
    expect((await clients.school.request("GET", `/api/tasks/${p.A}/audit`)).status).toBe(200);
    expect((await staff.request("GET", `/api/plans/${foreignPlan}`)).status).toBe(404);
    expect((await clients.admin.request("GET", `/api/plans/${foreignPlan}`)).status).toBe(200);
  });

  it("gives plan editors and readers the whole plan", async () => {
    for (const u of ["observer", "inspector", "finance"] as const) {
      const plan = await clients[u].request("GET", `/api/plans/${p.planId}`);
      expect(plan.status, u).toBe(200);
      expect(plan.json.plan.whole, u).toBe(true);
      expect(plan.json.plan.canEdit, u).toBe(u === "finance");
      expect(
        plan.json.tree.map((n: { id: number }) => n.id),
        u,
      ).toEqual([p.s1, p.s2]);
    }
  });

  it("answers changes with 409 (editor, stale), 403 (visible, read-only) or 404 (out of sight)", async () => {
    const expectStatus: Record<(typeof USERS)[number], number> = {
      admin: 409,
      leader: 409,
      deputy: 409,
      staff: 409,
      finance: 409,
      inspector: 403,
      observer: 403,
      township: 403,
      school: 403,
      otherschool: 404,
      outsider: 404,
    };
    const assignment = {
      version: 99999,
      leadUnitId: c.school.id,
      coUnitIds: [],
      deadline: "2025-06-30",
      cadence: "monthly",
      milestones: [],
    };
    for (const u of USERS) {
      const put = await clients[u].request("PUT", `/api/tasks/${p.A}/assignment`, assignment);
      expect(put.status, `${u} PUT assignment`).toBe(expectStatus[u]);
      const patch = await clients[u].request("PATCH", `/api/tasks/${p.A}`, { version: 99999, title: "改" });
      expect(patch.status, `${u} PATCH task`).toBe(expectStatus[u]);
    }
    const observerAdd = await clients.observer.request("POST", `/api/plans/${p.planId}/tasks`, {
      kind: "task",
      title: "x",
    });
    expect(observerAdd.status).toBe(403);
    const schoolAdd = await clients.school.request("POST", `/api/plans/${p.planId}/tasks`, {
      kind: "task",
      title: "x",
    });
    expect(schoolAdd.status).toBe(404);
    const outsiderDelete = await clients.outsider.request("DELETE", `/api/tasks/${p.E}`);
    expect(outsiderDelete.status).toBe(404);
  });

  it("requires a session", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/tasks" });
    expect(res.statusCode).toBe(401);
  });
});

describe("task list", () => {
  it("filters by state, colour, lead unit, deadline and text, and pages with a total", async () => {
    const q = async (qs: string) => (await staff.request("GET", `/api/tasks?planId=${p.planId}&${qs}`)).json;
    expect((await q("")).total).toBe(5);
    expect((await q("state=draft")).total).toBe(5);
    expect((await q("state=closed")).total).toBe(0);
    expect((await q("color=grey")).total).toBe(5); // drafts are grey until dispatched
    expect(ids((await q(`leadUnitId=${c.dept.safety.id}`)).tasks)).toEqual([p.D]);
    expect(ids((await q("deadlineBefore=2025-09-30")).tasks)).toEqual([p.A, p.B].sort((a, b) => a - b));
    expect(ids((await q(`q=${encodeURIComponent("防溺水")}`)).tasks)).toEqual([p.E]);
    expect(ids((await q(`q=${encodeURIComponent("安全股")}`)).tasks)).toEqual([p.D]);
    const page1 = await q("limit=2&offset=0");
    const page3 = await q("limit=2&offset=4");
    expect(page1.tasks).toHaveLength(2);
    expect(page1.total).toBe(5);
    expect(page3.tasks).toHaveLength(1);
    expect((await q("limit=2&offset=10")).total).toBe(5);
    expect(page1.tasks[0]).toMatchObject({
      planTitle: "2025年重点工作",
      kind: "task",
      state: "draft",
      stateName: "待交办",
    });
  });

  it("rejects unknown and malformed query parameters", async () => {
    expect((await staff.request("GET", "/api/tasks?bogus=1")).status).toBe(400);
    expect((await staff.request("GET", "/api/tasks?limit=100000")).status).toBe(400);
    expect((await staff.request("GET", "/api/tasks?deadlineBefore=tomorrow")).status).toBe(400);
  });
});
