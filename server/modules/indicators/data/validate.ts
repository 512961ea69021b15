// Validation rules (left op right over element totals), on entry for one unit and in bulk over a round's
// subtree. A rule is checked for a unit when every element it names has a value there (DHIS2's
// "skip if any value missing"); a violation lists both sides' values.
import { AppError } from "../../../../common/errors.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import { evalExpr, exprRefs, type Expr, type Ref } from "../expr.ts";
import { parseRuleExpr } from "./rule-expr.ts";
import * as repo from "./data.repo.ts";
import { loadRound, visiblePath } from "./rounds.ts";
import { dataScope, requireView } from "./scope.ts";

export interface Violation {
  orgUnitId: number;
  ruleId: number;
  ruleCode: string;
  ruleName: string;
  importance: "error" | "warning";
  left: string;
  op: string;
  right: string;
  leftValue: number;
  rightValue: number;
}

interface CompiledRule extends repo.RuleRow {
  l: Expr;
  r: Expr;
  codes: string[];
}

export type CompareOp = "<=" | "<" | "=" | ">=" | ">" | "!=";

/** Compare with a relative tolerance of 1e-9 for equality (values are decimals). */
export function compare(l: number, op: CompareOp, r: number): boolean {
  const eq = Math.abs(l - r) <= 1e-9 * Math.max(1, Math.abs(l), Math.abs(r));
  switch (op) {
    case "=":
      return eq;
    case "!=":
      return !eq;
    case "<=":
      return l < r || eq;
    case ">=":
      return l > r || eq;
    case "<":
      return l < r && !eq;
    case ">":
      return l > r && !eq;
  }
}

export async function compiledRules(db: Db | Tx): Promise<CompiledRule[]> {
  return (await repo.listRules(db)).map((rule) => {
    const l = parseRuleExpr(rule.left);
    const r = parseRuleExpr(rule.right);
    return { ...rule, l, r, codes: [...new Set([...exprRefs(l), ...exprRefs(r)].map((x) => x.code))] };
  });
}

/** One unit's values: element code → category → value. */
export type UnitValues = Map<string, Map<string, number>>;

function refValue(values: UnitValues, ref: Ref): number | null {
  const cats = values.get(ref.code);
  if (!cats) return null;
  if (!ref.categories) return [...cats.values()].reduce((a, b) => a + b, 0);
  const picked = ref.categories.filter((c) => cats.has(c));
  return picked.length ? picked.reduce((a, c) => a + cats.get(c)!, 0) : null;
}

/** Check every rule against one unit's values; a rule naming an element the unit has no value for is skipped. */
export function checkUnit(rules: CompiledRule[], orgUnitId: number, values: UnitValues): Violation[] {
  const out: Violation[] = [];
  for (const rule of rules) {
    if (!rule.codes.every((c) => values.has(c))) continue;
    const lookup = (ref: Ref) => refValue(values, ref);
    const lv = evalExpr(rule.l, lookup);
    const rv = evalExpr(rule.r, lookup);
    if (lv === null || rv === null || compare(lv, rule.op, rv)) continue;
    out.push({
      orgUnitId,
      ruleId: rule.id,
      ruleCode: rule.code,
      ruleName: rule.name,
      importance: rule.importance,
      left: rule.left,
      op: rule.op,
      right: rule.right,
      leftValue: lv,
      rightValue: rv,
    });
  }
  return out;
}

/** Violations for these units in a period. */
export async function violationsFor(db: Db | Tx, unitIds: number[], period: string): Promise<Violation[]> {
  const rules = await compiledRules(db);
  const byUnit = new Map<number, UnitValues>();
  for (const v of await repo.codedValues(db, unitIds, period)) {
    let u = byUnit.get(v.orgUnitId);
    if (!u) byUnit.set(v.orgUnitId, (u = new Map()));
    let c = u.get(v.code);
    if (!c) u.set(v.code, (c = new Map()));
    c.set(v.category, Number(v.value));
  }
  return unitIds.flatMap((id) => checkUnit(rules, id, byUnit.get(id) ?? new Map()));
}

/** Bulk validation: every rule for every unit of the round in the actor's subtree (or a given unit's). */
export async function validateRound(actor: Actor, roundId: number, unitId: number | undefined, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const round = await loadRound(db, scope, roundId);
  let path = visiblePath(scope, round);
  if (unitId !== undefined) {
    const ru = await repo.roundUnit(db, roundId, unitId);
    if (!ru) throw new AppError("NOT_FOUND");
    requireView(scope, ru.path);
    path = ru.path;
  }
  const units = await repo.roundUnits(db, roundId, path);
  const byId = new Map(units.map((u) => [u.orgUnitId, u]));
  const violations = await violationsFor(
    db,
    units.map((u) => u.orgUnitId),
    round.period,
  );
  return {
    round: { id: round.id, name: round.name, period: round.period },
    unitsChecked: units.length,
    violations: violations.map((v) => ({ ...v, unitName: byId.get(v.orgUnitId)?.name ?? "" })),
  };
}
