// Who is told, and how: in-app notifications (rows, written in the caller's transaction) and, after the
// commit, an email to each recipient with an address when a mailer is configured (deps.mailer, or
// nodemailer on SMTP_URL). Email is best effort: a failure leaves `emailed_at` empty, never the request.
import nodemailer from "nodemailer";
import type { Tx } from "../../platform/db.ts";
import type { Deps, Mailer } from "../../platform/deps.ts";
import { deputiesOf, getUnits, getUserById, usersOfUnit, usersWithRoleIn } from "../orgs/index.ts";
import * as repo from "./supervision.repo.ts";

type Db = Deps["database"]["db"] | Tx;

export interface Notice {
  kind: "transition" | "report" | "review" | "reminder" | "escalation" | "urge" | "order";
  taskId: number | null;
  title: string;
  body?: string;
  /** Makes the notice once-only per key (reminders: task + day + user). */
  dedupe?: (userId: number) => string;
}

/** Writes one notification per recipient (the actor and duplicates left out); returns the new ids. */
export async function notify(
  db: Db,
  deps: Pick<Deps, "clock">,
  userIds: Iterable<number>,
  n: Notice,
  exclude?: number,
): Promise<number[]> {
  const at = deps.clock.now();
  const ids: number[] = [];
  for (const userId of new Set(userIds)) {
    if (userId === exclude) continue;
    const id = await repo.insertNotification(db, {
      userId,
      kind: n.kind,
      taskId: n.taskId,
      title: n.title,
      body: n.body ?? "",
      dedupeKey: n.dedupe?.(userId) ?? null,
      at,
    });
    if (id !== null) ids.push(id);
  }
  return ids;
}

let smtp: { url: string; mailer: Mailer } | null = null;

/** A Mailer over nodemailer. `from` may be given as a query parameter of the URL (smtp://h:25/?from=a@b). */
export function smtpMailer(url: string): Mailer {
  const u = new URL(url);
  const from = u.searchParams.get("from") ?? "落实督办 <noreply@luoshi.local>";
  u.searchParams.delete("from");
  const transport = nodemailer.createTransport(u.toString());
  return {
    async send(to, subject, text) {
      await transport.sendMail({ from, to, subject, text });
    },
  };
}

export function mailerOf(deps: Pick<Deps, "mailer" | "config">): Mailer | null {
  if (deps.mailer) return deps.mailer;
  const url = deps.config.SMTP_URL;
  if (!url) return null;
  if (smtp?.url !== url) smtp = { url, mailer: smtpMailer(url) };
  return smtp.mailer;
}

/** After the commit: email the new notifications to recipients who have an address. */
export async function deliver(deps: Deps, notificationIds: number[]): Promise<number> {
  const mailer = mailerOf(deps);
  if (!mailer || !notificationIds.length) return 0;
  const { db } = deps.database;
  let sent = 0;
  for (const n of await repo.getNotifications(db, notificationIds)) {
    const user = await getUserById(db, n.userId);
    if (!user?.email || user.disabled) continue;
    try {
      await mailer.send(user.email, `【落实】${n.title}`, `${n.title}\n\n${n.body}`.trim());
      await repo.markEmailed(db, n.id, deps.clock.now());
      sent++;
    } catch {
      // best effort: the in-app notification stands; emailed_at stays empty
    }
  }
  return sent;
}

// ---------------------------------------------------------------- recipients

/** '/1/4/17/' → [1, 4, 17] */
export const idsOfPath = (path: string | null | undefined): number[] =>
  (path ?? "").split("/").filter(Boolean).map(Number);
export const idOfPath = (path: string): number | null => idsOfPath(path).at(-1) ?? null;

const doers = (users: { id: number; role: string }[]) => users.filter((u) => u.role !== "observer").map((u) => u.id);

/** The people of the lead unit (承办单位). */
export async function leadUnitUsers(db: Db, leadUnitId: number | null): Promise<number[]> {
  return leadUnitId ? doers(await usersOfUnit(db, leadUnitId)) : [];
}

export async function unitsUsers(db: Db, unitIds: number[]): Promise<number[]> {
  const all: number[] = [];
  for (const id of unitIds) all.push(...doers(await usersOfUnit(db, id)));
  return all;
}

/**
 * Who answers for a task on the bureau's side: whoever dispatched it (交办人), the working staff of the
 * plan's unit when that is a department or office, and the task's deputy leader.
 */
export async function planOwners(
  db: Db,
  task: { planUnitPath: string; deputyUserId: number | null },
  dispatchedBy: number | null,
): Promise<number[]> {
  const unitId = idOfPath(task.planUnitPath);
  const staff = unitId
    ? (await usersOfUnit(db, unitId)).filter((u) => !["observer", "leader", "deputy", "inspector"].includes(u.role))
    : [];
  return [
    ...(dispatchedBy ? [dispatchedBy] : []),
    ...staff.map((u) => u.id),
    ...(task.deputyUserId ? [task.deputyUserId] : []),
  ];
}

/**
 * The deputy leader (分管领导) a task escalates to: the task's own, else the deputies in charge of the lead
 * unit's department (the lead unit itself or its nearest department ancestor), else of the plan's unit.
 */
export async function deputiesFor(
  db: Db,
  task: { deputyUserId: number | null; leadUnitPath: string | null; planUnitPath: string },
): Promise<number[]> {
  if (task.deputyUserId) return [task.deputyUserId];
  const ids = [...idsOfPath(task.leadUnitPath).reverse(), ...idsOfPath(task.planUnitPath).reverse()];
  const units = new Map((await getUnits(db, ids)).map((u) => [u.id, u]));
  for (const id of ids) {
    if (units.get(id)?.type !== "department") continue;
    const deputies = await deputiesOf(db, id);
    if (deputies.length) return deputies;
  }
  return [];
}

/** The bureau leaders (主要领导) above the task's lead unit (or its plan's unit). */
export async function leadersFor(
  db: Db,
  task: { leadUnitPath: string | null; planUnitPath: string },
): Promise<number[]> {
  const ids = [...idsOfPath(task.leadUnitPath), ...idsOfPath(task.planUnitPath)];
  const bureau = (await getUnits(db, ids)).find((u) => u.type === "bureau");
  const root = bureau?.path ?? task.planUnitPath;
  return (await usersWithRoleIn(db, "leader", root)).map((u) => u.id);
}
