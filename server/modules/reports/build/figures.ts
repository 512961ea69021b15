// Pure: figures in words. Numbers as a Chinese report writes them (92.4%, 2.79个百分点, 3所), whether a
// target is met (some targets are ceilings: 控制在5%以内, 不超过45人), and the sentence a summary uses:
// "学前三年毛入园率达到92.4%，较上年提高2.79个百分点".

/** Up to two decimals, no trailing zeros: 92.40 → "92.4", 3 → "3". */
export function fmt(n: number): string {
  const r = Math.round(n * 100) / 100;
  return Number.isInteger(r) ? String(r) : r.toFixed(2).replace(/0+$/u, "").replace(/\.$/u, "");
}

/** Difference rounded to two decimals (92.4 − 89.61 = 2.79, not 2.7900000000000063). */
export function diff(a: number, b: number): number {
  return Math.round((a - b) * 100) / 100;
}

const CEILING = /以下|以内|不超过|不高于|低于|控制在|降至|降低到|下降到|≤|<=|至多|最多/u;

/** A target is a ceiling when its qualifier or source words say so (控制在5%以内). */
export function isCeiling(t: { qualifier?: string | null; sourceText?: string | null; indicator?: string }): boolean {
  return CEILING.test(t.qualifier ?? "") || CEILING.test(t.sourceText ?? "");
}

/** Met when achieved ≥ target (or ≤ for a ceiling); null when nothing achieved is known. */
export function targetMet(target: number | null, achieved: number | null, ceiling: boolean): boolean | null {
  if (achieved === null || target === null) return null;
  return ceiling ? achieved <= target : achieved >= target;
}

const isPercent = (unit: string) => unit === "%" || unit === "％" || unit === "个百分点";

/** "92.4%", "3所", "1200万元". */
export function withUnit(n: number, unit: string): string {
  return `${fmt(n)}${isPercent(unit) ? "%" : unit}`;
}

/** "较上年提高2.79个百分点" / "较上年增加3所" / "与上年持平". */
export function changeWords(value: number, previous: number, unit: string): string {
  const d = diff(value, previous);
  if (d === 0) return "与上年持平";
  const up = d > 0;
  if (isPercent(unit)) return `较上年${up ? "提高" : "下降"}${fmt(Math.abs(d))}个百分点`;
  return `较上年${up ? "增加" : "减少"}${fmt(Math.abs(d))}${unit}`;
}

/** The verb before an achieved figure: rates 达到, counts 完成 / 共. */
export function figureSentence(f: {
  indicator: string;
  unit: string;
  value: number;
  previous: number | null;
  target: number | null;
  met: boolean | null;
  ceiling: boolean;
}): string {
  // "完成教师全员培训2080人次", not "完成教师全员培训完成2080人次"
  const verb = isPercent(f.unit) ? "达到" : f.indicator.startsWith("完成") ? "" : "完成";
  let s = `${f.indicator}${verb}${withUnit(f.value, f.unit)}`;
  if (f.previous !== null) s += `，${changeWords(f.value, f.previous, f.unit)}`;
  if (f.target !== null && f.met === false) {
    const gap = Math.abs(diff(f.target, f.value));
    s += `，距目标（${f.ceiling ? "不超过" : ""}${withUnit(f.target, f.unit)}）尚差${isPercent(f.unit) ? `${fmt(gap)}个百分点` : withUnit(gap, f.unit)}`;
  } else if (f.target !== null && f.met === true) {
    s += `，完成${f.ceiling ? "控制" : ""}目标（${withUnit(f.target, f.unit)}）`;
  }
  return s;
}

/** "学前三年毛入园率达到92%" — a target as the plan states it. */
export function targetWords(t: { indicator: string; value: number; unit: string; qualifier: string | null }): string {
  const q = t.qualifier ? t.qualifier : "";
  const ceiling = isCeiling(t);
  if (ceiling) return `${t.indicator}控制在${withUnit(t.value, t.unit)}${/以[下内]/u.test(q) ? q : "以内"}`;
  return `${t.indicator}${isPercent(t.unit) ? "达到" : ""}${withUnit(t.value, t.unit)}${q && !/达到/u.test(q) ? q : ""}`;
}

/** Chinese ordinal numbers for headings: 1 → 一, 12 → 十二. */
export function cnNumber(n: number): string {
  const d = "零一二三四五六七八九";
  if (n < 10) return d[n]!;
  if (n < 20) return `十${n % 10 ? d[n % 10] : ""}`;
  if (n < 100) return `${d[Math.floor(n / 10)]}十${n % 10 ? d[n % 10] : ""}`;
  return String(n);
}

/** "2026-11-23" → "2026年11月23日". */
export function cnDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}
