// Aggregation correctness on a hand-computed tree, time aggregation, 差异系数, and the totals trigger
// against a full rebuild.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../../test/db.ts";
import { run, type Database } from "../../../platform/db.ts";
import { recomputeAll, withTotalsOff } from "./aggregate.ts";
import { subtreeUnits, unitById } from "./calc.repo.ts";
import { indicatorByCode } from "./catalogue.ts";
import { evaluate } from "./evaluate.ts";
import { evaluateTemplate, indicatorTable, indicatorValue } from "./explorer.ts";
import { addUnit, deleteValue, setValue, totalsSnapshot } from "./test-support.ts";

let database: Database;
const u = {} as Record<string, number>;

beforeAll(async () => {
  database = await testDatabase();
  const db = database.db;
  // county → 2 townships → 5 kindergartens (public / 普惠性民办 / 非普惠民办)
  u.C = await addUnit(db, null, "county", "测试县");
  u.T1 = await addUnit(db, u.C, "township", "东镇");
  u.T2 = await addUnit(db, u.C, "township", "西镇");
  u.K1 = await addUnit(db, u.T1, "school", "东镇中心幼儿园", { schoolType: "kindergarten", ownership: "public" });
  u.K2 = await addUnit(db, u.T1, "school", "东镇阳光幼儿园", {
    schoolType: "kindergarten",
    ownership: "private",
    inclusive: true,
  });
  u.K3 = await addUnit(db, u.T1, "school", "东镇贝贝幼儿园", {
    schoolType: "kindergarten",
    ownership: "private",
    inclusive: false,
  });
  u.K4 = await addUnit(db, u.T2, "school", "西镇小太阳幼儿园", {
    schoolType: "kindergarten",
    ownership: "private",
    inclusive: true,
  });
  u.K5 = await addUnit(db, u.T2, "school", "西镇中心幼儿园", { schoolType: "kindergarten", ownership: "public" });
  const enrol: [string, number][] = [
    ["K1", 100],
    ["K2", 50],
    ["K3", 50],
    ["K4", 30],
    ["K5", 20],
  ];
  for (const [k, v] of enrol) await setValue(db, "ENROLL_KG", u[k]!, "2024", v);
  // population is entered by the townships
  await setValue(db, "POP_3_5", u.T1!, "2024", 250);
  await setValue(db, "POP_3_5", u.T2!, "2024", 40);
  const teachers: [string, number, number][] = [
    ["K1", 10, 9],
    ["K2", 5, 1],
    ["K3", 5, 2],
    ["K4", 4, 2],
    ["K5", 2, 2],
  ];
  for (const [k, t, b] of teachers) {
    await setValue(db, "TEACHERS", u[k]!, "2024", t);
    await setValue(db, "TEACHERS_BACHELOR", u[k]!, "2024", b);
  }
}, 60_000);
afterAll(() => database.close());

const value = async (code: string, unit: string, year = 2024) =>
  (await indicatorValue(database.db, { code, orgUnitId: u[unit]!, year })).value;

