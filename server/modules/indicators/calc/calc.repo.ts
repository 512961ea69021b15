// All SQL of the calculation side: totals, reads for indicator evaluation, 差异系数 moments, the
// indicators table and target links. Reads join org_units, data_elements and data_values read-only.
import { sql, type SQL } from "drizzle-orm";
import { run, type Db, type Tx } from "../../../platform/db.ts";

type Conn = Db | Tx;

const intArray = (xs: readonly number[]) => `{${xs.map((x) => Math.trunc(x)).join(",")}}`;
const textArray = (xs: readonly string[]) => `{${xs.map((x) => `"${x.replace(/["\\]/gu, "\\$&")}"`).join(",")}}`;
const num = (v: unknown): number => (typeof v === "number" ? v : Number(v));

/**
 * Run `f` with planner settings changed, in a transaction (a savepoint when `db` is one already). The
 * settings are put back afterwards: SET LOCAL lasts until the end of the outer transaction, not the savepoint.
 */
async function withSettings<T>(db: Conn, settings: Record<string, string>, f: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const names = Object.keys(settings);
    const set = (vals: Record<string, string>) =>
      run(
        tx,
        sql`SELECT ${sql.join(
          names.map((n) => sql`set_config(${n}, ${vals[n]!}, true)`),
          sql`, `,
        )}`,
      );
    const before = (
      await run(
        tx,
        sql`SELECT ${sql.join(
          names.map((n) => sql`current_setting(${n}) AS ${sql.identifier(n)}`),
          sql`, `,
        )}`,
      )
    ).rows[0] as Record<string, string>;
    await set(settings);
    const out = await f(tx);
    await set(before);
    return out;
  });
}

/**
 * Run a query whose result has many rows and return them as arrays of the listed columns. The rows come
 * back as one JSON text rather than row by row: on PGlite, decoding tens of thousands of rows field by
 * field costs far more than the query (71,000 rows × 9 columns: 1.35 s row by row, 0.23 s as JSON).
 */
async function manyRows(db: Conn, query: SQL, columns: readonly string[]): Promise<unknown[][]> {
  const cols = sql.raw(columns.map((c) => `q."${c}"`).join(", "));
  const r = await run(db, sql`SELECT coalesce(json_agg(json_build_array(${cols})), '[]')::text AS j FROM (${query}) q`);
  return JSON.parse(r.rows[0]!.j as string) as unknown[][];
}

export interface ElementInfo {
  id: number;
  code: string;
  name: string;
  timeAggregation: "last" | "sum";
}

export async function elementsByCode(db: Conn, codes: readonly string[]): Promise<Map<string, ElementInfo>> {
  if (!codes.length) return new Map();
  const r = await run(
    db,
    sql`SELECT id, code, name, time_aggregation AS "timeAggregation" FROM data_elements
        WHERE code = ANY(${textArray(codes)}::text[])`,
  );
  return new Map(r.rows.map((x) => [x.code as string, { ...(x as unknown as ElementInfo), id: num(x.id) }]));
}

export async function filterIds(db: Conn): Promise<Map<string, number>> {
  const r = await run(db, sql`SELECT id, code FROM indicator_filters`);
  return new Map(r.rows.map((x) => [x.code as string, num(x.id)]));
}

export interface UnitInfo {
  id: number;
  parentId: number | null;
  type: string;
  name: string;
  path: string;
  schoolType: string | null;
}

const UNIT = sql`id, parent_id AS "parentId", type, name, path, school_type AS "schoolType"`;

export async function unitById(db: Conn, id: number): Promise<UnitInfo | null> {
  const r = await run(db, sql`SELECT ${UNIT} FROM org_units WHERE id = ${id}`);
  return (r.rows[0] as unknown as UnitInfo | undefined) ?? null;
}

