// Stage 4 — extract: segmented documents → DraftDocuments. Per document its title, issuer, region,
// level, type, years, document number and date; per item its title, quantities, responsible units
// and deadlines. Everything keeps the source span it was read from.
import { findQuantities, type QuantityContext } from "./quantities.ts";
import type { Para, SegDocument, SegItem, Segmented } from "./segment.ts";
import type {
  Cleaned,
  Deadline,
  Decoded,
  DocType,
  DraftDocument,
  DraftItem,
  DraftQuantity,
  Level,
  MetaHint,
  Responsibility,
  Span,
} from "./types.ts";

export function spanOf(p: Para, start: number, end: number): Span {
  if (!p.map.length) return { start: 0, end: 0 };
  const s = p.map[Math.min(Math.max(0, start), p.map.length - 1)]!;
  const e = p.map[Math.min(Math.max(0, end - 1), p.map.length - 1)]! + 1;
  return { start: s, end: Math.max(s, e) };
}

// ---------- document metadata ----------

const TYPE_WORDS: [RegExp, DocType][] = [
  [
    /行动计划|行动方案|\d+年规划|[三五]年(?:规划|计划)|(?:十[一二三四五六七八九]五|“十.五”)(?:规划|计划)/u,
    "action_plan",
  ],
  [/工作要点|重点工作|工作重点/u, "key_points"],
  [/工作总结|完成情况|工作报告|工作回顾|年终总结|总结/u, "summary"],
  [/工作思路|工作计划|工作打算|工作安排|实施方案|工作方案|计划|思路|方案/u, "work_plan"],
  [/通知|意见|决定/u, "notice"],
];
const TITLE_WORDS = /要点|思路|计划|方案|总结|规划|打算|安排|完成情况|意见|通知/u;

function docTypeOf(title: string | null): DocType | null {
  if (!title) return null;
  const inner = /《([^》]+)》/u.exec(title)?.[1];
  for (const [re, t] of TYPE_WORDS) if (re.test(inner ?? title)) return t;
  return null;
}

function yearsOf(title: string | null): number[] {
  if (!title) return [];
  const range = /(\d{4})\s*[—\-~～至到]\s*(\d{4})/u.exec(title);
  if (range) {
    const a = Number(range[1]);
    const b = Number(range[2]);
    if (b >= a && b - a <= 10) return Array.from({ length: b - a + 1 }, (_, k) => a + k);
  }
  const one = /(\d{4})\s*(?:年|年度)/u.exec(title);
  return one ? [Number(one[1])] : [];
}

/** A title line: short, no sentence punctuation, names a plan genre; a notice wrapper ranks last. */
function pickTitle(paras: Para[]): { text: string; para: Para } | null {
  let best: { text: string; para: Para; score: number } | null = null;
  paras.forEach((p, i) => {
    const t = p.text.trim();
    if (t.length < 4 || t.length > 60 || /[。;；]/u.test(t) || /^\d{4}年\d{1,2}月/u.test(t)) return;
    if (/[:：]$/u.test(t)) return;
    let score = (TITLE_WORDS.test(t) ? 10 : 1) + Math.min(t.length, 30) / 10;
    if (/印发|通知|〔|\[\d{4}\]/u.test(t)) score -= 5;
    if (/,|，/u.test(t)) score -= 3;
    if (!best || score > best.score) {
      let text = t;
      const next = paras[i + 1]?.text.trim() ?? "";
      if (/^[(（]\s*\d{4}\s*[—\-~～至]\s*\d{4}\s*年?\s*[)）]$/u.test(next)) {
        text += next.replace(/\s+/gu, "");
        score += 3;
      }
      best = { text, para: p, score };
    }
  });
  const b = best as { text: string; para: Para; score: number } | null;
  return b && b.score > 0 ? { text: b.text, para: b.para } : null;
}

const PLACE_SUFFIX = "省|市|县|区|州|盟|旗";
const GENERIC_PLACE =
  /^(?:全|本|我|各|该|城|省|县|市|地|区|乡|镇|级|新|老|大|小|与|和|及|等|的|在|为|对|是|了|有|一|等)/u;

