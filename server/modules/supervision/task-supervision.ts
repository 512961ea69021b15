// The supervision side of a task page: the actions the actor may take now, the reports with their
// evidence, the 督办单, and the status by the rule (computed now, with the manual override shown as such).
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { requireTaskVisible } from "../plans/index.ts";
import { allowedActions, can } from "./supervision.policy.ts";
import { presentOrders, presentReports, presentStatus } from "./supervision.present.ts";
import * as repo from "./supervision.repo.ts";
import { loadTask, statusOfLoaded } from "./task-status.ts";

export async function taskReports(actor: Actor, taskId: number, deps: Deps) {
  await requireTaskVisible(actor, taskId, deps);
  return reportsOf(deps.database.db, taskId);
}

async function reportsOf(db: Deps["database"]["db"], taskId: number) {
  const reports = await repo.listReports(db, taskId);
  return presentReports(
    db,
    reports,
    await repo.evidenceOf(
      db,
      reports.map((r) => r.id),
    ),
  );
}

export async function taskSupervision(actor: Actor, taskId: number, deps: Deps) {
  const scope = await requireTaskVisible(actor, taskId, deps);
  const { db } = deps.database;
  const loaded = await loadTask(db, taskId);
  const status = statusOfLoaded(loaded, deps);
  return {
    taskId,
    state: loaded.task.state,
    version: loaded.task.version,
    progress: loaded.task.progress,
    assignedAt: loaded.assignedAt,
    lastReportAt: repo.iso(loaded.task.lastReportAt),
    actions: allowedActions(actor, scope),
    can: {
      report: loaded.task.state === "accepted" && can(actor, "report.file", scope),
      review: can(actor, "report.review", scope),
      urge: can(actor, "task.urge", scope),
      issueOrder: can(actor, "order.issue", scope),
      override: can(actor, "task.override", scope),
    },
    status: presentStatus(status, loaded.task.escalationLevel),
    milestones: loaded.milestones,
    reports: await reportsOf(db, taskId),
    orders: await presentOrders(db, await repo.ordersOfTask(db, taskId)),
  };
}

/** An evidence file for download, when its task is visible to the actor (404 otherwise). */
export async function getEvidence(actor: Actor, evidenceId: number, deps: Deps) {
  const e = await repo.getEvidence(deps.database.db, evidenceId);
  if (!e) throw new AppError("NOT_FOUND", { evidenceId });
  await requireTaskVisible(actor, e.taskId, deps);
  return e;
}
