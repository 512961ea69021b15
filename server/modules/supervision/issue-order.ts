// 督办单: a leader, deputy, inspector or admin issues a numbered supervision order (督办〔2025〕3号) on a
// lagging task, with the reason, what is required and a due date; the lead unit must answer it.
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import type { IssueOrderInput } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import { cstDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible } from "../plans/index.ts";
import { deliver, leadUnitUsers, notify } from "./notify.ts";
import { requireCan } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";
import { UNDER_WAY } from "./urge.ts";

export async function issueOrder(actor: Actor, taskId: number, input: IssueOrderInput, deps: Deps) {
  const task = await requireTaskVisible(actor, taskId, deps);
  requireCan(actor, "order.issue", task);
  if (!UNDER_WAY.includes(task.state))
    throw new AppError("TRANSITION_NOT_ALLOWED", { state: task.state, action: "order" });
  const now = deps.clock.now();
  const today = cstDate(now);
  if (input.dueOn < today) throw new AppError("DUE_DATE_PAST", { dueOn: input.dueOn, today });
  const { db } = deps.database;
  const { id, number, notified } = await db.transaction(async (tx) => {
    const number = await repo.nextOrderNumber(tx, Number(today.slice(0, 4)));
    const id = await repo.insertOrder(tx, { taskId, number, issuedBy: actor.id, ...input, at: now });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "supervision_order.issued",
      entity: "supervision_order",
      entityId: id,
      taskId,
      after: { number, ...input },
    });
    const notified = await notify(
      tx,
      deps,
      [...(await leadUnitUsers(tx, task.leadUnitId)), ...(task.deputyUserId ? [task.deputyUserId] : [])],
      { taskId, ...noticeZh.orderIssued(task.title, number, input) },
      actor.id,
    );
    return { id, number, notified };
  });
  await deliver(deps, notified);
  return { order: (await repo.getOrder(db, id))!, number };
}
