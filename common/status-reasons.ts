// The reasons the status rule gives for a colour (亮灯理由), in one place: the server writes them in Chinese
// (server/modules/supervision/status.ts, stored in tasks.status_reason and shown on every board), and the
// web app's English mode reads them back into English with the same patterns. A reason the patterns do not
// know (an older wording) is shown as stored.
import type { Cadence } from "./schemas/supervision.ts";

export const CADENCE_NAMES: Record<Cadence, string> = {
  weekly: "每周",
  monthly: "每月",
  quarterly: "每季度",
  adhoc: "不定期",
};

/** Reasons are joined with this on the boards. */
export const REASON_SEPARATOR = "；";

const fmtNum = (x: number) => String(Math.round(x * 10) / 10);

/** The Chinese sentences. */
export const reasonZh = {
  draft: () => "未交办",
  closed: () => "已办结",
  overdue: (deadline: string, days: number) => `已超过完成时限（${deadline}）${days} 天`,
  dueToday: () => "今天到期",
  dueIn: (days: number) => `距完成时限还有 ${days} 天`,
  /** A linked target not met yet; `when` is dueToday() or dueIn(n) when the deadline is near. */
  targetUnmet: (t: { label: string; achieved: number; target: number; unit: string }, when?: string) =>
    `指标「${t.label}」未达标（实际 ${fmtNum(t.achieved)}${t.unit}，目标 ${fmtNum(t.target)}${t.unit}）` +
    (when ? `，${when}` : ""),
  milestoneOverdue: (title: string, days: number) => `节点「${title}」已逾期 ${days} 天`,
  milestoneDue: (title: string, days: number) => `节点「${title}」${days === 0 ? "今天到期" : `还有 ${days} 天到期`}`,
  noReport: (days: number, cadence: Cadence) => `已 ${days} 天未报送进展（${CADENCE_NAMES[cadence]}报送）`,
  reportLate: (days: number, cadence: Cadence) => `进展报告逾期 ${days} 天（${CADENCE_NAMES[cadence]}报送）`,
  behind: (progress: number, elapsed: number) => `进度 ${progress}%，落后于时间进度 ${elapsed}%`,
  awaitingReview: () => "已申请办结，待审核",
  onTrack: () => "按计划推进",
  manual: (note: string | null | undefined) => (note ? `人工调整：${note}` : "人工调整"),
};

const CADENCE_EN: Record<string, string> = {
  每周: "weekly",
  每月: "monthly",
  每季度: "quarterly",
  不定期: "ad hoc",
};

const days = (n: string) => (n === "1" ? "1 day" : `${n} days`);

const whenEn = (when: string | undefined): string => {
  if (!when) return "";
  if (when === "今天到期") return ", due today";
  const m = /^距完成时限还有 (\d+) 天$/u.exec(when);
  return m ? `, ${days(m[1]!)} to the deadline` : `, ${when}`;
};

/** One reason's pattern and its English. */
const PATTERNS: [RegExp, (m: RegExpExecArray) => string][] = [
  [/^未交办$/u, () => "not dispatched"],
  [/^已办结$/u, () => "closed"],
  [/^已超过完成时限（(\d{4}-\d{2}-\d{2})）(\d+) 天$/u, (m) => `${days(m[2]!)} past the deadline (${m[1]})`],
  [/^今天到期$/u, () => "due today"],
  [/^距完成时限还有 (\d+) 天$/u, (m) => `${days(m[1]!)} to the deadline`],
  [
    /^指标「(.+)」未达标（实际 (-?[\d.]+)(.*?)，目标 (-?[\d.]+)\3）(?:，(.+))?$/u,
    (m) =>
      `target "${m[1]}" not met (actual ${m[2]}${m[3]}, target ${m[4]}${m[3]})` + whenEn(m[5] as string | undefined),
  ],
  [/^节点「(.+)」已逾期 (\d+) 天$/u, (m) => `milestone "${m[1]}" ${days(m[2]!)} overdue`],
  [/^节点「(.+)」今天到期$/u, (m) => `milestone "${m[1]}" due today`],
  [/^节点「(.+)」还有 (\d+) 天到期$/u, (m) => `milestone "${m[1]}" due in ${days(m[2]!)}`],
  [
    /^已 (\d+) 天未报送进展（(.+)报送）$/u,
    (m) => `no progress report for ${days(m[1]!)} (reports ${CADENCE_EN[m[2]!] ?? m[2]})`,
  ],
  [
    /^进展报告逾期 (\d+) 天（(.+)报送）$/u,
    (m) => `progress report ${days(m[1]!)} late (reports ${CADENCE_EN[m[2]!] ?? m[2]})`,
  ],
  [/^进度 (\d+)%，落后于时间进度 (\d+)%$/u, (m) => `progress ${m[1]}%, behind the time elapsed (${m[2]}%)`],
  [/^已申请办结，待审核$/u, () => "completion requested, awaiting review"],
  [/^按计划推进$/u, () => "on schedule"],
];

function oneInEnglish(reason: string): string {
  for (const [re, en] of PATTERNS) {
    const m = re.exec(reason);
    if (m) return en(m);
  }
  return reason;
}

/** A stored reason (one or several joined by "；") in English; unknown parts as stored. */
export function reasonInEnglish(reason: string): string {
  // a manual override's note is the person's own words, kept whole
  const manual = /^人工调整(?:：([\s\S]*))?$/u.exec(reason);
  if (manual) return manual[1] ? `set by hand: ${manual[1]}` : "set by hand";
  return splitReasons(reason).map(oneInEnglish).join("; ");
}

/** Split on "；" outside the quoted names (a milestone may be called 「完成选址；开工」). */
function splitReasons(reason: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < reason.length; i++) {
    const c = reason[i];
    if (c === "「") depth++;
    else if (c === "」") depth = Math.max(0, depth - 1);
    else if (c === REASON_SEPARATOR && depth === 0) {
      parts.push(reason.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(reason.slice(start));
  return parts;
}
