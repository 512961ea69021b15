// The catalogue in code and in the database agree, and every formula refers to real element codes and
// unit filters; the expression language parses and evaluates as documented.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testDatabase } from "../../../../test/db.ts";
import type { Database } from "../../../platform/db.ts";
import { BUILTIN_ELEMENTS } from "../data/elements.ts";
import { ExprError, evalExpr, exprRefs, parseExpr } from "../expr.ts";
import { BUILTIN_INDICATORS, TARGET_TEMPLATES, indicatorByCode } from "./catalogue.ts";
import { paramsFor } from "./evaluate.ts";

let database: Database;
beforeAll(async () => {
  database = await testDatabase();
});
afterAll(() => database.close());

describe("the built-in catalogue", () => {
  it("has one indicators row per definition, with the same name and unit", async () => {
    const rows = await database.query<{ code: string; name: string; unit: string }>(
      "SELECT code, name, unit FROM indicators WHERE builtin ORDER BY id",
    );
    expect(rows).toEqual(BUILTIN_INDICATORS.map((d) => ({ code: d.code, name: d.name, unit: d.unit })));
  });

  it("refers only to existing elements and unit filters, for every parameter value", async () => {
    const elements = new Set(BUILTIN_ELEMENTS.map((e) => e.code));
    const filters = new Set(
      (await database.query<{ code: string }>("SELECT code FROM indicator_filters")).map((r) => r.code),
    );
    for (const d of BUILTIN_INDICATORS) {
      if (d.kind === "cv") {
        expect(elements.has(d.numerator) && elements.has(d.weight), d.code).toBe(true);
        continue;
      }
      const variants = d.params
        ? Object.entries(d.params).flatMap(([name, p]) => p.allowed.map((v) => ({ [name]: v })))
        : [{}];
      for (const params of variants) {
        const p = paramsFor(d, params);
        const refs = [
          ...exprRefs(parseExpr(d.numerator, p)),
          ...(d.denominator ? exprRefs(parseExpr(d.denominator, p)) : []),
        ];
        for (const r of refs) {
          expect(elements.has(r.code), `${d.code}: ${r.code}`).toBe(true);
          if (r.filter) expect(filters.has(r.filter), `${d.code}: ${r.filter}`).toBe(true);
        }
      }
    }
    for (const t of TARGET_TEMPLATES)
      for (const x of t.thresholds) expect(indicatorByCode(x.indicator), x.indicator).toBeDefined();
  });

  it("names every built-in indicator and template in English too, each name its own", () => {
    const named = [...BUILTIN_INDICATORS, ...TARGET_TEMPLATES];
    for (const d of named) expect(d.nameEn, d.code).toMatch(/^[A-Z][A-Za-z]/u);
    expect(new Set(named.map((d) => d.nameEn)).size).toBe(named.length);
  });

  it("keeps each filter's element list to codes that exist", async () => {
    const rows = await database.query<{ code: string; n: number; want: number }>(
      `SELECT f.code, cardinality(f.element_ids) AS n FROM indicator_filters f WHERE f.id > 0 ORDER BY f.id`,
    );
    for (const r of rows) expect(r.n, r.code).toBeGreaterThan(0);
  });
});

describe("expressions", () => {
  const values: Record<string, number | null> = { A: 6, B: 3, Z: 0, N: null };
  const ev = (src: string) => evalExpr(parseExpr(src), (r) => values[r.code] ?? null);

  it("follows precedence and parentheses", () => {
    expect(ev("A + B * 2")).toBe(12);
    expect(ev("(A + B) * 2")).toBe(18);
    expect(ev("-A / B")).toBe(-2);
    expect(ev("A / Z")).toBeNull();
  });

  it("treats a missing part of a sum as 0 but a missing factor as missing", () => {
    expect(ev("A + N")).toBe(6);
    expect(ev("N + N")).toBeNull();
    expect(ev("A * N")).toBeNull();
  });

  it("reads options and parameters", () => {
    const [r] = exprRefs(parseExpr("POP[cat=15..17, filter=kg_puhui, offset=-8]"));
    expect(r).toEqual({ code: "POP", categories: ["15", "16", "17"], filter: "kg_puhui", offset: -8 });
    expect(exprRefs(parseExpr("E[cat=一年级|二年级]"))[0]!.categories).toEqual(["一年级", "二年级"]);
    expect(exprRefs(parseExpr("POP_{band}", { band: "15_18" }))[0]!.code).toBe("POP_15_18");
  });

  it("refuses what is not in the language", () => {
    for (const bad of ["", "A +", "A B", "process.exit()", "A[x=1]", "(A", "A ; B", "POP_{band}", "A[cat=9..1]"])
      expect(() => parseExpr(bad), bad).toThrow(ExprError);
  });
});
