// Custom indicators: county staff and the admin define ratio/count indicators over data elements
// (Σnumerator / Σdenominator × factor, like the built-ins), stored as `indicators` rows with builtin = false.
// `indicatorCatalogue(db)` is the one catalogue every reader uses (built-ins + the database's custom rows,
// read per call: nothing cached, so an edit shows on the next request). Writes: create, edit (optimistic
// version), delete (refused while a target link uses it), each in one transaction with its audit entry.
import { AppError } from "../../../../common/errors.ts";
import type { CreateIndicator, UpdateIndicator } from "../../../../common/schemas/indicators.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import { dataScope, requireCountyWriter } from "../data/scope.ts";
import { ExprError, exprRefs, parseExpr } from "../expr.ts";
import * as repo from "./calc.repo.ts";
import { BUILTIN_INDICATORS, type IndicatorDef, type RatioDef } from "./catalogue.ts";
import { unitCompatible } from "./match.ts";

type Conn = Db | Tx;

/** A custom indicator as the evaluator and the catalogue see it: a ratio/count with its row identity. */
export interface CustomIndicatorDef extends RatioDef {
  custom: { id: number; version: number };
}

export function isCustom(d: IndicatorDef): d is CustomIndicatorDef {
  return "custom" in d;
}

const BUILTIN_CODES = new Set(BUILTIN_INDICATORS.map((d) => d.code));

function toDef(r: repo.CustomIndicatorRow): CustomIndicatorDef {
  const d = r.definition;
  return {
    code: r.code,
    name: r.name,
    kind: d.kind,
    numerator: d.numerator,
    denominator: d.denominator,
    factor: d.factor,
    unit: r.unit,
    decimals: d.decimals,
    synonyms: d.synonyms,
    definition: d.definition,
    source: d.source,
    custom: { id: r.id, version: r.version },
  };
}

/** Every indicator: the built-ins (in their order) followed by the custom ones (by id). */
export async function indicatorCatalogue(db: Conn): Promise<IndicatorDef[]> {
  return [...BUILTIN_INDICATORS, ...(await repo.customIndicators(db)).map(toDef)];
}

/** One indicator by code, built-in or custom. */
export async function findIndicator(db: Conn, code: string): Promise<IndicatorDef | undefined> {
  return (await indicatorCatalogue(db)).find((d) => d.code === code);
}

export async function listCustomIndicators(db: Conn): Promise<CustomIndicatorDef[]> {
  return (await repo.customIndicators(db)).map(toDef);
}

/**
 * Parse an expression and check its references: known elements, categories the element has, unit filters
 * that exist and apply to the element; at least one element. Offsets ([offset=-8]) are allowed.
 */
async function checkExpr(db: Conn, field: "numerator" | "denominator", src: string): Promise<void> {
  let refs;
  try {
    refs = exprRefs(parseExpr(src));
  } catch (err) {
    if (err instanceof ExprError)
      throw new AppError("INDICATOR_EXPR_INVALID", { field, expr: src, at: err.position, message: err.message });
    throw err;
  }
  const label = field === "numerator" ? "分子" : "分母";
  if (!refs.length)
    throw new AppError("INDICATOR_EXPR_INVALID", { field, expr: src, message: `${label}须引用至少一个数据项` });
  const elements = await repo.elementShapes(db, [...new Set(refs.map((r) => r.code))]);
  const filters = await repo.filterScopes(db);
  for (const r of refs) {
    const el = elements.get(r.code);
    if (!el)
      throw new AppError("INDICATOR_ELEMENT_UNKNOWN", {
        field,
        code: r.code,
        message: `${label}中的数据项 ${r.code} 不存在`,
      });
    const badCat = r.categories?.find((c) => !el.categories.includes(c));
    if (badCat !== undefined)
      throw new AppError("INDICATOR_ELEMENT_UNKNOWN", {
        field,
        code: r.code,
        category: badCat,
        message: el.categories.length
          ? `数据项 ${r.code} 没有分类「${badCat}」（可选：${el.categories.join("、")}）`
          : `数据项 ${r.code} 不分类，不能用 cat=`,
      });
    if (r.filter !== null) {
      if (!filters.has(r.filter))
        throw new AppError("INDICATOR_ELEMENT_UNKNOWN", {
          field,
          filter: r.filter,
          message: `筛选条件 ${r.filter} 不存在（可选：${[...filters.keys()].join("、")}）`,
        });
      const scope = filters.get(r.filter);
      if (scope && !scope.includes(el.id))
        throw new AppError("INDICATOR_ELEMENT_UNKNOWN", {
          field,
          code: r.code,
          filter: r.filter,
          message: `筛选条件 ${r.filter} 不适用于数据项 ${r.code}`,
        });
    }
  }
}

