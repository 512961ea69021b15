// The acceptance walk-through, through HTTP: staff assigns a task to a school and dispatches it; the
// school accepts it and reports progress with a file; staff sends the report back, then accepts the
// next one; as the clock passes the deadline the task goes yellow then red and the escalation reaches
// the deputy leader, then the bureau leader; the school asks to close it and staff closes it (grey).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import {
  advance,
  assignedTask,
  fileWithEvidence,
  notifications,
  supervision,
  transition,
  version,
} from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, deputy: Client, leader: Client, otherschool: Client;
let taskId: number;
let planId: number;

beforeAll(async () => {
  t = await testApp({
    SESSION_HOURS: 24 * 365,
    DUE_SOON_DAYS: 7,
    ESCALATE_DEPUTY_DAYS: 0,
    ESCALATE_LEADER_DAYS: 7,
    BEHIND_POINTS: 20,
  });
  c = await seedCounty(t.deps);
  [staff, school, deputy, leader, otherschool] = await loginAll(t, [
    "staff",
    "school",
    "deputy",
    "leader",
    "otherschool",
  ]);
  ({ planId, taskId } = await assignedTask(t, staff, {
    leadUnitId: c.school.id,
    deadlineInDays: 10,
    deputyUserId: c.users.deputy,
  }));
});
afterAll(() => t.close());

