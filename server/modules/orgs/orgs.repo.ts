// All SQL of the orgs module: org_units, users, deputy_departments, sessions, login_attempts.
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../platform/db.ts";
import type { Role } from "../../platform/actor.ts";
import { schoolTypeCode } from "../../../common/schemas/indicators-data.ts";
import { forgetActors } from "./actor-cache.ts";

export interface UnitRow {
  id: number;
  parentId: number | null;
  type: string;
  name: string;
  code: string | null;
  path: string;
  schoolType: string | null;
  ownership: string | null;
}

const UNIT_COLS = sql`id, parent_id AS "parentId", type, name, code, path, school_type AS "schoolType", ownership`;

export async function insertUnit(
  db: Db | Tx,
  u: {
    parentId: number | null;
    type: string;
    name: string;
    code?: string | null;
    schoolType?: string | null;
    ownership?: string | null;
    sort?: number;
    /** 学校标识码; for a school with a 10-digit `code` and none given, the code. */
    schoolCode?: string | null;
    inclusive?: boolean | null;
    locality?: string | null;
  },
): Promise<UnitRow> {
  const schoolCode =
    u.schoolCode !== undefined ? u.schoolCode : u.type === "school" && /^\d{10}$/u.test(u.code ?? "") ? u.code! : null;
  // school types are stored as codes ('primary'); a Chinese name ('小学') is accepted
  const schoolType = u.schoolType ? (schoolTypeCode(u.schoolType) ?? u.schoolType) : null;
  const r = await run(
    db,
    sql`INSERT INTO org_units (parent_id, type, name, code, school_type, ownership, sort, school_code, inclusive, locality)
    VALUES (${u.parentId}, ${u.type}, ${u.name}, ${u.code ?? null}, ${schoolType}, ${u.ownership ?? null}, ${u.sort ?? 0},
      ${schoolCode}, ${u.inclusive ?? null}::boolean, ${u.locality ?? null}) RETURNING id`,
  );
  const id = (r.rows[0] as { id: number }).id;
  await run(
    db,
    sql`UPDATE org_units SET path = COALESCE((SELECT p.path FROM org_units p WHERE p.id = ${u.parentId}), '/') || ${id}::text || '/' WHERE id = ${id}`,
  );
  return (await getUnit(db, id))!;
}

export async function getUnit(db: Db | Tx, id: number): Promise<UnitRow | null> {
  const r = await run(db, sql`SELECT ${UNIT_COLS} FROM org_units WHERE id = ${id}`);
  return (r.rows[0] as unknown as UnitRow | undefined) ?? null;
}

export async function getUnits(db: Db | Tx, ids: number[]): Promise<UnitRow[]> {
  if (!ids.length) return [];
  const r = await run(db, sql`SELECT ${UNIT_COLS} FROM org_units WHERE id = ANY(${`{${ids.join(",")}}`}::int[])`);
  return r.rows as unknown as UnitRow[];
}

export async function listSubtree(db: Db | Tx, rootPath: string): Promise<UnitRow[]> {
  const r = await run(
    db,
    sql`SELECT ${UNIT_COLS} FROM org_units WHERE path LIKE ${rootPath + "%"} ORDER BY path, sort, id`,
  );
  return r.rows as unknown as UnitRow[];
}

export async function listAllUnits(db: Db | Tx): Promise<UnitRow[]> {
  const r = await run(db, sql`SELECT ${UNIT_COLS} FROM org_units ORDER BY sort, id`);
  return r.rows as unknown as UnitRow[];
}

export interface UserRow {
  id: number;
  username: string;
  displayName: string;
  passwordHash: string;
  role: Role;
  orgUnitId: number;
  disabled: boolean;
  mustChangePassword: boolean;
  failedLogins: number;
  lockedUntil: string | null;
  email: string | null;
  version: number;
}

const USER_COLS = sql`id, username, display_name AS "displayName", password_hash AS "passwordHash", role, org_unit_id AS "orgUnitId",
  disabled, must_change_password AS "mustChangePassword", failed_logins AS "failedLogins", locked_until AS "lockedUntil", email, version`;

