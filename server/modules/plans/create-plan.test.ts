// Plans built by hand: create, add sections and tasks at any depth, edit with a version, delete while
// nothing under the task has been dispatched.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { updateTaskFields } from "./index.ts";

let t: TestApp;
let c: County;
let staff: Client;
beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  staff = await t.as("staff");
});
afterAll(() => t.close());

describe("plans by hand", () => {
  it("creates a plan in the actor's bureau, or in a unit they edit", async () => {
    const res = await staff.request("POST", "/api/plans", {
      title: "2025年工作计划",
      years: [2025],
      docType: "work_plan",
    });
    expect(res.status).toBe(201);
    const plan = (await staff.request("GET", `/api/plans/${res.json.planId}`)).json.plan;
    expect(plan).toMatchObject({
      title: "2025年工作计划",
      orgUnitId: c.bureau.id,
      unitName: "青山县教育局",
      years: [2025],
    });
    const own = await staff.request("POST", "/api/plans", { title: "股室计划", orgUnitId: c.dept.basic.id });
    expect(own.status).toBe(201);
    const audit = await staff.request("GET", "/api/audit");
    expect(audit.json.events.some((e: { action: string }) => e.action === "plan.created")).toBe(true);
  });

  it("refuses other counties (404), read-only roles (403) and unknown fields (400)", async () => {
    expect((await staff.request("POST", "/api/plans", { title: "x", orgUnitId: c.otherBureau.id })).status).toBe(404);
    const observer = await t.as("observer");
    expect((await observer.request("POST", "/api/plans", { title: "x" })).status).toBe(403);
    expect((await observer.request("POST", "/api/plans", { title: "x", orgUnitId: c.bureau.id })).status).toBe(403);
    const school = await t.as("school");
    expect((await school.request("POST", "/api/plans", { title: "x" })).status).toBe(403);
    const unknown = await staff.request("POST", "/api/plans", { title: "x", owner: "me" });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe("VALIDATION");
    expect((await staff.request("POST", "/api/plans", { title: "" })).status).toBe(400);
  });

  it("adds tasks at any depth; a task that gets children becomes a section", async () => {
    const planId = (await staff.request("POST", "/api/plans", { title: "计划" })).json.planId;
    const add = async (body: object) => (await staff.request("POST", `/api/plans/${planId}/tasks`, body)).json.taskId;
    const top = await add({ kind: "task", title: "一级" });
    const mid = await add({ kind: "task", title: "二级", parentId: top });
    const leaf = await add({ kind: "task", title: "三级", parentId: mid, body: "具体内容", num: "1" });
    const tree = (await staff.request("GET", `/api/plans/${planId}`)).json.tree;
    expect(tree).toMatchObject([
      {
        id: top,
        kind: "section",
        children: [{ id: mid, kind: "section", children: [{ id: leaf, kind: "task", body: "具体内容" }] }],
      },
    ]);
    const otherPlan = (await staff.request("POST", "/api/plans", { title: "另一个" })).json.planId;
    const cross = await staff.request("POST", `/api/plans/${otherPlan}/tasks`, {
      kind: "task",
      title: "x",
      parentId: leaf,
    });
    expect(cross.status).toBe(404);
  });

  it("edits a task with its version and audits the change; a stale version is 409", async () => {
    const planId = (await staff.request("POST", "/api/plans", { title: "计划" })).json.planId;
    const id = (await staff.request("POST", `/api/plans/${planId}/tasks`, { kind: "task", title: "旧标题" })).json
      .taskId;
    const res = await staff.request("PATCH", `/api/tasks/${id}`, { version: 1, title: "新标题", num: "3" });
    expect(res.status).toBe(200);
    const task = (await staff.request("GET", `/api/tasks/${id}`)).json;
    expect(task).toMatchObject({ title: "新标题", num: "3", version: 2, canEdit: true });
    const stale = await staff.request("PATCH", `/api/tasks/${id}`, { version: 1, title: "再改" });
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("STALE_VERSION");
    const audit = (await staff.request("GET", `/api/tasks/${id}/audit`)).json.events;
    expect(audit[0]).toMatchObject({
      action: "task.edited",
      before: { title: "旧标题" },
      after: { title: "新标题", num: "3" },
    });
  });

  it("deletes a task and its subtree while all of it is draft, refuses once some of it is under way", async () => {
    const planId = (await staff.request("POST", "/api/plans", { title: "计划" })).json.planId;
    const add = async (body: object) => (await staff.request("POST", `/api/plans/${planId}/tasks`, body)).json.taskId;
    const s = await add({ kind: "section", title: "章" });
    const a = await add({ kind: "task", title: "甲", parentId: s });
    const s2 = await add({ kind: "section", title: "章二" });
    const b = await add({ kind: "task", title: "乙", parentId: s2 });
    await t.deps.database.db.transaction((tx) => updateTaskFields(tx, b, { state: "assigned" }));
    const refused = await staff.request("DELETE", `/api/tasks/${s2}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("TASK_NOT_DRAFT");
    expect((await staff.request("DELETE", `/api/tasks/${s}`)).status).toBe(200);
    expect((await staff.request("GET", `/api/tasks/${a}`)).status).toBe(404);
    const tree = (await staff.request("GET", `/api/plans/${planId}`)).json.tree;
    expect(tree.map((n: { id: number }) => n.id)).toEqual([s2]);
    const audit = (await staff.request("GET", `/api/tasks/${s}/audit`)).json;
    expect(audit.error.code).toBe("NOT_FOUND"); // the task is gone; its trail stays in audit_events
  });
});