describe("Σnumerator / Σdenominator at every level", () => {
  it("学前三年毛入园率: the county is 250/290, not the mean of the townships' rates", async () => {
    expect(await value("KG_GER", "T1")).toBeCloseTo((200 / 250) * 100, 9);
    expect(await value("KG_GER", "T2")).toBeCloseTo((50 / 40) * 100, 9);
    const county = await value("KG_GER", "C");
    expect(county).toBeCloseTo((250 / 290) * 100, 9);
    const meanOfRates = ((200 / 250) * 100 + (50 / 40) * 100) / 2;
    expect(Math.abs(county! - meanOfRates)).toBeGreaterThan(10);
  });

  it("普惠性幼儿园覆盖率 counts public and 普惠性民办 kindergartens; 公办园占比 only public ones", async () => {
    expect(await value("KG_PUHUI_COVERAGE", "T1")).toBeCloseTo((150 / 200) * 100, 9);
    expect(await value("KG_PUHUI_COVERAGE", "T2")).toBeCloseTo(100, 9);
    expect(await value("KG_PUHUI_COVERAGE", "C")).toBeCloseTo((200 / 250) * 100, 9);
    expect(await value("KG_PUBLIC_SHARE", "C")).toBeCloseTo((120 / 250) * 100, 9);
    // a private kindergarten: 0% public, not "no data"; a township without data: no value
    expect(await value("KG_PUBLIC_SHARE", "K3")).toBe(0);
    expect(await value("KG_PUBLIC_SHARE", "K1")).toBe(100);
  });

  it("本科及以上学历专任教师占比: 16/26 at the county, not the mean of the five schools' rates", async () => {
    const county = await value("TEACHERS_BACHELOR_SHARE", "C");
    expect(county).toBeCloseTo((16 / 26) * 100, 9);
    const meanOfSchools = (90 + 20 + 40 + 50 + 100) / 5;
    expect(Math.abs(county! - meanOfSchools)).toBeGreaterThan(1);
  });

  it("the table gives value, numerator and denominator per unit and year", async () => {
    const t = await indicatorTable({ database }, { rootUnitId: u.C!, depth: 1, years: [2024], codes: ["KG_GER"] });
    expect(t.units.map((x) => x.id)).toEqual([u.C, u.T1, u.T2]);
    const c = t.units[0]!.values.KG_GER![2024]!;
    expect([c.numerator, c.denominator]).toEqual([250, 290]);
    expect(t.units[1]!.values.KG_GER![2024]!.numerator).toBe(200);
    const deeper = await indicatorTable({ database }, { rootUnitId: u.C!, depth: 2, years: [2024], codes: ["KG_GER"] });
    expect(deeper.units).toHaveLength(8);
    // a kindergarten has no population of its own: no rate
    expect(deeper.units.find((x) => x.id === u.K1)!.values.KG_GER![2024]!.value).toBeNull();
  });

  it("学前双普 thresholds: met or not for the county", async () => {
    const r = await evaluateTemplate(database.db, { template: "XUEQIAN_SHUANGPU", orgUnitId: u.C!, year: 2024 });
    const by = Object.fromEntries(r.results.map((x) => [x.indicator, x.met]));
    // 86.2% ≥ 85 met; 80% ≥ 80 met; 48% < 50 not met
    expect(by).toEqual({ KG_GER: true, KG_PUHUI_COVERAGE: true, KG_PUBLIC_SHARE: false });
    expect(r.allMet).toBe(false);
  });
});

describe("time aggregation", () => {
  it("a stock takes the year's last period; a flow sums the year's periods", async () => {
    const db = database.db;
    await setValue(db, "ENROLL_KG", u.K5!, "2025Q1", 18);
    await setValue(db, "ENROLL_KG", u.K5!, "2025Q3", 20);
    await setValue(db, "ENROLL_KG", u.K5!, "2025Q2", 25);
    await setValue(db, "FUNDS_PUBLIC", u.K5!, "2025Q1", 1000);
    await setValue(db, "FUNDS_PUBLIC", u.K5!, "2025Q3", 500);
    for (const unit of ["K5", "T2", "C"]) {
      const v = await indicatorValue(db, { code: "FUNDS_PER_STUDENT", orgUnitId: u[unit]!, year: 2025 });
      expect([unit, v.numerator, v.denominator]).toEqual([unit, 1500, 20]);
      expect(v.value).toBeCloseTo(75, 9);
    }
    // 2024 is untouched by 2025's periods
    expect((await indicatorValue(db, { code: "KG_GER", orgUnitId: u.C!, year: 2024 })).numerator).toBe(250);
  });
});

