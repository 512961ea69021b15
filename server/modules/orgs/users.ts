// Administration of user accounts: create, edit (role, unit, disable), reset password. Admin only.
import { randomInt } from "node:crypto";
import { AppError } from "../../../common/errors.ts";
import type { Actor, Role } from "../../platform/actor.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Database } from "../../platform/db.ts";
import { recordAudit } from "../audit/index.ts";
import { checkPasswordStrength, hashPassword } from "./auth.ts";
import { forgetActors } from "./actor-cache.ts";
import { requireCan } from "./orgs.policy.ts";
import * as repo from "./orgs.repo.ts";

interface Deps {
  database: Database;
  clock: Clock;
}

/** A readable one-time password: letters and digits, no look-alikes. */
export function generatePassword(): string {
  const letters = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  const digits = "23456789";
  const pick = (s: string) => s[randomInt(s.length)]!;
  return Array.from({ length: 8 }, () => pick(letters)).join("") + pick(digits) + pick(digits) + pick(digits);
}

const safeUser = (u: repo.UserRow) => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  orgUnitId: u.orgUnitId,
  disabled: u.disabled,
  version: u.version,
});

export async function createUser(
  actor: Actor | null,
  input: {
    username: string;
    displayName: string;
    role: Role;
    orgUnitId: number;
    password?: string | undefined;
    departmentIds?: number[] | undefined;
    email?: string | null | undefined;
  },
  deps: Deps,
) {
  const unit = await repo.getUnit(deps.database.db, input.orgUnitId);
  if (!unit) throw new AppError("NOT_FOUND", { orgUnitId: input.orgUnitId });
  if (actor) requireCan(actor, "user.manage", unit.path);
  const password = input.password ?? generatePassword();
  checkPasswordStrength(password);
  if (await repo.getUserByUsername(deps.database.db, input.username)) throw new AppError("USERNAME_TAKEN");
  const passwordHash = await hashPassword(password);
  const id = await deps.database.db.transaction(async (tx) => {
    const id = await repo.insertUser(tx, {
      ...input,
      passwordHash,
      mustChangePassword: !input.password || !!actor,
      email: input.email ?? null,
    });
    if (input.role === "deputy") await repo.setDeputyDepartments(tx, id, input.departmentIds ?? []);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor?.id ?? null,
      action: "user.created",
      entity: "user",
      entityId: id,
      after: { ...input, password: undefined },
    });
    return id;
  });
  return { user: safeUser((await repo.getUserById(deps.database.db, id))!), password };
}

export async function updateUser(
  actor: Actor,
  id: number,
  input: {
    version: number;
    displayName?: string | undefined;
    role?: Role | undefined;
    orgUnitId?: number | undefined;
    disabled?: boolean | undefined;
    departmentIds?: number[] | undefined;
    email?: string | null | undefined;
  },
  deps: Deps,
) {
  const { db } = deps.database;
  const user = await repo.getUserById(db, id);
  const unit = user && (await repo.getUnit(db, user.orgUnitId));
  if (!user || !unit) throw new AppError("NOT_FOUND");
  requireCan(actor, "user.manage", unit.path);
  // an administrator who disables their own account locks themselves (maybe the last admin) out
  if (input.disabled && actor.id === id) throw new AppError("CANNOT_DISABLE_SELF");
  // nor one who takes away their own admin role (the same role again is a no-op, the edit form sends it)
  if (input.role !== undefined && input.role !== user.role && actor.id === id)
    throw new AppError("CANNOT_CHANGE_OWN_ROLE");
  if (input.orgUnitId !== undefined && !(await repo.getUnit(db, input.orgUnitId)))
    throw new AppError("NOT_FOUND", { orgUnitId: input.orgUnitId });
  await db.transaction(async (tx) => {
    const { version, departmentIds, ...set } = input;
    // someone must stay able to manage accounts: the last active administrator keeps the role and the account
    const losesAdmin = (input.role !== undefined && input.role !== "admin") || input.disabled === true;
    if (user.role === "admin" && !user.disabled && losesAdmin) {
      const others = (await repo.lockActiveAdmins(tx)).filter((x) => x !== id);
      if (others.length === 0) throw new AppError("LAST_ADMIN");
    }
    if (!(await repo.updateUser(tx, id, version, set))) throw new AppError("STALE_VERSION");
    if (departmentIds) await repo.setDeputyDepartments(tx, id, departmentIds);
    if (set.disabled) await repo.deleteSessionsOf(tx, id);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "user.updated",
      entity: "user",
      entityId: id,
      before: safeUser(user),
      after: input,
    });
    forgetActors(); // after the commit too
  });
  return safeUser((await repo.getUserById(db, id))!);
}