/** The root and its descendants down to `depth` levels below it (departments hold no data: left out). */
export async function subtreeUnits(db: Conn, root: UnitInfo, depth: number): Promise<UnitInfo[]> {
  const base = root.path.split("/").length;
  const r = await run(
    db,
    sql`SELECT ${UNIT} FROM org_units
        WHERE path LIKE ${root.path + "%"} AND type <> 'department'
          AND array_length(string_to_array(path, '/'), 1) <= ${base + depth}
        ORDER BY path, sort, id`,
  );
  return r.rows as unknown as UnitInfo[];
}

export interface PeriodValue {
  period: string;
  category: string;
  value: number;
}

/**
 * unit → element → filter → year → values. The same (period, category) may come more than once (a
 * unit's totals and its own values): readers sum them.
 */
export type ValueIndex = Map<number, Map<number, Map<number, Map<number, PeriodValue[]>>>>;

/** The values of a unit, element, filter and year (undefined when there are none). */
export function indexed(ix: ValueIndex, unitId: number, elementId: number, filterId: number, year: number) {
  return ix.get(unitId)?.get(elementId)?.get(filterId)?.get(year);
}

interface FilterDef {
  id: number;
  schoolTypes: string[] | null;
  ownership: string | null;
  puhui: boolean;
  elementIds: number[] | null;
}

/** Does a unit count for the filter, for this element? The same rule as SQL indicator_filter_matches(). */
function filterMatches(
  f: FilterDef,
  u: { schoolType: string | null; ownership: string | null; inclusive: boolean | null },
  elementId: number,
): boolean {
  return (
    (f.schoolTypes === null || (u.schoolType !== null && f.schoolTypes.includes(u.schoolType))) &&
    (f.ownership === null || u.ownership === f.ownership) &&
    (!f.puhui || u.ownership === "public" || u.inclusive === true) &&
    (f.elementIds === null || f.elementIds.includes(elementId))
  );
}

/** `period` within one of the years, as ranges ('2025' ≤ p < '2026' holds '2025', '2025Q3', '2025 09'):
 *  unlike left(period, 4), the planner can estimate them. */
function inYears(col: SQL, years: number[]): SQL {
  return sql`(${sql.join(
    years.map((y) => sql`(${col} >= ${String(y)} AND ${col} < ${String(y + 1)})`),
    sql` OR `,
  )})`;
}

/**
 * What each unit has for the elements and filters in the years: its own entered values (counted under
 * every filter its registry attributes match) plus its descendants' — from data_totals for a unit with
 * grandchildren (the only ones kept there), else its children's own values (a school has none; a township
 * has its schools'). The direct values come back summed per unit and unit class (school type, ownership,
 * 普惠性; only for the elements a filter counts) and are put under their filters here, once per class
 * rather than once per value and filter in SQL.
 */
