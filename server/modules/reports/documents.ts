// Use cases that produce documents: build the plain report object (build/), render it (render/), return
// the bytes with a file name. Issuing a bulletin also stores its snapshot (numbered, audited), which
// the next bulletin compares against; a preview stores nothing.
import { AppError } from "../../../common/errors.ts";
import type { BulletinInput, ReportFormat, SummaryQuery } from "../../../common/schemas/reports.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { getPlan } from "../plans/index.ts";
import { buildBulletin } from "./build/bulletin.ts";
import { buildPlanExport } from "./build/plan-export.ts";
import { buildSummary } from "./build/summary.ts";
import { renderBulletinDocx, renderPlanDocx, renderSummaryDocx, type DocxOptions } from "./render/docx.ts";
import { renderPlanXlsx } from "./render/xlsx.ts";
import { requireBulletinIssuer, requireWholePlanReader } from "./reports.policy.ts";
import * as repo from "./reports.repo.ts";

export const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
export const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export interface ReportFile {
  fileName: string;
  mime: string;
  bytes: Buffer;
}

export function docxOptions(deps: Deps): DocxOptions {
  return { bodyFont: deps.config.REPORT_BODY_FONT };
}

/** A bulletin of the plan as it stands, compared with the last issued one; nothing is stored. */
export async function previewBulletin(
  actor: Actor,
  planId: number,
  input: BulletinInput,
  deps: Deps,
): Promise<ReportFile> {
  const b = await buildBulletin(actor, planId, input, deps, { issue: false });
  return {
    fileName: `进展情况通报-${b.periodTo}.docx`,
    mime: DOCX,
    bytes: await renderBulletinDocx(b, docxOptions(deps)),
  };
}

/** Issue the next numbered bulletin: its snapshot is stored (one transaction, audited). */
export async function issueBulletin(actor: Actor, planId: number, input: BulletinInput, deps: Deps) {
  const b = await buildBulletin(actor, planId, input, deps, { issue: true });
  requireBulletinIssuer(actor);
  const at = deps.clock.now();
  const bulletinId = await deps.database.db.transaction(async (tx) => {
    const latest = await repo.latestBulletin(tx, planId);
    if ((latest?.number ?? 0) + 1 !== b.number) throw new AppError("CONFLICT", { planId, number: b.number });
    const id = await repo.insertBulletin(tx, {
      planId,
      number: b.number,
      periodFrom: b.periodFrom,
      periodTo: b.periodTo,
      at,
      by: actor.id,
      snapshot: b,
    });
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "report.bulletin_issued",
      entity: "report_bulletin",
      entityId: id,
      after: { planId, number: b.number, periodFrom: b.periodFrom, periodTo: b.periodTo, counts: b.counts },
    });
    return id;
  });
  return {
    bulletinId,
    number: b.number!,
    periodFrom: b.periodFrom,
    periodTo: b.periodTo,
    url: `/api/bulletins/${bulletinId}/document.docx`,
  };
}

/** An issued bulletin's document, rendered from its snapshot (the same document every time). */
export async function bulletinDocument(actor: Actor, bulletinId: number, deps: Deps): Promise<ReportFile> {
  const row = await repo.getBulletin(deps.database.db, bulletinId);
  if (!row) throw new AppError("NOT_FOUND", { bulletinId });
  const { plan } = await getPlan(actor, row.planId, deps);
  requireWholePlanReader(actor, plan.whole);
  return {
    fileName: `进展情况通报-第${row.number}期-${row.periodTo}.docx`,
    mime: DOCX,
    bytes: await renderBulletinDocx(row.snapshot, docxOptions(deps)),
  };
}

export async function listBulletins(actor: Actor, planId: number, deps: Deps) {
  const { plan } = await getPlan(actor, planId, deps);
  requireWholePlanReader(actor, plan.whole);
  return (await repo.listBulletins(deps.database.db, planId)).map((b) => ({
    ...b,
    url: `/api/bulletins/${b.id}/document.docx`,
  }));
}

export async function summaryDocument(actor: Actor, planId: number, q: SummaryQuery, deps: Deps): Promise<ReportFile> {
  const s = await buildSummary(actor, planId, q, deps);
  return {
    fileName: `${s.year}年工作总结（草稿）.docx`,
    mime: DOCX,
    bytes: await renderSummaryDocx(s, docxOptions(deps)),
  };
}

export async function planDocument(
  actor: Actor,
  planId: number,
  format: ReportFormat,
  deps: Deps,
): Promise<ReportFile> {
  const p = await buildPlanExport(actor, planId, deps);
  const name = `任务分解表-${p.planTitle.slice(0, 40)}-${p.generatedOn}`;
  return format === "xlsx"
    ? { fileName: `${name}.xlsx`, mime: XLSX, bytes: await renderPlanXlsx(p) }
    : { fileName: `${name}.docx`, mime: DOCX, bytes: await renderPlanDocx(p, docxOptions(deps)) };
}
