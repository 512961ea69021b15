// The English UI reads the status rule's Chinese reasons back with common/status-reasons.ts: every reason
// the rule can write must come out in English (only the names it quotes, and a person's note, stay Chinese).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { reasonInEnglish } from "../../../common/status-reasons.ts";
import { statusOf, type StatusMilestone, type StatusTask } from "./status.ts";

const config = { DUE_SOON_DAYS: 7, BEHIND_POINTS: 20 };
const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;
/** The English without the quoted names and the targets' own units (所, 个: the plan's words). */
const unquoted = (en: string) => en.replace(/"[^"]*"/gu, "").replace(/[所个]/gu, "");

describe("status reasons in English", () => {
  it("reads each kind of reason", () => {
    const cases: [string, string][] = [
      ["未交办", "not dispatched"],
      ["已超过完成时限（2025-11-03）20 天", "20 days past the deadline (2025-11-03)"],
      ["距完成时限还有 1 天", "1 day to the deadline"],
      [
        "指标「学前三年毛入园率」未达标（实际 88.2%，目标 94.5%），距完成时限还有 5 天",
        'target "学前三年毛入园率" not met (actual 88.2%, target 94.5%), 5 days to the deadline',
      ],
      ["节点「项目资金执行80%」已逾期 10 天", 'milestone "项目资金执行80%" 10 days overdue'],
      ["已 65 天未报送进展（每月报送）", "no progress report for 65 days (reports monthly)"],
      [
        "距完成时限还有 5 天；进度 70%，落后于时间进度 93%",
        "5 days to the deadline; progress 70%, behind the time elapsed (93%)",
      ],
      ["人工调整：校舍建设用地未落实；县政府要求挂牌督办", "set by hand: 校舍建设用地未落实；县政府要求挂牌督办"],
      ["人工调整", "set by hand"],
    ];
    for (const [zh, en] of cases) expect(reasonInEnglish(zh), zh).toBe(en);
  });

  it("keeps a reason it does not know as stored", () => {
    expect(reasonInEnglish("另行说明")).toBe("另行说明");
  });

  it("translates every reason the rule writes, for any task, milestones and day", () => {
    const day = fc
      .integer({ min: 0, max: 400 })
      .map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const name = fc.constantFrom("学前三年毛入园率", "新建幼儿园", "项目资金执行80%", "完成选址；开工");
    const task = fc.record({
      state: fc.constantFrom("draft", "assigned", "accepted", "completion_requested", "closed"),
      deadline: fc.option(day, { nil: null }),
      cadence: fc.constantFrom("weekly", "monthly", "quarterly", "adhoc"),
      progress: fc.integer({ min: 0, max: 100 }),
      assignedAt: fc.option(day, { nil: null }),
      lastReportAt: fc.option(day, { nil: null }),
      statusOverride: fc.constantFrom(null, "red", "yellow"),
      statusOverrideNote: fc.option(fc.constantFrom("用地未落实", "专题会议要求"), { nil: null }),
      unmetTargets: fc.array(
        fc.record({
          label: name,
          achieved: fc.double({ min: 0, max: 200, noNaN: true }),
          target: fc.double({ min: 0, max: 200, noNaN: true }),
          unit: fc.constantFrom("%", "所", "个", ""),
        }),
        { maxLength: 2 },
      ),
    }) as fc.Arbitrary<StatusTask>;
    const milestones = fc.array(fc.record({ title: name, dueOn: day, reachedAt: fc.option(day, { nil: null }) }), {
      maxLength: 3,
    }) as fc.Arbitrary<StatusMilestone[]>;
    fc.assert(
      fc.property(task, milestones, day, (t, ms, today) => {
        const s = statusOf(t, ms, new Date(`${today}T02:00:00Z`), config);
        for (const reason of [s.reason, s.computed.reason]) {
          const en = reasonInEnglish(reason);
          const rest = s.overridden && reason === s.reason ? "" : unquoted(en);
          expect(CJK.test(rest), `${reason} → ${en}`).toBe(false);
        }
      }),
      { numRuns: 500 },
    );
  });
});
