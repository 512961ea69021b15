// The status rule (亮灯: 绿 on schedule, 黄 approaching or slipping, 红 late or lagging), a pure function
// of a task, its milestones, the time and the thresholds. Documented with its table in docs/supervision.md;
// the sweep, the transitions and the task page all call this one function.
import type { Cadence, StatusColor, TaskState } from "../../../common/schemas/supervision.ts";
import { REASON_SEPARATOR, reasonZh } from "../../../common/status-reasons.ts";
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
export const COLOR_NAMES: Record<StatusColor, string> = { green: "绿灯", yellow: "黄灯", red: "红灯", grey: "灰色" };

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
  if (task.state === "draft") return grey(reasonZh.draft());
  if (task.state === "closed") return grey(reasonZh.closed());

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
      red.push(reasonZh.overdue(task.deadline, -left));
    } else if (left <= config.DUE_SOON_DAYS && !waiting)
      yellow.push(left === 0 ? reasonZh.dueToday() : reasonZh.dueIn(left));
  }

  // a quantified target still unmet near its deadline: yellow inside the due-soon window, red from the day itself
  if (task.deadline && !waiting)
    for (const t of task.unmetTargets ?? []) {
      const left = daysBetween(asOf, task.deadline);
      if (left <= 0) red.push(reasonZh.targetUnmet(t, left === 0 ? reasonZh.dueToday() : undefined));
      else if (left <= config.DUE_SOON_DAYS) yellow.push(reasonZh.targetUnmet(t, reasonZh.dueIn(left)));
    }

  for (const m of milestones) {
    if (m.reachedAt) continue;
    const left = daysBetween(asOf, m.dueOn);
    if (left < 0) red.push(reasonZh.milestoneOverdue(m.title, -left));
    else if (left <= config.DUE_SOON_DAYS && !waiting) yellow.push(reasonZh.milestoneDue(m.title, left));
  }

  const due = waiting ? null : reportDueOn(task);
  const period = CADENCE_DAYS[task.cadence];
  if (due && period) {
    const late = daysBetween(due, today);
    const since = late + period;
    if (since > 2 * period) red.push(reasonZh.noReport(since, task.cadence));
    else if (late > 0) yellow.push(reasonZh.reportLate(late, task.cadence));
  }

  if (!waiting && task.assignedAt && task.deadline) {
    const start = day(task.assignedAt);
    const span = daysBetween(start, task.deadline);
    if (span > 0) {
      const elapsed = Math.round((Math.min(Math.max(daysBetween(start, today), 0), span) / span) * 100);
      if (elapsed - task.progress > config.BEHIND_POINTS) yellow.push(reasonZh.behind(task.progress, elapsed));
    }
  }

  const computed: { color: StatusColor; reasons: string[] } = red.length
    ? { color: "red", reasons: red }
    : yellow.length
      ? { color: "yellow", reasons: yellow }
      : { color: "green", reasons: [waiting ? reasonZh.awaitingReview() : reasonZh.onTrack()] };
  const base = {
    computed: { color: computed.color, reason: computed.reasons.join(REASON_SEPARATOR) },
    daysOverdue,
    reportDueOn: due,
  };
  if (task.statusOverride) {
    const reason = reasonZh.manual(task.statusOverrideNote);
    return { color: task.statusOverride, reason, reasons: [reason], overridden: true, ...base };
  }
  return { color: computed.color, reason: base.computed.reason, reasons: computed.reasons, overridden: false, ...base };
}
