// One step of a task's lifecycle (交办 → 签收 → 申请办结 → 办结销号, with 拒收, 退回 and 重新办理): check
// the state, the actor and the reason, write the new state and colour with the version read, record
// who/when/why in the audit trail and tell the people concerned — all in one transaction.
import { AppError } from "../../../common/errors.ts";
import type { TaskAction, TransitionInput } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Tx } from "../../platform/db.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible, updateTaskFields } from "../plans/index.ts";
import { deliver, leadUnitUsers, notify, planOwners, unitsUsers, type Notice } from "./notify.ts";
import { statusOf } from "./status.ts";
import { TRANSITIONS, allowedActions, requireCan, requireReason, requireState } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";
import { loadTask, toStatusTask, type TaskRow } from "./task-status.ts";

export async function transitionTask(actor: Actor, taskId: number, input: TransitionInput, deps: Deps) {
  const scope = await requireTaskVisible(actor, taskId, deps);
  const { db } = deps.database;
  const loaded = await loadTask(db, taskId);
  const { task } = loaded;
  const { action } = input;
  // access first: someone who may not act learns nothing about the task's state or version
  requireCan(actor, `task.${action}`, scope);
  if (input.version !== task.version) throw new AppError("STALE_VERSION", { version: task.version });
  requireState(task.state, action);
  requireReason(action, input.reason);
  if (action === "dispatch" && (!task.leadUnitId || !task.deadline))
    throw new AppError("TASK_NOT_ASSIGNED", { taskId });

  const now = deps.clock.now();
  const to = TRANSITIONS[action].to;
  const fields: Parameters<typeof updateTaskFields>[2] = { state: to, updatedAt: now, ...SIDE_EFFECTS[action](now) };
  const assignedAt = action === "dispatch" ? now.toISOString() : to === "draft" ? null : loaded.assignedAt;
  const status = statusOf(
    toStatusTask(
      { ...task, ...fields, lastReportAt: fields.lastReportAt ?? task.lastReportAt, state: to },
      assignedAt,
      loaded.unmetTargets,
    ),
    loaded.milestones,
    now,
    deps.config,
  );
  // tasks.status_color keeps the rule's colour; a manual override lives beside it (status_override)
  fields.statusColor = status.computed.color;
  fields.statusReason = status.computed.reason;

  const notified = await db.transaction(async (tx) => {
    if (!(await updateTaskFields(tx, taskId, fields, { version: input.version }))) throw new AppError("STALE_VERSION");
    if (action === "request_completion")
      await repo.insertReport(tx, {
        taskId,
        orgUnitId: actor.orgUnitId,
        authorId: actor.id,
        kind: "completion",
        text: input.reason ?? "申请办结",
        percent: null,
        milestoneId: null,
        figures: [],
        at: now,
      });
    if (action === "approve" || action === "return") {
      const completion = await repo.pendingCompletionReport(tx, taskId);
      if (completion)
        await repo.setReview(tx, completion, {
          state: action === "approve" ? "accepted" : "returned",
          reason: input.reason ?? null,
          by: actor.id,
          at: now,
        });
    }
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: `task.${action}`,
      entity: "task",
      entityId: taskId,
      taskId,
      before: { state: task.state, version: task.version, statusColor: task.statusColor },
      after: { state: to, version: task.version + 1, statusColor: status.computed.color },
      reason: input.reason ?? null,
    });
    const told = await recipients(tx, action, task, loaded.dispatchedBy);
    return notify(tx, deps, told, notice(action, task, actor, input.reason), actor.id);
  });
  await deliver(deps, notified);
  return {
    task: { id: taskId, state: to, version: task.version + 1, color: status.color, statusReason: status.reason },
    status,
    actions: allowedActions(actor, { ...scope, state: to }),
    notified: notified.length,
  };
}

type Fields = Parameters<typeof updateTaskFields>[2];
const SIDE_EFFECTS: Record<TaskAction, (now: Date) => Fields> = {
  dispatch: () => ({ escalationLevel: 0 }),
  accept: () => ({}),
  decline: () => ({ escalationLevel: 0 }),
  request_completion: (now) => ({ lastReportAt: now }),
  approve: (now) => ({ closedAt: now, progress: 100 }),
  return: () => ({}),
  reopen: () => ({ closedAt: null, escalationLevel: 0 }),
};

/** Who hears of a step: the lead unit (and co-units) of what is asked of them, the reviewers of the answers. */
async function recipients(tx: Tx, action: TaskAction, task: TaskRow, dispatchedBy: number | null): Promise<number[]> {
  const lead = () => leadUnitUsers(tx, task.leadUnitId);
  const owners = () => planOwners(tx, task, dispatchedBy);
  switch (action) {
    case "dispatch":
    case "approve":
      return [...(await lead()), ...(await unitsUsers(tx, task.coUnitIds))];
    case "return":
      return lead();
    case "reopen":
      return [...(await lead()), ...(await owners())];
    case "accept":
    case "decline":
    case "request_completion":
      return owners();
  }
}

function notice(action: TaskAction, task: TaskRow, actor: Actor, reason: string | undefined): Notice {
  const why = reason ? `理由：${reason}` : "";
  const texts: Record<TaskAction, [string, string]> = {
    dispatch: [`新交办任务：${task.title}`, `完成时限 ${task.deadline}，请及时签收并按要求报送进展。${reason ?? ""}`],
    accept: [`任务已签收：${task.title}`, `${actor.displayName} 已签收。`],
    decline: [`任务被拒收：${task.title}`, `${actor.displayName} 拒收。${why}`],
    request_completion: [
      `申请办结：${task.title}`,
      `${actor.displayName} 申请办结，请审核。${reason ? `说明：${reason}` : ""}`,
    ],
    approve: [`任务已办结销号：${task.title}`, `${actor.displayName} 审核通过，任务办结。`],
    return: [`办结申请被退回：${task.title}`, `退回理由：${reason ?? ""}`],
    reopen: [`任务重新办理：${task.title}`, `${actor.displayName} 要求重新办理。${why}`],
  };
  const [title, body] = texts[action];
  return { kind: "transition", taskId: task.id, title, body };
}
