// Custom indicators: county staff define Σnumerator / Σdenominator × factor over (custom) data elements; the
// value at every level is the ratio of the sums (hand-computed tree below); bad formulas, unknown elements,
// taken codes and built-ins are refused with nothing written; a target is matched to a custom indicator by
// its synonym, measured on the task, and the indicator cannot be deleted while the link uses it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../../test/app.ts";
import { seedCounty, type County } from "../../../../test/factories.ts";
import { KEY_POINTS, upload } from "../../plans/test-support.ts";
import { addUnit, setValue } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client;
let leader: Client;
let school: Client;
let township: Client;
let planId: number;
let s2: number;

// the tree: 青山县 → 教育局 → 东坡镇 (s1 = 东坡镇中心小学, s2 = 东坡镇第二小学) and 西岭乡 (s3 = 西岭乡中学)
const ENROL = { s1: 200, s2: 100, s3: 300 };
const GIRLS = { s1: 90, s2: 60, s3: 120 };

const SHARE = {
  code: "GIRLS_SHARE",
  name: "小学女生占比",
  unit: "%",
  decimals: 1,
  factor: 100,
  numerator: "GIRLS_PRIMARY",
  denominator: "ENROLL_PRIMARY",
  synonyms: ["小学女生比例", "女生占比"],
  definition: "小学女生数 ÷ 小学在校生数 × 100%。",
  source: "本县统计口径",
};

const written = async () => {
  const db = t.deps.database;
  const [a] = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM indicators");
  const [b] = await db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_events WHERE action LIKE 'indicator.%'",
  );
  return { indicators: a!.n, audit: b!.n };
};

beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  [staff, leader, school, township] = await Promise.all([
    t.as("staff"),
    t.as("leader"),
    t.as("school"),
    t.as("township"),
  ]);
  const el = await staff.request("POST", "/api/data-elements", {
    code: "GIRLS_PRIMARY",
    name: "小学女生数",
    valueType: "integer",
    timeAggregation: "last",
    entryLevel: "school",
  });
  expect(el.status, el.body).toBe(201);
  const db = t.deps.database.db;
  s2 = await addUnit(db, c.township.id, "school", "东坡镇第二小学", { schoolType: "primary", ownership: "public" });
  for (const [id, k] of [
    [c.school.id, "s1"],
    [s2, "s2"],
    [c.otherSchool.id, "s3"],
  ] as const) {
    await setValue(db, "ENROLL_PRIMARY", id, "2025", ENROL[k]);
    await setValue(db, "GIRLS_PRIMARY", id, "2025", GIRLS[k]);
  }
  const dr = await upload(staff, "/api/imports", "2025年工作要点.txt", KEY_POINTS);
  expect(dr.status, dr.body).toBe(201);
  const commit = await staff.request("POST", `/api/imports/${dr.json.draftId}/commit`, {});
  expect(commit.status, commit.body).toBe(201);
  planId = commit.json.planId;
}, 60_000);
afterAll(() => t.close());

