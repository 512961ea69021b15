// The data side through HTTP on a real database: rounds, entry with scope and lock, validation rules on
// entry and in bulk, approval up the levels with locking and re-open, the Excel entry round trip.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../../test/app.ts";
import { seedCounty, type County } from "../../../../test/factories.ts";
import { BUILTIN_ELEMENTS, BUILTIN_RULES } from "./elements.ts";

let t: TestApp;
let c: County;
let staff: Client, township: Client, school: Client, otherschool: Client, observer: Client, leader: Client;
let roundId: number;
let el: Map<string, { id: number; categories: string[] }>;

async function upload(client: Client, url: string, fileName: string, bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), fileName);
  return client.request("POST", url, form);
}

async function valueCount() {
  const r = await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM data_values");
  return r[0]!.n;
}

const put = (client: Client, unitId: number, values: { code: string; category?: string; value: number | null }[]) =>
  client.request("PUT", `/api/rounds/${roundId}/units/${unitId}/values`, {
    values: values.map((v) => ({ elementId: el.get(v.code)!.id, category: v.category ?? "", value: v.value })),
  });

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  [staff, township, school, otherschool, observer, leader] = await loginAll(t, ["staff", "township", "school", "otherschool", "observer", "leader"] as const);
  const els = (await staff.request("GET", "/api/data-elements")).json.elements as { id: number; code: string; categories: string[] }[];
  el = new Map(els.map((e) => [e.code, e]));
  const sets = (await staff.request("GET", "/api/data-sets")).json.dataSets as { id: number; code: string }[];
  const r = await staff.request("POST", "/api/rounds", {
    dataSetId: sets.find((s) => s.code === "EDU_CENSUS")!.id,
    name: "2024学年教育事业统计",
    period: "2024",
    opensOn: "2024-09-01",
    dueOn: "2024-09-20",
  });
  expect(r.status, r.body).toBe(201);
  roundId = r.json.round.id;
}, 60_000);
afterAll(() => t.close());

describe("elements and rounds", () => {
  it("has the built-in elements and rules of elements.ts in the database", async () => {
    const els = (await staff.request("GET", "/api/data-elements")).json.elements as { code: string; name: string; categories: string[]; timeAggregation: string; entryLevel: string }[];
    expect(els.map((e) => [e.code, e.name, e.categories, e.timeAggregation, e.entryLevel])).toEqual(
      BUILTIN_ELEMENTS.map((e) => [e.code, e.name, [...e.categories], e.timeAggregation, e.entryLevel]),
    );
    const rules = (await staff.request("GET", "/api/validation-rules")).json.rules as { code: string }[];
    expect(rules.map((r) => r.code)).toEqual(BUILTIN_RULES.map((r) => r.code));
  });

  it("assigns the round to the county, its townships and schools, and refuses an overlapping round", async () => {
    const d = (await staff.request("GET", `/api/rounds/${roundId}`)).json;
    const names = (d.units as { name: string }[]).map((u) => u.name);
    expect(names).toEqual(expect.arrayContaining(["青山县", "东坡镇教管中心", "东坡镇中心小学", "西岭乡教管中心", "西岭乡中学"]));
    expect(names).not.toContain("白水县");
    expect(d.progress.schools).toBe(2);
    const again = await staff.request("POST", "/api/rounds", {
      dataSetId: d.round.dataSetId,
      name: "重复",
      period: "2024",
      rootUnitId: c.township.id,
      opensOn: "2024-09-01",
      dueOn: "2024-09-20",
    });
    expect(again.status).toBe(409);
    // a school sees the round but only itself in it
    const mine = (await school.request("GET", `/api/rounds/${roundId}`)).json;
    expect((mine.units as { orgUnitId: number }[]).map((u) => u.orgUnitId)).toEqual([c.school.id]);
    expect((await school.request("POST", "/api/rounds", { dataSetId: 1, name: "x", period: "2025", opensOn: "2025-09-01", dueOn: "2025-09-20" })).status).toBe(403);
  });
});

