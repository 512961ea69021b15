// The explorer: indicator × unit level × years tables, one unit's time series, threshold evaluation
// (督导评估 templates), and the functions other modules call (reports: indicatorTable, indicatorValue).
// Access: an actor reads units inside their scope, and the aggregates of the units above it (their
// county, city …) but not those units' other children.
import { AppError } from "../../../../common/errors.ts";
import type { Actor } from "../../../platform/actor.ts";
import { canView, dataScope } from "../data/scope.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import type { Deps } from "../../../platform/deps.ts";
import { subtreeUnits, unitById, type UnitInfo } from "./calc.repo.ts";
import { TARGET_TEMPLATES, indicatorByCode, meets, type IndicatorDef, type ThresholdOp } from "./catalogue.ts";
import { indicatorCatalogue, isCustom } from "./custom.ts";
import { evaluate, paramsFor, type IndicatorValue, type Params } from "./evaluate.ts";

type Conn = Db | Tx;

export interface IndicatorMeta {
  code: string;
  name: string;
  /** English name for the English UI (built-ins only). */
  nameEn: string | null;
  kind: IndicatorDef["kind"];
  unit: string;
  decimals: number;
  level: string | null;
  params: Record<string, string>;
}

export interface TableUnit {
  id: number;
  parentId: number | null;
  name: string;
  type: string;
  /** Levels below the root (0 = the root). */
  depth: number;
  /** code → year → value */
  values: Record<string, Record<number, IndicatorValue>>;
}

export interface IndicatorTable {
  root: { id: number; name: string; type: string };
  years: number[];
  indicators: IndicatorMeta[];
  units: TableUnit[];
}

/** The requested indicators (built-in or custom); none requested = every ratio and count. */
async function defsFor(db: Conn, codes: readonly string[] | undefined): Promise<IndicatorDef[]> {
  const all = await indicatorCatalogue(db);
  if (!codes?.length) return all.filter((d) => d.kind !== "cv");
  const byCode = new Map(all.map((d) => [d.code, d]));
  return codes.map((c) => {
    const d = byCode.get(c);
    if (!d) throw new AppError("INDICATOR_UNKNOWN", { code: c });
    return d;
  });
}

function meta(d: IndicatorDef, params: Params): IndicatorMeta {
  return {
    code: d.code,
    name: d.name,
    nameEn: d.nameEn ?? null,
    kind: d.kind,
    unit: d.unit,
    decimals: d.decimals,
    level: d.level ?? null,
    params: paramsFor(d, params),
  };
}

/**
 * The table of indicators for a unit and the units up to `depth` levels below it, for each year.
 * No actor check: callers that serve a user go through `exploreTable`.
 */
export async function indicatorTable(
  deps: Pick<Deps, "database">,
  q: { rootUnitId: number; depth: number; years: number[]; codes?: readonly string[]; params?: Params },
  filterUnits: (u: UnitInfo) => boolean = () => true,
): Promise<IndicatorTable> {
  const db = deps.database.db;
  const root = await unitById(db, q.rootUnitId);
  if (!root) throw new AppError("NOT_FOUND", { orgUnitId: q.rootUnitId });
  const defs = await defsFor(db, q.codes);
  const years = [...new Set(q.years)].sort((a, b) => a - b);
  const units = (await subtreeUnits(db, root, Math.max(0, Math.min(q.depth, 6)))).filter(
    (u) => u.id === root.id || filterUnits(u),
  );
  const grid = await evaluate(db, { units, years, defs, params: q.params ?? {} });
  const base = root.path.split("/").length;
  return {
    root: { id: root.id, name: root.name, type: root.type },
    years,
    indicators: defs.map((d) => meta(d, q.params ?? {})),
    units: units.map((u) => ({
      id: u.id,
      parentId: u.parentId,
      name: u.name,
      type: u.type,
      depth: u.path.split("/").length - base,
      values: Object.fromEntries(
        [...(grid.get(u.id) ?? new Map()).entries()].map(([code, byYear]) => [code, Object.fromEntries(byYear)]),
      ),
    })),
  };
}

