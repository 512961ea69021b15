// The supervision board (督查督办看板): the red and yellow tasks the actor sees, grouped by lead unit and
// by deputy leader, and the units ranked by on-time rate (按期办结率 = tasks closed on or before their
// deadline ÷ tasks due: closed, or past their deadline).
import type { RankRow } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import { cstDate, daysBetween } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { canSeeTask } from "../plans/index.ts";
import { boardTasks, type BoardTaskRow } from "./queries/board-tasks.ts";

export const RANKING_RULE =
  "按期办结率 = 在完成时限当天或之前办结的任务数 ÷ 应办结任务数（已办结的任务，以及已过完成时限的在办任务）；" +
  "按办结率从高到低排列，办结率相同的按应办结任务数从多到少排列。";

export type { RankRow };

export async function supervisionBoard(actor: Actor, deps: Deps) {
  const today = cstDate(deps.clock.now());
  const rows = (await boardTasks(deps.database.db)).filter((r) => canSeeTask(actor, r));
  const open = rows.filter((r) => r.state !== "closed");
  const flagged = open.filter((r) => r.statusColor === "red" || r.statusColor === "yellow");

  const card = (r: BoardTaskRow) => ({
    id: r.id,
    planId: r.planId,
    planTitle: r.planTitle,
    num: r.num,
    marker: r.marker,
    title: r.title,
    state: r.state,
    leadUnitId: r.leadUnitId,
    leadUnitName: r.leadUnitName,
    deputyUserId: r.boardDeputyId,
    deputyName: r.boardDeputyName,
    deadline: r.deadline,
    daysOverdue: r.deadline ? Math.max(0, daysBetween(r.deadline, today)) : 0,
    progress: r.progress,
    color: r.statusColor,
    reason: r.statusReason,
    overridden: r.statusOverride !== null,
    escalationLevel: r.escalationLevel,
  });
  const group = <K extends string | number | null>(key: (r: BoardTaskRow) => K, name: (r: BoardTaskRow) => string) => {
    const groups = new Map<
      K,
      { key: K; name: string; red: ReturnType<typeof card>[]; yellow: ReturnType<typeof card>[] }
    >();
    for (const r of flagged) {
      const k = key(r);
      const g = groups.get(k) ?? { key: k, name: name(r), red: [], yellow: [] };
      (r.statusColor === "red" ? g.red : g.yellow).push(card(r));
      groups.set(k, g);
    }
    return [...groups.values()].sort((a, b) => b.red.length - a.red.length || b.yellow.length - a.yellow.length);
  };

  const ranking = new Map<number, RankRow>();
  for (const r of rows) {
    if (r.leadUnitId === null) continue;
    const u = ranking.get(r.leadUnitId) ?? {
      unitId: r.leadUnitId,
      unitName: r.leadUnitName ?? `#${r.leadUnitId}`,
      unitType: r.leadUnitType,
      tasks: 0,
      due: 0,
      onTime: 0,
      late: 0,
      open: 0,
      red: 0,
      rate: null,
    };
    u.tasks++;
    const closed = r.state === "closed";
    if (!closed) u.open++;
    if (!closed && r.statusColor === "red") u.red++;
    const pastDeadline = r.deadline !== null && r.deadline < today;
    if (closed || pastDeadline) {
      u.due++;
      const onTime =
        closed && (r.deadline === null || (r.closedAt !== null && cstDate(new Date(r.closedAt)) <= r.deadline));
      if (onTime) u.onTime++;
      else u.late++;
    }
    ranking.set(r.leadUnitId, u);
  }
  const ranked = [...ranking.values()]
    .map((u) => ({ ...u, rate: u.due ? Math.round((u.onTime / u.due) * 1000) / 10 : null }))
    .sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.due - a.due || a.unitName.localeCompare(b.unitName, "zh"));
  const rankWithin = (list: RankRow[]) => list.map((u, i) => ({ ...u, rank: u.rate === null ? undefined : i + 1 }));

  return {
    today,
    counts: {
      tasks: rows.length,
      open: open.length,
      red: flagged.filter((r) => r.statusColor === "red").length,
      yellow: flagged.filter((r) => r.statusColor === "yellow").length,
      green: open.filter((r) => r.statusColor === "green").length,
      closed: rows.length - open.length,
    },
    byDepartment: group(
      (r) => r.leadUnitId,
      (r) => r.leadUnitName ?? "未指定牵头单位",
    ).map(({ key, ...g }) => ({ unitId: key, ...g })),
    byDeputy: group(
      (r) => r.boardDeputyId,
      (r) => r.boardDeputyName ?? "未指定分管领导",
    ).map(({ key, ...g }) => ({ userId: key, ...g })),
    ranking: {
      rule: RANKING_RULE,
      departments: rankWithin(ranked.filter((u) => u.unitType === "department")),
      schools: rankWithin(ranked.filter((u) => u.unitType === "school")),
      others: rankWithin(ranked.filter((u) => u.unitType !== "department" && u.unitType !== "school")),
    },
  };
}
