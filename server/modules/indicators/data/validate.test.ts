// Rule evaluation without a database: skipping rules with missing values, category references,
// the comparison tolerance, and rule sides the shared expression parser refuses.
import { describe, expect, it } from "vitest";
import { parseRuleExpr } from "./rule-expr.ts";
import { checkUnit, compare, type UnitValues } from "./validate.ts";

const rule = (id: number, left: string, op: "<=" | "<" | "=" | ">=" | ">" | "!=", right: string) => {
  const l = parseRuleExpr(left);
  const r = parseRuleExpr(right);
  const codes = [...new Set([...`${left} ${right}`.matchAll(/[A-Z][A-Z0-9_]+/gu)].map((m) => m[0]))];
  return { id, code: `R${id}`, name: `rule ${id}`, left, op, right, importance: "error" as const, builtin: false, l, r, codes };
};
const values = (o: Record<string, Record<string, number>>): UnitValues =>
  new Map(Object.entries(o).map(([k, v]) => [k, new Map(Object.entries(v))]));

describe("validation rules", () => {
  it("compares totals over categories and reports both sides", () => {
    const rules = [rule(1, "TEACHERS_BACHELOR", "<=", "TEACHERS"), rule(2, "ENROLL_PRIMARY", ">=", "ENTRANTS_PRIMARY * 6")];
    const v = values({ TEACHERS_BACHELOR: { "": 12 }, TEACHERS: { "": 10 }, ENROLL_PRIMARY: { 一年级: 50, 二年级: 40 }, ENTRANTS_PRIMARY: { "": 20 } });
    expect(checkUnit(rules, 7, v).map((x) => [x.ruleId, x.leftValue, x.rightValue])).toEqual([
      [1, 12, 10],
      [2, 90, 120],
    ]);
  });

  it("skips a rule when an element it names has no value, and reads [cat=…] references", () => {
    const r = rule(3, "ENROLL_PRIMARY[cat=一年级]", "<=", "100");
    expect(checkUnit([r], 1, values({}))).toEqual([]);
    expect(checkUnit([r], 1, values({ ENROLL_PRIMARY: { 一年级: 101, 二年级: 5 } })).map((x) => x.leftValue)).toEqual([101]);
    expect(checkUnit([r], 1, values({ ENROLL_PRIMARY: { 一年级: 100, 二年级: 500 } }))).toEqual([]);
  });

  it("treats values equal within rounding as equal", () => {
    expect(compare(0.1 + 0.2, "=", 0.3)).toBe(true);
    expect(compare(0.1 + 0.2, "<", 0.3)).toBe(false);
    expect(compare(3, "!=", 3.0000001)).toBe(true);
    expect(compare(2, ">", 1)).toBe(true);
  });

  it("refuses bad rule sides as EXPR_INVALID", () => {
    for (const bad of ["TEACHERS +", "(TEACHERS", "TEACHERS[offset=-1]", "STAFF[filter=kg]", "a ; b"])
      expect(() => parseRuleExpr(bad), bad).toThrow(expect.objectContaining({ code: "EXPR_INVALID" }));
  });
});
