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
const EVERYONE: User[] = [...ROLES];

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
];

/** Routes that need no login, or exist only in tests, or end the caller's session. */
const SPECIAL = new Set([
  "POST /api/auth/login",
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
afterAll(() => t.close());

describe("policy matrix", () => {
  it("has a row for every route", () => {
    const dir = join(import.meta.dirname, "../server/modules");
    const declared = new Set<string>();
    for (const mod of readdirSync(dir)) {
      for (const f of readdirSync(join(dir, mod)).filter((x) => x.endsWith(".routes.ts"))) {
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