describe("a custom indicator", () => {
  let id: number;

  it("is created by county staff only, and then listed in the catalogue beside the built-ins", async () => {
    for (const u of [school, township, leader]) {
      const r = await u.request("POST", "/api/indicators", SHARE);
      expect(r.status, `${u.username} ${r.body}`).toBe(403);
    }
    const r = await staff.request("POST", "/api/indicators", SHARE);
    expect(r.status, r.body).toBe(201);
    expect(r.json.indicator).toMatchObject({ code: "GIRLS_SHARE", kind: "ratio", factor: 100, unit: "%" });
    id = r.json.indicator.custom.id;
    const cat = await school.request("GET", "/api/indicators/catalogue");
    const mine = cat.json.indicators.find((d: { code: string }) => d.code === "GIRLS_SHARE");
    expect(mine).toMatchObject({
      builtin: false,
      id,
      version: 1,
      numerator: "GIRLS_PRIMARY",
      denominator: "ENROLL_PRIMARY",
    });
    expect(cat.json.indicators.find((d: { code: string }) => d.code === "KG_GER").builtin).toBe(true);
    const [row] = await t.deps.database.query<{ builtin: boolean; definition: { factor: number; synonyms: string[] } }>(
      "SELECT builtin, definition FROM indicators WHERE id = $1",
      [id],
    );
    expect(row).toMatchObject({ builtin: false, definition: { factor: 100, synonyms: ["小学女生比例", "女生占比"] } });
    const [audit] = await t.deps.database.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'indicator.created' AND entity_id = $1",
      [id],
    );
    expect(audit!.n).toBe(1);
  });

  it("is Σnumerator / Σdenominator × factor at school, township and county (not a mean of rates)", async () => {
    const count = await staff.request("POST", "/api/indicators", {
      code: "GIRLS_PRIMARY_TOTAL",
      name: "小学女生数（合计）",
      unit: "个",
      decimals: 0,
      factor: 1,
      numerator: "GIRLS_PRIMARY",
      denominator: "",
    });
    expect(count.status, count.body).toBe(201);
    expect(count.json.indicator.kind).toBe("count");
    const r = await leader.request(
      "GET",
      `/api/indicators/values?root=${c.county.id}&depth=3&years=2025&codes=GIRLS_SHARE,GIRLS_PRIMARY_TOTAL`,
    );
    expect(r.status, r.body).toBe(200);
    expect(r.json.indicators.map((i: { code: string }) => i.code)).toEqual(["GIRLS_SHARE", "GIRLS_PRIMARY_TOTAL"]);
    const at = (unitId: number, code = "GIRLS_SHARE") =>
      r.json.units.find((u: { id: number }) => u.id === unitId).values[code]["2025"];
    const share = (g: number, e: number) => (g / e) * 100;
    expect(at(c.school.id)).toMatchObject({ numerator: GIRLS.s1, denominator: ENROL.s1 });
    expect(at(c.school.id).value).toBeCloseTo(share(GIRLS.s1, ENROL.s1), 9);
    expect(at(s2).value).toBeCloseTo(share(GIRLS.s2, ENROL.s2), 9);
    expect(at(c.otherSchool.id).value).toBeCloseTo(share(GIRLS.s3, ENROL.s3), 9);
    // township: (90 + 60) / (200 + 100) = 50 %, not the mean of 45 % and 60 %
    expect(at(c.township.id)).toMatchObject({ numerator: GIRLS.s1 + GIRLS.s2, denominator: ENROL.s1 + ENROL.s2 });
    expect(at(c.township.id).value).toBeCloseTo(share(GIRLS.s1 + GIRLS.s2, ENROL.s1 + ENROL.s2), 9);
    const all = { g: GIRLS.s1 + GIRLS.s2 + GIRLS.s3, e: ENROL.s1 + ENROL.s2 + ENROL.s3 };
    expect(at(c.county.id)).toMatchObject({ numerator: all.g, denominator: all.e });
    expect(at(c.county.id).value).toBeCloseTo(share(all.g, all.e), 9);
    const meanOfRates = (share(GIRLS.s1, ENROL.s1) + share(GIRLS.s2, ENROL.s2) + share(GIRLS.s3, ENROL.s3)) / 3;
    expect(Math.abs(at(c.county.id).value - meanOfRates)).toBeGreaterThan(1);
    expect(at(c.county.id, "GIRLS_PRIMARY_TOTAL")).toMatchObject({ value: all.g, denominator: null });
    expect(at(c.township.id, "GIRLS_PRIMARY_TOTAL").value).toBe(GIRLS.s1 + GIRLS.s2);
    // the series reads it like a built-in
    const s = await leader.request(
      "GET",
      `/api/indicators/series?code=GIRLS_SHARE&unit=${c.township.id}&years=2024-2025`,
    );
    expect(s.status, s.body).toBe(200);
    expect(s.json.indicator).toMatchObject({ code: "GIRLS_SHARE", unit: "%", decimals: 1 });
    expect(s.json.points.map((p: { value: number | null }) => p.value)).toEqual([null, 50]);
  });

  it("is edited at its version; the next read uses the new formula", async () => {
    const cat = await staff.request("GET", "/api/indicators/catalogue");
    const cur = cat.json.indicators.find((d: { code: string }) => d.code === "GIRLS_SHARE");
    const { code: _c, ...fields } = SHARE;
    const edit = { ...fields, version: cur.version, name: "小学女生千分比", unit: "", factor: 1000, decimals: 0 };
    const ok = await staff.request("PUT", `/api/indicators/${id}`, edit);
    expect(ok.status, ok.body).toBe(200);
    expect(ok.json.indicator).toMatchObject({ name: "小学女生千分比", factor: 1000, custom: { id, version: 2 } });
    const stale = await staff.request("PUT", `/api/indicators/${id}`, edit);
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe("STALE_VERSION");
    const r = await leader.request(
      "GET",
      `/api/indicators/values?root=${c.township.id}&depth=0&years=2025&codes=GIRLS_SHARE`,
    );
    expect(r.json.units[0].values.GIRLS_SHARE["2025"].value).toBeCloseTo(
      ((GIRLS.s1 + GIRLS.s2) / (ENROL.s1 + ENROL.s2)) * 1000,
      9,
    );
    // back to the percentage for the target below
    const back = await staff.request("PUT", `/api/indicators/${id}`, { ...fields, version: 2 });
    expect(back.status, back.body).toBe(200);
    expect(back.json.indicator.custom.version).toBe(3);
  });

  it("refuses bad formulas, unknown elements, taken and built-in codes, with nothing written", async () => {
    const before = await written();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...SHARE, code: "BAD_1", numerator: "GIRLS_PRIMARY / (" }, 400, "INDICATOR_EXPR_INVALID"],
      [{ ...SHARE, code: "BAD_2", denominator: "ENROLL_PRIMARY $ 2" }, 400, "INDICATOR_EXPR_INVALID"],
      [{ ...SHARE, code: "BAD_3", numerator: "100" }, 400, "INDICATOR_EXPR_INVALID"],
      [{ ...SHARE, code: "BAD_4", numerator: "POP_{ageBand}" }, 400, "INDICATOR_EXPR_INVALID"],
      [{ ...SHARE, code: "BAD_5", numerator: "NO_SUCH_ELEMENT" }, 400, "INDICATOR_ELEMENT_UNKNOWN"],
      [{ ...SHARE, code: "BAD_6", denominator: "ENROLL_PRIMARY[filter=nowhere]" }, 400, "INDICATOR_ELEMENT_UNKNOWN"],
      // the 幼儿园 filter does not count GIRLS_PRIMARY (the filter's elements): refused, not a silent 0
      [{ ...SHARE, code: "BAD_7", numerator: "GIRLS_PRIMARY[filter=kg]" }, 400, "INDICATOR_ELEMENT_UNKNOWN"],
      [{ ...SHARE, code: "BAD_8", numerator: "GIRLS_PRIMARY[cat=女]" }, 400, "INDICATOR_ELEMENT_UNKNOWN"],
      [{ ...SHARE }, 409, "INDICATOR_CODE_TAKEN"],
      [{ ...SHARE, code: "KG_GER" }, 409, "INDICATOR_CODE_TAKEN"],
      [{ ...SHARE, code: "girls_share" }, 400, "VALIDATION"],
      [{ ...SHARE, code: "BAD_9", unit: "米" }, 400, "VALIDATION"],
      [{ ...SHARE, code: "BAD_10", factor: 0 }, 400, "VALIDATION"],
    ];
    for (const [body, status, code] of cases) {
      const r = await staff.request("POST", "/api/indicators", body);
      expect(r.status, `${JSON.stringify(body)} → ${r.body}`).toBe(status);
      expect(r.json.error.code).toBe(code);
      expect(typeof r.json.error.message).toBe("string");
    }
    // the message names what is wrong
    const unknown = await staff.request("POST", "/api/indicators", { ...SHARE, code: "BAD_11", numerator: "NOPE" });
    expect(JSON.stringify(unknown.json.error)).toContain("NOPE");
    // an edit with a bad formula changes nothing either
    const { code: _c, ...fields } = SHARE;
    const badEdit = await staff.request("PUT", `/api/indicators/${id}`, { ...fields, version: 3, numerator: "NOPE" });
    expect(badEdit.status).toBe(400);
    expect(badEdit.json.error.code).toBe("INDICATOR_ELEMENT_UNKNOWN");
    // built-ins refuse edit and delete
    const [ger] = await t.deps.database.query<{ id: number }>("SELECT id FROM indicators WHERE code = 'KG_GER'");
    const e1 = await staff.request("PUT", `/api/indicators/${ger!.id}`, { ...fields, version: 1 });
    expect([e1.status, e1.json.error.code]).toEqual([409, "INDICATOR_BUILTIN"]);
    const e2 = await staff.request("DELETE", `/api/indicators/${ger!.id}`);
    expect([e2.status, e2.json.error.code]).toEqual([409, "INDICATOR_BUILTIN"]);
    expect(await written()).toEqual(before);
    const [row] = await t.deps.database.query<{ version: number; name: string }>(
      "SELECT version, name FROM indicators WHERE id = $1",
      [id],
    );
    expect(row).toEqual({ version: 3, name: SHARE.name });
  });

  it("matches a plan target by its synonym, measures the task, and cannot be deleted while linked", async () => {
    const [task] = await t.deps.database.query<{ id: number }>(
      "SELECT t.id FROM tasks t WHERE t.plan_id = $1 ORDER BY t.id LIMIT 1",
      [planId],
    );
    const [target] = await t.deps.database.query<{ id: number }>(
      "INSERT INTO targets (task_id, indicator, value, unit, year) VALUES ($1, '小学女生比例', 50, '%', 2025) RETURNING id",
      [task!.id],
    );
    const sug = await staff.request("POST", `/api/plans/${planId}/indicator-links/suggest`);
    expect(sug.status, sug.body).toBe(200);
    const links = await staff.request("GET", `/api/plans/${planId}/indicator-links`);
    const mine = links.json.targets.find((x: { targetId: number }) => x.targetId === target!.id);
    expect(mine.link).toMatchObject({ status: "suggested", indicatorCode: "GIRLS_SHARE", orgUnitId: c.county.id });
    expect(mine.candidates[0]).toMatchObject({ code: "GIRLS_SHARE", score: 1 });
    const ok = await staff.request("PUT", `/api/targets/${target!.id}/indicator-link`, {
      status: "confirmed",
      version: mine.link.version,
    });
    expect(ok.status, ok.body).toBe(200);
    const panel = await leader.request("GET", `/api/tasks/${task!.id}/indicators`);
    const check = panel.json.targets.find((x: { targetId: number }) => x.targetId === target!.id).check;
    const county = ((GIRLS.s1 + GIRLS.s2 + GIRLS.s3) / (ENROL.s1 + ENROL.s2 + ENROL.s3)) * 100;
    expect(check).toMatchObject({
      indicatorCode: "GIRLS_SHARE",
      indicatorName: SHARE.name,
      op: ">=",
      met: false,
      status: "未达标",
    });
    expect(check.achieved).toBeCloseTo(county, 9);
    expect(check.gap).toBeCloseTo(50 - county, 9);

    // while linked, its unit cannot change to one the target does not fit
    const { code: _c, ...fields } = SHARE;
    const cur = (await staff.request("GET", "/api/indicators/catalogue")).json.indicators.find(
      (d: { code: string }) => d.code === "GIRLS_SHARE",
    );
    const misfit = await staff.request("PUT", `/api/indicators/${id}`, { ...fields, version: cur.version, unit: "个" });
    expect(misfit.status, misfit.body).toBe(422);
    expect(misfit.json.error.code).toBe("TARGET_LINK_INVALID");

    const before = await written();
    const refused = await staff.request("DELETE", `/api/indicators/${id}`);
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe("INDICATOR_IN_USE");
    expect(refused.json.error.details.targetIds).toEqual([target!.id]);
    expect(await written()).toEqual(before);

    // rejected, the link no longer uses it: the delete goes through and the catalogue drops it
    const link = (await staff.request("GET", `/api/plans/${planId}/indicator-links`)).json.targets.find(
      (x: { targetId: number }) => x.targetId === target!.id,
    ).link;
    const rej = await staff.request("PUT", `/api/targets/${target!.id}/indicator-link`, {
      status: "rejected",
      version: link.version,
    });
    expect(rej.status, rej.body).toBe(200);
    expect((await school.request("DELETE", `/api/indicators/${id}`)).status).toBe(403);
    const del = await staff.request("DELETE", `/api/indicators/${id}`);
    expect(del.status, del.body).toBe(200);
    expect(await written()).toEqual({ indicators: before.indicators - 1, audit: before.audit + 1 });
    const cat = await leader.request("GET", "/api/indicators/catalogue");
    expect(cat.json.indicators.some((d: { code: string }) => d.code === "GIRLS_SHARE")).toBe(false);
    const gone = await leader.request(
      "GET",
      `/api/indicators/values?root=${c.county.id}&depth=0&years=2025&codes=GIRLS_SHARE`,
    );
    expect(gone.status).toBe(404);
  });
});
