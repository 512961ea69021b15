// Who sees and who changes plans and tasks. The one place these rules live: the SQL scope of the
// task list (plans.repo.ts) is built from `scopeOf(actor)` below, so the list and the checks agree.
//
// Seeing. A plan belongs to its unit (plans.org_unit_id). An actor sees the whole plan when the plan's
// unit is inside their scope (their subtree; the bureau for leader, deputy and inspector) or when they
// edit it. Otherwise they see only the tasks that reach them: the lead unit or a co-unit is inside their
// scope, they are the task's deputy leader, or (deputy) its lead unit is one of their departments.
// Editing (import, edit draft, commit, add/edit tasks, assign): admin; leader and deputy in scope; staff
// whose own unit holds the plan's unit, or whose department belongs to the bureau that holds it.
// Observers and inspectors only read; schools and townships only see what is assigned to them.
// Not visible → 404 NOT_FOUND; visible but not allowed → 403 FORBIDDEN.
import { AppError } from "../../../common/errors.ts";
import { inSubtree, type Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import * as repo from "./plans.repo.ts";

/** What the visibility rules need to know about a task. */
export interface TaskScope {
  id: number;
  planId: number;
  planUnitPath: string;
  leadUnitId: number | null;
  leadUnitPath: string | null;
  coUnitIds: number[];
  coUnitPaths: string[];
  deputyUserId: number | null;
  state: string;
  version: number;
  deadline: string | null;
  title: string;
  kind: "section" | "task";
}

/**
 * The actor's reach as data: plans under these paths are seen whole; a task is seen when its lead or
 * a co-unit lies under `unitPrefix`, its deputy is `userId`, or its lead unit is in `departmentIds`.
 */
export interface ScopeFilter {
  all: boolean;
  planPrefixes: string[];
  planExact: string[];
  unitPrefix: string;
  userId: number;
  departmentIds: number[];
}

/** "/1/2/3/" → "/1/2/" (the unit above), or null at the top. */
export function parentPath(path: string): string | null {
  const parts = path.split("/").filter(Boolean);
  return parts.length > 1 ? `/${parts.slice(0, -1).join("/")}/` : null;
}

/** The last id of a path: "/1/2/" → 2. */
export function unitIdOfPath(path: string): number | null {
  const last = path.split("/").filter(Boolean).at(-1);
  return last ? Number(last) : null;
}

/** Plan editor: import, edit drafts, commit, build by hand, assign. */
export function isPlanEditor(actor: Actor, planUnitPath: string): boolean {
  switch (actor.role) {
    case "admin":
      return true;
    case "leader":
    case "deputy":
      return inSubtree(planUnitPath, actor.scopePath);
    case "staff":
      // department staff run the bureau's plan: their own unit's plans, and the bureau above them
      return inSubtree(planUnitPath, actor.orgPath) || planUnitPath === parentPath(actor.orgPath);
    default:
      return false;
  }
}

export function scopeOf(actor: Actor): ScopeFilter {
  const editorBureau = actor.role === "staff" ? parentPath(actor.orgPath) : null;
  return {
    all: actor.role === "admin",
    planPrefixes: [actor.scopePath],
    planExact: editorBureau ? [editorBureau] : [],
    unitPrefix: actor.scopePath,
    userId: actor.id,
    departmentIds: actor.role === "deputy" ? actor.departmentIds : [],
  };
}

/** Does the actor see the whole plan (every task in it)? */
export function seesWholePlan(actor: Actor, planUnitPath: string): boolean {
  const s = scopeOf(actor);
  return s.all || s.planPrefixes.some((p) => inSubtree(planUnitPath, p)) || s.planExact.includes(planUnitPath);
}

/** Does the task reach the actor (whole plan, or assigned into their scope)? */
export function canSeeTask(actor: Actor, task: Omit<TaskScope, "coUnitIds" | "kind"> & { coUnitIds?: number[] }) {
  if (seesWholePlan(actor, task.planUnitPath)) return true;
  const s = scopeOf(actor);
  return (
    inSubtree(task.leadUnitPath, s.unitPrefix) ||
    task.coUnitPaths.some((p) => inSubtree(p, s.unitPrefix)) ||
    (task.deputyUserId !== null && task.deputyUserId === s.userId) ||
    (task.leadUnitId !== null && s.departmentIds.includes(task.leadUnitId))
  );
}

/** The actor's own unit leads the task (承办单位). */
export function isLeadUnitMember(actor: Actor, task: { leadUnitId: number | null }): boolean {
  return task.leadUnitId !== null && task.leadUnitId === actor.orgUnitId;
}

/** The actor's own unit is one of the task's co-units (配合单位). */
export function isCoUnitMember(actor: Actor, task: { coUnitPaths: string[]; coUnitIds?: number[] }): boolean {
  return task.coUnitIds ? task.coUnitIds.includes(actor.orgUnitId) : task.coUnitPaths.includes(actor.orgPath);
}

/** The task, or 404 when it does not exist or does not reach the actor. */
export async function requireTaskVisible(actor: Actor, taskId: number, deps: Pick<Deps, "database">) {
  const task = await repo.getTaskScope(deps.database.db, taskId);
  if (!task || !canSeeTask(actor, task)) throw new AppError("NOT_FOUND", { taskId });
  return task;
}

/** 403 unless the actor edits plans of this unit (call after the visibility check). */
export function requirePlanEditor(actor: Actor, planUnitPath: string): void {
  if (!isPlanEditor(actor, planUnitPath)) throw new AppError("FORBIDDEN");
}

/** For things only plan readers see whole (drafts, a plan's unit): 404 when out of sight, 403 when read-only. */
export function requireEditorOfUnit(actor: Actor, unitPath: string): void {
  if (!seesWholePlan(actor, unitPath)) throw new AppError("NOT_FOUND");
  requirePlanEditor(actor, unitPath);
}
