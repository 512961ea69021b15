// 人工调整: a plan editor or leader sets a task's (or a section's) colour by hand, with a note; the manual
// colour wins over the rule and is shown as such until it is removed (color: null).
import { AppError } from "../../../common/errors.ts";
import type { StatusOverrideInput } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible, updateTaskFields } from "../plans/index.ts";
import { statusOf } from "./status.ts";
import { requireCan } from "./supervision.policy.ts";
import { loadTask, toStatusTask } from "./task-status.ts";

export async function overrideStatus(actor: Actor, taskId: number, input: StatusOverrideInput, deps: Deps) {
  const scope = await requireTaskVisible(actor, taskId, deps);
  requireCan(actor, "task.override", scope);
  const { db } = deps.database;
  const loaded = await loadTask(db, taskId, { sections: true });
  const { task } = loaded;
  if (input.version !== task.version) throw new AppError("STALE_VERSION", { version: task.version });
  if (input.color && !input.note?.trim()) throw new AppError("REASON_REQUIRED");
  const now = deps.clock.now();
  const override = { statusOverride: input.color, statusOverrideNote: input.color ? input.note! : null };
  const status = statusOf(
    toStatusTask({ ...task, ...override }, loaded.assignedAt, loaded.unmetTargets),
    loaded.milestones,
    now,
    deps.config,
  );
  // the rule's colour stays in status_color (refreshed here); the override is stored beside it
  const colour =
    task.kind === "task" ? { statusColor: status.computed.color, statusReason: status.computed.reason } : {};
  await db.transaction(async (tx) => {
    if (!(await updateTaskFields(tx, taskId, { ...override, ...colour, updatedAt: now }, { version: input.version })))
      throw new AppError("STALE_VERSION");
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "task.status_override",
      entity: "task",
      entityId: taskId,
      taskId,
      before: { statusOverride: task.statusOverride, statusOverrideNote: task.statusOverrideNote },
      after: override,
      reason: input.note ?? null,
    });
  });
  return { task: { id: taskId, version: task.version + 1, ...override }, status: task.kind === "task" ? status : null };
}
