// Closing and re-opening a collection round, 逾期未报 (overdue units), and custom data elements, through HTTP
// on a real database.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loginAll, testApp, type Client, type TestApp } from "../../../../test/app.ts";
import { seedCounty, type County } from "../../../../test/factories.ts";

let t: TestApp;
let c: County;
let staff: Client, township: Client, school: Client, leader: Client;
let roundId: number;
let setId: number;
let teachers: number;

async function sheet(value: number) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("填报表");
  ws.addRow(["学校标识码", "学校名称", "办学类型", "专任教师数"]);
  ws.addRow(["SCHOOL_CODE", "SCHOOL_NAME", "SCHOOL_TYPE", "TEACHERS"]);
  ws.addRow(["2142000001", "东坡镇中心小学", "小学", value]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
function upload(client: Client, bytes: Uint8Array) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)]), "填报.xlsx");
  return client.request("POST", `/api/rounds/${roundId}/upload`, form);
}
const put = (client: Client, value: number) =>
  client.request("PUT", `/api/rounds/${roundId}/units/${c.school.id}/values`, {
    values: [{ elementId: teachers, category: "", value }],
  });
const detail = async () => (await staff.request("GET", `/api/rounds/${roundId}`)).json;
const storedTeachers = async () =>
  (
    await t.deps.database.query<{ value: string }>(
      "SELECT value::text FROM data_values WHERE element_id = $1 AND org_unit_id = $2",
      [teachers, c.school.id],
    )
  )[0]?.value;

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  [staff, township, school, leader] = await loginAll(t, ["staff", "township", "school", "leader"] as const);
  const els = (await staff.request("GET", "/api/data-elements")).json.elements as { id: number; code: string }[];
  teachers = els.find((e) => e.code === "TEACHERS")!.id;
  const sets = (await staff.request("GET", "/api/data-sets")).json.dataSets as { id: number; code: string }[];
  setId = sets.find((s) => s.code === "EDU_CENSUS")!.id;
  // due in 10 days (China Standard Time)
  const now = t.deps.clock.now();
  const day = (d: number) => new Date(now.getTime() + 8 * 3_600_000 + d * 86_400_000).toISOString().slice(0, 10);
  const r = await staff.request("POST", "/api/rounds", { dataSetId: setId, name: "2025学年统计", period: "2025", opensOn: day(-5), dueOn: day(10) });
  expect(r.status, r.body).toBe(201);
  roundId = r.json.round.id;
}, 60_000);
afterAll(() => t.close());

