// A task as the supervision use cases see it: the plans module's row, its milestones and the time it was
// dispatched, and its status by the rule. Shared by the transitions, reviews, overrides and the sweep.
import { AppError } from "../../../common/errors.ts";
import type { TaskState } from "../../../common/schemas/supervision.ts";
import type { Tx } from "../../platform/db.ts";
import type { Deps } from "../../platform/deps.ts";
import { targetChecksForTasks } from "../indicators/index.ts";
import { getTaskRow, listMilestones } from "../plans/index.ts";
import { statusOf, type Status, type StatusTask, type UnmetTarget } from "./status.ts";
import * as repo from "./supervision.repo.ts";

export type TaskRow = NonNullable<Awaited<ReturnType<typeof getTaskRow>>>;
type Db = Deps["database"]["db"] | Tx;

export interface Milestone {
  id: number;
  title: string;
  dueOn: string;
  reachedAt: string | null;
}

export interface LoadedTask {
  task: TaskRow;
  milestones: Milestone[];
  /** When it was dispatched; null for a draft. */
  assignedAt: string | null;
  /** Who dispatched it (交办人), who hears of its answers. */
  dispatchedBy: number | null;
  /** Its confirmed indicator targets that are not met (they feed the colour near the deadline). */
  unmetTargets: UnmetTarget[];
}

/** Unmet indicator targets of tasks (confirmed links only), for the status rule. */
export async function unmetTargetsOf(db: Db, taskIds: number[]): Promise<Map<number, UnmetTarget[]>> {
  const checks = await targetChecksForTasks(db, taskIds);
  return new Map(
    [...checks].map(([id, cs]) => [
      id,
      cs
        .filter((c) => c.met === false && c.achieved !== null)
        .map((c) => ({ label: c.label, achieved: c.achieved!, target: c.target, unit: c.unit === "%" ? "%" : c.unit })),
    ]),
  );
}

/** The task, its milestones and dispatch time; 404 when missing, 422 for a section unless asked for. */
export async function loadTask(db: Db, id: number, opts: { sections?: boolean } = {}): Promise<LoadedTask> {
  const task = await getTaskRow(db, id);
  if (!task) throw new AppError("NOT_FOUND", { taskId: id });
  if (task.kind !== "task" && !opts.sections) throw new AppError("TASK_IS_SECTION", { taskId: id });
  const milestones = (await listMilestones(db, id)).map((m) => ({
    id: m.id,
    title: m.title,
    dueOn: m.dueOn,
    reachedAt: repo.iso(m.reachedAt),
  }));
  const dispatch = (await repo.dispatches(db, [id])).get(id);
  return {
    task,
    milestones,
    assignedAt: assignedAtOf(task.state, dispatch?.at, task.createdAt),
    dispatchedBy: dispatch?.by ?? null,
    unmetTargets: (await unmetTargetsOf(db, [id])).get(id) ?? [],
  };
}

export function assignedAtOf(state: TaskState, dispatchedAt: string | undefined, createdAt: unknown): string | null {
  return state === "draft" ? null : (dispatchedAt ?? repo.iso(createdAt));
}

export function toStatusTask(
  t: Pick<
    TaskRow,
    "state" | "deadline" | "cadence" | "progress" | "lastReportAt" | "statusOverride" | "statusOverrideNote"
  >,
  assignedAt: string | Date | null,
  unmetTargets?: UnmetTarget[],
): StatusTask {
  return {
    unmetTargets,
    state: t.state,
    deadline: t.deadline,
    cadence: t.cadence,
    progress: t.progress,
    assignedAt,
    lastReportAt: t.lastReportAt instanceof Date ? t.lastReportAt : repo.iso(t.lastReportAt),
    statusOverride: t.statusOverride,
    statusOverrideNote: t.statusOverrideNote,
  };
}

export function statusOfLoaded(l: LoadedTask, deps: Pick<Deps, "clock" | "config">): Status {
  return statusOf(toStatusTask(l.task, l.assignedAt, l.unmetTargets), l.milestones, deps.clock.now(), deps.config);
}
