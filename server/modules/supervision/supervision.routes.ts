// HTTP routes of the supervision module: translate, call the use case, present.
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { z } from "zod";
import { AppError } from "../../../common/errors.ts";
import {
  EVIDENCE_MAX_FILES,
  ZDashboardQuery,
  ZIdParam,
  ZIssueOrder,
  ZNotificationsQuery,
  ZOrdersQuery,
  ZReportFields,
  ZRespondOrder,
  ZReview,
  ZStatusOverride,
  ZTransition,
  ZUrge,
  type ReportFields,
} from "../../../common/schemas/supervision.ts";
import { requireActor } from "../../platform/http.ts";
import { setTaskActionsHook } from "../plans/index.ts";
import { supervisionBoard } from "./board.ts";
import { closeOrder } from "./close-order.ts";
import { dashboard } from "./dashboard.ts";
import { checkEvidence, fileReport, type EvidenceUpload } from "./file-report.ts";
import { issueOrder } from "./issue-order.ts";
import { supervisionOrders } from "./list-orders.ts";
import { myNotifications, readAllNotifications, readNotification } from "./notifications.ts";
import { myWork } from "./my-work.ts";
import { overrideStatus } from "./override-status.ts";
import { planRollup } from "./plan-rollup.ts";
import { respondOrder } from "./respond-order.ts";
import { reviewReport } from "./review-report.ts";
import { taskActions } from "./supervision.policy.ts";
import { getEvidence, taskReports, taskSupervision } from "./task-supervision.ts";
import { transitionTask } from "./transition-task.ts";
import { urge } from "./urge.ts";

