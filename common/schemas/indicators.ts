// zod schemas of the indicators module, calculation side: the explorer (table, series), threshold
// evaluation, target links. The data side (registry, entry, rounds) is in indicators-data.ts.
import { z } from "zod";

const id = z.coerce.number().int().positive();
const year = z.coerce.number().int().min(1990).max(2100);

/** "2024,2025" or "2020-2025" → [2024, 2025] / [2020 … 2025] (at most 30 years). */
export const ZYears = z
  .string()
  .trim()
  .regex(/^\d{4}(-\d{4})?(,\d{4}(-\d{4})?)*$/u, "年份格式为 2024,2025 或 2020-2025")
  .transform((s, ctx) => {
    const out = new Set<number>();
    for (const part of s.split(",")) {
      const [a, b] = part.split("-").map(Number) as [number, number | undefined];
      for (let y = a; y <= (b ?? a); y++) out.add(y);
    }
    if (out.size > 30 || out.size === 0) {
      ctx.addIssue({ code: "custom", message: "最多 30 个年份" });
      return z.NEVER;
    }
    return [...out].sort((x, y) => x - y);
  });

const codes = z
  .string()
  .trim()
  .regex(/^[A-Z0-9_]+(,[A-Z0-9_]+)*$/u, "指标代码以逗号分隔")
  .transform((s) => s.split(","));

/** Indicator parameters (e.g. 高中阶段毛入学率 ageBand=15_18). */
const ageBand = z.enum(["15_17", "15_18"]);

export const ZValuesQuery = z.strictObject({
  root: id,
  depth: z.coerce.number().int().min(0).max(3).default(1),
  years: ZYears,
  codes: codes.optional(),
  ageBand: ageBand.optional(),
});
export type ValuesQuery = z.infer<typeof ZValuesQuery>;

export const ZSeriesQuery = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]+$/u),
  unit: id,
  years: ZYears,
  ageBand: ageBand.optional(),
});

export const ZEvaluationQuery = z.strictObject({
  template: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]+$/u),
  unit: id,
  year,
});

export const ZIdParam = z.strictObject({ id });

export const ZDecideLink = z.strictObject({
  status: z.enum(["confirmed", "rejected"]),
  /** Another indicator than the suggestion (confirmed only). */
  indicatorCode: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]+$/u)
    .optional(),
  /** The year whose value is compared with the target (defaults to the target's year). */
  year: year.nullable().optional(),
  /** The link's version as read (omit when there is no link yet). */
  version: z.number().int().positive().optional(),
});
export type DecideLink = z.infer<typeof ZDecideLink>;

/** Apply a 督导评估 threshold set (学前双普, 优质均衡) as a task's targets for a year. */
export const ZApplyTemplate = z.strictObject({
  template: z
    .string()
    .trim()
    .regex(/^[A-Z0-9_]+$/u),
  year,
});

// ---- custom indicators (server/modules/indicators/calc/custom.ts; web/src/pages/indicators/custom.tsx) ----

/** Display units a custom indicator may have: %, 元, 个, X:1, or none. */
export const INDICATOR_UNITS = ["%", "元", "个", ":1", ""] as const;

const exprText = z.string().trim().max(2000);

const indicatorFields = {
  name: z.string().trim().min(1, "请填写指标名称").max(100),
  unit: z.enum(INDICATOR_UNITS),
  decimals: z.number().int().min(0).max(4),
  /** Σnumerator / Σdenominator × factor (100 for %). */
  factor: z.number().positive("系数须为正数").max(1_000_000),
  numerator: exprText.min(1, "请填写分子表达式"),
  /** Empty or null: a count (Σnumerator × factor). */
  denominator: exprText
    .nullable()
    .default(null)
    .transform((s) => (s ? s : null)),
  /** Other names plan documents use for it (target matching). */
  synonyms: z.array(z.string().trim().min(1).max(100)).max(30).default([]),
  definition: z.string().trim().max(1000).default(""),
  source: z.string().trim().max(500).default(""),
};

/** Create a custom indicator; the code is fixed once created. */
export const ZCreateIndicator = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]*$/u, "代码为大写字母、数字和下划线，以字母开头（如 LIBRARY_BOOKS_PER_STUDENT）")
    .max(40),
  ...indicatorFields,
});
export type CreateIndicator = z.infer<typeof ZCreateIndicator>;

/** Replace a custom indicator's fields (PUT), with the version as read. */
export const ZUpdateIndicator = z.strictObject({ version: z.number().int().positive(), ...indicatorFields });
export type UpdateIndicator = z.infer<typeof ZUpdateIndicator>;
