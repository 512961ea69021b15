// Review of a progress report (审核): accept it — the lead unit's % complete becomes the task's progress,
// a reported milestone is marked reached, reported figures become the targets' achieved values — or send
// it back with a reason (退回). A completion report (申请办结) is reviewed as the approve/return transition.
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import type { ReviewInput } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { requireTaskVisible, setMilestoneReached, setTargetAchieved, updateTaskFields } from "../plans/index.ts";
import { deliver, notify } from "./notify.ts";
import { statusOf } from "./status.ts";
import { requireCan } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";
import { loadTask, toStatusTask } from "./task-status.ts";
import { transitionTask } from "./transition-task.ts";

export async function reviewReport(actor: Actor, reportId: number, input: ReviewInput, deps: Deps) {
  const { db } = deps.database;
  const report = await repo.getReport(db, reportId);
  if (!report) throw new AppError("NOT_FOUND", { reportId });
  const scope = await requireTaskVisible(actor, report.taskId, deps);
  requireCan(actor, "report.review", scope);
  if (report.reviewState !== "pending") throw new AppError("REPORT_ALREADY_REVIEWED", { reportId });
  if (input.decision === "return" && !input.reason?.trim()) throw new AppError("REASON_REQUIRED");
  if (report.kind === "completion") {
    const r = await transitionTask(
      actor,
      report.taskId,
      { action: input.decision === "accept" ? "approve" : "return", reason: input.reason, version: scope.version },
      deps,
    );
    return { reportId, reviewState: input.decision === "accept" ? "accepted" : "returned", status: r.status };
  }

  const loaded = await loadTask(db, report.taskId);
  const { task } = loaded;
  const now = deps.clock.now();
  const accept = input.decision === "accept";
  // the lead unit's % complete is the task's; a co-unit's percent is about its own part
  const progress = accept && report.percent !== null && report.orgUnitId === task.leadUnitId ? report.percent : null;
  const milestones = loaded.milestones.map((m) =>
    accept && m.id === report.milestoneId && !m.reachedAt ? { ...m, reachedAt: now.toISOString() } : m,
  );
  const status = statusOf(
    toStatusTask({ ...task, progress: progress ?? task.progress }, loaded.assignedAt, loaded.unmetTargets),
    milestones,
    now,
    deps.config,
  );

  const notified = await db.transaction(async (tx) => {
    const reviewState = accept ? "accepted" : "returned";
    if (
      !(await repo.setReview(tx, reportId, { state: reviewState, reason: input.reason ?? null, by: actor.id, at: now }))
    )
      throw new AppError("REPORT_ALREADY_REVIEWED", { reportId });
    if (accept) {
      const milestone = loaded.milestones.find((m) => m.id === report.milestoneId);
      if (milestone && !milestone.reachedAt) await setMilestoneReached(tx, milestone.id, now);
      for (const f of report.figures) await setTargetAchieved(tx, f.targetId, f.value, now);
    }
    await updateTaskFields(tx, task.id, {
      ...(progress !== null && progress !== task.progress ? { progress } : {}),
      statusColor: status.computed.color,
      statusReason: status.computed.reason,
    });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: `report.${reviewState}`,
      entity: "progress_report",
      entityId: reportId,
      taskId: task.id,
      before: { reviewState: "pending", progress: task.progress },
      after: {
        reviewState,
        progress: progress ?? task.progress,
        milestoneId: accept ? report.milestoneId : null,
        figures: accept ? report.figures : [],
      },
      reason: input.reason ?? null,
    });
    return notify(
      tx,
      deps,
      [report.authorId],
      {
        taskId: task.id,
        ...(accept
          ? noticeZh.reportAccepted(task.title, actor.displayName)
          : noticeZh.reportReturned(task.title, input.reason)),
      },
      actor.id,
    );
  });
  await deliver(deps, notified);
  return { reportId, reviewState: accept ? "accepted" : "returned", status };
}
