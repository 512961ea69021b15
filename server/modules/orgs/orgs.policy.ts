// Who may do what with org units and users. The one place these rules live.
import { AppError } from "../../../common/errors.ts";
import { inSubtree, type Actor } from "../../platform/actor.ts";

export type OrgAction = "org.view" | "user.list" | "user.manage";

export function can(actor: Actor, action: OrgAction, unitPath: string): boolean {
  switch (action) {
    case "org.view":
      return actor.role === "admin" || inSubtree(unitPath, actor.scopePath) || inSubtree(actor.scopePath, unitPath);
    case "user.list":
      return (
        actor.role === "admin" ||
        (["leader", "deputy", "inspector"].includes(actor.role) && inSubtree(unitPath, actor.scopePath))
      );
    case "user.manage":
      return actor.role === "admin";
  }
}

export function requireCan(actor: Actor, action: OrgAction, unitPath: string): void {
  if (!can(actor, action, unitPath)) throw new AppError(action === "org.view" ? "NOT_FOUND" : "FORBIDDEN");
}
