// One step of a task's lifecycle (交办 → 签收 → 申请办结 → 办结销号, with 拒收, 退回 and 重新办理): check
// the state, the actor and the reason, write the new state and colour with the version read, record
// who/when/why in the audit trail and tell the people concerned — all in one transaction.
import { AppError } from "../../../common/errors.ts";
import { noticeZh, type NoticeText } from "../../../common/notice-texts.ts";
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
  const who = actor.displayName;
  const texts: Record<TaskAction, () => NoticeText> = {
    dispatch: () => noticeZh.dispatch(task.title, task.deadline, reason),
    accept: () => noticeZh.accept(task.title, who),
    decline: () => noticeZh.decline(task.title, who, reason),
    request_completion: () => noticeZh.requestCompletion(task.title, who, reason),
    approve: () => noticeZh.approve(task.title, who),
    return: () => noticeZh.returnCompletion(task.title, reason),
    reopen: () => noticeZh.reopen(task.title, who, reason),
  };
  return { taskId: task.id, ...texts[action]() };
}
