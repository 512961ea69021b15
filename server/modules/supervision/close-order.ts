// The issuing side closes a 督办单 (督办办结): its issuer, or a leader, deputy, inspector or admin.
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible } from "../plans/index.ts";
import { deliver, leadUnitUsers, notify } from "./notify.ts";
import { can } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";

export async function closeOrder(actor: Actor, orderId: number, deps: Deps) {
  const { db } = deps.database;
  const order = await repo.getOrder(db, orderId);
  if (!order) throw new AppError("NOT_FOUND", { orderId });
  const task = await requireTaskVisible(actor, order.taskId, deps);
  if (order.issuedBy !== actor.id && !can(actor, "order.close", task)) throw new AppError("FORBIDDEN");
  if (order.state === "closed") throw new AppError("SUPERVISION_ORDER_CLOSED", { orderId });
  const now = deps.clock.now();
  const notified = await db.transaction(async (tx) => {
    if (!(await repo.closeOrderRow(tx, orderId, now))) throw new AppError("SUPERVISION_ORDER_CLOSED", { orderId });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "supervision_order.closed",
      entity: "supervision_order",
      entityId: orderId,
      taskId: order.taskId,
      before: { state: order.state },
      after: { state: "closed" },
    });
    return notify(
      tx,
      deps,
      await leadUnitUsers(tx, task.leadUnitId),
      { taskId: order.taskId, ...noticeZh.orderClosed(task.title, order.number) },
      actor.id,
    );
  });
  await deliver(deps, notified);
  return { order: (await repo.getOrder(db, orderId))! };
}
