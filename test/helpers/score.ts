// A compact version of the team's gold scorer (outline and quantity F1), so the hold-out corpus
// guards the reader in every test run even where ../shared is absent.
import type { GoldFile } from "../../reader/gold.ts";

const norm = (s: string | null | undefined) => (s ?? "").normalize("NFKC").replace(/[\s\p{P}\p{S}]/gu, "");

function bigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  if (s.length === 1) out.set(s, 1);
  for (let i = 0; i + 1 < s.length; i++) out.set(s.slice(i, i + 2), (out.get(s.slice(i, i + 2)) ?? 0) + 1);
  return out;
}

export function dice(x: string, y: string): number {
  const a = norm(x);
  const b = norm(y);
  if (a === b) return 1;
  if (!a || !b) return 0;
  if (a.includes(b) || b.includes(a)) {
    const short = Math.min(a.length, b.length);
    return short >= 4 || short / Math.max(a.length, b.length) >= 0.4 ? 0.8 : 0.3;
  }
  const A = bigrams(a);
  const B = bigrams(b);
  let inter = 0;
  let na = 0;
  let nb = 0;
  for (const [g, c] of A) {
    na += c;
    inter += Math.min(c, B.get(g) ?? 0);
  }
  for (const [, c] of B) nb += c;
  return (2 * inter) / (na + nb);
}

const f1 = (tp: number, np: number, ng: number) => (np + ng === 0 ? 1 : (2 * tp) / (np + ng));

export function score(gold: GoldFile, pred: GoldFile) {
  let oTp = 0, oP = 0, oG = 0, qTp = 0, qP = 0, qG = 0, qFull = 0; // prettier-ignore
  gold.documents.forEach((g, i) => {
    const p = pred.documents[i] ?? { outline: [], quantities: [] };
    // outline: longest common subsequence on (level, num, title)
    const same = (x: (typeof g.outline)[0], y: (typeof g.outline)[0]) =>
      x.level === y.level && norm(x.num) === norm(y.num) && dice(x.title, y.title) >= 0.8;
    const n = g.outline.length;
    const m = p.outline.length;
    const dp = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
    for (let a = n - 1; a >= 0; a--)
      for (let b = m - 1; b >= 0; b--)
        dp[a]![b] = same(g.outline[a]!, p.outline[b]!)
          ? dp[a + 1]![b + 1]! + 1
          : Math.max(dp[a + 1]![b]!, dp[a]![b + 1]!);
    oTp += dp[0]![0]!;
    oP += m;
    oG += n;
    const used = new Set<number>();
    for (const q of g.quantities) {
      let best = -1;
      let bestScore = 0;
      p.quantities.forEach((x, k) => {
        if (
          used.has(k) ||
          Math.abs(x.value - q.value) > 1e-9 * Math.max(1, Math.abs(q.value)) ||
          norm(x.unit) !== norm(q.unit)
        )
          return;
        const s = dice(q.indicator, x.indicator);
        if (s > bestScore) [best, bestScore] = [k, s];
      });
      if (best >= 0 && bestScore >= 0.5) {
        used.add(best);
        qTp++;
        if (p.quantities[best]!.year === q.year && p.quantities[best]!.kind === q.kind) qFull++;
      }
    }
    qP += p.quantities.length;
    qG += g.quantities.length;
  });
  for (let i = gold.documents.length; i < pred.documents.length; i++) {
    oP += pred.documents[i]!.outline.length;
    qP += pred.documents[i]!.quantities.length;
  }
  return {
    outline: f1(oTp, oP, oG),
    quantity: f1(qTp, qP, qG),
    quantityFull: f1(qFull, qP, qG),
    docs: pred.documents.length === gold.documents.length,
  };
}