export const supervisionRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["督查督办 supervision"];
  const params = ZIdParam;
  // the plans module's task detail lists what the actor may do next; those rules live here
  setTaskActionsHook((actor, task) => taskActions(actor, task));

  app.post("/tasks/:id/transitions", { schema: { tags, params, body: ZTransition } }, async (req) =>
    transitionTask(requireActor(req), req.params.id, req.body, deps),
  );

  app.get("/tasks/:id/supervision", { schema: { tags, params } }, async (req) =>
    taskSupervision(requireActor(req), req.params.id, deps),
  );

  app.post(
    "/tasks/:id/reports",
    {
      schema: {
        tags,
        params,
        consumes: ["multipart/form-data", "application/json"],
        description:
          "进展报告。JSON {text, percent?, milestoneId?, figures?}，或 multipart：字段 text、percent、milestoneId、" +
          `figures（JSON 字符串 [{targetId, value}]）及最多 ${EVIDENCE_MAX_FILES} 个佐证材料文件。`,
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const body = await readReport(req, deps.config.EVIDENCE_MAX_MB);
      return reply.status(201).send(await fileReport(actor, req.params.id, body, deps));
    },
  );

  app.get("/tasks/:id/reports", { schema: { tags, params } }, async (req) => ({
    reports: await taskReports(requireActor(req), req.params.id, deps),
  }));

  app.get("/evidence/:id", { schema: { tags, params } }, async (req, reply) => {
    const e = await getEvidence(requireActor(req), req.params.id, deps);
    const ascii = e.fileName.replace(/[^\x20-\x7e]/gu, "_").replace(/["\\]/gu, "_");
    return reply
      .header("Content-Type", e.mime)
      .header(
        "Content-Disposition",
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(e.fileName)}`,
      )
      .header("X-Content-Type-Options", "nosniff")
      .header("ETag", `"${e.sha256}"`)
      .send(Buffer.from(e.content));
  });

  app.post("/reports/:id/review", { schema: { tags, params, body: ZReview } }, async (req) =>
    reviewReport(requireActor(req), req.params.id, req.body, deps),
  );

  app.post("/tasks/:id/urge", { schema: { tags, params, body: ZUrge } }, async (req) =>
    urge(requireActor(req), req.params.id, req.body, deps),
  );

  app.post("/tasks/:id/status-override", { schema: { tags, params, body: ZStatusOverride } }, async (req) =>
    overrideStatus(requireActor(req), req.params.id, req.body, deps),
  );

  app.post("/tasks/:id/supervision-orders", { schema: { tags, params, body: ZIssueOrder } }, async (req, reply) =>
    reply.status(201).send(await issueOrder(requireActor(req), req.params.id, req.body, deps)),
  );

  app.post("/supervision-orders/:id/respond", { schema: { tags, params, body: ZRespondOrder } }, async (req) =>
    respondOrder(requireActor(req), req.params.id, req.body, deps),
  );

  app.post("/supervision-orders/:id/close", { schema: { tags, params } }, async (req) =>
    closeOrder(requireActor(req), req.params.id, deps),
  );

  app.get("/supervision/orders", { schema: { tags, querystring: ZOrdersQuery } }, async (req) => ({
    orders: await supervisionOrders(requireActor(req), req.query, deps),
  }));

  app.get("/supervision/board", { schema: { tags } }, async (req) => supervisionBoard(requireActor(req), deps));

  app.get("/my-work", { schema: { tags } }, async (req) => myWork(requireActor(req), deps));

  app.get("/supervision/dashboard", { schema: { tags, querystring: ZDashboardQuery } }, async (req) =>
    dashboard(requireActor(req), req.query, deps),
  );

  app.get("/plans/:id/rollup", { schema: { tags, params } }, async (req) =>
    planRollup(requireActor(req), req.params.id, deps),
  );

  app.get("/notifications", { schema: { tags, querystring: ZNotificationsQuery } }, async (req) =>
    myNotifications(
      requireActor(req),
      {
        unread: req.query.unread === "1" || req.query.unread === "true",
        limit: req.query.limit,
        beforeId: req.query.beforeId,
      },
      deps,
    ),
  );

  app.post("/notifications/read-all", { schema: { tags } }, async (req) =>
    readAllNotifications(requireActor(req), deps),
  );

  app.post("/notifications/:id/read", { schema: { tags, params } }, async (req) =>
    readNotification(requireActor(req), req.params.id, deps),
  );
};

const MB = 1024 * 1024;

/** A report's body: JSON, or multipart fields and evidence files (read in full before anything is written). */
async function readReport(req: FastifyRequest, maxMb: number): Promise<ReportFields & { files: EvidenceUpload[] }> {
  if (!req.isMultipart()) return { ...parse(ZReportFields, req.body ?? {}), files: [] };
  const fields: Record<string, unknown> = {};
  const files: EvidenceUpload[] = [];
  try {
    for await (const part of req.parts({
      limits: { fileSize: maxMb * MB, files: EVIDENCE_MAX_FILES + 1, fields: 10 },
    })) {
      if (part.type === "field") {
        fields[part.fieldname] = part.value;
        continue;
      }
      if (files.length >= EVIDENCE_MAX_FILES) throw new AppError("EVIDENCE_TOO_MANY", { max: EVIDENCE_MAX_FILES });
      checkEvidence({ fileName: part.filename, size: 1 }, maxMb); // refuse an unsupported type before reading it
      files.push({ fileName: part.filename, mime: part.mimetype, bytes: await part.toBuffer() });
    }
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("FILE_TOO_LARGE", { maxMb });
    if (code === "FST_FILES_LIMIT") throw new AppError("EVIDENCE_TOO_MANY", { max: EVIDENCE_MAX_FILES });
    throw err;
  }
  const num = (v: unknown) => (v === undefined || v === "" ? undefined : Number(v));
  let figures: unknown;
  try {
    figures = fields.figures === undefined || fields.figures === "" ? undefined : JSON.parse(String(fields.figures));
  } catch {
    throw new AppError("VALIDATION", { field: "figures", message: "figures 须为 JSON 数组" });
  }
  const body = { ...fields, percent: num(fields.percent), milestoneId: num(fields.milestoneId), figures };
  for (const k of ["percent", "milestoneId", "figures"] as const) if (body[k] === undefined) delete body[k];
  return { ...parse(ZReportFields, body), files };
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success)
    throw new AppError("VALIDATION", {
      issues: r.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  return r.data;
}
