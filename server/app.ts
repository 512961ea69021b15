// The app factory used by main.ts and by tests: plugins, the session hook, every module's routes.
import cookie from "@fastify/cookie";
import multipart from "@fastify/multipart";
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import { AppError } from "../common/errors.ts";
import type { Deps } from "./platform/deps.ts";
import { CSRF_HEADER, SESSION_COOKIE, registerErrorHandling } from "./platform/http.ts";
import { auditRoutes } from "./modules/audit/index.ts";
import { actorForToken, orgsRoutes } from "./modules/orgs/index.ts";
import { plansRoutes } from "./modules/plans/index.ts";
import { supervisionRoutes } from "./modules/supervision/index.ts";
import { calcRoutes, dataRoutes, registryRoutes } from "./modules/indicators/index.ts";
import { reportsRoutes } from "./modules/reports/index.ts";
import { testRoutes } from "./platform/test-routes.ts";
import { registerWeb } from "./web.ts";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
/** Routes that work without a session (and so without a CSRF token). */
const PUBLIC = new Set(["/api/auth/login", "/api/auth/session", "/api/health"]);

export async function buildApp(deps: Deps, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.LOG_LEVEL },
    bodyLimit: 2 * 1024 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("deps", deps);
  app.decorateRequest("actor", null);
  app.decorateRequest("sessionToken", null);
  registerErrorHandling(app);

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: deps.config.UPLOAD_MAX_MB * 1024 * 1024, files: 10, fields: 20 },
  });
  await app.register(swagger, {
    openapi: { info: { title: "luoshi 落实 API", version: "0.1.0", description: "教育局工作要点落实系统接口" } },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.addHook("onRequest", async (req) => {
    // The embedded engine runs each query synchronously in this process: yield once per request so
    // that sockets waiting to be read get their turn (fair latency under concurrent load).
    if (deps.database.kind === "pglite") await new Promise((resolve) => setImmediate(resolve));
    const token = req.cookies[SESSION_COOKIE];
    if (token) {
      req.sessionToken = token;
      req.actor = await actorForToken(token, deps);
    }
    const path = req.routeOptions.url ?? req.url;
    // Authentication comes before validation: an anonymous caller learns nothing about a route's input.
    if (
      !req.actor &&
      !PUBLIC.has(path) &&
      path.startsWith("/api/") &&
      !path.startsWith("/api/docs") &&
      req.routeOptions.url
    )
      throw new AppError("AUTH_REQUIRED");
    if (!SAFE_METHODS.has(req.method) && !PUBLIC.has(path) && req.actor) {
      if (req.headers[CSRF_HEADER] !== req.actor.csrfToken) throw new AppError("CSRF_FAILED");
    }
  });

  app.get("/api/health", { schema: { hide: true } }, async () => ({
    ok: true,
    db: deps.database.kind,
    now: deps.clock.now().toISOString(),
  }));
  await app.register(orgsRoutes, { prefix: "/api" });
  await app.register(auditRoutes, { prefix: "/api" });
  await app.register(plansRoutes, { prefix: "/api" });
  await app.register(supervisionRoutes, { prefix: "/api" });
  await app.register(calcRoutes, { prefix: "/api" });
  await app.register(registryRoutes, { prefix: "/api" });
  await app.register(dataRoutes, { prefix: "/api" });
  await app.register(reportsRoutes, { prefix: "/api" });
  if (deps.config.TEST_CLOCK) await app.register(testRoutes, { prefix: "/api" });
  await registerWeb(app, deps.config.WEB_DIR);
  return app;
}
