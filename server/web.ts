// The web app in production: the server serves the built bundle (web/dist, or WEB_DIR) and answers
// every other GET outside /api with index.html, so the browser's router handles deep links. Unknown
// /api paths keep their JSON 404. Without a built bundle "/" explains how to build it.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import { sendError } from "./platform/http.ts";

export const DEFAULT_WEB_DIR = fileURLToPath(new URL("../web/dist", import.meta.url));

export async function registerWeb(app: FastifyInstance, webDir: string | undefined): Promise<void> {
  const root = resolve(webDir ?? DEFAULT_WEB_DIR);
  const built = existsSync(join(root, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      // hashed assets never change; index.html must always be fresh
      setHeaders: (reply, path) => {
        reply.header(
          "cache-control",
          path.startsWith(join(root, "assets")) ? "public, max-age=31536000, immutable" : "no-cache",
        );
      },
    });
  }
  app.get("/*", { schema: { hide: true } }, async (req, reply) => {
    const path = req.url.split("?")[0] ?? "/";
    if (path === "/api" || path.startsWith("/api/")) return sendError(reply, "ROUTE_NOT_FOUND");
    if (path.startsWith("/assets/")) return sendError(reply, "ROUTE_NOT_FOUND");
    if (!built)
      return reply
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><meta charset="utf-8"><title>落实</title><p>网页前端尚未构建：请运行 <code>npm run build:web</code>（或 <code>npm start</code> 会自动构建）。` +
            `<br>The web app is not built: run <code>npm run build:web</code>. API: <a href="/api/docs">/api/docs</a></p>`,
        );
    return reply.header("cache-control", "no-cache").sendFile("index.html", root);
  });
}
