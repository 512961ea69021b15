import { describe, expect, it } from "vitest";
import { rollup, type RollupTask } from "./rollup.ts";

const section = (
  id: number,
  title: string,
  parentId: number | null = null,
  o: Partial<RollupTask> = {},
): RollupTask => ({
  id,
  parentId,
  kind: "section",
  title,
  state: "draft",
  progress: 0,
  color: "grey",
  leadUnitId: null,
  ...o,
});
const task = (id: number, parentId: number, o: Partial<RollupTask>): RollupTask => ({
  id,
  parentId,
  kind: "task",
  title: `任务${id}`,
  state: "accepted",
  progress: 0,
  color: "green",
  leadUnitId: 10,
  leadUnitName: "基础教育股",
  ...o,
});

describe("rollup", () => {
  const tasks = [
    section(1, "一、基础教育"),
    section(2, "（一）学前教育", 1),
    task(3, 2, { progress: 40, color: "yellow" }),
    task(4, 2, { state: "closed", progress: 100, color: "grey" }),
    task(5, 1, { progress: 10, color: "red", leadUnitId: 20, leadUnitName: "东坡镇中心小学" }),
    task(6, 1, { state: "draft", color: "grey", leadUnitId: null, leadUnitName: null }),
    section(7, "二、教师队伍", null, { statusOverride: "green", statusOverrideNote: "已专题研究" }),
    task(8, 7, { progress: 0, color: "red", leadUnitId: 20, leadUnitName: "东坡镇中心小学" }),
  ];
  const r = rollup(tasks);

  it("counts a section's tasks at any depth, drafts apart, closed as 100 %", () => {
    const s1 = r.sections.find((s) => s.id === 1)!;
    expect(s1).toMatchObject({
      total: 3,
      draft: 1,
      closed: 1,
      red: 1,
      yellow: 1,
      green: 0,
      completion: 50,
      color: "red",
    });
    const s2 = r.sections.find((s) => s.id === 2)!;
    expect(s2).toMatchObject({ total: 2, closed: 1, yellow: 1, completion: 70, color: "yellow", overridden: false });
  });

  it("lets a section's override with its note win", () => {
    expect(r.sections.find((s) => s.id === 7)).toMatchObject({
      color: "green",
      overridden: true,
      note: "已专题研究",
      red: 1,
    });
  });

  it("rolls up per lead unit, worst first", () => {
    expect(r.departments.map((d) => d.title)).toEqual(["东坡镇中心小学", "基础教育股", "未指定牵头单位"]);
    expect(r.departments[0]).toMatchObject({ id: 20, total: 2, red: 2, completion: 5 });
    expect(r.departments[2]).toMatchObject({ id: null, total: 0, draft: 1, color: "grey" });
  });

  it("explains itself and totals the plan", () => {
    expect(r.rule).toContain("完成率");
    expect(r.total).toMatchObject({ total: 4, draft: 1, closed: 1, red: 2, yellow: 1, completion: 38 });
  });
});
