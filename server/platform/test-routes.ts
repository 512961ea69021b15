// Test-only routes, registered only when TEST_CLOCK=1: move the server clock, run a supervision sweep.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { DAY_MS } from "./clock.ts";

export const testRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/test/clock",
    {
      schema: {
        hide: true,
        body: z.strictObject({ advanceDays: z.number().optional(), set: z.string().datetime().optional() }),
      },
    },
    async (req) => {
      const { clock } = app.deps;
      if (req.body.set) clock.set(new Date(req.body.set));
      if (req.body.advanceDays) clock.advance(req.body.advanceDays * DAY_MS);
      const { runSweep } = await import("../modules/supervision/index.ts");
      const sweep = await runSweep(app.deps);
      return { now: clock.now().toISOString(), sweep };
    },
  );
};
