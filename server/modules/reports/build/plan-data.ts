// What every plan document starts from, gathered through the other modules' public functions: the plan
// and its task tree as the actor sees it (plans.getPlan), the closing day and escalation level of each
// task (plans.listTasksForSweep), unit types (orgs.getUnits) and deputy leaders' names (orgs.getUserById).
// The result is plain data; the builders shape it into a bulletin, a summary or an export.
import type { Color, ReportSection, ReportTask } from "../../../../common/schemas/reports.ts";
import type { Actor } from "../../../platform/actor.ts";
import { cstDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/deps.ts";
import { getUnits, getUserById } from "../../orgs/index.ts";
import { getPlan, listTasksForSweep } from "../../plans/index.ts";
import { requireWholePlanReader } from "../reports.policy.ts";
import { targetWords } from "./figures.ts";
import type { RankTask } from "./ranking.ts";

type Tree = Awaited<ReturnType<typeof getPlan>>["tree"];
export type PlanNode = Tree[number];
export type PlanTarget = PlanNode["targets"][number];

export interface LoadedTask extends ReportTask, RankTask {
  sectionKey: number | null;
  escalationLevel: number;
  statusReason: string | null;
  targetRows: PlanTarget[];
  body: string;
  deputyUserId: number | null;
  coUnitIds: number[];
}

export interface LoadedPlan {
  plan: Awaited<ReturnType<typeof getPlan>>["plan"];
  today: string;
  /** Top-level sections in order, each with every task below it (sub-sections flattened). */
  sections: (Omit<ReportSection, "tasks"> & { tasks: LoadedTask[] })[];
  tasks: LoadedTask[];
}

const NO_SECTION = "其他工作";

/** The plan as a reader who sees it whole gets it (403/404 otherwise: see reports.policy.ts). */
export async function loadPlan(actor: Actor, planId: number, deps: Deps): Promise<LoadedPlan> {
  const { db } = deps.database;
  const { plan, tree } = await getPlan(actor, planId, deps);
  requireWholePlanReader(actor, plan.whole);
  const today = cstDate(deps.clock.now());

  const sweep = new Map((await listTasksForSweep(db)).filter((t) => t.planId === planId).map((t) => [t.id, t]));
  const all: PlanNode[] = [];
  const walk = (nodes: Tree) => {
    for (const n of nodes) {
      all.push(n);
      walk(n.children);
    }
  };
  walk(tree);
  const leadIds = [...new Set(all.flatMap((n) => (n.leadUnit ? [n.leadUnit.id] : [])))];
  const unitType = new Map((await getUnits(db, leadIds)).map((u) => [u.id, u.type]));
  const deputyNames = new Map<number, string>();
  for (const id of new Set(all.flatMap((n) => (n.deputyUserId !== null ? [n.deputyUserId] : [])))) {
    const u = await getUserById(db, id);
    if (u) deputyNames.set(id, u.displayName);
  }

  const toTask = (n: PlanNode, sectionKey: number | null): LoadedTask => {
    const s = sweep.get(n.id);
    const targets = n.targets.filter((t) => t.kind === "target");
    return {
      id: n.id,
      num: n.num,
      title: n.title,
      body: n.body,
      targets: targets.map(targetWords).join("；"),
      targetRows: n.targets,
      leadUnit: n.leadUnit?.name ?? null,
      coUnits: n.coUnits.map((c) => c.name),
      coUnitIds: n.coUnits.map((c) => c.id),
      deputyUserId: n.deputyUserId,
      deputy: n.deputyUserId !== null ? (deputyNames.get(n.deputyUserId) ?? null) : null,
      deadline: n.deadline,
      state: n.state,
      stateName: n.stateName,
      color: n.statusColor as Color,
      progress: n.state === "closed" ? 100 : n.progress,
      progressText: "",
      statusReason: n.statusReason,
      sectionKey,
      escalationLevel: s?.escalationLevel ?? 0,
      closedOn: s?.closedAt ? cstDate(new Date(s.closedAt as string)) : null,
      leadUnitId: n.leadUnit?.id ?? null,
      leadUnitName: n.leadUnit?.name ?? null,
      leadUnitType: n.leadUnit ? (unitType.get(n.leadUnit.id) ?? null) : null,
    };
  };

  const sections: LoadedPlan["sections"] = [];
  const loose: LoadedTask[] = [];
  const tasksUnder = (n: PlanNode, key: number): LoadedTask[] =>
    n.children.flatMap((c) => (c.kind === "task" ? [toTask(c, key), ...tasksUnder(c, key)] : tasksUnder(c, key)));
  for (const n of tree) {
    if (n.kind === "section") sections.push({ id: n.id, num: n.num, title: n.title, tasks: tasksUnder(n, n.id) });
    else loose.push(toTask(n, null), ...tasksUnder(n, n.id));
  }
  if (loose.length) sections.push({ id: null, num: null, title: NO_SECTION, tasks: loose });
  return { plan, today, sections, tasks: sections.flatMap((s) => s.tasks) };
}

/** 完成情况 for a table cell: progress, state, and why the colour is what it is. */
export function progressWords(t: LoadedTask): string {
  if (t.state === "draft") return "尚未交办";
  if (t.state === "closed") return `已办结${t.closedOn ? `（${t.closedOn}）` : ""}`;
  const reason = t.statusReason ? `；${t.statusReason}` : "";
  return `${t.stateName}，完成${t.progress}%${reason}`;
}

/** The fields a document shows (the loader's working fields dropped). */
export function reportTask(t: LoadedTask): ReportTask {
  return {
    id: t.id,
    num: t.num,
    title: t.title,
    targets: t.targets,
    leadUnit: t.leadUnit,
    coUnits: t.coUnits,
    deputy: t.deputy,
    deadline: t.deadline,
    state: t.state,
    stateName: t.stateName,
    color: t.color,
    progress: t.progress,
    progressText: t.progressText,
  };
}
