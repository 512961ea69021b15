// Assignment through HTTP: to a school and to a department, with co-units, a deputy, milestones and a
// cadence; bulk assignment all-or-nothing; units outside the bureau refused; every change audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { buildPlan, versionOf } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client;
let p: Awaited<ReturnType<typeof buildPlan>>;
beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  staff = await t.as("staff");
  p = await buildPlan(staff);
});
afterAll(() => t.close());

describe("assign a task", () => {
  it("assigns a task to a school with a co-unit, deputy, deadline, cadence and milestones", async () => {
    const version = await versionOf(staff, p.A);
    const res = await staff.request("PUT", `/api/tasks/${p.A}/assignment`, {
      version,
      leadUnitId: c.school.id,
      coUnitIds: [c.dept.basic.id, c.school.id],
      deputyUserId: c.users.deputy,
      deadline: "2025-06-30",
      cadence: "weekly",
      milestones: [
        { title: "制定实施方案", dueOn: "2025-03-31" },
        { title: "全面开展", dueOn: "2025-05-31" },
      ],
    });
    expect(res.status).toBe(200);
    const task = (await staff.request("GET", `/api/tasks/${p.A}`)).json;
    expect(task).toMatchObject({
      leadUnit: { id: c.school.id, name: "东坡镇中心小学" },
      coUnits: [{ id: c.dept.basic.id, name: "基础教育股" }],
      deputy: { id: c.users.deputy, displayName: "deputy" },
      deadline: "2025-06-30",
      cadence: "weekly",
      state: "draft",
      planTitle: "2025年重点工作",
      version: version + 1,
    });
    expect(Array.isArray(task.actions)).toBe(true);
    expect(task.milestones.map((m: { title: string; dueOn: string }) => [m.title, m.dueOn])).toEqual([
      ["制定实施方案", "2025-03-31"],
      ["全面开展", "2025-05-31"],
    ]);

    // a second assignment keeps a milestone by id, drops the other, and is audited with before/after
    const kept = task.milestones[0].id as number;
    const again = await staff.request("PUT", `/api/tasks/${p.A}/assignment`, {
      version: version + 1,
      leadUnitId: c.school.id,
      coUnitIds: [],
      deadline: "2025-07-15",
      cadence: "monthly",
      milestones: [{ id: kept, title: "制定方案", dueOn: "2025-04-10" }],
    });
    expect(again.status).toBe(200);
    const after = (await staff.request("GET", `/api/tasks/${p.A}`)).json;
    expect(after.milestones).toMatchObject([{ id: kept, title: "制定方案", dueOn: "2025-04-10" }]);
    expect(after.coUnits).toEqual([]);
    expect(after.deputy).toBeNull();
    const audit = (await staff.request("GET", `/api/tasks/${p.A}/audit`)).json.events;
    const assigned = audit.filter((e: { action: string }) => e.action === "task.assigned");
    expect(assigned).toHaveLength(2);
    expect(assigned[0]).toMatchObject({
      entity: "task",
      taskId: p.A,
      actorName: "staff",
      before: { leadUnitId: c.school.id, deadline: "2025-06-30", cadence: "weekly", coUnitIds: [c.dept.basic.id] },
      after: { leadUnitId: c.school.id, deadline: "2025-07-15", cadence: "monthly", coUnitIds: [] },
    });
  });

  it("assigns a task to a department", async () => {
    const res = await staff.request("PUT", `/api/tasks/${p.B}/assignment`, {
      version: await versionOf(staff, p.B),
      leadUnitId: c.dept.basic.id,
      coUnitIds: [c.dept.finance.id],
      deputyUserId: c.users.deputy,
      deadline: "2025-09-30",
      cadence: "monthly",
      milestones: [],
    });
    expect(res.status).toBe(200);
    const list = (await staff.request("GET", `/api/tasks?leadUnitId=${c.dept.basic.id}`)).json;
    expect(list.tasks.map((x: { id: number }) => x.id)).toEqual([p.B]);
    expect(list.tasks[0]).toMatchObject({ coUnitNames: ["计财股"], deadline: "2025-09-30" });
  });

  it("refuses a stale version, units outside the bureau, a non-leader deputy and sections", async () => {
    const base = {
      leadUnitId: c.dept.safety.id,
      coUnitIds: [],
      deadline: "2025-12-31",
      cadence: "monthly",
      milestones: [],
    };
    const stale = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, { ...base, version: 99 });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("STALE_VERSION");
    const version = await versionOf(staff, p.C);
    const outside = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, {
      ...base,
      version,
      leadUnitId: c.otherBureau.id,
    });
    expect(outside.status).toBe(422);
    expect(outside.json.error.code).toBe("UNIT_OUT_OF_SCOPE");
    const co = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, { ...base, version, coUnitIds: [999999] });
    expect(co.json.error.code).toBe("UNIT_OUT_OF_SCOPE");
    const deputy = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, {
      ...base,
      version,
      deputyUserId: c.users.school,
    });
    expect(deputy.status).toBe(422);
    expect(deputy.json.error.code).toBe("DEPUTY_INVALID");
    const section = await staff.request("PUT", `/api/tasks/${p.s1}/assignment`, {
      ...base,
      version: await versionOf(staff, p.s1),
    });
    expect(section.status).toBe(422);
    expect(section.json.error.code).toBe("TASK_IS_SECTION");
    const bad = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, {
      ...base,
      version,
      deadline: "2025-13-01",
    });
    expect(bad.status).toBe(400);
    const unknown = await staff.request("PUT", `/api/tasks/${p.C}/assignment`, { ...base, version, owner: "x" });
    expect(unknown.status).toBe(400);
    expect(await versionOf(staff, p.C)).toBe(version);
  });

  it("lets other plan editors of the bureau assign: another department's staff, the deputy, the leader", async () => {
    for (const who of ["finance", "deputy", "leader"]) {
      const u = await t.as(who);
      const res = await u.request("PUT", `/api/tasks/${p.C}/assignment`, {
        version: await versionOf(u, p.C),
        leadUnitId: c.dept.safety.id,
        coUnitIds: [],
        deadline: "2025-12-31",
        cadence: "quarterly",
        milestones: [],
      });
      expect(res.status, who).toBe(200);
    }
  });
});