describe("closing a round", () => {
  it("refuses entry, uploads and submissions in a closed round with ROUND_CLOSED, keeps it readable, and re-opens", async () => {
    expect((await put(school, 30)).status).toBe(200);
    const d = await detail();
    expect(d.round.status).toBe("open");
    // readers and townships may not close; a stale version is refused
    expect((await leader.request("POST", `/api/rounds/${roundId}/close`, { version: d.round.version })).status).toBe(403);
    expect((await township.request("POST", `/api/rounds/${roundId}/close`, { version: d.round.version })).status).toBe(403);
    expect((await staff.request("POST", `/api/rounds/${roundId}/close`, { version: d.round.version + 1 })).json.error.code).toBe("STALE_VERSION");
    const closed = await staff.request("POST", `/api/rounds/${roundId}/close`, { version: d.round.version });
    expect(closed.status, closed.body).toBe(200);
    expect(closed.json.round.status).toBe("closed");
    expect((await staff.request("POST", `/api/rounds/${roundId}/close`, { version: closed.json.round.version })).status).toBe(409);

    const refused = await put(school, 31);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("ROUND_CLOSED");
    expect((await put(staff, 31)).json.error.code).toBe("ROUND_CLOSED");
    expect((await upload(township, await sheet(32))).json.error.code).toBe("ROUND_CLOSED");
    expect((await school.request("POST", `/api/rounds/${roundId}/units/${c.school.id}/submit`, {})).json.error.code).toBe("ROUND_CLOSED");
    expect(await storedTeachers()).toBe("30");
    // still readable, shown closed and not editable
    const v = await school.request("GET", `/api/rounds/${roundId}/units/${c.school.id}/values`);
    expect(v.status).toBe(200);
    expect(v.json.round.status).toBe("closed");
    expect(v.json.editable).toBe(false);
    const list = (await leader.request("GET", "/api/rounds")).json.rounds as { id: number; status: string }[];
    expect(list.find((r) => r.id === roundId)!.status).toBe("closed");

    const reopened = await staff.request("POST", `/api/rounds/${roundId}/reopen`, { version: closed.json.round.version });
    expect(reopened.status, reopened.body).toBe(200);
    expect(reopened.json.round.status).toBe("open");
    expect((await put(school, 33)).status).toBe(200);
    expect(await storedTeachers()).toBe("33");
    const up = await upload(township, await sheet(34));
    expect(up.status, up.body).toBe(200);
    expect(await storedTeachers()).toBe("34");
    const audit = await t.deps.database.query<{ action: string; actor_id: number }>(
      "SELECT action, actor_id FROM audit_events WHERE entity = 'collection_round' AND entity_id = $1 AND action LIKE 'collection_round.%' ORDER BY id",
      [roundId],
    );
    expect(audit.map((a) => a.action)).toEqual(["collection_round.created", "collection_round.closed", "collection_round.reopened"]);
  });

  it("marks units that have not submitted after the due date as 逾期未报", async () => {
    let d = await detail();
    expect((d.units as { overdue: boolean }[]).some((u) => u.overdue)).toBe(false);
    expect(d.progress.overdue).toBe(0);
    const sub = await school.request("POST", `/api/rounds/${roundId}/units/${c.school.id}/submit`, {});
    expect(sub.status, sub.body).toBe(200);
    // the due date passes (moving the clock 12 days would end the sessions)
    await t.deps.database.query("UPDATE collection_rounds SET due_on = due_on - 12 WHERE id = $1", [roundId]);
    d = await detail();
    const units = d.units as { orgUnitId: number; status: string; overdue: boolean }[];
    expect(units.find((u) => u.orgUnitId === c.school.id)!.overdue).toBe(false); // submitted in time
    expect(units.find((u) => u.orgUnitId === c.otherSchool.id)!.overdue).toBe(true);
    expect(units.filter((u) => u.overdue).every((u) => u.status === "open")).toBe(true);
    expect(d.progress.overdue).toBe(units.filter((u) => u.status === "open").length);
    const list = (await staff.request("GET", "/api/rounds")).json.rounds as { id: number; progress: { overdue: number } }[];
    expect(list.find((r) => r.id === roundId)!.progress.overdue).toBe(d.progress.overdue);
    await t.deps.database.query("UPDATE collection_rounds SET due_on = due_on + 12 WHERE id = $1", [roundId]);
    expect((await detail()).progress.overdue).toBe(0);
  });
});

