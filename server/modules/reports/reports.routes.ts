// HTTP routes of the reports module: parse, call the use case, send the file (a UTF-8 file name in
// Content-Disposition) or the JSON result.
import { PassThrough } from "node:stream";
import type { FastifyReply } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ZIdParam } from "../../../common/schemas/plans.ts";
import { ZBulletinInput, ZCarryOver, ZIndicatorWorkbookQuery, ZSummaryQuery } from "../../../common/schemas/reports.ts";
import { requireActor } from "../../platform/http.ts";
import { indicatorWorkbook } from "./build/indicators.ts";
import { carryOver } from "./carry-over.ts";
import {
  XLSX,
  bulletinDocument,
  issueBulletin,
  listBulletins,
  planDocument,
  previewBulletin,
  summaryDocument,
  type ReportFile,
} from "./documents.ts";

/** Content-Disposition with an ASCII fallback and the real (Chinese) name as RFC 5987 filename*. */
export function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/gu, "_").replace(/["\\]/gu, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

function sendFile(reply: FastifyReply, f: ReportFile) {
  return reply
    .header("Content-Type", f.mime)
    .header("Content-Disposition", disposition(f.fileName))
    .header("Cache-Control", "no-store")
    .header("X-Content-Type-Options", "nosniff")
    .send(f.bytes);
}

export const reportsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["报表与文档 reports"];
  const params = ZIdParam;

  app.get(
    "/plans/:id/reports/bulletin.docx",
    { schema: { tags, params, querystring: ZBulletinInput, description: "进展情况通报预览（不编号、不保存）" } },
    async (req, reply) => sendFile(reply, await previewBulletin(requireActor(req), req.params.id, req.query, deps)),
  );

  app.post(
    "/plans/:id/bulletins",
    { schema: { tags, params, body: ZBulletinInput, description: "印发下一期进展情况通报：编号并保存快照" } },
    async (req, reply) =>
      reply.status(201).send(await issueBulletin(requireActor(req), req.params.id, req.body ?? {}, deps)),
  );

  app.get("/plans/:id/bulletins", { schema: { tags, params } }, async (req) => ({
    bulletins: await listBulletins(requireActor(req), req.params.id, deps),
  }));

  app.get("/bulletins/:id/document.docx", { schema: { tags, params } }, async (req, reply) =>
    sendFile(reply, await bulletinDocument(requireActor(req), req.params.id, deps)),
  );

  app.get(
    "/plans/:id/reports/summary.docx",
    { schema: { tags, params, querystring: ZSummaryQuery, description: "年度工作总结（草稿）" } },
    async (req, reply) => sendFile(reply, await summaryDocument(requireActor(req), req.params.id, req.query, deps)),
  );

  app.get("/plans/:id/reports/plan.docx", { schema: { tags, params } }, async (req, reply) =>
    sendFile(reply, await planDocument(requireActor(req), req.params.id, "docx", deps)),
  );

  app.get("/plans/:id/reports/plan.xlsx", { schema: { tags, params } }, async (req, reply) =>
    sendFile(reply, await planDocument(requireActor(req), req.params.id, "xlsx", deps)),
  );

  app.post(
    "/plans/:id/carry-over",
    { schema: { tags, params, body: ZCarryOver, description: "以本计划未完成任务和未达成目标生成下一年度计划" } },
    async (req, reply) =>
      reply.status(201).send(await carryOver(requireActor(req), req.params.id, req.body ?? {}, deps)),
  );

  app.get(
    "/reports/indicators.xlsx",
    {
      schema: {
        tags,
        querystring: ZIndicatorWorkbookQuery,
        description:
          "指标汇总表（流式生成）：unitId 根单位，level 向下级数，years 年份（逗号分隔），codes 指标代码，planId 目标来源计划",
      },
    },
    async (req, reply) => {
      const w = await indicatorWorkbook(requireActor(req), req.query, deps);
      const body = new PassThrough();
      w.write(body).catch((err: unknown) => body.destroy(err instanceof Error ? err : new Error(String(err))));
      return reply
        .header("Content-Type", XLSX)
        .header("Content-Disposition", disposition(w.fileName))
        .header("Cache-Control", "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .send(body);
    },
  );
};
