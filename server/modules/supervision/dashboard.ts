// GET /api/supervision/dashboard: the year at a glance for the tasks the actor sees (of one plan, or of all
// plans): KPI figures, status and completion by domain (a plan's top-level sections) and by lead unit (the
// roll-up rule of rollup.ts), the overdue trend (tasks past their deadline and still open, day by day,
// rebuilt from each task's first dispatch in the audit trail and its closing time), and every quantified
// target with its achieved figure.
import type { Actor } from "../../platform/actor.ts";
import { cstDate, daysBetween } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { canSeeTask } from "../plans/index.ts";
import { dashboardTargets, dashboardTasks, type DashboardTaskRow } from "./queries/dashboard.ts";
import { rollup, rollupInput, ROLLUP_RULE } from "./rollup.ts";

/** Most points of the overdue trend; the step between them grows with the span. */
export const TREND_POINTS = 26;

export const DASHBOARD_RULES = {
  rollup: ROLLUP_RULE,
  trend:
    "逾期趋势：每个时间点上，已交办（以首次交办时间计）、尚未办结且已超过完成时限的任务数；" +
    "时间跨度为首次交办至今日，最多 26 个点。",
  targets: "目标达成：量化目标的已达成值 ÷ 目标值；已达成值不小于目标值为达标，尚未填报为未填报。",
  onTime: "按期办结率 = 在完成时限当天或之前办结的任务数 ÷ 应办结任务数（已办结，或已过完成时限的在办任务）。",
};

const addDays = (d: string, n: number) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

export function overdueTrend(
  tasks: Pick<DashboardTaskRow, "dispatchedAt" | "closedAt" | "deadline">[],
  today: string,
  maxPoints = TREND_POINTS,
) {
  const live = tasks
    .filter((t) => t.dispatchedAt !== null)
    .map((t) => ({
      from: cstDate(new Date(t.dispatchedAt!)),
      closedOn: t.closedAt ? cstDate(new Date(t.closedAt)) : null,
      deadline: t.deadline,
    }));
  if (!live.length) return [];
  const start = live.reduce((m, t) => (t.from < m ? t.from : m), today);
  const span = Math.max(0, daysBetween(start, today));
  const step = Math.max(1, Math.ceil(span / (maxPoints - 1)));
  const dates: string[] = [];
  for (let d = today; d >= start || dates.length === 0; d = addDays(d, -step)) dates.unshift(d);
  if (dates[0]! > start && dates.length < maxPoints) dates.unshift(start);
  return dates.map((date) => {
    let open = 0;
    let overdue = 0;
    let closed = 0;
    for (const t of live) {
      if (t.from > date) continue;
      if (t.closedOn !== null && t.closedOn <= date) {
        closed++;
        continue;
      }
      open++;
      if (t.deadline !== null && t.deadline < date) overdue++;
    }
    return { date, open, overdue, closed };
  });
}

export async function dashboard(actor: Actor, q: { planId?: number | undefined }, deps: Deps) {
  const { db } = deps.database;
  const today = cstDate(deps.clock.now());
  const rows = await dashboardTasks(db, q.planId ?? null);
  const tasks = rows.filter((r) => r.kind === "task" && canSeeTask(actor, r));
  const sections = rows.filter((r) => r.kind === "section");
  const result = rollup(rollupInput([...sections, ...tasks]));
  const sectionById = new Map(sections.map((s) => [s.id, s]));
  const unitType = new Map(tasks.map((t) => [t.leadUnitId, t.leadUnitType]));

  const bySection = result.sections
    .filter((s) => s.id !== null && sectionById.get(s.id)?.parentId === null && s.total + s.draft > 0)
    .map((s) => {
      const row = sectionById.get(s.id!)!;
      return {
        id: s.id!,
        planId: row.planId,
        planTitle: row.planTitle,
        num: s.num ?? null,
        marker: s.marker ?? null,
        title: s.title,
        total: s.total,
        draft: s.draft,
        closed: s.closed,
        red: s.red,
        yellow: s.yellow,
        green: s.green,
        completion: s.completion,
        color: s.color,
      };
    });
  const byDepartment = result.departments.map((d) => ({
    unitId: d.id,
    name: d.title,
    type: unitType.get(d.id) ?? null,
    total: d.total,
    draft: d.draft,
    closed: d.closed,
    red: d.red,
    yellow: d.yellow,
    green: d.green,
    completion: d.completion,
    color: d.color,
  }));

  const titles = new Map(tasks.map((t) => [t.id, t]));
  const targets = (
    await dashboardTargets(
      db,
      tasks.map((t) => t.id),
    )
  ).map((x) => ({
    id: x.id,
    taskId: x.taskId,
    taskTitle: titles.get(x.taskId)?.title ?? "",
    taskNum: titles.get(x.taskId)?.num ?? null,
    taskMarker: titles.get(x.taskId)?.marker ?? null,
    indicator: x.indicator,
    value: x.value,
    unit: x.unit,
    year: x.year,
    achieved: x.achieved,
    /** achieved ÷ target in %, one decimal; null when not reported or the target is 0. */
    rate: x.achieved === null || x.value === 0 ? null : Math.round((x.achieved / x.value) * 1000) / 10,
    met: x.achieved === null ? null : x.achieved >= x.value,
  }));

  const dispatched = tasks.filter((t) => t.state !== "draft");
  const closed = dispatched.filter((t) => t.state === "closed");
  const open = dispatched.filter((t) => t.state !== "closed");
  const due = dispatched.filter((t) => t.state === "closed" || (t.deadline !== null && t.deadline < today));
  const onTime = closed.filter(
    (t) => t.deadline === null || (t.closedAt !== null && cstDate(new Date(t.closedAt)) <= t.deadline),
  );

  return {
    today,
    planId: q.planId ?? null,
    rules: DASHBOARD_RULES,
    kpi: {
      tasks: tasks.length,
      draft: tasks.length - dispatched.length,
      dispatched: dispatched.length,
      open: open.length,
      closed: closed.length,
      red: open.filter((t) => t.statusColor === "red").length,
      yellow: open.filter((t) => t.statusColor === "yellow").length,
      green: open.filter((t) => t.statusColor === "green").length,
      overdue: open.filter((t) => t.deadline !== null && t.deadline < today).length,
      completion: result.total.completion,
      onTimeRate: due.length ? Math.round((onTime.length / due.length) * 1000) / 10 : null,
      targets: targets.length,
      targetsReported: targets.filter((t) => t.achieved !== null).length,
      targetsMet: targets.filter((t) => t.met === true).length,
    },
    bySection,
    byDepartment,
    targets,
    trend: overdueTrend(dispatched, today),
  };
}