describe("custom data elements", () => {
  const base = { code: "LIBRARY_BOOKS", name: "图书册数", valueType: "integer", timeAggregation: "last", entryLevel: "school", unit: "册" };

  it("creates an element with a unique UPPER_SNAKE code, for county staff only", async () => {
    expect((await school.request("POST", "/api/data-elements", base)).status).toBe(403);
    expect((await leader.request("POST", "/api/data-elements", base)).status).toBe(403);
    expect((await staff.request("POST", "/api/data-elements", { ...base, code: "library_books" })).status).toBe(400);
    expect((await staff.request("POST", "/api/data-elements", { ...base, categories: ["纸质", "纸质"] })).status).toBe(400);
    const r = await staff.request("POST", "/api/data-elements", { ...base, categories: ["纸质", "电子"] });
    expect(r.status, r.body).toBe(201);
    expect(r.json.element).toMatchObject({ code: "LIBRARY_BOOKS", categories: ["纸质", "电子"], builtin: false, version: 1 });
    expect((await staff.request("POST", "/api/data-elements", base)).status).toBe(409);
    expect((await staff.request("POST", "/api/data-elements", { ...base, code: "TEACHERS" })).status).toBe(409);
    const audit = await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'data_element.created'");
    expect(audit[0]!.n).toBe(1);
  });

  it("adds it to a data set, where the schools' forms show it, and refuses a second add", async () => {
    const id = ((await staff.request("GET", "/api/data-elements")).json.elements as { id: number; code: string }[]).find((e) => e.code === "LIBRARY_BOOKS")!.id;
    expect((await township.request("POST", `/api/data-sets/${setId}/elements`, { elementId: id })).status).toBe(403);
    const r = await staff.request("POST", `/api/data-sets/${setId}/elements`, { elementId: id });
    expect(r.status, r.body).toBe(201);
    expect(r.json.dataSet.elementIds.at(-1)).toBe(id);
    expect((await staff.request("POST", `/api/data-sets/${setId}/elements`, { elementId: id })).status).toBe(409);
    expect((await staff.request("POST", `/api/data-sets/999999/elements`, { elementId: id })).status).toBe(404);
    const form = (await staff.request("GET", `/api/rounds/${roundId}/units/${c.otherSchool.id}/values`)).json;
    expect((form.elements as { code: string }[]).map((e) => e.code)).toContain("LIBRARY_BOOKS");
  });

  it("edits a custom element, but not a built-in one, nor the shape of one with values", async () => {
    const els = (await staff.request("GET", "/api/data-elements")).json.elements as { id: number; code: string; version: number }[];
    const mine = els.find((e) => e.code === "LIBRARY_BOOKS")!;
    const builtin = els.find((e) => e.code === "TEACHERS")!;
    const b = await staff.request("PATCH", `/api/data-elements/${builtin.id}`, { version: builtin.version, name: "改" });
    expect(b.json.error.code).toBe("ELEMENT_BUILTIN");
    expect((await school.request("PATCH", `/api/data-elements/${mine.id}`, { version: mine.version, name: "改" })).status).toBe(403);
    expect((await staff.request("PATCH", `/api/data-elements/${mine.id}`, { version: mine.version + 1, name: "改" })).json.error.code).toBe("STALE_VERSION");
    // no values yet: the categories may change
    const e1 = await staff.request("PATCH", `/api/data-elements/${mine.id}`, { version: mine.version, categories: ["纸质", "电子", "其他"] });
    expect(e1.status, e1.body).toBe(200);
    expect(e1.json.element).toMatchObject({ categories: ["纸质", "电子", "其他"], version: mine.version + 1 });
    // a value is entered for the other school (still open in the round)
    const w = await staff.request("PUT", `/api/rounds/${roundId}/units/${c.otherSchool.id}/values`, {
      values: [{ elementId: mine.id, category: "纸质", value: 1200 }],
    });
    expect(w.status, w.body).toBe(200);
    const v2 = e1.json.element.version as number;
    expect((await staff.request("PATCH", `/api/data-elements/${mine.id}`, { version: v2, categories: ["纸质"] })).json.error.code).toBe("ELEMENT_HAS_VALUES");
    expect((await staff.request("PATCH", `/api/data-elements/${mine.id}`, { version: v2, valueType: "number" })).json.error.code).toBe("ELEMENT_HAS_VALUES");
    // name, aggregation and description still may
    const e2 = await staff.request("PATCH", `/api/data-elements/${mine.id}`, { version: v2, name: "藏书册数", timeAggregation: "sum" });
    expect(e2.status, e2.body).toBe(200);
    expect(e2.json.element).toMatchObject({ name: "藏书册数", timeAggregation: "sum", categories: ["纸质", "电子", "其他"], valueType: "integer" });
    const audit = await t.deps.database.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_events WHERE action = 'data_element.updated'");
    expect(audit[0]!.n).toBe(2);
  });
});
