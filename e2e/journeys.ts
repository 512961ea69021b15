// Set-up steps for the browser journeys (b)–(e) that are not what the journey tests: a user's API session
// (cookie + CSRF token, through the real login route) and a plan imported and committed through the API.
// The journeys themselves go through the browser (e2e/harness.ts).
import { expect } from "vitest";
import type { E2E } from "./harness.ts";
import { PASSWORD } from "../test/factories.ts";

export interface ApiSession {
  get<T = any>(path: string): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads
  send<T = any>(method: string, path: string, body?: unknown): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function apiAs(h: E2E, username: string): Promise<ApiSession> {
  const password = h.demo?.accounts.find((a) => a.username === username)?.password ?? PASSWORD;
  const r = await fetch(`${h.url}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  });
  expect(r.status, `login ${username}`).toBe(200);
  const cookie = (r.headers.get("set-cookie") ?? "").split(";")[0]!;
  const csrf = ((await r.json()) as { csrfToken: string }).csrfToken;
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie, "x-csrf-token": csrf };
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers["content-type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${h.url}/api${path}`, { method, headers, body: payload });
    const text = await res.text();
    expect(res.ok, `${method} ${path}: ${res.status} ${text}`).toBe(true);
    return text ? JSON.parse(text) : null;
  };
  return { get: (p) => call("GET", p), send: call };
}

interface Node {
  id: number;
  kind: string;
  title: string;
  version: number;
  targets: { id: number; value: number }[];
  children: Node[];
}
const flat = (ns: Node[]): Node[] => ns.flatMap((n) => [n, ...flat(n.children)]);

/** Imports a plan text as `staff` and commits it; returns the plan id and its tasks in order. */
export async function importPlan(staff: ApiSession, text: string) {
  const form = new FormData();
  form.append("file", new Blob([new TextEncoder().encode(text)]), "工作要点.txt");
  const draft = await staff.send<{ draftId: number }>("POST", "/imports", form);
  const { planId } = await staff.send<{ planId: number }>("POST", `/imports/${draft.draftId}/commit`, {});
  const plan = await staff.get<{ tree: Node[] }>(`/plans/${planId}`);
  return { planId, tasks: flat(plan.tree).filter((n) => n.kind === "task") };
}

/** Today (China time) plus n days, YYYY-MM-DD, by the server's clock. */
export function serverDay(h: E2E, days = 0): string {
  return new Date(h.clock.now().getTime() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

/** Assigns a task and takes it through the lifecycle steps given, all through the API. */
export async function assignAndMove(
  h: E2E,
  taskId: number,
  a: { leadUnitId: number; deputyUserId?: number; deadlineInDays: number },
  steps: { who: ApiSession; action: string }[],
  staff: ApiSession,
) {
  const v = (await staff.get<{ version: number }>(`/tasks/${taskId}`)).version;
  await staff.send("PUT", `/tasks/${taskId}/assignment`, {
    version: v,
    leadUnitId: a.leadUnitId,
    deputyUserId: a.deputyUserId ?? null,
    deadline: serverDay(h, a.deadlineInDays),
    cadence: "monthly",
  });
  for (const s of steps) {
    const cur = (await s.who.get<{ version: number }>(`/tasks/${taskId}`)).version;
    await s.who.send("POST", `/tasks/${taskId}/transitions`, { action: s.action, version: cur });
  }
}

/** A 1×1 PNG (evidence that the browser can preview). */
export const PNG_1x1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);

export const PLAN_TEXT = [
  "东坡县教育局2025年教育工作要点",
  "一、推进学前教育普惠发展",
  "（一）扩大普惠资源。新建城区幼儿园3所，新增学位900个。",
  "（二）提升保教质量。开展幼儿园保教质量评估。",
  "二、改善办学条件",
  "（一）实施薄弱学校改造。改造农村学校校舍10所。",
  "",
].join("\n");
