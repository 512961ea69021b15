// HTTP routes of the data side: elements, data sets, validation rules, collection rounds, entry, Excel
// round trip, bulk validation, approval. Translate, call the use case, return.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ZAddSetElement,
  ZCreateElement,
  ZCreateRound,
  ZCreateRule,
  ZIdParam,
  ZOptionalReason,
  ZPutValues,
  ZReason,
  ZRoundUnitParams,
  ZRoundVersion,
  ZUpdateElement,
  ZValidationQuery,
} from "../../../../common/schemas/indicators-data.ts";
import { requireActor } from "../../../platform/http.ts";
import { approvalHistory, changeApproval } from "./approval.ts";
import { addElementToSet, createElement, updateElement } from "./element-admin.ts";
import { entryTemplate, uploadEntry } from "./excel.ts";
import {
  createRound,
  createRule,
  getRoundDetail,
  listDataSets,
  listElements,
  listRounds,
  listRules,
  setRoundStatus,
} from "./rounds.ts";
import { readXlsxUpload, sendXlsx } from "./upload.ts";
import { validateRound } from "./validate.ts";
import { getValues, putValues } from "./values.ts";

export const dataRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["数据采集 data collection"];
  const unit = ZRoundUnitParams;

  app.get("/data-elements", { schema: { tags } }, async (req) => ({ elements: await listElements(requireActor(req), deps) }));
  app.post("/data-elements", { schema: { tags, body: ZCreateElement } }, async (req, reply) =>
    reply.status(201).send(await createElement(requireActor(req), req.body, deps)),
  );
  app.patch("/data-elements/:id", { schema: { tags, params: ZIdParam, body: ZUpdateElement } }, async (req) =>
    updateElement(requireActor(req), req.params.id, req.body, deps),
  );
  app.get("/data-sets", { schema: { tags } }, async (req) => ({ dataSets: await listDataSets(requireActor(req), deps) }));
  app.post("/data-sets/:id/elements", { schema: { tags, params: ZIdParam, body: ZAddSetElement } }, async (req, reply) =>
    reply.status(201).send(await addElementToSet(requireActor(req), req.params.id, req.body, deps)),
  );
  app.get("/validation-rules", { schema: { tags } }, async (req) => ({ rules: await listRules(requireActor(req), deps) }));
  app.post("/validation-rules", { schema: { tags, body: ZCreateRule } }, async (req, reply) =>
    reply.status(201).send({ rule: await createRule(requireActor(req), req.body, deps) }),
  );

  app.get("/rounds", { schema: { tags } }, async (req) => ({ rounds: await listRounds(requireActor(req), deps) }));
  app.post("/rounds", { schema: { tags, body: ZCreateRound } }, async (req, reply) =>
    reply.status(201).send(await createRound(requireActor(req), req.body, deps)),
  );
  app.get("/rounds/:id", { schema: { tags, params: ZIdParam } }, async (req) =>
    getRoundDetail(requireActor(req), req.params.id, deps),
  );
  app.post("/rounds/:id/close", { schema: { tags, params: ZIdParam, body: ZRoundVersion } }, async (req) =>
    setRoundStatus(requireActor(req), req.params.id, "closed", req.body.version, deps),
  );
  app.post("/rounds/:id/reopen", { schema: { tags, params: ZIdParam, body: ZRoundVersion } }, async (req) =>
    setRoundStatus(requireActor(req), req.params.id, "open", req.body.version, deps),
  );
  app.get("/rounds/:id/validation", { schema: { tags, params: ZIdParam, querystring: ZValidationQuery } }, async (req) =>
    validateRound(requireActor(req), req.params.id, req.query.unitId, deps),
  );
  app.get("/rounds/:id/template", { schema: { tags, params: ZIdParam } }, async (req, reply) =>
    sendXlsx(reply, await entryTemplate(requireActor(req), req.params.id, deps)),
  );
  app.post("/rounds/:id/upload", { schema: { tags, params: ZIdParam, consumes: ["multipart/form-data"] } }, async (req) =>
    uploadEntry(requireActor(req), req.params.id, () => readXlsxUpload(req), deps),
  );

  app.get("/rounds/:id/units/:unitId/values", { schema: { tags, params: unit } }, async (req) =>
    getValues(requireActor(req), req.params.id, req.params.unitId, deps),
  );
  app.put("/rounds/:id/units/:unitId/values", { schema: { tags, params: unit, body: ZPutValues } }, async (req) =>
    putValues(requireActor(req), req.params.id, req.params.unitId, req.body, deps),
  );
  app.get("/rounds/:id/units/:unitId/history", { schema: { tags, params: unit } }, async (req) => ({
    history: await approvalHistory(requireActor(req), req.params.id, req.params.unitId, deps),
  }));
  app.post("/rounds/:id/units/:unitId/submit", { schema: { tags, params: unit, body: ZOptionalReason.optional() } }, async (req) =>
    changeApproval(requireActor(req), req.params.id, req.params.unitId, "submit", req.body?.reason ?? null, deps),
  );
  app.post("/rounds/:id/units/:unitId/approve", { schema: { tags, params: unit, body: ZOptionalReason.optional() } }, async (req) =>
    changeApproval(requireActor(req), req.params.id, req.params.unitId, "approve", req.body?.reason ?? null, deps),
  );
  app.post("/rounds/:id/units/:unitId/return", { schema: { tags, params: unit, body: ZReason } }, async (req) =>
    changeApproval(requireActor(req), req.params.id, req.params.unitId, "return", req.body.reason, deps),
  );
  app.post("/rounds/:id/units/:unitId/reopen", { schema: { tags, params: unit, body: ZReason } }, async (req) =>
    changeApproval(requireActor(req), req.params.id, req.params.unitId, "reopen", req.body.reason, deps),
  );
};
