// The progress bulletin (进展情况通报) as plain data: overall completion, a table per section, the ranking
// of departments and schools by on-time rate with the change since the previous bulletin (its stored
// snapshot), and the overdue / escalated items.
import type { Bulletin, BulletinInput, OverdueItem } from "../../../../common/schemas/reports.ts";
import type { Actor } from "../../../platform/actor.ts";
import { daysBetween } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/deps.ts";
import * as repo from "../reports.repo.ts";
import { loadPlan, progressWords, reportTask } from "./plan-data.ts";
import { countTasks, rankUnits } from "./ranking.ts";

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

export async function buildBulletin(
  actor: Actor,
  planId: number,
  input: BulletinInput,
  deps: Deps,
  opts: { issue: boolean },
): Promise<Bulletin> {
  const loaded = await loadPlan(actor, planId, deps);
  const { plan, today } = loaded;
  const previous = await repo.latestBulletin(deps.database.db, planId);
  const number = (previous?.number ?? 0) + 1;
  const periodTo = input.periodTo ?? today;
  const periodFrom =
    input.periodFrom ?? (previous ? nextDay(previous.periodTo) : (plan.createdAt ?? today).slice(0, 10));
  const year = Number(periodTo.slice(0, 4));

  for (const s of loaded.sections) for (const t of s.tasks) t.progressText = progressWords(t);
  const prevRanks = previous
    ? [...previous.snapshot.ranking.departments, ...previous.snapshot.ranking.schools].map((r) => ({
        unitId: r.unitId,
        rank: r.rank,
        rate: r.rate,
      }))
    : null;

  const overdue: OverdueItem[] = loaded.tasks
    .filter(
      (t) =>
        t.state !== "draft" &&
        t.state !== "closed" &&
        ((t.deadline !== null && t.deadline < today) || t.escalationLevel > 0 || t.color === "red"),
    )
    .map((t) => ({
      id: t.id,
      num: t.num,
      title: t.title,
      leadUnit: t.leadUnit,
      deadline: t.deadline,
      daysOverdue: t.deadline && t.deadline < today ? daysBetween(t.deadline, today) : 0,
      escalationLevel: t.escalationLevel,
      color: t.color,
      reason: t.statusReason,
    }))
    .sort((a, b) => b.daysOverdue - a.daysOverdue || b.escalationLevel - a.escalationLevel || a.id - b.id);

  return {
    planId,
    planTitle: plan.title,
    issuer: plan.unitName,
    number: opts.issue ? number : null,
    year,
    docNumber: opts.issue ? `督查通报〔${year}〕第${number}期` : `督查通报〔${year}〕（预览）`,
    periodFrom,
    periodTo,
    issuedOn: today,
    counts: countTasks(loaded.tasks, today),
    sections: loaded.sections.map((s) => ({
      id: s.id,
      num: s.num,
      title: s.title,
      counts: countTasks(s.tasks, today),
      tasks: s.tasks.map(reportTask),
    })),
    ranking: rankUnits(loaded.tasks, today, prevRanks),
    previous: previous ? { number: previous.number, issuedOn: previous.issuedAt.slice(0, 10) } : null,
    overdue,
  };
}
