// Supervision (督查督办): the task lifecycle after planning (交办 → 签收 → 办理 → 申请办结 → 办结销号),
// progress reports with evidence and their review, the status rule (绿/黄/红), reminders and escalation
// (the sweep and its scheduler), 催办, 督办单, notifications, the board and the roll-up.
// Tables: progress_reports, evidence_files, supervision_orders, notifications; the supervision columns
// of tasks through the plans module. See README.md and docs/supervision.md.
export { supervisionRoutes } from "./supervision.routes.ts";
export { transitionTask } from "./transition-task.ts";
export { fileReport, type EvidenceUpload } from "./file-report.ts";
export { reviewReport } from "./review-report.ts";
export { urge } from "./urge.ts";
export { issueOrder } from "./issue-order.ts";
export { respondOrder } from "./respond-order.ts";
export { closeOrder } from "./close-order.ts";
export { overrideStatus } from "./override-status.ts";
export { runSweep, startScheduler, escalationLevelFor, type SweepResult } from "./sweep.ts";
export { statusOf, reportDueOn, CADENCE_DAYS, type Status, type StatusTask, type StatusMilestone } from "./status.ts";
export { rollup, ROLLUP_RULE, type RollupTask, type RollupGroup } from "./rollup.ts";
export { allowedActions, TRANSITIONS } from "./supervision.policy.ts";
export { supervisionBoard } from "./board.ts";
export { dashboard, overdueTrend } from "./dashboard.ts";
export { planRollup } from "./plan-rollup.ts";
export { taskSupervision } from "./task-supervision.ts";
export { smtpMailer } from "./notify.ts";
