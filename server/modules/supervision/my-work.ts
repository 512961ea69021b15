// My work (我的工作台): what waits for the actor, in five lists. Each list uses the same rules as the
// action it leads to (supervision.policy `can`), so a task appears only where the actor may act on it.
//   toAccept   — dispatched to my unit, waiting for 签收
//   reportsDue — under way at my unit (lead or co-unit), next progress report due within 7 days or late
//   toReview   — a completion request or pending progress reports I may review
//   overdue    — past the deadline and mine: my unit's, one I review, or one in my charge as deputy
//   escalated  — escalated to me (deputy in charge, or the bureau leader) or escalated about my unit
import type { Actor } from "../../platform/actor.ts";
import { DAY_MS, cstDate, daysBetween } from "../../platform/clock.ts";
import type { Deps } from "../../platform/deps.ts";
import { canSeeTask, isCoUnitMember, isLeadUnitMember } from "../plans/index.ts";
import { boardTasks, type BoardTaskRow } from "./queries/board-tasks.ts";
import { myWorkExtras } from "./queries/my-work.ts";
import { reportDueOn } from "./status.ts";
import { can } from "./supervision.policy.ts";
import * as repo from "./supervision.repo.ts";

/** Most items returned per list (the totals count them all). */
const LIST_MAX = 50;
/** A report counts as due this many days ahead. */
const DUE_AHEAD_DAYS = 7;

export interface MyWorkItem {
  id: number;
  planId: number;
  planTitle: string;
  num: string | null;
  marker: string | null;
  title: string;
  state: string;
  leadUnitName: string | null;
  deadline: string | null;
  daysOverdue: number;
  color: string;
  reason: string | null;
  escalationLevel: number;
  progress: number;
  reportDueOn: string | null;
  pendingReports: number;
}

export async function myWork(actor: Actor, deps: Deps) {
  const { db } = deps.database;
  const today = cstDate(deps.clock.now());
  const soon = cstDate(new Date(deps.clock.now().getTime() + DUE_AHEAD_DAYS * DAY_MS));
  const rows = (await boardTasks(db)).filter((r) => r.state !== "closed" && canSeeTask(actor, r));
  const extras = await myWorkExtras(db);
  const dispatched = await repo.dispatches(
    db,
    rows.map((r) => r.id),
  );

  const item = (r: BoardTaskRow): MyWorkItem => {
    const x = extras.get(r.id);
    const assignedAt = dispatched.get(r.id)?.at ?? x?.createdAt ?? null;
    const due =
      r.state === "accepted" && x
        ? reportDueOn({ cadence: x.cadence, assignedAt, lastReportAt: x.lastReportAt })
        : null;
    return {
      id: r.id,
      planId: r.planId,
      planTitle: r.planTitle,
      num: r.num,
      marker: r.marker,
      title: r.title,
      state: r.state,
      leadUnitName: r.leadUnitName,
      deadline: r.deadline,
      daysOverdue: r.deadline ? Math.max(0, daysBetween(r.deadline, today)) : 0,
      color: r.statusColor,
      reason: r.statusReason,
      escalationLevel: r.escalationLevel,
      progress: r.progress,
      reportDueOn: due,
      pendingReports: x?.pendingReports ?? 0,
    };
  };

  const mine = (r: BoardTaskRow) => isLeadUnitMember(actor, r) || isCoUnitMember(actor, r);
  const reviewer = (r: BoardTaskRow) => can(actor, "task.approve", r);
  const inCharge = (r: BoardTaskRow) => actor.role === "deputy" && r.boardDeputyId === actor.id;
  const all = rows.map((r) => ({ r, i: item(r) }));

  const toAccept = all.filter(({ r }) => r.state === "assigned" && can(actor, "task.accept", r));
  const reportsDue = all
    .filter(
      ({ r, i }) =>
        r.state === "accepted" && can(actor, "report.file", r) && i.reportDueOn !== null && i.reportDueOn <= soon,
    )
    .sort((a, b) => (a.i.reportDueOn ?? "").localeCompare(b.i.reportDueOn ?? ""));
  const toReview = all.filter(
    ({ r, i }) => reviewer(r) && (r.state === "completion_requested" || i.pendingReports > 0),
  );
  const overdue = all
    .filter(({ r, i }) => i.daysOverdue > 0 && (mine(r) || reviewer(r) || inCharge(r)))
    .sort((a, b) => b.i.daysOverdue - a.i.daysOverdue);
  const escalated = all
    .filter(
      ({ r }) =>
        r.escalationLevel > 0 &&
        (inCharge(r) || mine(r) || (actor.role === "leader" && (r.escalationLevel >= 2 || r.boardDeputyId === null))),
    )
    .sort((a, b) => b.r.escalationLevel - a.r.escalationLevel || b.i.daysOverdue - a.i.daysOverdue);

  const list = (xs: { i: MyWorkItem }[]) => ({ total: xs.length, items: xs.slice(0, LIST_MAX).map((x) => x.i) });
  return {
    today,
    toAccept: list(toAccept),
    reportsDue: list(reportsDue),
    toReview: list(toReview),
    overdue: list(overdue),
    escalated: list(escalated),
    unreadNotifications: await repo.unreadCount(db, actor.id),
  };
}