export async function unitValues(
  db: Conn,
  q: { unitIds: number[]; elementIds: number[]; filterIds: number[]; years: number[] },
): Promise<ValueIndex> {
  const out: ValueIndex = new Map();
  if (!q.unitIds.length || !q.elementIds.length || !q.years.length) return out;
  const units = intArray(q.unitIds);
  const els = intArray(q.elementIds);
  const fs = intArray(q.filterIds);
  const years = [...new Set(q.years)];
  const defs = (
    await run(
      db,
      sql`SELECT id, school_types AS "schoolTypes", ownership, puhui, element_ids AS "elementIds"
          FROM indicator_filters WHERE id = ANY(${fs}::int[]) ORDER BY id`,
    )
  ).rows.map((x): FilterDef => ({
    id: num(x.id),
    schoolTypes: (x.schoolTypes as string[] | null) ?? null,
    ownership: (x.ownership as string | null) ?? null,
    puhui: x.puhui === true,
    elementIds: x.elementIds ? (x.elementIds as unknown[]).map(num) : null,
  }));
  const classed = defs.filter((f) => f.id !== 0);
  // the elements whose direct values need their unit's class (a filter other than "all" counts them)
  const classAll = classed.some((f) => f.elementIds === null);
  const classEls = intArray([...new Set(classed.flatMap((f) => f.elementIds ?? []))]);
  // the requested units that keep totals (have a grandchild); the others are read from their children
  // (probed unit by unit: a join of all their children with all grandchildren reads every org unit)
  const query = sql`WITH kept AS MATERIALIZED (
          SELECT r.id FROM unnest(${units}::int[]) AS r(id)
          WHERE EXISTS (SELECT 1 FROM org_units c JOIN org_units g ON g.parent_id = c.id WHERE c.parent_id = r.id)
        )
        SELECT t.org_unit_id AS "unitId", t.element_id AS "elementId", t.filter_id AS "filterId", t.period, t.category,
               NULL::text AS "schoolType", NULL::text AS ownership, NULL::boolean AS inclusive, t.value::float8 AS value
        FROM data_totals t
        WHERE t.org_unit_id = ANY(${units}::int[]) AND t.element_id = ANY(${els}::int[])
          AND t.filter_id = ANY(${fs}::int[]) AND t.n > 0 AND ${inYears(sql`t.period`, years)}
          AND t.org_unit_id IN (SELECT id FROM kept)
        UNION ALL
        SELECT s.unit_id, d.element_id, NULL, d.period, d.category,
               CASE WHEN k.classed THEN s.school_type END, CASE WHEN k.classed THEN s.ownership END,
               CASE WHEN k.classed THEN s.inclusive END, sum(d.value)::float8
        FROM data_values d
        JOIN (
          -- whose values each unit reads directly: its own, and its children's when it keeps no totals
          SELECT u.id AS unit_id, u.id AS src_id, u.school_type, u.ownership, u.inclusive FROM org_units u
          WHERE u.id = ANY(${units}::int[])
          UNION ALL
          SELECT c.parent_id, c.id, c.school_type, c.ownership, c.inclusive FROM org_units c
          WHERE c.parent_id = ANY(${units}::int[])
            AND c.parent_id NOT IN (SELECT id FROM kept)
        ) s ON s.src_id = d.org_unit_id
        CROSS JOIN LATERAL (SELECT ${classAll}::boolean OR d.element_id = ANY(${classEls}::int[]) AS classed) k
        WHERE d.element_id = ANY(${els}::int[]) AND ${inYears(sql`d.period`, years)}
        GROUP BY 1, 2, 4, 5, 6, 7, 8`;
  // a province-wide read groups a few hundred thousand values: in memory rather than in sorted runs on disk
  const columns = [
    "unitId",
    "elementId",
    "filterId",
    "period",
    "category",
    "schoolType",
    "ownership",
    "inclusive",
    "value",
  ];
  const rows =
    q.unitIds.length > 100
      ? await withSettings(db, { work_mem: "64MB" }, (tx) => manyRows(tx, query, columns))
      : await manyRows(db, query, columns);
  // nested maps with number keys rather than one string key per value: a province-wide read has
  // 70,000 rows, and building and hashing their keys was a good part of the read
  const add = (
    unitId: number,
    elementId: number,
    filterId: number,
    period: string,
    category: string,
    value: number,
  ) => {
    const year = Number(period.slice(0, 4));
    let byEl = out.get(unitId);
    if (!byEl) out.set(unitId, (byEl = new Map()));
    let byFilter = byEl.get(elementId);
    if (!byFilter) byEl.set(elementId, (byFilter = new Map()));
    let byYear = byFilter.get(filterId);
    if (!byYear) byFilter.set(filterId, (byYear = new Map()));
    const rows = byYear.get(year);
    if (rows) rows.push({ period, category, value });
    else byYear.set(year, [{ period, category, value }]);
  };
  for (const [u, e, filterId, p, c, schoolType, ownership, inclusive, v] of rows) {
    const [unitId, elementId, value] = [num(u), num(e), num(v)];
    const [period, category] = [p as string, c as string];
    if (filterId !== null) {
      add(unitId, elementId, num(filterId), period, category, value);
      continue;
    }
    const unit = {
      schoolType: (schoolType as string | null) ?? null,
      ownership: (ownership as string | null) ?? null,
      inclusive: (inclusive as boolean | null) ?? null,
    };
    for (const f of defs)
      if (f.id === 0 || filterMatches(f, unit, elementId)) add(unitId, elementId, f.id, period, category, value);
  }
  return out;
}

