// Reads: the plans an actor sees, a plan's task tree, the task list (paged, scope in SQL), a task's
// detail and its audit trail. Everything filtered by plans.policy.ts.
import { AppError } from "../../../common/errors.ts";
import type { TaskListQuery } from "../../../common/schemas/plans.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { listAudit } from "../audit/index.ts";
import { getUserById } from "../orgs/index.ts";
import { canSeeTask, isPlanEditor, requireTaskVisible, scopeOf, seesWholePlan } from "./plans.policy.ts";
import { nest, presentListRow, presentNode, presentPlan, presentTaskDetail } from "./plans.present.ts";
import * as repo from "./plans.repo.ts";
import { taskActions } from "./task-actions.ts";

export async function listPlans(actor: Actor, deps: Deps) {
  const rows = await repo.listVisiblePlans(deps.database.db, scopeOf(actor));
  return rows.map((p) => ({
    ...presentPlan(p),
    whole: p.whole,
    canEdit: isPlanEditor(actor, p.unitPath),
    counts: { tasks: p.tasks, closed: p.closed, red: p.red, yellow: p.yellow },
  }));
}

/**
 * A plan with its task tree. Who sees the plan whole gets every node; who sees it through their
 * assigned tasks gets those tasks plus the sections above them (as the path to them), nothing else.
 */
export async function getPlan(actor: Actor, planId: number, deps: Deps) {
  const { db } = deps.database;
  const plan = await repo.getPlanRow(db, planId);
  if (!plan) throw new AppError("NOT_FOUND", { planId });
  const all = await repo.listPlanTasks(db, planId);
  const whole = seesWholePlan(actor, plan.unitPath);
  let shown = all;
  if (!whole) {
    const byId = new Map(all.map((t) => [t.id, t]));
    const keep = new Set<number>();
    for (const t of all)
      if (canSeeTask(actor, t))
        for (
          let x: repo.TaskRow | undefined = t;
          x && !keep.has(x.id);
          x = x.parentId ? byId.get(x.parentId) : undefined
        )
          keep.add(x.id);
    if (!keep.size) throw new AppError("NOT_FOUND", { planId });
    shown = all.filter((t) => keep.has(t.id));
  }
  const targets = await repo.listTargets(
    db,
    shown.map((t) => t.id),
  );
  const nodes = shown.map((t) =>
    presentNode(
      t,
      targets.filter((x) => x.taskId === t.id),
    ),
  );
  return { plan: { ...presentPlan(plan), whole, canEdit: isPlanEditor(actor, plan.unitPath) }, tree: nest(nodes) };
}

export async function listTasks(actor: Actor, filter: TaskListQuery, deps: Deps) {
  const { total, rows } = await repo.listVisibleTasks(deps.database.db, scopeOf(actor), filter);
  return { total, limit: filter.limit, offset: filter.offset, tasks: rows.map(presentListRow) };
}

export async function getTask(actor: Actor, taskId: number, deps: Deps) {
  const { db } = deps.database;
  const t = await repo.getTaskRow(db, taskId);
  if (!t || !canSeeTask(actor, t)) throw new AppError("NOT_FOUND", { taskId });
  const [targets, milestones, deputy] = await Promise.all([
    repo.listTargets(db, [taskId]),
    repo.listMilestones(db, taskId),
    t.deputyUserId ? getUserById(db, t.deputyUserId) : Promise.resolve(null),
  ]);
  return presentTaskDetail(t, {
    targets,
    milestones,
    deputy: deputy ? { id: deputy.id, displayName: deputy.displayName } : null,
    actions: await taskActions(actor, t, deps),
    canEdit: isPlanEditor(actor, t.planUnitPath),
  });
}

export async function taskAudit(
  actor: Actor,
  taskId: number,
  q: { beforeId?: number | undefined; limit?: number | undefined },
  deps: Deps,
) {
  await requireTaskVisible(actor, taskId, deps);
  return listAudit(deps.database.db, { taskId, beforeId: q.beforeId, limit: q.limit ?? 100 });
}
