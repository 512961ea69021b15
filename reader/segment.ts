// Stage 3 — segment: cleaned lines → paragraphs → documents → outline items.
// Numbering grammar of Chinese official documents: 第一篇 / 一、 / （一） / 1. 1、 1． / （1） / ① / 一是.
// A numbering style takes the next level the first time it appears under its parent and keeps it
// (a stack), so "（一）" is level 1 in a plan that starts there and level 2 under "一、".
import type { CleanLine, Cleaned, Span } from "./types.ts";

export type Style = "part" | "cn" | "pcn" | "ar" | "par" | "circ" | "shi";

/** A paragraph of cleaned text with its char map back to the source. */
export interface Para {
  text: string;
  map: Int32Array;
  garbled: Span[];
}

export interface SegItem {
  style: Style;
  level: number;
  num: string;
  marker: string;
  /** The paragraph that starts with the marker. */
  head: Para;
  /** Offset in head.text where the item's text starts (after the marker). */
  bodyStart: number;
  /** Offset in head.text where the title ends (exclusive). */
  titleEnd: number;
  title: string;
  /** Unnumbered paragraphs that follow the head, up to the next item. */
  more: Para[];
  parent: number | null;
}

export type DocOrigin = "whole" | "part" | "summary" | "plan";

export interface SegDocument {
  origin: DocOrigin;
  /** Paragraphs before the first item: title lines, notice text, preamble. */
  header: Para[];
  items: SegItem[];
  /** A title given by the page around the document ("…2篇") or by the heading it was split at. */
  titleHint: Para | null;
}

export interface Segmented {
  /** Paragraphs before the first document marker (page title of a multi-document page). */
  pageHeader: Para[];
  documents: SegDocument[];
}

const CN = "一二三四五六七八九十百零〇两";
const CN_NUM = `[${CN}]{1,4}`;

interface Marker {
  style: Style | "pian";
  num: string;
  length: number;
}

const PATTERNS: { style: Marker["style"]; re: RegExp }[] = [
  { style: "pian", re: new RegExp(`^第(${CN_NUM})篇(?=\\s|$|[:：])`, "u") },
  { style: "part", re: new RegExp(`^第(${CN_NUM})(?:部分|章)[、.:：]?\\s*`, "u") },
  { style: "cn", re: new RegExp(`^(${CN_NUM})[、.](?![${CN}]+(?:年级|类|等|个|所))\\s*`, "u") },
  { style: "pcn", re: new RegExp(`^[(（](${CN_NUM})[)）][、.]?\\s*`, "u") },
  { style: "ar", re: /^(\d{1,2})(?:[.、](?!\d)|\.(?=\s))\s*/u },
  { style: "par", re: /^[(（](\d{1,2})[)）][、.]?\s*/u },
  { style: "circ", re: /^([\u2460-\u2473])[、.]?\s*/u },
  { style: "shi", re: new RegExp(`^(${CN_NUM})是(?=[\\u4e00-\\u9fff])`, "u") },
];

export function matchMarker(text: string): Marker | null {
  for (const { style, re } of PATTERNS) {
    const m = re.exec(text);
    if (!m) continue;
    const length = style === "shi" ? m[0].length : m[0].length;
    if (style !== "pian" && text.length <= length) return null; // a bare numeral is not an item
    const num = style === "circ" ? String(m[1]!.charCodeAt(0) - 0x2460 + 1) : style === "shi" ? `${m[1]}是` : m[1]!;
    return { style, num, length };
  }
  return null;
}

const MARKER_AFTER_SPACE = new RegExp(
  `(?<!\\s)\\s+(?=第${CN_NUM}(?:篇|部分|章)|${CN_NUM}[、]|[(（](?:${CN_NUM}|\\d{1,2})[)）]|\\d{1,2}[.、](?!\\d)|[\\u2460-\\u2473]|${CN_NUM}是[\\u4e00-\\u9fff])` +
    // text pasted without paragraph breaks: a sentence that ends right before "二、" or "（二）" ends a paragraph
    `|(?<=[。！？])(?=${CN_NUM}、|[(（]${CN_NUM}[)）])`,
  "gu",
);

function slicePara(p: Para, start: number, end: number): Para {
  return {
    text: p.text.slice(start, end),
    map: p.map.slice(start, end),
    garbled: p.garbled
      .filter((g) => g.end > start && g.start < end)
      .map((g) => ({ start: Math.max(0, g.start - start), end: Math.min(end, g.end) - start })),
  };
}

/** Split lines into paragraphs: a line that runs several numbered paragraphs together is split before each marker. */
export function toParagraphs(lines: CleanLine[]): Para[] {
  const out: Para[] = [];
  for (const line of lines) {
    const p: Para = { text: line.text, map: line.map, garbled: line.garbled };
    let start = 0;
    MARKER_AFTER_SPACE.lastIndex = 0;
    for (let m = MARKER_AFTER_SPACE.exec(p.text); m; m = MARKER_AFTER_SPACE.exec(p.text)) {
      if (m[0].length === 0) MARKER_AFTER_SPACE.lastIndex++;
      const cutAt = m.index + m[0].length;
      if (!matchMarker(p.text.slice(cutAt))) continue;
      if (m.index > start) out.push(slicePara(p, start, m.index));
      start = cutAt;
    }
    if (start < p.text.length) out.push(slicePara(p, start, p.text.length));
  }
  return out.filter((p) => p.text.trim().length > 0);
}

