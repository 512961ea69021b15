// The server serves the built web app: files, the SPA fallback for deep links, JSON 404s under /api,
// and a hint page when the bundle is not built.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../test/app.ts";

let dir: string;
let t: TestApp;
let bare: TestApp;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "luoshi-web-"));
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "index.html"), "<!doctype html><title>落实</title><div id=root></div>");
  writeFileSync(join(dir, "assets", "index-abc123.js"), "console.log(1)");
  t = await testApp({ WEB_DIR: dir });
  bare = await testApp({ WEB_DIR: join(dir, "missing") });
});
afterAll(async () => {
  await t.close();
  await bare.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("web app serving", () => {
  it("serves index.html at / and for deep links, never cached", async () => {
    for (const url of ["/", "/plans/12", "/import/3?x=1", "/admin/users"]) {
      const r = await t.app.inject({ method: "GET", url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers["content-type"]).toMatch(/text\/html/u);
      expect(r.body).toContain("<div id=root>");
      expect(r.headers["cache-control"]).toBe("no-cache");
    }
  });

  it("serves hashed assets for a year, and a missing asset is a 404", async () => {
    const r = await t.app.inject({ method: "GET", url: "/assets/index-abc123.js" });
    expect(r.statusCode).toBe(200);
    expect(r.headers["cache-control"]).toContain("immutable");
    expect((await t.app.inject({ method: "GET", url: "/assets/nope.js" })).statusCode).toBe(404);
  });

  it("keeps unknown /api routes a JSON 404", async () => {
    const r = await t.app.inject({ method: "GET", url: "/api/no-such-thing" });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe("ROUTE_NOT_FOUND");
  });

  it("explains how to build the web app when it is not built", async () => {
    const r = await bare.app.inject({ method: "GET", url: "/" });
    expect(r.statusCode).toBe(200);
    expect(r.body).toContain("npm run build:web");
  });
});
