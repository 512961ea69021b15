// The English UI reads the notifications' Chinese back with common/notice-texts.ts: each builder's text in
// English (examples), any task title, name, reason or message kept verbatim with nothing else left in
// Chinese (property), and every notification a real flow stores recognised (producer and parser agree).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noticeInEnglish, noticeZh, reminderLineZh, type NoticeText } from "../../../common/notice-texts.ts";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { PASSWORD, seedCounty, type County } from "../../../test/factories.ts";
import { createUser } from "../orgs/index.ts";
import { reminderLines } from "./sweep.ts";
import { advance, assignedTask, daysFromNow, transition } from "./test-support.ts";

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/u;
/** `s` without every occurrence of the kept parts (longest first). */
/**
 * The text with the kept (user-written) parts taken out. Parts can overlap once joined (a name " 学" and a
 * reason "学学" in "Reason: 学学"), so every order of taking them out is tried and the one leaving the least
 * Chinese wins (every order for up to four parts).
 */
const without = (s: string, kept: string[]): string => {
  const parts = kept.filter(Boolean);
  const orders = (xs: string[]): string[][] =>
    xs.length <= 1 ? [xs] : xs.flatMap((x, i) => orders([...xs.slice(0, i), ...xs.slice(i + 1)]).map((o) => [x, ...o]));
  const cjk = (t: string) => [...t].filter((c) => CJK.test(c)).length;
  // a reminder can quote many milestone titles: beyond four parts, longest first only (24 orders at most)
  const tried = parts.length <= 4 ? orders(parts) : [[...parts].sort((x, y) => y.length - x.length)];
  return tried
    .map((o) => o.reduce((acc, k) => acc.split(k).join(""), s))
    .reduce((best, t) => (cjk(t) < cjk(best) ? t : best));
};

const T = "推进学前教育：普惠；发展（一期）";
const N = "督办〔2025〕3号";
const LINES = [
  "任务已交办 3 天，尚未签收",
  "已超过完成时限（2025-06-30）2 天，请抓紧办理",
  "今天（2025-06-30）到期",
  "距完成时限（2025-06-30）还有 1 天",
  "节点「完成选址；开工」2025-06-18 到期",
  "进展报告已逾期 14 天，请尽快报送",
  "请于 2025-06-17 前报送进展报告",
];

