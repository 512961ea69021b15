// All SQL of the data side: data_elements, data_sets, collection_rounds, round_units, data_approvals,
// data_values, validation_rules. Values are written with plain INSERT … ON CONFLICT / DELETE over unnest()
// arrays (the calculation side's trigger on data_values sees ordinary row changes).
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../../platform/db.ts";
import type { CollectionRound, DataElement } from "../../../../common/schemas/indicators-data.ts";

/** A PostgreSQL array literal ('{"a","b"}') for text/int/numeric arrays passed as one parameter. */
export function pgArray(values: readonly (string | number)[]): string {
  return `{${values
    .map((v) => (typeof v === "number" ? String(v) : `"${v.replace(/\\/gu, "\\\\").replace(/"/gu, '\\"')}"`))
    .join(",")}}`;
}

export type ElementRow = DataElement;

const ELEMENT_COLS = sql`e.id, e.code, e.name, e.value_type AS "valueType", e.time_aggregation AS "timeAggregation",
  e.categories, e.entry_level AS "entryLevel", e.applies_to AS "appliesTo", e.unit, e.description, e.builtin, e.version`;

export async function listElements(db: Db | Tx): Promise<ElementRow[]> {
  const r = await run(db, sql`SELECT ${ELEMENT_COLS} FROM data_elements e ORDER BY e.id`);
  return r.rows as unknown as ElementRow[];
}

export async function elementsOfDataSet(db: Db | Tx, dataSetId: number): Promise<ElementRow[]> {
  const r = await run(
    db,
    sql`SELECT ${ELEMENT_COLS} FROM data_set_elements s JOIN data_elements e ON e.id = s.element_id
    WHERE s.data_set_id = ${dataSetId} ORDER BY s.sort, e.id`,
  );
  return r.rows as unknown as ElementRow[];
}

export interface DataSetRow {
  id: number;
  code: string;
  name: string;
  periodType: "year" | "quarter" | "month";
  elementIds: number[];
}

export async function listDataSets(db: Db | Tx): Promise<DataSetRow[]> {
  const r = await run(
    db,
    sql`SELECT d.id, d.code, d.name, d.period_type AS "periodType",
      COALESCE((SELECT array_agg(s.element_id ORDER BY s.sort, s.element_id) FROM data_set_elements s WHERE s.data_set_id = d.id), '{}') AS "elementIds"
    FROM data_sets d ORDER BY d.id`,
  );
  return r.rows as unknown as DataSetRow[];
}

export async function getDataSet(db: Db | Tx, id: number): Promise<DataSetRow | null> {
  return (await listDataSets(db)).find((d) => d.id === id) ?? null;
}

export interface RuleRow {
  id: number;
  code: string;
  name: string;
  left: string;
  op: "<=" | "<" | "=" | ">=" | ">" | "!=";
  right: string;
  importance: "error" | "warning";
  builtin: boolean;
}

export async function listRules(db: Db | Tx): Promise<RuleRow[]> {
  const r = await run(
    db,
    sql`SELECT id, code, name, left_expr AS "left", op, right_expr AS "right", importance, builtin FROM validation_rules ORDER BY id`,
  );
  return r.rows as unknown as RuleRow[];
}

export async function insertRule(db: Db | Tx, r: Omit<RuleRow, "id" | "builtin">): Promise<number> {
  const res = await run(
    db,
    sql`INSERT INTO validation_rules (code, name, left_expr, op, right_expr, importance)
    VALUES (${r.code}, ${r.name}, ${r.left}, ${r.op}, ${r.right}, ${r.importance}) RETURNING id`,
  );
  return (res.rows[0] as { id: number }).id;
}

export async function ruleByCode(db: Db | Tx, code: string): Promise<boolean> {
  const r = await run(db, sql`SELECT 1 FROM validation_rules WHERE code = ${code}`);
  return r.rows.length > 0;
}

// --- rounds

export type RoundRow = CollectionRound;

const ROUND_COLS = sql`r.id, r.data_set_id AS "dataSetId", d.name AS "dataSetName", r.name, r.period,
  r.root_unit_id AS "rootUnitId", o.path AS "rootPath", o.name AS "rootName", r.opens_on::text AS "opensOn",
  r.due_on::text AS "dueOn", r.status, r.created_at AS "createdAt", r.version`;

export async function getRound(db: Db | Tx, id: number): Promise<RoundRow | null> {
  const r = await run(
    db,
    sql`SELECT ${ROUND_COLS} FROM collection_rounds r JOIN data_sets d ON d.id = r.data_set_id
    JOIN org_units o ON o.id = r.root_unit_id WHERE r.id = ${id}`,
  );
  return (r.rows[0] as unknown as RoundRow | undefined) ?? null;
}

/** Rounds whose subtree meets the given one (rooted inside it, or above it). */
export async function listRounds(db: Db | Tx, scopePath: string): Promise<RoundRow[]> {
  const r = await run(
    db,
    sql`SELECT ${ROUND_COLS} FROM collection_rounds r JOIN data_sets d ON d.id = r.data_set_id
    JOIN org_units o ON o.id = r.root_unit_id
    WHERE o.path LIKE ${scopePath + "%"} OR ${scopePath} LIKE o.path || '%'
    ORDER BY r.period DESC, r.id DESC`,
  );
  return r.rows as unknown as RoundRow[];
}

/** Another round of the same data set and period whose subtree overlaps this root's. */
export async function overlappingRound(db: Db | Tx, dataSetId: number, period: string, rootPath: string) {
  const r = await run(
    db,
    sql`SELECT r.id FROM collection_rounds r JOIN org_units o ON o.id = r.root_unit_id
    WHERE r.data_set_id = ${dataSetId} AND r.period = ${period}
      AND (o.path LIKE ${rootPath + "%"} OR ${rootPath} LIKE o.path || '%') LIMIT 1`,
  );
  return (r.rows[0] as { id: number } | undefined)?.id ?? null;
}

export async function insertRound(
  db: Db | Tx,
  r: { dataSetId: number; name: string; period: string; rootUnitId: number; opensOn: string; dueOn: string; createdBy: number; at: Date },
): Promise<number> {
  const res = await run(
    db,
    sql`INSERT INTO collection_rounds (data_set_id, name, period, root_unit_id, opens_on, due_on, created_by, created_at)
    VALUES (${r.dataSetId}, ${r.name}, ${r.period}, ${r.rootUnitId}, ${r.opensOn}, ${r.dueOn}, ${r.createdBy}, ${r.at.toISOString()}) RETURNING id`,
  );
  return (res.rows[0] as { id: number }).id;
}

/** Assign the round's forms: active schools, townships/教管中心 and the root itself. Returns the count. */
export async function assignRoundUnits(db: Db | Tx, roundId: number, rootId: number, rootPath: string, at: Date) {
  const r = await run(
    db,
    sql`INSERT INTO round_units (round_id, org_unit_id, updated_at)
    SELECT ${roundId}, id, ${at.toISOString()} FROM org_units
    WHERE path LIKE ${rootPath + "%"} AND active AND (id = ${rootId} OR type IN ('school', 'township', 'center'))
    RETURNING org_unit_id`,
  );
  return r.rows.length;
}

export interface RoundUnitRow {
  orgUnitId: number;
  name: string;
  type: string;
  path: string;
  parentId: number | null;
  schoolCode: string | null;
  schoolType: string | null;
  status: "open" | "submitted" | "approved" | "locked";
  approvalLevel: "township" | "county" | null;
  submittedAt: string | null;
  approvedAt: string | null;
  version: number;
}

const RU_COLS = sql`ru.org_unit_id AS "orgUnitId", o.name, o.type, o.path, o.parent_id AS "parentId",
  o.school_code AS "schoolCode", o.school_type AS "schoolType", ru.status, ru.approval_level AS "approvalLevel",
  ru.submitted_at AS "submittedAt", ru.approved_at AS "approvedAt", ru.version`;

export async function roundUnits(db: Db | Tx, roundId: number, path: string): Promise<RoundUnitRow[]> {
  const r = await run(
    db,
    sql`SELECT ${RU_COLS} FROM round_units ru JOIN org_units o ON o.id = ru.org_unit_id
    WHERE ru.round_id = ${roundId} AND o.path LIKE ${path + "%"} ORDER BY o.path, o.sort, o.id`,
  );
  return r.rows as unknown as RoundUnitRow[];
}

export async function roundUnit(db: Db | Tx, roundId: number, unitId: number): Promise<RoundUnitRow | null> {
  const r = await run(
    db,
    sql`SELECT ${RU_COLS} FROM round_units ru JOIN org_units o ON o.id = ru.org_unit_id
    WHERE ru.round_id = ${roundId} AND ru.org_unit_id = ${unitId}`,
  );
  return (r.rows[0] as unknown as RoundUnitRow | undefined) ?? null;
}

/** Lock the round's rows of these units against concurrent approval changes (FOR UPDATE). */
export async function lockRoundUnits(db: Db | Tx, roundId: number, path: string): Promise<void> {
  await run(
    db,
    sql`SELECT ru.org_unit_id FROM round_units ru JOIN org_units o ON o.id = ru.org_unit_id
    WHERE ru.round_id = ${roundId} AND o.path LIKE ${path + "%"} FOR UPDATE OF ru`,
  );
}

/** The forms' statuses, read FOR SHARE: a write waits for (and then sees) a concurrent submit or approval. */
export async function roundUnitStatuses(db: Db | Tx, roundId: number, unitIds: number[]): Promise<Map<number, string>> {
  if (!unitIds.length) return new Map();
  const r = await run(
    db,
    sql`SELECT org_unit_id AS id, status FROM round_units WHERE round_id = ${roundId} AND org_unit_id = ANY(${pgArray(unitIds)}::int[]) FOR SHARE`,
  );
  return new Map((r.rows as { id: number; status: string }[]).map((x) => [x.id, x.status]));
}

export async function setRoundUnitStatus(
  db: Db | Tx,
  roundId: number,
  unitIds: number[],
  set: { status: RoundUnitRow["status"]; approvalLevel?: RoundUnitRow["approvalLevel"] | undefined; at: Date; submitted?: boolean; approved?: boolean },
): Promise<void> {
  if (!unitIds.length) return;
  await run(
    db,
    sql`UPDATE round_units SET status = ${set.status},
      approval_level = CASE WHEN ${set.approvalLevel !== undefined} THEN ${set.approvalLevel ?? null} ELSE approval_level END,
      submitted_at = CASE WHEN ${!!set.submitted} THEN ${set.at.toISOString()}::timestamptz ELSE submitted_at END,
      approved_at = CASE WHEN ${!!set.approved} THEN ${set.at.toISOString()}::timestamptz
                         WHEN ${set.status === "open"} THEN NULL ELSE approved_at END,
      updated_at = ${set.at.toISOString()}, version = version + 1
    WHERE round_id = ${roundId} AND org_unit_id = ANY(${pgArray(unitIds)}::int[])`,
  );
}

export async function insertApproval(
  db: Db | Tx,
  a: { roundId: number; unitId: number; action: string; from: string; to: string; level: string | null; reason: string | null; actorId: number; at: Date },
): Promise<void> {
  await run(
    db,
    sql`INSERT INTO data_approvals (round_id, org_unit_id, action, from_status, to_status, level, reason, actor_id, at)
    VALUES (${a.roundId}, ${a.unitId}, ${a.action}, ${a.from}, ${a.to}, ${a.level}, ${a.reason}, ${a.actorId}, ${a.at.toISOString()})`,
  );
}

export async function approvalHistory(db: Db | Tx, roundId: number, unitId: number) {
  const r = await run(
    db,
    sql`SELECT a.id, a.action, a.from_status AS "from", a.to_status AS "to", a.level, a.reason, a.at,
      a.actor_id AS "actorId", u.display_name AS "actorName"
    FROM data_approvals a LEFT JOIN users u ON u.id = a.actor_id
    WHERE a.round_id = ${roundId} AND a.org_unit_id = ${unitId} ORDER BY a.id`,
  );
  return r.rows as unknown as {
    id: number;
    action: string;
    from: string;
    to: string;
    level: string | null;
    reason: string | null;
    at: string;
    actorId: number | null;
    actorName: string | null;
  }[];
}

/** Count of round units by status inside a subtree. */
export async function roundProgress(db: Db | Tx, roundId: number, path: string) {
  const r = await run(
    db,
    sql`SELECT ru.status, o.type, count(*)::int AS n FROM round_units ru JOIN org_units o ON o.id = ru.org_unit_id
    WHERE ru.round_id = ${roundId} AND o.path LIKE ${path + "%"} GROUP BY ru.status, o.type`,
  );
  return r.rows as { status: string; type: string; n: number }[];
}

// --- values

export interface ValueRow {
  elementId: number;
  orgUnitId: number;
  category: string;
  value: number;
}

export async function valuesOf(db: Db | Tx, unitIds: number[], period: string, elementIds: number[]): Promise<ValueRow[]> {
  if (!unitIds.length || !elementIds.length) return [];
  const r = await run(
    db,
    sql`SELECT element_id AS "elementId", org_unit_id AS "orgUnitId", category, value::float8 AS value FROM data_values
    WHERE org_unit_id = ANY(${pgArray(unitIds)}::int[]) AND period = ${period}
      AND element_id = ANY(${pgArray(elementIds)}::int[])`,
  );
  return r.rows as unknown as ValueRow[];
}

/** Upsert many values in one statement; unchanged values are not rewritten. */
export async function upsertValues(
  db: Db | Tx,
  period: string,
  roundId: number | null,
  userId: number | null,
  at: Date,
  cells: { elementId: number; orgUnitId: number; category: string; value: number }[],
): Promise<void> {
  if (!cells.length) return;
  await run(
    db,
    sql`INSERT INTO data_values (element_id, org_unit_id, period, category, value, round_id, updated_by, updated_at)
    SELECT e, u, ${period}, c, v, ${roundId}::int, ${userId}::int, ${at.toISOString()}::timestamptz
    FROM unnest(${pgArray(cells.map((x) => x.elementId))}::int[], ${pgArray(cells.map((x) => x.orgUnitId))}::int[],
                ${pgArray(cells.map((x) => x.category))}::text[], ${pgArray(cells.map((x) => x.value))}::numeric[]) AS t(e, u, c, v)
    ON CONFLICT (element_id, org_unit_id, period, category) DO UPDATE
      SET value = EXCLUDED.value, round_id = EXCLUDED.round_id, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
      WHERE data_values.value IS DISTINCT FROM EXCLUDED.value`,
  );
}

export async function deleteValues(
  db: Db | Tx,
  period: string,
  cells: { elementId: number; orgUnitId: number; category: string }[],
): Promise<number> {
  if (!cells.length) return 0;
  const r = await run(
    db,
    sql`DELETE FROM data_values d USING unnest(${pgArray(cells.map((x) => x.elementId))}::int[],
        ${pgArray(cells.map((x) => x.orgUnitId))}::int[], ${pgArray(cells.map((x) => x.category))}::text[]) AS t(e, u, c)
    WHERE d.element_id = t.e AND d.org_unit_id = t.u AND d.category = t.c AND d.period = ${period} RETURNING d.element_id`,
  );
  return r.rows.length;
}

/** Every value of these units in a period, with element codes: what validation rules compare. */
export async function codedValues(db: Db | Tx, unitIds: number[], period: string) {
  if (!unitIds.length) return [] as { orgUnitId: number; code: string; category: string; value: number }[];
  const r = await run(
    db,
    sql`SELECT v.org_unit_id AS "orgUnitId", e.code, v.category, v.value::float8 AS value
    FROM data_values v JOIN data_elements e ON e.id = v.element_id
    WHERE v.org_unit_id = ANY(${pgArray(unitIds)}::int[]) AND v.period = ${period}`,
  );
  return r.rows as unknown as { orgUnitId: number; code: string; category: string; value: number }[];
}

/** Units by 学校标识码 (for row messages: unknown vs out of scope). */
export async function unitsBySchoolCode(db: Db | Tx, codes: string[]) {
  if (!codes.length) return [] as { id: number; name: string; path: string; schoolCode: string }[];
  const r = await run(
    db,
    sql`SELECT id, name, path, school_code AS "schoolCode" FROM org_units WHERE school_code = ANY(${pgArray(codes)}::text[])`,
  );
  return r.rows as unknown as { id: number; name: string; path: string; schoolCode: string }[];
}

// --- round status (open/closed) and custom data elements

/** Open or close a round at the given version; false when the version is stale. */
export async function setRoundStatus(db: Db | Tx, id: number, version: number, status: "open" | "closed"): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE collection_rounds SET status = ${status}, version = version + 1 WHERE id = ${id} AND version = ${version} RETURNING id`,
  );
  return r.rows.length > 0;
}

