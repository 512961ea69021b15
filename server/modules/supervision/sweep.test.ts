// The sweep as the clock moves: reminders (once per task, day and person), escalation to the deputy in
// charge of the lead unit's department or, with none, to the bureau leader; lowering when the deadline
// moves; the scheduler.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { escalationLevelFor, reminderLines, runSweep, startScheduler } from "./sweep.ts";
import { advance, assignedTask, daysFromNow, notifications, supervision, transition, version } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, deputy: Client, leader: Client;

beforeAll(async () => {
  t = await testApp({ SESSION_HOURS: 24 * 365, DUE_SOON_DAYS: 3, ESCALATE_DEPUTY_DAYS: 1, ESCALATE_LEADER_DAYS: 5 });
  c = await seedCounty(t.deps);
  [staff, school, deputy, leader] = await loginAll(t, ["staff", "school", "deputy", "leader"]);
});
afterAll(() => t.close());

describe("escalationLevelFor", () => {
  it("maps days overdue to 0 / 1 / 2 by the thresholds", () => {
    const cfg = { ESCALATE_DEPUTY_DAYS: 0, ESCALATE_LEADER_DAYS: 7 };
    expect([0, 1, 6, 7, 30].map((d) => escalationLevelFor(d, cfg))).toEqual([0, 1, 1, 2, 2]);
    expect([1, 2, 3].map((d) => escalationLevelFor(d, { ESCALATE_DEPUTY_DAYS: 2, ESCALATE_LEADER_DAYS: 3 }))).toEqual([
      0, 1, 2,
    ]);
  });
});

describe("reminderLines", () => {
  const now = new Date("2025-06-15T02:00:00Z");
  const cfg = { DUE_SOON_DAYS: 7 };
  it("names what falls due: acceptance, deadline, milestones, the next report", () => {
    expect(
      reminderLines(
        { state: "assigned", deadline: "2025-06-20", milestones: [] },
        { daysOverdue: 0, reportDueOn: null },
        "2025-06-12T00:00:00Z",
        now,
        cfg,
      ),
    ).toEqual(["任务已交办 3 天，尚未签收", "距完成时限（2025-06-20）还有 5 天"]);
    expect(
      reminderLines(
        {
          state: "accepted",
          deadline: "2025-12-31",
          milestones: [{ title: "选址", dueOn: "2025-06-18", reachedAt: null }],
        },
        { daysOverdue: 0, reportDueOn: "2025-06-17" },
        "2025-05-18T00:00:00Z",
        now,
        cfg,
      ),
    ).toEqual(["节点「选址」2025-06-18 到期", "请于 2025-06-17 前报送进展报告"]);
    expect(
      reminderLines(
        { state: "accepted", deadline: "2025-12-31", milestones: [] },
        { daysOverdue: 0, reportDueOn: "2025-06-01" },
        null,
        now,
        cfg,
      ),
    ).toEqual(["进展报告已逾期 14 天，请尽快报送"]);
  });
});

describe("runSweep", () => {
  it("reminds the lead unit once a day, again the next day", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id, deadlineInDays: 5 });
    await transition(staff, taskId, "dispatch");
    await transition(school, taskId, "accept");
    const first = await advance(staff, 2); // 3 days left
    expect(first.reminders).toBe(1);
    expect((await advance(staff, 0)).reminders).toBe(0);
    expect((await advance(staff, 1)).reminders).toBe(1);
    const reminders = (await notifications(school)).notifications.filter(
      (n) => n.kind === "reminder" && n.taskId === taskId,
    );
    expect(reminders.map((n) => n.body)).toEqual([
      "距完成时限（" + daysFromNow(t, 2) + "）还有 2 天",
      expect.stringContaining("还有 3 天"),
    ]);
    // finish it so it stays out of the way
    await transition(school, taskId, "request_completion");
    await transition(staff, taskId, "approve");
  });

  it("escalates to the deputy in charge of the lead department when the task names none", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.dept.safety.id, deadlineInDays: 1 });
    await transition(staff, taskId, "dispatch");
    await advance(staff, 2); // 1 day overdue
    const s = await supervision(staff, taskId);
    expect(s.status).toMatchObject({ color: "red", escalationLevel: 1 });
    expect((await notifications(deputy)).notifications.find((n) => n.taskId === taskId)).toMatchObject({
      kind: "escalation",
      title: expect.stringContaining("分管领导"),
    });
  });

  it("goes straight to the bureau leader when no deputy is in charge, and steps down when the deadline moves", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.otherSchool.id, deadlineInDays: 1 });
    await transition(staff, taskId, "dispatch");
    const sweep = await advance(staff, 2);
    expect(sweep.escalations).toBeGreaterThanOrEqual(1);
    expect((await notifications(leader)).notifications.find((n) => n.taskId === taskId)).toMatchObject({
      kind: "escalation",
      title: expect.stringContaining("主要领导"),
    });
    // the plan's staff extends the deadline: no longer overdue, the level comes down (audited)
    const v = await version(staff, taskId);
    const moved = await staff.request("PUT", `/api/tasks/${taskId}/assignment`, {
      version: v,
      leadUnitId: c.otherSchool.id,
      deadline: daysFromNow(t, 30),
    });
    expect(moved.status, moved.body).toBe(200);
    await advance(staff, 0);
    const s = await supervision(staff, taskId);
    expect(s.status).toMatchObject({ color: "green", escalationLevel: 0 });
    const audit = (await staff.request("GET", `/api/tasks/${taskId}/audit`)).json.events as { action: string }[];
    expect(audit.map((e) => e.action)).toContain("task.escalation_reset");
  });

  it("escalates 0 → 2 in one sweep when the task is already far overdue, telling both", async () => {
    const { taskId } = await assignedTask(t, staff, {
      leadUnitId: c.school.id,
      deadlineInDays: 1,
      deputyUserId: c.users.deputy,
    });
    await transition(staff, taskId, "dispatch");
    t.deps.clock.advance(7 * 86_400_000); // no sweep meanwhile (server was down)
    const r = await runSweep(t.deps);
    expect(r.escalations).toBeGreaterThanOrEqual(2);
    expect((await supervision(staff, taskId)).status.escalationLevel).toBe(2);
    expect((await notifications(deputy)).notifications.some((n) => n.taskId === taskId)).toBe(true);
    expect((await notifications(leader)).notifications.some((n) => n.taskId === taskId)).toBe(true);
    const again = await runSweep(t.deps);
    expect(again).toMatchObject({ recomputed: 0, reminders: 0, escalations: 0 });
  });
});

describe("startScheduler", () => {
  it("is off at SWEEP_MINUTES=0 and stops cleanly when on", async () => {
    const stopOff = startScheduler(t.deps);
    stopOff();
    const stop = startScheduler({ ...t.deps, config: { ...t.deps.config, SWEEP_MINUTES: 60 } });
    stop();
  });
});