export interface CvMoments {
  /** Index of the group (school type, weight, resources) in the request. */
  group: number;
  unitId: number;
  elementId: number;
  /** Schools counted (with enrolment > 0 and the resource entered). */
  schools: number;
  sumP: number;
  sumNum: number;
  /** Σ num² / P */
  sumNum2OverP: number;
  minX: number;
  maxX: number;
}

export interface CvGroup {
  schoolType: string;
  numIds: number[];
  weightId: number;
}

/**
 * For each unit and group, over the schools of the group's type in the unit's subtree: Σ P, Σ num,
 * Σ num²/P for each resource element (num) with weight element P, from each school's own values in
 * `year` (a stock: the latest period of the year; categories summed). Every group in one query: the
 * schools' values are read once, summed per school's parent (or per school when the school itself is
 * asked for), and only those partial sums are added up along the paths.
 */
export async function cvMoments(
  db: Conn,
  q: { units: { id: number; path: string }[]; groups: CvGroup[]; year: number },
): Promise<CvMoments[]> {
  const groups = q.groups.filter((g) => g.numIds.length);
  if (!q.units.length || !groups.length) return [];
  const ids = intArray(q.units.map((u) => u.id));
  const els = intArray([...new Set(groups.flatMap((g) => [...g.numIds, g.weightId]))]);
  const roles = groups.flatMap((g, i) => [
    { gi: i, el: g.weightId, weight: true },
    ...g.numIds.map((el) => ({ gi: i, el, weight: false })),
  ]);
  const from = String(q.year);
  const to = String(q.year + 1);
  // the common prefix of the requested units bounds the schools read
  const prefix = commonPrefix(q.units.map((u) => u.path));
  const query = sql`WITH gt AS (
          SELECT * FROM unnest(${intArray(groups.map((_, i) => i))}::int[], ${textArray(groups.map((g) => g.schoolType))}::text[])
            AS t(gi, school_type)
        ),
        ge AS (
          SELECT * FROM unnest(${intArray(roles.map((r) => r.gi))}::int[], ${intArray(roles.map((r) => r.el))}::int[],
                               ${`{${roles.map((r) => r.weight).join(",")}}`}::boolean[]) AS t(gi, element_id, is_weight)
        ),
        s AS (
          SELECT id, parent_id, school_type FROM org_units
          WHERE type = 'school' AND school_type IN (SELECT school_type FROM gt) AND path LIKE ${prefix + "%"}
        ),
        v AS (
          SELECT d.org_unit_id AS school, d.element_id, d.period, sum(d.value)::float8 AS v
          FROM data_values d JOIN s ON s.id = d.org_unit_id
          WHERE d.element_id = ANY(${els}::int[]) AND d.period >= ${from} AND d.period < ${to}
          GROUP BY 1, 2, 3
        ),
        last AS (
          SELECT DISTINCT ON (school, element_id) school, element_id, v FROM v
          ORDER BY school, element_id,
            CASE WHEN length(period) = 4 THEN 12 WHEN substr(period, 5, 1) = 'Q' THEN 3 * substr(period, 6)::int
                 ELSE substr(period, 5)::int END DESC, length(period) DESC
        ),
        x AS (
          SELECT gt.gi, s.id AS school, s.parent_id, l.element_id, l.v AS num, w.v AS p
          FROM gt JOIN s ON s.school_type = gt.school_type
          JOIN ge wg ON wg.gi = gt.gi AND wg.is_weight
          JOIN last w ON w.school = s.id AND w.element_id = wg.element_id AND w.v > 0
          JOIN ge ng ON ng.gi = gt.gi AND NOT ng.is_weight
          JOIN last l ON l.school = s.id AND l.element_id = ng.element_id
        ),
        k AS (
          SELECT gi, element_id, CASE WHEN school = ANY(${ids}::int[]) THEN school ELSE parent_id END AS key,
                 count(*) AS n, sum(p) AS sp, sum(num) AS sn, sum(num * num / p) AS sn2,
                 min(num / p) AS mn, max(num / p) AS mx
          FROM x GROUP BY 1, 2, 3
        )
        SELECT k.gi AS "group", r.id AS "unitId", k.element_id AS "elementId", sum(k.n)::int AS schools,
               sum(k.sp) AS "sumP", sum(k.sn) AS "sumNum", sum(k.sn2) AS "sumNum2OverP",
               min(k.mn) AS "minX", max(k.mx) AS "maxX"
        FROM k JOIN org_units o ON o.id = k.key
        CROSS JOIN LATERAL unnest(string_to_array(btrim(o.path, '/'), '/')::int[]) AS r(id)
        WHERE r.id = ANY(${ids}::int[])
        GROUP BY 1, 2, 3`;
  // the joins in the order written (school type first): the planner cannot see through the CTEs' sizes
  const r = await withSettings(db, { work_mem: "64MB", join_collapse_limit: "1" }, (tx) => run(tx, query));
  return r.rows.map((x) => ({
    group: num(x.group),
    unitId: num(x.unitId),
    elementId: num(x.elementId),
    schools: num(x.schools),
    sumP: num(x.sumP),
    sumNum: num(x.sumNum),
    sumNum2OverP: num(x.sumNum2OverP),
    minX: num(x.minX),
    maxX: num(x.maxX),
  }));
}

