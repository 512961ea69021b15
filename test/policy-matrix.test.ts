// Access as a matrix: every role × every route × a target in scope and one out of scope.
// For each route the table names who may act on the in-scope target; everyone else must get 403 or
// 404, and on the out-of-scope target (another county's plan) everyone but the admin gets 403/404.
// "May act" means the request passes the access checks: it may still fail a domain rule (409, 422).
// Routes are read from the route files, so a new route without a row here fails this test.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "./app.ts";
import { createUser, insertUnit } from "../server/modules/orgs/index.ts";
import { PASSWORD, seedCounty, type County } from "./factories.ts";

const ROLES = [
  "admin",
  "leader",
  "deputy",
  "staff",
  "finance",
  "township",
  "school",
  "otherschool",
  "inspector",
  "observer",
  "outsider",
] as const;
type User = (typeof ROLES)[number];

// The system administrator sees and manages everything, but acts for no unit: reports, order
// responses and acceptance belong to the units themselves.
const VISIBLE: User[] = [
  "admin",
  "leader",
  "deputy",
  "staff",
  "finance",
  "township",
  "school",
  "inspector",
  "observer",
];
const EDITORS: User[] = ["admin", "leader", "deputy", "staff", "finance"];
const REPORT_READERS: User[] = [...EDITORS, "inspector", "observer"];
const EVERYONE: User[] = [...ROLES];
// indicators, data side: county staff and the admin administer; everyone of the county reads
const DATA_ADMINS: User[] = ["admin", "staff", "finance"];
const IN_COUNTY: User[] = EVERYONE.filter((u) => u !== "outsider");

interface Ids {
  plan: number;
  task: number; // accepted, lead = school, co = finance, deputy = deputy
  fresh: number; // dispatched, lead = school, not yet accepted
  report: number;
  evidence: number;
  order: number;
  draft: number;
  notification: number;
  user: number;
}

interface Row {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  route: string;
  /** Who passes the access checks on the in-scope target. */
  allowed: User[];
  /** Path and body for a target; `out` is the other county's. */
  req: (ids: Ids) => { url: string; body?: unknown };
  /** The route acts on the caller's own things only (no out-of-scope variant). */
  own?: boolean;
}

let t: TestApp;
let c: County;
const clients = {} as Record<User, Client>;
let inIds: Ids;
let outIds: Ids;