describe("校际差异系数 (教督〔2017〕6号)", () => {
  it("weights each school by its enrolment: CV = S / X̄ over the level's schools of the subtree", async () => {
    const db = database.db;
    const T3 = await addUnit(db, u.C!, "township", "南乡");
    const schools: [number, number, number][] = [];
    for (const [name, students, area] of [
      ["南乡一小", 100, 500],
      ["南乡二小", 200, 800],
      ["南乡三小", 50, 400],
    ] as const) {
      const id = await addUnit(db, T3, "school", name, { schoolType: "primary", ownership: "public" });
      // enrolment by grade: the total is the sum of categories
      await setValue(db, "ENROLL_PRIMARY", id, "2024", students * 0.6, "一年级");
      await setValue(db, "ENROLL_PRIMARY", id, "2024", students * 0.4, "二年级");
      await setValue(db, "TEACHING_ROOM_AREA", id, "2024", area);
      schools.push([id, students, area]);
    }
    // a junior school does not count for the primary level
    const junior = await addUnit(db, T3, "school", "南乡中学", { schoolType: "junior", ownership: "public" });
    await setValue(db, "ENROLL_PRIMARY", junior, "2024", 999);
    await setValue(db, "TEACHING_ROOM_AREA", junior, "2024", 99_999);
    // by hand: X = area / students
    const P = schools.map((s) => s[1]);
    const X = schools.map((s) => s[2] / s[1]);
    const sumP = P.reduce((a, b) => a + b, 0);
    const mean = P.reduce((a, p, i) => a + p * X[i]!, 0) / sumP;
    const S = Math.sqrt(P.reduce((a, p, i) => a + p * (X[i]! - mean) ** 2, 0) / sumP);
    for (const unit of [T3, u.C!]) {
      const v = await indicatorValue(db, { code: "CV_P_ROOM_AREA", orgUnitId: unit, year: 2024 });
      expect(v.value).toBeCloseTo(S / mean, 9);
      expect(v.schools).toBe(3);
      expect(v.mean).toBeCloseTo(mean, 9);
    }
    const r = await evaluateTemplate(db, { template: "YIWU_YOUZHI", orgUnitId: u.C!, year: 2024 });
    const room = r.results.find((x) => x.indicator === "CV_P_ROOM_AREA")!;
    expect(room.met).toBe(S / mean <= 0.5);
    // resources without data: no value, so not judged
    expect(r.results.find((x) => x.indicator === "CV_P_BACKBONE")!.met).toBeNull();
  });

  it("one table of both levels from the school up: each level's schools, a stock's latest quarter, a school alone", async () => {
    // a database of its own (the totals tests below count the units that keep totals)
    const own = await testDatabase();
    const db = own.db;
    // 差异县: 北镇 (2 primary, 1 junior) and 中镇 (1 primary, 1 junior)
    const C2 = await addUnit(db, null, "county", "差异县");
    const N = await addUnit(db, C2, "township", "北镇");
    const M = await addUnit(db, C2, "township", "中镇");
    const school = async (t: number, name: string, type: "primary" | "junior", students: number, area: number) => {
      const id = await addUnit(db, t, "school", name, { schoolType: type, ownership: "public" });
      await setValue(db, type === "primary" ? "ENROLL_PRIMARY" : "ENROLL_JUNIOR", id, "2024", students);
      await setValue(db, "TEACHING_ROOM_AREA", id, "2024", area);
      return id;
    };
    const P1 = await school(N, "北镇一小", "primary", 100, 0);
    // a stock entered by quarter: the latest quarter counts (Q2 900 is superseded by Q4 300)
    await run(
      db,
      sql`DELETE FROM data_values WHERE org_unit_id = ${P1} AND period = '2024'
                      AND element_id = (SELECT id FROM data_elements WHERE code = 'TEACHING_ROOM_AREA')`,
    );
    await setValue(db, "TEACHING_ROOM_AREA", P1, "2024Q2", 900);
    await setValue(db, "TEACHING_ROOM_AREA", P1, "2024Q4", 300);
    const P2 = await school(N, "北镇二小", "primary", 200, 800);
    const J1 = await school(N, "北镇中学", "junior", 120, 600);
    const P3 = await school(M, "中镇小学", "primary", 50, 400);
    const J2 = await school(M, "中镇中学", "junior", 80, 200);
    // by hand: X = area / students, weighted by students
    const cv = (xs: [number, number][]) => {
      const sumP = xs.reduce((a, [p]) => a + p, 0);
      const mean = xs.reduce((a, [, area]) => a + area, 0) / sumP;
      const S = Math.sqrt(xs.reduce((a, [p, area]) => a + p * (area / p - mean) ** 2, 0) / sumP);
      return { value: S / mean, schools: xs.length, mean };
    };
    const expected: Record<number, Record<string, ReturnType<typeof cv>>> = {
      [C2]: {
        CV_P_ROOM_AREA: cv([
          [100, 300],
          [200, 800],
          [50, 400],
        ]),
        CV_J_ROOM_AREA: cv([
          [120, 600],
          [80, 200],
        ]),
      },
      [N]: {
        CV_P_ROOM_AREA: cv([
          [100, 300],
          [200, 800],
        ]),
        CV_J_ROOM_AREA: cv([[120, 600]]),
      },
      [M]: { CV_P_ROOM_AREA: cv([[50, 400]]), CV_J_ROOM_AREA: cv([[80, 200]]) },
      [P1]: { CV_P_ROOM_AREA: cv([[100, 300]]) },
      [P2]: { CV_P_ROOM_AREA: cv([[200, 800]]) },
      [J1]: { CV_J_ROOM_AREA: cv([[120, 600]]) },
    };
    const t = await indicatorTable(
      { database: own },
      { rootUnitId: C2, depth: 2, years: [2024], codes: ["CV_P_ROOM_AREA", "CV_J_ROOM_AREA"] },
    ).finally(() => own.close());
    expect(t.units.map((x) => x.id).sort()).toEqual([C2, N, M, P1, P2, P3, J1, J2].sort());
    for (const [unit, byCode] of Object.entries(expected))
      for (const [code, e] of Object.entries(byCode)) {
        const v = t.units.find((x) => x.id === Number(unit))!.values[code]![2024]!;
        expect(v.schools).toBe(e.schools);
        expect(v.mean).toBeCloseTo(e.mean, 9);
        expect(v.value).toBeCloseTo(e.value, 9);
      }
    // a caller's transaction keeps its planner settings (the 差异系数 query changes them for itself)
    const settings = await database.db.transaction(async (tx) => {
      const before = (
        await run(tx, sql`SELECT current_setting('join_collapse_limit') AS j, current_setting('work_mem') AS w`)
      ).rows[0];
      const unit = (await subtreeUnits(tx, (await unitById(tx, u.C!))!, 0))[0]!;
      await evaluate(tx, { units: [unit], years: [2024], defs: [indicatorByCode("CV_P_ROOM_AREA")!] });
      const after = (
        await run(tx, sql`SELECT current_setting('join_collapse_limit') AS j, current_setting('work_mem') AS w`)
      ).rows[0];
      return { before, after };
    });
    expect(settings.after).toEqual(settings.before);
    // a primary school has no junior schools: no value
    const p1 = t.units.find((x) => x.id === P1)!.values.CV_J_ROOM_AREA![2024]!;
    expect([p1.value, p1.schools]).toEqual([null, 0]);
  });
});