export async function resetPassword(actor: Actor, id: number, deps: Deps) {
  const { db } = deps.database;
  const user = await repo.getUserById(db, id);
  const unit = user && (await repo.getUnit(db, user.orgUnitId));
  if (!user || !unit) throw new AppError("NOT_FOUND");
  requireCan(actor, "user.manage", unit.path);
  const password = generatePassword();
  await db.transaction(async (tx) => {
    if (
      !(await repo.updateUser(tx, id, user.version, {
        passwordHash: await hashPassword(password),
        mustChangePassword: true,
      }))
    )
      throw new AppError("STALE_VERSION");
    await repo.deleteSessionsOf(tx, id);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "user.password_reset",
      entity: "user",
      entityId: id,
    });
    forgetActors(); // after the commit too
  });
  return { password };
}

export async function listUsers(actor: Actor, deps: Deps) {
  requireCan(actor, "user.list", actor.scopePath);
  return repo.listUsersInSubtree(deps.database.db, actor.role === "admin" ? "/" : actor.scopePath);
}

/** The org tree the actor can see: their scope's subtree, plus the chain of units above it. */
export async function orgTree(actor: Actor, deps: Deps) {
  const { db } = deps.database;
  if (actor.role === "admin") return repo.listAllUnits(db);
  const above = actor.orgPath.split("/").filter(Boolean).map(Number);
  const chain = (await repo.getUnits(db, above)).sort((a, b) => a.path.length - b.path.length);
  // bureau people assign work anywhere in the bureau's tree; schools and townships see their own
  const bureau = ["school", "township"].includes(actor.role)
    ? null
    : [...chain].reverse().find((u) => ["bureau", "county", "city", "province"].includes(u.type));
  const sub = await repo.listSubtree(db, bureau?.path ?? actor.scopePath);
  const seen = new Set<number>();
  return [...chain, ...sub].filter((u) => !seen.has(u.id) && seen.add(u.id));
}

/** Add a unit to the org tree (admin): a production install builds its bureau, departments and schools. */
export async function createUnit(
  actor: Actor,
  input: {
    parentId: number | null;
    type: string;
    name: string;
    code?: string | null | undefined;
    schoolType?: string | null | undefined;
    ownership?: string | null | undefined;
  },
  deps: Deps,
) {
  const parent = input.parentId === null ? null : await repo.getUnit(deps.database.db, input.parentId);
  if (input.parentId !== null && !parent) throw new AppError("NOT_FOUND", { parentId: input.parentId });
  requireCan(actor, "user.manage", parent?.path ?? "/");
  return deps.database.db.transaction(async (tx) => {
    if (input.code && (await repo.unitByCode(tx, input.code))) throw new AppError("CONFLICT", { code: input.code });
    const unit = await repo.insertUnit(tx, {
      parentId: input.parentId,
      type: input.type,
      name: input.name,
      code: input.code ?? null,
      schoolType: input.schoolType ?? null,
      ownership: input.ownership ?? null,
    });
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "org_unit.created",
      entity: "org_unit",
      entityId: unit.id,
      after: unit,
    });
    return unit;
  });
}
