// Documents out, read back: the bulletin (counts, tables, ranking and its change since the previous
// bulletin, overdue items), the summary (figures equal to the database, the change on the year before,
// problems, next year), the carry-over (exactly the unfinished tasks), the plan export (.docx, .xlsx).
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { listAudit } from "../audit/index.ts";
import { indicatorValue } from "../indicators/index.ts";
import { addUnit, setValue } from "../indicators/calc/test-support.ts";
import { getPlan, importLedger } from "../plans/index.ts";
import { issueBulletin } from "./documents.ts";
import { coreProperties, docxTables, docxText } from "./read-back.ts";
import { carryLinksOfPlan } from "./reports.repo.ts";
import { actor, buildScenario, downloader, type Scenario } from "./test-support.ts";

let t: TestApp;
let c: County;
let s: Scenario;
let get: Awaited<ReturnType<typeof downloader>>;
let firstBulletin = 0;

type Tree = Awaited<ReturnType<typeof getPlan>>["tree"];
const tasksOf = (tree: Tree) => tree.flatMap((n) => n.children);
const COLOR_WORD: Record<string, string> = { red: "红", yellow: "黄", green: "绿", grey: "灰" };

beforeAll(async () => {
  t = await testApp({ SESSION_HOURS: 24 * 365 });
  c = await seedCounty(t.deps);
  s = await buildScenario(t.deps, c, async (planId) => {
    firstBulletin = (await issueBulletin(await actor(t.deps, "leader"), planId, {}, t.deps)).bulletinId;
  });
  get = await downloader(t.app, "leader");
}, 180_000);
afterAll(() => t.close());

async function plan() {
  return getPlan(await actor(t.deps, "admin"), s.planId, t.deps);
}

