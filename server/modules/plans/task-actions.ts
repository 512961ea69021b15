// The `actions` a task detail offers (accept, report, approve …) belong to the supervision module,
// which registers a function here at start-up; without one the list is empty.
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import type { TaskRow } from "./plans.repo.ts";

export type TaskActionsHook = (actor: Actor, task: TaskRow, deps: Deps) => string[] | Promise<string[]>;

let hook: TaskActionsHook | null = null;

/** Register (or with null, remove) the function that lists what the actor may do next with a task. */
export function setTaskActionsHook(fn: TaskActionsHook | null): void {
  hook = fn;
}

export async function taskActions(actor: Actor, task: TaskRow, deps: Deps): Promise<string[]> {
  return hook ? await hook(actor, task, deps) : [];
}
