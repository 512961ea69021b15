// Roll-up (汇总): a section's and a department's status and completion from their tasks. Pure; the rule
// is kept simple on purpose (strategy trackers that derived clever roll-ups had to undo them) and is
// returned with the figures so the page can show it.
import type { RollupCounts, RollupGroup, StatusColor, TaskState } from "../../../common/schemas/supervision.ts";

export type { RollupCounts, RollupGroup };

export interface RollupTask {
  id: number;
  parentId: number | null;
  kind: "section" | "task";
  title: string;
  num?: string | null;
  marker?: string | null;
  state: TaskState;
  progress: number;
  /** The stored colour (as the sweep and the transitions last computed it). */
  color: StatusColor;
  leadUnitId: number | null;
  leadUnitName?: string | null;
  /** A section's manual status with its note wins over the roll-up. */
  statusOverride?: "green" | "yellow" | "red" | null;
  statusOverrideNote?: string | null;
}

/** A task or section row as the queries return it (status_color as `statusColor`). */
export type RollupRow = Omit<RollupTask, "color" | "state"> & { state: string; statusColor: StatusColor };

/** Query rows → roll-up input. */
export function rollupInput(rows: RollupRow[]): RollupTask[] {
  return rows.map((r) => ({
    id: r.id,
    parentId: r.parentId,
    kind: r.kind,
    title: r.title,
    num: r.num,
    marker: r.marker,
    state: r.state as TaskState,
    progress: r.progress,
    color: r.statusColor,
    leadUnitId: r.leadUnitId,
    leadUnitName: r.leadUnitName,
    statusOverride: r.statusOverride,
    statusOverrideNote: r.statusOverrideNote,
  }));
}

export const ROLLUP_RULE =
  "汇总口径：只统计已交办的任务（草稿另计）；完成率为各任务进度的平均值，已办结按 100% 计；" +
  "有任一红灯任务即为红灯，否则有黄灯即为黄灯，否则有在办任务为绿灯，全部办结为灰色；" +
  "篇章（分节）可人工调整颜色并附说明，人工调整优先。";

function count(tasks: RollupTask[]): RollupCounts {
  const live = tasks.filter((t) => t.state !== "draft");
  const n = (c: StatusColor) => live.filter((t) => t.state !== "closed" && t.color === c).length;
  const closed = live.filter((t) => t.state === "closed").length;
  const red = n("red");
  const yellow = n("yellow");
  const green = n("green");
  const completion = live.length
    ? Math.round(live.reduce((s, t) => s + (t.state === "closed" ? 100 : t.progress), 0) / live.length)
    : 0;
  const color: StatusColor = red ? "red" : yellow ? "yellow" : green ? "green" : "grey";
  return {
    total: live.length,
    draft: tasks.length - live.length,
    closed,
    red,
    yellow,
    green,
    completion,
    color,
    overridden: false,
    note: null,
  };
}

export function rollup(tasks: RollupTask[]) {
  const children = new Map<number | null, RollupTask[]>();
  for (const t of tasks) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const descendants = (id: number): RollupTask[] =>
    (children.get(id) ?? []).flatMap((c) => [...(c.kind === "task" ? [c] : []), ...descendants(c.id)]);
  const onlyTasks = tasks.filter((t) => t.kind === "task");

  const sections: RollupGroup[] = tasks
    .filter((t) => t.kind === "section")
    .map((s) => {
      const c = count(descendants(s.id));
      const o = s.statusOverride
        ? { color: s.statusOverride, overridden: true, note: s.statusOverrideNote ?? null }
        : {};
      return { id: s.id, title: s.title, num: s.num ?? null, marker: s.marker ?? null, ...c, ...o };
    });

  const byUnit = new Map<number | null, RollupTask[]>();
  for (const t of onlyTasks) byUnit.set(t.leadUnitId, [...(byUnit.get(t.leadUnitId) ?? []), t]);
  const departments: RollupGroup[] = [...byUnit.entries()]
    .map(([id, ts]) => ({
      id,
      title: id === null ? "未指定牵头单位" : (ts[0]!.leadUnitName ?? `#${id}`),
      ...count(ts),
    }))
    .sort((a, b) => b.red - a.red || b.yellow - a.yellow || a.title.localeCompare(b.title, "zh"));

  return { rule: ROLLUP_RULE, total: count(onlyTasks), sections, departments };
}