describe("entry", () => {
  it("gives each unit its own form: school elements by school type, population at the township and county", async () => {
    const s = (await school.request("GET", `/api/rounds/${roundId}/units/${c.school.id}/values`)).json;
    const codes = (s.elements as { code: string }[]).map((e) => e.code);
    expect(codes).toContain("ENROLL_PRIMARY");
    expect(codes).not.toContain("ENROLL_KG");
    expect(codes).not.toContain("POP_3_5");
    expect(s.editable).toBe(true);
    const tw = (await township.request("GET", `/api/rounds/${roundId}/units/${c.township.id}/values`)).json;
    expect((tw.elements as { code: string }[]).map((e) => e.code)).toEqual(["POP_3_5", "POP_6_11", "POP_12_14"]);
    const co = (await staff.request("GET", `/api/rounds/${roundId}/units/${c.county.id}/values`)).json;
    expect((co.elements as { code: string }[]).map((e) => e.code)).toContain("POP_15_17");
  });

  it("lets a school write its own data only, checks types and categories, and deletes with null", async () => {
    const ok = await put(school, c.school.id, [
      { code: "TEACHERS", value: 40 },
      { code: "ENROLL_PRIMARY", category: "一年级", value: 100 },
      { code: "ENROLL_PRIMARY", category: "二年级", value: 98 },
    ]);
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.violations).toEqual([]);
    expect((await put(school, c.otherSchool.id, [{ code: "TEACHERS", value: 1 }])).status).toBe(404);
    expect((await put(observer, c.school.id, [{ code: "TEACHERS", value: 1 }])).status).toBe(403);
    expect((await put(leader, c.school.id, [{ code: "TEACHERS", value: 1 }])).status).toBe(403);
    const frac = await put(school, c.school.id, [{ code: "TEACHERS", value: 40.5 }]);
    expect(frac.status).toBe(422);
    expect(frac.json.error.code).toBe("DATA_INVALID");
    expect((await put(school, c.school.id, [{ code: "ENROLL_PRIMARY", category: "九年级", value: 3 }])).status).toBe(422);
    expect((await put(school, c.school.id, [{ code: "ENROLL_KG", value: 3 }])).status).toBe(422); // not a kindergarten
    expect((await put(school, c.school.id, [{ code: "TEACHERS", value: -1 }])).status).toBe(422);
    // the township enters its population and may correct its school's data; not the other township's
    expect((await put(township, c.township.id, [{ code: "POP_3_5", value: 1200 }])).status).toBe(200);
    expect((await put(township, c.school.id, [{ code: "STAFF", value: 45 }])).status).toBe(200);
    expect((await put(township, c.otherSchool.id, [{ code: "STAFF", value: 45 }])).status).toBe(404);
    expect((await put(school, c.school.id, [{ code: "ENROLL_PRIMARY", category: "二年级", value: null }])).status).toBe(200);
    const rows = await t.deps.database.query<{ category: string; value: string }>(
      "SELECT category, value::text FROM data_values WHERE org_unit_id = $1 AND element_id = $2 ORDER BY category",
      [c.school.id, el.get("ENROLL_PRIMARY")!.id],
    );
    expect(rows).toEqual([{ category: "一年级", value: "100" }]);
    const audit = await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'data_values.saved'");
    expect(audit[0]!.n).toBeGreaterThanOrEqual(4);
  });
});

