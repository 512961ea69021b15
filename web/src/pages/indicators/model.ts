// Shapes of the indicator API (server/modules/indicators/calc: catalogue, values, series, evaluation,
// target links) and the number formatting every indicator screen uses.
export interface IndicatorValue {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  schools?: number;
  mean?: number | null;
  sd?: number | null;
}

export interface IndicatorMeta {
  code: string;
  name: string;
  /** English name (built-ins); a custom indicator has its Chinese name only. */
  nameEn?: string | null;
  kind: "ratio" | "count" | "cv";
  unit: string;
  decimals: number;
  level: string | null;
  params: Record<string, string>;
}

export interface CatalogueEntry extends IndicatorMeta {
  numerator: string;
  denominator: string | null;
  factor: number;
  synonyms: string[];
  definition: string;
  source: string;
  paramOptions?: Record<string, { default: string; allowed: string[]; label: string }>;
  /** false for a custom indicator (which then has its row id and version). */
  builtin: boolean;
  id?: number;
  version?: number;
}

export interface TargetTemplate {
  code: string;
  name: string;
  nameEn?: string;
  source: string;
  thresholds: { indicator: string; op: string; value: number; label: string }[];
}

export interface Catalogue {
  indicators: CatalogueEntry[];
  templates: TargetTemplate[];
}

export interface TableUnit {
  id: number;
  parentId: number | null;
  name: string;
  type: string;
  depth: number;
  values: Record<string, Record<string, IndicatorValue>>;
}

export interface IndicatorTable {
  root: { id: number; name: string; type: string };
  years: number[];
  indicators: IndicatorMeta[];
  units: TableUnit[];
}

export interface Evaluation {
  template: string;
  name: string;
  source: string;
  year: number;
  allMet: boolean | null;
  results: {
    indicator: string;
    name: string;
    nameEn?: string | null;
    op: string;
    threshold: number;
    label: string;
    value: number | null;
    met: boolean | null;
  }[];
}

export interface TargetCheck {
  targetId: number;
  taskId: number;
  label: string;
  indicatorCode: string;
  indicatorName: string;
  unit: string;
  orgUnitId: number;
  year: number | null;
  target: number;
  op: string;
  achieved: number | null;
  met: boolean | null;
  gap: number | null;
  status: "达标" | "未达标" | "无数据";
}

export interface TargetLink {
  targetId: number;
  indicatorId: number | null;
  indicatorCode: string | null;
  orgUnitId: number;
  year: number | null;
  status: "suggested" | "confirmed" | "rejected";
  score: number | null;
  version: number;
}

export interface TaskTarget {
  targetId: number;
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: string;
  link: TargetLink | null;
  check: TargetCheck | null;
}

/** The key indicators of a county (dashboard tiles, explorer defaults). */
export const KEY_INDICATORS = [
  "KG_GER",
  "KG_PUHUI_COVERAGE",
  "KG_PUBLIC_SHARE",
  "COMPULSORY_RETENTION",
  "HS_GER",
  "TEACHERS_BACHELOR_SHARE",
];

/** 92.4 → "92.4%"; 15.2 with unit ":1" → "15.2:1"; 0.412 → "0.412"; null → "—". */
export function formatValue(v: number | null | undefined, meta: { unit: string; decimals: number }): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const n = v.toLocaleString("zh-CN", { minimumFractionDigits: meta.decimals, maximumFractionDigits: meta.decimals });
  if (!meta.unit) return n;
  if (meta.unit === "%" || meta.unit === ":1") return `${n}${meta.unit}`;
  return `${n} ${meta.unit}`;
}

export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  return v.toLocaleString("zh-CN", { maximumFractionDigits: 2 });
}

/** An indicator's formula as text: (numerator) / (denominator) × factor. */
export const formulaText = (e: Pick<CatalogueEntry, "numerator" | "denominator" | "factor">) =>
  `${e.denominator ? `(${e.numerator}) / (${e.denominator})` : e.numerator}${e.factor && e.factor !== 1 ? ` × ${e.factor}` : ""}`;

/** An indicator's (or template's) name in the UI's language: the English name when there is one. */
export function indicatorName(x: { name: string; nameEn?: string | null }, locale: "zh" | "en"): string {
  return locale === "en" && x.nameEn ? x.nameEn : x.name;
}

/** 生师比 and 差异系数: the lower the better (as the reports module judges them). */
export function lowerIsBetter(x: { code: string; kind: string }): boolean {
  return x.kind === "cv" || x.code.startsWith("PTR_");
}
