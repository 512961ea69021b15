// Stage 2 — clean: decoded blocks → readable simplified-Chinese lines, each with a char map back to
// the source. Drops page furniture (breadcrumbs, share widgets, index tables), spam and a second
// printing of the same text, after reading what the furniture says (issuer, date, doc number).
// Removes pinyin glosses ("發(fā)展" → "发展"), converts traditional to simplified, and marks
// unreadable mojibake instead of guessing what it said.
import iconv from "iconv-lite";
import * as OpenCC from "opencc-js";
import type { Block, CleanLine, Cleaned, Decoded, MetaHint, ReaderWarning, RemovedBlock, Span } from "./types.ts";

const toSimplified = OpenCC.Converter({ from: "tw", to: "cn" });

const CIRCLED = /[\u2460-\u2473\u3251-\u325f]/u; // ①…⑳ ㉑…: keep, NFKC would turn them into digits
const TONE_VOWEL = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê";
const PINYIN_GLOSS = new RegExp(`\\(([a-z${TONE_VOWEL}]{1,7})\\)`, "gu");
const HAS_TONE = new RegExp(`[${TONE_VOWEL}]`, "u");
const BROKEN_GLOSS = new RegExp(`(?<!\\?)\\?+[a-z${TONE_VOWEL}]{1,7}\\)`, "gu");
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/u;
const CJK_OR_SPACE = /[\u3400-\u9fff\uf900-\ufaff]|\s{2,}/u;

/** A line being built: text plus, per UTF-16 unit, the source offset it came from. */
interface Draft {
  text: string;
  map: number[];
  garbled: Span[];
}

/** Normalise one block: NFKC (keeping circled numbers), width folding; builds the char map. */
function normalise(block: Block): Draft {
  let text = "";
  const map: number[] = [];
  let i = 0;
  for (const ch of block.text) {
    const src = block.start + i;
    i += ch.length;
    const c = ch.charCodeAt(0);
    // Hanzi and printable ASCII are already in NFKC: the common case skips normalize().
    if ((c >= 0x4e00 && c <= 0x9fff) || (c > 0x20 && c < 0x7f)) {
      map.push(src);
      text += ch;
      continue;
    }
    let out = CIRCLED.test(ch) ? ch : ch.normalize("NFKC");
    if (out === "\u00a0" || out === "\u3000" || out === "\t") out = " ";
    if (ch === "\ufeff" || ch === "\u200b") out = "";
    for (let k = 0; k < out.length; k++) map.push(src);
    text += out;
  }
  return { text, map, garbled: [] };
}

