// The whole plan with its assignments, for people who will not log in: sections, tasks, targets, lead and
// co-units, deputy leader, deadline, state and colour.
import type { PlanExport } from "../../../../common/schemas/reports.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { loadPlan, progressWords, reportTask } from "./plan-data.ts";
import { countTasks } from "./ranking.ts";

export async function buildPlanExport(actor: Actor, planId: number, deps: Deps): Promise<PlanExport> {
  const { plan, today, sections, tasks } = await loadPlan(actor, planId, deps);
  for (const t of tasks) t.progressText = progressWords(t);
  return {
    planId,
    planTitle: plan.title,
    issuer: plan.unitName,
    docNumber: plan.docNumber,
    years: plan.years,
    generatedOn: today,
    counts: countTasks(tasks, today),
    sections: sections.map((s) => ({ id: s.id, num: s.num, title: s.title, tasks: s.tasks.map(reportTask) })),
  };
}
