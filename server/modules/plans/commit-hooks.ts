// Other modules may act when a plan is committed, inside the commit's transaction (the indicators module
// suggests an indicator for each target). They register here at start-up; a failing hook fails the commit.
import type { Tx } from "../../platform/db.ts";

export type PlanCommittedHook = (tx: Tx, planId: number) => Promise<void>;

const hooks = new Map<string, PlanCommittedHook>();

/** Register (by name, so registering twice replaces) a function run when a plan is committed. */
export function onPlanCommitted(name: string, fn: PlanCommittedHook | null): void {
  if (fn) hooks.set(name, fn);
  else hooks.delete(name);
}

export async function runPlanCommitted(tx: Tx, planId: number): Promise<void> {
  for (const fn of hooks.values()) await fn(tx, planId);
}