/** Apply a regex replacement while keeping the char map aligned. `keep` chooses what replaces a match. */
function replaceMapped(d: Draft, re: RegExp, keep: (m: RegExpExecArray) => string | null): Draft {
  re.lastIndex = 0;
  if (!re.test(d.text)) return d;
  let text = "";
  const map: number[] = [];
  let last = 0;
  re.lastIndex = 0;
  for (let m = re.exec(d.text); m; m = re.exec(d.text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const rep = keep(m);
    if (rep === null) continue;
    text += d.text.slice(last, m.index);
    for (let k = last; k < m.index; k++) map.push(d.map[k]!);
    text += rep;
    for (let k = 0; k < rep.length; k++) map.push(d.map[Math.min(m.index + k, d.map.length - 1)]!);
    last = m.index + m[0].length;
  }
  text += d.text.slice(last);
  for (let k = last; k < d.text.length; k++) map.push(d.map[k]!);
  return { text, map, garbled: d.garbled };
}

function removeGlosses(d: Draft): Draft {
  const glossed = replaceMapped(d, PINYIN_GLOSS, (m) => {
    const prev = d.text[m.index - 1] ?? "";
    return CJK.test(prev) && HAS_TONE.test(m[1]!) ? "" : null;
  });
  // "?qū)": a gloss whose character and opening bracket were lost — the character is gone for good.
  return replaceMapped(glossed, BROKEN_GLOSS, () => "?");
}

/**
 * "?" noise: a run at the start of a line or of three or more stands for lost spaces (drop it);
 * "?" wedged between characters is where bytes were lost (keep, mark as garbled).
 */
function resolveQuestionMarks(d: Draft): Draft {
  let out = replaceMapped(d, /^[?\s]+|\?{3,}|(?<!\s)\s\?+(?=\s|$)|(?<!\?)\?+$/gu, (m) => (m.index === 0 ? "" : " "));
  out = replaceMapped(out, /\s{2,}/gu, () => " ");
  const garbled: Span[] = [];
  // Mojibake: "?" touching a CJK char or a stray Latin letter inside CJK text ("學??茖W"), Latin-1
  // soup from a wrong code page ("æ•™è‚²"), replacement characters.
  const re =
    /(?:[\u3400-\u9fff]?\?+[\u3400-\u9fffA-Za-z]?[A-Za-z]?)|[\u00c0-\u00ff\u0080-\u00bf\u2018-\u201e\u2020-\u2022\u2026\u2030\u02c6\u02dc\u0152\u0153\u0160\u0161\u0178\u017d\u017e]{3,}|\ufffd+/gu;
  for (let m = re.exec(out.text); m; m = re.exec(out.text)) {
    const s = m[0];
    if (s.includes("?")) {
      const before = out.text[m.index - 1] ?? " ";
      const after = out.text[m.index + s.length] ?? " ";
      const inside = CJK.test(before) || CJK.test(after) || CJK.test(s);
      if (!inside) continue;
    }
    garbled.push({ start: m.index, end: m.index + s.length });
  }
  return { ...out, garbled };
}

const TRADITIONAL_SAMPLE = 1500;

/** True when the text reads as traditional Chinese (enough characters change under t→s). */
/** Hanzi that OpenCC changes on their own (traditional-only forms), computed once on first use. */
let traditionalOnly: Uint8Array | null = null;
function traditionalTable(): Uint8Array {
  if (traditionalOnly) return traditionalOnly;
  const table = new Uint8Array(0x10000);
  // one character at a time, separated, so that phrase rules do not apply
  const chars = Array.from({ length: 0x9fff - 0x4e00 + 1 }, (_, k) => String.fromCharCode(0x4e00 + k));
  const converted = toSimplified(chars.join("\n")).split("\n");
  chars.forEach((c, k) => {
    if (converted[k] !== c) table[c.charCodeAt(0)] = 1;
  });
  return (traditionalOnly = table);
}

function isTraditional(text: string): boolean {
  const table = traditionalTable();
  let cjk = 0;
  let changed = 0;
  for (let i = 0; i < text.length && cjk < TRADITIONAL_SAMPLE; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x4e00 || c > 0x9fff) continue;
    cjk++;
    changed += table[c]!;
  }
  return cjk >= 10 && changed / cjk > 0.03;
}

function simplify(d: Draft): Draft {
  const text = toSimplified(d.text);
  if (text.length === d.text.length) return { ...d, text };
  // OpenCC changed the length (a phrase rule): map proportionally, never outside the line.
  const map = Array.from(
    text,
    (_, k) => d.map[Math.min(d.map.length - 1, Math.floor((k * d.map.length) / text.length))]!,
  );
  return { text, map, garbled: d.garbled };
}

/**
 * Is this character one of the 3,755 common hanzi (GB2312 level 1, lead byte B0–D7)? Text decoded
 * with the wrong code page ("鍏ㄥ勾寮€灞曟") is made mostly of rare hanzi, real text hardly ever.
 * A table over the BMP: 0 = not looked up yet, 1 = common, 2 = rare.
 */
const hanziClass = new Uint8Array(0x10000);
function isCommonHanzi(code: number): boolean {
  let v = hanziClass[code]!;
  if (v === 0) {
    const b = iconv.encode(String.fromCharCode(code), "gb18030");
    v = b.length === 2 && b[0]! >= 0xb0 && b[0]! <= 0xd7 && b[1]! >= 0xa1 ? 1 : 2;
    hanziClass[code] = v;
  }
  return v === 1;
}

