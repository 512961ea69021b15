// The org units and leaders a plan can hand work to: the subtree of the bureau that holds the plan.
// Reads the org tree through the orgs module's public functions only.
import { AppError } from "../../../common/errors.ts";
import { inSubtree, type Actor } from "../../platform/actor.ts";
import type { Db, Tx } from "../../platform/db.ts";
import { getUnit, getUnits, getUserById, listSubtree, usersWithRoleIn, type UnitRow } from "../orgs/index.ts";
import { parentPath, requireEditorOfUnit, unitIdOfPath } from "./plans.policy.ts";

const BUREAU_TYPES = new Set(["bureau", "county", "city", "province"]);

/** The bureau (or county/city/province unit) a unit belongs to: the nearest such unit at or above it. */
export async function bureauOf(db: Db | Tx, unitPath: string): Promise<UnitRow> {
  const ids = unitPath.split("/").filter(Boolean).map(Number);
  const chain = (await getUnits(db, ids)).sort((a, b) => b.path.length - a.path.length);
  const b = chain.find((u) => BUREAU_TYPES.has(u.type)) ?? chain.at(-1);
  if (!b) throw new AppError("NOT_FOUND", { unitPath });
  return b;
}

/**
 * The unit a new plan (import, ledger, by hand) belongs to: the one named, else the actor's bureau
 * (staff: the bureau above their department; leader/deputy: the bureau they lead). 404/403 by policy.
 */
export async function planUnitFor(actor: Actor, orgUnitId: number | undefined, db: Db | Tx): Promise<UnitRow> {
  let id = orgUnitId;
  if (id === undefined) {
    if (actor.role === "staff") id = unitIdOfPath(parentPath(actor.orgPath) ?? actor.orgPath) ?? undefined;
    else if (actor.role === "leader" || actor.role === "deputy") id = unitIdOfPath(actor.scopePath) ?? undefined;
    else if (actor.role === "admin")
      throw new AppError("VALIDATION", { field: "orgUnitId", message: "请选择计划所属单位" });
    else throw new AppError("FORBIDDEN");
  }
  const unit = id === undefined ? null : await getUnit(db, id);
  if (!unit) throw new AppError("NOT_FOUND", { orgUnitId: id });
  requireEditorOfUnit(actor, unit.path);
  return unit;
}

/** Units and leader accounts of the bureau that holds a plan, with name lookup for owners and ledgers. */
export class BureauDirectory {
  private constructor(
    readonly bureau: UnitRow,
    readonly units: UnitRow[],
  ) {}

  static async load(db: Db | Tx, planUnitPath: string): Promise<BureauDirectory> {
    const bureau = await bureauOf(db, planUnitPath);
    return new BureauDirectory(bureau, await listSubtree(db, bureau.path));
  }

  contains(unitPath: string | null | undefined): boolean {
    return inSubtree(unitPath, this.bureau.path);
  }

  unitById(id: number): UnitRow | undefined {
    return this.units.find((u) => u.id === id);
  }

  /**
   * A unit by the name a document or spreadsheet uses: exact; without the bureau's own name in front
   * ("青山县教育局基础教育股"); or the one unit whose name ends with it ("中心小学" only when unique).
   */
  unitByName(raw: string): UnitRow | null {
    const name = raw.replace(/\s+/gu, "");
    if (!name) return null;
    const exact = this.units.filter((u) => u.name === name);
    if (exact.length === 1) return exact[0]!;
    if (name === this.bureau.name || /^(县|市|区|本)?(教育局|教体局|局机关)$/u.test(name)) return this.bureau;
    const bare = name.startsWith(this.bureau.name) ? name.slice(this.bureau.name.length) : name;
    const bareHit = this.units.filter((u) => u.name === bare);
    if (bareHit.length === 1) return bareHit[0]!;
    if (bare.length >= 3) {
      const ends = this.units.filter((u) => u.name.endsWith(bare) || bare.endsWith(u.name));
      if (ends.length === 1 && ends[0]!.name.length >= 3) return ends[0]!;
    }
    return null;
  }

  /** Check assignment units: all inside the bureau's subtree. */
  requireUnits(ids: number[]): void {
    const bad = ids.filter((id) => !this.unitById(id));
    if (bad.length) throw new AppError("UNIT_OUT_OF_SCOPE", { unitIds: bad });
  }

  /** A deputy (分管领导) or leader account whose unit is inside the bureau. */
  async requireDeputy(db: Db | Tx, userId: number): Promise<void> {
    const u = await getUserById(db, userId);
    const unit = u && this.unitById(u.orgUnitId);
    if (!u || u.disabled || !unit || (u.role !== "deputy" && u.role !== "leader"))
      throw new AppError("DEPUTY_INVALID", { deputyUserId: userId });
  }

  /** Leader accounts of the bureau by display name (for the 分管领导 column of a ledger). */
  async leadersByName(db: Db | Tx): Promise<Map<string, number>> {
    const ids = [
      ...(await usersWithRoleIn(db, "deputy", this.bureau.path)),
      ...(await usersWithRoleIn(db, "leader", this.bureau.path)),
    ].map((u) => u.id);
    const out = new Map<string, number>();
    for (const id of ids) {
      const u = await getUserById(db, id);
      if (u && !out.has(u.displayName)) out.set(u.displayName, u.id);
    }
    return out;
  }
}
