// GET /api/plans/:id/rollup: the plan's sections and lead units, status and completion from their tasks
// (the rule in rollup.ts). A reader who sees only some tasks gets the roll-up of those.
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { canSeeTask } from "../plans/index.ts";
import { planTasks } from "./queries/plan-tasks.ts";
import { rollup, rollupInput } from "./rollup.ts";

export async function planRollup(actor: Actor, planId: number, deps: Deps) {
  const rows = await planTasks(deps.database.db, planId);
  const tasks = rows.filter((r) => r.kind === "task" && canSeeTask(actor, r));
  const whole =
    rows.length > 0 &&
    canSeeTask(actor, { ...rows[0]!, leadUnitId: null, leadUnitPath: null, coUnitPaths: [], deputyUserId: null });
  if (!rows.length || (!tasks.length && !whole)) throw new AppError("NOT_FOUND", { planId });
  const sections = rows.filter((r) => r.kind === "section");
  const result = rollup(rollupInput([...sections, ...tasks]));
  return {
    planId,
    planTitle: rows[0]!.planTitle,
    partial: !whole,
    ...result,
    // someone who sees only their own tasks gets only the sections that hold some of them
    sections: whole ? result.sections : result.sections.filter((s) => s.total + s.draft > 0),
  };
}