const isHanziCode = (c: number) => (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/**
 * Mark runs where at least half of eight consecutive hanzi are rare ones: mojibake from a wrong
 * decoding, unreadable. One pass with a sliding window over the hanzi of the line.
 */
function markRareRuns(d: Draft): Draft {
  const WINDOW = 8;
  const pos: number[] = [];
  const rare: boolean[] = [];
  for (let i = 0; i < d.text.length; i++) {
    const c = d.text.charCodeAt(i);
    if (isHanziCode(c)) {
      pos.push(i);
      rare.push(!isCommonHanzi(c));
    }
  }
  if (pos.length < WINDOW) return d;
  const found: Span[] = [];
  let count = 0;
  for (let k = 0; k < pos.length; k++) {
    if (rare[k]) count++;
    if (k >= WINDOW && rare[k - WINDOW]) count--;
    if (k >= WINDOW - 1 && count >= WINDOW / 2) {
      // the window [k-7, k] is garbled: cover its rare hanzi
      let first = k - WINDOW + 1;
      while (!rare[first]) first++;
      let last = k;
      while (!rare[last]) last--;
      found.push({ start: pos[first]!, end: pos[last]! + 1 });
    }
  }
  if (!found.length) return d;
  // Pieces of one garbled passage separated only by digits and symbols are one passage.
  const merged = mergeSpans([...d.garbled, ...found]);
  const out: Span[] = [];
  for (const g of merged) {
    const last = out[out.length - 1];
    if (last && !CJK_OR_SPACE.test(d.text.slice(last.end, g.start))) last.end = g.end;
    else out.push(g);
  }
  return { ...d, garbled: out };
}

// ---------- furniture ----------

const FURNITURE_KEYS =
  "索\\s*引\\s*号|文\\s*号|发文字号|主题分类|所属机构|发布机构|发文机关|生成日期|成文日期|发布时间|发布日期|信息来源|来\\s*源|浏览次数|点击数|阅读次数|访问量|字号|作者|责任编辑|编辑|审核|关键字|关键词|政府信息公开方式|公开方式|公开范围|信息类别|分类|时间";
const FURNITURE_LINE = new RegExp(
  [
    `^(?:${FURNITURE_KEYS})\\s*[:：]`,
    "^(?:首页|当前位置|您的位置|您现在的位置|位置)\\s*[:：>»]?",
    "^分享到",
    "^(?:打印|关闭|打印本页|关闭窗口|返回顶部|收藏|扫一扫|【.{0,12}】)\\s*$",
    "(?:^|\\s)(?:微信|微博|QQ空间|朋友圈|腾讯微博|人人网)(?:\\s|$)",
    "^(?:上一篇|下一篇|相关链接|相关文章|相关阅读|网站地图|联系我们|版权所有|主办单位|承办单位|技术支持|网站标识码|ICP)",
    "(?:ICP备|公网安备|版权所有|Copyright|©)",
    "^附件\\s*[:：\\d一二三四五六七八九十]",
    "^\\s*[|｜]+\\s*$",
    "^[\\s\\d:：\\-/]+$",
    "^.{0,30}\\d{4}年\\d{1,2}月\\d{1,2}日印发\\s*$",
    "^\\s*(?:字体|字号)\\s*[:：]?\\s*[大中小\\s]+$",
  ].join("|"),
  "iu",
);
// "首页 > 通知公告 > 正文": short word segments joined by arrows; no figures ("入园率>90%" is content)
const BREADCRUMB = /^[^。,，;；\d%]{1,20}(?:\s*[>»]\s*[^。,，;；>»\d%]{1,20}){1,6}$/u;

function isFurniture(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  if (FURNITURE_LINE.test(t) || BREADCRUMB.test(t)) return true;
  if (t.includes("|")) {
    const cells = t.split("|").map((c) => c.trim());
    if (Math.max(...cells.map((c) => c.length)) < 60) return true;
  }
  return false;
}

/** Read key/value facts from furniture lines (joined, split on | and key colons). */
function readHints(lines: { text: string; src: Span }[]): MetaHint[] {
  const hints: MetaHint[] = [];
  const cells: { text: string; src: Span }[] = [];
  for (const l of lines) {
    for (const part of l.text.split(/[|｜]/u)) {
      // "来源: A  发布日期: B" in one cell → two cells
      for (const sub of part.split(new RegExp(`\\s+(?=(?:${FURNITURE_KEYS})\\s*[:：])`, "u"))) {
        if (sub.trim()) cells.push({ text: sub.trim(), src: l.src });
      }
    }
  }
  const keyOf = (k: string): MetaHint["key"] | null => {
    const key = k.replace(/\s/g, "");
    if (/^(发布机构|发文机关|来源|信息来源|所属机构)$/u.test(key)) return key === "所属机构" ? null : "issuer";
    if (/^(发布日期|发布时间|成文日期|生成日期|时间)$/u.test(key)) return "date";
    if (/^(文号|发文字号)$/u.test(key)) return "doc_number";
    return null;
  };
  for (let i = 0; i < cells.length; i++) {
    const c = cells[i]!;
    const m = /^([\u4e00-\u9fff\s]{2,10})[:：]\s*(.*)$/u.exec(c.text);
    if (!m) continue;
    const key = keyOf(m[1]!);
    let value = m[2]!.trim();
    if (!value) {
      const next = cells[i + 1];
      if (next && !/^[\u4e00-\u9fff\s]{2,10}[:：]/u.test(next.text)) value = next.text;
    }
    if (key && value && !/请选择/u.test(value)) hints.push({ key, value, src: c.src });
  }
  return hints;
}

// ---------- spam ----------

// Words that never occur in a plan (count 2) and words that occur in spam and, rarely, in plans (count 1).
const SPAM_STRONG =
  /无码|色综合|国产精品|婷婷|狠狠|一本道|成人视频|免费视频|博彩|赌场|娱乐城|百家乐|老虎机|六合彩|porn|\bav\b|av[\u4e00-\u9fff]/giu;
const SPAM_WEAK =
  /www\.|https?:|\.com|\.net|\.cc\b|加微信|点击领取|点击进入|注册送|免费领|QQ群|代开发票|信用卡套现|视频网站|日韩|欧美|彩票|棋牌|赌博|澳门|真人|sex/giu;

function isSpam(text: string): boolean {
  const strong = text.match(SPAM_STRONG)?.length ?? 0;
  const weak = text.match(SPAM_WEAK)?.length ?? 0;
  return strong * 2 + weak >= 3;
}

// ---------- duplicates ----------

const dupKey = (text: string) => text.replace(/\?+[^\s?]?|[^\u3400-\u9fff0-9A-Za-z]/gu, "");
/** Lines of a second printing can differ where bytes were lost: compare their opening characters. */
const lineKey = (text: string) => dupKey(text).slice(0, 24);

/**
 * A document printed twice: runs of lines that all appeared earlier, long enough that it cannot be
 * a coincidence (≥ 3 lines and ≥ 120 characters), are dropped; inside a long run (≥ 5 lines), up
 * to two lines garbled differently the second time are dropped with it. A line repeating the line
 * just before it (a title shown twice by the web page) is dropped too.
 */
function findDuplicates(lines: Draft[]): Set<number> {
  const seen = new Set<string>();
  const dup = new Set<number>();
  const repeated = lines.map((l) => {
    const k = lineKey(l.text);
    const was = k.length >= 2 && seen.has(k);
    if (k.length >= 2) seen.add(k);
    return was;
  });
  const MAX_GAP = 2;
  let i = 0;
  while (i < lines.length) {
    if (!repeated[i]) {
      i++;
      continue;
    }
    let j = i;
    let last = i;
    let count = 0;
    let chars = 0;
    while (j < lines.length && j - last <= MAX_GAP) {
      if (repeated[j]) {
        last = j;
        count++;
        chars += dupKey(lines[j]!.text).length;
      }
      j++;
    }
    const end = last + 1;
    if (count >= 5 && chars >= 500) for (let k = i; k < end; k++) dup.add(k);
    else if (count >= 3 && chars >= 120 && count === end - i) for (let k = i; k < end; k++) dup.add(k);
    i = end;
  }
  for (let k = 1; k < lines.length; k++) {
    const key = dupKey(lines[k]!.text);
    if (key.length >= 2 && key === dupKey(lines[k - 1]!.text)) dup.add(k);
  }
  return dup;
}

// ---------- the stage ----------

export function clean(decoded: Decoded): Cleaned {
  const warnings: ReaderWarning[] = [];
  const removed: RemovedBlock[] = [];
  const furniture: { text: string; src: Span }[] = [];

  const traditional = isTraditional(decoded.text);
  if (traditional) warnings.push({ code: "TRADITIONAL_CONVERTED", message: "原文为繁体字，已转换为简体字" });

  // Normalise every block first; furniture and spam are judged on the normalised text.
  const kept: { draft: Draft; block: Block }[] = [];
  for (const block of decoded.blocks) {
    let d = resolveQuestionMarks(removeGlosses(normalise(block)));
    if (traditional) d = simplify(d);
    d = markRareRuns(d);
    const trimmed = d.text.trim();
    if (!trimmed) continue;
    const src = { start: block.start, end: block.end };
    if (isSpam(trimmed)) {
      removed.push({ kind: "spam", text: trimmed, ...src });
      continue;
    }
    if (isFurniture(trimmed)) {
      furniture.push({ text: trimmed, src });
      removed.push({ kind: "furniture", text: trimmed, ...src });
      continue;
    }
    // A content line that ends in table separators ("… |") keeps its content only.
    const tail = /[\s|｜]+$/u.exec(d.text);
    if (tail && d.text.slice(tail.index).includes("|")) d = cut(d, 0, tail.index);
    kept.push({ draft: d, block });
  }

  const dups = findDuplicates(kept.map((k) => k.draft));
  const lines: CleanLine[] = [];
  kept.forEach(({ draft, block }, i) => {
    const src = { start: block.start, end: block.end };
    if (dups.has(i)) {
      removed.push({ kind: "duplicate", text: draft.text.trim(), ...src });
      return;
    }
    const lead = draft.text.length - draft.text.trimStart().length;
    const t = cut(draft, lead, draft.text.trimEnd().length);
    lines.push({ text: t.text, src, map: Int32Array.from(t.map), garbled: t.garbled });
  });

  const count = (k: RemovedBlock["kind"]) => removed.filter((r) => r.kind === k).length;
  if (count("furniture"))
    warnings.push({ code: "FURNITURE_REMOVED", message: `已删除页面杂项 ${count("furniture")} 行` });
  if (count("spam")) warnings.push({ code: "SPAM_REMOVED", message: `已删除广告或垃圾信息 ${count("spam")} 行` });
  if (count("duplicate"))
    warnings.push({
      code: "DUPLICATE_REMOVED",
      message: `已删除重复出现的内容 ${count("duplicate")} 行（同一文件中印了两遍）`,
    });
  for (const l of lines)
    for (const g of l.garbled)
      warnings.push({
        code: "MOJIBAKE",
        message: `此处文字为乱码，无法辨认：“${l.text.slice(Math.max(0, g.start - 6), g.end + 6)}”`,
        span: { start: l.map[g.start] ?? l.src.start, end: (l.map[Math.max(g.start, g.end - 1)] ?? l.src.end) + 1 },
      });

  sortBySource(removed);
  return { lines, removed, hints: readHints(furniture), warnings };
}

function mergeSpans(spans: Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

function cut(d: Draft, start: number, end: number): Draft {
  return {
    text: d.text.slice(start, end),
    map: d.map.slice(start, end),
    garbled: d.garbled
      .filter((g) => g.end > start && g.start < end)
      .map((g) => ({ start: Math.max(0, g.start - start), end: Math.min(end, g.end) - start })),
  };
}

function sortBySource(r: RemovedBlock[]) {
  r.sort((a, b) => a.start - b.start);
}
