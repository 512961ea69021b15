// The status rule, case by case (the table in docs/supervision.md).
import { describe, expect, it } from "vitest";
import { reportDueOn, statusOf, type StatusMilestone, type StatusTask } from "./status.ts";

const config = { DUE_SOON_DAYS: 7, BEHIND_POINTS: 20 };
// 2025-06-15 10:00 in China (UTC+8)
const now = new Date("2025-06-15T02:00:00Z");
const base: StatusTask = {
  state: "accepted",
  deadline: "2025-07-31",
  cadence: "monthly",
  progress: 50,
  assignedAt: "2025-06-01T01:00:00Z",
  lastReportAt: "2025-06-10T01:00:00Z",
  statusOverride: null,
  statusOverrideNote: null,
};
const at = (t: Partial<StatusTask>, milestones: StatusMilestone[] = []) =>
  statusOf({ ...base, ...t }, milestones, now, config);

describe("statusOf", () => {
  it("is grey for drafts and closed tasks, whatever their dates or override", () => {
    expect(at({ state: "draft", deadline: "2025-01-01" })).toMatchObject({ color: "grey", reason: "未交办" });
    expect(
      at({ state: "closed", deadline: "2025-01-01", statusOverride: "red", statusOverrideNote: "x" }),
    ).toMatchObject({
      color: "grey",
      reason: "已办结",
      overridden: false,
    });
  });

  it("is green on schedule", () => {
    expect(at({})).toMatchObject({ color: "green", reason: "按计划推进", daysOverdue: 0, overridden: false });
  });

  it("turns yellow within DUE_SOON_DAYS of the deadline, not a day before", () => {
    expect(at({ deadline: "2025-06-22", progress: 70 })).toMatchObject({
      color: "yellow",
      reason: "距完成时限还有 7 天",
    });
    expect(at({ deadline: "2025-06-23", progress: 70 }).color).toBe("green");
    expect(at({ deadline: "2025-06-15", progress: 90 })).toMatchObject({ color: "yellow", reason: "今天到期" });
  });

  it("turns red the day after the deadline and counts the days overdue", () => {
    expect(at({ deadline: "2025-06-14" })).toMatchObject({
      color: "red",
      reason: "已超过完成时限（2025-06-14）1 天",
      daysOverdue: 1,
    });
    expect(at({ deadline: "2025-06-05", state: "assigned" }).daysOverdue).toBe(10);
  });

  it("uses the China calendar day, not UTC", () => {
    // 2025-06-14 17:00 UTC is already 06-15 01:00 in China: a deadline of 06-14 is past
    const s = statusOf({ ...base, deadline: "2025-06-14" }, [], new Date("2025-06-14T17:00:00Z"), config);
    expect(s.color).toBe("red");
    const before = statusOf({ ...base, deadline: "2025-06-14" }, [], new Date("2025-06-14T15:00:00Z"), config);
    expect(before.color).toBe("yellow");
  });

  it("follows milestones: past due and not reached is red, soon is yellow, reached is ignored", () => {
    const m = (dueOn: string, reachedAt: string | null = null) => ({ title: "完成选址", dueOn, reachedAt });
    expect(at({}, [m("2025-06-10")])).toMatchObject({ color: "red", reason: "节点「完成选址」已逾期 5 天" });
    expect(at({}, [m("2025-06-10", "2025-06-09T00:00:00Z")]).color).toBe("green");
    expect(at({}, [m("2025-06-20")])).toMatchObject({ color: "yellow", reason: "节点「完成选址」还有 5 天到期" });
    // a late milestone does not count as overdue days of the task (escalation follows the deadline)
    expect(at({}, [m("2025-06-10")]).daysOverdue).toBe(0);
  });

  it("follows the reporting cadence: yellow after one period without a report, red after two", () => {
    expect(at({ lastReportAt: "2025-05-16T02:00:00Z" }).color).toBe("green"); // 30 days: due today
    expect(at({ lastReportAt: "2025-05-15T02:00:00Z" })).toMatchObject({
      color: "yellow",
      reason: "进展报告逾期 1 天（每月报送）",
    });
    expect(at({ lastReportAt: "2025-04-15T02:00:00Z" })).toMatchObject({
      color: "red",
      reason: "已 61 天未报送进展（每月报送）",
    });
    expect(at({ cadence: "weekly", lastReportAt: "2025-06-07T02:00:00Z" }).color).toBe("yellow"); // 8 days
    expect(at({ cadence: "weekly", lastReportAt: "2025-05-31T02:00:00Z" }).color).toBe("red"); // 15 days
    expect(at({ cadence: "quarterly", lastReportAt: "2025-03-10T02:00:00Z" }).color).toBe("yellow"); // 97 days
    expect(
      at({ cadence: "adhoc", lastReportAt: null, assignedAt: "2024-01-01T00:00:00Z", deadline: "2026-12-31" }).color,
    ).toBe("green");
  });

  it("counts the cadence from the dispatch when nothing was reported yet", () => {
    expect(at({ lastReportAt: null, assignedAt: "2025-05-10T02:00:00Z", progress: 60 })).toMatchObject({
      color: "yellow",
      reportDueOn: "2025-06-09",
    });
    expect(reportDueOn({ cadence: "monthly", assignedAt: "2025-06-01T01:00:00Z", lastReportAt: null })).toBe(
      "2025-07-01",
    );
    expect(reportDueOn({ cadence: "adhoc", assignedAt: "2025-06-01T01:00:00Z", lastReportAt: null })).toBeNull();
  });

  it("is yellow when progress lags the time elapsed by more than BEHIND_POINTS", () => {
    // 06-01 → 06-30: 14 of 29 days gone = 48 %
    expect(at({ deadline: "2025-06-30", progress: 20 })).toMatchObject({
      color: "yellow",
      reason: "进度 20%，落后于时间进度 48%",
    });
    expect(at({ deadline: "2025-06-30", progress: 30 }).color).toBe("green");
  });

  it("gives every reason of the winning colour", () => {
    const s = at({ deadline: "2025-06-10", lastReportAt: "2025-04-01T00:00:00Z" });
    expect(s.color).toBe("red");
    expect(s.reasons).toHaveLength(2);
    expect(s.reason).toContain("；");
  });

  it("lets a manual override win, showing it as such with what the rule says", () => {
    const s = at({ deadline: "2025-06-10", statusOverride: "green", statusOverrideNote: "上级同意延期至7月" });
    expect(s).toMatchObject({
      color: "green",
      overridden: true,
      reason: "人工调整：上级同意延期至7月",
      computed: { color: "red" },
      daysOverdue: 5,
    });
  });

  it("stops the clock on a completion request: only lateness at the request counts", () => {
    const waiting = { state: "completion_requested" as const, lastReportAt: "2025-06-10T02:00:00Z" };
    expect(at({ ...waiting, deadline: "2025-06-12" })).toMatchObject({ color: "green", reason: "已申请办结，待审核" });
    expect(at({ ...waiting, deadline: "2025-06-08" })).toMatchObject({ color: "red", daysOverdue: 2 });
    expect(at({ ...waiting, deadline: "2025-06-12", progress: 0, cadence: "weekly" }).color).toBe("green");
  });
});
