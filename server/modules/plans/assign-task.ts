// Assignment (交办): a task's lead unit, co-units, deputy leader, deadline, reporting cadence and
// milestones. Units must belong to the bureau that holds the plan; every change is audited with
// before and after. Bulk assignment applies the same fields to many tasks, all or none.
import { AppError } from "../../../common/errors.ts";
import type { AssignTaskInput, BulkAssignInput } from "../../../common/schemas/plans.ts";
import { ZAssignTask } from "../../../common/schemas/plans.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import type { Db, Tx } from "../../platform/db.ts";
import { recordAudit } from "../audit/index.ts";
import { BureauDirectory } from "./org-scope.ts";
import { canSeeTask, requirePlanEditor, requireTaskVisible } from "./plans.policy.ts";
import * as repo from "./plans.repo.ts";

/** What an assignment looks like in the audit trail. */
async function snapshot(db: Db | Tx, taskId: number) {
  const t = (await repo.getTaskRow(db, taskId))!;
  const milestones = await repo.listMilestones(db, taskId);
  return {
    leadUnitId: t.leadUnitId,
    coUnitIds: t.coUnitIds,
    deputyUserId: t.deputyUserId,
    deadline: t.deadline,
    cadence: t.cadence,
    milestones: milestones.map((m) => ({ id: m.id, title: m.title, dueOn: m.dueOn })),
  };
}

function requireAssignable(t: { id: number; kind: string; state: string }) {
  if (t.kind !== "task") throw new AppError("TASK_IS_SECTION", { taskId: t.id });
  if (t.state === "closed") throw new AppError("TRANSITION_NOT_ALLOWED", { taskId: t.id, state: t.state });
}

export async function assignTask(actor: Actor, taskId: number, raw: AssignTaskInput, deps: Deps) {
  const input = ZAssignTask.parse(raw);
  const { db } = deps.database;
  const task = await requireTaskVisible(actor, taskId, deps);
  requirePlanEditor(actor, task.planUnitPath);
  requireAssignable(task);
  const dir = await BureauDirectory.load(db, task.planUnitPath);
  const coUnitIds = [...new Set(input.coUnitIds)].filter((id) => id !== input.leadUnitId);
  dir.requireUnits([input.leadUnitId, ...coUnitIds]);
  if (input.deputyUserId) await dir.requireDeputy(db, input.deputyUserId);
  const mine = new Set((await repo.listMilestones(db, taskId)).map((m) => m.id));
  const foreign = input.milestones.filter((m) => m.id !== undefined && !mine.has(m.id));
  if (foreign.length) throw new AppError("NOT_FOUND", { milestoneIds: foreign.map((m) => m.id) });

  const at = deps.clock.now();
  await db.transaction(async (tx) => {
    const before = await snapshot(tx, taskId);
    const ok = await repo.setAssignment(
      tx,
      taskId,
      input.version,
      {
        leadUnitId: input.leadUnitId,
        deputyUserId: input.deputyUserId ?? null,
        deadline: input.deadline,
        cadence: input.cadence,
      },
      at,
    );
    if (!ok) throw new AppError("STALE_VERSION", { taskId });
    await repo.setCoUnits(tx, taskId, coUnitIds);
    await repo.replaceMilestones(tx, taskId, input.milestones);
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "task.assigned",
      entity: "task",
      entityId: taskId,
      taskId,
      before,
      after: await snapshot(tx, taskId),
    });
  });
  return { taskId };
}

export async function bulkAssign(actor: Actor, input: BulkAssignInput, deps: Deps) {
  const { db } = deps.database;
  const ids = [...new Set(input.taskIds)];
  const tasks = await repo.getTaskRows(db, ids);
  const missing = ids.filter((id) => !tasks.some((t) => t.id === id && canSeeTask(actor, t)));
  if (missing.length) throw new AppError("NOT_FOUND", { taskIds: missing });
  for (const t of tasks) {
    requirePlanEditor(actor, t.planUnitPath);
    requireAssignable(t);
  }
  // every task's bureau must hold the units named
  const dirs = new Map<string, BureauDirectory>();
  for (const t of tasks) {
    if (!dirs.has(t.planUnitPath)) dirs.set(t.planUnitPath, await BureauDirectory.load(db, t.planUnitPath));
    const dir = dirs.get(t.planUnitPath)!;
    dir.requireUnits([...(input.leadUnitId ? [input.leadUnitId] : []), ...(input.coUnitIds ?? [])]);
    if (input.deputyUserId) await dir.requireDeputy(db, input.deputyUserId);
  }

  const at = deps.clock.now();
  await db.transaction(async (tx) => {
    for (const t of tasks) {
      const before = await snapshot(tx, t.id);
      await repo.setAssignment(
        tx,
        t.id,
        null,
        {
          leadUnitId: input.leadUnitId,
          deputyUserId: input.deputyUserId,
          deadline: input.deadline,
          cadence: input.cadence,
        },
        at,
      );
      if (input.coUnitIds) {
        const lead = input.leadUnitId ?? t.leadUnitId;
        await repo.setCoUnits(
          tx,
          t.id,
          input.coUnitIds.filter((id) => id !== lead),
        );
      }
      await recordAudit(tx, {
        at,
        actorId: actor.id,
        action: "task.assigned",
        entity: "task",
        entityId: t.id,
        taskId: t.id,
        before,
        after: await snapshot(tx, t.id),
        reason: "批量交办",
      });
    }
  });
  return { taskIds: ids };
}
