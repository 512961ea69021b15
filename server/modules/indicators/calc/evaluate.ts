// Indicator values for units and years, read live from the totals (data_totals) and the units' own
// values: Σnumerator / Σdenominator × factor at every level (never an average of school rates), with
// the time aggregation applied at read time (a stock = its latest period within the year, a flow = the
// sum of the year's periods). 差异系数 (kind "cv") are computed from the schools of the subtree.
import { exprRefs, evalExpr, parseExpr, refKey, type Expr, type Ref } from "../expr.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import {
  cvMoments,
  elementsByCode,
  filterIds,
  indexed,
  unitValues,
  type ElementInfo,
  type UnitInfo,
  type ValueIndex,
} from "./calc.repo.ts";
import type { CvDef, IndicatorDef, RatioDef } from "./catalogue.ts";

type Conn = Db | Tx;

export interface IndicatorValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** 差异系数 only: schools counted, weighted mean X̄ and standard deviation S. */
  schools?: number;
  mean?: number | null;
  sd?: number | null;
}

export type Params = Record<string, string>;

/** unit id → indicator code → year → value */
export type ValueGrid = Map<number, Map<string, Map<number, IndicatorValue>>>;

const EMPTY: IndicatorValue = { value: null, numerator: null, denominator: null };

/** The order of periods within a year: 'YYYY' ends in month 12, 'YYYYQn' in 3n, 'YYYYMM' in MM. */
export function periodRank(p: string): number {
  if (p.length === 4) return 12 * 10 + 0;
  if (p[4] === "Q") return 3 * Number(p.slice(5)) * 10 + 1;
  return Number(p.slice(4)) * 10 + 2;
}

/** The parameters a definition takes, defaults filled and unknown values refused. */
export function paramsFor(def: IndicatorDef, given: Params = {}): Record<string, string> {
  if (def.kind === "cv" || !def.params) return {};
  const out: Record<string, string> = {};
  for (const [name, p] of Object.entries(def.params)) {
    const v = given[name] ?? p.default;
    out[name] = p.allowed.includes(v) ? v : p.default;
  }
  return out;
}

interface Parsed {
  def: RatioDef;
  num: Expr;
  den: Expr | null;
}

export async function evaluate(
  db: Conn,
  q: { units: UnitInfo[]; years: number[]; defs: readonly IndicatorDef[]; params?: Params },
): Promise<ValueGrid> {
  const grid: ValueGrid = new Map(q.units.map((u) => [u.id, new Map()]));
  const put = (unitId: number, code: string, year: number, v: IndicatorValue) => {
    const byCode = grid.get(unitId)!;
    if (!byCode.has(code)) byCode.set(code, new Map());
    byCode.get(code)!.set(year, v);
  };
  const ratios = q.defs.filter((d): d is RatioDef => d.kind !== "cv");
  const cvs = q.defs.filter((d): d is CvDef => d.kind === "cv");
  if (ratios.length) await evaluateRatios(db, q.units, q.years, ratios, q.params ?? {}, put);
  if (cvs.length) await evaluateCvs(db, q.units, q.years, cvs, put);
  return grid;
}

async function evaluateRatios(
  db: Conn,
  units: UnitInfo[],
  years: number[],
  defs: RatioDef[],
  params: Params,
  put: (unitId: number, code: string, year: number, v: IndicatorValue) => void,
) {
  const parsed: Parsed[] = defs.map((def) => {
    const p = paramsFor(def, params);
    return { def, num: parseExpr(def.numerator, p), den: def.denominator ? parseExpr(def.denominator, p) : null };
  });
  const refs = parsed.flatMap((p) => [...exprRefs(p.num), ...(p.den ? exprRefs(p.den) : [])]);
  const elements = await elementsByCode(db, [...new Set(refs.map((r) => r.code))]);
  const filters = await filterIds(db);
  const neededYears = new Set<number>();
  for (const y of years) for (const r of refs) neededYears.add(y + r.offset);
  // the unfiltered totals are read too: a filtered part is 0 (not missing) where the element has data
  const usedFilters = new Set([0, ...refs.map((r) => filters.get(r.filter ?? "all") ?? -1)]);
  const index = await unitValues(db, {
    unitIds: units.map((u) => u.id),
    elementIds: [...elements.values()].map((e) => e.id),
    filterIds: [...usedFilters].filter((f) => f >= 0),
    years: [...neededYears],
  });
  // a ref read once per unit and year, however many indicators use it
  const refKeys = new Map<Ref, string>();
  const keyOf = (r: Ref) => {
    let k = refKeys.get(r);
    if (k === undefined) refKeys.set(r, (k = refKey(r)));
    return k;
  };
  let cache = new Map<string, number | null>();
  const refValue = (unitId: number, year: number, ref: Ref): number | null => {
    const key = keyOf(ref);
    const hit = cache.get(key);
    if (hit !== undefined) return hit;
    const v = readRef(index, elements, filters, unitId, year, ref);
    cache.set(key, v);
    return v;
  };
  for (const u of units)
    for (const y of years) {
      cache = new Map();
      for (const p of parsed) {
        const numerator = evalExpr(p.num, (r) => refValue(u.id, y, r));
        if (!p.den) {
          put(u.id, p.def.code, y, {
            value: numerator === null ? null : numerator * p.def.factor,
            numerator,
            denominator: null,
          });
          continue;
        }
        const denominator = evalExpr(p.den, (r) => refValue(u.id, y, r));
        const value =
          numerator === null || denominator === null || denominator === 0
            ? null
            : (numerator / denominator) * p.def.factor;
        put(u.id, p.def.code, y, { value, numerator, denominator });
      }
    }
}