describe("notifications in English", () => {
  it("reads each kind of notification, the Chinese as the server has always written it", () => {
    const cases: [NoticeText, string, string, string, string][] = [
      [
        noticeZh.dispatch(T, "2025-06-30"),
        `新交办任务：${T}`,
        "完成时限 2025-06-30，请及时签收并按要求报送进展。",
        `New task: ${T}`,
        "Deadline 2025-06-30. Please accept the task and report progress as required.",
      ],
      [
        noticeZh.dispatch(T, "2025-06-30", "请优先办理"),
        `新交办任务：${T}`,
        "完成时限 2025-06-30，请及时签收并按要求报送进展。请优先办理",
        `New task: ${T}`,
        "Deadline 2025-06-30. Please accept the task and report progress as required. 请优先办理",
      ],
      [
        noticeZh.accept(T, "李校长"),
        `任务已签收：${T}`,
        "李校长 已签收。",
        `Task accepted: ${T}`,
        "李校长 accepted the task.",
      ],
      [
        noticeZh.decline(T, "李校长", "人手不足；建议改派"),
        `任务被拒收：${T}`,
        "李校长 拒收。理由：人手不足；建议改派",
        `Task declined: ${T}`,
        "李校长 declined the task. Reason: 人手不足；建议改派",
      ],
      [
        noticeZh.decline(T, "李校长"),
        `任务被拒收：${T}`,
        "李校长 拒收。",
        `Task declined: ${T}`,
        "李校长 declined the task.",
      ],
      [
        noticeZh.requestCompletion(T, "李校长", "工程已竣工验收"),
        `申请办结：${T}`,
        "李校长 申请办结，请审核。说明：工程已竣工验收",
        `Completion requested: ${T}`,
        "李校长 asked to close the task, please review. Note: 工程已竣工验收",
      ],
      [
        noticeZh.approve(T, "staff"),
        `任务已办结销号：${T}`,
        "staff 审核通过，任务办结。",
        `Task closed: ${T}`,
        "staff approved the completion; the task is closed.",
      ],
      [
        noticeZh.returnCompletion(T, "资料不全"),
        `办结申请被退回：${T}`,
        "退回理由：资料不全",
        `Completion request returned: ${T}`,
        "Reason for return: 资料不全",
      ],
      [
        noticeZh.reopen(T, "leader", "验收资料不全"),
        `任务重新办理：${T}`,
        "leader 要求重新办理。理由：验收资料不全",
        `Task reopened: ${T}`,
        "leader reopened the task. Reason: 验收资料不全",
      ],
      [
        noticeZh.report(T, "李校长", 40),
        `新的进展报告：${T}`,
        "李校长 报送了进展（完成 40%），请审核。",
        `New progress report: ${T}`,
        "李校长 filed a progress report (40% done), please review.",
      ],
      [
        noticeZh.report(T, "李校长"),
        `新的进展报告：${T}`,
        "李校长 报送了进展，请审核。",
        `New progress report: ${T}`,
        "李校长 filed a progress report, please review.",
      ],
      [
        noticeZh.reportAccepted(T, "staff"),
        `进展报告已通过审核：${T}`,
        "staff 审核通过。",
        `Progress report accepted: ${T}`,
        "staff accepted the report.",
      ],
      [
        noticeZh.reportReturned(T, "请补充招标公告"),
        `进展报告被退回：${T}`,
        "退回理由：请补充招标公告",
        `Progress report returned: ${T}`,
        "Reason for return: 请补充招标公告",
      ],
      [
        noticeZh.urge(T, "inspector", "请于本周内报送进展"),
        `催办：${T}`,
        "inspector：请于本周内报送进展",
        `Urged: ${T}`,
        "inspector: 请于本周内报送进展",
      ],
      [
        noticeZh.orderIssued(T, N, {
          reason: "进度滞后",
          requirement: "5个工作日内书面说明并整改",
          dueOn: "2025-07-05",
        }),
        `督办单 ${N}：${T}`,
        "督办事由：进度滞后\n督办要求：5个工作日内书面说明并整改\n办理期限：2025-07-05",
        `Supervision order ${N}: ${T}`,
        "Reason: 进度滞后\nRequired: 5个工作日内书面说明并整改\nDue by: 2025-07-05",
      ],
      [
        noticeZh.orderResponded(T, N, "已整改，附说明"),
        `督办单 ${N} 已回复：${T}`,
        "已整改，附说明",
        `Supervision order ${N} answered: ${T}`,
        "已整改，附说明",
      ],
      [noticeZh.orderClosed(T, N), `督办单 ${N} 已办结：${T}`, "", `Supervision order ${N} closed: ${T}`, ""],
      [
        noticeZh.reminder(T, LINES),
        `提醒：${T}`,
        LINES.join("；"),
        `Reminder: ${T}`,
        [
          "Dispatched 3 days ago and not yet accepted",
          "2 days past the deadline (2025-06-30), please hurry",
          "due today (2025-06-30)",
          "1 day to the deadline (2025-06-30)",
          'milestone "完成选址；开工" due on 2025-06-18',
          "progress report 14 days overdue, please file it soon",
          "please file a progress report by 2025-06-17",
        ].join("; "),
      ],
      [
        noticeZh.escalated(T, "deputy", "2025-06-30", 2),
        `逾期督办（分管领导）：${T}`,
        "任务已超过完成时限（2025-06-30）2 天，提请分管领导督办。",
        `Overdue, escalated to the deputy head: ${T}`,
        "The task is 2 days past its deadline (2025-06-30); referred to the deputy head.",
      ],
      [
        noticeZh.escalationReported(T, "leader", "2025-06-30", 1),
        `任务逾期已上报主要领导：${T}`,
        "任务已超过完成时限（2025-06-30）1 天，已提请主要领导督办，请尽快办理。",
        `Overdue, reported to the bureau head: ${T}`,
        "The task is 1 day past its deadline (2025-06-30); referred to the bureau head. Please act promptly.",
      ],
    ];
    for (const [zh, title, body, enTitle, enBody] of cases) {
      expect({ title: zh.title, body: zh.body }, zh.title).toEqual({ title, body });
      expect(noticeInEnglish(zh), zh.title).toEqual({ title: enTitle, body: enBody });
    }
    expect([
      reminderLineZh.notAccepted(3),
      reminderLineZh.overdue("2025-06-30", 2),
      reminderLineZh.dueToday("2025-06-30"),
      reminderLineZh.dueIn("2025-06-30", 1),
      reminderLineZh.milestoneDue("完成选址；开工", "2025-06-18"),
      reminderLineZh.reportOverdue(14),
      reminderLineZh.reportDue("2025-06-17"),
    ]).toEqual(LINES);
    expect(noticeZh.reminder(T, LINES).kind).toBe("reminder");
    expect(noticeZh.escalated(T, "leader", "2025-06-30", 9).title).toBe(`逾期督办（主要领导）：${T}`);
  });

  it("keeps what it does not know as stored", () => {
    const unknown = { kind: "transition", title: "另行通知：会议改期", body: "详见文件" };
    expect(noticeInEnglish(unknown)).toEqual({ title: unknown.title, body: unknown.body });
    // a known title with a body in another wording: the title in English, the body as stored
    expect(noticeInEnglish({ kind: "urge", title: `催办：${T}`, body: "请抓紧" })).toEqual({
      title: `Urged: ${T}`,
      body: "请抓紧",
    });
    // another kind's title is not read
    expect(noticeInEnglish({ kind: "order", title: `催办：${T}`, body: "" }).title).toBe(`催办：${T}`);
    // a reminder with a line it does not know is kept whole
    const odd = `${LINES[0]!}；另行安排`;
    expect(noticeInEnglish({ kind: "reminder", title: `提醒：${T}`, body: odd }).body).toBe(odd);
  });

  // what people write: Chinese with the separators the patterns use (：；「」（）, newlines, spaces)
  const CHARS = [..."学校建设幼儿园普惠发展一期工程县乡镇选址开工", ..."：；「」（）、。， \n", ..."aZ19%-"];
  const text = (minLength = 1) =>
    fc.array(fc.constantFrom(...CHARS), { minLength, maxLength: 24 }).map((a) => a.join(""));
  // a display name has no "：" (it comes before the message's "：")
  const name = fc
    .array(fc.constantFrom(...CHARS.filter((c) => c !== "："), "李", "校", "长"), { minLength: 1, maxLength: 8 })
    .map((a) => a.join(""));
  const day = fc
    .integer({ min: 0, max: 800 })
    .map((n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));

  it("keeps every title, name, reason and message verbatim and leaves nothing else in Chinese", () => {
    const input = fc.record({
      task: text(),
      who: name,
      reason: text(),
      note: fc.option(text(0), { nil: undefined }),
      message: text(0),
      response: text(),
      number: fc.tuple(fc.integer({ min: 2020, max: 2040 }), fc.nat(200)).map(([y, n]) => `督办〔${y}〕${n}号`),
      order: fc.record({ reason: text(), requirement: text(), dueOn: day }),
      deadline: day,
      days: fc.integer({ min: 1, max: 400 }),
      percent: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
      to: fc.constantFrom("deputy" as const, "leader" as const),
    });
    fc.assert(
      fc.property(input, (x) => {
        const n = x.note ?? "";
        const all: [NoticeText, string[]][] = [
          [noticeZh.dispatch(x.task, x.deadline, x.note), [n]],
          [noticeZh.accept(x.task, x.who), [x.who]],
          [noticeZh.decline(x.task, x.who, x.note), [x.who, n]],
          [noticeZh.requestCompletion(x.task, x.who, x.note), [x.who, n]],
          [noticeZh.approve(x.task, x.who), [x.who]],
          [noticeZh.returnCompletion(x.task, x.reason), [x.reason]],
          [noticeZh.reopen(x.task, x.who, x.reason), [x.who, x.reason]],
          [noticeZh.report(x.task, x.who, x.percent), [x.who]],
          [noticeZh.reportAccepted(x.task, x.who), [x.who]],
          [noticeZh.reportReturned(x.task, x.reason), [x.reason]],
          [noticeZh.urge(x.task, x.who, x.message), [x.who, x.message]],
          [noticeZh.orderIssued(x.task, x.number, x.order), [x.number, x.order.reason, x.order.requirement]],
          [noticeZh.orderResponded(x.task, x.number, x.response), [x.number, x.response]],
          [noticeZh.orderClosed(x.task, x.number), [x.number]],
          [noticeZh.escalated(x.task, x.to, x.deadline, x.days), []],
          [noticeZh.escalationReported(x.task, x.to, x.deadline, x.days), []],
        ];
        for (const [zh, kept] of all) {
          const en = noticeInEnglish(zh);
          const at = `${JSON.stringify(zh)} → ${JSON.stringify(en)}`;
          // the title: the system's prefix in English, then the task's title as written
          expect(en.title.endsWith(x.task), at).toBe(true);
          expect(CJK.test(without(en.title.slice(0, -x.task.length), [x.number])), at).toBe(false);
          // the body: what people wrote, verbatim; nothing else Chinese
          for (const k of kept) expect(en.body.includes(k) || en.title.includes(k), at).toBe(true);
          expect(CJK.test(without(en.body, kept)), at).toBe(false);
          // the line structure of a 督办单 stays
          expect(en.body.split("\n").length, at).toBe(zh.body.split("\n").length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("translates every reminder the sweep writes, whatever the milestones are called", () => {
    const cfg = { DUE_SOON_DAYS: 7 };
    const task = fc.record({
      state: fc.constantFrom("assigned", "accepted", "completion_requested"),
      deadline: fc.option(day, { nil: null }),
      milestones: fc.array(fc.record({ title: text(), dueOn: day, reachedAt: fc.constantFrom(null, "2025-01-01") }), {
        maxLength: 3,
      }),
    });
    fc.assert(
      fc.property(
        task,
        text(),
        fc.option(day, { nil: null }),
        fc.option(day, { nil: null }),
        day,
        (t, title, due, at, today) => {
          const now = new Date(`${today}T02:00:00Z`);
          const lines = reminderLines(t, { daysOverdue: 0, reportDueOn: due }, at, now, cfg);
          if (!lines.length) return;
          const zh = noticeZh.reminder(title, lines);
          const en = noticeInEnglish(zh);
          const names = t.milestones.map((m) => m.title);
          const at2 = `${JSON.stringify(zh)} → ${JSON.stringify(en)}`;
          expect(en.title, at2).toBe(`Reminder: ${title}`);
          expect(en.body.split("; "), at2).toHaveLength(lines.length);
          for (const line of lines.filter((l) => l.startsWith("节点「")))
            expect(en.body, at2).toContain(`ilestone "${line.slice(3, line.lastIndexOf("」"))}" due on`);
          expect(CJK.test(without(en.body, names)), at2).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("every notification a real flow stores is recognised", () => {
  let t: TestApp;
  let c: County;
  let staff: Client, li: Client, inspector: Client, leader: Client;
  const kept: string[] = [];
  const say = (s: string) => (kept.push(s), s);

  beforeAll(async () => {
    t = await testApp({ SESSION_HOURS: 24 * 365, DUE_SOON_DAYS: 3, ESCALATE_DEPUTY_DAYS: 1, ESCALATE_LEADER_DAYS: 3 });
    c = await seedCounty(t.deps);
    await createUser(
      null,
      { username: "lixz", displayName: say("李校长"), role: "school", orgUnitId: c.school.id, password: PASSWORD },
      t.deps,
    );
    [staff, li, inspector, leader] = await loginAll(t, ["staff", "lixz", "inspector", "leader"]);
  });
  afterAll(() => t.close());

  const ok = async <R extends { status: number; body: string }>(p: Promise<R>, status = 200) => {
    const r = await p;
    expect(r.status, r.body).toBe(status);
    return r;
  };

  it("dispatch, decline, accept, reports, reviews, 催办, 督办单, completion, reopen, reminders, escalation", async () => {
    // a task through every step
    const { taskId } = await assignedTask(t, staff, {
      leadUnitId: c.school.id,
      deadlineInDays: 30,
      deputyUserId: c.users.deputy,
      title: say("推进学前教育：普惠；发展（一期）"),
    });
    await ok(transition(staff, taskId, "dispatch", say("请优先办理")));
    await ok(transition(li, taskId, "decline", say("人手不足；建议改派")));
    await ok(transition(staff, taskId, "dispatch"));
    await ok(transition(li, taskId, "accept"));
    const r1 = await ok(li.request("POST", `/api/tasks/${taskId}/reports`, { text: "已完成选址", percent: 30 }), 201);
    await ok(
      staff.request("POST", `/api/reports/${r1.json.reportId}/review`, {
        decision: "return",
        reason: say("请补充招标公告"),
      }),
    );
    const r2 = await ok(li.request("POST", `/api/tasks/${taskId}/reports`, { text: "已补充" }), 201);
    await ok(staff.request("POST", `/api/reports/${r2.json.reportId}/review`, { decision: "accept" }));
    await ok(inspector.request("POST", `/api/tasks/${taskId}/urge`, { message: say("请于本周内报送进展：务必") }));
    const order = await ok(
      inspector.request("POST", `/api/tasks/${taskId}/supervision-orders`, {
        reason: say("进度滞后；群众反映"),
        requirement: say("5个工作日内书面说明\n并整改"),
        dueOn: daysFromNow(t, 5),
      }),
      201,
    );
    say(order.json.number as string);
    const orderId = order.json.order.id as number;
    await ok(li.request("POST", `/api/supervision-orders/${orderId}/respond`, { response: say("已整改，附说明") }));
    await ok(inspector.request("POST", `/api/supervision-orders/${orderId}/close`));
    await ok(transition(li, taskId, "request_completion", say("工程已竣工验收")));
    await ok(transition(staff, taskId, "return", say("资料不全")));
    await ok(transition(li, taskId, "request_completion"));
    await ok(transition(staff, taskId, "approve"));
    await ok(transition(leader, taskId, "reopen", say("验收资料不全")));

    // a task the sweep reminds of and escalates: a deputy named, a weekly report, a milestone
    const r = await assignedTask(t, staff, {
      leadUnitId: c.school.id,
      deadlineInDays: 6,
      cadence: "weekly",
      deputyUserId: c.users.deputy,
      milestones: [{ title: say("完成选址；开工「一期」"), dueOn: daysFromNow(t, 4) }],
      title: say("提醒：新建幼儿园「二期」；扩容"),
    });
    await ok(transition(staff, r.taskId, "dispatch"));
    await advance(staff, 2); // not accepted for 2 days; the milestone in 2
    await ok(transition(li, r.taskId, "accept"));
    for (const d of [1, 1, 2, 2, 2]) await advance(staff, d); // due in 3, report due, due today, overdue → L1, L2

    const stored = await t.deps.database.query<{ kind: string; title: string; body: string }>(
      "SELECT kind, title, body FROM notifications ORDER BY id",
    );
    const prefixes = new Set<string>();
    const reminderLinesEn: string[] = [];
    for (const n of stored) {
      const en = noticeInEnglish(n);
      const at = `${JSON.stringify(n)} → ${JSON.stringify(en)}`;
      expect(en.title, at).not.toBe(n.title);
      expect(CJK.test(without(en.title, kept)), at).toBe(false);
      expect(CJK.test(without(en.body, kept)), at).toBe(false);
      const task = kept.find((k) => en.title.endsWith(`: ${k}`));
      expect(task, at).toBeDefined();
      prefixes.add(en.title.slice(0, -task!.length).replace(/督办〔\d+〕\d+号/u, "N"));
      if (n.kind === "reminder") reminderLinesEn.push(...en.body.split("; "));
    }
    expect([...prefixes].sort()).toEqual(
      [
        "New task: ",
        "Task declined: ",
        "Task accepted: ",
        "New progress report: ",
        "Progress report returned: ",
        "Progress report accepted: ",
        "Urged: ",
        "Supervision order N: ",
        "Supervision order N answered: ",
        "Supervision order N closed: ",
        "Completion requested: ",
        "Completion request returned: ",
        "Task closed: ",
        "Task reopened: ",
        "Reminder: ",
        "Overdue, escalated to the deputy head: ",
        "Overdue, reported to the deputy head: ",
        "Overdue, escalated to the bureau head: ",
        "Overdue, reported to the bureau head: ",
      ].sort(),
    );
    const kinds = [
      /^dispatched \d+ days? ago/iu,
      /^\d+ days? past the deadline/iu,
      /^due today/iu,
      /^\d+ days? to the deadline/iu,
      /^milestone "完成选址；开工「一期」" due on/iu,
      /^progress report \d+ days? overdue/iu,
      /^please file a progress report by/iu,
    ];
    for (const k of kinds)
      expect(
        reminderLinesEn.some((l) => k.test(l)),
        `${k} in ${reminderLinesEn.join(" | ")}`,
      ).toBe(true);
    expect(stored.length).toBeGreaterThan(25);
  });
});
