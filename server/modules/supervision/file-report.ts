// A progress report (进展报告): the lead unit reports on an accepted task (text, % complete or a milestone
// reached, figures achieved against the task's targets, evidence files); co-units add their part. The
// report waits for review; only an accepted report moves the task's progress, milestones and targets.
import { createHash } from "node:crypto";
import { AppError } from "../../../common/errors.ts";
import { noticeZh } from "../../../common/notice-texts.ts";
import { EVIDENCE_MAX_FILES, type ReportFields } from "../../../common/schemas/supervision.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { isLeadUnitMember, listTargets, requireTaskVisible, updateTaskFields } from "../plans/index.ts";
import { deliver, notify, planOwners } from "./notify.ts";
import { statusOf } from "./status.ts";
import { requireCan } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";
import { loadTask, toStatusTask } from "./task-status.ts";

export interface EvidenceUpload {
  fileName: string;
  mime: string;
  bytes: Uint8Array;
}

/** Evidence (佐证材料) people actually send: documents, spreadsheets, scans, photos, recordings, archives. */
export const EVIDENCE_TYPES: Record<string, string> = {
  pdf: "application/pdf",
  ofd: "application/ofd",
  doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ppt: "application/vnd.ms-powerpoint",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  wps: "application/vnd.ms-works",
  et: "application/vnd.ms-excel",
  dps: "application/vnd.ms-powerpoint",
  txt: "text/plain",
  csv: "text/csv",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  bmp: "image/bmp",
  webp: "image/webp",
  heic: "image/heic",
  tif: "image/tiff",
  tiff: "image/tiff",
  mp3: "audio/mpeg",
  m4a: "audio/mp4",
  wav: "audio/wav",
  mp4: "video/mp4",
  mov: "video/quicktime",
  zip: "application/zip",
  rar: "application/vnd.rar",
  "7z": "application/x-7z-compressed",
};

/** A file name as stored and offered for download: no directories, no control characters. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/u).at(-1) ?? "").replace(/[\u0000-\u001f\u007f"]/gu, "").trim();
  return (base || "附件").slice(0, 200);
}

/** Checks one evidence file (type, emptiness, size); returns its stored name and MIME type. */
export function checkEvidence(
  f: { fileName: string; size: number },
  maxMb: number,
): { fileName: string; mime: string } {
  const fileName = cleanFileName(f.fileName);
  const ext = /\.([A-Za-z0-9]+)$/u.exec(fileName)?.[1]?.toLowerCase() ?? "";
  const mime = EVIDENCE_TYPES[ext];
  if (!mime) throw new AppError("EVIDENCE_UNSUPPORTED", { fileName, allowed: Object.keys(EVIDENCE_TYPES) });
  if (f.size === 0) throw new AppError("FILE_EMPTY", { fileName });
  if (f.size > maxMb * 1024 * 1024) throw new AppError("FILE_TOO_LARGE", { fileName, maxMb });
  return { fileName, mime };
}

export async function fileReport(
  actor: Actor,
  taskId: number,
  input: ReportFields & { files?: EvidenceUpload[] | undefined },
  deps: Deps,
): Promise<{ reportId: number; evidenceIds: number[] }> {
  const scope = await requireTaskVisible(actor, taskId, deps);
  const { db } = deps.database;
  const loaded = await loadTask(db, taskId);
  const { task } = loaded;
  requireCan(actor, "report.file", scope);
  if (task.state !== "accepted") throw new AppError("TRANSITION_NOT_ALLOWED", { state: task.state, action: "report" });

  const files = input.files ?? [];
  if (files.length > EVIDENCE_MAX_FILES) throw new AppError("EVIDENCE_TOO_MANY", { max: EVIDENCE_MAX_FILES });
  const checked = files.map((f) => ({
    ...checkEvidence({ fileName: f.fileName, size: f.bytes.byteLength }, deps.config.EVIDENCE_MAX_MB),
    bytes: f.bytes,
    sha256: createHash("sha256").update(f.bytes).digest("hex"),
  }));
  if (input.milestoneId && !loaded.milestones.some((m) => m.id === input.milestoneId))
    throw new AppError("VALIDATION", { field: "milestoneId", milestoneId: input.milestoneId });
  const targetIds = new Set((await listTargets(db, [taskId])).map((t) => t.id));
  const unknown = (input.figures ?? []).filter((f) => !targetIds.has(f.targetId));
  if (unknown.length) throw new AppError("VALIDATION", { field: "figures", targetIds: unknown.map((f) => f.targetId) });

  const now = deps.clock.now();
  const lead = isLeadUnitMember(actor, scope);
  const status = statusOf(
    toStatusTask({ ...task, lastReportAt: now }, loaded.assignedAt, loaded.unmetTargets),
    loaded.milestones,
    now,
    deps.config,
  );
  const { reportId, evidenceIds, notified } = await db.transaction(async (tx) => {
    const reportId = await repo.insertReport(tx, {
      taskId,
      orgUnitId: actor.orgUnitId,
      authorId: actor.id,
      kind: "progress",
      text: input.text,
      percent: input.percent ?? null,
      milestoneId: input.milestoneId ?? null,
      figures: input.figures ?? [],
      at: now,
    });
    const evidenceIds: number[] = [];
    for (const f of checked)
      evidenceIds.push(
        await repo.insertEvidence(tx, {
          reportId,
          fileName: f.fileName,
          mime: f.mime,
          size: f.bytes.byteLength,
          sha256: f.sha256,
          content: f.bytes,
          at: now,
        }),
      );
    // only the lead unit's reports set the reporting clock; a co-unit's part does not stand in for it
    if (lead)
      await updateTaskFields(tx, taskId, {
        lastReportAt: now,
        statusColor: status.computed.color,
        statusReason: status.computed.reason,
      });
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: "report.filed",
      entity: "progress_report",
      entityId: reportId,
      taskId,
      after: {
        percent: input.percent ?? null,
        milestoneId: input.milestoneId ?? null,
        figures: input.figures ?? [],
        files: checked.map((f) => ({ fileName: f.fileName, size: f.bytes.byteLength, sha256: f.sha256 })),
        coUnit: !lead,
      },
    });
    const notified = await notify(
      tx,
      deps,
      await planOwners(tx, task, loaded.dispatchedBy),
      { taskId, ...noticeZh.report(task.title, actor.displayName, input.percent) },
      actor.id,
    );
    return { reportId, evidenceIds, notified };
  });
  await deliver(deps, notified);
  return { reportId, evidenceIds };
}
