// PLACEHOLDER — the plans module is being written (see server/modules/plans/README.md when it lands).
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";

export const plansRoutes: FastifyPluginAsyncZod = async () => {};
