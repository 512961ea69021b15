// Custom data elements (数据项) for county staff and the admin: create one, edit it, add an element to a data
// set. Built-in elements (elements.ts, migration 002) cannot be changed; an element with stored values keeps
// its value type and categories (the stored cells would no longer fit). Every write is audited.
import { AppError } from "../../../../common/errors.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import * as repo from "./data.repo.ts";
import { dataScope, requireCountyWriter } from "./scope.ts";

type Fields = Omit<repo.ElementInput, "code">;

export async function createElement(actor: Actor, input: repo.ElementInput, deps: Deps) {
  const { db } = deps.database;
  requireCountyWriter(await dataScope(actor, db));
  return db.transaction(async (tx) => {
    if (await repo.elementCodeTaken(tx, input.code))
      throw new AppError("CONFLICT", { code: input.code, message: `数据项代码 ${input.code} 已存在` });
    const id = await repo.insertElement(tx, input);
    await recordAudit(tx, { at: deps.clock.now(), actorId: actor.id, action: "data_element.created", entity: "data_element", entityId: id, after: input });
    return { element: (await repo.getElement(tx, id))! };
  });
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

export async function updateElement(actor: Actor, id: number, input: Partial<Fields> & { version: number }, deps: Deps) {
  const { db } = deps.database;
  requireCountyWriter(await dataScope(actor, db));
  return db.transaction(async (tx) => {
    const cur = await repo.getElement(tx, id);
    if (!cur) throw new AppError("NOT_FOUND", { elementId: id });
    if (cur.builtin) throw new AppError("ELEMENT_BUILTIN", { code: cur.code });
    if (cur.version !== input.version) throw new AppError("STALE_VERSION", { elementId: id });
    const { version, ...patch } = input;
    const next: Fields = {
      name: patch.name ?? cur.name,
      valueType: patch.valueType ?? cur.valueType,
      timeAggregation: patch.timeAggregation ?? cur.timeAggregation,
      categories: patch.categories ?? cur.categories,
      entryLevel: patch.entryLevel ?? cur.entryLevel,
      appliesTo: patch.appliesTo ?? cur.appliesTo,
      unit: patch.unit ?? cur.unit,
      description: patch.description ?? cur.description,
    };
    const shapeChanged = next.valueType !== cur.valueType || !sameList(next.categories, cur.categories);
    if (shapeChanged && (await repo.elementHasValues(tx, id)))
      throw new AppError("ELEMENT_HAS_VALUES", { code: cur.code });
    if (!(await repo.updateElement(tx, id, version, next))) throw new AppError("STALE_VERSION", { elementId: id });
    const { id: _id, code: _code, builtin: _b, version: _v, ...before } = cur;
    await recordAudit(tx, { at: deps.clock.now(), actorId: actor.id, action: "data_element.updated", entity: "data_element", entityId: id, before, after: next });
    return { element: (await repo.getElement(tx, id))! };
  });
}

/** Add an element to a data set: open rounds of the set show it in their forms from now on. */
export async function addElementToSet(actor: Actor, dataSetId: number, input: { elementId: number; sort?: number | undefined }, deps: Deps) {
  const { db } = deps.database;
  requireCountyWriter(await dataScope(actor, db));
  return db.transaction(async (tx) => {
    const set = await repo.getDataSet(tx, dataSetId);
    if (!set) throw new AppError("NOT_FOUND", { dataSetId });
    const element = await repo.getElement(tx, input.elementId);
    if (!element) throw new AppError("NOT_FOUND", { elementId: input.elementId });
    if (!(await repo.insertSetElement(tx, dataSetId, element.id, input.sort)))
      throw new AppError("CONFLICT", { elementId: element.id, message: `“${element.name}”已在数据集“${set.name}”中` });
    await recordAudit(tx, { at: deps.clock.now(), actorId: actor.id, action: "data_set.element_added", entity: "data_set", entityId: dataSetId, after: { elementId: element.id, code: element.code, sort: input.sort ?? null } });
    return { dataSet: (await repo.getDataSet(tx, dataSetId))! };
  });
}