function commonPrefix(paths: string[]): string {
  if (!paths.length) return "/";
  let p = paths[0]!;
  for (const q of paths) while (!q.startsWith(p)) p = p.slice(0, p.lastIndexOf("/", p.length - 2) + 1);
  return p || "/";
}

/** Rebuild every total from data_values (after a bulk load with the trigger off). */
export async function recomputeTotals(db: Conn): Promise<void> {
  await run(db, sql`SELECT data_totals_recompute()`);
}

export async function countTotals(db: Conn): Promise<number> {
  const r = await run(db, sql`SELECT count(*)::int AS n FROM data_totals WHERE n > 0`);
  return num(r.rows[0]!.n);
}

// ---- indicators table and target links ----

export async function indicatorRows(db: Conn): Promise<{ id: number; code: string; name: string; unit: string }[]> {
  const r = await run(db, sql`SELECT id, code, name, unit FROM indicators ORDER BY id`);
  return r.rows.map((x) => ({ id: num(x.id), code: x.code as string, name: x.name as string, unit: x.unit as string }));
}

// ---- custom indicators (indicators rows with builtin = false; custom.ts) ----

/** The formula of a custom indicator as stored in `indicators.definition`. */
export interface CustomDefinition {
  kind: "ratio" | "count";
  numerator: string;
  denominator: string | null;
  factor: number;
  decimals: number;
  synonyms: string[];
  definition: string;
  source: string;
}

export interface CustomIndicatorRow {
  id: number;
  code: string;
  name: string;
  unit: string;
  version: number;
  definition: CustomDefinition;
}

const CUSTOM_COLS = sql`id, code, name, unit, version, definition`;

function toCustom(x: Record<string, unknown>): CustomIndicatorRow {
  const d = (typeof x.definition === "string" ? JSON.parse(x.definition) : x.definition) as CustomDefinition;
  return {
    id: num(x.id),
    code: x.code as string,
    name: x.name as string,
    unit: x.unit as string,
    version: num(x.version),
    definition: d,
  };
}

