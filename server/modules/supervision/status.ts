// The status rule (亮灯: 绿 on schedule, 黄 approaching or slipping, 红 late or lagging), a pure function
// of a task, its milestones, the time and the thresholds. Documented with its table in docs/supervision.md;
// the sweep, the transitions and the task page all call this one function.
import type { Cadence, StatusColor, TaskState } from "../../../common/schemas/supervision.ts";
import { cstDate, daysBetween } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";

export interface StatusTask {
  state: TaskState;
  /** Completion deadline, YYYY-MM-DD (the last day it allows). */
  deadline: string | null;
  cadence: Cadence;
  progress: number;
  /** When the task was dispatched (交办); the start of the cadence and of elapsed time. */
  assignedAt: Date | string | null;
  lastReportAt: Date | string | null;
  statusOverride?: "green" | "yellow" | "red" | null;
  statusOverrideNote?: string | null;
  /** Linked indicator targets the achieved value does not meet yet (indicators module, confirmed links). */
  unmetTargets?: UnmetTarget[] | undefined;
}

export interface UnmetTarget {
  label: string;
  achieved: number;
  target: number;
  unit: string;
}

export interface StatusMilestone {
  title: string;
  dueOn: string;
  reachedAt: Date | string | null;
}

export type StatusConfig = Pick<Config, "DUE_SOON_DAYS" | "BEHIND_POINTS">;

export interface Status {
  color: StatusColor;
  /** Why, in Chinese, for the task page and the board: the reasons of the winning colour joined by "；". */
  reason: string;
  reasons: string[];
  /** A manual override (人工调整) decided the colour; `computed` is what the rule says. */
  overridden: boolean;
  computed: { color: StatusColor; reason: string };
  /** Whole days past the deadline (0 when not late), as of today or, for a completion request, its day. */
  daysOverdue: number;
  /** The day the next progress report is due by the cadence, or null (ad hoc, not running). */
  reportDueOn: string | null;
}

/** Days in one reporting period (汇报频次). Ad hoc tasks have no cadence rule. */
export const CADENCE_DAYS: Record<Cadence, number | null> = { weekly: 7, monthly: 30, quarterly: 90, adhoc: null };
export const CADENCE_NAMES: Record<Cadence, string> = {
  weekly: "每周",
  monthly: "每月",
  quarterly: "每季度",
  adhoc: "不定期",
};
export const COLOR_NAMES: Record<StatusColor, string> = { green: "绿灯", yellow: "黄灯", red: "红灯", grey: "灰色" };

const fmtNum = (x: number) => String(Math.round(x * 10) / 10);
const day = (d: Date | string) => cstDate(typeof d === "string" ? new Date(d) : d);
const addDays = (date: string, n: number) => cstDate(new Date(Date.parse(`${date}T00:00:00+08:00`) + n * 86_400_000));

/** The day the next report is due: the last report (or the dispatch) plus one period. */
export function reportDueOn(task: Pick<StatusTask, "cadence" | "assignedAt" | "lastReportAt">): string | null {
  const period = CADENCE_DAYS[task.cadence];
  const since = task.lastReportAt ?? task.assignedAt;
  return period && since ? addDays(day(since), period) : null;
}

export function statusOf(task: StatusTask, milestones: StatusMilestone[], now: Date, config: StatusConfig): Status {
  const grey = (reason: string): Status => ({
    color: "grey",
    reason,
    reasons: [reason],
    overridden: false,
    computed: { color: "grey", reason },
    daysOverdue: 0,
    reportDueOn: null,
  });
  if (task.state === "draft") return grey("未交办");
  if (task.state === "closed") return grey("已办结");

  const today = cstDate(now);
  // A completion request stops the clock: only lateness counts, judged on the day the request was made.
  const waiting = task.state === "completion_requested";
  const asOf = waiting && task.lastReportAt && day(task.lastReportAt) < today ? day(task.lastReportAt) : today;
  const red: string[] = [];
  const yellow: string[] = [];

  let daysOverdue = 0;
  if (task.deadline) {
    const left = daysBetween(asOf, task.deadline);
    if (left < 0) {
      daysOverdue = -left;
      red.push(`已超过完成时限（${task.deadline}）${-left} 天`);
    } else if (left <= config.DUE_SOON_DAYS && !waiting)
      yellow.push(left === 0 ? "今天到期" : `距完成时限还有 ${left} 天`);
  }

  // a quantified target still unmet near its deadline: yellow inside the due-soon window, red from the day itself
  if (task.deadline && !waiting)
    for (const t of task.unmetTargets ?? []) {
      const left = daysBetween(asOf, task.deadline);
      const text = `指标「${t.label}」未达标（实际 ${fmtNum(t.achieved)}${t.unit}，目标 ${fmtNum(t.target)}${t.unit}）`;
      if (left <= 0) red.push(left === 0 ? `${text}，今天到期` : text);
      else if (left <= config.DUE_SOON_DAYS) yellow.push(`${text}，距完成时限还有 ${left} 天`);
    }

  for (const m of milestones) {
    if (m.reachedAt) continue;
    const left = daysBetween(asOf, m.dueOn);
    if (left < 0) red.push(`节点「${m.title}」已逾期 ${-left} 天`);
    else if (left <= config.DUE_SOON_DAYS && !waiting)
      yellow.push(`节点「${m.title}」${left === 0 ? "今天到期" : `还有 ${left} 天到期`}`);
  }

  const due = waiting ? null : reportDueOn(task);
  const period = CADENCE_DAYS[task.cadence];
  if (due && period) {
    const late = daysBetween(due, today);
    const since = late + period;
    if (since > 2 * period) red.push(`已 ${since} 天未报送进展（${CADENCE_NAMES[task.cadence]}报送）`);
    else if (late > 0) yellow.push(`进展报告逾期 ${late} 天（${CADENCE_NAMES[task.cadence]}报送）`);
  }

  if (!waiting && task.assignedAt && task.deadline) {
    const start = day(task.assignedAt);
    const span = daysBetween(start, task.deadline);
    if (span > 0) {
      const elapsed = Math.round((Math.min(Math.max(daysBetween(start, today), 0), span) / span) * 100);
      if (elapsed - task.progress > config.BEHIND_POINTS)
        yellow.push(`进度 ${task.progress}%，落后于时间进度 ${elapsed}%`);
    }
  }

  const computed: { color: StatusColor; reasons: string[] } = red.length
    ? { color: "red", reasons: red }
    : yellow.length
      ? { color: "yellow", reasons: yellow }
      : { color: "green", reasons: [waiting ? "已申请办结，待审核" : "按计划推进"] };
  const base = {
    computed: { color: computed.color, reason: computed.reasons.join("；") },
    daysOverdue,
    reportDueOn: due,
  };
  if (task.statusOverride) {
    const reason = `人工调整：${task.statusOverrideNote ?? ""}`.replace(/：$/u, "");
    return { color: task.statusOverride, reason, reasons: [reason], overridden: true, ...base };
  }
  return { color: computed.color, reason: base.computed.reason, reasons: computed.reasons, overridden: false, ...base };
}