export async function insertUser(
  db: Db | Tx,
  u: {
    username: string;
    displayName: string;
    passwordHash: string;
    role: Role;
    orgUnitId: number;
    mustChangePassword: boolean;
    email?: string | null;
  },
): Promise<number> {
  const r = await run(
    db,
    sql`INSERT INTO users (username, display_name, password_hash, role, org_unit_id, must_change_password, email)
    VALUES (${u.username}, ${u.displayName}, ${u.passwordHash}, ${u.role}, ${u.orgUnitId}, ${u.mustChangePassword}, ${u.email ?? null}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function getUserById(db: Db | Tx, id: number): Promise<UserRow | null> {
  const r = await run(db, sql`SELECT ${USER_COLS} FROM users WHERE id = ${id}`);
  return (r.rows[0] as unknown as UserRow | undefined) ?? null;
}

export async function getUserByUsername(db: Db | Tx, username: string): Promise<UserRow | null> {
  const r = await run(db, sql`SELECT ${USER_COLS} FROM users WHERE username = ${username}`);
  return (r.rows[0] as unknown as UserRow | undefined) ?? null;
}

export async function listUsersInSubtree(
  db: Db | Tx,
  rootPath: string,
): Promise<(Omit<UserRow, "passwordHash"> & { unitName: string })[]> {
  const r = await run(
    db,
    sql`SELECT u.id, u.username, u.display_name AS "displayName", u.role, u.org_unit_id AS "orgUnitId", u.disabled,
      u.must_change_password AS "mustChangePassword", u.failed_logins AS "failedLogins", u.locked_until AS "lockedUntil", u.email, u.version, o.name AS "unitName"
    FROM users u JOIN org_units o ON o.id = u.org_unit_id WHERE o.path LIKE ${rootPath + "%"} ORDER BY o.path, u.id`,
  );
  return r.rows as unknown as (Omit<UserRow, "passwordHash"> & { unitName: string })[];
}

/** Users of a role whose unit is in the subtree (e.g. the leaders of a bureau). */
export async function usersWithRoleIn(
  db: Db | Tx,
  role: Role,
  rootPath: string,
): Promise<{ id: number; email: string | null }[]> {
  const r = await run(
    db,
    sql`SELECT u.id, u.email FROM users u JOIN org_units o ON o.id = u.org_unit_id
    WHERE u.role = ${role} AND NOT u.disabled AND o.path LIKE ${rootPath + "%"}`,
  );
  return r.rows as unknown as { id: number; email: string | null }[];
}

/** Active users belonging exactly to one unit. */
export async function usersOfUnit(
  db: Db | Tx,
  unitId: number,
): Promise<{ id: number; role: Role; email: string | null }[]> {
  const r = await run(db, sql`SELECT id, role, email FROM users WHERE org_unit_id = ${unitId} AND NOT disabled`);
  return r.rows as unknown as { id: number; role: Role; email: string | null }[];
}

/** Ids of the active administrators, locked until the transaction ends (two admins demoting each other). */
export async function lockActiveAdmins(tx: Tx): Promise<number[]> {
  const r = await run(tx, sql`SELECT id FROM users WHERE role = 'admin' AND NOT disabled ORDER BY id FOR UPDATE`);
  return (r.rows as unknown as { id: number }[]).map((x) => x.id);
}

export async function updateUser(
  db: Db | Tx,
  id: number,
  version: number,
  set: Partial<{
    displayName: string;
    passwordHash: string;
    role: Role;
    orgUnitId: number;
    disabled: boolean;
    mustChangePassword: boolean;
    email: string | null;
  }>,
): Promise<boolean> {
  const r = await run(
    db,
    sql`UPDATE users SET
      display_name = COALESCE(${set.displayName ?? null}, display_name),
      password_hash = COALESCE(${set.passwordHash ?? null}, password_hash),
      role = COALESCE(${set.role ?? null}, role),
      org_unit_id = COALESCE(${set.orgUnitId ?? null}::int, org_unit_id),
      disabled = COALESCE(${set.disabled ?? null}::boolean, disabled),
      must_change_password = COALESCE(${set.mustChangePassword ?? null}::boolean, must_change_password),
      email = CASE WHEN ${set.email !== undefined} THEN ${set.email ?? null} ELSE email END,
      failed_logins = CASE WHEN ${set.passwordHash !== undefined} THEN 0 ELSE failed_logins END,
      locked_until = CASE WHEN ${set.passwordHash !== undefined} THEN NULL ELSE locked_until END,
      version = version + 1
    WHERE id = ${id} AND version = ${version} RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function recordLoginFailure(db: Db | Tx, userId: number, lockUntil: Date | null): Promise<void> {
  forgetActors();
  await run(
    db,
    sql`UPDATE users SET failed_logins = failed_logins + 1, locked_until = COALESCE(${lockUntil?.toISOString() ?? null}::timestamptz, locked_until) WHERE id = ${userId}`,
  );
}

export async function resetLoginFailures(db: Db | Tx, userId: number): Promise<void> {
  await run(db, sql`UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = ${userId}`);
}

export async function setDeputyDepartments(db: Db | Tx, userId: number, unitIds: number[]): Promise<void> {
  await run(db, sql`DELETE FROM deputy_departments WHERE user_id = ${userId}`);
  for (const u of unitIds)
    await run(db, sql`INSERT INTO deputy_departments (user_id, org_unit_id) VALUES (${userId}, ${u})`);
}

export async function deputyDepartments(db: Db | Tx, userId: number): Promise<number[]> {
  forgetActors();
  const r = await run(db, sql`SELECT org_unit_id AS id FROM deputy_departments WHERE user_id = ${userId}`);
  return (r.rows as { id: number }[]).map((x) => x.id);
}

/** The deputy leaders in charge of a department. */
export async function deputiesOf(db: Db | Tx, departmentId: number): Promise<number[]> {
  const r = await run(
    db,
    sql`SELECT d.user_id AS id FROM deputy_departments d JOIN users u ON u.id = d.user_id WHERE d.org_unit_id = ${departmentId} AND NOT u.disabled`,
  );
  return (r.rows as { id: number }[]).map((x) => x.id);
}

export async function insertSession(
  db: Db | Tx,
  s: { id: string; userId: number; csrfToken: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await run(
    db,
    sql`INSERT INTO sessions (id, user_id, csrf_token, created_at, expires_at) VALUES (${s.id}, ${s.userId}, ${s.csrfToken}, ${s.createdAt.toISOString()}, ${s.expiresAt.toISOString()})`,
  );
}

export async function getSession(
  db: Db | Tx,
  id: string,
): Promise<{ userId: number; csrfToken: string; expiresAt: string } | null> {
  const r = await run(
    db,
    sql`SELECT user_id AS "userId", csrf_token AS "csrfToken", expires_at AS "expiresAt" FROM sessions WHERE id = ${id}`,
  );
  return (r.rows[0] as { userId: number; csrfToken: string; expiresAt: string } | undefined) ?? null;
}

export async function deleteSession(db: Db | Tx, id: string): Promise<void> {
  await run(db, sql`DELETE FROM sessions WHERE id = ${id}`);
}

export async function deleteSessionsOf(db: Db | Tx, userId: number, except?: string): Promise<void> {
  forgetActors();
  await run(db, sql`DELETE FROM sessions WHERE user_id = ${userId} AND id <> ${except ?? ""}`);
}

export async function insertLoginAttempt(
  db: Db | Tx,
  a: { client: string; username: string; ok: boolean; at: Date },
): Promise<void> {
  forgetActors();
  await run(
    db,
    sql`INSERT INTO login_attempts (client, username, ok, at) VALUES (${a.client}, ${a.username}, ${a.ok}, ${a.at.toISOString()})`,
  );
}

export async function countAttemptsSince(db: Db | Tx, client: string, since: Date): Promise<number> {
  const r = await run(
    db,
    sql`SELECT count(*)::int AS n FROM login_attempts WHERE client = ${client} AND at > ${since.toISOString()}`,
  );
  return (r.rows[0] as { n: number }).n;
}

export interface SessionActorRow {
  csrfToken: string;
  expiresAt: string;
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number;
  disabled: boolean;
  orgPath: string;
  /** Path of the nearest bureau/county/city/province unit at or above the user's unit. */
  bureauPath: string | null;
  departmentIds: number[];
}

/** Everything a request needs to know about its caller, in one query (runs on every request). */
export async function getSessionActor(db: Db | Tx, sessionId: string): Promise<SessionActorRow | null> {
  const r = await run(
    db,
    sql`SELECT s.csrf_token AS "csrfToken", s.expires_at AS "expiresAt", u.id, u.username,
      u.display_name AS "displayName", u.role, u.org_unit_id AS "orgUnitId", u.disabled, o.path AS "orgPath",
      (SELECT b.path FROM org_units b
        WHERE b.id = ANY (string_to_array(trim(both '/' from o.path), '/')::int[])
          AND b.type IN ('bureau', 'county', 'city', 'province')
        ORDER BY length(b.path) DESC LIMIT 1) AS "bureauPath",
      COALESCE((SELECT array_agg(d.org_unit_id) FROM deputy_departments d WHERE d.user_id = u.id), '{}') AS "departmentIds"
    FROM sessions s JOIN users u ON u.id = s.user_id JOIN org_units o ON o.id = u.org_unit_id
    WHERE s.id = ${sessionId}`,
  );
  return (r.rows[0] as unknown as SessionActorRow | undefined) ?? null;
}

export async function unitByCode(db: Db | Tx, code: string): Promise<UnitRow | null> {
  const r = await run(db, sql`SELECT ${UNIT_COLS} FROM org_units WHERE code = ${code}`);
  return (r.rows[0] as unknown as UnitRow | undefined) ?? null;
}
