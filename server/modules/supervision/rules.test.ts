// The rules around the journey: impossible, unreasoned and stale transitions, who may do what, evidence
// limits (nothing written on refusal), co-units, figures and milestones, 催办, 督办单, notifications,
// overrides, email, and what another school cannot see or touch.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import type { Mailer } from "../../platform/deps.ts";
import {
  assignedTask,
  daysFromNow,
  fileWithEvidence,
  notifications,
  supervision,
  transition,
  version,
} from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, otherschool: Client, leader: Client, inspector: Client, observer: Client;
let township: Client;

beforeAll(async () => {
  t = await testApp({ EVIDENCE_MAX_MB: 0.05 });
  c = await seedCounty(t.deps);
  [staff, school, otherschool, leader, inspector, observer, township] = await loginAll(t, [
    "staff",
    "school",
    "otherschool",
    "leader",
    "inspector",
    "observer",
    "township",
  ]);
});
afterAll(() => t.close());

const count = async (table: string) =>
  (await t.deps.database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

/** A task dispatched to the school and accepted by it. */
async function acceptedTask(extra: Partial<Parameters<typeof assignedTask>[2]> = {}) {
  const { taskId, planId } = await assignedTask(t, staff, { leadUnitId: c.school.id, ...extra });
  expect((await transition(staff, taskId, "dispatch")).status).toBe(200);
  expect((await transition(school, taskId, "accept")).status).toBe(200);
  return { taskId, planId };
}

describe("transitions", () => {
  it("refuses to dispatch a task without lead unit and deadline (409 TASK_NOT_ASSIGNED)", async () => {
    const plan = await staff.request("POST", "/api/plans", { title: "未交办计划" });
    const task = await staff.request("POST", `/api/plans/${plan.json.planId}/tasks`, { kind: "task", title: "待定" });
    const r = await transition(staff, task.json.taskId, "dispatch");
    expect(r.status).toBe(409);
    expect(r.json.error).toMatchObject({ code: "TASK_NOT_ASSIGNED", message: expect.stringContaining("牵头单位") });
  });

  it("refuses impossible transitions (409 TRANSITION_NOT_ALLOWED) and leaves the task as it was", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    const approve = await transition(staff, taskId, "approve");
    expect(approve.status).toBe(409);
    expect(approve.json.error.code).toBe("TRANSITION_NOT_ALLOWED");
    await transition(staff, taskId, "dispatch");
    const early = await transition(school, taskId, "request_completion");
    expect(early.status).toBe(409);
    expect((await supervision(school, taskId)).state).toBe("assigned");
  });

  it("needs a reason to decline, send back or reopen (422 REASON_REQUIRED)", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    await transition(staff, taskId, "dispatch");
    const bare = await transition(school, taskId, "decline");
    expect(bare.status).toBe(422);
    expect(bare.json.error.code).toBe("REASON_REQUIRED");
    const blank = await transition(school, taskId, "decline", "   ");
    expect(blank.status).toBe(400); // a blank reason is not a reason: refused by the schema
    const ok = await transition(school, taskId, "decline", "本校无此项职能，建议由基础教育股牵头");
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.task.state).toBe("draft");
    // the staff who dispatched it hears why
    expect((await notifications(staff)).notifications[0]).toMatchObject({
      title: expect.stringContaining("拒收"),
      body: expect.stringContaining("建议由基础教育股牵头"),
    });
  });

  it("refuses a stale version (409 STALE_VERSION) and writes nothing", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    const v = await version(staff, taskId);
    const audits = await count("audit_events");
    const r = await transition(staff, taskId, "dispatch", undefined, v - 1);
    expect(r.status).toBe(409);
    expect(r.json.error.code).toBe("STALE_VERSION");
    expect(await count("audit_events")).toBe(audits);
    expect((await transition(staff, taskId, "dispatch", undefined, v)).status).toBe(200);
    expect((await transition(school, taskId, "accept", undefined, v)).json.error.code).toBe("STALE_VERSION");
  });

  it("checks who: only the lead unit accepts, observers do nothing (403)", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    await transition(staff, taskId, "dispatch");
    expect((await transition(staff, taskId, "accept")).status).toBe(403);
    expect((await transition(observer, taskId, "accept")).status).toBe(403);
    expect((await transition(township, taskId, "accept")).json.error.code).toBe("FORBIDDEN");
  });

  it("refuses unknown fields and unknown actions (400)", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    const v = await version(staff, taskId);
    const extra = await staff.request("POST", `/api/tasks/${taskId}/transitions`, {
      action: "dispatch",
      version: v,
      x: 1,
    });
    expect(extra.status).toBe(400);
    const bad = await staff.request("POST", `/api/tasks/${taskId}/transitions`, { action: "close", version: v });
    expect(bad.json.error.code).toBe("VALIDATION");
  });
});