/** The title of an item: its heading, or for a run-on item its text up to the first 。. */
export function titleEnd(text: string, from: number): number {
  const rest = text.slice(from);
  const stop = rest.search(/[。!?！？]/u);
  let end = stop < 0 ? rest.length : stop;
  // "存在的困难和问题 在县委……": a short heading followed by a space and then running text.
  const gap = /\s+/u.exec(rest.slice(0, end));
  if (gap && gap.index >= 2 && gap.index <= 40 && !/[,，;；:：]/u.test(rest.slice(0, gap.index))) {
    const after = rest.slice(gap.index + gap[0].length);
    const headingLike = !/[至到达为于和与及的在]$/u.test(rest.slice(0, gap.index));
    if (headingLike && (/^[\u4e00-\u9fff“《]/u.test(after) || /^(?:19|20)\d{2}年/u.test(after))) end = gap.index;
  }
  let e = from + end;
  while (e > from && /[\s:：,，;；、]/u.test(text[e - 1]!)) e--;
  return e;
}

// Headings that close a summary and open next year's plan in the same file (三、2021年工作要点).
const PLAN_HEADING =
  /^(?:(?:\d{4}年|下一步|下步|明年|今后|新的一年)[^。]{0,16}?)?(?:工作要点|工作思路|工作计划|工作打算|工作安排|重点工作|工作重点|打算)$|^(?:\d{4}年|下一步|明年|今后)[^。]{0,16}?(?:主要任务|工作目标)$/u;
const SUMMARY_HEADING =
  /完成情况|总结|成绩|成效|回顾|亮点|存在的?(?:主要)?(?:困难|问题|不足)|困难和问题|问题和不足|不足之处/u;

/** Build the outline of one run of paragraphs into a document. */
function buildDocument(paras: Para[], origin: DocOrigin, titleHint: Para | null): SegDocument {
  const header: Para[] = [];
  const items: SegItem[] = [];
  const stack: { style: Style; index: number }[] = [];
  for (const p of paras) {
    const m = matchMarker(p.text);
    if (!m || m.style === "pian") {
      if (items.length) items[items.length - 1]!.more.push(p);
      else header.push(p);
      continue;
    }
    const style = m.style;
    const at = stack.findIndex((s) => s.style === style);
    if (at >= 0) stack.length = at;
    const parent = stack.length ? stack[stack.length - 1]!.index : null;
    let bodyStart = m.length;
    while (bodyStart < p.text.length && /\s/u.test(p.text[bodyStart]!)) bodyStart++;
    const tEnd = titleEnd(p.text, bodyStart);
    items.push({
      style,
      level: stack.length + 1,
      num: m.num,
      marker: p.text.slice(0, m.length).trim(),
      head: p,
      bodyStart,
      titleEnd: tEnd,
      title: p.text.slice(bodyStart, tEnd),
      more: [],
      parent,
    });
    stack.push({ style, index: items.length - 1 });
  }
  return { origin, header, items, titleHint };
}

/**
 * Split a summary followed by next year's plan: the top-level item whose heading announces a plan,
 * after a top-level item that reports results or problems, starts a second document.
 */
function splitSummaryAndPlan(doc: SegDocument): SegDocument[] {
  const tops = doc.items.map((it, i) => ({ it, i })).filter(({ it }) => it.level === 1);
  const planAt = tops.findIndex(
    ({ it }, k) =>
      k > 0 && PLAN_HEADING.test(it.title) && tops.slice(0, k).some(({ it: t }) => SUMMARY_HEADING.test(t.title)),
  );
  if (planAt < 0) return [doc];
  const first = tops[planAt]!.i;
  const next = tops[planAt + 1]?.i ?? doc.items.length;
  const heading = doc.items[first]!;
  const summary: SegDocument = {
    origin: "summary",
    header: doc.header,
    items: doc.items.slice(0, first),
    titleHint: doc.items[0]!.head,
  };
  const planItems = doc.items.slice(first + 1, next).map((it) => ({
    ...it,
    level: it.level - 1,
    parent: it.parent === null || it.parent === first ? null : it.parent - first - 1,
  }));
  const preamble = heading.head.text.slice(heading.titleEnd).trim()
    ? [slicePara(heading.head, heading.titleEnd, heading.head.text.length)]
    : [];
  const plan: SegDocument = {
    origin: "plan",
    header: [...preamble, ...heading.more],
    items: planItems,
    titleHint: slicePara(heading.head, heading.bodyStart, heading.titleEnd),
  };
  const rest = doc.items.slice(next);
  if (!rest.length) return [summary, plan];
  // Whatever follows the plan under the old numbering stays with the plan as top-level items.
  plan.items.push(...rest.map((it) => ({ ...it, parent: it.parent === null ? null : it.parent - first - 1 })));
  return [summary, plan];
}

export function segment(cleaned: Cleaned): Segmented {
  const paras = toParagraphs(cleaned.lines);
  // Documents marked 第一篇 / 第二篇 on one page.
  const starts: number[] = [];
  paras.forEach((p, i) => {
    const m = matchMarker(p.text);
    if (m?.style === "pian") starts.push(i);
  });
  if (starts.length >= 2) {
    const pageHeader = paras.slice(0, starts[0]);
    const pageTitle = pageHeader.find((p) => p.text.length <= 60) ?? null;
    const documents = starts.map((s, k) =>
      buildDocument(paras.slice(s + 1, starts[k + 1] ?? paras.length), "part", pageTitle),
    );
    return { pageHeader, documents: documents.flatMap(splitSummaryAndPlan) };
  }
  return { pageHeader: [], documents: splitSummaryAndPlan(buildDocument(paras, "whole", null)) };
}