describe("progress bulletin", () => {
  let second: { bulletinId: number; number: number; url: string };
  let tables: string[][][];
  let text: string;

  beforeAll(async () => {
    const leader = await t.as("leader");
    const r = await leader.request("POST", `/api/plans/${s.planId}/bulletins`, {});
    expect(r.status, r.body).toBe(201);
    second = r.json;
    const file = await get(second.url);
    expect(file.status).toBe(200);
    expect(String(file.headers["content-type"])).toContain("wordprocessingml");
    const name = /filename\*=UTF-8''([^;]+)/u.exec(String(file.headers["content-disposition"]))![1]!;
    expect(decodeURIComponent(name)).toBe("进展情况通报-第2期-2025-12-10.docx");
    tables = await docxTables(file.bytes);
    text = await docxText(file.bytes);
  });

  it("is numbered after the first and states the overall counts of the database", async () => {
    expect(second.number).toBe(2);
    expect(text).toContain("督查通报〔2025〕第2期");
    const tasks = tasksOf((await plan()).tree);
    const live = tasks.filter((x) => x.state !== "draft");
    const closed = live.filter((x) => x.state === "closed").length;
    const open = live.filter((x) => x.state !== "closed");
    const n = (color: string) => open.filter((x) => x.statusColor === color).length;
    expect(text).toContain(`纳入督办任务${tasks.length}项，已交办${live.length}项`);
    expect(text).toContain(`已办结${closed}项`);
    expect(text).toContain(`绿灯${n("green")}项、黄灯${n("yellow")}项、红灯${n("red")}项`);
  });

  it("has a table per section: every task with its lead and co-units and its colour mark", async () => {
    const { tree } = await plan();
    const taskTables = tables.filter((tb) => tb[0]!.join("|") === "序号|任务|目标|牵头单位|配合单位|完成情况|状态");
    expect(taskTables).toHaveLength(tree.length);
    tree.forEach((section, i) => {
      const rows = taskTables[i]!.slice(1);
      expect(rows.map((r) => r[1])).toEqual(section.children.map((x) => x.title));
      section.children.forEach((task, j) => {
        expect(rows[j]![3]).toBe(task.leadUnit?.name ?? "—");
        expect(rows[j]![4]).toBe(task.coUnits.map((u) => u.name).join("、") || "—");
        expect(rows[j]![6]).toBe(COLOR_WORD[task.statusColor]);
      });
    });
  });

  it("ranks departments by on-time rate with the change since the previous bulletin", () => {
    // 11-05: 基础教育股 2/2, 计财股 1/1 (fewer due), 安全股 0/1. 12-10: 基础教育股 2/2, 安全股 1/2
    // (排查 late, 平安校园 on time), 计财股 1/3 (收费 closed late, 大班额 past its deadline).
    const rank = tables.find((tb) => tb[0]![0] === "名次" && tb.some((r) => r[1] === "基础教育股"))!;
    expect(rank.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([
      ["1", "基础教育股", "100%", "名次不变"],
      ["2", "安全股", "50%", "上升1位，+50个百分点"],
      ["3", "计财股", "33.3%", "下降1位，−66.7个百分点"],
    ]);
    const schools = tables.find((tb) => tb[0]![0] === "名次" && tb.some((r) => r[1] === c.school.name))!;
    expect(schools.slice(1).map((r) => [r[0], r[1], r[5], r[6]])).toEqual([["1", c.school.name, "0%", "新进入排名"]]);
  });

  it("lists the overdue items, most overdue first", async () => {
    const list = tables.find((tb) => tb[0]!.includes("逾期天数"))!;
    const tasks = tasksOf((await plan()).tree).filter(
      (x) => x.state !== "draft" && x.state !== "closed" && x.deadline !== null && x.deadline < "2025-12-10",
    );
    expect(tasks.length).toBeGreaterThan(0);
    for (const x of tasks) expect(list.some((r) => r[1]!.startsWith(x.title))).toBe(true);
    const days = list.slice(1).map((r) => (r[4] === "—" ? 0 : Number(r[4]!.replace("天", ""))));
    expect(days).toEqual([...days].sort((a, b) => b - a));
    expect(list.find((r) => r[1]!.startsWith("化解大班额"))![4]).toBe("5天");
  });

  it("re-downloads an issued bulletin as it was issued (its snapshot), not as the plan is now", async () => {
    const file = await get(`/api/bulletins/${firstBulletin}/document.docx`);
    const first = await docxTables(file.bytes);
    const rank = first.find((tb) => tb[0]![0] === "名次" && tb.some((r) => r[1] === "基础教育股"))!;
    expect(rank.slice(1).map((r) => [r[1], r[5]])).toEqual([
      ["基础教育股", "100%"],
      ["计财股", "100%"],
      ["安全股", "0%"],
    ]);
    expect(await docxText(file.bytes)).toContain("第1期");
  });

  it("previews without storing or numbering", async () => {
    const before = (await (await t.as("leader")).request("GET", `/api/plans/${s.planId}/bulletins`)).json.bulletins;
    const file = await get(`/api/plans/${s.planId}/reports/bulletin.docx`);
    expect(await docxText(file.bytes)).toContain("（预览）");
    const after = (await (await t.as("leader")).request("GET", `/api/plans/${s.planId}/bulletins`)).json.bulletins;
    expect(after).toHaveLength(before.length);
    expect((await coreProperties(file.bytes)).contentStatus).toBe("预览");
  });
});

describe("year-end summary draft", () => {
  let text: string;
  let bytes: Buffer;
  beforeAll(async () => {
    const file = await get(`/api/plans/${s.planId}/reports/summary.docx`);
    expect(file.status, file.text.slice(0, 300)).toBe(200);
    bytes = file.bytes;
    text = await docxText(bytes);
  });

  it("states every achieved figure as recorded in the database, with the change on the year before", async () => {
    const targets = tasksOf((await plan()).tree).flatMap((x) => x.targets.map((g) => ({ ...g, task: x })));
    const reported = targets.filter((g) => g.kind === "target" && g.achieved !== null);
    expect(reported.length).toBe(s.achieved.size);
    for (const g of reported) {
      expect(g.achieved).toBe(s.achieved.get(g.id));
      expect(text).toContain(`${g.indicator}${g.unit === "%" ? "达到" : "完成"}${g.achieved}${g.unit}`);
    }
    const enrol = reported.find((g) => g.task.title === "普及学前三年教育")!;
    const base = targets.find((g) => g.task.title === "普及学前三年教育" && g.year === 2024)!;
    const change = (enrol.achieved! - base.value).toFixed(2);
    expect(text).toContain(`${enrol.indicator}达到${enrol.achieved}%，较上年提高${change}个百分点`);
  });

  it("builds the task paragraphs from accepted progress reports", () => {
    expect(text).toContain("普及学前三年教育。新增学位600个，开展学前教育宣传月活动。");
  });

  it("names the unmet targets and carries the unfinished tasks into next year", async () => {
    const tasks = tasksOf((await plan()).tree);
    const problems = text.slice(text.indexOf("二、存在的困难和问题"), text.indexOf("三、2026年工作要点"));
    const unmet = tasks.flatMap((x) =>
      x.targets.filter((g) => g.kind === "target" && g.achieved !== null).map((g) => ({ ...g, task: x })),
    );
    // 大班额 is a ceiling (控制在5%以内): 6.5 misses it; the others miss a floor
    const missed = unmet.filter((g) => (g.qualifier?.includes("以内") ? g.achieved! > g.value : g.achieved! < g.value));
    expect(missed.map((g) => g.task.title).sort()).toEqual(
      ["化解大班额", "完善学校安全制度", "普及学前三年教育"].sort(),
    );
    for (const g of missed) expect(problems).toContain(`${g.indicator}目标${g.value}%，实际${g.achieved}%`);
    const next = text.slice(text.indexOf("三、2026年工作要点"));
    for (const x of tasks.filter((y) => y.state !== "closed")) expect(next).toContain(x.title);
    for (const x of tasks.filter((y) => y.state === "closed" && !missed.some((g) => g.task.id === y.id)))
      expect(next).not.toContain(x.title);
  });

  it("says it is a draft in the document properties, not in the text", async () => {
    const core = await coreProperties(bytes);
    expect(core.contentStatus).toBe("草稿");
    expect(core.keywords).toContain("草稿");
    expect(core.description).toContain("草稿");
    expect(text).not.toContain("草稿");
  });
});

describe("plan export", () => {
  it("writes every task with its assignment to .xlsx and .docx", async () => {
    const { tree } = await plan();
    const x = await get(`/api/plans/${s.planId}/reports/plan.xlsx`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.bytes as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const rows: string[][] = [];
    ws.eachRow((r) =>
      rows.push((r.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v)))),
    );
    expect(rows[1]).toEqual([
      "序号",
      "任务",
      "目标",
      "牵头单位",
      "配合单位",
      "分管领导",
      "完成时限",
      "状态",
      "完成情况",
    ]);
    for (const task of tasksOf(tree)) {
      const row = rows.find((r) => r[1] === task.title)!;
      expect(row[3]).toBe(task.leadUnit?.name ?? "");
      expect(row[4]).toBe(task.coUnits.map((u) => u.name).join("、"));
      expect(row[6]).toBe(task.deadline ?? "");
      expect(row[7]).toContain(task.stateName);
    }
    // the .xlsx has the columns of a 台账: it imports again as the same tasks and assignments
    const again = await importLedger(
      await actor(t.deps, "staff"),
      { bytes: new Uint8Array(x.bytes), fileName: "导出.xlsx", planTitle: "再导入" },
      t.deps,
    );
    const back = tasksOf((await getPlan(await actor(t.deps, "admin"), again.planId, t.deps)).tree);
    const shape = (ts: typeof back) =>
      ts.map((y) => [y.title, y.leadUnit?.name, y.coUnits.map((u) => u.name), y.deadline]);
    expect(shape(back)).toEqual(shape(tasksOf(tree)));
    const d = await get(`/api/plans/${s.planId}/reports/plan.docx`);
    const tables = await docxTables(d.bytes);
    expect(tables.flatMap((tb) => tb.slice(1).map((r) => r[1]))).toEqual(tasksOf(tree).map((task) => task.title));
  });
});

