// SQL of the school registry: the registry attributes of org_units (added by migration 002: school_code,
// inclusive, locality, active, version; and school_type/ownership), unit_groups, unit_group_members.
// New units go through orgs' insertUnit (it keeps the materialised path); a move re-paths the subtree here.
import { sql } from "drizzle-orm";
import { run, type Db, type Tx } from "../../../platform/db.ts";
import { pgArray } from "../data/data.repo.ts";
import type { RegistryUnit } from "../../../../common/schemas/indicators-data.ts";

export type { RegistryUnit };

const COLS = sql`id, parent_id AS "parentId", type, name, code, path, school_code AS "schoolCode", school_type AS "schoolType",
  ownership, inclusive, locality, active, sort, version`;

export async function listRegistry(db: Db | Tx, path: string): Promise<RegistryUnit[]> {
  const r = await run(db, sql`SELECT ${COLS} FROM org_units WHERE path LIKE ${path + "%"} ORDER BY path, sort, id`);
  return r.rows as unknown as RegistryUnit[];
}

export async function getRegistryUnit(db: Db | Tx, id: number): Promise<RegistryUnit | null> {
  const r = await run(db, sql`SELECT ${COLS} FROM org_units WHERE id = ${id}`);
  return (r.rows[0] as unknown as RegistryUnit | undefined) ?? null;
}

export async function unitsBySchoolCode(db: Db | Tx, codes: string[]): Promise<RegistryUnit[]> {
  if (!codes.length) return [];
  const r = await run(db, sql`SELECT ${COLS} FROM org_units WHERE school_code = ANY(${pgArray(codes)}::text[])`);
  return r.rows as unknown as RegistryUnit[];
}

export async function unitsByCode(db: Db | Tx, codes: string[]): Promise<RegistryUnit[]> {
  if (!codes.length) return [];
  const r = await run(db, sql`SELECT ${COLS} FROM org_units WHERE code = ANY(${pgArray(codes)}::text[])`);
  return r.rows as unknown as RegistryUnit[];
}

export type UnitPatch = Partial<Omit<RegistryUnit, "id" | "path" | "version">>;

/** Update the given fields with an optimistic version check; false when the version is stale. */
export async function updateRegistryUnit(
  db: Db | Tx,
  id: number,
  version: number | null,
  p: UnitPatch,
): Promise<boolean> {
  const has = (k: keyof UnitPatch) => p[k] !== undefined;
  const r = await run(
    db,
    sql`UPDATE org_units SET
      name = CASE WHEN ${has("name")} THEN ${p.name ?? null} ELSE name END,
      type = CASE WHEN ${has("type")} THEN ${p.type ?? null} ELSE type END,
      code = CASE WHEN ${has("code")} THEN ${p.code ?? null} ELSE code END,
      school_code = CASE WHEN ${has("schoolCode")} THEN ${p.schoolCode ?? null} ELSE school_code END,
      school_type = CASE WHEN ${has("schoolType")} THEN ${p.schoolType ?? null} ELSE school_type END,
      ownership = CASE WHEN ${has("ownership")} THEN ${p.ownership ?? null} ELSE ownership END,
      inclusive = CASE WHEN ${has("inclusive")} THEN ${p.inclusive ?? null}::boolean ELSE inclusive END,
      locality = CASE WHEN ${has("locality")} THEN ${p.locality ?? null} ELSE locality END,
      active = CASE WHEN ${has("active")} THEN ${p.active ?? null}::boolean ELSE active END,
      sort = CASE WHEN ${has("sort")} THEN ${p.sort ?? null}::int ELSE sort END,
      version = version + 1
    WHERE id = ${id} AND (${version}::int IS NULL OR version = ${version}::int) RETURNING id`,
  );
  return r.rows.length === 1;
}