/** The place the plan governs: from the issuer, else the most frequent place name in the text. */
function regionOf(issuer: string | null, title: string | null, text: string): string | null {
  for (const name of [issuer, title?.replace(/^关于印发《?/u, "")]) {
    if (!name) continue;
    const m = new RegExp(`^([\\u4e00-\\u9fff]{2,8}?(?:自治县|自治州|${PLACE_SUFFIX}))`, "u").exec(name);
    if (m && !/^(?:x+|全|本|我)/iu.test(m[1]!)) return m[1]!;
  }
  const counts = new Map<string, number>();
  for (const m of text.matchAll(new RegExp(`([\\u4e00-\\u9fff]{2})(${PLACE_SUFFIX})`, "gu"))) {
    const name = m[1]! + m[2]!;
    if (GENERIC_PLACE.test(m[1]!) || /[县市区省]/u.test(m[1]!)) continue;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top && top[1] >= 3 ? top[0] : null;
}

function levelOf(region: string | null, text: string): Level | null {
  if (region) {
    if (/省$/u.test(region)) return "province";
    if (/(?:市|州|盟)$/u.test(region)) return "city";
    if (/(?:县|区|旗)$/u.test(region)) return "county";
  }
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const scores: [Level, number][] = [
    ["province", count(/全省|我省|本省/gu)],
    ["city", count(/全市|我市|本市/gu)],
    ["county", count(/全县|我县|本县|全区|我区|县域/gu)],
  ];
  const top = scores.sort((a, b) => b[1] - a[1])[0]!;
  return top[1] > 0 ? top[0] : null;
}

const DOC_NUMBER = /[\u4e00-\u9fff]{2,12}[〔[【(]\s*(?:19|20)\d{2}\s*[〕\]】)]\s*\d{1,4}\s*号/u;

function normaliseDate(s: string): string | null {
  const m = /((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})/u.exec(s);
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, "0")}-${m[3]!.padStart(2, "0")}`;
}

const ISSUER_RE =
  /^[\u4e00-\u9fff]{2,20}?(?:教育局|教育厅|教育委员会|教育和体育局|教育体育局|教体局|文教局|人民政府|教育工作领导小组)(?:办公室)?$/u;

const ISSUER_IN_TITLE = /^([\u4e00-\u9fff]{2,12}?(?:教育局|教育厅|教育委员会|教育和体育局|教育体育局|教体局|文教局))/u;

interface FileMeta {
  issuer: string | null;
  date: string | null;
  docNumber: string | null;
}

function fileMeta(hints: MetaHint[], headerTexts: string[]): FileMeta {
  const issuerHint = hints.find((h) => h.key === "issuer" && /教育|局|厅|委|政府/u.test(h.value));
  const signature = headerTexts.map((t) => t.trim()).find((t) => ISSUER_RE.test(t));
  const dateHint = hints.find((h) => h.key === "date");
  const signedDate = headerTexts.map((t) => t.trim()).find((t) => /^\d{4}年\d{1,2}月\d{1,2}日$/u.test(t));
  const numberHint = hints.find((h) => h.key === "doc_number" && DOC_NUMBER.test(h.value));
  const numberText = headerTexts.map((t) => DOC_NUMBER.exec(t)?.[0]).find(Boolean);
  return {
    issuer: issuerHint?.value.replace(/\s+/gu, "") ?? signature ?? null,
    date: normaliseDate(dateHint?.value ?? signedDate ?? ""),
    docNumber:
      (numberHint ? DOC_NUMBER.exec(numberHint.value)![0] : (numberText ?? null))?.replace(/\s+/gu, "") ?? null,
  };
}

// ---------- items: owners and deadlines ----------

const UNIT_SPLIT = /[、,，]|和|及|与/u;
const OWNER_PATTERNS: { re: RegExp; role: "lead" | "support" }[] = [
  { re: /(?:牵头(?:单位|部门|股室)|责任(?:单位|部门|股室))\s*[:：]\s*([^;；。\n)）]+)/gu, role: "lead" },
  { re: /(?:配合(?:单位|部门|股室)|协办(?:单位|部门))\s*[:：]\s*([^;；。\n)）]+)/gu, role: "support" },
  { re: /由([\u4e00-\u9fff、]{2,40}?)(?:负责)?牵头/gu, role: "lead" },
  { re: /([\u4e00-\u9fff、]{2,30}?)(?:要|负责)牵头/gu, role: "lead" },
  { re: /牵头[,，]\s*([\u4e00-\u9fff、]{2,40}?)(?:等(?:部门|单位))?(?:协同|配合|参与)/gu, role: "support" },
];
const ORG_WORD =
  /(?:局|股|室|科|处|中心|学校|部门|办|委|会|院|站|馆|队|政府|单位|小学|中学|幼儿园|教管中心|街道|乡镇|部)$/u;

function ownersOf(p: Para, from: number): Responsibility[] {
  const out: Responsibility[] = [];
  const text = p.text;
  for (const { re, role } of OWNER_PATTERNS) {
    re.lastIndex = from;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const group = m[1]!;
      const groupStart = m.index + m[0].indexOf(group);
      let offset = 0;
      for (const raw of group.split(UNIT_SPLIT)) {
        const unit = raw.replace(/^(?:由|各|县|市)?\s*/u, (s) => (s === "县" || s === "市" ? s : "")).trim();
        const at = groupStart + group.indexOf(raw, offset);
        offset = at - groupStart + raw.length;
        if (unit.length >= 2 && ORG_WORD.test(unit) && !out.some((o) => o.unit === unit))
          out.push({ unit, role, src: spanOf(p, at, at + raw.length) });
      }
    }
  }
  return out;
}

const DEADLINE_PATTERNS =
  /(?:到|至|于|在)?\s*((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月)?\s*(底|末|年底|年末|上半年|下半年)?\s*(?:前|以前|之前)|(?:到|至)\s*((?:19|20)\d{2})\s*年(?:底|末)?/gu;

function lastDay(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${String(month).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function deadlinesOf(p: Para, from: number): Deadline[] {
  const out: Deadline[] = [];
  DEADLINE_PATTERNS.lastIndex = from;
  for (let m = DEADLINE_PATTERNS.exec(p.text); m; m = DEADLINE_PATTERNS.exec(p.text)) {
    const year = Number(m[1] ?? m[4]);
    const month = m[2] ? Number(m[2]) : m[3] === "上半年" ? 6 : 12;
    if (month < 1 || month > 12) continue;
    out.push({ text: m[0].trim(), date: lastDay(year, month), src: spanOf(p, m.index, m.index + m[0].length) });
  }
  return out;
}

// ---------- documents ----------

function itemParas(it: SegItem): { para: Para; from: number }[] {
  return [{ para: it.head, from: it.bodyStart }, ...it.more.map((p) => ({ para: p, from: 0 }))];
}

function quantitiesIn(p: Para, from: number, ctx: QuantityContext): DraftQuantity[] {
  const body = p.text.slice(from);
  // Figures inside or right next to unreadable text are not read: their meaning is lost.
  const nearGarbled = (s: number, e: number) => p.garbled.some((g) => g.start < from + e && g.end > from + s - 8);
  return findQuantities(body, ctx)
    .filter((q) => !nearGarbled(q.start, q.end))
    .map((q) => ({
      text: q.text,
      indicator: q.indicator,
      value: q.value,
      unit: q.unit,
      qualifier: q.qualifier,
      year: q.year,
      kind: q.kind,
      deadline: q.deadline,
      src: spanOf(p, from + q.start, from + q.end),
    }));
}

function buildDocument(
  doc: SegDocument,
  pageHeader: Para[],
  meta: FileMeta,
  allText: string,
  before: DraftDocument | null,
): DraftDocument {
  const headerTitle = pickTitle(doc.header);
  let title: string | null;
  if (doc.origin === "plan" && doc.titleHint) title = doc.titleHint.text.trim();
  else if (headerTitle) title = headerTitle.text;
  else if (doc.origin === "summary" && doc.items[0]) title = doc.items[0].title;
  else if (doc.titleHint) title = doc.titleHint.text.trim().replace(/\s*[\d一二三四五六七八九十]+篇$/u, "");
  else title = pickTitle(pageHeader)?.text ?? null;

  let docType = docTypeOf(title);
  if (doc.origin === "summary") docType = "summary";
  const docText = [
    ...doc.header.map((p) => p.text),
    ...doc.items.flatMap((it) => [it.head.text, ...it.more.map((p) => p.text)]),
  ].join("\n");
  let years = yearsOf(title);
  if (!years.length && doc.origin !== "part") {
    const preamble = doc.header.find((p) => p.text.length > 30)?.text ?? "";
    const lead = /^((?:19|20)\d{2})年(?:,|，|全[县市省区]|我[县市省区]|是)/u.exec(preamble.trim());
    if (lead) years = [Number(lead[1])];
  }
  // "下一步工作打算" after a summary of 2023: the plan is for 2024.
  if (!years.length && doc.origin === "plan" && before?.docType === "summary" && before.years.length)
    years = [before.years[before.years.length - 1]! + 1];
  // A plan split off a summary shares its file's issuer and place.
  const sibling = doc.origin === "plan" ? before : null;
  const region = regionOf(meta.issuer, title, allText) ?? sibling?.region ?? null;
  const level = levelOf(region, docText || allText) ?? sibling?.level ?? null;
  if (!title && doc.items.length) {
    // No title line (a web page that lost its heading): a reader names it after its genre.
    const scope = level === "province" ? "全省" : level === "city" ? "全市" : level === "county" ? "全县" : "";
    title = `${years[0] ? `${years[0]}年` : ""}${scope}教育工作要点`;
    docType = "key_points";
  }
  const titled = title ? ISSUER_IN_TITLE.exec(title.replace(/^关于印发《?/u, ""))?.[1] : undefined;
  const issuer =
    meta.issuer ??
    (titled && !/^(?:x|全)/iu.test(titled) ? titled : null) ??
    sibling?.issuer ??
    (region ? `${region}${level === "province" ? "教育厅" : "教育局"}` : null);

  const mode: QuantityContext["mode"] = docType === "summary" ? "summary" : "plan";
  const ctx: QuantityContext = { mode, years };
  const quantities: DraftDocument["quantities"] = [];
  const titleParas = new Set([headerTitle?.para]);
  for (const p of doc.header) {
    if (titleParas.has(p) || p.text.length < 20) continue;
    for (const q of quantitiesIn(p, 0, ctx)) quantities.push({ ...q, item: null });
  }
  const items: DraftItem[] = doc.items.map((it, index) => {
    const owners: Responsibility[] = [];
    const deadlines: Deadline[] = [];
    for (const { para, from } of itemParas(it)) {
      for (const q of quantitiesIn(para, from, ctx)) quantities.push({ ...q, item: index });
      owners.push(...ownersOf(para, from));
      deadlines.push(...deadlinesOf(para, from));
    }
    const text = itemParas(it)
      .map(({ para, from }) => para.text.slice(from))
      .join("\n");
    return {
      level: it.level,
      num: it.num,
      marker: it.marker,
      title: it.title,
      text,
      src: spanOf(it.head, 0, it.head.text.length),
      titleSrc: spanOf(it.head, it.bodyStart, it.titleEnd),
      parent: it.parent,
      owners,
      deadlines,
    };
  });
  const first = doc.header[0] ?? doc.items[0]?.head;
  const lastItem = doc.items[doc.items.length - 1];
  const last = lastItem
    ? (lastItem.more[lastItem.more.length - 1] ?? lastItem.head)
    : doc.header[doc.header.length - 1];
  return {
    title,
    issuer,
    region,
    level,
    docType,
    years,
    docNumber: meta.docNumber,
    date: meta.date,
    src:
      first && last
        ? { start: spanOf(first, 0, 1).start, end: spanOf(last, last.text.length - 1, last.text.length).end }
        : { start: 0, end: 0 },
    items,
    quantities,
  };
}

export function extract(seg: Segmented, cleaned: Cleaned, _decoded: Decoded): DraftDocument[] {
  // Where a signature block can stand: the header, or the last lines of the file.
  const lines = cleaned.lines.map((l) => l.text);
  const headerTexts = [...seg.pageHeader, ...(seg.documents[0]?.header ?? [])].map((p) => p.text);
  const meta = fileMeta(cleaned.hints, [...headerTexts, ...lines.slice(-6)]);
  const allText = cleaned.lines.map((l) => l.text).join("\n");
  const out: DraftDocument[] = [];
  for (const d of seg.documents) {
    if (d.items.length === 0 && !d.header.some((p) => p.text.length > 40)) continue;
    out.push(buildDocument(d, seg.pageHeader, meta, allText, out[out.length - 1] ?? null));
  }
  return out;
}
