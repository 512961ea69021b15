// The supervision sweep (the scheduled job): for every task under way, recompute its colour, remind the
// lead unit of what falls due (临近提醒), and escalate what is overdue (逾期升级: 分管领导, then 主要领导).
// Idempotent: a colour is written only when it changed, a reminder is once per task, day and person
// (notifications.dedupe_key), an escalation level only ever goes up once. Running it twice sends nothing new.
import { noticeZh, reminderLineZh, type EscalatedTo } from "../../../common/notice-texts.ts";
import type { TaskState } from "../../../common/schemas/supervision.ts";
import { cstDate, daysBetween } from "../../platform/clock.ts";
import type { Config } from "../../platform/config.ts";
import type { Tx } from "../../platform/db.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { getTaskRow, listTasksForSweep, updateTaskFields } from "../plans/index.ts";
import { deliver, deputiesFor, leadUnitUsers, leadersFor, notify } from "./notify.ts";
import { statusOf, type Status } from "./status.ts";
import * as repo from "./supervision.repo.ts";
import { assignedAtOf, toStatusTask, unmetTargetsOf } from "./task-status.ts";
import { UNDER_WAY } from "./urge.ts";

/** Days before a progress report is due that the lead unit is reminded of it. */
export const REPORT_REMIND_DAYS = 3;
/** Days a dispatched task may wait for 签收 before the lead unit is reminded. */
export const ACCEPT_REMIND_DAYS = 2;

export interface SweepResult {
  /** Tasks under way that were looked at. */
  tasks: number;
  /** Tasks whose colour or reason changed. */
  recomputed: number;
  /** New reminder notifications. */
  reminders: number;
  /** Escalation steps taken (a task going from 0 to 2 in one sweep counts 2). */
  escalations: number;
}

/** 0 = none, 1 = the deputy leader (分管领导), 2 = the bureau leader (主要领导). */
export function escalationLevelFor(
  daysOverdue: number,
  config: Pick<Config, "ESCALATE_DEPUTY_DAYS" | "ESCALATE_LEADER_DAYS">,
) {
  if (daysOverdue <= 0) return 0;
  const deputy = Math.max(config.ESCALATE_DEPUTY_DAYS, 1);
  if (daysOverdue >= Math.max(config.ESCALATE_LEADER_DAYS, deputy)) return 2;
  return daysOverdue >= deputy ? 1 : 0;
}

type SweepTask = Awaited<ReturnType<typeof listTasksForSweep>>[number];

/** What the lead unit should hear about today, if anything. */
export function reminderLines(
  t: {
    state: TaskState | string;
    deadline: string | null;
    milestones: { title: string; dueOn: string; reachedAt: unknown }[];
  },
  status: Pick<Status, "daysOverdue" | "reportDueOn">,
  assignedAt: string | null,
  now: Date,
  config: Pick<Config, "DUE_SOON_DAYS">,
): string[] {
  const today = cstDate(now);
  const lines: string[] = [];
  if (t.state === "assigned" && assignedAt) {
    const waiting = daysBetween(cstDate(new Date(assignedAt)), today);
    if (waiting >= ACCEPT_REMIND_DAYS) lines.push(reminderLineZh.notAccepted(waiting));
  }
  if (t.deadline) {
    const left = daysBetween(today, t.deadline);
    if (left < 0) lines.push(reminderLineZh.overdue(t.deadline, -left));
    else if (left <= config.DUE_SOON_DAYS)
      lines.push(left === 0 ? reminderLineZh.dueToday(t.deadline) : reminderLineZh.dueIn(t.deadline, left));
  }
  for (const m of t.milestones) {
    if (m.reachedAt) continue;
    const left = daysBetween(today, m.dueOn);
    if (left >= 0 && left <= config.DUE_SOON_DAYS) lines.push(reminderLineZh.milestoneDue(m.title, m.dueOn));
  }
  if (t.state === "accepted" && status.reportDueOn) {
    const left = daysBetween(today, status.reportDueOn);
    if (left < 0) lines.push(reminderLineZh.reportOverdue(-left));
    else if (left <= REPORT_REMIND_DAYS) lines.push(reminderLineZh.reportDue(status.reportDueOn));
  }
  return lines;
}