describe("validation and approval", () => {
  it("saves data that breaks a rule but flags it, and refuses to submit until it is fixed", async () => {
    const r = await put(school, c.school.id, [{ code: "TEACHERS_BACHELOR", value: 50 }]);
    expect(r.status).toBe(200);
    expect(r.json.violations).toEqual([
      expect.objectContaining({ ruleCode: "R_TEACHERS_BACHELOR", leftValue: 50, rightValue: 40, importance: "error" }),
    ]);
    const bulk = await staff.request("GET", `/api/rounds/${roundId}/validation`);
    expect(bulk.json.violations).toEqual([
      expect.objectContaining({ orgUnitId: c.school.id, unitName: "东坡镇中心小学", ruleCode: "R_TEACHERS_BACHELOR" }),
    ]);
    const sub = await school.request("POST", `/api/rounds/${roundId}/units/${c.school.id}/submit`, {});
    expect(sub.status).toBe(409);
    expect(sub.json.error.code).toBe("VALIDATION_RULES_FAILED");
    expect((await put(school, c.school.id, [{ code: "TEACHERS_BACHELOR", value: 36 }])).json.violations).toEqual([]);
    expect((await staff.request("GET", `/api/rounds/${roundId}/validation`)).json.violations).toEqual([]);
  });

  it("accepts a custom rule over known codes only", async () => {
    const bad = await staff.request("POST", "/api/validation-rules", { code: "R_X", name: "x", left: "NOPE", op: "<=", right: "TEACHERS" });
    expect(bad.json.error.code).toBe("EXPR_INVALID");
    const syntax = await staff.request("POST", "/api/validation-rules", { code: "R_Y", name: "y", left: "TEACHERS +", op: "<=", right: "1" });
    expect(syntax.json.error.code).toBe("EXPR_INVALID");
    const ok = await staff.request("POST", "/api/validation-rules", {
      code: "R_STAFF_MIN",
      name: "教职工数不少于一年级学生数的十分之一",
      left: "STAFF * 10",
      op: ">=",
      right: "ENROLL_PRIMARY[cat=一年级]",
      importance: "warning",
    });
    expect(ok.status, ok.body).toBe(201);
    expect((await township.request("POST", "/api/validation-rules", { code: "R_Z", name: "z", left: "STAFF", op: ">=", right: "1" })).status).toBe(403);
  });

  it("goes school → township → county, locks approved data, returns and re-opens with a reason", async () => {
    const u = (id: number, action: string, client: Client, body: object = {}) =>
      client.request("POST", `/api/rounds/${roundId}/units/${id}/${action}`, body);
    const status = async (id: number) =>
      ((await staff.request("GET", `/api/rounds/${roundId}`)).json.units as { orgUnitId: number; status: string; approvalLevel: string | null }[]).find(
        (x) => x.orgUnitId === id,
      )!;
    // the township cannot go up before its school is approved
    expect((await u(c.township.id, "submit", township)).json.error.code).toBe("CHILDREN_NOT_APPROVED");
    expect((await u(c.school.id, "submit", school)).status).toBe(200);
    expect((await put(school, c.school.id, [{ code: "TEACHERS", value: 41 }])).json.error.code).toBe("DATA_LOCKED");
    // a school cannot approve itself; the township returns it with a reason
    expect((await u(c.school.id, "approve", school)).status).toBe(403);
    expect((await u(c.school.id, "return", township, { reason: "" })).status).toBe(400);
    expect((await u(c.school.id, "return", township, { reason: "一年级人数与学籍系统不符" })).status).toBe(200);
    expect((await status(c.school.id)).status).toBe("open");
    expect((await u(c.school.id, "submit", school)).status).toBe(200);
    expect((await u(c.school.id, "approve", otherschool)).status).toBe(404);
    const ap = await u(c.school.id, "approve", township);
    expect(ap.status, ap.body).toBe(200);
    expect(await status(c.school.id)).toMatchObject({ status: "approved", approvalLevel: "township" });
    expect((await put(township, c.school.id, [{ code: "TEACHERS", value: 41 }])).status).toBe(409);
    // township submits, county approves: everything below is locked
    expect((await u(c.township.id, "submit", township)).status).toBe(200);
    expect((await u(c.township.id, "approve", township)).status).toBe(403);
    expect((await u(c.township.id, "approve", staff)).status).toBe(200);
    expect(await status(c.township.id)).toMatchObject({ status: "locked", approvalLevel: "county" });
    expect((await status(c.school.id)).status).toBe("locked");
    expect((await put(staff, c.township.id, [{ code: "POP_3_5", value: 1 }])).json.error.code).toBe("DATA_LOCKED");
    // the township cannot re-open its school while the county's approval covers it
    expect((await u(c.school.id, "reopen", township, { reason: "更正教师数" })).json.error.code).toBe("APPROVAL_NOT_ALLOWED");
    expect((await u(c.township.id, "reopen", staff, { reason: "人口数据需按公安新数更正" })).status).toBe(200);
    expect((await status(c.township.id)).status).toBe("open");
    expect(await status(c.school.id)).toMatchObject({ status: "approved", approvalLevel: "township" });
    expect((await u(c.school.id, "reopen", township, { reason: "更正教师数" })).status).toBe(200);
    expect((await put(school, c.school.id, [{ code: "TEACHERS", value: 41 }])).status).toBe(200);
    const hist = (await school.request("GET", `/api/rounds/${roundId}/units/${c.school.id}/history`)).json.history as { action: string; reason: string | null }[];
    expect(hist.map((h) => h.action)).toEqual(["submit", "return", "submit", "approve", "approve", "reopen", "reopen"]);
    expect(hist.find((h) => h.action === "return")!.reason).toBe("一年级人数与学籍系统不符");
    const audits = await t.deps.database.query<{ action: string; reason: string | null }>(
      "SELECT action, reason FROM audit_events WHERE action LIKE 'data_approval.%' ORDER BY id",
    );
    expect(audits.filter((a) => a.action === "data_approval.reopen").map((a) => a.reason)).toEqual(["人口数据需按公安新数更正", "更正教师数"]);
  });
});

