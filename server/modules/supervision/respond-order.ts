// The lead unit answers a 督办单 (办理情况); it may amend its answer until the order is closed.
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible } from "../plans/index.ts";
import { deliver, notify } from "./notify.ts";
import { requireCan } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";

export async function respondOrder(actor: Actor, orderId: number, input: { response: string }, deps: Deps) {
  const { db } = deps.database;
  const order = await repo.getOrder(db, orderId);
  if (!order) throw new AppError("NOT_FOUND", { orderId });
  const task = await requireTaskVisible(actor, order.taskId, deps);
  requireCan(actor, "order.respond", task);
  if (order.state === "closed") throw new AppError("SUPERVISION_ORDER_CLOSED", { orderId });
  const now = deps.clock.now();
  const notified = await db.transaction(async (tx) => {
    if (!(await repo.respondToOrder(tx, orderId, actor.id, input.response, now)))
      throw new AppError("SUPERVISION_ORDER_CLOSED", { orderId });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "supervision_order.responded",
      entity: "supervision_order",
      entityId: orderId,
      taskId: order.taskId,
      before: { state: order.state, response: order.response },
      after: { state: "responded", response: input.response },
    });
    return notify(
      tx,
      deps,
      [order.issuedBy],
      { taskId: order.taskId, ...noticeZh.orderResponded(task.title, order.number, input.response) },
      actor.id,
    );
  });
  await deliver(deps, notified);
  return { order: (await repo.getOrder(db, orderId))! };
}
