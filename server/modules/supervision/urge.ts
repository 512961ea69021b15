// 催办: a leader, deputy, inspector or the plan's staff presses the lead unit on a task under way.
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible } from "../plans/index.ts";
import { deliver, leadUnitUsers, notify } from "./notify.ts";
import { requireCan } from "./supervision.policy.ts";

/** States in which a task is under way (交办 and not yet 办结): urging and 督办单 apply. */
export const UNDER_WAY = ["assigned", "accepted", "completion_requested"];

export async function urge(actor: Actor, taskId: number, input: { message: string }, deps: Deps) {
  const task = await requireTaskVisible(actor, taskId, deps);
  requireCan(actor, "task.urge", task);
  if (!UNDER_WAY.includes(task.state))
    throw new AppError("TRANSITION_NOT_ALLOWED", { state: task.state, action: "urge" });
  const now = deps.clock.now();
  const { db } = deps.database;
  const notified = await db.transaction(async (tx) => {
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "task.urge",
      entity: "task",
      entityId: taskId,
      taskId,
      after: { message: input.message },
    });
    return notify(
      tx,
      deps,
      await leadUnitUsers(tx, task.leadUnitId),
      { taskId, ...noticeZh.urge(task.title, actor.displayName, input.message) },
      actor.id,
    );
  });
  await deliver(deps, notified);
  return { notified: notified.length };
}
