// "Start next year's plan from this one" (结转): a new plan of the same unit for the next year holding
// exactly the tasks not closed, plus the closed tasks whose quantified targets were not met, under copies
// of their sections; each carries its unmet targets (set to the new year). Lead unit, co-units and deputy
// leader are kept; deadlines are not (the old ones have passed: the editor sets new ones before
// dispatching). Every task of the new plan starts in the draft state, so the new plan is the draft the
// editor reviews, edits and dispatches — no separate import draft is needed, and each row keeps an exact
// link to its origin (carry_over_links). One transaction, audited.
import { AppError } from "../../../common/errors.ts";
import type { CarryOverInput } from "../../../common/schemas/reports.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { insertPlan, insertTarget, insertTask, setCoUnits } from "../plans/index.ts";
import { isCeiling, targetMet } from "./build/figures.ts";
import { loadPlan, type LoadedTask, type PlanTarget } from "./build/plan-data.ts";
import * as repo from "./reports.repo.ts";

/** Targets of the plan's year (or of no year) that were not reached: nothing achieved, or short of it. */
export function unmetTargets(t: LoadedTask, planYear: number | null): PlanTarget[] {
  return t.targetRows.filter(
    (x) =>
      x.kind === "target" &&
      (x.year === null || planYear === null || x.year <= planYear) &&
      targetMet(x.value, x.achieved, isCeiling({ qualifier: x.qualifier, sourceText: x.source?.text ?? null })) !==
        true,
  );
}

/** "2025年教育工作要点" → "2026年教育工作要点"; a title without the year gets it in front. */
export function nextTitle(title: string, from: number | null, to: number): string {
  if (from !== null && title.includes(`${from}年`)) return title.replace(`${from}年`, `${to}年`);
  if (from !== null && title.includes(String(from))) return title.replace(String(from), String(to));
  return `${to}年${title}`;
}

export async function carryOver(actor: Actor, planId: number, input: CarryOverInput, deps: Deps) {
  const loaded = await loadPlan(actor, planId, deps);
  const { plan, today } = loaded;
  if (!plan.canEdit) throw new AppError("FORBIDDEN");
  const fromYear = plan.years.length ? Math.max(...plan.years) : null;
  const year = input.year ?? (fromYear ?? Number(today.slice(0, 4))) + 1;
  const title = input.title ?? nextTitle(plan.title, fromYear, year);

  const carried = loaded.sections
    .map((s) => ({
      section: s,
      tasks: s.tasks.flatMap(
        (t): { task: LoadedTask; reason: "unfinished" | "unmet_target"; targets: PlanTarget[] }[] => {
          const unmet = unmetTargets(t, fromYear);
          if (t.state !== "closed") return [{ task: t, reason: "unfinished", targets: unmet }];
          if (unmet.length) return [{ task: t, reason: "unmet_target", targets: unmet }];
          return [];
        },
      ),
    }))
    .filter((s) => s.tasks.length);

  const at = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const earlier = await repo.carriedInto(tx, planId, year);
    if (earlier !== null) throw new AppError("CARRY_OVER_EXISTS", { planId: earlier, year });
    const newPlanId = await insertPlan(tx, {
      orgUnitId: plan.orgUnitId,
      title,
      docType: plan.docType,
      years: [year],
      issuer: plan.issuer,
      createdBy: actor.id,
      at,
    });
    const carryId = await repo.insertCarryOver(tx, { fromPlanId: planId, toPlanId: newPlanId, year, at, by: actor.id });
    const links: repo.CarryLink[] = [];
    let position = 0;
    let targets = 0;
    for (const { section, tasks } of carried) {
      let parentId: number | null = null;
      if (section.id !== null) {
        parentId = await insertTask(tx, {
          planId: newPlanId,
          parentId: null,
          kind: "section",
          position: position++,
          num: section.num,
          title: section.title,
          body: "",
          at,
        });
        links.push({ newTaskId: parentId, originTaskId: section.id, originTargetId: null, reason: "section" });
      }
      for (const { task, reason, targets: unmet } of tasks) {
        const id = await insertTask(tx, {
          planId: newPlanId,
          parentId,
          kind: "task",
          position: position++,
          num: task.num,
          title: task.title,
          body: task.body,
          leadUnitId: task.leadUnitId,
          deputyUserId: task.deputyUserId,
          deadline: null,
          at,
        });
        await setCoUnits(tx, id, task.coUnitIds);
        links.push({ newTaskId: id, originTaskId: task.id, originTargetId: null, reason });
        for (const [i, x] of unmet.entries()) {
          await insertTarget(tx, {
            taskId: id,
            indicator: x.indicator,
            value: x.value,
            unit: x.unit,
            year: x.year === null || fromYear === null || x.year <= fromYear ? year : x.year,
            kind: "target",
            deadline: null,
            qualifier: x.qualifier,
            sourceStart: null,
            sourceEnd: null,
            sourceText: x.source?.text ?? null,
            position: i,
          });
          links.push({ newTaskId: id, originTaskId: task.id, originTargetId: x.id, reason: "target" });
          targets++;
        }
      }
    }
    await repo.insertCarryLinks(tx, carryId, links);
    const summary = {
      fromPlanId: planId,
      year,
      title,
      tasks: carried.reduce((n, s) => n + s.tasks.length, 0),
      unfinished: carried.reduce((n, s) => n + s.tasks.filter((t) => t.reason === "unfinished").length, 0),
      targets,
    };
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "plan.carried_over",
      entity: "plan",
      entityId: newPlanId,
      after: summary,
    });
    return { planId: newPlanId, carryOverId: carryId, ...summary };
  });
}
