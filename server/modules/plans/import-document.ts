// Upload → reader → a review draft stored for editing. Nothing becomes a plan until commit-draft.ts.
import { readDocument } from "../../../reader/index.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { fromReader } from "./draft.ts";
import { planUnitFor } from "./org-scope.ts";
import * as repo from "./plans.repo.ts";

export async function importDocument(
  actor: Actor,
  input: { bytes: Uint8Array; fileName: string; orgUnitId?: number | undefined },
  deps: Deps,
) {
  const { db } = deps.database;
  const unit = await planUnitFor(actor, input.orgUnitId, db);
  // reader errors (FILE_TOO_LARGE, FILE_UNSUPPORTED, DOCX_CORRUPT …) are AppErrors and pass through
  const pd = await readDocument(input.bytes, input.fileName, { maxBytes: deps.config.UPLOAD_MAX_MB * 1024 * 1024 });
  const draft = fromReader(pd);
  const at = deps.clock.now();
  const draftId = await db.transaction(async (tx) => {
    const id = await repo.insertDraft(tx, {
      orgUnitId: unit.id,
      fileName: input.fileName,
      format: pd.format,
      encoding: pd.encoding,
      source: pd.source,
      draft,
      createdBy: actor.id,
      at,
    });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "import.uploaded",
      entity: "import_draft",
      entityId: id,
      after: {
        fileName: input.fileName,
        orgUnitId: unit.id,
        documents: draft.documents.map((d) => ({ title: d.title, items: d.items.length })),
      },
    });
    return id;
  });
  return { draftId, draft };
}