describe("carry-over", () => {
  it("starts next year's plan with exactly the unfinished tasks and the unmet targets, linked to their origins", async () => {
    const staff = await t.as("staff");
    const r = await staff.request("POST", `/api/plans/${s.planId}/carry-over`, {});
    expect(r.status, r.body).toBe(201);
    const { planId, year, title } = r.json;
    expect(year).toBe(2026);
    expect(title).toBe("青山县教育局2026年教育工作要点");

    const old = tasksOf((await plan()).tree);
    const fresh = await getPlan(await actor(t.deps, "admin"), planId, t.deps);
    expect(fresh.plan.years).toEqual([2026]);
    const links = await carryLinksOfPlan(t.deps.database.db, planId);
    const newTasks = tasksOf(fresh.tree);
    const origin = (id: number) => links.find((l) => l.newTaskId === id && l.reason !== "target")!;

    const unfinished = old.filter((x) => x.state !== "closed").map((x) => x.id);
    expect(newTasks.filter((x) => origin(x.id).reason === "unfinished").map((x) => origin(x.id).originTaskId)).toEqual(
      unfinished,
    );
    const unmetClosed = old
      .filter((x) => x.state === "closed" && x.targets.some((g) => g.kind === "target" && (g.achieved ?? -1) < g.value))
      .map((x) => x.id);
    expect(
      newTasks.filter((x) => origin(x.id).reason === "unmet_target").map((x) => origin(x.id).originTaskId),
    ).toEqual(unmetClosed);
    // each new task: same title, lead and co-units as its origin, a draft, no deadline; targets are the unmet ones
    for (const x of newTasks) {
      const o = old.find((y) => y.id === origin(x.id).originTaskId)!;
      expect([x.title, x.leadUnit?.id, x.coUnits.map((u) => u.id), x.state, x.deadline]).toEqual([
        o.title,
        o.leadUnit?.id,
        o.coUnits.map((u) => u.id),
        "draft",
        null,
      ]);
      const carried = links.filter((l) => l.newTaskId === x.id && l.reason === "target").map((l) => l.originTargetId);
      const expected = o.targets
        .filter(
          (g) =>
            g.kind === "target" &&
            (g.achieved === null || (g.qualifier?.includes("以内") ? g.achieved > g.value : g.achieved < g.value)),
        )
        .map((g) => g.id);
      expect(carried).toEqual(expected);
      expect(x.targets.map((g) => [g.indicator, g.value, g.year])).toEqual(
        o.targets.filter((g) => expected.includes(g.id)).map((g) => [g.indicator, g.value, 2026]),
      );
    }
    const audit = await listAudit(t.deps.database.db, { entity: "plan", entityId: planId, limit: 5 });
    expect(audit.map((a) => a.action)).toContain("plan.carried_over");
    const again = await staff.request("POST", `/api/plans/${s.planId}/carry-over`, {});
    expect([again.status, again.json.error.code, again.json.error.details.planId]).toEqual([
      409,
      "CARRY_OVER_EXISTS",
      planId,
    ]);
  });

  it("is refused to a reader who does not edit plans", async () => {
    const inspector = await t.as("inspector");
    const r = await inspector.request("POST", `/api/plans/${s.planId}/carry-over`, {});
    expect(r.status).toBe(403);
  });
});

