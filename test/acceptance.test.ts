// The acceptance walk-through, through the HTTP API alone: department staff import a plan
// document and commit it, assign tasks to a school and a department, the school accepts and reports
// progress with a file, is sent back and then accepted, and as the clock passes the deadline the
// task turns yellow, then red, and the escalation reaches the deputy leader, then the bureau leader.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "./app.ts";
import { seedCounty, type County } from "./factories.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, deputy: Client, leader: Client, otherschool: Client;

beforeAll(async () => {
  t = await testApp({ SESSION_HOURS: 24 * 400, DUE_SOON_DAYS: 7, ESCALATE_DEPUTY_DAYS: 0, ESCALATE_LEADER_DAYS: 7 });
  c = await seedCounty(t.deps);
  [staff, school, deputy, leader, otherschool] = await loginAll(t, [
    "staff",
    "school",
    "deputy",
    "leader",
    "otherschool",
  ]);
}, 60_000);
afterAll(() => t.close());

const day = (offset: number) =>
  new Date(t.deps.clock.now().getTime() + offset * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
const taskOf = async (client: Client, id: number) => (await client.request("GET", `/api/tasks/${id}`)).json;

describe("acceptance: a plan that lives", () => {
  let taskId = 0;
  let deptTaskId = 0;

  it("imports a plan document and commits it", async () => {
    const form = new FormData();
    const doc = readFileSync(join(import.meta.dirname, "fixtures/documents/h01_county_keypoints.txt"));
    form.append("file", new Blob([new Uint8Array(doc)]), "h01_county_keypoints.txt");
    const draft = await staff.request("POST", "/api/imports", form);
    expect(draft.status, draft.body).toBe(201);
    const draftId = draft.json.draftId as number;
    const view = await staff.request("GET", `/api/imports/${draftId}`);
    expect(view.json.draft.documents[0].items.length).toBeGreaterThan(20);
    expect(view.json.source).toContain("岚江县");
    const commit = await staff.request("POST", `/api/imports/${draftId}/commit`, { documentIndex: 0 });
    expect(commit.status, commit.body).toBe(201);
    const plan = await staff.request("GET", `/api/plans/${commit.json.planId}`);
    const leaves: { id: number; kind: string; targets: unknown[] }[] = [];
    const walk = (nodes: { id: number; kind: string; targets: unknown[]; children: never[] }[]) =>
      nodes.forEach((n) => (n.kind === "task" ? leaves.push(n) : walk(n.children)));
    walk(plan.json.tree);
    expect(leaves.length).toBeGreaterThan(10);
    expect(leaves.some((l) => l.targets.length > 0)).toBe(true);
    taskId = leaves[0]!.id;
    deptTaskId = leaves[1]!.id;
  });

  it("assigns one task to a school and one to a department, and dispatches them", async () => {
    for (const [id, lead] of [
      [taskId, c.school.id],
      [deptTaskId, c.dept.safety.id],
    ] as const) {
      const v = (await taskOf(staff, id)).version;
      const a = await staff.request("PUT", `/api/tasks/${id}/assignment`, {
        version: v,
        leadUnitId: lead,
        coUnitIds: [c.dept.finance.id],
        deputyUserId: c.users.deputy,
        deadline: day(10),
        cadence: "monthly",
        milestones: [],
      });
      expect(a.status, a.body).toBe(200);
      const d = await staff.request("POST", `/api/tasks/${id}/transitions`, {
        action: "dispatch",
        version: (await taskOf(staff, id)).version,
      });
      expect(d.status, d.body).toBe(200);
    }
    expect((await otherschool.request("GET", `/api/tasks/${taskId}`)).status).toBe(404);
  });

  it("lets the school accept, report progress with a file, be sent back, then accepted", async () => {
    const acc = await school.request("POST", `/api/tasks/${taskId}/transitions`, {
      action: "accept",
      version: (await taskOf(school, taskId)).version,
    });
    expect(acc.status, acc.body).toBe(200);
    const report = async (text: string) => {
      const form = new FormData();
      form.append("text", text);
      form.append("percent", "40");
      form.append(
        "files",
        new Blob([new TextEncoder().encode("%PDF-1.4 现场照片")], { type: "application/pdf" }),
        "现场照片.pdf",
      );
      const r = await school.request("POST", `/api/tasks/${taskId}/reports`, form);
      expect(r.status, r.body).toBe(201);
      return r.json.reportId as number;
    };
    const first = await report("已完成选址和方案设计");
    const back = await staff.request("POST", `/api/reports/${first}/review`, {
      decision: "return",
      reason: "请补充施工进度照片",
    });
    expect(back.status, back.body).toBe(200);
    const second = await report("已完成选址、方案设计并开工，附施工照片");
    const ok = await staff.request("POST", `/api/reports/${second}/review`, { decision: "accept" });
    expect(ok.status, ok.body).toBe(200);
    const task = await taskOf(staff, taskId);
    expect(task.progress).toBe(40);
    const audit = (await staff.request("GET", `/api/tasks/${taskId}/audit`)).json.events as {
      action: string;
      reason: string | null;
    }[];
    expect(audit.some((e) => e.reason === "请补充施工进度照片")).toBe(true);
  });

  it("turns yellow near the deadline, red after it, and escalates to the deputy, then the leader", async () => {
    const clock = async (days: number) =>
      expect((await staff.request("POST", "/api/test/clock", { advanceDays: days })).status).toBe(200);
    const colour = async () => (await taskOf(staff, taskId)).statusColor as string;
    const escalations = async (client: Client) =>
      (
        (await client.request("GET", "/api/notifications")).json.notifications as { kind: string; taskId: number }[]
      ).filter((n) => n.kind === "escalation" && n.taskId === taskId);

    await clock(5);
    expect(await colour()).toBe("yellow");
    expect(await escalations(deputy)).toHaveLength(0);
    await clock(6);
    expect(await colour()).toBe("red");
    expect((await escalations(deputy)).length).toBeGreaterThan(0);
    expect(await escalations(leader)).toHaveLength(0);
    await clock(7);
    expect((await escalations(leader)).length).toBeGreaterThan(0);
    const board = await leader.request("GET", "/api/supervision/board");
    expect(JSON.stringify(board.json)).toContain(String(taskId));
  });
});
