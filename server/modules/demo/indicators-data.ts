// The demo county's school data: registry attributes of 青川县's schools (城区/镇区/乡村, 普惠性), and two
// 教育事业统计 rounds with plausible census values for every school, township population and county
// figures: last year's census approved and locked up to the county, the latest one entered and submitted,
// partly approved (the census years follow the clock: see latestCensusYear). All
// through the indicators module's public use cases (registry edit, round, entry, approval).
import type { Actor } from "../../platform/actor.ts";
import { cstDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { actorOf, getUserByUsername } from "../orgs/index.ts";
import {
  changeApproval,
  createRound,
  getRoundDetail,
  listElementRows,
  listRegistry,
  putValues,
  updateRegistryUnit,
} from "../indicators/index.ts";
import { SCHOOLS, TOWNSHIPS } from "./county.ts";
import type { DemoCounty } from "./seed.ts";

/** A small deterministic generator (the demo looks the same on every start). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return (lo: number, hi: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return lo + Math.floor((s / 2 ** 32) * (hi - lo + 1));
  };
}

const LOCALITY: Record<string, "urban" | "town" | "rural"> = {
  城关镇教管中心: "urban",
  青溪镇教管中心: "town",
  木鱼镇教管中心: "town",
  白石乡教管中心: "rural",
  桥楼乡教管中心: "rural",
};
/** Private kindergartens recognised as 普惠性民办园. */
const INCLUSIVE_PRIVATE = new Set(["青川县阳光幼儿园", "桥楼乡童心幼儿园"]);

const PRIMARY_GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"];
const JUNIOR_GRADES = ["七年级", "八年级", "九年级"];

type Cell = { code: string; category?: string; value: number };

/** One school's census values for a year (2025 slightly bigger and better qualified than 2024). */
function schoolValues(type: string, priv: boolean, n: number, year: number): Cell[] {
  const r = rng(n * 7919 + (year - 2000));
  const g = year === 2025 ? 1.03 : 1;
  const cells: Cell[] = [];
  let pupils = 0;
  const add = (code: string, value: number, category?: string) =>
    cells.push({ code, value: Math.max(0, Math.round(value)), ...(category ? { category } : {}) });
  if (type === "kindergarten") {
    pupils = Math.round((priv ? r(90, 180) : r(180, 360)) * g);
    add("ENROLL_KG", pupils);
  }
  if (["primary", "nine_year"].includes(type)) {
    const base = type === "primary" && n <= 10 ? r(120, 200) : r(30, 80);
    for (const grade of PRIMARY_GRADES) {
      const v = Math.round((base + r(-10, 10)) * g);
      pupils += v;
      add("ENROLL_PRIMARY", v, grade);
    }
    add("ENTRANTS_PRIMARY", base * g);
  }
  if (["junior", "nine_year", "complete_secondary"].includes(type)) {
    const base = type === "complete_secondary" ? r(250, 320) : r(60, 150);
    let ninth = 0;
    for (const grade of JUNIOR_GRADES) {
      const v = Math.round((base + r(-8, 8)) * g);
      pupils += v;
      if (grade === "九年级") ninth = v;
      add("ENROLL_JUNIOR", v, grade);
    }
    add("ENTRANTS_JUNIOR", base * g);
    const grads = Math.round(ninth * 0.98);
    add("GRAD_JUNIOR", grads);
    add("COHORT_BASE", grads / (year === 2025 ? 0.965 : 0.955) + r(0, 3));
  }
  if (["senior", "complete_secondary"].includes(type)) {
    const v = Math.round((priv ? r(300, 500) : r(1100, 1500)) * g);
    pupils += v;
    add("ENROLL_SENIOR", v);
  }
  if (type === "vocational") {
    pupils = Math.round(r(900, 1200) * g);
    add("ENROLL_VOCATIONAL", pupils);
  }
  if (type === "special") {
    pupils = r(60, 90);
    add("ENROLL_SPECIAL", pupils);
    add("DISABLED_HOME_TAUGHT", r(15, 25));
  }
  if (["primary", "junior", "nine_year", "complete_secondary", "special"].includes(type)) {
    const dis = type === "special" ? pupils : r(1, 6);
    add("DISABLED_ENROLLED", Math.ceil(dis * 0.55), "男");
    add("DISABLED_ENROLLED", Math.floor(dis * 0.45), "女");
  }
  const ratio = type === "kindergarten" ? r(11, 15) : type === "senior" ? r(12, 14) : r(13, 18);
  const teachers = Math.max(4, Math.round(pupils / ratio));
  add("TEACHERS", teachers);
  add("STAFF", teachers * 1.15 + r(1, 4));
  add("TEACHERS_BACHELOR", teachers * (type === "kindergarten" ? 0.45 : 0.72) * (year === 2025 ? 1.06 : 1));
  add("TEACHERS_ABOVE_REQ", teachers * 0.85);
  add("TEACHERS_BACKBONE", Math.max(1, pupils / r(80, 120)));
  add("TEACHERS_PE_ART", Math.max(1, pupils / r(95, 130)));
  const classes = Math.max(3, Math.round(pupils / r(32, 45)));
  add("CLASSES", classes);
  add("LARGE_CLASSES", n % 5 === 0 ? r(0, 2) : 0);
  const building = pupils * r(6, 10);
  add("BUILDING_AREA", building);
  add("TEACHING_ROOM_AREA", Math.min(building, pupils * (type === "kindergarten" ? r(3, 5) : r(4, 7))));
  add("SPORTS_AREA", pupils * r(6, 12));
  add("EQUIPMENT_VALUE", pupils * r(1800, 2800) * g);
  add("MULTIMEDIA_ROOMS", Math.max(1, pupils / r(40, 50)));
  add("FUNDS_PUBLIC", pupils * (type === "kindergarten" ? 600 : 850) * g);
  add("NEW_PLACES", year === 2025 && n % 4 === 0 ? r(45, 270) : year === 2024 && n % 6 === 0 ? r(45, 135) : 0);
  return cells;
}

/** Township population (公安户籍) and county figures, sized so that 毛入园率 is near 92 %. */
function townshipValues(i: number, year: number): Cell[] {
  const r = rng(31 + i * 101 + year);
  const scale = [1.9, 1.0, 1.0, 0.7, 0.8][i] ?? 1;
  const d = year === 2025 ? 0.98 : 1; // fewer births each year
  return [
    { code: "POP_3_5", value: Math.round((385 + r(0, 30)) * scale * d) },
    { code: "POP_6_11", value: Math.round((1100 + r(0, 60)) * scale * d) },
    { code: "POP_12_14", value: Math.round((560 + r(0, 40)) * scale * d) },
  ];
}

function countyValues(year: number): Cell[] {
  const d = year === 2025 ? 0.99 : 1;
  return [
    // sized so that 高中阶段毛入学率 is near 91–93 % and 残疾儿童少年入学率 near 94–96 %
    { code: "POP_15_17", value: Math.round(4550 * d) },
    { code: "POP_15_18", value: Math.round(6070 * d) },
    { code: "DISABLED_CHILDREN", value: year === 2025 ? 187 : 180 },
  ];
}

/** The latest census year at `now`: this year once its 统计时点 (9月1日) has passed, else last year. */
export function latestCensusYear(now: Date): number {
  const [y, m] = cstDate(now).split("-").map(Number) as [number, number];
  return m >= 9 ? y : y - 1;
}

export interface DemoIndicatorsSummary {
  rounds: number[];
  values: number;
}

export async function seedDemoIndicatorsData(deps: Deps, county: DemoCounty): Promise<DemoIndicatorsSummary> {
  const { database } = deps;
  const actor = async (username: string): Promise<Actor> =>
    actorOf((await getUserByUsername(database.db, username))!, "demo", database);
  const staff = await actor("guihua"); // 发展规划股 runs the census
  const townshipUser: Record<string, Actor> = {
    城关镇教管中心: await actor("chengguan"),
    青溪镇教管中心: await actor("qingxi"),
  };
  const schoolUser: Record<string, Actor> = {
    青川县实验小学: await actor("shiyanxiaoxue"),
    城关镇中心幼儿园: await actor("chengguanyou"),
    木鱼镇九年制学校: await actor("muyu"),
  };

  // registry attributes
  const registry = await listRegistry(staff, undefined, deps);
  for (const s of SCHOOLS) {
    const u = registry.find((x) => x.schoolCode === s.code)!;
    await updateRegistryUnit(
      staff,
      u.id,
      {
        version: u.version,
        locality: s.township ? LOCALITY[s.township]! : "urban",
        inclusive: s.type === "幼儿园" ? s.ownership === "public" || INCLUSIVE_PRIVATE.has(s.name) : null,
      },
      deps,
    );
  }

  const elements = new Map((await listElementRows(database.db)).map((e) => [e.code, e.id]));
  const dataSet = (await database.query<{ id: number }>("SELECT id FROM data_sets WHERE code = 'EDU_CENSUS'"))[0]!.id;
  const put = (by: Actor, roundId: number, unitId: number, cells: Cell[]) =>
    putValues(
      by,
      roundId,
      unitId,
      { values: cells.map((c) => ({ elementId: elements.get(c.code)!, category: c.category ?? "", value: c.value })) },
      deps,
    );
  const step = (by: Actor, roundId: number, unitId: number, action: "submit" | "approve") =>
    changeApproval(by, roundId, unitId, action, null, deps);
  const rounds: number[] = [];
  let values = 0;
  // the values are generated for a model pair of school years (2024, 2025) and entered as the two latest
  // census years: last year's round approved and locked, this year's (统计时点 9月1日) still under review
  const shift = latestCensusYear(deps.clock.now()) - 2025;
  for (const model of [2024, 2025]) {
    const year = model + shift;
    const { round } = await createRound(
      staff,
      {
        dataSetId: dataSet,
        name: `${year}学年教育事业统计`,
        period: String(year),
        rootUnitId: county.county.id,
        opensOn: `${year}-09-01`,
        dueOn: `${year}-09-20`,
      },
      deps,
    );
    rounds.push(round.id);
    const types = new Map((await getRoundDetail(staff, round.id, deps)).units.map((u) => [u.orgUnitId, u.schoolType]));
    for (const [n, s] of SCHOOLS.entries()) {
      const unit = county.units.get(s.name)!;
      const by = schoolUser[s.name] ?? staff;
      const cells = schoolValues(types.get(unit.id) ?? "", s.ownership === "private", n + 1, model);
      await put(by, round.id, unit.id, cells);
      values += cells.length;
      // this year: three schools have not submitted yet
      if (model === 2025 && n % 10 === 9) continue;
      await step(by, round.id, unit.id, "submit");
      if (s.township && (model === 2024 || n % 3 !== 0))
        await step(townshipUser[s.township] ?? staff, round.id, unit.id, "approve");
      else if (!s.township && model === 2024) await step(staff, round.id, unit.id, "approve");
    }
    for (const [i, name] of TOWNSHIPS.entries()) {
      const unit = county.units.get(name)!;
      const cells = townshipValues(i, model);
      await put(townshipUser[name] ?? staff, round.id, unit.id, cells);
      values += cells.length;
      if (model === 2024) {
        await step(townshipUser[name] ?? staff, round.id, unit.id, "submit");
        await step(staff, round.id, unit.id, "approve");
      }
    }
    await put(staff, round.id, county.county.id, countyValues(model));
    values += 3;
    if (model === 2024) {
      await step(staff, round.id, county.county.id, "submit");
      await step(staff, round.id, county.county.id, "approve");
    }
  }
  return { rounds, values };
}
