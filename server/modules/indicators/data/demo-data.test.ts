// The demo county's census data (server/modules/demo/indicators-data.ts) goes in through the public use
// cases: it must pass the built-in rules, lock last year's census up to the county, and give plausible county
// figures. The census years follow the clock (latestCensusYear).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MovableClock } from "../../../platform/clock.ts";
import { loadConfig } from "../../../platform/config.ts";
import type { Deps } from "../../../platform/deps.ts";
import { testDatabase } from "../../../../test/db.ts";
import { latestCensusYear, seedDemoCounty } from "../../demo/index.ts";
import { seedDemoIndicatorsData, type DemoIndicatorsSummary } from "../../demo/indicators-data.ts";
import { SCHOOLS } from "../../demo/county.ts";
import { violationsFor } from "./validate.ts";

let deps: Deps;
let summary: DemoIndicatorsSummary;
let LAST = "";
let LATEST = "";

beforeAll(async () => {
  deps = {
    database: await testDatabase(),
    config: loadConfig({}, { LOG_LEVEL: "silent", SWEEP_MINUTES: 0 }),
    clock: new MovableClock(),
    mailer: null,
  };
  LATEST = String(latestCensusYear(deps.clock.now()));
  LAST = String(Number(LATEST) - 1);
  const county = await seedDemoCounty(deps);
  summary = await seedDemoIndicatorsData(deps, county);
}, 120_000);
afterAll(() => deps.database.close());

const q = <T>(sql: string, p: unknown[] = []) => deps.database.query<T>(sql, p);

describe("demo census data", () => {
  it("registers every school with its attributes", async () => {
    const rows = await q<{ n: number; coded: number; located: number }>(
      "SELECT count(*)::int AS n, count(school_code)::int AS coded, count(locality)::int AS located FROM org_units WHERE type = 'school'",
    );
    expect(rows[0]).toEqual({ n: SCHOOLS.length, coded: SCHOOLS.length, located: SCHOOLS.length });
    const kg = await q<{ inclusive: boolean; ownership: string }>(
      "SELECT inclusive, ownership FROM org_units WHERE school_type = 'kindergarten' ORDER BY id",
    );
    expect(kg.filter((k) => k.ownership === "public").every((k) => k.inclusive)).toBe(true);
    expect(kg.filter((k) => k.ownership === "private").map((k) => k.inclusive).sort()).toEqual([false, true, true]);
  });

  it("locks last year's census up to the county and leaves the latest under review", async () => {
    const st = await q<{ period: string; status: string; n: number }>(
      `SELECT r.period, ru.status, count(*)::int AS n FROM round_units ru JOIN collection_rounds r ON r.id = ru.round_id
       GROUP BY r.period, ru.status ORDER BY 1, 2`,
    );
    expect(st.filter((s) => s.period === LAST)).toEqual([{ period: LAST, status: "locked", n: SCHOOLS.length + 5 + 1 }]);
    const y25 = Object.fromEntries(st.filter((s) => s.period === LATEST).map((s) => [s.status, s.n]));
    expect(y25.open).toBeGreaterThan(0);
    expect(y25.submitted).toBeGreaterThan(0);
    expect(y25.approved).toBeGreaterThan(0);
    expect(summary.rounds).toHaveLength(2);
    const n = await q<{ n: number }>("SELECT count(*)::int AS n FROM data_values");
    expect(n[0]!.n).toBe(summary.values);
  });

  it("passes every built-in rule and gives plausible county rates", async () => {
    const units = (await q<{ id: number }>("SELECT org_unit_id AS id FROM round_units WHERE round_id = $1", [summary.rounds[0]])).map((u) => u.id);
    for (const period of [LAST, LATEST]) expect(await violationsFor(deps.database.db, units, period)).toEqual([]);
    const sum = async (code: string, period: string) =>
      (await q<{ s: number }>(
        "SELECT COALESCE(sum(v.value), 0)::float8 AS s FROM data_values v JOIN data_elements e ON e.id = v.element_id WHERE e.code = $1 AND v.period = $2",
        [code, period],
      ))[0]!.s;
    for (const period of [LAST, LATEST]) {
      const ger = (await sum("ENROLL_KG", period)) / (await sum("POP_3_5", period));
      expect(ger).toBeGreaterThan(0.8);
      expect(ger).toBeLessThan(1.05);
      const retention = (await sum("GRAD_JUNIOR", period)) / (await sum("COHORT_BASE", period));
      expect(retention).toBeGreaterThan(0.9);
      expect(retention).toBeLessThanOrEqual(1);
      const senior = ((await sum("ENROLL_SENIOR", period)) + (await sum("ENROLL_VOCATIONAL", period))) / (await sum("POP_15_17", period));
      expect(senior).toBeGreaterThan(0.8);
      expect(senior).toBeLessThan(1.05);
      const bachelor = (await sum("TEACHERS_BACHELOR", period)) / (await sum("TEACHERS", period));
      expect(bachelor).toBeGreaterThan(0.5);
      expect(bachelor).toBeLessThan(0.9);
    }
  });
});
