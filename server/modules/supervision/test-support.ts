// Helpers for this module's tests: a plan with one assigned task through the plans module's routes,
// transitions, multipart reports, moving the clock.
import { expect } from "vitest";
import type { Client, TestApp } from "../../../test/app.ts";
import { DAY_MS, cstDate } from "../../platform/clock.ts";

export function daysFromNow(t: TestApp, days: number): string {
  return cstDate(new Date(t.deps.clock.now().getTime() + days * DAY_MS));
}

/** A plan with one task, assigned (not yet dispatched) by `staff`. */
export async function assignedTask(
  t: TestApp,
  staff: Client,
  a: {
    leadUnitId: number;
    deadlineInDays?: number;
    coUnitIds?: number[];
    deputyUserId?: number | null;
    cadence?: "weekly" | "monthly" | "quarterly" | "adhoc";
    milestones?: { title: string; dueOn: string }[];
    title?: string;
  },
) {
  const plan = await staff.request("POST", "/api/plans", { title: "2025年工作要点" });
  expect(plan.status, plan.body).toBe(201);
  const planId = plan.json.planId as number;
  const task = await staff.request("POST", `/api/plans/${planId}/tasks`, {
    kind: "task",
    title: a.title ?? "推进学前教育普惠发展",
  });
  expect(task.status, task.body).toBe(201);
  const taskId = task.json.taskId as number;
  const assign = await staff.request("PUT", `/api/tasks/${taskId}/assignment`, {
    version: await version(staff, taskId),
    leadUnitId: a.leadUnitId,
    coUnitIds: a.coUnitIds ?? [],
    deputyUserId: a.deputyUserId ?? null,
    deadline: daysFromNow(t, a.deadlineInDays ?? 10),
    cadence: a.cadence ?? "monthly",
    milestones: a.milestones ?? [],
  });
  expect(assign.status, assign.body).toBe(200);
  return { planId, taskId };
}

export async function version(client: Client, taskId: number): Promise<number> {
  const r = await client.request("GET", `/api/tasks/${taskId}`);
  expect(r.status, r.body).toBe(200);
  const v = r.json.version ?? r.json.task?.version;
  expect(typeof v).toBe("number");
  return v as number;
}

export async function transition(client: Client, taskId: number, action: string, reason?: string, v?: number) {
  return client.request("POST", `/api/tasks/${taskId}/transitions`, {
    action,
    version: v ?? (await version(client, taskId)),
    ...(reason !== undefined ? { reason } : {}),
  });
}

export async function supervision(client: Client, taskId: number) {
  const r = await client.request("GET", `/api/tasks/${taskId}/supervision`);
  expect(r.status, r.body).toBe(200);
  return r.json;
}

export async function fileWithEvidence(
  client: Client,
  taskId: number,
  fields: Record<string, string>,
  files: { name: string; bytes: Uint8Array; type?: string }[],
) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files)
    form.append("files", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return client.request("POST", `/api/tasks/${taskId}/reports`, form);
}

export async function advance(client: Client, days: number) {
  const r = await client.request("POST", "/api/test/clock", { advanceDays: days });
  expect(r.status, r.body).toBe(200);
  return r.json.sweep as { tasks: number; recomputed: number; reminders: number; escalations: number };
}

export async function notifications(client: Client) {
  const r = await client.request("GET", "/api/notifications");
  expect(r.status, r.body).toBe(200);
  return r.json as {
    unread: number;
    notifications: { id: number; kind: string; taskId: number; title: string; body: string }[];
  };
}
