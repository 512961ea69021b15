// Who may do what in supervision, and which transitions a task's state allows. The one place these
// rules live; visibility itself (404 for tasks out of scope) is the plans module's `requireTaskVisible`.
import { AppError } from "../../../common/errors.ts";
import type { TaskAction, TaskState } from "../../../common/schemas/supervision.ts";
import { inSubtree, type Actor } from "../../platform/actor.ts";
import { isCoUnitMember, isLeadUnitMember, isPlanEditor, type TaskScope } from "../plans/index.ts";

/** The lifecycle (立项/交办 → 签收 → 办理 → 申请办结 → 审核 → 办结/销号), with 退回 and 拒收. */
export const TRANSITIONS: Record<TaskAction, { from: TaskState; to: TaskState; reasonRequired: boolean; zh: string }> =
  {
    dispatch: { from: "draft", to: "assigned", reasonRequired: false, zh: "交办" },
    accept: { from: "assigned", to: "accepted", reasonRequired: false, zh: "签收" },
    decline: { from: "assigned", to: "draft", reasonRequired: true, zh: "拒收" },
    request_completion: { from: "accepted", to: "completion_requested", reasonRequired: false, zh: "申请办结" },
    approve: { from: "completion_requested", to: "closed", reasonRequired: false, zh: "办结销号" },
    return: { from: "completion_requested", to: "accepted", reasonRequired: true, zh: "退回" },
    reopen: { from: "closed", to: "accepted", reasonRequired: true, zh: "重新办理" },
  };

export type SupervisionAction =
  | `task.${TaskAction}`
  | "report.file"
  | "report.review"
  | "task.urge"
  | "task.override"
  | "order.issue"
  | "order.respond"
  | "order.close";

export type PolicyTask = Pick<
  TaskScope,
  "planUnitPath" | "deputyUserId" | "leadUnitId" | "leadUnitPath" | "coUnitPaths" | "coUnitIds"
>;

const acts = (actor: Actor) => actor.role !== "observer";
const lead = (actor: Actor, task: PolicyTask) => acts(actor) && isLeadUnitMember(actor, task);
const editor = (actor: Actor, task: PolicyTask) => acts(actor) && isPlanEditor(actor, task.planUnitPath);
/** Reviewers (审核): the plan's editors (its unit's staff, leaders and deputies in scope) and the task's deputy. */
const reviewer = (actor: Actor, task: PolicyTask) =>
  editor(actor, task) || (actor.role === "deputy" && task.deputyUserId === actor.id);
/** A bureau-wide role (leader, deputy, inspector) over this task's bureau, or an admin. */
const bureauRole = (actor: Actor, roles: Actor["role"][], task: PolicyTask) =>
  roles.includes(actor.role) &&
  (actor.role === "admin" ||
    inSubtree(task.planUnitPath, actor.scopePath) ||
    inSubtree(task.leadUnitPath, actor.scopePath));

/** Role and scope only; the state is checked by `requireTransition`. Call after `requireTaskVisible`. */
export function can(actor: Actor, action: SupervisionAction, task: PolicyTask): boolean {
  switch (action) {
    case "task.dispatch":
      return editor(actor, task);
    case "task.accept":
    case "task.decline":
    case "task.request_completion":
    case "order.respond":
      return lead(actor, task);
    case "task.approve":
    case "task.return":
    case "report.review":
      return reviewer(actor, task);
    case "task.reopen":
      return actor.role === "admin" || (actor.role === "leader" && editor(actor, task));
    case "report.file":
      return lead(actor, task) || (acts(actor) && isCoUnitMember(actor, task));
    case "task.urge":
      return editor(actor, task) || reviewer(actor, task) || bureauRole(actor, ["leader", "deputy", "inspector"], task);
    case "task.override":
      return editor(actor, task);
    case "order.issue":
    case "order.close":
      return bureauRole(actor, ["leader", "deputy", "inspector", "admin"], task);
  }
}

export function requireCan(actor: Actor, action: SupervisionAction, task: PolicyTask): void {
  if (!can(actor, action, task)) throw new AppError("FORBIDDEN", { action });
}

/** The task's state allows the action; 409 TRANSITION_NOT_ALLOWED otherwise. */
export function requireState(state: string, action: TaskAction): void {
  if (TRANSITIONS[action].from !== state) throw new AppError("TRANSITION_NOT_ALLOWED", { state, action });
}

/** 退回, 拒收 and 重新办理 need a reason; 422 REASON_REQUIRED. */
export function requireReason(action: TaskAction, reason: string | undefined): void {
  if (TRANSITIONS[action].reasonRequired && !reason?.trim()) throw new AppError("REASON_REQUIRED", { action });
}

/** The transitions this actor may perform on this task now (the buttons of the task page). */
export function allowedActions(actor: Actor, task: PolicyTask & { state: string }): TaskAction[] {
  return (Object.keys(TRANSITIONS) as TaskAction[]).filter(
    (a) => TRANSITIONS[a].from === task.state && can(actor, `task.${a}`, task),
  );
}

/** Everything the task page offers this actor now: the transitions, and "report" when they may file one. */
export function taskActions(actor: Actor, task: PolicyTask & { state: string }): string[] {
  return [
    ...allowedActions(actor, task),
    ...(task.state === "accepted" && can(actor, "report.file", task) ? ["report"] : []),
  ];
}
