// Audit queries: per task (through the plans module's visibility check) and per user (admin, or yourself).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../common/errors.ts";
import { requireActor } from "../../platform/http.ts";
import { listAudit } from "./audit.repo.ts";

const ZQuery = z.strictObject({
  userId: z.coerce.number().int().positive().optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/audit", { schema: { tags: ["审计 audit"], querystring: ZQuery } }, async (req) => {
    const actor = requireActor(req);
    const userId = req.query.userId ?? actor.id;
    if (userId !== actor.id && actor.role !== "admin") throw new AppError("FORBIDDEN");
    return {
      events: await listAudit(app.deps.database.db, {
        actorId: userId,
        beforeId: req.query.beforeId,
        limit: req.query.limit,
      }),
    };
  });
};
