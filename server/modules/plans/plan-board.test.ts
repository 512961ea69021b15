// GET /api/plans/:id/board: the plan's bureau units and leaders for assignment, and the milestones of
// the tasks the actor sees.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, otherschool: Client, outsider: Client;
let planId: number;
let taskA: number;

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  [staff, school, otherschool, outsider] = await loginAll(t, ["staff", "school", "otherschool", "outsider"]);
  planId = (await staff.request("POST", "/api/plans", { title: "2025年工作要点" })).json.planId;
  taskA = (await staff.request("POST", `/api/plans/${planId}/tasks`, { kind: "task", title: "甲" })).json.taskId;
  const taskB = (await staff.request("POST", `/api/plans/${planId}/tasks`, { kind: "task", title: "乙" })).json.taskId;
  const assign = (id: number, leadUnitId: number, milestones: { title: string; dueOn: string }[]) =>
    staff.request("PUT", `/api/tasks/${id}/assignment`, {
      version: 1,
      leadUnitId,
      deadline: "2025-12-31",
      milestones,
    });
  expect((await assign(taskA, c.school.id, [{ title: "完成选址", dueOn: "2025-06-30" }])).status).toBe(200);
  expect((await assign(taskB, c.dept.basic.id, [{ title: "方案印发", dueOn: "2025-04-30" }])).status).toBe(200);
});
afterAll(() => t.close());

describe("GET /api/plans/:id/board", () => {
  it("gives staff the bureau's units, its leaders and every milestone", async () => {
    const r = await staff.request("GET", `/api/plans/${planId}/board`);
    expect(r.status, r.body).toBe(200);
    expect(r.json.canEdit).toBe(true);
    const names = r.json.units.map((u: { name: string }) => u.name);
    expect(names).toEqual(expect.arrayContaining(["青山县教育局", "基础教育股", "东坡镇中心小学", "西岭乡中学"]));
    expect(names).not.toContain("白水县教育局");
    expect(r.json.leaders.map((u: { id: number }) => u.id).sort()).toEqual([c.users.leader, c.users.deputy].sort());
    expect(r.json.milestones.map((m: { title: string }) => m.title).sort()).toEqual(["完成选址", "方案印发"]);
    expect(r.json.today).toMatch(/^\d{4}-\d{2}-\d{2}$/u);
    expect(r.json.tasks).toEqual([
      { id: taskA, createdOn: r.json.today },
      { id: expect.any(Number), createdOn: r.json.today },
    ]);
  });

  it("gives the school only its own task's milestones, and refuses those the plan does not reach", async () => {
    const r = await school.request("GET", `/api/plans/${planId}/board`);
    expect(r.status, r.body).toBe(200);
    expect(r.json.canEdit).toBe(false);
    expect(r.json.milestones).toEqual([
      expect.objectContaining({ taskId: taskA, title: "完成选址", dueOn: "2025-06-30", reachedAt: null }),
    ]);
    expect((await otherschool.request("GET", `/api/plans/${planId}/board`)).status).toBe(404);
    expect((await outsider.request("GET", `/api/plans/${planId}/board`)).status).toBe(404);
    expect((await staff.request("GET", `/api/plans/999999/board`)).status).toBe(404);
  });
});
