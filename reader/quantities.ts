// Quantities in a paragraph: a number with a unit or measure word that tells how much of something.
// Not quantities: dates and years, ordinals and names (第六届, 十九大, "1+X", 一师一档, 九大提升工程),
// ranks (前10名), placeholders (x所). Each quantity gets an indicator phrased from the words around
// it, the year it refers to and its kind (target / actual / change / baseline).
import { arabicToNumber, chineseToNumber } from "./numbers.ts";
import type { DraftQuantity, QuantityKind } from "./types.ts";

export interface QuantityContext {
  /** "summary" documents report what was done; plans set targets. */
  mode: "plan" | "summary";
  /** Years the document covers (sorted). */
  years: number[];
}

/** A quantity with offsets into the paragraph it was found in (extract turns them into source spans). */
export type FoundQuantity = Omit<DraftQuantity, "src"> & { start: number; end: number };

/** Measure words that count things ("所", "名"): the noun after them says what is counted. */
const CLASSIFIER_LIST =
  "个 所 人 名 项 次 套 台 间 件 幢 栋 节 家 处 张 册 部 门 条 篇 场 期 支 辆 座 块 种 户 轮 起".split(" ");
const CLASSIFIERS = new Set(CLASSIFIER_LIST);
/** Units and measure words; longer ones first, so "个百分点" wins over "个" and "人次" over "人". */
const UNITS = [
  ..."个百分点 百分点 万平方米 平方米 万平米 平米 万亩 万亿元 亿元 万元 千元 万人次 万人 万个 万名 万所 万册 万台 万套 万件 人次 场次 课时 学时 小时 个月 公里 千米".split(
    " ",
  ),
  ...CLASSIFIER_LIST,
  ..."亩 % ‰ 倍 周 天 元 分 万 年".split(" "),
];
const UNIT_RE = UNITS.join("|");
const CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]{1,10}";
const QTY_RE = new RegExp(
  `(约|近|超过|逾)?((?<![\\d.])(?<!\\d,)\\d{1,12}(?:,\\d{3}){0,4}(?:\\.\\d{1,8})?|(?<![零〇一二两三四五六七八九十百千万])${CN_NUMERAL})\\s*(余|多)?\\s*(${UNIT_RE})(?:/[\\u4e00-\\u9fff](?:·[\\u4e00-\\u9fff]{1,2})?)?(以上|左右|以内|以下|余)?`,
  "gu",
);
/** Measure words a Chinese numeral may carry as an amount ("新建三所", "掌握两项"). */
const CN_UNITS = new Set([
  "所",
  "个",
  "名",
  "项",
  "次",
  "套",
  "台",
  "间",
  "件",
  "幢",
  "节",
  "家",
  "处",
  "周",
  "小时",
  "课时",
  "人",
  "天",
  "门",
  "场",
]);
/** Verbs and adverbs that introduce an amount written in Chinese numerals. */
const CN_LEAD =
  /(?:至少|不少于|不低于|不超过|为期|掌握|举办|举行|培养|新建|建成|改扩建|新增|增加|达到|完成|选派|招聘|设立|配备|锻炼|开设|创建|培育|评选|遴选|招收|补充|打造|每周|每天|每年|每月|每学期)\s*$/u;

/** The lower bound written before a range's upper bound: "80%—", "10—", "10至". */
const RANGE_LOW = /(\d+(?:\.\d+)?)\s*[%‰]?\s*[—\-~～至]\s*$/u;
const CLAUSE_BREAK = /[,;:!?，；：！？。]/u;
const SENTENCE_BREAK = /[。!?！？]/u;
const GROUP_BREAK = /[;；。!?！？]/u;

