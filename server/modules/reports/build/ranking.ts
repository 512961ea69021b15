// Pure: the completion counts of a set of tasks and the ranking of lead units by on-time rate, with the
// change since the previous bulletin. The on-time rule is the supervision board's (docs/supervision.md):
// 按期办结率 = tasks closed on or before their deadline ÷ tasks due (closed, or open past their deadline).
import type { Color, Counts, RankEntry } from "../../../../common/schemas/reports.ts";

export const RANKING_RULE =
  "按期办结率 = 在完成时限当天或之前办结的任务数 ÷ 应办结任务数（已办结的任务，以及已过完成时限的在办任务）；" +
  "按办结率从高到低排列，办结率相同的按应办结任务数从多到少排列；与上期比较的名次和百分点变化列于其后。";

export interface RankTask {
  state: string;
  color: Color;
  progress: number;
  deadline: string | null;
  /** Day closed (YYYY-MM-DD, China time), null when open. */
  closedOn: string | null;
  leadUnitId: number | null;
  leadUnitName: string | null;
  leadUnitType: string | null;
}

const pct = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 10 : null);

export function countTasks(tasks: RankTask[], today: string): Counts {
  const live = tasks.filter((t) => t.state !== "draft");
  const closed = live.filter((t) => t.state === "closed");
  const open = live.filter((t) => t.state !== "closed");
  const due = live.filter((t) => t.state === "closed" || (t.deadline !== null && t.deadline < today));
  const onTime = closed.filter((t) => t.deadline === null || (t.closedOn !== null && t.closedOn <= t.deadline));
  return {
    tasks: tasks.length,
    draft: tasks.length - live.length,
    dispatched: live.length,
    closed: closed.length,
    open: open.length,
    red: open.filter((t) => t.color === "red").length,
    yellow: open.filter((t) => t.color === "yellow").length,
    green: open.filter((t) => t.color === "green").length,
    overdue: open.filter((t) => t.deadline !== null && t.deadline < today).length,
    completion: live.length
      ? Math.round(live.reduce((s, t) => s + (t.state === "closed" ? 100 : t.progress), 0) / live.length)
      : 0,
    closedRate: pct(closed.length, live.length),
    onTimeRate: pct(onTime.length, due.length),
  };
}

export interface PreviousRank {
  unitId: number;
  rank: number | null;
  rate: number | null;
}

/** Lead units ranked within their group (departments, schools, others), with the change since `previous`. */
export function rankUnits(tasks: RankTask[], today: string, previous: PreviousRank[] | null) {
  const units = new Map<number, RankEntry>();
  for (const t of tasks) {
    if (t.leadUnitId === null || t.state === "draft") continue;
    const group = t.leadUnitType === "department" ? "department" : t.leadUnitType === "school" ? "school" : "other";
    const u = units.get(t.leadUnitId) ?? {
      unitId: t.leadUnitId,
      unitName: t.leadUnitName ?? `#${t.leadUnitId}`,
      group,
      tasks: 0,
      due: 0,
      onTime: 0,
      rate: null,
      rank: null,
      prevRank: null,
      prevRate: null,
      rankChange: null,
      rateChange: null,
    };
    u.tasks++;
    if (t.state === "closed" || (t.deadline !== null && t.deadline < today)) {
      u.due++;
      if (t.state === "closed" && (t.deadline === null || (t.closedOn !== null && t.closedOn <= t.deadline)))
        u.onTime++;
    }
    units.set(t.leadUnitId, u);
  }
  const prev = new Map((previous ?? []).map((p) => [p.unitId, p]));
  const rankGroup = (group: RankEntry["group"]) =>
    [...units.values()]
      .filter((u) => u.group === group)
      .map((u) => ({ ...u, rate: pct(u.onTime, u.due) }))
      .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.due - a.due || a.unitName.localeCompare(b.unitName, "zh"))
      .map((u, i) => {
        const rank = u.rate === null ? null : i + 1;
        const p = prev.get(u.unitId);
        const prevRank = p?.rank ?? null;
        const prevRate = p?.rate ?? null;
        return {
          ...u,
          rank,
          prevRank,
          prevRate,
          rankChange: rank !== null && prevRank !== null ? prevRank - rank : null,
          rateChange: u.rate !== null && prevRate !== null ? Math.round((u.rate - prevRate) * 10) / 10 : null,
        };
      });
  return { rule: RANKING_RULE, departments: rankGroup("department"), schools: rankGroup("school") };
}
