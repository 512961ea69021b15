// The school registry (学校登记): list the units of the caller's subtree with their school attributes,
// add a unit, edit one (name, parent, codes, type and attributes, with version), and unit groups.
// County staff and the admin edit; everyone in the county reads.
import { AppError } from "../../../../common/errors.ts";
import { inSubtree, type Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import type { Db, Tx } from "../../../platform/db.ts";
import { recordAudit } from "../../audit/index.ts";
import { insertUnit } from "../../orgs/index.ts";
import { dataScope, requireCountyWriter, requireView, type DataScope } from "../data/scope.ts";
import * as repo from "./registry.repo.ts";

export interface UnitInput {
  parentId?: number | undefined;
  type?: string | undefined;
  name?: string | undefined;
  code?: string | null | undefined;
  schoolCode?: string | null | undefined;
  schoolType?: string | null | undefined;
  ownership?: "public" | "private" | null | undefined;
  inclusive?: boolean | null | undefined;
  locality?: "urban" | "town" | "rural" | null | undefined;
  active?: boolean | undefined;
  sort?: number | undefined;
}

export async function listRegistry(actor: Actor, rootId: number | undefined, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  let path = scope.path;
  if (rootId !== undefined) {
    const root = await repo.getRegistryUnit(db, rootId);
    if (!root) throw new AppError("NOT_FOUND");
    requireView(scope, root.path);
    path = root.path;
  }
  return repo.listRegistry(db, path);
}

async function parentFor(db: Db | Tx, scope: DataScope, parentId: number) {
  const parent = await repo.getRegistryUnit(db, parentId);
  if (!parent || !inSubtree(parent.path, scope.path)) throw new AppError("UNIT_OUT_OF_SCOPE", { parentId });
  if (parent.type === "school") throw new AppError("VALIDATION", { field: "parentId", message: "学校下不能再建单位" });
  return parent;
}

async function requireFreeSchoolCode(db: Db | Tx, code: string | null | undefined, exceptId: number) {
  if (!code) return;
  const hit = (await repo.unitsBySchoolCode(db, [code]))[0];
  if (hit && hit.id !== exceptId)
    throw new AppError("CONFLICT", {
      schoolCode: code,
      unitId: hit.id,
      message: `学校标识码 ${code} 已被“${hit.name}”使用`,
    });
}

export async function createRegistryUnit(
  actor: Actor,
  input: UnitInput & { parentId: number; type: string; name: string },
  deps: Deps,
) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  return db.transaction(async (tx) => {
    const parent = await parentFor(tx, scope, input.parentId);
    await requireFreeSchoolCode(tx, input.schoolCode, 0);
    const unit = await insertUnit(tx, {
      parentId: parent.id,
      type: input.type,
      name: input.name,
      code: input.code ?? null,
      schoolType: input.schoolType ?? null,
      ownership: input.ownership ?? null,
      schoolCode: input.schoolCode ?? null,
      inclusive: input.inclusive ?? null,
      locality: input.locality ?? null,
      sort: input.sort ?? 0,
    });
    if (input.active === false) await repo.updateRegistryUnit(tx, unit.id, null, { active: false });
    const row = (await repo.getRegistryUnit(tx, unit.id))!;
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "org_unit.created",
      entity: "org_unit",
      entityId: row.id,
      after: row,
    });
    return row;
  });
}

