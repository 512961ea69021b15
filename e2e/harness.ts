// The browser test harness: the real server on a fresh database, the built web app, and Debian's
// Chromium driven by playwright-core. One server and one browser per test file.
//
//   const e = e2eSuite("import review");            // describe(), or skip/fail without Chromium
//   e.describe(() => { beforeAll(() => (h = await startE2E({ seed: "demo" }))); … });
//   const page = await h.newPage();                  // 1280×800, console errors collected
//   await h.login(page, "jichu");                    // through the login form
//   await h.screenshot(page, "import-review");       // docs/screenshots/import-review.png
//   await h.setClock("2025-11-01T02:00:00Z");        // POST /api/test/clock (runs a sweep)
//   expect(h.errors(page)).toEqual([]);              // console errors and page errors
//
// Chromium: /usr/bin/chromium (Debian's package; never downloaded). Without it the suite is skipped with
// the reason printed, except under CI=true, where it fails. Playwright's launch() gives every browser a
// fresh temporary --user-data-dir of its own.
//
// Seeds: "county" = test/factories.ts seedCounty (every password PASSWORD, usernames admin/leader/deputy/
// staff/finance/township/school/…); "demo" = the demo county 青川县 with its living plan (accounts from
// server/modules/demo/county.ts, e.g. jichu = 基础教育股 staff, passwords generated and kept here).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { describe, it } from "vitest";
import { buildApp } from "../server/app.ts";
import { seedDemo, type DemoResult } from "../server/modules/demo/index.ts";
import { MovableClock } from "../server/platform/clock.ts";
import { loadConfig, type Config } from "../server/platform/config.ts";
import type { Deps } from "../server/platform/deps.ts";
import { testDatabase } from "../test/db.ts";
import { PASSWORD, seedCounty, type County } from "../test/factories.ts";

export const CHROMIUM = process.env.LUOSHI_CHROMIUM ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM);
export const VIEWPORT = { width: 1280, height: 800 };
const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const SCREENSHOTS = join(ROOT, "docs", "screenshots");
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The e2e suite wrapper: `describe` when Chromium is there; otherwise a skipped suite with the reason
 * printed, or under CI=true a failing test, so a CI without a browser never passes silently.
 */
export function e2eSuite(name: string): { describe(fn: () => void): void } {
  return {
    describe(fn) {
      if (HAS_CHROMIUM) return describe(name, fn);
      const reason = `Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium fonts-noto-cjk) to run the browser tests`;
      if (process.env.CI === "true")
        return describe(name, () => {
          it("needs Chromium", () => {
            throw new Error(reason);
          });
        });
      console.warn(`[e2e] skipped "${name}": ${reason}`);
      return describe.skip(name, fn);
    },
  };
}

// ---- the web bundle --------------------------------------------------------------------------------

function fingerprint(): string {
  const h = createHash("sha1");
  const walk = (p: string) => {
    const s = statSync(p);
    if (s.isDirectory()) for (const n of readdirSync(p).sort()) walk(join(p, n));
    else h.update(`${p}:${s.size}:${s.mtimeMs}\n`);
  };
  for (const p of ["web/src", "web/index.html", "web/vite.config.ts"]) walk(join(ROOT, p));
  return h.digest("hex").slice(0, 16);
}

/**
 * Builds the web app once for the current sources into a temp directory shared by the test files of
 * a run (keyed by the sources' fingerprint; a concurrent build of the same sources is harmless).
 */
