// HTTP routes of the plans module: translate, call the use case, present.
import type { FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, type ErrorCode } from "../../../common/errors.ts";
import {
  ZAddTask,
  ZAssignTask,
  ZBulkAssign,
  ZCommitDraft,
  ZCreatePlan,
  ZEditDraft,
  ZIdParam,
  ZTaskListQuery,
  ZUpdateTask,
} from "../../../common/schemas/plans.ts";
import { requireActor } from "../../platform/http.ts";
import { assignTask, bulkAssign } from "./assign-task.ts";
import { commitDraft } from "./commit-draft.ts";
import { addTask, createPlan, deleteTask, updateTask } from "./create-plan.ts";
import { discardDraft, editDraft, getDraft, listDrafts } from "./edit-draft.ts";
import { importDocument } from "./import-document.ts";
import { importLedger } from "./import-ledger.ts";
import { planBoard } from "./plan-board.ts";
import { presentDraft } from "./plans.present.ts";
import { iso } from "./plans.repo.ts";
import { getPlan, getTask, listPlans, listTasks, taskAudit } from "./queries.ts";

const ZAuditQuery = z.strictObject({
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
const ZUploadFields = z.strictObject({
  orgUnitId: z.coerce.number().int().positive().optional(),
  planTitle: z.string().trim().min(1).max(300).optional(),
});

/** One uploaded file (field "file") and the text fields beside it; the size limit is the multipart plugin's. */
async function readUpload(req: FastifyRequest, unsupported: ErrorCode) {
  if (!req.isMultipart())
    throw new AppError(unsupported, { message: "请以 multipart/form-data 上传文件（字段 file）" });
  let file: { bytes: Uint8Array; fileName: string } | null = null;
  const fields: Record<string, string> = {};
  for await (const part of req.parts()) {
    if (part.type === "file") {
      const bytes = await part.toBuffer(); // throws 413 past UPLOAD_MAX_MB
      if (part.fieldname === "file" && !file)
        file = { bytes: new Uint8Array(bytes), fileName: part.filename || "upload" };
    } else fields[part.fieldname] = String(part.value);
  }
  if (!file) throw new AppError("VALIDATION", { field: "file", message: "缺少上传文件（字段 file）" });
  const parsed = ZUploadFields.safeParse(fields);
  if (!parsed.success)
    throw new AppError("VALIDATION", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
    });
  return { ...file, ...parsed.data };
}

export const plansRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const imports = ["导入 imports"];
  const plans = ["计划 plans"];
  const tasks = ["任务 tasks"];

  // --- import drafts
  app.get("/imports", { schema: { tags: imports } }, async (req) => ({
    drafts: (await listDrafts(requireActor(req), deps)).map((d) => ({
      ...d,
      createdAt: iso(d.createdAt),
      updatedAt: iso(d.updatedAt),
    })),
  }));

  app.post("/imports", { schema: { tags: imports, consumes: ["multipart/form-data"] } }, async (req, reply) => {
    const actor = requireActor(req);
    const upload = await readUpload(req, "FILE_UNSUPPORTED");
    const { draftId } = await importDocument(actor, upload, deps);
    return reply.status(201).send({ draftId, ...presentDraft(await getDraft(actor, draftId, deps)) });
  });

  app.get("/imports/:id", { schema: { tags: imports, params: ZIdParam } }, async (req) =>
    presentDraft(await getDraft(requireActor(req), req.params.id, deps)),
  );

  app.patch("/imports/:id", { schema: { tags: imports, params: ZIdParam, body: ZEditDraft } }, async (req) =>
    presentDraft(await editDraft(requireActor(req), req.params.id, req.body, deps)),
  );

  app.post(
    "/imports/:id/commit",
    { schema: { tags: imports, params: ZIdParam, body: ZCommitDraft } },
    async (req, reply) =>
      reply.status(201).send(await commitDraft(requireActor(req), req.params.id, req.body ?? {}, deps)),
  );

  app.delete("/imports/:id", { schema: { tags: imports, params: ZIdParam } }, async (req) =>
    discardDraft(requireActor(req), req.params.id, deps),
  );

  // --- plans
  app.get("/plans", { schema: { tags: plans } }, async (req) => ({ plans: await listPlans(requireActor(req), deps) }));

  app.post("/plans", { schema: { tags: plans, body: ZCreatePlan } }, async (req, reply) =>
    reply.status(201).send(await createPlan(requireActor(req), req.body, deps)),
  );

  app.post(
    "/plans/import-ledger",
    { schema: { tags: plans, consumes: ["multipart/form-data"] } },
    async (req, reply) => {
      const actor = requireActor(req);
      const upload = await readUpload(req, "LEDGER_UNSUPPORTED");
      return reply.status(201).send(await importLedger(actor, upload, deps));
    },
  );

  app.get("/plans/:id", { schema: { tags: plans, params: ZIdParam } }, async (req) =>
    getPlan(requireActor(req), req.params.id, deps),
  );

  app.get("/plans/:id/board", { schema: { tags: plans, params: ZIdParam } }, async (req) =>
    planBoard(requireActor(req), req.params.id, deps),
  );

  app.post("/plans/:id/tasks", { schema: { tags: plans, params: ZIdParam, body: ZAddTask } }, async (req, reply) =>
    reply.status(201).send(await addTask(requireActor(req), req.params.id, req.body, deps)),
  );

  // --- tasks
  app.get("/tasks", { schema: { tags: tasks, querystring: ZTaskListQuery } }, async (req) =>
    listTasks(requireActor(req), req.query, deps),
  );

  app.post("/tasks/bulk-assign", { schema: { tags: tasks, body: ZBulkAssign } }, async (req) =>
    bulkAssign(requireActor(req), req.body, deps),
  );

  app.get("/tasks/:id", { schema: { tags: tasks, params: ZIdParam } }, async (req) =>
    getTask(requireActor(req), req.params.id, deps),
  );

  app.patch("/tasks/:id", { schema: { tags: tasks, params: ZIdParam, body: ZUpdateTask } }, async (req) =>
    updateTask(requireActor(req), req.params.id, req.body, deps),
  );

  app.delete("/tasks/:id", { schema: { tags: tasks, params: ZIdParam } }, async (req) =>
    deleteTask(requireActor(req), req.params.id, deps),
  );

  app.put("/tasks/:id/assignment", { schema: { tags: tasks, params: ZIdParam, body: ZAssignTask } }, async (req) =>
    assignTask(requireActor(req), req.params.id, req.body, deps),
  );

  app.get("/tasks/:id/audit", { schema: { tags: tasks, params: ZIdParam, querystring: ZAuditQuery } }, async (req) => ({
    events: (await taskAudit(requireActor(req), req.params.id, req.query, deps)).map((e) => ({ ...e, at: iso(e.at) })),
  }));
};