const ROWS: Row[] = [
  { method: "GET", route: "/api/auth/me", allowed: EVERYONE, own: true, req: () => ({ url: "/api/auth/me" }) },
  {
    method: "POST",
    route: "/api/auth/password",
    allowed: EVERYONE,
    own: true,
    req: () => ({
      url: "/api/auth/password",
      body: { currentPassword: "wrong-one-123", newPassword: "whatever-2025x" },
    }),
  },
  { method: "GET", route: "/api/orgs", allowed: EVERYONE, own: true, req: () => ({ url: "/api/orgs" }) },
  {
    method: "POST",
    route: "/api/orgs",
    allowed: ["admin"],
    own: true,
    req: () => ({ url: "/api/orgs", body: { parentId: c.township.id, type: "school", name: "矩阵测试小学" } }),
  },
  {
    method: "GET",
    route: "/api/users",
    allowed: ["admin", "leader", "deputy", "inspector", "outsider"],
    own: true,
    req: () => ({ url: "/api/users" }),
  },
  {
    method: "POST",
    route: "/api/users",
    allowed: ["admin"],
    own: true,
    req: () => ({
      url: "/api/users",
      body: {
        username: `u${Math.random().toString(36).slice(2, 8)}`,
        displayName: "新用户",
        role: "school",
        orgUnitId: c.school.id,
      },
    }),
  },
  {
    method: "PATCH",
    route: "/api/users/:id",
    allowed: ["admin"],
    req: (i) => ({ url: `/api/users/${i.user}`, body: { version: 999, displayName: "改名" } }),
  },
  {
    method: "POST",
    route: "/api/users/:id/reset-password",
    allowed: ["admin"],
    req: (i) => ({ url: `/api/users/${i.user}/reset-password` }),
  },
  { method: "GET", route: "/api/audit", allowed: EVERYONE, own: true, req: () => ({ url: "/api/audit" }) },

  { method: "GET", route: "/api/imports", allowed: EVERYONE, own: true, req: () => ({ url: "/api/imports" }) },
  {
    method: "GET",
    route: "/api/imports/:id",
    allowed: [...EDITORS, "inspector", "observer"],
    req: (i) => ({ url: `/api/imports/${i.draft}` }),
  },
  {
    method: "PATCH",
    route: "/api/imports/:id",
    allowed: EDITORS,
    req: (i) => ({
      url: `/api/imports/${i.draft}`,
      body: { version: 999, ops: [{ op: "delete", itemKey: "no-such-item" }] },
    }),
  },
  {
    method: "POST",
    route: "/api/imports/:id/commit",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/imports/${i.draft}/commit`, body: { documentIndex: 9 } }),
  },
  {
    method: "DELETE",
    route: "/api/imports/:id",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/imports/${i.draft}`, body: { version: 999 } }),
  },

  { method: "GET", route: "/api/plans", allowed: EVERYONE, own: true, req: () => ({ url: "/api/plans" }) },
  { method: "GET", route: "/api/plans/:id", allowed: VISIBLE, req: (i) => ({ url: `/api/plans/${i.plan}` }) },
  {
    method: "GET",
    route: "/api/plans/:id/rollup",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/plans/${i.plan}/rollup` }),
  },
  {
    method: "GET",
    route: "/api/plans/:id/board",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/plans/${i.plan}/board` }),
  },
  {
    method: "POST",
    route: "/api/plans/:id/tasks",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/plans/${i.plan}/tasks`, body: { kind: "task", title: "矩阵测试任务" } }),
  },
  { method: "GET", route: "/api/tasks", allowed: EVERYONE, own: true, req: () => ({ url: "/api/tasks" }) },
  { method: "GET", route: "/api/tasks/:id", allowed: VISIBLE, req: (i) => ({ url: `/api/tasks/${i.task}` }) },
  {
    method: "GET",
    route: "/api/tasks/:id/audit",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/tasks/${i.task}/audit` }),
  },
  {
    method: "PATCH",
    route: "/api/tasks/:id",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/tasks/${i.task}`, body: { version: 999, title: "改标题" } }),
  },
  { method: "DELETE", route: "/api/tasks/:id", allowed: EDITORS, req: (i) => ({ url: `/api/tasks/${i.task}` }) },
  {
    method: "PUT",
    route: "/api/tasks/:id/assignment",
    allowed: EDITORS,
    req: (i) => ({
      url: `/api/tasks/${i.task}/assignment`,
      body: {
        version: 999,
        leadUnitId: c.school.id,
        coUnitIds: [],
        deputyUserId: null,
        deadline: "2030-12-31",
        cadence: "monthly",
        milestones: [],
      },
    }),
  },
  {
    method: "POST",
    route: "/api/tasks/bulk-assign",
    allowed: EDITORS,
    req: (i) => ({ url: "/api/tasks/bulk-assign", body: { taskIds: [i.task], cadence: "monthly" } }),
  },

  {
    method: "POST",
    route: "/api/tasks/:id/transitions",
    allowed: ["school"],
    req: (i) => ({ url: `/api/tasks/${i.fresh}/transitions`, body: { action: "accept", version: 999 } }),
  },
  {
    method: "GET",
    route: "/api/tasks/:id/supervision",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/tasks/${i.task}/supervision` }),
  },
  {
    method: "GET",
    route: "/api/tasks/:id/reports",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/tasks/${i.task}/reports` }),
  },
  {
    method: "POST",
    route: "/api/tasks/:id/reports",
    allowed: ["school", "finance"],
    req: (i) => ({ url: `/api/tasks/${i.task}/reports`, body: { text: "矩阵测试进展", percent: 40 } }),
  },
  { method: "GET", route: "/api/evidence/:id", allowed: VISIBLE, req: (i) => ({ url: `/api/evidence/${i.evidence}` }) },
  {
    method: "POST",
    route: "/api/reports/:id/review",
    allowed: ["admin", "leader", "deputy", "staff", "finance"],
    req: (i) => ({ url: `/api/reports/${i.report}/review`, body: { decision: "return" } }),
  },
  {
    method: "POST",
    route: "/api/tasks/:id/urge",
    allowed: ["admin", "leader", "deputy", "staff", "finance", "inspector"],
    req: (i) => ({ url: `/api/tasks/${i.task}/urge`, body: { message: "请抓紧办理" } }),
  },
  {
    method: "POST",
    route: "/api/tasks/:id/status-override",
    allowed: EDITORS,
    req: (i) => ({
      url: `/api/tasks/${i.task}/status-override`,
      body: { version: 999, color: "yellow", note: "人工调整" },
    }),
  },
  {
    method: "POST",
    route: "/api/tasks/:id/supervision-orders",
    allowed: ["admin", "leader", "deputy", "inspector"],
    req: (i) => ({
      url: `/api/tasks/${i.task}/supervision-orders`,
      body: { reason: "进度滞后", requirement: "限期整改", dueOn: "2000-01-01" },
    }),
  },
  {
    method: "POST",
    route: "/api/supervision-orders/:id/respond",
    allowed: ["school"],
    req: (i) => ({ url: `/api/supervision-orders/${i.order}/respond`, body: { response: "已整改" } }),
  },
  {
    method: "POST",
    route: "/api/supervision-orders/:id/close",
    allowed: ["admin", "leader", "deputy", "inspector"],
    req: (i) => ({ url: `/api/supervision-orders/${i.order}/close`, body: { version: 999 } }),
  },
  {
    method: "GET",
    route: "/api/supervision/orders",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/supervision/orders" }),
  },
  {
    method: "GET",
    route: "/api/supervision/board",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/supervision/board" }),
  },
  {
    method: "GET",
    route: "/api/my-work",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/my-work" }),
  },
  {
    method: "GET",
    route: "/api/supervision/dashboard",
    allowed: EVERYONE,
    own: true,
    req: (i) => ({ url: `/api/supervision/dashboard?planId=${i.plan}` }),
  },
  {
    method: "GET",
    route: "/api/notifications",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/notifications" }),
  },
  {
    method: "POST",
    route: "/api/notifications/read-all",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/notifications/read-all" }),
  },
  {
    method: "POST",
    route: "/api/notifications/:id/read",
    allowed: ["school"],
    req: (i) => ({ url: `/api/notifications/${i.notification}/read` }),
  },

  // reports (documents out): whole-plan readers of the bureau; schools and townships get no documents
  ...(["bulletin.docx", "summary.docx", "plan.docx", "plan.xlsx"] as const).map((doc): Row => ({
    method: "GET",
    route: `/api/plans/:id/reports/${doc}`,
    allowed: REPORT_READERS,
    req: (i) => ({ url: `/api/plans/${i.plan}/reports/${doc}` }),
  })),
  {
    method: "POST",
    route: "/api/plans/:id/bulletins",
    allowed: REPORT_READERS.filter((u) => u !== "observer"),
    req: (i) => ({ url: `/api/plans/${i.plan}/bulletins`, body: {} }),
  },
  {
    method: "GET",
    route: "/api/plans/:id/bulletins",
    allowed: REPORT_READERS,
    req: (i) => ({ url: `/api/plans/${i.plan}/bulletins` }),
  },
  {
    method: "GET",
    route: "/api/bulletins/:id/document.docx",
    allowed: REPORT_READERS,
    req: (i) => ({ url: `/api/bulletins/${i === outIds ? bulletins.out : bulletins.in}/document.docx` }),
  },
  {
    method: "GET",
    route: "/api/reports/indicators.xlsx",
    allowed: REPORT_READERS,
    own: true,
    req: () => ({ url: `/api/reports/indicators.xlsx?unitId=${c.bureau.id}&level=1&years=2024` }),
  },
  {
    method: "POST",
    route: "/api/plans/:id/carry-over",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/plans/${i.plan}/carry-over`, body: {} }),
  },
  // indicators, calculation side: values are read in the actor's scope and the units above it
  {
    method: "GET",
    route: "/api/indicators/catalogue",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/indicators/catalogue" }),
  },
  // custom indicators are shared like data elements: no out-of-scope variant
  {
    method: "POST",
    route: "/api/indicators",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/indicators",
      body: {
        code: `M_${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        name: "矩阵指标",
        unit: "%",
        decimals: 1,
        factor: 100,
        numerator: "TEACHERS_BACHELOR",
        denominator: "TEACHERS",
      },
    }),
  },
  {
    method: "PUT",
    route: "/api/indicators/:id",
    allowed: DATA_ADMINS,
    own: true,
    // a stale version: the allowed get 409 and nothing changes
    req: () => ({
      url: `/api/indicators/${customIndicator.id}`,
      body: { version: 999, name: "改名", unit: "个", decimals: 0, factor: 1, numerator: "TEACHERS" },
    }),
  },
  {
    method: "DELETE",
    route: "/api/indicators/:id",
    allowed: DATA_ADMINS,
    own: true,
    // a built-in: the allowed get 409 (INDICATOR_BUILTIN) and nothing changes
    req: () => ({ url: `/api/indicators/${customIndicator.builtin}` }),
  },
  {
    method: "GET",
    route: "/api/indicators/values",
    allowed: EVERYONE.filter((u) => u !== "outsider"),
    req: (i) => ({ url: `/api/indicators/values?root=${indicatorUnit(i)}&depth=1&years=2024,2025` }),
  },
  {
    method: "GET",
    route: "/api/indicators/series",
    allowed: EVERYONE.filter((u) => u !== "outsider"),
    req: (i) => ({ url: `/api/indicators/series?code=KG_GER&unit=${indicatorUnit(i)}&years=2023-2025` }),
  },
  {
    method: "GET",
    route: "/api/indicators/evaluation",
    allowed: EVERYONE.filter((u) => u !== "outsider"),
    req: (i) => ({ url: `/api/indicators/evaluation?template=XUEQIAN_SHUANGPU&unit=${indicatorUnit(i)}&year=2024` }),
  },
  {
    method: "POST",
    route: "/api/indicators/recompute",
    allowed: ["admin"],
    own: true,
    req: () => ({ url: "/api/indicators/recompute" }),
  },
  {
    method: "GET",
    route: "/api/plans/:id/indicator-links",
    allowed: [...EDITORS, "inspector", "observer"],
    req: (i) => ({ url: `/api/plans/${i.plan}/indicator-links` }),
  },
  {
    method: "POST",
    route: "/api/plans/:id/indicator-links/suggest",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/plans/${i.plan}/indicator-links/suggest` }),
  },
  {
    method: "PUT",
    route: "/api/targets/:id/indicator-link",
    allowed: EDITORS,
    req: (i) => ({
      url: `/api/targets/${i === outIds ? linkTargets.out : linkTargets.in}/indicator-link`,
      body: { status: "rejected" },
    }),
  },
  {
    method: "GET",
    route: "/api/tasks/:id/indicators",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/tasks/${i.task}/indicators` }),
  },
  {
    method: "POST",
    route: "/api/tasks/:id/target-templates",
    allowed: EDITORS,
    req: (i) => ({ url: `/api/tasks/${i.task}/target-templates`, body: { template: "XUEQIAN_SHUANGPU", year: 2025 } }),
  },
  // indicators, data side: registry, groups, elements, rounds, entry, approval (server/modules/indicators/data)
  { method: "GET", route: "/api/registry", allowed: EVERYONE, own: true, req: () => ({ url: "/api/registry" }) },
  {
    method: "POST",
    route: "/api/registry/units",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/registry/units",
      body: { parentId: c.township.id, type: "school", name: "矩阵登记小学" },
    }),
  },
  {
    method: "PATCH",
    route: "/api/registry/units/:id",
    allowed: DATA_ADMINS,
    req: (i) => ({ url: `/api/registry/units/${dataIds(i).school}`, body: { version: 999, name: "改名" } }),
  },
  {
    method: "GET",
    route: "/api/registry/export",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/registry/export" }),
  },
  {
    method: "POST",
    route: "/api/registry/import",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({ url: "/api/registry/import" }),
  },
  { method: "GET", route: "/api/unit-groups", allowed: EVERYONE, own: true, req: () => ({ url: "/api/unit-groups" }) },
  {
    method: "POST",
    route: "/api/unit-groups",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/unit-groups",
      body: { name: `组${Math.random().toString(36).slice(2, 8)}`, unitIds: [] },
    }),
  },
  {
    method: "PATCH",
    route: "/api/unit-groups/:id",
    allowed: DATA_ADMINS,
    req: (i) => ({ url: `/api/unit-groups/${dataIds(i).group}`, body: { version: 999 } }),
  },
  {
    method: "DELETE",
    route: "/api/unit-groups/:id",
    allowed: DATA_ADMINS,
    // each call deletes a group of its own
    req: (i) => ({ url: `/api/unit-groups/${i === outIds ? dataIds(i).group : dataTargets.spareGroups.shift()}` }),
  },
  {
    method: "GET",
    route: "/api/data-elements",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/data-elements" }),
  },
  {
    method: "POST",
    route: "/api/data-elements",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/data-elements",
      body: {
        code: `M_${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        name: "矩阵数据项",
        valueType: "integer",
        timeAggregation: "last",
        entryLevel: "school",
      },
    }),
  },
  {
    method: "PATCH",
    route: "/api/data-elements/:id",
    allowed: DATA_ADMINS,
    // elements are shared by every county: no out-of-scope variant; a stale version changes nothing
    own: true,
    req: () => ({ url: `/api/data-elements/${dataTargets.customElement}`, body: { version: 999, name: "改名" } }),
  },
  { method: "GET", route: "/api/data-sets", allowed: EVERYONE, own: true, req: () => ({ url: "/api/data-sets" }) },
  {
    method: "POST",
    route: "/api/data-sets/:id/elements",
    allowed: DATA_ADMINS,
    own: true,
    // TEACHERS is already in the set: the allowed get 409 and nothing changes
    req: () => ({ url: `/api/data-sets/${dataTargets.dataSet}/elements`, body: { elementId: dataTargets.element } }),
  },
  {
    method: "GET",
    route: "/api/validation-rules",
    allowed: EVERYONE,
    own: true,
    req: () => ({ url: "/api/validation-rules" }),
  },
  {
    method: "POST",
    route: "/api/validation-rules",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/validation-rules",
      body: {
        code: `R_M${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
        name: "矩阵",
        left: "STAFF",
        op: ">=",
        right: "0",
      },
    }),
  },
  { method: "GET", route: "/api/rounds", allowed: EVERYONE, own: true, req: () => ({ url: "/api/rounds" }) },
  {
    method: "POST",
    route: "/api/rounds",
    allowed: DATA_ADMINS,
    own: true,
    req: () => ({
      url: "/api/rounds",
      body: {
        dataSetId: dataTargets.dataSet,
        name: "矩阵轮次",
        period: "2031",
        rootUnitId: c.county.id,
        opensOn: "2031-09-01",
        dueOn: "2031-09-20",
      },
    }),
  },
  {
    method: "GET",
    route: "/api/rounds/:id",
    allowed: IN_COUNTY,
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}` }),
  },
  ...(["close", "reopen"] as const).map((action): Row => ({
    method: "POST",
    route: `/api/rounds/:id/${action}`,
    allowed: DATA_ADMINS,
    // a stale version: the allowed get 409 and the round stays open
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/${action}`, body: { version: 999 } }),
  })),
  {
    method: "GET",
    route: "/api/rounds/:id/validation",
    allowed: IN_COUNTY,
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/validation` }),
  },
  {
    method: "GET",
    route: "/api/rounds/:id/template",
    allowed: IN_COUNTY,
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/template` }),
  },
  {
    method: "POST",
    route: "/api/rounds/:id/upload",
    allowed: [...DATA_ADMINS, "township", "school", "otherschool"],
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/upload` }),
  },
  {
    method: "GET",
    route: "/api/rounds/:id/units/:unitId/values",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/units/${dataIds(i).school}/values` }),
  },
  {
    method: "PUT",
    route: "/api/rounds/:id/units/:unitId/values",
    allowed: [...DATA_ADMINS, "township", "school"],
    req: (i) => ({
      url: `/api/rounds/${dataIds(i).round}/units/${dataIds(i).school}/values`,
      body: { values: [{ elementId: dataTargets.element, category: "", value: 10 }] },
    }),
  },
  {
    method: "GET",
    route: "/api/rounds/:id/units/:unitId/history",
    allowed: VISIBLE,
    req: (i) => ({ url: `/api/rounds/${dataIds(i).round}/units/${dataIds(i).school}/history` }),
  },
  ...(["submit", "approve", "return", "reopen"] as const).map((action): Row => ({
    method: "POST",
    route: `/api/rounds/:id/units/:unitId/${action}`,
    // the school submits; its township (or the county) approves, returns and re-opens
    allowed: action === "submit" ? [...DATA_ADMINS, "township", "school"] : [...DATA_ADMINS, "township"],
    req: (i) => ({
      url: `/api/rounds/${dataIds(i).round}/units/${dataIds(i).school}/${action}`,
      body: { reason: "矩阵测试" },
    }),
  })),
];

/** Routes that need no login, or exist only in tests, or end the caller's session. */
const SPECIAL = new Set([
  "POST /api/auth/login",
  "GET /api/auth/session",
  "POST /api/auth/logout",
  "GET /api/health",
  "POST /api/test/clock",
  "POST /api/imports",
  "POST /api/plans",
  "POST /api/plans/import-ledger",
]);

async function expectOk(client: Client, r: { status: number; body: string }, what: string) {
  expect(r.status, `${client.username}: ${what}: ${r.body}`).toBeLessThan(300);
}

async function buildTargets(
  editor: Client,
  lead: Client,
  issuer: Client,
  schoolId: number,
  financeId: number | null,
  deputyId: number | null,
  orgUnitId?: number,
): Promise<Ids> {
  const plan = await editor.request("POST", "/api/plans", {
    title: "矩阵测试计划",
    ...(orgUnitId ? { orgUnitId } : {}),
  });
  await expectOk(editor, plan, "create plan");
  const planId = plan.json.planId as number;
  const addTask = async (title: string) => {
    const r = await editor.request("POST", `/api/plans/${planId}/tasks`, { kind: "task", title });
    await expectOk(editor, r, "add task");
    return r.json.taskId as number;
  };
  const version = async (id: number) => (await editor.request("GET", `/api/tasks/${id}`)).json.version as number;
  const assign = async (id: number) => {
    const r = await editor.request("PUT", `/api/tasks/${id}/assignment`, {
      version: await version(id),
      leadUnitId: schoolId,
      coUnitIds: financeId ? [financeId] : [],
      deputyUserId: deputyId,
      deadline: "2030-06-30",
      cadence: "monthly",
      milestones: [],
    });
    await expectOk(editor, r, "assign");
    const d = await editor.request("POST", `/api/tasks/${id}/transitions`, {
      action: "dispatch",
      version: await version(id),
    });
    await expectOk(editor, d, "dispatch");
  };
  const task = await addTask("矩阵测试任务甲");
  const fresh = await addTask("矩阵测试任务乙");
  await assign(task);
  await assign(fresh);
  const acc = await lead.request("POST", `/api/tasks/${task}/transitions`, {
    action: "accept",
    version: await version(task),
  });
  await expectOk(lead, acc, "accept");
  const form = new FormData();
  form.append("text", "已完成场地勘察");
  form.append("percent", "30");
  form.append("files", new Blob([new TextEncoder().encode("现场照片说明")], { type: "text/plain" }), "说明.txt");
  const rep = await lead.request("POST", `/api/tasks/${task}/reports`, form);
  await expectOk(lead, rep, "report");
  const reports = await lead.request("GET", `/api/tasks/${task}/reports`);
  const report = (reports.json.reports as { id: number; evidence?: { id: number }[]; files?: { id: number }[] }[])[0]!;
  const evidence = (report.evidence ?? report.files)![0]!.id;
  const ord = await issuer.request("POST", `/api/tasks/${task}/supervision-orders`, {
    reason: "进度滞后",
    requirement: "请于一周内报送整改情况",
    dueOn: "2030-01-31",
  });
  await expectOk(issuer, ord, "order");
  const order = (ord.json.orderId ?? ord.json.order?.id ?? ord.json.id) as number;
  const note = await lead.request("GET", "/api/notifications");
  const notification = (note.json.notifications as { id: number }[])[0]?.id ?? 0;
  const imp = new FormData();
  imp.append(
    "file",
    new Blob([new TextEncoder().encode("2025年教育工作要点\n一、加强党建\n(一)落实责任。新建幼儿园3所。")]),
    "要点.txt",
  );
  if (orgUnitId) imp.append("orgUnitId", String(orgUnitId));
  const dr = await editor.request("POST", "/api/imports", imp);
  await expectOk(editor, dr, "import");
  const draft = (dr.json.draftId ?? dr.json.id) as number;
  return { plan: planId, task, fresh, report: report.id, evidence, order, draft, notification, user: 0 };
}

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  for (const u of ROLES) clients[u] = await t.as(u);
  inIds = await buildTargets(
    clients.staff,
    clients.school,
    clients.leader,
    c.school.id,
    c.dept.finance.id,
    c.users.deputy,
  );
  inIds.user = (
    await createUser(
      null,
      { username: "victim", displayName: "victim", role: "school", orgUnitId: c.school.id, password: PASSWORD },
      t.deps,
    )
  ).user.id;
  // another county, with its own staff and school: the same targets there
  const dept = await insertUnit(t.deps.database.db, {
    parentId: c.otherBureau.id,
    type: "department",
    name: "白水县基础教育股",
  });
  const school = await insertUnit(t.deps.database.db, {
    parentId: c.otherBureau.id,
    type: "school",
    name: "白水县实验小学",
  });
  await createUser(
    null,
    { username: "ostaff", displayName: "ostaff", role: "staff", orgUnitId: dept.id, password: PASSWORD },
    t.deps,
  );
  await createUser(
    null,
    { username: "oschool", displayName: "oschool", role: "school", orgUnitId: school.id, password: PASSWORD },
    t.deps,
  );
  outIds = await buildTargets(await t.as("ostaff"), await t.as("oschool"), clients.outsider, school.id, null, null);
  outIds.user = (
    await createUser(
      null,
      { username: "ovictim", displayName: "ovictim", role: "school", orgUnitId: school.id, password: PASSWORD },
      t.deps,
    )
  ).user.id;
}, 120_000);
// an issued bulletin in each county, for GET /api/bulletins/:id/document.docx
const bulletins = { in: 0, out: 0 };
beforeAll(async () => {
  bulletins.in = (await clients.leader.request("POST", `/api/plans/${inIds.plan}/bulletins`, {})).json.bulletinId;
  bulletins.out = (await clients.outsider.request("POST", `/api/plans/${outIds.plan}/bulletins`, {})).json.bulletinId;
}, 60_000);
// indicators: the bureau of each county, and a target on each county's task (for the target-link route)
const indicatorUnit = (i: Ids) => (i === outIds ? c.otherBureau.id : c.bureau.id);
const linkTargets = { in: 0, out: 0 };
beforeAll(async () => {
  for (const [k, task] of [
    ["in", inIds.task],
    ["out", outIds.task],
  ] as const) {
    const r = await t.deps.database.query<{ id: number }>(
      "INSERT INTO targets (task_id, indicator, value, unit, year) VALUES ($1, '学前三年毛入园率', 90, '%', 2025) RETURNING id",
      [task],
    );
    linkTargets[k] = r[0]!.id;
  }
});
// custom indicators: one custom row (PUT) and a built-in's id (DELETE)
const customIndicator = { id: 0, builtin: 0 };
beforeAll(async () => {
  const db = t.deps.database;
  customIndicator.id = (
    await db.query<{ id: number }>(
      `INSERT INTO indicators (code, name, unit, builtin, definition) VALUES ('MATRIX_IND', '矩阵自定义指标', '个', false,
        '{"kind":"count","numerator":"TEACHERS","denominator":null,"factor":1,"decimals":0,"synonyms":[],"definition":"","source":""}')
       RETURNING id`,
    )
  )[0]!.id;
  customIndicator.builtin = (await db.query<{ id: number }>("SELECT id FROM indicators WHERE code = 'KG_GER'"))[0]!.id;
});
// indicators, data side: a collection round, a school and a unit group in each county
const dataTargets = {
  in: { round: 0, school: 0, group: 0 },
  out: { round: 0, school: 0, group: 0 },
  dataSet: 0,
  element: 0,
  customElement: 0,
  spareGroups: [] as number[],
};
const dataIds = (i: Ids) => (i === outIds ? dataTargets.out : dataTargets.in);
beforeAll(async () => {
  const db = t.deps.database;
  dataTargets.dataSet = (await db.query<{ id: number }>("SELECT id FROM data_sets WHERE code = 'EDU_CENSUS'"))[0]!.id;
  dataTargets.element = (await db.query<{ id: number }>("SELECT id FROM data_elements WHERE code = 'TEACHERS'"))[0]!.id;
  dataTargets.customElement = (
    await db.query<{ id: number }>(
      "INSERT INTO data_elements (code, name, value_type, time_aggregation, entry_level) VALUES ('MATRIX_CUSTOM', '矩阵自定义', 'integer', 'last', 'school') RETURNING id",
    )
  )[0]!.id;
  const outSchool = (await db.query<{ id: number }>("SELECT id FROM org_units WHERE name = '白水县实验小学'"))[0]!.id;
  for (const [k, root, school] of [
    ["in", c.county.id, c.school.id],
    ["out", c.otherCounty.id, outSchool],
  ] as const) {
    const r = await clients.admin.request("POST", "/api/rounds", {
      dataSetId: dataTargets.dataSet,
      name: "矩阵采集",
      period: "2024",
      rootUnitId: root,
      opensOn: "2024-09-01",
      dueOn: "2024-09-20",
    });
    await expectOk(clients.admin, r, "round");
    dataTargets[k].round = r.json.round.id;
    dataTargets[k].school = school;
    const g = await db.query<{ id: number }>(
      "INSERT INTO unit_groups (owner_unit_id, name, created_at) VALUES ($1, $2, now()) RETURNING id",
      [root, `矩阵组${k}`],
    );
    dataTargets[k].group = g[0]!.id;
  }
  for (let n = 0; n < 20; n++)
    dataTargets.spareGroups.push(
      (
        await db.query<{ id: number }>(
          "INSERT INTO unit_groups (owner_unit_id, name, created_at) VALUES ($1, $2, now()) RETURNING id",
          [c.county.id, `待删组${n}`],
        )
      )[0]!.id,
    );
}, 60_000);
afterAll(() => t.close());

describe("policy matrix", () => {
  it("has a row for every route", () => {
    const dir = join(import.meta.dirname, "../server/modules");
    const declared = new Set<string>();
    for (const mod of readdirSync(dir)) {
      // route files may sit in a module's sub-folders (indicators/data, indicators/calc)
      for (const f of readdirSync(join(dir, mod), { recursive: true, encoding: "utf8" }).filter((x) =>
        x.endsWith(".routes.ts"),
      )) {
        const src = readFileSync(join(dir, mod, f), "utf8");
        for (const m of src.matchAll(/app\.(get|post|put|patch|delete)\(\s*"([^"]+)"/gu))
          declared.add(`${m[1]!.toUpperCase()} /api${m[2]}`);
      }
    }
    const covered = new Set([...ROWS.map((r) => `${r.method} ${r.route}`), ...SPECIAL]);
    expect([...declared].filter((d) => !covered.has(d))).toEqual([]);
  });

  it("refuses every route but login without a session", async () => {
    for (const row of ROWS) {
      const { url, body } = row.req(inIds);
      const r = await t.app.inject({
        method: row.method,
        url,
        ...(body !== undefined ? { payload: body as object } : {}),
      });
      expect(r.statusCode, `${row.method} ${url}`).toBe(401);
    }
  });

  // Denied first (they change nothing), then the allowed calls, which may change state.
  it.each(ROWS.map((r) => [`${r.method} ${r.route}`, r] as const))("%s", async (_, row) => {
    const allowed = new Set<User>(row.allowed);
    const denied = EVERYONE.filter((u) => !allowed.has(u));
    const call = (u: User, ids: Ids) => {
      const { url, body } = row.req(ids);
      return clients[u].request(row.method, url, body);
    };
    for (const u of denied) {
      const r = await call(u, inIds);
      expect([403, 404], `${u} in scope → ${r.status} ${r.body}`).toContain(r.status);
    }
    if (!row.own) {
      // the other county's targets: out of scope for everyone here but the admin (and that county's leader)
      for (const u of EVERYONE.filter((x) => x !== "admin" && x !== "outsider")) {
        const r = await call(u, outIds);
        expect([403, 404], `${u} out of scope → ${r.status} ${r.body}`).toContain(r.status);
      }
    }
    for (const u of allowed) {
      const r = await call(u, inIds);
      expect([401, 403, 404], `${u} allowed → ${r.status} ${r.body}`).not.toContain(r.status);
    }
  });
});