const LEAD_FILLER =
  /^(?:[、“”"《》()\s]|其中|并且|并|以及|和|及|与|同时|另外|另|此外|严格|认真|切实|积极|大力|全力|着力|持续|继续|全年共|总计|合计|共计|共|还|均|都|先后|相继|分别|按照|确保|力争|争取|努力|计划|拟|预计|要|将|把|使|让|实现|进一步)+/u;
const TRAIL_FILLER =
  /(?:[、“”"\s(]|达到|达|为|至|到|提升至|提高到|提高至|提升到|增加到|增长到|保持在|稳定在|控制在|不低于|不少于|不超过|超过|突破|约|共计|共|计|累计|有|了|的|是|近|逾)+$/u;

function trimIndicator(s: string): string {
  let t = s
    .replace(/\d{1,2}月\d{1,2}日/gu, "")
    .replace(/(?:由|从)\s*(?:(?:19|20)\d{2}\s*年(?:底|末)?的?)?\s*$/u, "")
    .trim();
  for (let k = 0; k < 3; k++) t = t.replace(LEAD_FILLER, "").replace(TRAIL_FILLER, "");
  return t.replace(/了/gu, "").trim();
}

/** Drop an example list "在A镇B小学等" / "C校等" before a count: keep only the verb before it. */
function dropExamples(pre: string): string {
  const k = pre.lastIndexOf("等");
  if (k < 0 || k !== pre.length - 1) return pre;
  const head = pre.slice(0, k);
  if (/^(?:在|对|为|给|向|将|把|从|由)/u.test(head)) return "";
  return head
    .replace(/了/gu, "")
    .replace(/\d{4}年/gu, "")
    .slice(0, 4);
}

function isExcluded(text: string, start: number, numStr: string, unit: string, end: number, clause: string): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const prev = before.slice(-1);
  const next = text[end] ?? "";
  if (/第\s*$/u.test(before) || prev === "前") return true; // ordinal, rank
  if (prev === "+" || next === "+" || /[A-Za-z0-9.]/u.test(prev)) return true; // "1+X", codes
  if (/[A-Za-z]/u.test(next) && unit !== "%") return true;
  if (/^\s*[—\-~～]\s*\d/u.test(text.slice(end))) return true; // lower bound "80%—90%": emitted with the upper one
  if (unit === "周" && next === "年") return true; // 60周年: an anniversary
  const isCn = !/\d/u.test(numStr);
  if (isCn) {
    if (!CN_UNITS.has(unit)) return true;
    if (/[零〇一二两三四五六七八九十百千万第]/u.test(prev)) return true;
    if (!CN_LEAD.test(text.slice(Math.max(0, start - 6), start))) return true;
    if (/[“"]\s*$/u.test(before) || /^[”"]/u.test(next)) return true; // a name in quotes
    if (new RegExp(`^[\\u4e00-\\u9fff]${CN_NUMERAL}`, "u").test(text.slice(end))) return true; // 一校一案
    if (
      /^(?:重点|任务|工程|行动|体系|提升|举措|原则|目标|机制|要求|制度|措施|工作|活动|建设|理念|方面|环节|领域|大事|作用|转变|结合)/u.test(
        text.slice(end),
      )
    )
      return true; // 四项重点
    return false;
  }
  if (unit === "年") return !/年限/u.test(clause) || /^(?:19|20)\d\d$/u.test(numStr);
  if (unit === "万") return /[\u4e00-\u9fff]/u.test(next) && !/^万[元人]/u.test(next);
  if (unit === "分") return !/(?:平均分|总分|得分|分数|成绩)/u.test(clause);
  if (["月", "日"].includes(next) || (/^(?:19|20)\d\d$/u.test(numStr) && unit !== "%" && unit !== "万元"))
    return /^(?:19|20)\d\d$/u.test(numStr) && ["年", "届", "级"].includes(unit);
  return false;
}

const CHANGE_RE =
  /(?:较|比|同比|环比|相比)[^,，;；。]{0,12}?(?:提高|提升|增长|增加|下降|降低|减少|上升|扩大|缩小)了?\s*$|(?:提高|提升|增长|增加|下降|降低|减少|上升)了\s*$/u;
const BASELINE_RE = /(?:从|由)\s*(?:(?:19|20)\d{2}\s*年(?:底|末)?(?:的)?)?\s*$/u;
const RISE_TO = /(?:从|由)[^,，;；]{0,40}?(?:提高|增加|提升|增长|下降|降低|减少|扩大|缩小)(?:到|至)\s*$/u;
const TARGET_MOOD = /(?:规划|计划)(?=投|建|新|改|总|用|完成|实施|安排|面积|资金)|拟|力争|预计|争取/u;
const PAST_RE = /已建|已有|已经|已|现有|目前|建立的|建成的|原有|累计建成/u;
const PERIODIC = /每(?:天|日|周|月|年|学期|学年)/u;
const YEAR_IN = /(\d{4})\s*年(?!\d{1,2}[—\-~～至])/gu;
const YEAR_RANGE = /(\d{4})\s*[—\-~～至到]\s*(\d{4})\s*年/u;
const DEADLINE_RE =
  /(\d{1,2}月(?:底|末|中旬|上旬|下旬|\d{1,2}日)?前|(?:\d{4}年)?(?:年底|年末|底)前|\d{4}年\d{1,2}月(?:底|末)?前)/u;

function lastYear(s: string): { year: number | null; explicit: boolean } {
  const t = s.replace(/《[^》]*》/gu, "");
  const range = [...t.matchAll(new RegExp(YEAR_RANGE, "gu"))].pop();
  const single = [...t.matchAll(YEAR_IN)].pop();
  if (range && (!single || range.index! + range[0].length >= single.index! + single[0].length))
    return { year: null, explicit: true };
  if (single) return { year: Number(single[1]), explicit: true };
  return { year: null, explicit: false };
}

/**
 * The year a quantity refers to: a year in its own clause, or a clause of the sentence that is only
 * a time ("2020年,", "力争到2024年底,") and so sets the time for the clauses after it.
 */
function yearOf(clauseBefore: string, sentenceBefore: string): { year: number | null; explicit: boolean } {
  // "由2023年的54.1%提高到57.3%": the year belongs to the baseline, not to the new figure.
  if (RISE_TO.test(clauseBefore)) return { year: null, explicit: false };
  const own = lastYear(clauseBefore);
  if (own.explicit) return own;
  const opening = /^\s*(?:(?:19|20)\d{2}\s*[—\-~～至到]\s*)?(?:19|20)\d{2}\s*年/u.exec(sentenceBefore);
  if (opening) return lastYear(opening[0]);
  const clauses = sentenceBefore.split(/[,，;；:：]/u);
  clauses.pop();
  for (let k = clauses.length - 1; k >= 0; k--) {
    const c = clauses[k]!;
    const y = lastYear(c);
    if (
      y.explicit &&
      c
        .replace(
          /(?:19|20)\d{2}\s*(?:[—\-~～至到]\s*(?:19|20)\d{2}\s*)?年(?:度|底|末|初|上半年|下半年|\d{1,2}月(?:底|末|\d{1,2}日)?)?/gu,
          "",
        )
        .replace(/[^\d]/gu, "") === "" &&
      c.length <= 16
    )
      return y;
  }
  return { year: null, explicit: false };
}

/** All quantities in one paragraph, in reading order. */
export function findQuantities(text: string, ctx: QuantityContext): FoundQuantity[] {
  const out: FoundQuantity[] = [];
  if (!isProse(text)) return out;
  const breaks = new Breaks(text);
  const defaultYear = ctx.years.length ? ctx.years[ctx.years.length - 1]! : null;
  const accepted: { m: RegExpMatchArray; start: number; end: number }[] = [];
  for (const m of text.matchAll(QTY_RE)) {
    const start = m.index! + (m[1]?.length ?? 0);
    const end = m.index! + m[0].length;
    const clause = text.slice(breaks.last(start, CLAUSE_BREAK), breaks.next(end, CLAUSE_BREAK));
    if (isExcluded(text, start, m[2]!, m[4]!, end, clause)) continue;
    accepted.push({ m, start, end });
  }
  // What earlier quantities of the same sentence were about, for "、云机房2间", "占全省10%", "总投资316万元".
  let prev: { end: number; core: string; noun: string; ratio: boolean } | null = null;
  let subject = "";
  accepted.forEach(({ m, start, end }, idx) => {
    const numStr = m[2]!;
    const unitBase = m[4]!;
    const unit = m[0]
      .slice(m[0].indexOf(unitBase, (m[1]?.length ?? 0) + numStr.length))
      .replace(/(以上|左右|以内|以下|余)$/u, "")
      .trim();
    const value = /\d/u.test(numStr) ? arabicToNumber(numStr) : chineseToNumber(numStr);
    if (value === null || !Number.isFinite(value)) return;
    const sentStart = breaks.last(start, SENTENCE_BREAK);
    if (prev && prev.end <= sentStart) {
      prev = null;
      subject = "";
    }
    const ownClauseStart = breaks.last(start, CLAUSE_BREAK);
    const clauseStart = Math.max(ownClauseStart, prev?.end ?? 0);
    const nextStart = accepted[idx + 1]?.start ?? text.length;
    const clauseEnd = Math.min(breaks.next(end, CLAUSE_BREAK), nextStart);
    const range = /\d/u.test(numStr) ? RANGE_LOW.exec(text.slice(Math.max(clauseStart, start - 16), start)) : null;
    const preRaw = text.slice(clauseStart, m.index! - (range?.[0].length ?? 0));
    const post = text.slice(end, clauseEnd);
    let noun = "";
    if (CLASSIFIERS.has(unitBase) && /^[\u4e00-\u9fff“"《(]/u.test(post)) noun = post;
    else if (/^的[\u4e00-\u9fff“"《]/u.test(post)) noun = post.slice(1);
    // "38个A和20个B": the noun ends before the conjunction that leads to the next count.
    if (noun && clauseEnd === nextStart) noun = noun.replace(/(?:和|与|及|以及|、)$/u, "");
    const consumed = noun ? noun.length + (post.startsWith("的") ? 1 : 0) : 0;
    noun = trimIndicator(noun);

    const preTrimmed = trimIndicator(preRaw);
    const core = trimIndicator(dropExamples(preTrimmed));
    // A bare share or rate ("占全省", "上线率") says of what only through the quantity before it.
    const ratio = /^(?:占|全[省市县区国])/u.test(core) || (core.length <= 4 && /(?:率|比|比例)$/u.test(core));
    let indicator = core + noun;
    if (indicator.length <= 3 || ratio || /^(?:获得?|荣获|取得)/u.test(core) || (prev && preTrimmed === "")) {
      const between = prev ? text.slice(prev.end, clauseStart) : "";
      const adjacent = !!prev && preRaw.trim() === "" && between === "";
      const listed = !!prev && (preTrimmed === "" || /^[、\s]*$/u.test(between));
      const groupStart = breaks.last(start, GROUP_BREAK);
      if (prev && ratio) {
        indicator = prev.core + (prev.ratio && /^全/u.test(core) ? "占" : "") + indicator;
      } else if (prev && adjacent) {
        indicator = noun ? prev.noun + noun : prev.core + prev.noun;
      } else if (prev && listed) {
        indicator = prev.core + indicator;
      } else {
        const topic =
          topicOf(text.slice(groupStart, ownClauseStart)) ||
          (groupStart > sentStart && prev && prev.end > groupStart ? subject : "") ||
          (prev && prev.end > groupStart ? subject : "") ||
          topicOf(text.slice(sentStart, ownClauseStart)) ||
          prev?.core ||
          "";
        indicator = topic + indicator;
      }
    }
    if (!indicator) indicator = trimIndicator(post) || core;
    if (!subject || breaks.last(start, GROUP_BREAK) >= (prev?.end ?? 0)) subject = indicator;
    const isRatio = /^占/u.test(core);
    prev = {
      end: end + consumed,
      core: ratio && prev ? prev.core : core || prev?.core || "",
      noun: ratio && prev ? prev.noun : noun,
      ratio: isRatio || (ratio && !!prev?.ratio),
    };

    const sentenceBefore = text.slice(sentStart, start);
    const clauseBefore = text.slice(breaks.last(start, CLAUSE_BREAK), start);
    const groupBefore = text.slice(breaks.last(start, GROUP_BREAK), start);
    const { year: explicitYear, explicit } = yearOf(clauseBefore, sentenceBefore);
    const kind = kindOf(unitBase, clauseBefore, groupBefore, ctx, explicitYear);
    let year: number | null;
    if (explicit) year = explicitYear;
    else if (PERIODIC.test(clauseBefore)) year = null;
    else if (kind === "actual" && ctx.mode === "plan") year = null;
    else year = defaultYear;

    const deadline = DEADLINE_RE.exec(text.slice(clauseStart, start))?.[1] ?? null;
    // "10—15所", "80%—90%": a range gives its lower and upper bound as two quantities.
    if (range) {
      const lowStart = start - range[0].length;
      out.push({
        start: lowStart,
        end,
        text: text.slice(Math.max(clauseStart, lowStart - 16), end),
        indicator,
        value: Number(range[1]),
        unit,
        qualifier: null,
        year,
        kind,
        deadline,
      });
    }
    const found: FoundQuantity = {
      start: m.index!,
      end,
      text: text
        .slice(Math.max(clauseStart, start - 24), end + consumed)
        .replace(/^[,，、;；\s]+/u, "")
        .trim(),
      indicator,
      value,
      unit,
      qualifier: [m[1], m[3], m[5]].filter(Boolean).join("") || null,
      year,
      kind,
      deadline,
    };
    // "配备率、达标率、安装率均达到100%": one figure shared by several rates is one quantity each.
    const shared = /^(.+?[率比例])((?:、[^、]+?[率比例])+)(?:均|都|全部)$/u.exec(indicator);
    if (shared)
      for (const name of [shared[1]!, ...shared[2]!.split("、").filter(Boolean)])
        out.push({ ...found, indicator: name });
    else out.push(found);
  });
  return out;
}

function kindOf(
  unit: string,
  clauseBefore: string,
  groupBefore: string,
  ctx: QuantityContext,
  year: number | null,
): QuantityKind {
  if (unit === "个百分点" || unit === "百分点" || CHANGE_RE.test(clauseBefore)) return "change";
  if (BASELINE_RE.test(clauseBefore)) return "baseline";
  if (ctx.mode === "summary") return TARGET_MOOD.test(groupBefore) ? "target" : "actual";
  if (PAST_RE.test(clauseBefore)) return "actual";
  if (year !== null && ctx.years.length && year < ctx.years[0]!) return "actual";
  return "target";
}

/** The subject of a sentence: its first clause without a number, minus leading verbs of reporting. */
function topicOf(before: string): string {
  const clauses = before
    .split(/[,，;；:：]/u)
    .map((c) => c.trim())
    .filter(Boolean);
  const first =
    [...clauses]
      .reverse()
      .map((c) => c.replace(/(?:19|20)\d{2}\s*年(?:度)?/gu, ""))
      .find((c) => !/\d/u.test(c)) ?? "";
  return trimIndicator(first.replace(/^(?:参加了?|组织了?|开展了?|举办了?|承办了?|在)/u, ""));
}

/** A long paragraph with hardly any hanzi is data or debris (a table dump, a number run), not plan text. */
function isProse(text: string): boolean {
  if (text.length < 2000) return true;
  const hanzi = text.slice(0, 4000).match(/[\u4e00-\u9fff]/gu)?.length ?? 0;
  return hanzi / Math.min(text.length, 4000) >= 0.2;
}

/** Clauses and sentences longer than this are not prose: look no further. */
const MAX_SCAN = 200;

/**
 * Where the clause, ;-group and sentence around each offset start and end, computed once per
 * paragraph so that every lookup is O(1) however many quantities a paragraph holds.
 */
class Breaks {
  private readonly before = new Map<RegExp, Int32Array>();
  private readonly after = new Map<RegExp, Int32Array>();
  constructor(private readonly text: string) {}

  private table(re: RegExp, forward: boolean): Int32Array {
    const cache = forward ? this.after : this.before;
    let t = cache.get(re);
    if (t) return t;
    const n = this.text.length;
    t = new Int32Array(n + 1);
    if (forward) {
      t[n] = n;
      for (let i = n - 1; i >= 0; i--) t[i] = re.test(this.text[i]!) ? i : t[i + 1]!;
    } else {
      t[0] = 0;
      for (let i = 1; i <= n; i++) t[i] = re.test(this.text[i - 1]!) ? i : t[i - 1]!;
    }
    cache.set(re, t);
    return t;
  }

  /** Start of the span ending at `at`: just after the last break before it (at most MAX_SCAN back). */
  last(at: number, re: RegExp): number {
    return Math.max(this.table(re, false)[at]!, at - MAX_SCAN, 0);
  }

  /** The next break at or after `at` (at most MAX_SCAN ahead). */
  next(at: number, re: RegExp): number {
    return Math.min(this.table(re, true)[at]!, at + MAX_SCAN, this.text.length);
  }
}