describe("progress reports and evidence", () => {
  it("are refused before the task is accepted (409)", async () => {
    const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
    await transition(staff, taskId, "dispatch");
    const r = await school.request("POST", `/api/tasks/${taskId}/reports`, { text: "进展" });
    expect(r.status).toBe(409);
  });

  it("refuse an oversized evidence file (413) and write nothing", async () => {
    const { taskId } = await acceptedTask();
    const [reports, files] = [await count("progress_reports"), await count("evidence_files")];
    const big = new Uint8Array(60 * 1024).fill(65);
    const r = await fileWithEvidence(school, taskId, { text: "附大文件" }, [
      { name: "小.pdf", bytes: new Uint8Array([1, 2, 3]) },
      { name: "大.pdf", bytes: big },
    ]);
    expect(r.status).toBe(413);
    expect(r.json.error).toMatchObject({ code: "FILE_TOO_LARGE", details: { maxMb: 0.05 } });
    expect([await count("progress_reports"), await count("evidence_files")]).toEqual([reports, files]);
  });

  it("refuse more than 5 files (422), unsupported types (415) and empty files (422)", async () => {
    const { taskId } = await acceptedTask();
    const before = await count("progress_reports");
    const one = { name: "a.jpg", bytes: new Uint8Array([0xff, 0xd8, 0xff]) };
    const six = await fileWithEvidence(school, taskId, { text: "六个文件" }, Array(6).fill(one));
    expect(six.status).toBe(422);
    expect(six.json.error.code).toBe("EVIDENCE_TOO_MANY");
    const exe = await fileWithEvidence(school, taskId, { text: "程序" }, [
      { name: "run.exe", bytes: new Uint8Array([77, 90]) },
    ]);
    expect(exe.status).toBe(415);
    expect(exe.json.error.code).toBe("EVIDENCE_UNSUPPORTED");
    const empty = await fileWithEvidence(school, taskId, { text: "空" }, [
      { name: "空.docx", bytes: new Uint8Array() },
    ]);
    expect(empty.json.error.code).toBe("FILE_EMPTY");
    const badFigures = await fileWithEvidence(school, taskId, { text: "x", figures: "not json" }, []);
    expect(badFigures.status).toBe(400);
    expect(await count("progress_reports")).toBe(before);
  });

  it("store five files with sha-256 and MIME type from the name", async () => {
    const { taskId } = await acceptedTask();
    const files = ["a.png", "b.xlsx", "c.docx", "d.mp4", "e.zip"].map((name, i) => ({
      name,
      bytes: new Uint8Array([i + 1]),
    }));
    const r = await fileWithEvidence(school, taskId, { text: "五个附件", percent: "10" }, files);
    expect(r.status, r.body).toBe(201);
    const ev = (await supervision(staff, taskId)).reports[0].evidence;
    expect(ev.map((e: { mime: string }) => e.mime)).toEqual([
      "image/png",
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "video/mp4",
      "application/zip",
    ]);
    expect(ev[0].sha256).toBe("4bf5122f344554c53bde2ebb8cd2b7e3d1600ad631c385a5d7cce23c7785459a");
  });

  it("accepted figures and milestones reach the targets and milestones", async () => {
    const { taskId } = await acceptedTask({ milestones: [{ title: "完成选址", dueOn: daysFromNow(t, 5) }] });
    const target = (
      await t.deps.database.query<{ id: number }>(
        "INSERT INTO targets (task_id, indicator, value, unit) VALUES ($1, '新建幼儿园', 3, '所') RETURNING id",
        [taskId],
      )
    )[0]!.id;
    const task = (await staff.request("GET", `/api/tasks/${taskId}`)).json;
    const milestoneId = task.milestones[0].id;
    const unknown = await school.request("POST", `/api/tasks/${taskId}/reports`, {
      text: "x",
      figures: [{ targetId: 999999, value: 1 }],
    });
    expect(unknown.status).toBe(400);
    const r = await school.request("POST", `/api/tasks/${taskId}/reports`, {
      text: "两所幼儿园已建成，完成选址",
      percent: 60,
      milestoneId,
      figures: [{ targetId: target, value: 2 }],
    });
    expect(r.status, r.body).toBe(201);
    // pending: nothing moves yet
    const [pending] = await t.deps.database.query<{ achieved: number | null }>(
      "SELECT achieved FROM targets WHERE id = $1",
      [target],
    );
    expect(pending!.achieved).toBeNull();
    expect((await staff.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" })).status).toBe(
      200,
    );
    const [row] = await t.deps.database.query<{ achieved: string | number }>(
      "SELECT achieved FROM targets WHERE id = $1",
      [target],
    );
    expect(Number(row!.achieved)).toBe(2);
    const s = await supervision(staff, taskId);
    expect(s.progress).toBe(60);
    expect(s.milestones[0].reachedAt).not.toBeNull();
  });

  it("co-units add their part; their percent does not move the task", async () => {
    const { taskId } = await acceptedTask({ coUnitIds: [c.township.id] });
    expect((await supervision(township, taskId)).can.report).toBe(true);
    const r = await township.request("POST", `/api/tasks/${taskId}/reports`, { text: "配合完成摸底", percent: 90 });
    expect(r.status, r.body).toBe(201);
    await staff.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" });
    const s = await supervision(staff, taskId);
    expect(s.progress).toBe(0);
    expect(s.lastReportAt).toBeNull();
    expect(s.reports[0]).toMatchObject({ orgUnitName: "东坡镇教管中心", reviewState: "accepted" });
  });

  it("reviewing a completion report is the approve/return transition", async () => {
    const { taskId } = await acceptedTask();
    await transition(school, taskId, "request_completion", "已完成");
    const report = (await supervision(staff, taskId)).reports[0];
    expect(report.kind).toBe("completion");
    const r = await staff.request("POST", `/api/reports/${report.id}/review`, {
      decision: "return",
      reason: "缺少验收材料",
    });
    expect(r.status, r.body).toBe(200);
    const s = await supervision(school, taskId);
    expect(s.state).toBe("accepted");
    expect(s.reports[0]).toMatchObject({ reviewState: "returned", reviewReason: "缺少验收材料" });
  });

  it("only reviewers review (403)", async () => {
    const { taskId } = await acceptedTask();
    const r = await school.request("POST", `/api/tasks/${taskId}/reports`, { text: "自评" });
    const self = await school.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" });
    expect(self.status).toBe(403);
    expect(
      (await inspector.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" })).status,
    ).toBe(403);
    expect(
      (await leader.request("POST", `/api/reports/${r.json.reportId}/review`, { decision: "accept" })).status,
    ).toBe(200);
  });
});

describe("another school", () => {
  it("can neither see nor act on the task (404 everywhere)", async () => {
    const { taskId, planId } = await acceptedTask();
    const r = await school.request("POST", `/api/tasks/${taskId}/reports`, { text: "进展" });
    const reportId = r.json.reportId;
    const v = await version(school, taskId);
    const calls: [string, string, unknown?][] = [
      ["GET", `/api/tasks/${taskId}/supervision`],
      ["GET", `/api/tasks/${taskId}/reports`],
      ["POST", `/api/tasks/${taskId}/transitions`, { action: "request_completion", version: v }],
      ["POST", `/api/tasks/${taskId}/reports`, { text: "冒名报送" }],
      ["POST", `/api/reports/${reportId}/review`, { decision: "accept" }],
      ["POST", `/api/tasks/${taskId}/urge`, { message: "快" }],
      ["POST", `/api/tasks/${taskId}/supervision-orders`, { reason: "x", requirement: "y", dueOn: daysFromNow(t, 3) }],
      ["POST", `/api/tasks/${taskId}/status-override`, { color: "green", note: "x", version: v }],
      ["GET", `/api/plans/${planId}/rollup`],
    ];
    for (const [method, url, body] of calls) {
      const res = await otherschool.request(method as "GET", url, body);
      expect([url, res.status]).toEqual([url, 404]);
    }
    const board = (await otherschool.request("GET", "/api/supervision/board")).json;
    expect(board.counts.tasks).toBe(0);
    expect((await otherschool.request("GET", "/api/supervision/orders")).json.orders).toEqual([]);
    expect((await notifications(otherschool)).notifications).toEqual([]);
  });
});

describe("催办 and 督办单", () => {
  it("leaders, deputies, inspectors and plan staff urge; the lead unit hears it", async () => {
    const { taskId } = await acceptedTask();
    const r = await inspector.request("POST", `/api/tasks/${taskId}/urge`, { message: "请于本周内报送进展" });
    expect(r.status, r.body).toBe(200);
    expect(r.json.notified).toBe(1);
    expect((await notifications(school)).notifications[0]).toMatchObject({
      kind: "urge",
      title: expect.stringContaining("催办"),
      body: "inspector：请于本周内报送进展",
    });
    expect((await school.request("POST", `/api/tasks/${taskId}/urge`, { message: "x" })).status).toBe(403);
    expect((await observer.request("POST", `/api/tasks/${taskId}/urge`, { message: "x" })).status).toBe(403);
  });

  it("issues numbered orders, the lead unit answers, the issuing side closes", async () => {
    const { taskId } = await acceptedTask();
    const year = daysFromNow(t, 0).slice(0, 4);
    const body = { reason: "进度滞后", requirement: "5个工作日内书面说明并整改", dueOn: daysFromNow(t, 5) };
    const past = await inspector.request("POST", `/api/tasks/${taskId}/supervision-orders`, {
      ...body,
      dueOn: daysFromNow(t, -1),
    });
    expect(past.json.error.code).toBe("DUE_DATE_PAST");
    expect((await school.request("POST", `/api/tasks/${taskId}/supervision-orders`, body)).status).toBe(403);
    const first = await inspector.request("POST", `/api/tasks/${taskId}/supervision-orders`, body);
    expect(first.status, first.body).toBe(201);
    expect(first.json.number).toBe(`督办〔${year}〕1号`);
    const second = await leader.request("POST", `/api/tasks/${taskId}/supervision-orders`, body);
    expect(second.json.number).toBe(`督办〔${year}〕2号`);
    expect((await notifications(school)).notifications[0]!.title).toContain(`督办〔${year}〕2号`);

    const orderId = first.json.order.id;
    expect((await staff.request("POST", `/api/supervision-orders/${orderId}/respond`, { response: "x" })).status).toBe(
      403,
    );
    const resp = await school.request("POST", `/api/supervision-orders/${orderId}/respond`, {
      response: "已整改，附说明",
    });
    expect(resp.status, resp.body).toBe(200);
    expect(resp.json.order).toMatchObject({ state: "responded", response: "已整改，附说明" });
    expect((await notifications(inspector)).notifications[0]!.title).toContain("已回复");

    expect((await staff.request("POST", `/api/supervision-orders/${orderId}/close`)).status).toBe(403);
    const close = await inspector.request("POST", `/api/supervision-orders/${orderId}/close`);
    expect(close.json.order.state).toBe("closed");
    const again = await school.request("POST", `/api/supervision-orders/${orderId}/respond`, { response: "补充" });
    expect(again.json.error.code).toBe("SUPERVISION_ORDER_CLOSED");

    const list = (await school.request("GET", `/api/supervision/orders?taskId=${taskId}`)).json.orders;
    expect(list.map((o: { number: string; state: string }) => [o.number, o.state])).toEqual([
      [`督办〔${year}〕2号`, "issued"],
      [`督办〔${year}〕1号`, "closed"],
    ]);
    expect((await school.request("GET", "/api/supervision/orders?state=closed")).json.orders).toHaveLength(1);
    expect((await supervision(staff, taskId)).orders).toHaveLength(2);
  });
});

describe("notifications", () => {
  it("lists mine newest first with the unread count; marks one or all read", async () => {
    const mine = await notifications(school);
    expect(mine.unread).toBeGreaterThan(1);
    const [a, b] = mine.notifications;
    expect(a!.id).toBeGreaterThan(b!.id);
    const one = await school.request("POST", `/api/notifications/${a!.id}/read`);
    expect(one.json.unread).toBe(mine.unread - 1);
    expect((await otherschool.request("POST", `/api/notifications/${b!.id}/read`)).status).toBe(404);
    const unread = (await school.request("GET", "/api/notifications?unread=1")).json.notifications;
    expect(unread.every((n: { readAt: string | null }) => n.readAt === null)).toBe(true);
    const all = await school.request("POST", "/api/notifications/read-all");
    expect(all.json.marked).toBe(mine.unread - 1);
    expect((await notifications(school)).unread).toBe(0);
  });
});

describe("manual status (人工调整)", () => {
  it("wins with its note, is shown as such, and can be removed", async () => {
    const { taskId, planId } = await acceptedTask();
    const v = await version(staff, taskId);
    const noNote = await staff.request("POST", `/api/tasks/${taskId}/status-override`, { color: "red", version: v });
    expect(noNote.json.error.code).toBe("REASON_REQUIRED");
    expect(
      (await school.request("POST", `/api/tasks/${taskId}/status-override`, { color: "green", note: "x", version: v }))
        .status,
    ).toBe(403);
    const r = await staff.request("POST", `/api/tasks/${taskId}/status-override`, {
      color: "red",
      note: "群众反映强烈",
      version: v,
    });
    expect(r.status, r.body).toBe(200);
    const s = (await supervision(school, taskId)).status;
    expect(s).toMatchObject({
      color: "red",
      overridden: true,
      reason: "人工调整：群众反映强烈",
      computed: { color: "green" },
    });
    const board = (await leader.request("GET", "/api/supervision/board")).json;
    expect(board.byDepartment.flatMap((g: { red: { id: number }[] }) => g.red.map((x) => x.id))).toContain(taskId);
    expect((await staff.request("GET", `/api/plans/${planId}/rollup`)).json.total.red).toBe(1);
    const off = await staff.request("POST", `/api/tasks/${taskId}/status-override`, { color: null, version: v + 1 });
    expect(off.status, off.body).toBe(200);
    expect((await supervision(school, taskId)).status).toMatchObject({ color: "green", overridden: false });
  });
});

describe("email", () => {
  it("goes to recipients with an address when a mailer is configured", async () => {
    const sent: { to: string; subject: string; text: string }[] = [];
    const mailer: Mailer = { send: async (to, subject, text) => void sent.push({ to, subject, text }) };
    await t.deps.database.query("UPDATE users SET email = 'school@example.cn' WHERE id = $1", [c.users.school]);
    t.deps.mailer = mailer;
    try {
      const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
      await transition(staff, taskId, "dispatch");
      expect(sent).toHaveLength(1);
      expect(sent[0]).toMatchObject({ to: "school@example.cn", subject: expect.stringContaining("新交办任务") });
      const [n] = await t.deps.database.query<{ emailed_at: unknown }>(
        "SELECT emailed_at FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
        [c.users.school],
      );
      expect(n!.emailed_at).not.toBeNull();
    } finally {
      t.deps.mailer = null;
    }
  });

  it("over SMTP_URL is best effort: an unreachable server never fails the change", async () => {
    const config = t.deps.config;
    t.deps.config = { ...config, SMTP_URL: "smtp://127.0.0.1:1/?from=noreply@example.cn" };
    await t.deps.database.query("UPDATE users SET email = 'school@example.cn' WHERE id = $1", [c.users.school]);
    try {
      const { taskId } = await assignedTask(t, staff, { leadUnitId: c.school.id });
      const r = await transition(staff, taskId, "dispatch");
      expect(r.status, r.body).toBe(200);
      const [n] = await t.deps.database.query<{ emailed_at: unknown; task_id: number }>(
        "SELECT emailed_at, task_id FROM notifications WHERE user_id = $1 ORDER BY id DESC LIMIT 1",
        [c.users.school],
      );
      expect(n).toMatchObject({ task_id: taskId, emailed_at: null });
    } finally {
      t.deps.config = config;
    }
  });
});
