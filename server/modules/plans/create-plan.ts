// Plans built by hand: a plan, then its sections and tasks one by one; edit and delete tasks.
import { AppError } from "../../../common/errors.ts";
import type { AddTaskInput, CreatePlanInput, UpdateTaskInput } from "../../../common/schemas/plans.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { planUnitFor } from "./org-scope.ts";
import { requirePlanEditor, requireTaskVisible, seesWholePlan } from "./plans.policy.ts";
import * as repo from "./plans.repo.ts";

export async function createPlan(actor: Actor, input: CreatePlanInput, deps: Deps) {
  const { db } = deps.database;
  const unit = await planUnitFor(actor, input.orgUnitId, db);
  const at = deps.clock.now();
  const planId = await db.transaction(async (tx) => {
    const planId = await repo.insertPlan(tx, {
      orgUnitId: unit.id,
      title: input.title,
      docType: input.docType ?? null,
      years: input.years ?? [],
      createdBy: actor.id,
      at,
    });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "plan.created",
      entity: "plan",
      entityId: planId,
      after: input,
    });
    return planId;
  });
  return { planId };
}

/** A plan the actor edits: 404 when they do not see it whole, 403 when they only read it. */
async function editablePlan(actor: Actor, planId: number, deps: Deps) {
  const plan = await repo.getPlanRow(deps.database.db, planId);
  if (!plan || !seesWholePlan(actor, plan.unitPath)) throw new AppError("NOT_FOUND", { planId });
  requirePlanEditor(actor, plan.unitPath);
  return plan;
}

export async function addTask(actor: Actor, planId: number, input: AddTaskInput, deps: Deps) {
  const { db } = deps.database;
  await editablePlan(actor, planId, deps);
  const parentId = input.parentId ?? null;
  if (parentId !== null) {
    const parent = await repo.getTaskRow(db, parentId);
    if (!parent || parent.planId !== planId) throw new AppError("NOT_FOUND", { parentId });
  }
  const at = deps.clock.now();
  const taskId = await db.transaction(async (tx) => {
    const taskId = await repo.insertTask(tx, {
      planId,
      parentId,
      kind: input.kind,
      position: await repo.nextPosition(tx, planId),
      num: input.num ?? null,
      title: input.title,
      body: input.body ?? "",
      at,
    });
    // a task that gets children becomes a section
    if (parentId !== null) await repo.updateTaskKind(tx, parentId, "section");
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "task.created",
      entity: "task",
      entityId: taskId,
      taskId,
      after: { planId, ...input },
    });
    return taskId;
  });
  return { taskId };
}

export async function updateTask(actor: Actor, taskId: number, input: UpdateTaskInput, deps: Deps) {
  const task = await requireTaskVisible(actor, taskId, deps);
  requirePlanEditor(actor, task.planUnitPath);
  const before = (await repo.getTaskRow(deps.database.db, taskId))!;
  const at = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const { version, ...set } = input;
    if (!(await repo.updateTaskContent(tx, taskId, version, set, at))) throw new AppError("STALE_VERSION", { taskId });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "task.edited",
      entity: "task",
      entityId: taskId,
      taskId,
      before: { title: before.title, body: before.body, num: before.num },
      after: set,
    });
  });
  return { taskId };
}

/** Delete a task and everything under it, while none of it has been dispatched. */
export async function deleteTask(actor: Actor, taskId: number, deps: Deps) {
  const task = await requireTaskVisible(actor, taskId, deps);
  requirePlanEditor(actor, task.planUnitPath);
  const at = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    if ((await repo.countStartedInSubtree(tx, taskId)) > 0) throw new AppError("TASK_NOT_DRAFT", { taskId });
    if (!(await repo.deleteTask(tx, taskId, task.version))) throw new AppError("STALE_VERSION", { taskId });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "task.deleted",
      entity: "task",
      entityId: taskId,
      taskId,
      before: { planId: task.planId, title: task.title },
    });
  });
  return { ok: true };
}
