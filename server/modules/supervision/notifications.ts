// My notifications (消息): newest first with the unread count; mark one or all read.
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import * as repo from "./supervision.repo.ts";

export async function myNotifications(
  actor: Actor,
  f: { unread: boolean; limit: number; beforeId?: number | undefined },
  deps: Deps,
) {
  const { db } = deps.database;
  return {
    unread: await repo.unreadCount(db, actor.id),
    notifications: (await repo.listNotifications(db, actor.id, f)).map(({ userId: _u, ...n }) => n),
  };
}

export async function readNotification(actor: Actor, id: number, deps: Deps) {
  if (!(await repo.markRead(deps.database.db, id, actor.id, deps.clock.now()))) throw new AppError("NOT_FOUND");
  return { unread: await repo.unreadCount(deps.database.db, actor.id) };
}

export async function readAllNotifications(actor: Actor, deps: Deps) {
  const marked = await repo.markAllRead(deps.database.db, actor.id, deps.clock.now());
  return { marked, unread: 0 };
}
