// Commit a reviewed draft into a plan, in one transaction: the plan row, its sections and tasks (tree
// from the outline levels), targets from the quantities marked as targets (one row per year of a
// multi-year plan), owners matched to units of the bureau → lead/co-units, deadlines → task deadline.
import { AppError } from "../../../common/errors.ts";
import type { ReviewItem } from "../../../common/schemas/plans.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import type { Tx } from "../../platform/db.ts";
import { recordAudit } from "../audit/index.ts";
import { defaultDocument, latestDeadline, toTree } from "./draft.ts";
import { loadOpenDraft } from "./edit-draft.ts";
import { runPlanCommitted } from "./commit-hooks.ts";
import { BureauDirectory } from "./org-scope.ts";
import * as repo from "./plans.repo.ts";

export async function commitDraft(
  actor: Actor,
  draftId: number,
  input: { documentIndex?: number | undefined },
  deps: Deps,
) {
  const row = await loadOpenDraft(actor, draftId, deps);
  const docIndex = input.documentIndex ?? defaultDocument(row.draft);
  const doc = row.draft.documents[docIndex];
  if (!doc) throw new AppError("VALIDATION", { documentIndex: docIndex, message: "没有该文件" });
  if (!doc.items.length) throw new AppError("DRAFT_EMPTY", { draftId, documentIndex: docIndex });
  const dir = await BureauDirectory.load(deps.database.db, row.unitPath);
  const at = deps.clock.now();
  const unmatched = new Set<string>();

  const planId = await deps.database.db.transaction(async (tx) => {
    const planId = await repo.insertPlan(tx, {
      orgUnitId: row.orgUnitId,
      title: doc.title ?? row.fileName.replace(/\.[^.]+$/u, ""),
      docType: doc.docType,
      years: doc.years,
      docNumber: doc.docNumber,
      issuedOn: doc.date,
      issuer: doc.issuer,
      sourceDraftId: draftId,
      createdBy: actor.id,
      at,
    });
    const ids: number[] = [];
    let targets = 0;
    for (const [position, node] of toTree(doc.items).entries()) {
      const { lead, co } = owners(node.item, dir, unmatched);
      const id = await repo.insertTask(tx, {
        planId,
        parentId: node.parent === null ? null : ids[node.parent]!,
        kind: node.kind,
        position,
        num: node.item.num || null,
        marker: node.item.marker ?? null,
        title: node.item.title,
        body: node.item.text,
        sourceStart: node.item.src?.start ?? null,
        sourceEnd: node.item.src?.end ?? null,
        leadUnitId: lead,
        deadline: latestDeadline(node.item),
        at,
      });
      ids.push(id);
      if (co.length) await repo.setCoUnits(tx, id, co);
      targets += await insertTargets(tx, id, node.item);
    }
    if (!(await repo.closeDraft(tx, draftId, row.version, "committed", planId, at)))
      throw new AppError("STALE_VERSION", { draftId });
    await runPlanCommitted(tx, planId);
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "plan.imported",
      entity: "plan",
      entityId: planId,
      after: { draftId, documentIndex: docIndex, title: doc.title, tasks: ids.length, targets },
    });
    return planId;
  });
  return { planId, unmatchedOwners: [...unmatched] };
}

/** Owners named in the text → unit ids of the bureau; the first lead leads, the rest help. */
function owners(item: ReviewItem, dir: BureauDirectory, unmatched: Set<string>) {
  let lead: number | null = null;
  const co: number[] = [];
  for (const o of item.owners) {
    const unit = dir.unitByName(o.unit);
    if (!unit) {
      unmatched.add(o.unit);
      continue;
    }
    if (o.role === "lead" && lead === null) lead = unit.id;
    else if (unit.id !== lead && !co.includes(unit.id)) co.push(unit.id);
  }
  return { lead, co: co.filter((id) => id !== lead) };
}

async function insertTargets(tx: Tx, taskId: number, item: ReviewItem): Promise<number> {
  const qs = item.quantities.filter((q) => q.isTarget);
  for (const [position, q] of qs.entries())
    await repo.insertTarget(tx, {
      taskId,
      indicator: q.indicator,
      value: q.value,
      unit: q.unit,
      year: q.year,
      kind: q.kind,
      deadline: q.deadline,
      qualifier: q.qualifier,
      sourceStart: q.src?.start ?? null,
      sourceEnd: q.src?.end ?? null,
      sourceText: q.text || null,
      position,
    });
  return qs.length;
}