export function buildWebOnce(): string {
  const out = join(tmpdir(), `luoshi-e2e-web-${fingerprint()}`);
  if (existsSync(join(out, "index.html"))) return out;
  const tmp = `${out}.${process.pid}.tmp`;
  const r = spawnSync(
    process.execPath,
    [
      join(ROOT, "node_modules/vite/bin/vite.js"),
      "build",
      "--config",
      join(ROOT, "web/vite.config.ts"),
      "--logLevel",
      "warn",
    ],
    {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", LUOSHI_WEB_OUT: tmp },
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another file built it first
  }
  return out;
}

// ---- server + browser ------------------------------------------------------------------------------

export interface E2E {
  url: string;
  deps: Deps;
  clock: MovableClock;
  /** seed "county": the test county. */
  county: County | null;
  /** seed "demo": the demo county with its accounts. */
  demo: DemoResult | null;
  browser: Browser;
  /** A page in a fresh browser context (its own cookies), 1280×800, errors collected. */
  newPage(): Promise<Page>;
  /** Logs in through the login form and waits for the layout. */
  login(page: Page, username: string, password?: string): Promise<void>;
  /** Logs out through the user menu. */
  logout(page: Page): Promise<void>;
  /** docs/screenshots/<name>.png of the viewport. */
  screenshot(page: Page, name: string): Promise<string>;
  /** Sets (ISO date-time) or advances the server clock, then runs a supervision sweep. */
  setClock(to: string | { advanceDays: number }): Promise<{ now: string }>;
  /** Console errors and uncaught page errors seen on the page so far. */
  errors(page: Page): string[];
  close(): Promise<void>;
}

export async function startE2E(opts: { seed?: "county" | "demo"; config?: Partial<Config> } = {}): Promise<E2E> {
  const webDir = buildWebOnce();
  const database = await testDatabase();
  const clock = new MovableClock();
  const config = loadConfig(
    {},
    {
      LOG_LEVEL: "silent",
      TEST_CLOCK: true,
      SWEEP_MINUTES: 0,
      LOGIN_RATE_PER_MINUTE: 1000,
      SESSION_HOURS: 24 * 365,
      WEB_DIR: webDir,
      ...opts.config,
    },
  );
  const deps: Deps = { database, config, clock, mailer: null };
  const seed = opts.seed ?? "county";
  const county = seed === "county" ? await seedCounty(deps) : null;
  const demo = seed === "demo" ? await seedDemo(deps) : null;
  const app = await buildApp(deps, { logger: false });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const contexts: BrowserContext[] = [];
  const errs = new WeakMap<Page, string[]>();
  let adminSession: Promise<{ cookie: string; csrf: string }> | null = null;
  const password = (u: string) => demo?.accounts.find((a) => a.username === u)?.password ?? PASSWORD;

  const h: E2E = {
    url,
    deps,
    clock,
    county,
    demo,
    browser,
    async newPage() {
      const ctx = await browser.newContext({
        viewport: VIEWPORT,
        baseURL: url,
        locale: "zh-CN",
        timezoneId: "Asia/Shanghai",
      });
      contexts.push(ctx);
      const page = await ctx.newPage();
      const list: string[] = [];
      errs.set(page, list);
      page.on("console", (m) => {
        if (m.type() === "error") list.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => list.push(`pageerror: ${e.message}`));
      page.setDefaultTimeout(10_000);
      return page;
    },
    async login(page, username, pw) {
      await page.goto("/login");
      await page.getByLabel(/用户名|Username/u).fill(username);
      await page.getByLabel(/密码|Password/u).fill(pw ?? password(username));
      await page.getByTestId("login-submit").click();
      await page.getByTestId("user-menu").waitFor();
    },
    async logout(page) {
      await page.getByTestId("user-menu").hover();
      await page.getByText(/退出登录|Log out/u).click();
      await page.waitForURL(/\/login/u);
    },
    async screenshot(page, name) {
      mkdirSync(SCREENSHOTS, { recursive: true });
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path });
      return path;
    },
    async setClock(to) {
      // through the test-only route, as the admin (it is a write: session cookie + CSRF token)
      adminSession ??= (async () => {
        const r = await fetch(`${url}/api/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ username: "admin", password: password("admin") }),
        });
        if (!r.ok) throw new Error(`admin login for setClock failed: ${r.status} ${await r.text()}`);
        const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
        return { cookie, csrf: ((await r.json()) as { csrfToken: string }).csrfToken };
      })();
      const { cookie, csrf } = await adminSession;
      const body = typeof to === "string" ? { set: new Date(to).toISOString() } : to;
      const r = await fetch(`${url}/api/test/clock`, {
        method: "POST",
        headers: { "content-type": "application/json", cookie, "x-csrf-token": csrf },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`setClock failed: ${r.status} ${await r.text()}`);
      return (await r.json()) as { now: string };
    },
    errors(page) {
      return [...(errs.get(page) ?? [])];
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await app.close();
      await database.close();
    },
  };
  return h;
}