describe("bulk assignment", () => {
  it("applies the same fields to many tasks and audits each", async () => {
    const res = await staff.request("POST", "/api/tasks/bulk-assign", {
      taskIds: [p.D, p.E],
      leadUnitId: c.dept.safety.id,
      coUnitIds: [c.township.id],
      deadline: "2025-08-31",
      cadence: "monthly",
    });
    expect(res.status).toBe(200);
    for (const id of [p.D, p.E]) {
      const task = (await staff.request("GET", `/api/tasks/${id}`)).json;
      expect(task).toMatchObject({
        leadUnit: { id: c.dept.safety.id },
        coUnits: [{ id: c.township.id }],
        deadline: "2025-08-31",
      });
      const audit = (await staff.request("GET", `/api/tasks/${id}/audit`)).json.events;
      expect(audit[0]).toMatchObject({
        action: "task.assigned",
        reason: "批量交办",
        after: { deadline: "2025-08-31" },
      });
    }
    // only the deadline: the rest stays
    expect(
      (await staff.request("POST", "/api/tasks/bulk-assign", { taskIds: [p.D, p.E], deadline: "2025-09-15" })).status,
    ).toBe(200);
    expect((await staff.request("GET", `/api/tasks/${p.E}`)).json).toMatchObject({
      leadUnit: { id: c.dept.safety.id },
      coUnits: [{ id: c.township.id }],
      deadline: "2025-09-15",
    });
  });

  it("changes nothing when one task cannot be assigned", async () => {
    const before = await versionOf(staff, p.D);
    const withSection = await staff.request("POST", "/api/tasks/bulk-assign", {
      taskIds: [p.D, p.s2],
      deadline: "2025-10-31",
    });
    expect(withSection.status).toBe(422);
    const missing = await staff.request("POST", "/api/tasks/bulk-assign", {
      taskIds: [p.D, 987654],
      deadline: "2025-10-31",
    });
    expect(missing.status).toBe(404);
    const outside = await staff.request("POST", "/api/tasks/bulk-assign", {
      taskIds: [p.D, p.E],
      leadUnitId: c.otherBureau.id,
    });
    expect(outside.status).toBe(422);
    expect(await versionOf(staff, p.D)).toBe(before);
    expect((await staff.request("GET", `/api/tasks/${p.D}`)).json.deadline).toBe("2025-09-15");
  });

  it("is refused to read-only users", async () => {
    const observer = await t.as("observer");
    const res = await observer.request("POST", "/api/tasks/bulk-assign", { taskIds: [p.D], deadline: "2025-10-31" });
    expect(res.status).toBe(403);
    const otherSchool = await t.as("otherschool");
    expect(
      (await otherSchool.request("POST", "/api/tasks/bulk-assign", { taskIds: [p.D], deadline: "2025-10-31" })).status,
    ).toBe(404);
  });
});
