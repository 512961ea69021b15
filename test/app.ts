// An app on a fresh test database, with a logged-in HTTP client per user.
import type { FastifyInstance, InjectOptions } from "fastify";
import { buildApp } from "../server/app.ts";
import { MovableClock } from "../server/platform/clock.ts";
import { loadConfig, type Config } from "../server/platform/config.ts";
import type { Deps } from "../server/platform/deps.ts";
import { testDatabase } from "./db.ts";
import { PASSWORD } from "./factories.ts";

export interface TestApp {
  app: FastifyInstance;
  deps: Deps;
  close(): Promise<void>;
  as(username: string, password?: string): Promise<Client>;
}

export interface Client {
  username: string;
  csrf: string;
  request(
    method: InjectOptions["method"],
    url: string,
    body?: unknown,
    extra?: Partial<InjectOptions>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read response fields freely
  ): Promise<{ status: number; json: any; body: string; headers: Record<string, unknown> }>;
}

export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const config = loadConfig(
    {},
    { LOG_LEVEL: "silent", TEST_CLOCK: true, SWEEP_MINUTES: 0, LOGIN_RATE_PER_MINUTE: 1000, ...overrides },
  );
  const deps: Deps = { database, config, clock: new MovableClock(), mailer: null };
  const app = await buildApp(deps, { logger: false });
  await app.ready();
  const as = async (username: string, password = PASSWORD): Promise<Client> => {
    const res = await app.inject({ method: "POST", url: "/api/auth/login", payload: { username, password } });
    if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
    const cookie = res.cookies.find((c) => c.name === "luoshi_session")!;
    const csrf = (res.json() as { csrfToken: string }).csrfToken;
    return {
      username,
      csrf,
      async request(method, url, body, extra = {}) {
        const r = await app.inject({
          method,
          url,
          cookies: { luoshi_session: cookie.value },
          headers: { "x-csrf-token": csrf, ...(extra.headers ?? {}) },
          ...(body !== undefined ? { payload: body as InjectOptions["payload"] } : {}),
          ...extra,
        } as InjectOptions);
        let json: unknown;
        try {
          json = r.json();
        } catch {
          json = null; // not a JSON body (a download)
        }
        return { status: r.statusCode, json, body: r.body, headers: r.headers };
      },
    };
  };
  return {
    app,
    deps,
    as,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** Log several users in at once: `const [a, b] = await loginAll(t, ["staff", "school"])`. */
export async function loginAll<const N extends readonly string[]>(
  t: TestApp,
  names: N,
): Promise<{ -readonly [K in keyof N]: Client }> {
  return (await Promise.all(names.map((n) => t.as(n)))) as { -readonly [K in keyof N]: Client };
}
