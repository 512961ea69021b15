// HTTP plumbing shared by every module: the error format, the session → actor hook, CSRF.
// Errors leave as { error: { code, message, details } } with the status from common/errors.ts.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { AppError, ERRORS, type ErrorCode } from "../../common/errors.ts";
import type { Actor } from "./actor.ts";

export const SESSION_COOKIE = "luoshi_session";
export const CSRF_HEADER = "x-csrf-token";

declare module "fastify" {
  interface FastifyRequest {
    actor: Actor | null;
    sessionToken: string | null;
  }
}

export function sendError(reply: FastifyReply, code: ErrorCode, details: Record<string, unknown> = {}) {
  const e = ERRORS[code];
  return reply.status(e.status).send({ error: { code, message: e.zh, messageEn: e.en, details } });
}

export function errorHandler(err: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof AppError) return sendError(reply, err.code, err.details);
  if (hasZodFastifySchemaValidationErrors(err)) {
    return sendError(reply, "VALIDATION", {
      issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message, params: v.params })),
    });
  }
  const fe = err as FastifyError;
  if (
    fe.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
    fe.code === "FST_ERR_CTP_EMPTY_JSON_BODY" ||
    (fe.statusCode === 400 && /JSON/u.test(fe.message))
  )
    return sendError(reply, "MALFORMED_JSON");
  if (fe.code === "FST_REQ_FILE_TOO_LARGE" || fe.code === "FST_ERR_CTP_BODY_TOO_LARGE" || fe.statusCode === 413)
    return sendError(reply, "PAYLOAD_TOO_LARGE");
  if (fe.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE" || fe.statusCode === 415)
    return sendError(reply, "FILE_UNSUPPORTED");
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500)
    return sendError(reply, "VALIDATION", { message: fe.message });
  req.log.error({ err }, "unhandled error");
  return sendError(reply, "INTERNAL");
}

/** The actor of a request, or a 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new AppError("AUTH_REQUIRED");
  return req.actor;
}

export function registerErrorHandling(app: FastifyInstance) {
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((_req, reply) => sendError(reply, "ROUTE_NOT_FOUND"));
}
