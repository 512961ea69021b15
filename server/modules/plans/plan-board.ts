// GET /api/plans/:id/board: what the plan board needs beside the task tree: the units and leader accounts
// of the plan's bureau (to assign lead units, co-units and the 分管领导, and to name them), and the
// milestones and start dates of the tasks the actor sees (the timeline). 404 when the plan does not reach the actor.
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import { cstDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { getUserById, usersWithRoleIn } from "../orgs/index.ts";
import { BureauDirectory } from "./org-scope.ts";
import { canSeeTask, isPlanEditor, seesWholePlan } from "./plans.policy.ts";
import * as repo from "./plans.repo.ts";

export async function planBoard(actor: Actor, planId: number, deps: Deps) {
  const { db } = deps.database;
  const plan = await repo.getPlanRow(db, planId);
  if (!plan) throw new AppError("NOT_FOUND", { planId });
  const whole = seesWholePlan(actor, plan.unitPath);
  const tasks = (await repo.listPlanTasks(db, planId)).filter(
    (t) => t.kind === "task" && (whole || canSeeTask(actor, t)),
  );
  if (!whole && !tasks.length) throw new AppError("NOT_FOUND", { planId });
  const dir = await BureauDirectory.load(db, plan.unitPath);
  const leaderIds = [
    ...(await usersWithRoleIn(db, "deputy", dir.bureau.path)),
    ...(await usersWithRoleIn(db, "leader", dir.bureau.path)),
  ].map((u) => u.id);
  const leaders = [];
  for (const id of new Set(leaderIds)) {
    const u = await getUserById(db, id);
    if (u) leaders.push({ id: u.id, displayName: u.displayName, role: u.role });
  }
  const milestones = await repo.listMilestonesOf(
    db,
    tasks.map((t) => t.id),
  );
  return {
    planId,
    today: cstDate(deps.clock.now()),
    canEdit: isPlanEditor(actor, plan.unitPath),
    units: dir.units.map((u) => ({ id: u.id, parentId: u.parentId, type: u.type, name: u.name })),
    leaders,
    /** When each task entered the plan (China date): where its bar starts on the timeline. */
    tasks: tasks.map((t) => ({ id: t.id, createdOn: cstDate(new Date(repo.iso(t.createdAt)!)) })),
    milestones: milestones.map((m) => ({
      id: m.id,
      taskId: m.taskId,
      title: m.title,
      dueOn: m.dueOn,
      reachedAt: repo.iso(m.reachedAt),
    })),
  };
}