/** The round's status, read under a share lock (writes of values wait for a concurrent close). */
export async function roundStatusForShare(db: Db | Tx, id: number): Promise<"open" | "closed" | null> {
  const r = await run(db, sql`SELECT status FROM collection_rounds WHERE id = ${id} FOR SHARE`);
  return (r.rows[0] as { status: "open" | "closed" } | undefined)?.status ?? null;
}

export async function getElement(db: Db | Tx, id: number): Promise<ElementRow | null> {
  const r = await run(db, sql`SELECT ${ELEMENT_COLS} FROM data_elements e WHERE e.id = ${id}`);
  return (r.rows[0] as unknown as ElementRow | undefined) ?? null;
}

export async function elementCodeTaken(db: Db | Tx, code: string): Promise<boolean> {
  const r = await run(db, sql`SELECT 1 FROM data_elements WHERE code = ${code}`);
  return r.rows.length > 0;
}

export type ElementInput = Omit<ElementRow, "id" | "builtin" | "version">;

export async function insertElement(db: Db | Tx, e: ElementInput): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO data_elements (code, name, value_type, time_aggregation, categories, entry_level, applies_to, unit, description)
    VALUES (${e.code}, ${e.name}, ${e.valueType}, ${e.timeAggregation}, ${pgArray(e.categories)}::text[], ${e.entryLevel},
      ${pgArray(e.appliesTo)}::text[], ${e.unit}, ${e.description}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

/** Rewrite a custom element's fields at the given version; false when stale (or built-in). */
export async function updateElement(db: Db | Tx, id: number, version: number, e: Omit<ElementInput, "code">): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE data_elements SET name = ${e.name}, value_type = ${e.valueType}, time_aggregation = ${e.timeAggregation},
      categories = ${pgArray(e.categories)}::text[], entry_level = ${e.entryLevel}, applies_to = ${pgArray(e.appliesTo)}::text[],
      unit = ${e.unit}, description = ${e.description}, version = version + 1
    WHERE id = ${id} AND version = ${version} AND NOT builtin RETURNING id`,
  );
  return r.rows.length > 0;
}

export async function elementHasValues(db: Db | Tx, id: number): Promise<boolean> {
  const r = await run(db, sql`SELECT 1 FROM data_values WHERE element_id = ${id} LIMIT 1`);
  return r.rows.length > 0;
}

/** Add an element at the end of a data set (or at `sort`); false when it is already there. */
export async function insertSetElement(db: Db | Tx, dataSetId: number, elementId: number, sort: number | undefined): Promise<boolean> {
  const r = await run(
    db,
    sql`INSERT INTO data_set_elements (data_set_id, element_id, sort)
    VALUES (${dataSetId}, ${elementId}, COALESCE(${sort ?? null}::int,
      (SELECT COALESCE(max(sort), 0) + 1 FROM data_set_elements WHERE data_set_id = ${dataSetId})))
    ON CONFLICT DO NOTHING RETURNING element_id`,
  );
  return r.rows.length > 0;
}
