// Who may take documents out. Documents show a whole plan (every unit's tasks, the ranking of units), so
// they are for those who read the plan whole and act for the bureau: admin, leaders, deputy leaders,
// department staff, inspectors (督学) and observers. Townships and schools see only their own tasks on
// screen and get no documents (403 when they see part of the plan, 404 when they see none of it).
// Carry-over writes a new plan: plan editors only (plans.policy isPlanEditor).
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";

const READERS = new Set(["admin", "leader", "deputy", "staff", "inspector", "observer"]);

/** Call after the plan was loaded through plans.getPlan (which already 404s what is out of sight). */
export function requireWholePlanReader(actor: Actor, whole: boolean): void {
  if (!whole || !READERS.has(actor.role)) throw new AppError("FORBIDDEN");
}

/**
 * Indicator workbooks: a reader role, and a root unit whose figures the actor may read (the indicators
 * module's indicatorReader: their scope and the units above it; 404 otherwise).
 */
export function requireUnitReader(actor: Actor, readable: boolean): void {
  if (!readable) throw new AppError("NOT_FOUND");
  if (!READERS.has(actor.role)) throw new AppError("FORBIDDEN");
}

/** Issuing a numbered bulletin is an act of the bureau: every reader but the read-only observer. */
export function requireBulletinIssuer(actor: Actor): void {
  if (actor.role === "observer") throw new AppError("FORBIDDEN");
}