/** One indicator for one unit and year (null value when there is no data). */
export async function indicatorValue(
  db: Conn,
  q: { code: string; orgUnitId: number; year: number; params?: Params },
): Promise<IndicatorValue & { code: string; name: string; unit: string }> {
  const [def] = (await defsFor(db, [q.code])) as [IndicatorDef];
  const unit = await unitById(db, q.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND", { orgUnitId: q.orgUnitId });
  const grid = await evaluate(db, { units: [unit], years: [q.year], defs: [def], params: q.params ?? {} });
  const v = grid.get(unit.id)?.get(def.code)?.get(q.year) ?? { value: null, numerator: null, denominator: null };
  return { code: def.code, name: def.name, unit: def.unit, ...v };
}

/**
 * Which units' indicator values the actor may read: the data scope of data/scope.ts (a school its own, a
 * 教管中心 its subtree, county staff, leaders, inspectors and observers the whole county, the admin all),
 * and the units above it, of which only the branch leading to it is listed.
 */
export async function indicatorReader(actor: Actor, db: Conn): Promise<(unit: Pick<UnitInfo, "path">) => boolean> {
  const scope = await dataScope(actor, db);
  return (unit) => canView(scope, unit.path) || scope.path.startsWith(unit.path);
}

async function readableUnit(actor: Actor, db: Conn, id: number): Promise<UnitInfo> {
  const unit = await unitById(db, id);
  if (!unit || !(await indicatorReader(actor, db))(unit)) throw new AppError("NOT_FOUND", { orgUnitId: id });
  return unit;
}

export async function exploreTable(
  actor: Actor,
  q: { root: number; depth: number; years: number[]; codes?: string[] | undefined; params?: Params },
  deps: Deps,
): Promise<IndicatorTable> {
  await readableUnit(actor, deps.database.db, q.root);
  return indicatorTable(
    deps,
    {
      rootUnitId: q.root,
      depth: q.depth,
      years: q.years,
      ...(q.codes ? { codes: q.codes } : {}),
      params: q.params ?? {},
    },
    // below an ancestor of the actor's scope, only the branch that leads to it
    await indicatorReader(actor, deps.database.db),
  );
}

export async function exploreSeries(
  actor: Actor,
  q: { code: string; unit: number; years: number[]; params?: Params },
  deps: Deps,
) {
  const db = deps.database.db;
  const unit = await readableUnit(actor, db, q.unit);
  const [def] = (await defsFor(db, [q.code])) as [IndicatorDef];
  const years = [...new Set(q.years)].sort((a, b) => a - b);
  const grid = await evaluate(db, { units: [unit], years, defs: [def], params: q.params ?? {} });
  return {
    indicator: meta(def, q.params ?? {}),
    unit: { id: unit.id, name: unit.name, type: unit.type },
    points: years.map((year) => ({
      year,
      ...(grid.get(unit.id)?.get(def.code)?.get(year) ?? { value: null, numerator: null, denominator: null }),
    })),
  };
}

/** The whole catalogue (built-in and custom indicators) and the threshold templates, read per call. */
export async function catalogueOf(db: Conn) {
  return catalogueView(await indicatorCatalogue(db));
}

function catalogueView(defs: readonly IndicatorDef[]) {
  return {
    indicators: defs.map((d) => ({
      ...meta(d, {}),
      numerator: d.numerator,
      denominator: d.kind === "cv" ? d.weight : d.denominator,
      factor: d.factor,
      synonyms: d.synonyms,
      definition: d.definition,
      source: d.source,
      ...(d.kind !== "cv" && d.params ? { paramOptions: d.params } : {}),
      builtin: !isCustom(d),
      ...(isCustom(d) ? { id: d.custom.id, version: d.custom.version } : {}),
    })),
    templates: TARGET_TEMPLATES,
  };
}

export interface ThresholdResult {
  indicator: string;
  name: string;
  nameEn: string | null;
  op: ThresholdOp;
  threshold: number;
  label: string;
  value: number | null;
  met: boolean | null;
}

/** A threshold set (学前双普, 优质均衡) for a unit and year: each threshold met or not. */
export async function evaluateTemplate(
  db: Conn,
  q: { template: string; orgUnitId: number; year: number },
): Promise<{
  template: string;
  name: string;
  source: string;
  year: number;
  allMet: boolean | null;
  results: ThresholdResult[];
}> {
  const t = TARGET_TEMPLATES.find((x) => x.code === q.template);
  if (!t) throw new AppError("INDICATOR_UNKNOWN", { template: q.template });
  const unit = await unitById(db, q.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND", { orgUnitId: q.orgUnitId });
  const defs = t.thresholds.map((x) => indicatorByCode(x.indicator)!);
  const grid = await evaluate(db, { units: [unit], years: [q.year], defs });
  const results = t.thresholds.map((x): ThresholdResult => {
    const value = grid.get(unit.id)?.get(x.indicator)?.get(q.year)?.value ?? null;
    return {
      indicator: x.indicator,
      name: indicatorByCode(x.indicator)!.name,
      nameEn: indicatorByCode(x.indicator)!.nameEn ?? null,
      op: x.op,
      threshold: x.value,
      label: x.label,
      value,
      met: meets(value, x.op, x.value),
    };
  });
  const allMet = results.some((r) => r.met === false) ? false : results.every((r) => r.met === true) ? true : null;
  return { template: t.code, name: t.name, source: t.source, year: q.year, allMet, results };
}

export async function exploreTemplate(actor: Actor, q: { template: string; unit: number; year: number }, deps: Deps) {
  await readableUnit(actor, deps.database.db, q.unit);
  return evaluateTemplate(deps.database.db, { template: q.template, orgUnitId: q.unit, year: q.year });
}