describe("a task's life, through the API", () => {
  it("staff dispatches the assigned task (交办) and the school is told", async () => {
    const r = await transition(staff, taskId, "dispatch");
    expect(r.status, r.body).toBe(200);
    expect(r.json.task).toMatchObject({ state: "assigned", color: "green" });
    const n = await notifications(school);
    expect(n.unread).toBe(1);
    expect(n.notifications[0]).toMatchObject({
      kind: "transition",
      taskId,
      title: expect.stringContaining("新交办任务"),
    });
  });

  it("offers each actor the actions they may take", async () => {
    expect((await supervision(school, taskId)).actions).toEqual(["accept", "decline"]);
    expect((await supervision(staff, taskId)).actions).toEqual([]);
    expect((await school.request("GET", `/api/tasks/${taskId}`)).json.actions).toEqual(["accept", "decline"]);
  });

  it("the school accepts (签收)", async () => {
    const r = await transition(school, taskId, "accept");
    expect(r.status, r.body).toBe(200);
    expect(r.json.task.state).toBe("accepted");
    expect(r.json.actions).toEqual(["request_completion"]);
    expect((await supervision(school, taskId)).can.report).toBe(true);
  });

  let evidenceId: number;
  let firstReport: number;
  it("the school reports progress with an evidence file", async () => {
    const pdf = new TextEncoder().encode("%PDF-1.4 现场照片与验收记录");
    const r = await fileWithEvidence(school, taskId, { text: "已完成选址和设计招标", percent: "30" }, [
      { name: "验收记录.pdf", bytes: pdf, type: "application/pdf" },
    ]);
    expect(r.status, r.body).toBe(201);
    firstReport = r.json.reportId;
    evidenceId = r.json.evidenceIds[0];
    const reports = (await staff.request("GET", `/api/tasks/${taskId}/reports`)).json.reports;
    expect(reports[0]).toMatchObject({
      id: firstReport,
      text: "已完成选址和设计招标",
      percent: 30,
      reviewState: "pending",
      authorName: "school",
      orgUnitName: "东坡镇中心小学",
      evidence: [{ fileName: "验收记录.pdf", mime: "application/pdf", size: pdf.byteLength }],
    });
    expect(reports[0].evidence[0].sha256).toMatch(/^[0-9a-f]{64}$/u);
    // staff hears of it
    expect((await notifications(staff)).notifications.some((n) => n.kind === "report" && n.taskId === taskId)).toBe(
      true,
    );
  });

  it("the evidence downloads with its name, for those who see the task", async () => {
    const r = await staff.request("GET", `/api/evidence/${evidenceId}`);
    expect(r.status).toBe(200);
    expect(r.headers["content-type"]).toBe("application/pdf");
    expect(String(r.headers["content-disposition"])).toContain(
      `filename*=UTF-8''${encodeURIComponent("验收记录.pdf")}`,
    );
    expect(r.body).toContain("现场照片与验收记录");
    expect((await otherschool.request("GET", `/api/evidence/${evidenceId}`)).status).toBe(404);
  });

  it("staff sends the report back with a reason (a reason is required), once", async () => {
    const noReason = await staff.request("POST", `/api/reports/${firstReport}/review`, { decision: "return" });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error.code).toBe("REASON_REQUIRED");
    const r = await staff.request("POST", `/api/reports/${firstReport}/review`, {
      decision: "return",
      reason: "请补充招标公告",
    });
    expect(r.status, r.body).toBe(200);
    const again = await staff.request("POST", `/api/reports/${firstReport}/review`, { decision: "accept" });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe("REPORT_ALREADY_REVIEWED");
    const n = await notifications(school);
    expect(n.notifications[0]).toMatchObject({ kind: "review", body: "退回理由：请补充招标公告" });
    // a returned report does not move the task
    expect((await supervision(staff, taskId)).progress).toBe(0);
  });

  it("the school reports again and staff accepts: the task's progress follows", async () => {
    const r = await school.request("POST", `/api/tasks/${taskId}/reports`, {
      text: "已补充招标公告，完成主体施工的40%",
      percent: 40,
    });
    expect(r.status, r.body).toBe(201);
    const ok = await staff.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" });
    expect(ok.status, ok.body).toBe(200);
    const s = await supervision(staff, taskId);
    expect(s.progress).toBe(40);
    expect(s.reports.map((x: { reviewState: string }) => x.reviewState)).toEqual(["accepted", "returned"]);
    expect(s.status.color).toBe("green");
  });

  it("goes yellow inside DUE_SOON_DAYS of the deadline, and the school is reminded once a day", async () => {
    const sweep = await advance(staff, 4); // 6 days left
    expect(sweep.recomputed).toBe(1);
    expect(sweep.reminders).toBe(1);
    const s = await supervision(staff, taskId);
    expect(s.status).toMatchObject({ color: "yellow", reason: "距完成时限还有 6 天", escalationLevel: 0 });
    const n = await notifications(school);
    expect(n.notifications[0]).toMatchObject({ kind: "reminder", body: expect.stringContaining("还有 6 天") });
    const board = (await staff.request("GET", "/api/supervision/board")).json;
    expect(board.byDepartment[0]).toMatchObject({ unitId: c.school.id, red: [], yellow: [{ id: taskId }] });
  });

  it("goes red after the deadline and escalates to the deputy leader (分管领导)", async () => {
    const sweep = await advance(staff, 7); // 1 day overdue
    expect(sweep).toMatchObject({ recomputed: 1, escalations: 1 });
    const s = await supervision(deputy, taskId);
    expect(s.status).toMatchObject({ color: "red", daysOverdue: 1, escalationLevel: 1 });
    const n = await notifications(deputy);
    expect(n.notifications[0]).toMatchObject({
      kind: "escalation",
      taskId,
      title: expect.stringContaining("分管领导"),
    });
    // not yet the bureau leader
    expect((await notifications(leader)).notifications.filter((x) => x.kind === "escalation")).toHaveLength(0);
    const board = (await deputy.request("GET", "/api/supervision/board")).json;
    expect(board.byDeputy[0]).toMatchObject({ userId: c.users.deputy, red: [{ id: taskId, daysOverdue: 1 }] });
  });

  it("a second sweep the same day sends nothing new (idempotent)", async () => {
    const before = (await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications"))[0]!.n;
    const sweep = await advance(staff, 0);
    expect(sweep).toMatchObject({ recomputed: 0, reminders: 0, escalations: 0 });
    const after = (await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM notifications"))[0]!.n;
    expect(after).toBe(before);
  });

  it("escalates to the bureau leader (主要领导) after ESCALATE_LEADER_DAYS, audited", async () => {
    const sweep = await advance(staff, 6); // 7 days overdue
    expect(sweep.escalations).toBe(1);
    const n = await notifications(leader);
    expect(n.notifications[0]).toMatchObject({
      kind: "escalation",
      taskId,
      title: expect.stringContaining("主要领导"),
    });
    const audit = (await staff.request("GET", `/api/tasks/${taskId}/audit`)).json.events as {
      action: string;
      after: { escalationLevel?: number };
    }[];
    expect(audit.filter((e) => e.action === "task.escalated").map((e) => e.after.escalationLevel)).toEqual([2, 1]);
  });

  it("the school asks to close (申请办结), staff closes it (办结销号): grey, audited with who and why", async () => {
    const req = await transition(school, taskId, "request_completion", "工程已竣工验收");
    expect(req.status, req.body).toBe(200);
    expect(req.json.task.state).toBe("completion_requested");
    expect((await supervision(staff, taskId)).actions).toEqual(["approve", "return"]);
    const done = await transition(staff, taskId, "approve");
    expect(done.status, done.body).toBe(200);
    const s = await supervision(staff, taskId);
    expect(s).toMatchObject({ state: "closed", progress: 100, status: { color: "grey", reason: "已办结" } });
    expect(s.reports[0]).toMatchObject({ kind: "completion", text: "工程已竣工验收", reviewState: "accepted" });
    const audit = (await staff.request("GET", `/api/tasks/${taskId}/audit`)).json.events as {
      action: string;
      actorName: string;
      reason: string | null;
      before: { state: string };
      after: { state: string };
    }[];
    const steps = audit.filter((e) => e.action.startsWith("task.") && "state" in (e.after ?? {})).reverse();
    expect(steps.map((e) => [e.action, e.actorName, e.before.state, e.after.state])).toEqual([
      ["task.dispatch", "staff", "draft", "assigned"],
      ["task.accept", "school", "assigned", "accepted"],
      ["task.request_completion", "school", "accepted", "completion_requested"],
      ["task.approve", "staff", "completion_requested", "closed"],
    ]);
    expect(steps[2]!.reason).toBe("工程已竣工验收");
  });

  it("a closed task is left alone by the sweep and counts as late in the ranking", async () => {
    const sweep = await advance(staff, 1);
    expect(sweep.tasks).toBe(0);
    const board = (await leader.request("GET", "/api/supervision/board")).json;
    expect(board.ranking.schools[0]).toMatchObject({ unitId: c.school.id, due: 1, onTime: 0, late: 1, rate: 0 });
    const rollup = (await staff.request("GET", `/api/plans/${planId}/rollup`)).json;
    expect(rollup.total).toMatchObject({ total: 1, closed: 1, completion: 100, color: "grey" });
  });

  it("a leader may reopen it with a reason (重新办理)", async () => {
    const noReason = await transition(leader, taskId, "reopen");
    expect(noReason.status).toBe(422);
    const r = await transition(leader, taskId, "reopen", "验收资料不全");
    expect(r.status, r.body).toBe(200);
    expect(r.json.task.state).toBe("accepted");
    expect((await supervision(school, taskId)).status.color).toBe("red");
    expect(await version(school, taskId)).toBeGreaterThan(1);
  });
});