export async function updateRegistryUnit(actor: Actor, id: number, input: UnitInput & { version: number }, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  return db.transaction(async (tx) => {
    const before = await repo.getRegistryUnit(tx, id);
    if (!before) throw new AppError("NOT_FOUND");
    requireView(scope, before.path);
    if (before.path === scope.path && input.parentId !== undefined && input.parentId !== before.parentId)
      throw new AppError("FORBIDDEN", { message: "不能移动本级单位" });
    await requireFreeSchoolCode(tx, input.schoolCode, id);
    const { version, parentId, ...patch } = input;
    if (!(await repo.updateRegistryUnit(tx, id, version, patch))) throw new AppError("STALE_VERSION");
    if (parentId !== undefined && parentId !== before.parentId) {
      const parent = await parentFor(tx, scope, parentId);
      if (inSubtree(parent.path, before.path))
        throw new AppError("VALIDATION", { field: "parentId", message: "不能把单位移到它自己的下级单位之下" });
      await repo.moveUnit(tx, id, before.path, parent.path, parent.id);
    }
    const after = (await repo.getRegistryUnit(tx, id))!;
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "org_unit.updated",
      entity: "org_unit",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

// --- unit groups (e.g. 城区学校, 薄弱学校, 优质均衡创建校)

export async function listGroups(actor: Actor, deps: Deps) {
  const { db } = deps.database;
  return repo.listGroups(db, (await dataScope(actor, db)).path);
}

async function checkMembers(db: Db | Tx, scope: DataScope, unitIds: number[]) {
  const ids = [...new Set(unitIds)];
  const found = await repo.unitPaths(db, ids);
  const bad = ids.filter((id) => !found.some((f) => f.id === id && inSubtree(f.path, scope.path)));
  if (bad.length) throw new AppError("UNIT_OUT_OF_SCOPE", { unitIds: bad });
  return ids;
}

export async function createGroup(
  actor: Actor,
  input: { name: string; description?: string | undefined; unitIds: number[] },
  deps: Deps,
) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  const owner = scope.unitId || (await repo.listRegistry(db, "/"))[0]?.id;
  if (!owner) throw new AppError("NOT_FOUND");
  return db.transaction(async (tx) => {
    const ids = await checkMembers(tx, scope, input.unitIds);
    if (await repo.groupNameTaken(tx, owner, input.name, 0)) throw new AppError("CONFLICT", { name: input.name });
    const id = await repo.insertGroup(tx, {
      ownerUnitId: owner,
      name: input.name,
      description: input.description ?? "",
      at: deps.clock.now(),
    });
    await repo.setGroupMembers(tx, id, ids);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "unit_group.created",
      entity: "unit_group",
      entityId: id,
      after: input,
    });
    return (await repo.getGroup(tx, id))!;
  });
}

async function loadGroup(db: Db | Tx, scope: DataScope, id: number) {
  const g = await repo.getGroup(db, id);
  if (!g || !(inSubtree(g.ownerPath, scope.path) || inSubtree(scope.path, g.ownerPath)))
    throw new AppError("NOT_FOUND");
  requireCountyWriter(scope);
  if (!inSubtree(g.ownerPath, scope.path)) throw new AppError("FORBIDDEN");
  return g;
}

export async function updateGroup(
  actor: Actor,
  id: number,
  input: {
    version: number;
    name?: string | undefined;
    description?: string | undefined;
    unitIds?: number[] | undefined;
  },
  deps: Deps,
) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  return db.transaction(async (tx) => {
    const before = await loadGroup(tx, scope, id);
    if (input.name && (await repo.groupNameTaken(tx, before.ownerUnitId, input.name, id)))
      throw new AppError("CONFLICT", { name: input.name });
    if (!(await repo.updateGroup(tx, id, input.version, input))) throw new AppError("STALE_VERSION");
    if (input.unitIds) await repo.setGroupMembers(tx, id, await checkMembers(tx, scope, input.unitIds));
    const after = (await repo.getGroup(tx, id))!;
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "unit_group.updated",
      entity: "unit_group",
      entityId: id,
      before,
      after,
    });
    return after;
  });
}

export async function deleteGroup(actor: Actor, id: number, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  await db.transaction(async (tx) => {
    const before = await loadGroup(tx, scope, id);
    await repo.deleteGroup(tx, id);
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.id,
      action: "unit_group.deleted",
      entity: "unit_group",
      entityId: id,
      before,
    });
  });
  return { ok: true };
}