describe("the totals trigger", () => {
  it("agrees with a full rebuild after inserts, updates, deletes and multi-row statements", async () => {
    const db = database.db;
    await setValue(db, "ENROLL_KG", u.K1!, "2024", 130); // update
    await deleteValue(db, "ENROLL_KG", u.K3!, "2024"); // delete
    await setValue(db, "ENROLL_KG", u.K3!, "2023", 44); // insert
    await database.exec(`
      INSERT INTO data_values (element_id, org_unit_id, period, category, value, updated_at)
      SELECT e.id, u.id, '2022', '', 7, now() FROM data_elements e, org_units u
      WHERE e.code IN ('TEACHERS', 'STAFF') AND u.type = 'school';
      UPDATE data_values SET value = value * 2 WHERE period = '2022';
      UPDATE data_values SET period = '2021' WHERE period = '2022' AND element_id = (SELECT id FROM data_elements WHERE code = 'STAFF');
      DELETE FROM data_values WHERE period = '2021' AND org_unit_id = ${u.K2};`);
    // registry changes move values between filters: K3 becomes 普惠性
    await database.exec(`UPDATE org_units SET inclusive = true WHERE id = ${u.K3}`);
    const live = await totalsSnapshot(db);
    expect(await value("KG_PUHUI_COVERAGE", "C", 2023)).toBeCloseTo(100, 9);
    await recomputeAll(db);
    expect(await totalsSnapshot(db)).toEqual(live);
    // and the live county value moved with the update: (130+50+30+20) / 290
    expect(await value("KG_GER", "C")).toBeCloseTo((230 / 290) * 100, 9);
  });

  it("a moved school takes its values to its new ancestors", async () => {
    const db = database.db;
    await database.exec(
      `UPDATE org_units SET parent_id = ${u.T2}, path = '/${u.C}/${u.T2}/${u.K1}/' WHERE id = ${u.K1}`,
    );
    const v1 = await indicatorValue(db, { code: "KG_GER", orgUnitId: u.T1!, year: 2024 });
    expect(v1.numerator).toBe(50);
    const v2 = await indicatorValue(db, { code: "KG_GER", orgUnitId: u.T2!, year: 2024 });
    expect(v2.numerator).toBe(180);
    const live = await totalsSnapshot(db);
    await recomputeAll(db);
    expect(await totalsSnapshot(db)).toEqual(live);
  });

  it("only units with grandchildren keep totals; a unit that gains one starts from its children's values", async () => {
    const db = database.db;
    const ger = async (id: number) =>
      (await indicatorValue(db, { code: "KG_GER", orgUnitId: id, year: 2024 })).numerator;
    const keptUnits = async () => new Set((await totalsSnapshot(db)).map((l) => Number(l.split("|")[0])));
    // 东镇's children are all schools: read from their values, nothing kept; the county is kept
    expect(await keptUnits()).toEqual(new Set([u.C]));
    const [t1, county] = [await ger(u.T1!), await ger(u.C!)];
    expect(t1).toBeGreaterThan(0);
    // a 教管中心 under 东镇 with a new kindergarten: 东镇 now has a grandchild
    const Z = await addUnit(db, u.T1!, "center", "东镇教管中心");
    const K7 = await addUnit(db, Z, "school", "东镇新园", { schoolType: "kindergarten", ownership: "public" });
    expect(await keptUnits()).toEqual(new Set([u.C, u.T1]));
    expect(await ger(u.T1!)).toBe(t1);
    await setValue(db, "ENROLL_KG", K7, "2024", 15);
    expect([await ger(Z), await ger(u.T1!), await ger(u.C!)]).toEqual([15, t1! + 15, county! + 15]);
    const live = await totalsSnapshot(db);
    await recomputeAll(db);
    expect(await totalsSnapshot(db)).toEqual(live);
  });

  it("a bulk load with the trigger off is rebuilt at the end of its transaction", async () => {
    const db = database.db;
    await withTotalsOff(db, async (tx) => {
      await setValue(tx, "ENROLL_KG", u.K4!, "2024", 60);
    });
    expect(await value("KG_GER", "T2")).toBeCloseTo(((60 + 20 + 130) / 40) * 100, 9);
    const live = await totalsSnapshot(db);
    await recomputeAll(db);
    expect(await totalsSnapshot(db)).toEqual(live);
  });
});