describe("Excel entry round trip", () => {
  async function template(username: string) {
    const r = await t.app.inject({
      method: "GET",
      url: `/api/rounds/${roundId}/template`,
      cookies: { luoshi_session: await sessionOf(username) },
    });
    expect(r.statusCode).toBe(200);
    expect(String(r.headers["content-type"])).toContain("spreadsheetml");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.rawPayload as unknown as ArrayBuffer);
    return wb;
  }
  const toBytes = async (wb: ExcelJS.Workbook) => new Uint8Array(await wb.xlsx.writeBuffer());

  it("refuses a file with bad rows, naming each, and writes nothing; then writes a good file whole", async () => {
    // the township's template: one row per school of the township, a hidden code row
    const wb = await template("township");
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(2).hidden).toBe(true);
    const codes = (ws.getRow(2).values as unknown[]).slice(1).map(String);
    expect(codes.slice(0, 3)).toEqual(["SCHOOL_CODE", "SCHOOL_NAME", "SCHOOL_TYPE"]);
    expect(codes).toContain("ENROLL_PRIMARY:一年级");
    expect(String(ws.getCell(3, 1).value)).toBe("2142000001");
    expect(ws.rowCount).toBe(3);
    const col = (key: string) => codes.indexOf(key) + 1;
    expect(ws.getCell(3, col("TEACHERS")).value).toBe(41); // pre-filled
    const before = await valueCount();
    // bad rows: a malformed code, an unknown code, the other township's school, text in a number, a duplicate
    ws.getCell(3, col("ENROLL_PRIMARY:一年级")).value = "一百";
    ws.getCell(4, 1).value = "12345";
    ws.getCell(5, 1).value = "2142999999";
    ws.getCell(6, 1).value = "2142000002";
    ws.getCell(6, col("TEACHERS")).value = 30;
    ws.getCell(7, 1).value = "2142000001";
    ws.getCell(7, col("TEACHERS")).value = 12;
    const bad = await upload(township, `/api/rounds/${roundId}/upload`, "填报.xlsx", await toBytes(wb));
    expect(bad.status, bad.body).toBe(422);
    expect(bad.json.error.code).toBe("DATA_INVALID");
    const rows = bad.json.error.details.rows as { row: number; column: string; message: string }[];
    expect(rows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
    expect(rows[0]!.message).toContain("不是数字");
    expect(rows[1]!.message).toContain("10位数字");
    expect(rows[2]!.message).toContain("不存在");
    expect(rows[3]!.message).toContain("不在您的管辖范围");
    expect(rows[4]!.message).toContain("重复");
    expect(await valueCount()).toBe(before);
    // fixed: every value of the row is written in one go, an emptied cell deletes its value
    ws.getCell(3, col("ENROLL_PRIMARY:一年级")).value = 105;
    ws.getCell(3, col("ENROLL_PRIMARY:三年级")).value = 97;
    ws.getCell(3, col("STAFF")).value = null;
    for (let r = 4; r <= 7; r++) ws.getRow(r).values = [];
    const good = await upload(township, `/api/rounds/${roundId}/upload`, "填报.xlsx", await toBytes(wb));
    expect(good.status, good.body).toBe(200);
    expect(good.json).toMatchObject({ schools: 1, deleted: 1 });
    const vals = (await school.request("GET", `/api/rounds/${roundId}/units/${c.school.id}/values`)).json.values as { elementId: number; category: string; value: number }[];
    const v = (code: string, cat = "") => vals.find((x) => x.elementId === el.get(code)!.id && x.category === cat)?.value;
    expect([v("ENROLL_PRIMARY", "一年级"), v("ENROLL_PRIMARY", "三年级"), v("TEACHERS"), v("STAFF")]).toEqual([105, 97, 41, undefined]);
    // a submitted school's row is refused as locked
    expect((await school.request("POST", `/api/rounds/${roundId}/units/${c.school.id}/submit`, {})).status).toBe(200);
    const locked = await upload(township, `/api/rounds/${roundId}/upload`, "填报.xlsx", await toBytes(wb));
    expect(locked.status).toBe(422);
    expect(locked.json.error.details.rows[0].message).toContain("已上报");
    // observers cannot upload; a school sees only its own row
    expect((await upload(observer, `/api/rounds/${roundId}/upload`, "填报.xlsx", await toBytes(wb))).status).toBe(403);
    const mine = await template("otherschool");
    expect(mine.worksheets[0]!.rowCount).toBe(3);
    expect(String(mine.worksheets[0]!.getCell(3, 1).value)).toBe("2142000002");
  });

  it("refuses a spreadsheet without the code row", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("x").addRow(["学校标识码", "专任教师数"]);
    const r = await upload(staff, `/api/rounds/${roundId}/upload`, "x.xlsx", await toBytes(wb));
    expect(r.status).toBe(422);
    expect(r.json.error.details.rows[0].row).toBe(2);
    expect((await upload(staff, `/api/rounds/${roundId}/upload`, "x.txt", new TextEncoder().encode("hi"))).status).toBe(415);
  });
});

async function sessionOf(username: string): Promise<string> {
  const res = await t.app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password: "test-pass-2024" } });
  return res.cookies.find((x) => x.name === "luoshi_session")!.value;
}
