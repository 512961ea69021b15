// HTTP routes of the calculation side: catalogue, explorer, threshold evaluation, recompute, target links.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AppError } from "../../../../common/errors.ts";
import {
  ZApplyTemplate,
  ZCreateIndicator,
  ZDecideLink,
  ZEvaluationQuery,
  ZIdParam,
  ZSeriesQuery,
  ZUpdateIndicator,
  ZValuesQuery,
} from "../../../../common/schemas/indicators.ts";
import { requireActor } from "../../../platform/http.ts";
import { recomputeAll } from "./aggregate.ts";
import { createIndicator, deleteIndicator, updateIndicator } from "./custom.ts";
import { catalogueOf, exploreSeries, exploreTable, exploreTemplate } from "./explorer.ts";
import {
  applyTargetTemplate,
  decideTargetLink,
  planLinks,
  resuggestPlanLinks,
  taskIndicators,
} from "./links.ts";

export const calcRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["指标计算 indicators"];

  app.get("/indicators/catalogue", { schema: { tags } }, async (req) => {
    requireActor(req);
    return catalogueOf(deps.database.db);
  });

  // custom indicators: county staff and the admin (built-ins refuse edit and delete)
  app.post(
    "/indicators",
    { schema: { tags, body: ZCreateIndicator, description: "新建自定义指标：Σ分子 / Σ分母 × 系数（无分母为计数）" } },
    async (req, reply) => reply.status(201).send(await createIndicator(requireActor(req), req.body, deps)),
  );

  app.put("/indicators/:id", { schema: { tags, params: ZIdParam, body: ZUpdateIndicator } }, async (req) =>
    updateIndicator(requireActor(req), req.params.id, req.body, deps),
  );

  app.delete("/indicators/:id", { schema: { tags, params: ZIdParam } }, async (req) =>
    deleteIndicator(requireActor(req), req.params.id, deps),
  );

  app.get(
    "/indicators/values",
    {
      schema: {
        tags,
        querystring: ZValuesQuery,
        description: "指标 × 单位层级 × 年份表：root 单位及其下 depth 级单位，每个指标每年的值、分子、分母",
      },
    },
    async (req) => {
      const q = req.query;
      return exploreTable(
        requireActor(req),
        {
          root: q.root,
          depth: q.depth,
          years: q.years,
          codes: q.codes,
          params: q.ageBand ? { ageBand: q.ageBand } : {},
        },
        deps,
      );
    },
  );

  app.get("/indicators/series", { schema: { tags, querystring: ZSeriesQuery } }, async (req) => {
    const q = req.query;
    return exploreSeries(
      requireActor(req),
      { code: q.code, unit: q.unit, years: q.years, params: q.ageBand ? { ageBand: q.ageBand } : {} },
      deps,
    );
  });

  app.get("/indicators/evaluation", { schema: { tags, querystring: ZEvaluationQuery } }, async (req) =>
    exploreTemplate(requireActor(req), req.query, deps),
  );

  app.post("/indicators/recompute", { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    if (actor.role !== "admin") throw new AppError("FORBIDDEN");
    return recomputeAll(deps.database.db);
  });

  app.get("/plans/:id/indicator-links", { schema: { tags, params: ZIdParam } }, async (req) =>
    planLinks(requireActor(req), req.params.id, deps),
  );

  app.post("/plans/:id/indicator-links/suggest", { schema: { tags, params: ZIdParam } }, async (req) =>
    resuggestPlanLinks(requireActor(req), req.params.id, deps),
  );

  app.put("/targets/:id/indicator-link", { schema: { tags, params: ZIdParam, body: ZDecideLink } }, async (req) =>
    decideTargetLink(requireActor(req), req.params.id, req.body, deps),
  );

  app.get("/tasks/:id/indicators", { schema: { tags, params: ZIdParam } }, async (req) =>
    taskIndicators(requireActor(req), req.params.id, deps),
  );

  app.post(
    "/tasks/:id/target-templates",
    {
      schema: {
        tags,
        params: ZIdParam,
        body: ZApplyTemplate,
        description: "以督导评估达标模板（学前双普、优质均衡）为任务设定目标",
      },
    },
    async (req, reply) =>
      reply.status(201).send(await applyTargetTemplate(requireActor(req), req.params.id, req.body, deps)),
  );
};
