// Review of an import draft: read it (with the source text for the side-by-side view), edit it with a
// list of ops (all or none, optimistic version), or discard it.
import { AppError } from "../../../common/errors.ts";
import type { EditDraftInput } from "../../../common/schemas/plans.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { applyOps } from "./draft.ts";
import { requirePlanEditor, scopeOf, seesWholePlan } from "./plans.policy.ts";
import * as repo from "./plans.repo.ts";

/** The draft, or 404 when the actor cannot see its unit's plans. */
async function loadDraft(actor: Actor, draftId: number, deps: Deps, withSource = false) {
  const row = await repo.getDraftRow(deps.database.db, draftId, withSource);
  if (!row || !seesWholePlan(actor, row.unitPath)) throw new AppError("NOT_FOUND", { draftId });
  return row;
}

/** An open draft the actor may edit: 404 / 403 / DRAFT_CLOSED. */
async function loadOpenDraft(actor: Actor, draftId: number, deps: Deps, withSource = false) {
  const row = await loadDraft(actor, draftId, deps, withSource);
  requirePlanEditor(actor, row.unitPath);
  if (row.status !== "open") throw new AppError("DRAFT_CLOSED", { draftId, status: row.status });
  return row;
}

export async function getDraft(actor: Actor, draftId: number, deps: Deps) {
  return loadDraft(actor, draftId, deps, true);
}

export async function listDrafts(actor: Actor, deps: Deps) {
  return repo.listOpenDrafts(deps.database.db, scopeOf(actor));
}

export async function editDraft(actor: Actor, draftId: number, input: EditDraftInput, deps: Deps) {
  const row = await loadOpenDraft(actor, draftId, deps, true);
  if (row.version !== input.version) throw new AppError("STALE_VERSION", { draftId, version: row.version });
  const edited = applyOps(row.draft, input.ops, row.source ?? "");
  const at = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    const version = await repo.updateDraft(tx, draftId, input.version, edited, at);
    if (version === null) throw new AppError("STALE_VERSION", { draftId });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "import.edited",
      entity: "import_draft",
      entityId: draftId,
      after: { ops: input.ops },
    });
  });
  return loadDraft(actor, draftId, deps);
}

export async function discardDraft(actor: Actor, draftId: number, deps: Deps) {
  const row = await loadOpenDraft(actor, draftId, deps);
  const at = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    if (!(await repo.closeDraft(tx, draftId, row.version, "discarded", null, at)))
      throw new AppError("STALE_VERSION", { draftId });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "import.discarded",
      entity: "import_draft",
      entityId: draftId,
    });
  });
  return { ok: true };
}

export { loadOpenDraft };
