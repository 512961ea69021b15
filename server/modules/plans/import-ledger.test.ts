// Excel 台账 → plan: header detection, sections, units and leaders by name, deadlines, targets; every
// bad row reported with nothing written. The spreadsheets are built here with exceljs.
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testApp, type Client, type TestApp } from "../../../test/app.ts";
import { seedCounty, type County } from "../../../test/factories.ts";
import { columnOf, findHeader, splitNames } from "./ledger.ts";
import { upload } from "./test-support.ts";

let t: TestApp;
let c: County;
let staff: Client;
beforeAll(async () => {
  t = await testApp();
  c = await seedCounty(t.deps);
  staff = await t.as("staff");
});
afterAll(() => t.close());

const HEADER = ["序号", "重点任务", "目标任务", "牵头单位", "配合单位", "完成时限", "分管领导", "备注"];

async function xlsx(rows: (string | number | Date | null)[][], opts: { title?: string; mergeRows?: number[] } = {}) {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("台账");
  if (opts.title) {
    ws.addRow([opts.title]);
    ws.mergeCells(1, 1, 1, HEADER.length);
  }
  ws.addRow(HEADER);
  for (const r of rows) ws.addRow(r);
  for (const r of opts.mergeRows ?? []) ws.mergeCells(r, 1, r, HEADER.length);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

interface Node {
  kind: string;
  num: string | null;
  title: string;
  body: string;
  leadUnit: { name: string } | null;
  coUnits: { name: string }[];
  deputyUserId: number | null;
  deadline: string | null;
  targets: { indicator: string; value: number; unit: string; year: number | null }[];
  children: Node[];
}

describe("ledger import", () => {
  it("builds a plan from a ledger: sections, lead and co-units, deputy, deadlines, targets", async () => {
    const bytes = await xlsx(
      [
        ["一、基础教育"],
        [
          1,
          "推进义务教育优质均衡发展",
          "义务教育巩固率达到98%",
          "基础教育股",
          "计财股、安全股",
          "2025年6月底前",
          "deputy",
          "重点",
        ],
        [2, "开展校园安全隐患排查", null, "安全股", null, "6月30日前", null, null],
        ["二", "学校管理", null, null, null, null, null, null],
        [
          3,
          "东坡镇中心小学创建示范校",
          "建成市级示范校1所",
          "东坡镇中心小学",
          null,
          new Date(Date.UTC(2025, 11, 31)),
          null,
          null,
        ],
        [4, "完成年度督导考核", null, "督导室", null, "年底前", null, null],
      ],
      { title: "青山县教育局2025年重点工作任务台账", mergeRows: [3] },
    );
    const res = await upload(staff, "/api/plans/import-ledger", "台账.xlsx", bytes);
    expect(res.status).toBe(201);
    expect(res.json.tasks).toBe(4);
    const plan = await staff.request("GET", `/api/plans/${res.json.planId}`);
    expect(plan.json.plan).toMatchObject({
      title: "青山县教育局2025年重点工作任务台账",
      docType: "ledger",
      years: [2025],
      orgUnitId: c.bureau.id,
    });
    const tree = plan.json.tree as Node[];
    expect(tree.map((n) => [n.kind, n.title, n.children.length])).toEqual([
      ["section", "基础教育", 2],
      ["section", "学校管理", 2],
    ]);
    const [t1, t2] = tree[0]!.children;
    expect(t1).toMatchObject({
      kind: "task",
      num: "1",
      title: "推进义务教育优质均衡发展",
      leadUnit: { name: "基础教育股" },
      coUnits: [{ name: "计财股" }, { name: "安全股" }],
      deputyUserId: c.users.deputy,
      deadline: "2025-06-30",
    });
    expect(t1!.body).toContain("目标：义务教育巩固率达到98%");
    expect(t1!.body).toContain("备注：重点");
    expect(t1!.targets.map((x) => [x.indicator, x.value, x.unit, x.year])).toEqual([["义务教育巩固率", 98, "%", 2025]]);
    expect(t2).toMatchObject({ leadUnit: { name: "安全股" }, deadline: "2025-06-30", targets: [] });
    const [t3, t4] = tree[1]!.children;
    expect(t3).toMatchObject({ leadUnit: { name: "东坡镇中心小学" }, deadline: "2025-12-31" });
    expect(t3!.targets.map((x) => [x.value, x.unit])).toEqual([[1, "所"]]);
    expect(t4).toMatchObject({ leadUnit: { name: "督导室" }, deadline: "2025-12-31" });
    // as for a committed document, the targets get indicator suggestions
    const links = await staff.request("GET", `/api/plans/${res.json.planId}/indicator-links`);
    const retention = (
      links.json.targets as { indicator: string; link: { status: string; indicatorCode: string } | null }[]
    ).find((x) => x.indicator === "义务教育巩固率");
    expect(retention!.link).toMatchObject({ status: "suggested", indicatorCode: "COMPULSORY_RETENTION" });
  });

  it("reports every bad row with its column and a Chinese message, and writes nothing", async () => {
    const before = (await staff.request("GET", "/api/plans")).json.plans.length as number;
    const bytes = await xlsx([
      [1, "推进课后服务", null, "教研室", null, "2025年6月底前", null, null],
      [2, "完善资助体系", null, "计财股", null, "尽快", null, null],
      [3, null, "覆盖率100%", "安全股", null, "2025-06-30", null, null],
      [4, "加强督导", null, "督导室", "西岭乡中学、东山中学", "年底前", "王局长", null],
      [5, "一切正常的任务", null, "基础教育股", null, "2025-07-01", null, null],
    ]);
    const res = await upload(staff, "/api/plans/import-ledger", "台账.xlsx", bytes, { planTitle: "2025年台账" });
    expect(res.status).toBe(422);
    expect(res.json.error.code).toBe("LEDGER_INVALID");
    expect(res.json.error.message).toBe("台账表格有错误，未导入任何数据");
    expect(res.json.error.details.rows).toEqual([
      { row: 2, column: "牵头单位", message: "未找到单位“教研室”，请使用本局组织机构中的单位名称" },
      { row: 3, column: "完成时限", message: "无法识别完成时限“尽快”，请填写如“2025年6月底前”或“2025-06-30”" },
      { row: 4, column: "重点任务", message: "任务内容为空" },
      { row: 5, column: "配合单位", message: "未找到单位“东山中学”，请使用本局组织机构中的单位名称" },
      { row: 5, column: "分管领导", message: "未找到领导“王局长”（须为本局分管领导或主要领导账号的姓名）" },
    ]);
    expect((await staff.request("GET", "/api/plans")).json.plans.length).toBe(before);
    expect((await staff.request("GET", "/api/tasks?q=一切正常")).json.total).toBe(0);
  });

  it("refuses files that are not .xlsx, unreadable workbooks and sheets without a header", async () => {
    const xls = await upload(staff, "/api/plans/import-ledger", "台账.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    expect(xls.status).toBe(415);
    expect(xls.json.error.code).toBe("LEDGER_UNSUPPORTED");
    const broken = await upload(
      staff,
      "/api/plans/import-ledger",
      "台账.xlsx",
      new Uint8Array([0x50, 0x4b, 3, 4, 9, 9, 9]),
    );
    expect(broken.status).toBe(422);
    expect(broken.json.error.code).toBe("LEDGER_UNREADABLE");
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("s").addRow(["姓名", "电话"]);
    const noHeader = await upload(
      staff,
      "/api/plans/import-ledger",
      "x.xlsx",
      new Uint8Array(await wb.xlsx.writeBuffer()),
    );
    expect(noHeader.status).toBe(422);
    expect(noHeader.json.error.details.rows[0].message).toContain("未找到表头");
  });

  it("refuses ledgers from users who do not edit plans", async () => {
    const bytes = await xlsx([[1, "任务", null, "安全股", null, "年底前", null, null]]);
    const school = await t.as("school");
    expect((await upload(school, "/api/plans/import-ledger", "a.xlsx", bytes)).status).toBe(403);
    const inspector = await t.as("inspector");
    expect((await upload(inspector, "/api/plans/import-ledger", "a.xlsx", bytes)).status).toBe(403);
  });
});

describe("ledger headers", () => {
  it("names columns the ways ledgers label them", () => {
    expect(
      ["序号", "工作任务", "目标任务", "责任单位", "协办单位", "完成时间", "责任领导", "备注", "进展情况"].map(
        columnOf,
      ),
    ).toEqual(["num", "task", "target", "lead", "co", "deadline", "deputy", "note", null]);
    expect(findHeader([["台账"], ["序号", "任务内容", "牵头股室"]])?.index).toBe(1);
    expect(findHeader([["序号", "姓名"]])).toBeNull();
    expect(splitNames("基础教育股（牵头）、计财股, 安全股")).toEqual(["基础教育股", "计财股", "安全股"]);
  });
});
