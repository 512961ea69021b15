// Reading a deadline as people write it in a 台账 cell: "2025年6月底前", "6月30日前", "2025-06-30",
// "年底前", "三季度末", an Excel date. The result is the last day it allows (YYYY-MM-DD); "长期坚持"
// and an empty cell mean no deadline; anything else is unreadable (the row is reported, not guessed).
import { chineseToNumber } from "../../../reader/index.ts";

export type DeadlineResult = { ok: true; date: string | null } | { ok: false };

/** "6" → 6, "十二" → 12, "十" → 10. */
function num(s: string): number {
  return /^\d+$/u.test(s) ? Number(s) : (chineseToNumber(s) ?? NaN);
}

function ymd(y: number, m: number, d: number): string | null {
  if (!(y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return date.toISOString().slice(0, 10);
}

const lastDay = (y: number, m: number) => ymd(y, m, new Date(Date.UTC(y, m, 0)).getUTCDate());

const M = "(\\d{1,2}|十[一二]?|[一二三四五六七八九])";
const Y = "(?:(\\d{4})年)?";
const PATTERNS: { re: RegExp; read: (m: RegExpExecArray, year: number) => string | null }[] = [
  {
    re: /(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})日?/gu,
    read: (m) => ymd(Number(m[1]), Number(m[2]), Number(m[3])),
  },
  {
    re: new RegExp(`${Y}${M}月(\\d{1,2})[日号]`, "gu"),
    read: (m, y) => ymd(m[1] ? Number(m[1]) : y, num(m[2]!), Number(m[3])),
  },
  {
    re: new RegExp(`${Y}${M}月(上旬|中旬|下旬)`, "gu"),
    read: (m, y) => {
      const yy = m[1] ? Number(m[1]) : y;
      const mm = num(m[2]!);
      return m[3] === "上旬" ? ymd(yy, mm, 10) : m[3] === "中旬" ? ymd(yy, mm, 20) : lastDay(yy, mm);
    },
  },
  {
    re: new RegExp(`${Y}${M}月(?:份|底|末)?`, "gu"),
    read: (m, y) => lastDay(m[1] ? Number(m[1]) : y, num(m[2]!)),
  },
  {
    re: /(\d{4})[-/.](\d{1,2})(?![\d])/gu,
    read: (m) => lastDay(Number(m[1]), Number(m[2])),
  },
  {
    re: new RegExp(`(?:(\\d{4})年?)?(上半年|下半年|年底|年末|年内|全年|年度内|第?[一二三四1-4]季度)`, "gu"),
    read: (m, y) => {
      const yy = m[1] ? Number(m[1]) : y;
      const w = m[2]!;
      if (w === "上半年") return ymd(yy, 6, 30);
      const q = /([一二三四1-4])季度/u.exec(w);
      if (q) return lastDay(yy, 3 * (num(q[1]!) || Number(q[1])));
      return ymd(yy, 12, 31);
    },
  },
  { re: /(\d{4})年/gu, read: (m) => ymd(Number(m[1]), 12, 31) },
];

const ONGOING = /^(长期|持续|常态化|经常性|长期坚持|持续推进|常态化推进|长期推进|每年|全年持续)/u;

export function parseDeadline(value: string | number | Date | null | undefined, defaultYear: number): DeadlineResult {
  if (value === null || value === undefined) return { ok: true, date: null };
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? { ok: false } : { ok: true, date: value.toISOString().slice(0, 10) };
  if (typeof value === "number") {
    // an Excel serial day number (1900 date system)
    if (value > 36526 && value < 73051) {
      const d = new Date(Math.round((value - 25569) * 86_400_000));
      return { ok: true, date: d.toISOString().slice(0, 10) };
    }
    return { ok: false };
  }
  let text = value.normalize("NFKC").replace(/\s+/gu, "");
  if (!text) return { ok: true, date: null };
  if (ONGOING.test(text)) return { ok: true, date: null };
  const dates: string[] = [];
  for (const p of PATTERNS) {
    text = text.replace(p.re, (...args) => {
      const m = args.slice(0, -2) as unknown as RegExpExecArray;
      const d = p.read(m, defaultYear);
      dates.push(d ?? "invalid");
      return " ".repeat(String(args[0]).length);
    });
  }
  if (!dates.length || dates.includes("invalid")) return { ok: false };
  return { ok: true, date: dates.sort().at(-1)! };
}
