// GET /api/supervision/orders: the 督办单 on tasks the actor sees, newest first.
import type { Actor } from "../../platform/actor.ts";
import { cstDate } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { canSeeTask } from "../plans/index.ts";
import { listOrders } from "./queries/orders.ts";

export async function supervisionOrders(
  actor: Actor,
  f: { state?: "issued" | "responded" | "closed" | undefined; taskId?: number | undefined },
  deps: Deps,
) {
  const today = cstDate(deps.clock.now());
  const rows = (await listOrders(deps.database.db, f)).filter((o) => canSeeTask(actor, o.scope));
  return rows.map(({ scope, ...o }) => ({
    ...o,
    taskTitle: scope.title,
    taskState: scope.state,
    overdue: o.state !== "closed" && o.dueOn < today,
  }));
}