function readRef(
  index: ValueIndex,
  elements: Map<string, ElementInfo>,
  filters: Map<string, number>,
  unitId: number,
  year: number,
  ref: Ref,
): number | null {
  const el = elements.get(ref.code);
  const filterId = filters.get(ref.filter ?? "all");
  if (!el || filterId === undefined) return null;
  let rows = indexed(index, unitId, el.id, filterId, year + ref.offset);
  if (!rows?.length) {
    // no kindergarten of the filter (no public one …) where the element has data: 0, not missing
    if (filterId !== 0 && indexed(index, unitId, el.id, 0, year + ref.offset)?.length) return 0;
    return null;
  }
  if (ref.categories) {
    const cats = new Set(ref.categories);
    rows = rows.filter((r) => cats.has(r.category));
    if (!rows.length) return null;
  }
  if (el.timeAggregation === "last") {
    const latest = rows.reduce((a, r) => (periodRank(r.period) > periodRank(a) ? r.period : a), rows[0]!.period);
    rows = rows.filter((r) => r.period === latest);
  }
  return rows.reduce((s, r) => s + r.value, 0);
}

async function evaluateCvs(
  db: Conn,
  units: UnitInfo[],
  years: number[],
  defs: CvDef[],
  put: (unitId: number, code: string, year: number, v: IndicatorValue) => void,
) {
  const elements = await elementsByCode(db, [...new Set(defs.flatMap((d) => [d.numerator, d.weight]))]);
  const byLevel = new Map<string, CvDef[]>();
  for (const d of defs) byLevel.set(`${d.level}|${d.weight}`, [...(byLevel.get(`${d.level}|${d.weight}`) ?? []), d]);
  // the groups whose weight element exists, each with the resource elements that exist
  const groups = [...byLevel.values()].flatMap((group) => {
    const weight = elements.get(group[0]!.weight);
    if (!weight) return [];
    const nums = group.map((d) => elements.get(d.numerator)).filter((e): e is ElementInfo => !!e);
    return [{ defs: group, q: { schoolType: group[0]!.level, numIds: nums.map((e) => e.id), weightId: weight.id } }];
  });
  for (const y of years) {
    const moments = await cvMoments(db, {
      units: units.map((u) => ({ id: u.id, path: u.path })),
      groups: groups.map((g) => g.q),
      year: y,
    });
    const byKey = new Map(moments.map((m) => [`${m.group}|${m.unitId}|${m.elementId}`, m]));
    const groupOf = new Map(groups.flatMap((g, i) => g.defs.map((d) => [d, i] as const)));
    for (const d of defs) {
      const el = elements.get(d.numerator);
      const gi = groupOf.get(d);
      for (const u of units) {
        const m = el && gi !== undefined ? byKey.get(`${gi}|${u.id}|${el.id}`) : undefined;
        put(u.id, d.code, y, m ? cvFromMoments(m, d.factor) : { ...EMPTY, schools: 0, mean: null, sd: null });
      }
    }
  }
}

/** CV = S / X̄ from Σ P, Σ num, Σ num²/P, with X = num / P × factor. */
export function cvFromMoments(
  m: { schools: number; sumP: number; sumNum: number; sumNum2OverP: number },
  factor: number,
): IndicatorValue {
  if (!(m.sumP > 0)) return { ...EMPTY, schools: m.schools, mean: null, sd: null };
  const mean = (factor * m.sumNum) / m.sumP;
  const ex2 = (factor * factor * m.sumNum2OverP) / m.sumP;
  const sd = Math.sqrt(Math.max(0, ex2 - mean * mean));
  return { value: mean > 0 ? sd / mean : null, numerator: sd, denominator: mean, schools: m.schools, mean, sd };
}
