// My work (GET /api/my-work): each list shows a task only to those who may act on it, and the lists
// follow the task through 签收, reports, review and escalation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { advance, assignedTask, transition } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client, school: Client, otherschool: Client, deputy: Client, leader: Client;
let taskId: number;

type Lists = Record<
  "toAccept" | "reportsDue" | "toReview" | "overdue" | "escalated",
  { total: number; items: { id: number }[] }
>;
async function work(client: Client): Promise<Lists & { unreadNotifications: number }> {
  const r = await client.request("GET", "/api/my-work");
  expect(r.status, r.body).toBe(200);
  return r.json;
}
const ids = (l: { items: { id: number }[] }) => l.items.map((i) => i.id);

beforeAll(async () => {
  t = await testApp({ SESSION_HOURS: 24 * 365, ESCALATE_DEPUTY_DAYS: 0, ESCALATE_LEADER_DAYS: 7 });
  c = await seedCounty(t.deps);
  [staff, school, otherschool, deputy, leader] = await loginAll(t, [
    "staff",
    "school",
    "otherschool",
    "deputy",
    "leader",
  ]);
  ({ taskId } = await assignedTask(t, staff, {
    leadUnitId: c.school.id,
    deadlineInDays: 5,
    deputyUserId: c.users.deputy,
    cadence: "weekly",
  }));
  expect((await transition(staff, taskId, "dispatch")).status).toBe(200);
});
afterAll(() => t.close());

describe("my work", () => {
  it("lists a dispatched task for 签收 at the lead school only", async () => {
    const s = await work(school);
    expect(ids(s.toAccept)).toEqual([taskId]);
    expect(s.unreadNotifications).toBeGreaterThan(0);
    expect(ids((await work(staff)).toAccept)).not.toContain(taskId);
    expect((await work(otherschool)).toAccept.total).toBe(0);
  });

  it("moves an accepted weekly task to reports due, and a completion request to the reviewer", async () => {
    expect((await transition(school, taskId, "accept")).status).toBe(200);
    const s = await work(school);
    expect(ids(s.toAccept)).not.toContain(taskId);
    expect(ids(s.reportsDue)).toEqual([taskId]);
    expect(ids((await work(staff)).toReview)).not.toContain(taskId);
    expect((await transition(school, taskId, "request_completion")).status).toBe(200);
    expect(ids((await work(staff)).toReview)).toContain(taskId);
    expect(ids((await work(deputy)).toReview)).toContain(taskId);
    expect(ids((await work(school)).toReview)).not.toContain(taskId);
    expect((await transition(staff, taskId, "return", "请补充佐证材料")).status).toBe(200);
  });

  it("shows an overdue task and its escalation to the deputy in charge and the school, not elsewhere", async () => {
    await advance(staff, 7);
    const d = await work(deputy);
    expect(ids(d.overdue)).toContain(taskId);
    expect(ids(d.escalated)).toContain(taskId);
    expect(ids((await work(school)).escalated)).toContain(taskId);
    expect((await work(otherschool)).overdue.total).toBe(0);
    // level 1 went to the deputy; the leader hears of it at level 2
    expect(ids((await work(leader)).escalated)).not.toContain(taskId);
    await advance(staff, 7);
    expect(ids((await work(leader)).escalated)).toContain(taskId);
  });
});