describe("summary figures from the indicators module", () => {
  it("uses the linked indicator's value for the year and the year before, as the indicators module computes them", async () => {
    const db = t.deps.database.db;
    const kg = await addUnit(db, c.township.id, "school", "东坡镇中心幼儿园", {
      schoolType: "kindergarten",
      ownership: "public",
    });
    for (const [year, enrolled] of [
      ["2024", 450],
      ["2025", 470],
    ] as const) {
      await setValue(db, "ENROLL_KG", kg, year, enrolled);
      await setValue(db, "POP_3_5", c.township.id, year, 500);
    }
    const task = tasksOf((await plan()).tree).find((x) => x.title === "普及学前三年教育")!;
    const target = task.targets.find((g) => g.kind === "target")!;
    const staff = await t.as("staff");
    const link = await staff.request("PUT", `/api/targets/${target.id}/indicator-link`, {
      status: "confirmed",
      indicatorCode: "KG_GER",
      year: 2025,
    });
    expect(link.status, link.body).toBe(200);

    const now = (await indicatorValue(db, { code: "KG_GER", orgUnitId: c.county.id, year: 2025 })).value!;
    const before = (await indicatorValue(db, { code: "KG_GER", orgUnitId: c.county.id, year: 2024 })).value!;
    expect([now, before]).not.toContain(null);
    const text = await docxText((await get(`/api/plans/${s.planId}/reports/summary.docx`)).bytes);
    const points = Math.round((now - before) * 100) / 100;
    expect(text).toContain(
      `${target.indicator}达到${Math.round(now * 10) / 10}%，较上年提高${points}个百分点，完成目标（${target.value}%）`,
    );
  });
});
