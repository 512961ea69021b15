// Approval up the levels (上报 → 审核 → 锁定), docs/data-collection.md:
// - submit: the unit (or a level above acting for it) sends its form up; every 'error' rule must pass and
//   every unit directly below it in the round (its schools, for a township) must be approved already.
// - approve: the level above (the nearest ancestor with a form in the round, or the county for the round's
//   root): a township/教管中心's approval → 'approved'; the county's (the root level) → 'locked', and the
//   units below that were approved by the township are locked with it.
// - return (退回): the approver sends a submitted form back with a reason → 'open'.
// - reopen (重新打开): the approver or a level above, with a reason, opens approved/locked data again; every
//   form above it that had been submitted or approved re-opens too (their approval covered this data).
// Any status but 'open' refuses data writes (DATA_LOCKED).
import { AppError } from "../../../../common/errors.ts";
import { inSubtree, type Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import * as repo from "./data.repo.ts";
import { loadRound, requireRoundOpen } from "./rounds.ts";
import { dataScope, requireView, type DataScope } from "./scope.ts";
import { violationsFor } from "./validate.ts";

export type ApprovalAction = "submit" | "approve" | "return" | "reopen";

type Row = repo.RoundUnitRow;

/** The nearest ancestor of a row that has a form in the round (null for the root). */
function parentRow(rows: Map<number, Row>, row: Row): Row | null {
  const ids = row.path.split("/").filter(Boolean).map(Number);
  for (let i = ids.length - 2; i >= 0; i--) {
    const r = rows.get(ids[i]!);
    if (r) return r;
  }
  return null;
}

/** May the actor act as the approving level of this row (or a level above it)? */
function canApprove(scope: DataScope, rows: Map<number, Row>, row: Row): boolean {
  if (!scope.write) return false;
  const parent = parentRow(rows, row);
  if (!parent) return scope.level === "county" && inSubtree(row.path, scope.path);
  return inSubtree(parent.path, scope.path);
}

function levelOf(rows: Map<number, Row>, row: Row): "township" | "county" {
  const parent = parentRow(rows, row);
  return parent && parentRow(rows, parent) ? "township" : "county";
}

export async function changeApproval(
  actor: Actor,
  roundId: number,
  unitId: number,
  action: ApprovalAction,
  reason: string | null,
  deps: Deps,
) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const round = await loadRound(db, scope, roundId);
  const target = await repo.roundUnit(db, roundId, unitId);
  if (!target) throw new AppError("NOT_FOUND", { unitId });
  requireView(scope, target.path);
  if ((action === "return" || action === "reopen") && !reason?.trim()) throw new AppError("REASON_REQUIRED");
  const at = deps.clock.now();
  return db.transaction(async (tx) => {
    await repo.lockRoundUnits(tx, roundId, round.rootPath);
    const all = await repo.roundUnits(tx, roundId, round.rootPath);
    const rows = new Map(all.map((r) => [r.orgUnitId, r]));
    const row = rows.get(unitId)!;
    const children = all.filter((r) => parentRow(rows, r)?.orgUnitId === row.orgUnitId);
    const changes: { unitIds: number[]; to: Row["status"]; level?: Row["approvalLevel"]; submitted?: boolean; approved?: boolean }[] = [];
    const notAllowed = (why: string) => new AppError("APPROVAL_NOT_ALLOWED", { status: row.status, message: why });
    const requireRulesPass = async () => {
      const errors = (await violationsFor(tx, [row.orgUnitId], round.period)).filter((v) => v.importance === "error");
      if (errors.length) throw new AppError("VALIDATION_RULES_FAILED", { violations: errors });
    };
    let level: Row["approvalLevel"] = null;
    switch (action) {
      case "submit": {
        if (!(scope.write && inSubtree(row.path, scope.path))) throw new AppError("FORBIDDEN");
        await requireRoundOpen(tx, roundId);
        if (row.status !== "open") throw notAllowed("只有未上报的数据可以上报");
        const pending = children.filter((c) => c.status !== "approved" && c.status !== "locked");
        if (pending.length)
          throw new AppError("CHILDREN_NOT_APPROVED", { units: pending.map((c) => ({ id: c.orgUnitId, name: c.name, status: c.status })) });
        await requireRulesPass();
        changes.push({ unitIds: [row.orgUnitId], to: "submitted", submitted: true });
        break;
      }
      case "approve": {
        if (!canApprove(scope, rows, row)) throw new AppError("FORBIDDEN");
        if (row.status !== "submitted") throw notAllowed("只有已上报的数据可以审核");
        await requireRulesPass();
        level = levelOf(rows, row);
        if (level === "county") {
          changes.push({ unitIds: [row.orgUnitId], to: "locked", level, approved: true });
          const below = children.filter((c) => c.status === "approved").map((c) => c.orgUnitId);
          changes.push({ unitIds: below, to: "locked" });
        } else changes.push({ unitIds: [row.orgUnitId], to: "approved", level, approved: true });
        break;
      }
      case "return": {
        if (!canApprove(scope, rows, row)) throw new AppError("FORBIDDEN");
        if (row.status !== "submitted") throw notAllowed("只有已上报、尚未审核的数据可以退回");
        changes.push({ unitIds: [row.orgUnitId], to: "open", level: null });
        break;
      }
      case "reopen": {
        if (!canApprove(scope, rows, row)) throw new AppError("FORBIDDEN");
        if (row.status !== "approved" && row.status !== "locked") throw notAllowed("只有已审核或已锁定的数据可以重新打开");
        changes.push({ unitIds: [row.orgUnitId], to: "open", level: null });
        // the units below that the county locked together with this one go back to their township approval
        const relock = children.filter((c) => c.status === "locked" && c.approvalLevel === "township").map((c) => c.orgUnitId);
        changes.push({ unitIds: relock, to: "approved" });
        // every form above that covered this data re-opens; the actor must be entitled to each
        for (let p = parentRow(rows, row); p; p = parentRow(rows, p)) {
          if (p.status === "open") continue;
          const own = scope.write && inSubtree(p.path, scope.path);
          if (p.status === "submitted" ? !own : !canApprove(scope, rows, p))
            throw notAllowed(`上级单位“${p.name}”的数据已审核，须由其审核单位重新打开`);
          changes.push({ unitIds: [p.orgUnitId], to: "open", level: null });
        }
        break;
      }
    }
    for (const ch of changes) {
      await repo.setRoundUnitStatus(tx, roundId, ch.unitIds, {
        status: ch.to,
        approvalLevel: ch.level,
        at,
        submitted: !!ch.submitted,
        approved: !!ch.approved,
      });
      for (const id of ch.unitIds)
        await repo.insertApproval(tx, {
          roundId,
          unitId: id,
          action,
          from: rows.get(id)!.status,
          to: ch.to,
          level: ch.level ?? level,
          reason,
          actorId: actor.id,
          at,
        });
    }
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: `data_approval.${action}`,
      entity: "org_unit",
      entityId: unitId,
      before: { roundId, status: row.status, approvalLevel: row.approvalLevel },
      after: { roundId, changes: changes.filter((c) => c.unitIds.length).map((c) => ({ units: c.unitIds, status: c.to })) },
      reason,
    });
    return { unit: await repo.roundUnit(tx, roundId, unitId) };
  });
}

export async function approvalHistory(actor: Actor, roundId: number, unitId: number, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  await loadRound(db, scope, roundId);
  const ru = await repo.roundUnit(db, roundId, unitId);
  if (!ru) throw new AppError("NOT_FOUND");
  requireView(scope, ru.path);
  return repo.approvalHistory(db, roundId, unitId);
}