/** Move a unit under a new parent and rewrite the paths of its whole subtree. */
export async function moveUnit(db: Db | Tx, id: number, oldPath: string, newParentPath: string, newParentId: number) {
  const newPath = `${newParentPath}${id}/`;
  await run(db, sql`UPDATE org_units SET parent_id = ${newParentId} WHERE id = ${id}`);
  await run(
    db,
    sql`UPDATE org_units SET path = ${newPath} || substr(path, ${oldPath.length + 1}) WHERE path LIKE ${oldPath + "%"}`,
  );
}

// --- unit groups

export interface GroupRow {
  id: number;
  ownerUnitId: number;
  name: string;
  description: string;
  version: number;
  unitIds: number[];
}

const GROUP_COLS = sql`g.id, g.owner_unit_id AS "ownerUnitId", g.name, g.description, g.version,
  COALESCE((SELECT array_agg(m.org_unit_id ORDER BY m.org_unit_id) FROM unit_group_members m WHERE m.group_id = g.id), '{}') AS "unitIds"`;

/** Groups owned by a unit on the given path or above it (a county's groups are visible to its schools). */
export async function listGroups(db: Db | Tx, path: string): Promise<GroupRow[]> {
  const r = await run(
    db,
    sql`SELECT ${GROUP_COLS} FROM unit_groups g JOIN org_units o ON o.id = g.owner_unit_id
    WHERE o.path LIKE ${path + "%"} OR ${path} LIKE o.path || '%' ORDER BY g.name, g.id`,
  );
  return r.rows as unknown as GroupRow[];
}

export async function getGroup(db: Db | Tx, id: number): Promise<(GroupRow & { ownerPath: string }) | null> {
  const r = await run(
    db,
    sql`SELECT ${GROUP_COLS}, o.path AS "ownerPath" FROM unit_groups g JOIN org_units o ON o.id = g.owner_unit_id WHERE g.id = ${id}`,
  );
  return (r.rows[0] as unknown as (GroupRow & { ownerPath: string }) | undefined) ?? null;
}

export async function groupNameTaken(
  db: Db | Tx,
  ownerUnitId: number,
  name: string,
  exceptId: number,
): Promise<boolean> {
  const r = await run(
    db,
    sql`SELECT 1 FROM unit_groups WHERE owner_unit_id = ${ownerUnitId} AND name = ${name} AND id <> ${exceptId}`,
  );
  return r.rows.length > 0;
}

export async function insertGroup(
  db: Db | Tx,
  g: { ownerUnitId: number; name: string; description: string; at: Date },
) {
  const r = await run(
    db,
    sql`INSERT INTO unit_groups (owner_unit_id, name, description, created_at) VALUES (${g.ownerUnitId}, ${g.name}, ${g.description}, ${g.at.toISOString()}) RETURNING id`,
  );
  return (r.rows[0] as { id: number }).id;
}

export async function updateGroup(
  db: Db | Tx,
  id: number,
  version: number,
  p: { name?: string | undefined; description?: string | undefined },
) {
  const r = await run(
    db,
    sql`UPDATE unit_groups SET name = COALESCE(${p.name ?? null}, name), description = COALESCE(${p.description ?? null}, description),
      version = version + 1 WHERE id = ${id} AND version = ${version} RETURNING id`,
  );
  return r.rows.length === 1;
}

export async function setGroupMembers(db: Db | Tx, id: number, unitIds: number[]) {
  await run(db, sql`DELETE FROM unit_group_members WHERE group_id = ${id}`);
  if (unitIds.length)
    await run(
      db,
      sql`INSERT INTO unit_group_members (group_id, org_unit_id) SELECT ${id}, u FROM unnest(${pgArray(unitIds)}::int[]) AS t(u)`,
    );
}

export async function deleteGroup(db: Db | Tx, id: number) {
  await run(db, sql`DELETE FROM unit_groups WHERE id = ${id}`);
}

export async function unitPaths(db: Db | Tx, ids: number[]): Promise<{ id: number; path: string }[]> {
  if (!ids.length) return [];
  const r = await run(db, sql`SELECT id, path FROM org_units WHERE id = ANY(${pgArray(ids)}::int[])`);
  return r.rows as unknown as { id: number; path: string }[];
}
