// Who sees and writes which units' data. A school enters its own data; a township/教管中心 user sees,
// enters and approves its subtree; county staff (股室) and the admin act on the whole county; leaders,
// deputies, inspectors and observers read the county. The one place these rules live.
import { sql } from "drizzle-orm";
import { AppError } from "../../../../common/errors.ts";
import { inSubtree, type Actor } from "../../../platform/actor.ts";
import { run, type Db, type Tx } from "../../../platform/db.ts";

export type DataLevel = "county" | "township" | "school";

export interface DataScope {
  /** Subtree the actor sees ("/" for the admin). */
  path: string;
  /** The unit at the top of that subtree (0 for the admin). */
  unitId: number;
  level: DataLevel;
  /** May enter data, approve, run rounds and edit the registry (within `path`). */
  write: boolean;
}

const COUNTY_TYPES = ["county", "city", "province"];
const READERS = new Set(["leader", "deputy", "inspector", "observer"]);

/** The county (or city/province) above the actor's unit: the subtree of county-level roles. */
export async function dataScope(actor: Actor, db: Db | Tx): Promise<DataScope> {
  if (actor.role === "admin") return { path: "/", unitId: 0, level: "county", write: true };
  if (actor.role === "school") return { path: actor.orgPath, unitId: actor.orgUnitId, level: "school", write: true };
  if (actor.role === "township")
    return { path: actor.orgPath, unitId: actor.orgUnitId, level: "township", write: true };
  const ids = actor.orgPath.split("/").filter(Boolean).map(Number);
  const r = await run(
    db,
    sql`SELECT id, path, type FROM org_units WHERE id = ANY(${`{${ids.join(",")}}`}::int[]) ORDER BY length(path) DESC`,
  );
  const rows = r.rows as { id: number; path: string; type: string }[];
  const top = rows.find((u) => COUNTY_TYPES.includes(u.type)) ?? rows.find((u) => u.type === "bureau") ?? rows[0];
  return {
    path: top?.path ?? actor.orgPath,
    unitId: top?.id ?? actor.orgUnitId,
    level: "county",
    write: !READERS.has(actor.role),
  };
}

export function canView(scope: DataScope, unitPath: string): boolean {
  return inSubtree(unitPath, scope.path);
}

/** 404 when the unit is outside what the actor sees. */
export function requireView(scope: DataScope, unitPath: string): void {
  if (!canView(scope, unitPath)) throw new AppError("NOT_FOUND");
}

/** Enter or correct data of the unit: writers, inside their subtree. */
export function canWrite(scope: DataScope, unitPath: string): boolean {
  return scope.write && inSubtree(unitPath, scope.path);
}

export function requireWrite(scope: DataScope, unitPath: string): void {
  requireView(scope, unitPath);
  if (!canWrite(scope, unitPath)) throw new AppError("FORBIDDEN");
}

/** County-level administration (rounds, registry, groups, rules): county staff and the admin. */
export function requireCountyWriter(scope: DataScope): void {
  if (!(scope.write && scope.level === "county")) throw new AppError("FORBIDDEN");
}
