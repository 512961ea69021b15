// HTTP helpers of the data side: one uploaded .xlsx (field "file") and an .xlsx download.
import type { FastifyReply, FastifyRequest } from "fastify";
import { AppError } from "../../../../common/errors.ts";

export async function readXlsxUpload(req: FastifyRequest): Promise<{ bytes: Uint8Array; fileName: string }> {
  if (!req.isMultipart())
    throw new AppError("LEDGER_UNSUPPORTED", { message: "请以 multipart/form-data 上传 .xlsx 文件（字段 file）" });
  let file: { bytes: Uint8Array; fileName: string } | null = null;
  for await (const part of req.parts()) {
    if (part.type !== "file") continue;
    const bytes = await part.toBuffer(); // 413 past UPLOAD_MAX_MB
    if (part.fieldname === "file" && !file) file = { bytes: new Uint8Array(bytes), fileName: part.filename || "upload.xlsx" };
  }
  if (!file) throw new AppError("VALIDATION", { field: "file", message: "缺少上传文件（字段 file）" });
  return file;
}

export function sendXlsx(reply: FastifyReply, f: { bytes: Buffer; fileName: string }) {
  const ascii = f.fileName.replace(/[^\x20-\x7e]/gu, "_").replace(/["\\]/gu, "_");
  return reply
    .header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    .header("Content-Disposition", `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(f.fileName)}`)
    .header("X-Content-Type-Options", "nosniff")
    .send(f.bytes);
}
