// HTTP routes of the school registry and unit groups. Translate, call the use case, return.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ZCreateRegistryUnit,
  ZIdParam,
  ZRegistryQuery,
  ZUnitGroup,
  ZUpdateRegistryUnit,
  ZUpdateUnitGroup,
} from "../../../../common/schemas/indicators-data.ts";
import { requireActor } from "../../../platform/http.ts";
import { readXlsxUpload, sendXlsx } from "../data/upload.ts";
import { exportRegistry, importRegistry } from "./registry-excel.ts";
import {
  createGroup,
  createRegistryUnit,
  deleteGroup,
  listGroups,
  listRegistry,
  updateGroup,
  updateRegistryUnit,
} from "./registry.ts";

export const registryRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["学校登记 registry"];

  app.get("/registry", { schema: { tags, querystring: ZRegistryQuery } }, async (req) => ({
    units: await listRegistry(requireActor(req), req.query.rootId, deps),
  }));
  app.post("/registry/units", { schema: { tags, body: ZCreateRegistryUnit } }, async (req, reply) =>
    reply.status(201).send({ unit: await createRegistryUnit(requireActor(req), req.body, deps) }),
  );
  app.patch("/registry/units/:id", { schema: { tags, params: ZIdParam, body: ZUpdateRegistryUnit } }, async (req) => ({
    unit: await updateRegistryUnit(requireActor(req), req.params.id, req.body, deps),
  }));
  app.get("/registry/export", { schema: { tags } }, async (req, reply) =>
    sendXlsx(reply, await exportRegistry(requireActor(req), deps)),
  );
  app.post("/registry/import", { schema: { tags, consumes: ["multipart/form-data"] } }, async (req) =>
    importRegistry(requireActor(req), () => readXlsxUpload(req), deps),
  );

  app.get("/unit-groups", { schema: { tags } }, async (req) => ({ groups: await listGroups(requireActor(req), deps) }));
  app.post("/unit-groups", { schema: { tags, body: ZUnitGroup } }, async (req, reply) =>
    reply.status(201).send({ group: await createGroup(requireActor(req), req.body, deps) }),
  );
  app.patch("/unit-groups/:id", { schema: { tags, params: ZIdParam, body: ZUpdateUnitGroup } }, async (req) => ({
    group: await updateGroup(requireActor(req), req.params.id, req.body, deps),
  }));
  app.delete("/unit-groups/:id", { schema: { tags, params: ZIdParam } }, async (req) =>
    deleteGroup(requireActor(req), req.params.id, deps),
  );
};