export async function customIndicators(db: Conn): Promise<CustomIndicatorRow[]> {
  const r = await run(db, sql`SELECT ${CUSTOM_COLS} FROM indicators WHERE NOT builtin ORDER BY id`);
  return r.rows.map(toCustom);
}

/** An indicators row by id, built-in or not (custom fields only for custom rows). */
export async function indicatorRow(db: Conn, id: number): Promise<(CustomIndicatorRow & { builtin: boolean }) | null> {
  const r = await run(db, sql`SELECT ${CUSTOM_COLS}, builtin FROM indicators WHERE id = ${id}`);
  const x = r.rows[0];
  return x ? { ...toCustom(x), builtin: x.builtin === true } : null;
}

export async function indicatorCodeTaken(db: Conn, code: string): Promise<boolean> {
  const r = await run(db, sql`SELECT 1 FROM indicators WHERE code = ${code}`);
  return r.rows.length > 0;
}

export async function insertCustomIndicator(
  db: Conn,
  q: { code: string; name: string; unit: string; definition: CustomDefinition },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO indicators (code, name, unit, builtin, definition)
        VALUES (${q.code}, ${q.name}, ${q.unit}, false, ${JSON.stringify(q.definition)}::jsonb) RETURNING id`,
  );
  return num(r.rows[0]!.id);
}

/** Update at the version read; false when the row changed meanwhile (or is built-in / gone). */
export async function updateCustomIndicator(
  db: Conn,
  id: number,
  version: number,
  q: { name: string; unit: string; definition: CustomDefinition },
): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE indicators SET name = ${q.name}, unit = ${q.unit}, definition = ${JSON.stringify(q.definition)}::jsonb,
          version = version + 1
        WHERE id = ${id} AND version = ${version} AND NOT builtin RETURNING id`,
  );
  return r.rows.length > 0;
}

export async function deleteCustomIndicator(db: Conn, id: number): Promise<boolean> {
  const r = await run(db, sql`DELETE FROM indicators WHERE id = ${id} AND NOT builtin RETURNING id`);
  return r.rows.length > 0;
}

/** Target links that point at the indicator (any status) with the target's unit: delete and unit guards. */
export async function linksOfIndicator(
  db: Conn,
  id: number,
): Promise<{ targetId: number; status: string; targetUnit: string }[]> {
  const r = await run(
    db,
    sql`SELECT l.target_id, l.status, g.unit FROM target_links l JOIN targets g ON g.id = l.target_id
        WHERE l.indicator_id = ${id} ORDER BY l.target_id`,
  );
  return r.rows.map((x) => ({ targetId: num(x.target_id), status: x.status as string, targetUnit: x.unit as string }));
}

/** Elements by code with their categories (expression checks). */
export async function elementShapes(
  db: Conn,
  codes: readonly string[],
): Promise<Map<string, { id: number; categories: string[] }>> {
  if (!codes.length) return new Map();
  const r = await run(
    db,
    sql`SELECT id, code, categories FROM data_elements WHERE code = ANY(${textArray(codes)}::text[])`,
  );
  return new Map(
    r.rows.map((x) => [x.code as string, { id: num(x.id), categories: (x.categories as string[]) ?? [] }]),
  );
}

/** Unit filters with the elements they apply to (null = every element). */
export async function filterScopes(db: Conn): Promise<Map<string, number[] | null>> {
  const r = await run(db, sql`SELECT code, element_ids FROM indicator_filters`);
  return new Map(r.rows.map((x) => [x.code as string, x.element_ids ? (x.element_ids as unknown[]).map(num) : null]));
}

export interface TargetForLink {
  targetId: number;
  taskId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: string;
  qualifier: string | null;
  planUnitId: number;
  planYears: number[];
}