type Fields = Omit<CreateIndicator, "code">;

async function definitionOf(db: Conn, input: Fields): Promise<repo.CustomDefinition> {
  await checkExpr(db, "numerator", input.numerator);
  if (input.denominator) await checkExpr(db, "denominator", input.denominator);
  return {
    kind: input.denominator ? "ratio" : "count",
    numerator: input.numerator,
    denominator: input.denominator ?? null,
    factor: input.factor,
    decimals: input.decimals,
    synonyms: [...new Set(input.synonyms ?? [])],
    definition: input.definition ?? "",
    source: input.source ?? "",
  };
}

async function requireEditor(actor: Actor, db: Conn) {
  requireCountyWriter(await dataScope(actor, db));
}

function viewOf(r: repo.CustomIndicatorRow) {
  return toDef(r);
}

export async function createIndicator(actor: Actor, input: CreateIndicator, deps: Deps) {
  const { db } = deps.database;
  await requireEditor(actor, db);
  const { code, ...fields } = input;
  return db.transaction(async (tx) => {
    if (BUILTIN_CODES.has(code) || (await repo.indicatorCodeTaken(tx, code)))
      throw new AppError("INDICATOR_CODE_TAKEN", {
        code,
        message: BUILTIN_CODES.has(code) ? `${code} 是内置指标代码` : `指标代码 ${code} 已存在`,
      });
    const definition = await definitionOf(tx, fields);
    const id = await repo.insertCustomIndicator(tx, { code, name: fields.name, unit: fields.unit, definition });
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "indicator.created",
      entity: "indicator",
      entityId: id,
      after: { code, name: fields.name, unit: fields.unit, ...definition },
    });
    return { indicator: viewOf((await repo.indicatorRow(tx, id))!) };
  });
}

export async function updateIndicator(actor: Actor, id: number, input: UpdateIndicator, deps: Deps) {
  const { db } = deps.database;
  await requireEditor(actor, db);
  const { version, ...fields } = input;
  return db.transaction(async (tx) => {
    const cur = await repo.indicatorRow(tx, id);
    if (!cur) throw new AppError("NOT_FOUND", { indicatorId: id });
    if (cur.builtin) throw new AppError("INDICATOR_BUILTIN", { code: cur.code });
    if (cur.version !== version) throw new AppError("STALE_VERSION", { indicatorId: id });
    const definition = await definitionOf(tx, fields);
    // a new display unit must still fit the targets linked to it (as when a link is confirmed)
    if (fields.unit !== cur.unit) {
      const misfit = (await repo.linksOfIndicator(tx, id)).filter((l) => !unitCompatible(fields.unit, l.targetUnit));
      if (misfit.length)
        throw new AppError("TARGET_LINK_INVALID", {
          indicatorUnit: fields.unit,
          targetIds: misfit.map((l) => l.targetId),
          message: `${misfit.length} 个已关联的规划目标单位为“${misfit[0]!.targetUnit}”，与“${fields.unit || "无"}”不一致`,
        });
    }
    if (!(await repo.updateCustomIndicator(tx, id, version, { name: fields.name, unit: fields.unit, definition })))
      throw new AppError("STALE_VERSION", { indicatorId: id });
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "indicator.updated",
      entity: "indicator",
      entityId: id,
      before: { name: cur.name, unit: cur.unit, ...cur.definition },
      after: { name: fields.name, unit: fields.unit, ...definition },
    });
    return { indicator: viewOf((await repo.indicatorRow(tx, id))!) };
  });
}

export async function deleteIndicator(actor: Actor, id: number, deps: Deps) {
  const { db } = deps.database;
  await requireEditor(actor, db);
  return db.transaction(async (tx) => {
    const cur = await repo.indicatorRow(tx, id);
    if (!cur) throw new AppError("NOT_FOUND", { indicatorId: id });
    if (cur.builtin) throw new AppError("INDICATOR_BUILTIN", { code: cur.code });
    const links = await repo.linksOfIndicator(tx, id);
    if (links.length)
      throw new AppError("INDICATOR_IN_USE", {
        code: cur.code,
        targetIds: links.map((l) => l.targetId),
        message: `${links.length} 个规划目标关联了指标 ${cur.code}`,
      });
    if (!(await repo.deleteCustomIndicator(tx, id))) throw new AppError("NOT_FOUND", { indicatorId: id });
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "indicator.deleted",
      entity: "indicator",
      entityId: id,
      before: { code: cur.code, name: cur.name, unit: cur.unit, ...cur.definition },
    });
    return { deleted: id };
  });
}
