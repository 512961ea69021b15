// PLACEHOLDER — the supervision module is being written.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Deps } from "../../platform/deps.ts";

export const supervisionRoutes: FastifyPluginAsyncZod = async () => {};
export async function runSweep(_deps: Deps): Promise<Record<string, number>> {
  return {};
}