const TARGET_COLS = sql`g.id AS "targetId", g.task_id AS "taskId", g.indicator, g.value::float8 AS value, g.unit,
  g.year, g.kind, g.qualifier, p.org_unit_id AS "planUnitId", p.years AS "planYears"`;

function toTarget(x: Record<string, unknown>): TargetForLink {
  return {
    targetId: num(x.targetId),
    taskId: num(x.taskId),
    indicator: x.indicator as string,
    value: num(x.value),
    unit: x.unit as string,
    year: x.year === null ? null : num(x.year),
    kind: x.kind as string,
    qualifier: (x.qualifier as string | null) ?? null,
    planUnitId: num(x.planUnitId),
    planYears: ((x.planYears as unknown[]) ?? []).map(num),
  };
}

export async function nextTargetPosition(tx: Conn, taskId: number): Promise<number> {
  const r = await run(tx, sql`SELECT coalesce(max(position) + 1, 0)::int AS p FROM targets WHERE task_id = ${taskId}`);
  return num(r.rows[0]!.p);
}

export async function lastTargetId(tx: Conn, taskId: number): Promise<number> {
  const r = await run(tx, sql`SELECT max(id)::int AS id FROM targets WHERE task_id = ${taskId}`);
  return num(r.rows[0]!.id);
}

/** The path of the plan's unit; null when there is no such plan. */
export async function planUnitPath(db: Conn, planId: number): Promise<string | null> {
  const r = await run(
    db,
    sql`SELECT u.path FROM plans p JOIN org_units u ON u.id = p.org_unit_id WHERE p.id = ${planId}`,
  );
  return (r.rows[0]?.path as string | undefined) ?? null;
}

/** The targets of a plan (kind 'target'), with the plan's unit and years. */
export async function planTargets(db: Conn, planId: number): Promise<TargetForLink[]> {
  const r = await run(
    db,
    sql`SELECT ${TARGET_COLS} FROM targets g JOIN tasks k ON k.id = g.task_id JOIN plans p ON p.id = k.plan_id
        WHERE k.plan_id = ${planId} ORDER BY k.position, g.position, g.id`,
  );
  return r.rows.map(toTarget);
}

export async function taskTargets(db: Conn, taskId: number): Promise<TargetForLink[]> {
  const r = await run(
    db,
    sql`SELECT ${TARGET_COLS} FROM targets g JOIN tasks k ON k.id = g.task_id JOIN plans p ON p.id = k.plan_id
        WHERE g.task_id = ${taskId} ORDER BY g.position, g.id`,
  );
  return r.rows.map(toTarget);
}

export async function targetById(db: Conn, targetId: number): Promise<TargetForLink | null> {
  const r = await run(
    db,
    sql`SELECT ${TARGET_COLS} FROM targets g JOIN tasks k ON k.id = g.task_id JOIN plans p ON p.id = k.plan_id
        WHERE g.id = ${targetId}`,
  );
  return r.rows[0] ? toTarget(r.rows[0]) : null;
}

export interface LinkRow {
  targetId: number;
  indicatorId: number | null;
  indicatorCode: string | null;
  orgUnitId: number;
  year: number | null;
  status: "suggested" | "confirmed" | "rejected";
  score: number | null;
  confirmedBy: number | null;
  version: number;
}

const LINK_COLS = sql`l.target_id AS "targetId", l.indicator_id AS "indicatorId", i.code AS "indicatorCode",
  l.org_unit_id AS "orgUnitId", l.year, l.status, l.score, l.confirmed_by AS "confirmedBy", l.version`;

function toLink(x: Record<string, unknown>): LinkRow {
  return {
    targetId: num(x.targetId),
    indicatorId: x.indicatorId === null ? null : num(x.indicatorId),
    indicatorCode: (x.indicatorCode as string | null) ?? null,
    orgUnitId: num(x.orgUnitId),
    year: x.year === null ? null : num(x.year),
    status: x.status as LinkRow["status"],
    score: x.score === null ? null : num(x.score),
    confirmedBy: x.confirmedBy === null ? null : num(x.confirmedBy),
    version: num(x.version),
  };
}

