// HTTP routes of the orgs module: translate, call the use case, present.
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import {
  ZChangePassword,
  ZCreateUnit,
  ZCreateUser,
  ZIdParam,
  ZLogin,
  ZUpdateUser,
} from "../../../common/schemas/orgs.ts";
import { ROLE_NAMES } from "../../platform/actor.ts";
import { SESSION_COOKIE, requireActor } from "../../platform/http.ts";
import { actorForToken, changePassword, login, logout, sessionProfile } from "./auth.ts";
import { createUnit, createUser, listUsers, orgTree, resetPassword, updateUser } from "./users.ts";

export const orgsRoutes: FastifyPluginAsyncZod = async (app) => {
  const deps = app.deps;
  const tags = ["账号与组织 accounts"];

  app.post("/auth/login", { schema: { tags, body: ZLogin } }, async (req, reply) => {
    const r = await login({ ...req.body, client: req.ip }, deps);
    reply.setCookie(SESSION_COOKIE, r.token, {
      httpOnly: true,
      sameSite: "strict",
      secure: deps.config.COOKIE_SECURE,
      path: "/",
      expires: r.expiresAt,
    });
    const actor = await actorForToken(r.token, deps);
    return { csrfToken: r.csrfToken, user: actor && { ...present(actor), ...(await sessionProfile(actor, deps)) } };
  });

  app.post("/auth/logout", { schema: { tags } }, async (req, reply) => {
    if (req.sessionToken) await logout(req.sessionToken, deps);
    reply.clearCookie(SESSION_COOKIE, { path: "/" });
    return { ok: true };
  });

  app.get("/auth/me", { schema: { tags } }, async (req) => {
    const actor = requireActor(req);
    return { csrfToken: actor.csrfToken, user: { ...present(actor), ...(await sessionProfile(actor, deps)) } };
  });

  // Like /auth/me, but public: 200 with user null when nobody is logged in (the web app asks this on
  // start, so a visitor's first page load logs no failed request).
  app.get("/auth/session", { schema: { tags } }, async (req) => {
    const actor = req.actor;
    if (!actor) return { csrfToken: null, user: null };
    return { csrfToken: actor.csrfToken, user: { ...present(actor), ...(await sessionProfile(actor, deps)) } };
  });

  app.post("/auth/password", { schema: { tags, body: ZChangePassword } }, async (req) => {
    await changePassword(requireActor(req), req.body, deps, req.sessionToken!);
    return { ok: true };
  });

  app.get("/orgs", { schema: { tags } }, async (req) => ({ units: await orgTree(requireActor(req), deps) }));

  app.post("/orgs", { schema: { tags, body: ZCreateUnit } }, async (req, reply) =>
    reply.status(201).send({ unit: await createUnit(requireActor(req), req.body, deps) }),
  );

  app.get("/users", { schema: { tags } }, async (req) => ({ users: await listUsers(requireActor(req), deps) }));

  app.post("/users", { schema: { tags, body: ZCreateUser } }, async (req, reply) => {
    const r = await createUser(requireActor(req), req.body, deps);
    return reply.status(201).send(r);
  });

  app.patch("/users/:id", { schema: { tags, params: ZIdParam, body: ZUpdateUser } }, async (req) => ({
    user: await updateUser(requireActor(req), req.params.id, req.body, deps),
  }));

  app.post("/users/:id/reset-password", { schema: { tags, params: ZIdParam } }, async (req) =>
    resetPassword(requireActor(req), req.params.id, deps),
  );
};

function present(a: {
  id: number;
  username: string;
  displayName: string;
  role: keyof typeof ROLE_NAMES;
  orgUnitId: number;
  departmentIds: number[];
}) {
  return {
    id: a.id,
    username: a.username,
    displayName: a.displayName,
    role: a.role,
    roleName: ROLE_NAMES[a.role],
    orgUnitId: a.orgUnitId,
    departmentIds: a.departmentIds,
  };
}
