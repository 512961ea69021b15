// Data entry for one unit in a round: the form (elements × categories) with the stored values, and saving
// a batch of cells. Saving checks scope, value type and the lock (the unit's form must be open), writes in
// one transaction with one audit record, and returns the unit's rule violations (saving is allowed with
// violations; submitting is not while an 'error' rule fails).
import { AppError } from "../../../../common/errors.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import { recordAudit } from "../../audit/index.ts";
import * as repo from "./data.repo.ts";
import { loadRound, requireRoundOpen } from "./rounds.ts";
import { dataScope, canWrite, requireView, requireWrite } from "./scope.ts";
import { violationsFor } from "./validate.ts";

const COUNTY_TYPES = new Set(["county", "city", "province", "bureau"]);

/** The elements a unit enters in a round: school elements for its school type, population at townships/the root. */
export function formElements(elements: repo.ElementRow[], unit: { type: string; schoolType: string | null }, isRoot: boolean) {
  if (unit.type === "school")
    return elements.filter(
      (e) => e.entryLevel === "school" && (!e.appliesTo.length || (unit.schoolType !== null && e.appliesTo.includes(unit.schoolType))),
    );
  if (unit.type === "township" || unit.type === "center") return elements.filter((e) => e.entryLevel === "township");
  if (isRoot && COUNTY_TYPES.has(unit.type)) return elements.filter((e) => e.entryLevel === "county");
  return [];
}

export function categoriesOf(e: { categories: string[] }): string[] {
  return e.categories.length ? e.categories : [""];
}

/** A value's problem, or null: finite, not negative, whole for integer elements. */
export function valueProblem(e: { valueType: string }, v: number): string | null {
  if (!Number.isFinite(v)) return "不是有效数字";
  if (v < 0) return "不能为负数";
  if (e.valueType === "integer" && !Number.isInteger(v)) return "应为整数";
  if (Math.abs(v) >= 1e15) return "数值过大";
  return null;
}

async function loadEntry(db: Db | Tx, actor: Actor, roundId: number, unitId: number) {
  const scope = await dataScope(actor, db);
  const round = await loadRound(db, scope, roundId);
  const ru = await repo.roundUnit(db, roundId, unitId);
  if (!ru) throw new AppError("NOT_FOUND", { unitId });
  requireView(scope, ru.path);
  const form = formElements(await repo.elementsOfDataSet(db, round.dataSetId), ru, ru.orgUnitId === round.rootUnitId);
  return { scope, round, ru, form };
}

export async function getValues(actor: Actor, roundId: number, unitId: number, deps: Deps) {
  const { db } = deps.database;
  const { scope, round, ru, form } = await loadEntry(db, actor, roundId, unitId);
  const values = await repo.valuesOf(db, [unitId], round.period, form.map((e) => e.id));
  return {
    round: { id: round.id, name: round.name, period: round.period, dueOn: round.dueOn, status: round.status },
    unit: { id: ru.orgUnitId, name: ru.name, type: ru.type, schoolCode: ru.schoolCode, schoolType: ru.schoolType },
    status: ru.status,
    approvalLevel: ru.approvalLevel,
    version: ru.version,
    editable: round.status === "open" && ru.status === "open" && canWrite(scope, ru.path),
    elements: form.map((e) => ({
      id: e.id,
      code: e.code,
      name: e.name,
      valueType: e.valueType,
      categories: e.categories,
      unit: e.unit,
      description: e.description,
    })),
    values: values.map((v) => ({ elementId: v.elementId, category: v.category, value: v.value })),
    violations: await violationsFor(db, [unitId], round.period),
  };
}

export async function putValues(
  actor: Actor,
  roundId: number,
  unitId: number,
  input: { values: { elementId: number; category: string; value: number | null }[] },
  deps: Deps,
) {
  const { db } = deps.database;
  const { scope, round, ru, form } = await loadEntry(db, actor, roundId, unitId);
  requireWrite(scope, ru.path);
  if (round.status !== "open") throw new AppError("ROUND_CLOSED", { roundId });
  const byId = new Map(form.map((e) => [e.id, e]));
  const cells: { index: number; elementId: number; category: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const [index, c] of input.values.entries()) {
    const e = byId.get(c.elementId);
    const bad = (message: string) => cells.push({ index, elementId: c.elementId, category: c.category, message });
    if (!e) bad("该数据元不在本单位的填报表中");
    else if (!categoriesOf(e).includes(c.category)) bad(`分类“${c.category}”不属于“${e.name}”`);
    else if (seen.has(`${c.elementId}|${c.category}`)) bad("同一单元格重复提交");
    else if (c.value !== null) {
      const p = valueProblem(e, c.value);
      if (p) bad(`${e.name}${c.category ? `（${c.category}）` : ""}${p}`);
    }
    seen.add(`${c.elementId}|${c.category}`);
  }
  if (cells.length) throw new AppError("DATA_INVALID", { cells });
  const at = deps.clock.now();
  await db.transaction(async (tx) => {
    await requireRoundOpen(tx, roundId);
    const cur = (await repo.roundUnitStatuses(tx, roundId, [unitId])).get(unitId);
    if (cur !== "open") throw new AppError("DATA_LOCKED", { status: cur, unitId });
    const before = await repo.valuesOf(tx, [unitId], round.period, [...new Set(input.values.map((v) => v.elementId))]);
    const old = new Map(before.map((v) => [`${v.elementId}|${v.category}`, v.value]));
    const put = input.values.filter((v) => v.value !== null).map((v) => ({ ...v, value: v.value!, orgUnitId: unitId }));
    const del = input.values.filter((v) => v.value === null).map((v) => ({ ...v, orgUnitId: unitId }));
    await repo.upsertValues(tx, round.period, roundId, actor.id, at, put);
    await repo.deleteValues(tx, round.period, del);
    const changed = input.values.filter((v) => (old.get(`${v.elementId}|${v.category}`) ?? null) !== v.value);
    if (changed.length)
      await recordAudit(tx, {
        at,
        actorId: actor.id,
        action: "data_values.saved",
        entity: "org_unit",
        entityId: unitId,
        before: changed.map((v) => ({ e: v.elementId, c: v.category, v: old.get(`${v.elementId}|${v.category}`) ?? null })),
        after: { roundId, period: round.period, cells: changed.map((v) => ({ e: v.elementId, c: v.category, v: v.value })) },
      });
  });
  return { saved: input.values.length, violations: await violationsFor(db, [unitId], round.period) };
}
