// Plans: import drafts, plans, sections and tasks, targets, assignment. Tables: import_drafts, plans,
// tasks, task_co_units, milestones, targets. Other modules use these functions, never the tables
// (see README.md and docs/server-contracts.md).
export { plansRoutes } from "./plans.routes.ts";

// use cases
export { importDocument } from "./import-document.ts";
export { getDraft, editDraft, discardDraft, listDrafts } from "./edit-draft.ts";
export { commitDraft } from "./commit-draft.ts";
export { createPlan, addTask, updateTask, deleteTask } from "./create-plan.ts";
export { importLedger } from "./import-ledger.ts";
export { assignTask, bulkAssign } from "./assign-task.ts";
export { listPlans, getPlan, listTasks, getTask, taskAudit } from "./queries.ts";
export { planBoard } from "./plan-board.ts";

// policy, for modules that build on tasks (supervision)
export {
  canSeeTask,
  requireTaskVisible,
  isPlanEditor,
  isLeadUnitMember,
  isCoUnitMember,
  seesWholePlan,
  scopeOf,
  type TaskScope,
  type ScopeFilter,
} from "./plans.policy.ts";
export { setTaskActionsHook, type TaskActionsHook } from "./task-actions.ts";
export { onPlanCommitted, type PlanCommittedHook } from "./commit-hooks.ts";
export { bureauOf } from "./org-scope.ts";

// internal functions the supervision module may call (inside its own transactions)
export {
  getTaskRow,
  updateTaskFields,
  listTasksForSweep,
  setTargetAchieved,
  listTargets,
  listMilestones,
  setMilestoneReached,
  toScope,
  type TaskRow,
  type TaskFields,
  type SweepTask,
  type TargetRow,
  type MilestoneRow,
} from "./plans.repo.ts";
export { STATE_NAMES } from "./plans.present.ts";

// internal functions the reports module may call (carry-over builds next year's plan in one transaction)
export { insertPlan, insertTask, insertTarget, setCoUnits, type NewTask, type NewTarget } from "./plans.repo.ts";
