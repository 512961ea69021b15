// Matching a plan's target ("学前三年毛入园率达94.5%", "新增学位1500余个") to a catalogue indicator: by
// name (the indicator's name and synonyms, normalised; containment; character-bigram similarity) and by
// unit (% ↔ %, 个 ↔ 个, 元 ↔ 元 …). Pure (the caller passes the catalogue); the reviewer confirms or picks another.
import type { IndicatorDef, ThresholdOp } from "./catalogue.ts";

export interface MatchCandidate {
  code: string;
  name: string;
  score: number;
}

/** Units a target may be written in, per indicator display unit. */
const UNIT_FAMILIES: Record<string, readonly string[]> = {
  "%": ["%", "％", "百分比", "百分点"],
  个: ["个", "座", "席", ""],
  元: ["元", "元/生", "元/年", "元/生·年", "元每生"],
  ":1": [":1", "：1", "比1", ""],
  "": [""],
};

export function unitCompatible(indicatorUnit: string, targetUnit: string): boolean {
  const family = UNIT_FAMILIES[indicatorUnit] ?? [indicatorUnit];
  return family.includes(targetUnit.trim());
}

export function normalise(s: string): string {
  return s
    .normalize("NFKC")
    .replace(/[\s，。、；：:“”"'（）()【】[\]《》<>]/gu, "")
    .replace(/^(全县|全市|全区|全省|我县|我市)/u, "")
    .replace(/(达到|达|提高到|提升至|提高至|保持在|保持|稳定在|不低于|不高于|以上|以下|左右)$/u, "")
    .replace(/以上学历/gu, "及以上学历")
    .replace(/及及/gu, "及");
}

function bigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < s.length - 1; i++) out.push(s.slice(i, i + 2));
  return out;
}

function dice(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.length || !y.length) return a === b ? 1 : 0;
  const pool = [...y];
  let hit = 0;
  for (const g of x) {
    const i = pool.indexOf(g);
    if (i >= 0) {
      hit++;
      pool.splice(i, 1);
    }
  }
  return (2 * hit) / (x.length + y.length);
}

function nameScore(target: string, def: IndicatorDef): number {
  const t = normalise(target);
  if (!t) return 0;
  let best = 0;
  for (const raw of [def.name, ...def.synonyms]) {
    const n = normalise(raw);
    if (t === n) return 1;
    if (t.includes(n) || n.includes(t)) {
      const ratio = Math.min(t.length, n.length) / Math.max(t.length, n.length);
      best = Math.max(best, 0.7 + 0.25 * ratio);
    } else best = Math.max(best, dice(t, n) * 0.9);
  }
  return best;
}

/**
 * The catalogue indicators a target may be, best first (score ≥ 0.5, unit compatible). `defs` is the
 * whole catalogue, built-in and custom (custom.ts `indicatorCatalogue`).
 */
export function matchTarget(
  target: { indicator: string; unit: string },
  defs: readonly IndicatorDef[],
): MatchCandidate[] {
  return defs
    .filter((d) => unitCompatible(d.unit, target.unit))
    .map((d) => ({ code: d.code, name: d.name, score: Math.round(nameScore(target.indicator, d) * 1000) / 1000 }))
    .filter((c) => c.score >= 0.5)
    .sort((a, b) => b.score - a.score || a.code.localeCompare(b.code));
}

/** Is a lower value better (生师比, 差异系数), unless the target says otherwise (不低于 / 以上)? */
export function targetDirection(def: IndicatorDef, qualifier: string | null, text = ""): ThresholdOp {
  const q = `${qualifier ?? ""}${text}`;
  // negated forms first: 不低于 contains 低于, 不超过 contains 超过
  if (/不低于|不少于/u.test(q)) return ">=";
  if (/不超过|不高于|不多于/u.test(q)) return "<=";
  if (/以下|低于|控制在|≤|<=|少于/u.test(q)) return "<=";
  if (/以上|达到|≥|>=|超过|高于/u.test(q)) return ">=";
  return def.kind === "cv" || def.code.startsWith("PTR_") ? "<=" : ">=";
}