export async function linksFor(db: Conn, targetIds: number[]): Promise<Map<number, LinkRow>> {
  if (!targetIds.length) return new Map();
  const r = await run(
    db,
    sql`SELECT ${LINK_COLS} FROM target_links l LEFT JOIN indicators i ON i.id = l.indicator_id
        WHERE l.target_id = ANY(${intArray(targetIds)}::int[])`,
  );
  return new Map(r.rows.map((x) => [num(x.targetId), toLink(x)]));
}

/** Insert a suggestion unless the target already has a link (a reviewer's decision is never overwritten). */
export async function suggestLink(
  tx: Conn,
  l: { targetId: number; indicatorId: number; orgUnitId: number; year: number | null; score: number },
): Promise<boolean> {
  const r = await run(
    tx,
    sql`INSERT INTO target_links (target_id, indicator_id, org_unit_id, year, status, score)
        VALUES (${l.targetId}, ${l.indicatorId}, ${l.orgUnitId}, ${l.year}, 'suggested', ${l.score})
        ON CONFLICT (target_id) DO NOTHING RETURNING target_id`,
  );
  return r.rows.length > 0;
}

/** Set a reviewer's decision; false when the version is stale. */
export async function decideLink(
  tx: Conn,
  l: {
    targetId: number;
    indicatorId: number | null;
    orgUnitId: number;
    year: number | null;
    status: "confirmed" | "rejected";
    by: number;
    at: Date;
    version: number | null;
  },
): Promise<boolean> {
  if (l.version === null) {
    const r = await run(
      tx,
      sql`INSERT INTO target_links (target_id, indicator_id, org_unit_id, year, status, confirmed_by, confirmed_at)
          VALUES (${l.targetId}, ${l.indicatorId}, ${l.orgUnitId}, ${l.year}, ${l.status}, ${l.by}, ${l.at.toISOString()})
          ON CONFLICT (target_id) DO NOTHING RETURNING target_id`,
    );
    return r.rows.length > 0;
  }
  const r = await run(
    tx,
    sql`UPDATE target_links SET indicator_id = ${l.indicatorId}, org_unit_id = ${l.orgUnitId}, year = ${l.year},
          status = ${l.status}, confirmed_by = ${l.by}, confirmed_at = ${l.at.toISOString()}, version = version + 1
        WHERE target_id = ${l.targetId} AND version = ${l.version} RETURNING target_id`,
  );
  return r.rows.length > 0;
}

/** Confirmed links of tasks (for the status colour): target id → link. */
export async function confirmedLinksOfTasks(
  db: Conn,
  taskIds: number[],
): Promise<
  {
    taskId: number;
    targetId: number;
    indicatorCode: string;
    orgUnitId: number;
    year: number | null;
    value: number;
    qualifier: string | null;
    indicator: string;
  }[]
> {
  if (!taskIds.length) return [];
  const r = await run(
    db,
    sql`SELECT g.task_id AS "taskId", g.id AS "targetId", i.code AS "indicatorCode", l.org_unit_id AS "orgUnitId",
               l.year, g.value::float8 AS value, g.qualifier, g.indicator
        FROM target_links l JOIN targets g ON g.id = l.target_id JOIN indicators i ON i.id = l.indicator_id
        WHERE l.status = 'confirmed' AND g.task_id = ANY(${intArray(taskIds)}::int[])
        ORDER BY g.task_id, g.position, g.id`,
  );
  return r.rows.map((x) => ({
    taskId: num(x.taskId),
    targetId: num(x.targetId),
    indicatorCode: x.indicatorCode as string,
    orgUnitId: num(x.orgUnitId),
    year: x.year === null ? null : num(x.year),
    value: num(x.value),
    qualifier: (x.qualifier as string | null) ?? null,
    indicator: x.indicator as string,
  }));
}