export async function runSweep(deps: Deps): Promise<SweepResult> {
  const { db } = deps.database;
  const now = deps.clock.now();
  const today = cstDate(now);
  const open = (await listTasksForSweep(db)).filter((t) => UNDER_WAY.includes(t.state));
  const dispatched = await repo.dispatches(
    db,
    open.map((t) => t.id),
  );
  const unmet = await unmetTargetsOf(
    db,
    open.map((t) => t.id),
  );
  const result: SweepResult = { tasks: open.length, recomputed: 0, reminders: 0, escalations: 0 };
  const emails: number[] = [];

  for (const t of open) {
    const assignedAt = assignedAtOf(t.state, dispatched.get(t.id)?.at, t.createdAt);
    const status = statusOf(
      toStatusTask({ ...t, statusOverride: null, statusOverrideNote: null }, assignedAt, unmet.get(t.id)),
      t.milestones,
      now,
      deps.config,
    );
    // status_color keeps the rule's colour; an override is stored beside it and read with it
    const recolour = status.computed.color !== t.statusColor || status.computed.reason !== t.statusReason;
    const level =
      t.state === "completion_requested" ? t.escalationLevel : escalationLevelFor(status.daysOverdue, deps.config);
    const lines = reminderLines(t, status, assignedAt, now, deps.config);
    if (!recolour && level === t.escalationLevel && !lines.length) continue;

    await db.transaction(async (tx) => {
      await updateTaskFields(tx, t.id, {
        ...(recolour ? { statusColor: status.computed.color, statusReason: status.computed.reason } : {}),
        ...(level !== t.escalationLevel ? { escalationLevel: level } : {}),
      });
      if (recolour) result.recomputed++;
      if (level !== t.escalationLevel) {
        const sent = await escalate(tx, deps, t, t.escalationLevel, level, status, today);
        emails.push(...sent);
        if (level > t.escalationLevel) result.escalations += level - t.escalationLevel;
      }
      if (lines.length) {
        const sent = await notify(tx, deps, await leadUnitUsers(tx, t.leadUnitId), {
          taskId: t.id,
          ...noticeZh.reminder(t.title, lines),
          dedupe: (userId) => `reminder:${t.id}:${today}:${userId}`,
        });
        result.reminders += sent.length;
        emails.push(...sent);
      }
    });
  }
  await deliver(deps, emails);
  return result;
}

async function escalate(
  tx: Tx,
  deps: Deps,
  t: SweepTask,
  from: number,
  to: number,
  status: Status,
  today: string,
): Promise<number[]> {
  const now = deps.clock.now();
  const sent: number[] = [];
  await recordAudit(tx, {
    at: now,
    actorId: null,
    action: to > from ? "task.escalated" : "task.escalation_reset",
    entity: "task",
    entityId: t.id,
    taskId: t.id,
    before: { escalationLevel: from },
    after: { escalationLevel: to, daysOverdue: status.daysOverdue, deadline: t.deadline },
    reason: to > from ? status.computed.reason : "已不再逾期（完成时限调整）",
  });
  if (to <= from) return sent;
  const row = await getTaskRow(tx, t.id);
  if (!row) return sent;
  for (let level = from + 1; level <= to; level++) {
    const deputies = level === 1 ? await deputiesFor(tx, row) : [];
    // no deputy in charge: the bureau leader hears of it at once, so nothing slips unseen
    const up = deputies.length ? deputies : await leadersFor(tx, row);
    const who: EscalatedTo = level === 1 && deputies.length ? "deputy" : "leader";
    const dedupe = (userId: number) => `escalation:${t.id}:L${level}:${today}:${userId}`;
    sent.push(
      ...(await notify(tx, deps, up, {
        taskId: t.id,
        ...noticeZh.escalated(t.title, who, t.deadline, status.daysOverdue),
        dedupe,
      })),
      ...(await notify(tx, deps, await leadUnitUsers(tx, t.leadUnitId), {
        taskId: t.id,
        ...noticeZh.escalationReported(t.title, who, t.deadline, status.daysOverdue),
        dedupe,
      })),
    );
  }
  return sent;
}

/** The in-process scheduler: a sweep every SWEEP_MINUTES (0 = off), never two at once. Returns stop(). */
export function startScheduler(
  deps: Deps,
  log: { error(obj: object, msg: string): void; info?(obj: object, msg: string): void } = {
    error: (obj, msg) => console.error(msg, obj),
  },
): () => void {
  const minutes = deps.config.SWEEP_MINUTES;
  if (!minutes) return () => undefined;
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await runSweep(deps);
      log.info?.({ sweep: r }, "supervision sweep");
    } catch (err) {
      log.error({ err }, "supervision sweep failed");
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 1000);
  const timer = setInterval(() => void tick(), minutes * 60_000);
  first.unref();
  timer.unref();
  return () => {
    clearTimeout(first);
    clearInterval(timer);
  };
}
