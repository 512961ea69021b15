// Accounts: log in (argon2id, lock-out after repeated failures, a per-client rate limit), sessions
// (random token in an HTTP-only cookie, only its hash stored), CSRF tokens, password change.
import { createHash, randomBytes } from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Clock } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Database } from "../../platform/db.ts";
import { recordAudit } from "../audit/index.ts";
import { cacheActor, cachedActor, forgetActors } from "./actor-cache.ts";
import * as repo from "./orgs.repo.ts";

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

export async function hashPassword(password: string): Promise<string> {
  return hash(password); // @node-rs/argon2 defaults to Argon2id
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= hash(randomBytes(16).toString("hex")));

export function checkPasswordStrength(password: string): void {
  if (password.length < 10 || !/[A-Za-z]/u.test(password) || !/\d/u.test(password)) throw new AppError("WEAK_PASSWORD");
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
}

export async function login(
  input: { username: string; password: string; client: string },
  deps: { database: Database; clock: Clock; config: Config },
): Promise<LoginResult> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const recent = await repo.countAttemptsSince(db, input.client, new Date(now.getTime() - 60_000));
  if (recent >= deps.config.LOGIN_RATE_PER_MINUTE) throw new AppError("RATE_LIMITED");
  const user = await repo.getUserByUsername(db, input.username);
  const fail = async (code: "LOGIN_FAILED" | "ACCOUNT_LOCKED" | "ACCOUNT_DISABLED") => {
    await repo.insertLoginAttempt(db, { client: input.client, username: input.username, ok: false, at: now });
    throw new AppError(code);
  };
  if (!user) {
    await verify(await dummyHash(), input.password).catch(() => false); // an unknown name costs as much as a wrong password
    return fail("LOGIN_FAILED");
  }
  if (user.lockedUntil && Date.parse(user.lockedUntil) > now.getTime()) return fail("ACCOUNT_LOCKED");
  const ok = await verify(user.passwordHash, input.password).catch(() => false);
  if (!ok) {
    const failures = user.failedLogins + 1;
    const lock =
      failures >= deps.config.LOGIN_MAX_FAILURES
        ? new Date(now.getTime() + deps.config.LOGIN_LOCK_MINUTES * 60_000)
        : null;
    await repo.recordLoginFailure(db, user.id, lock);
    if (lock)
      await recordAudit(db, {
        at: now,
        actorId: null,
        action: "user.locked",
        entity: "user",
        entityId: user.id,
        reason: `连续 ${failures} 次登录失败`,
      });
    return fail(lock ? "ACCOUNT_LOCKED" : "LOGIN_FAILED");
  }
  if (user.disabled) return fail("ACCOUNT_DISABLED");
  await repo.resetLoginFailures(db, user.id);
  await repo.insertLoginAttempt(db, { client: input.client, username: input.username, ok: true, at: now });
  const token = randomBytes(32).toString("base64url");
  const csrfToken = randomBytes(24).toString("base64url");
  const expiresAt = new Date(now.getTime() + deps.config.SESSION_HOURS * 3_600_000);
  await repo.insertSession(db, { id: sha256(token), userId: user.id, csrfToken, createdAt: now, expiresAt });
  return { token, csrfToken, expiresAt, userId: user.id };
}

export async function logout(token: string, deps: { database: Database }): Promise<void> {
  await repo.deleteSession(deps.database.db, sha256(token));
  forgetActors();
}

/** The actor behind a session token, or null when the session is unknown, expired or the user disabled. */
export async function actorForToken(token: string, deps: { database: Database; clock: Clock }): Promise<Actor | null> {
  const id = sha256(token);
  const now = deps.clock.now().getTime();
  const hit = cachedActor(id);
  if (hit) return hit.expiresAt > now ? hit.actor : null;
  const row = await repo.getSessionActor(deps.database.db, id);
  if (!row || row.disabled || Date.parse(row.expiresAt) <= now) return null;
  const actor = actorFromRow(row);
  cacheActor(id, actor, Date.parse(row.expiresAt));
  return actor;
}

function actorFromRow(row: repo.SessionActorRow): Actor {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    orgUnitId: row.orgUnitId,
    orgPath: row.orgPath,
    scopePath: scopePathOf(row.role, row.orgPath, row.bureauPath),
    departmentIds: row.role === "deputy" ? row.departmentIds.map(Number) : [],
    csrfToken: row.csrfToken,
  };
}

/** What a user sees: everything (admin), the bureau (leader, deputy, inspector), or their own unit's subtree. */
function scopePathOf(role: Actor["role"], orgPath: string, bureauPath: string | null): string {
  if (role === "admin") return "/";
  if (BUREAU_WIDE.has(role) && bureauPath) return bureauPath;
  return orgPath;
}

const BUREAU_WIDE = new Set(["leader", "deputy", "inspector"]);

/** The actor for a user outside a request (the demo seed acts as its users). */
export async function actorOf(user: repo.UserRow, csrfToken: string, database: Database): Promise<Actor> {
  const { db } = database;
  const unit = await repo.getUnit(db, user.orgUnitId);
  const orgPath = unit?.path ?? "/";
  const ancestors = await repo.getUnits(db, orgPath.split("/").filter(Boolean).map(Number));
  const bureau = ancestors
    .filter((a) => ["bureau", "county", "city", "province"].includes(a.type))
    .sort((a, b) => b.path.length - a.path.length)[0];
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    orgUnitId: user.orgUnitId,
    orgPath,
    scopePath: scopePathOf(user.role, orgPath, bureau?.path ?? null),
    departmentIds: user.role === "deputy" ? await repo.deputyDepartments(db, user.id) : [],
    csrfToken,
  };
}

export async function changePassword(
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  deps: { database: Database; clock: Clock },
  keepSessionToken: string,
): Promise<void> {
  const { db } = deps.database;
  const user = await repo.getUserById(db, actor.id);
  if (!user) throw new AppError("AUTH_REQUIRED");
  if (!(await verify(user.passwordHash, input.currentPassword).catch(() => false)))
    throw new AppError("PASSWORD_MISMATCH");
  checkPasswordStrength(input.newPassword);
  await deps.database.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, user.version, {
      passwordHash: await hashPassword(input.newPassword),
      mustChangePassword: false,
    });
    await repo.deleteSessionsOf(tx, user.id, sha256(keepSessionToken));
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "user.password_changed",
      entity: "user",
      entityId: user.id,
    });
    forgetActors(); // after the commit too: no request in between may have cached the old state
  });
}

/** What the web shows about the signed-in user beyond the actor: their unit and whether the password must change. */
export async function sessionProfile(
  actor: Actor,
  deps: { database: Database },
): Promise<{ orgUnit: { id: number; name: string; type: string }; mustChangePassword: boolean }> {
  const { db } = deps.database;
  const [unit, user] = await Promise.all([repo.getUnit(db, actor.orgUnitId), repo.getUserById(db, actor.id)]);
  return {
    orgUnit: { id: actor.orgUnitId, name: unit?.name ?? "", type: unit?.type ?? "" },
    mustChangePassword: user?.mustChangePassword ?? false,
  };
}
