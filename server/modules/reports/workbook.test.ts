// The indicator workbook read back with exceljs: one sheet per group, units in tree order indented by
// level, every 实际 cell equal to the indicators module's value for that unit and year, targets from the
// county standard, frozen headers, number formats and the 达标/未达标 colour rules.
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/app.ts";
import { PASSWORD } from "../../../test/factories.ts";
import { createIndicator, indicatorValue } from "../indicators/index.ts";
import { addUnit, setValue } from "../indicators/calc/test-support.ts";
import { createUser } from "../orgs/index.ts";
import { indicatorWorkbook } from "./build/indicators.ts";
import { actor, downloader } from "./test-support.ts";

let t: TestApp;
let dir: string;
const u: Record<string, number> = {};

beforeAll(async () => {
  t = await testApp();
  const db = t.deps.database.db;
  u.C = await addUnit(db, null, "county", "测试县");
  u.B = await addUnit(db, u.C, "bureau", "测试县教育局");
  u.T1 = await addUnit(db, u.B, "township", "东镇");
  u.T2 = await addUnit(db, u.B, "township", "西镇");
  u.K1 = await addUnit(db, u.T1, "school", "东镇中心幼儿园", { schoolType: "kindergarten", ownership: "public" });
  u.K2 = await addUnit(db, u.T1, "school", "东镇阳光幼儿园", {
    schoolType: "kindergarten",
    ownership: "private",
    inclusive: true,
  });
  u.K3 = await addUnit(db, u.T2, "school", "西镇中心幼儿园", { schoolType: "kindergarten", ownership: "public" });
  for (const [year, k1, k2, k3, p1, p2] of [
    ["2024", 120, 60, 30, 250, 40],
    ["2025", 150, 70, 36, 240, 45],
  ] as const) {
    await setValue(db, "ENROLL_KG", u.K1!, year, k1);
    await setValue(db, "ENROLL_KG", u.K2!, year, k2);
    await setValue(db, "ENROLL_KG", u.K3!, year, k3);
    await setValue(db, "POP_3_5", u.T1!, year, p1);
    await setValue(db, "POP_3_5", u.T2!, year, p2);
  }
  await createUser(
    null,
    { username: "juzhang", displayName: "局长", role: "leader", orgUnitId: u.B!, password: PASSWORD },
    t.deps,
  );
  await createUser(
    null,
    { username: "yuanzhang", displayName: "园长", role: "school", orgUnitId: u.K1!, password: PASSWORD },
    t.deps,
  );
  dir = mkdtempSync(join(tmpdir(), "luoshi-wb-"));
}, 120_000);
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("indicator workbook", () => {
  it("writes each unit's indicator values, targets, gaps and status, in tree order", async () => {
    const leader = await actor(t.deps, "juzhang");
    const w = await indicatorWorkbook(
      leader,
      { unitId: u.C!, level: 3, years: [2024, 2025], codes: ["KG_GER"] },
      t.deps,
    );
    const file = join(dir, "wb.xlsx");
    const out = createWriteStream(file);
    const { rows } = await w.write(out);
    await finished(out);
    expect(rows).toBe(7); // county, bureau, 2 townships, 3 kindergartens

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    expect(wb.worksheets.map((s) => s.name)).toEqual(["学前教育"]);
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 4 });
    expect(ws.getCell(2, 2).value).toBe("学前三年毛入园率（%）");
    expect([ws.getCell(3, 2).value, ws.getCell(3, 6).value]).toEqual(["2024年", "2025年"]);
    expect([2, 3, 4, 5].map((c) => ws.getCell(4, c).value)).toEqual(["目标", "实际", "差距", "状态"]);

    const names = [5, 6, 7, 8, 9, 10, 11].map((r) => ws.getCell(r, 1).value);
    expect(names).toEqual([
      "测试县",
      "测试县教育局",
      "东镇",
      "东镇中心幼儿园",
      "东镇阳光幼儿园",
      "西镇",
      "西镇中心幼儿园",
    ]);
    expect([5, 6, 7, 8].map((r) => ws.getCell(r, 1).alignment?.indent ?? 0)).toEqual([0, 2, 4, 6]);

    const ids = [u.C, u.B, u.T1, u.K1, u.K2, u.T2, u.K3] as number[];
    let checked = 0;
    for (const [i, id] of ids.entries()) {
      for (const [j, year] of [2024, 2025].entries()) {
        const v = (await indicatorValue(t.deps.database.db, { code: "KG_GER", orgUnitId: id, year })).value;
        const actual = ws.getCell(5 + i, 3 + j * 4);
        if (v === null) expect(actual.value ?? null).toBeNull();
        else {
          expect(actual.value as number).toBeCloseTo(v / 100, 6);
          expect(actual.numFmt).toBe("0.0%");
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(6);
    // the county is held to the 学前双普 standard (≥ 85%): target, gap and status
    const county2025 = (await indicatorValue(t.deps.database.db, { code: "KG_GER", orgUnitId: u.C!, year: 2025 }))
      .value!;
    expect(ws.getCell(5, 6).value).toBeCloseTo(0.85, 6);
    expect(ws.getCell(5, 8).value as number).toBeCloseTo(county2025 / 100 - 0.85, 6);
    expect(ws.getCell(5, 9).value).toBe(county2025 >= 85 ? "达标" : "未达标");
    expect(ws.getCell(7, 9).value).toBe("—"); // a township has no target
    const rules = (ws as unknown as { conditionalFormattings: { ref: string; rules: { formulae: string[] }[] }[] })
      .conditionalFormattings;
    expect(rules.map((r) => [r.ref, r.rules.map((x) => x.formulae[0])])).toEqual([
      ["E5:E11", ['"达标"', '"未达标"']],
      ["I5:I11", ['"达标"', '"未达标"']],
    ]);
  });

  it("streams over HTTP with a UTF-8 file name, and refuses schools", async () => {
    const get = await downloader(t.app, "juzhang");
    const r = await get(`/api/reports/indicators.xlsx?unitId=${u.C}&level=2&years=2024,2025`);
    expect(r.status, r.text.slice(0, 200)).toBe(200);
    const name = /filename\*=UTF-8''([^;]+)/u.exec(String(r.headers["content-disposition"]))![1]!;
    expect(decodeURIComponent(name)).toBe("指标汇总表-测试县-2024_2025.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(r.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.length).toBeGreaterThan(1);
    const kg = wb.getWorksheet("学前教育")!;
    const rows: unknown[] = [];
    kg.eachRow((row, n) => n > 4 && rows.push(row.getCell(1).value));
    expect(rows).toEqual(["测试县", "测试县教育局", "东镇", "西镇"]);
    const school = await downloader(t.app, "yuanzhang");
    expect((await school(`/api/reports/indicators.xlsx?unitId=${u.C}`)).status).toBe(403);
  });

  it("has a column for a custom indicator, computed like a built-in", async () => {
    await createUser(
      null,
      { username: "guihua", displayName: "规划股", role: "staff", orgUnitId: u.B!, password: PASSWORD },
      t.deps,
    );
    await createIndicator(
      await actor(t.deps, "guihua"),
      {
        code: "KG_PER_100_CHILDREN",
        name: "每百名适龄儿童在园幼儿数",
        unit: "个",
        decimals: 1,
        factor: 100,
        numerator: "ENROLL_KG",
        denominator: "POP_3_5",
        synonyms: [],
        definition: "",
        source: "",
      },
      t.deps,
    );
    const w = await indicatorWorkbook(
      await actor(t.deps, "juzhang"),
      { unitId: u.C!, level: 2, years: [2025], codes: ["KG_PER_100_CHILDREN"] },
      t.deps,
    );
    expect(w.groups.map((g) => g.indicators.map((i) => i.name))).toEqual([["每百名适龄儿童在园幼儿数"]]);
    const file = join(dir, "custom.xlsx");
    const out = createWriteStream(file);
    await w.write(out);
    await finished(out);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(2, 2).value).toBe("每百名适龄儿童在园幼儿数（个）");
    // 东镇 2025: (150 + 70) / 240 × 100
    expect(ws.getCell(7, 3).value as number).toBeCloseTo((220 / 240) * 100, 2);
  });
});
