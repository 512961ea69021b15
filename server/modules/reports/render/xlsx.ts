// Excel files from plain report objects (no database here): the plan export (one sheet, the columns of
// a 台账 so it can be imported again) and the indicator workbook, which is written row by row with
// exceljs' streaming WorkbookWriter (inline strings, rows committed as they come) so a province-scale
// tree stays within bounded memory.
import { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Color, PlanExport, WorkbookGroup, WorkbookRow } from "../../../../common/schemas/reports.ts";
import { cnNumber } from "../build/figures.ts";

const FILL: Record<Color, string> = { red: "FFF8D7DA", yellow: "FFFFF2CC", green: "FFD9F2E6", grey: "FFEDEDED" };
const FONT_COLOR: Record<Color, string> = { red: "FFC00000", yellow: "FFBF8F00", green: "FF00875A", grey: "FF7F7F7F" };
const WORD: Record<Color, string> = { red: "红", yellow: "黄", green: "绿", grey: "灰" };
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE7E6E6" } } as const;
const THIN = { style: "thin", color: { argb: "FFBFBFBF" } } as const;
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export const PLAN_COLUMNS = [
  "序号",
  "任务",
  "目标",
  "牵头单位",
  "配合单位",
  "分管领导",
  "完成时限",
  "状态",
  "完成情况",
];

export async function renderPlanXlsx(p: PlanExport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = "落实 luoshi";
  wb.title = p.planTitle;
  const ws = wb.addWorksheet("任务分解表", { views: [{ state: "frozen", ySplit: 2 }] });
  ws.columns = [8, 46, 30, 16, 22, 12, 12, 10, 30].map((width) => ({ width }));
  ws.mergeCells(1, 1, 1, PLAN_COLUMNS.length);
  const title = ws.getCell(1, 1);
  title.value = `${p.planTitle}\u3000任务分解表（${p.issuer}，导出日期 ${p.generatedOn}）`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: "center" };
  const header = ws.getRow(2);
  header.values = PLAN_COLUMNS;
  header.eachCell((c) => {
    c.font = { bold: true };
    c.fill = HEADER_FILL;
    c.border = BORDER;
    c.alignment = { horizontal: "center", vertical: "middle" };
  });
  p.sections.forEach((s, i) => {
    const row = ws.addRow([`${cnNumber(i + 1)}、`, s.title]);
    row.font = { bold: true };
    s.tasks.forEach((t, j) => {
      const r = ws.addRow([
        String(j + 1),
        t.title,
        t.targets,
        t.leadUnit ?? "",
        t.coUnits.join("、"),
        t.deputy ?? "",
        t.deadline ?? "",
        `${WORD[t.color]}（${t.stateName}）`,
        t.progressText,
      ]);
      r.eachCell((c) => {
        c.border = BORDER;
        c.alignment = { vertical: "top", wrapText: true };
      });
      const st = r.getCell(8);
      st.fill = { type: "pattern", pattern: "solid", fgColor: { argb: FILL[t.color] } };
      st.font = { bold: true, color: { argb: FONT_COLOR[t.color] } };
    });
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

// ---------------------------------------------------------------------------------------------
// The indicator workbook

export interface WorkbookMeta {
  title: string;
  rootName: string;
  level: number;
  years: number[];
  groups: WorkbookGroup[];
}

/** What a cell shows: 达标 / 未达标 / — (no target or no value). */
export function statusOf(target: number | null, actual: number | null, lowerIsBetter: boolean): string {
  if (target === null || actual === null) return "—";
  return (lowerIsBetter ? actual <= target : actual >= target) ? "达标" : "未达标";
}

const PERCENT: Partial<ExcelJS.Style> = { numFmt: "0.0%" };
const DECIMAL: Partial<ExcelJS.Style> = { numFmt: "0.00" };
const CENTER: Partial<ExcelJS.Style> = { alignment: { horizontal: "center" } };
const NAME_STYLES = Array.from({ length: 8 }, (_, level): Partial<ExcelJS.Style> =>
  level === 0 ? { font: { bold: true } } : { alignment: { indent: Math.min(level * 2, 15) } },
);
const nameStyle = (level: number) => NAME_STYLES[Math.min(level, NAME_STYLES.length - 1)]!;

const colLetter = (n: number): string => {
  let s = "";
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
};

/**
 * Write the workbook to `out`, one sheet per indicator group; `rowsOf(group)` yields the rows of that
 * group in tree order. Each row is committed as soon as it is written.
 */
export async function writeIndicatorWorkbook(
  out: Writable,
  meta: WorkbookMeta,
  rowsOf: (group: WorkbookGroup) => AsyncIterable<WorkbookRow> | Iterable<WorkbookRow>,
): Promise<{ rows: number }> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = "落实 luoshi";
  let written = 0;
  const used = new Set<string>();
  for (const g of meta.groups) {
    let name = g.name.replace(/[\\/?*[\]:]/gu, "").slice(0, 28) || "指标";
    for (let i = 2; used.has(name); i++) name = `${g.name.slice(0, 25)}(${i})`;
    used.add(name);
    const ws = wb.addWorksheet(name, { views: [{ state: "frozen", xSplit: 1, ySplit: 4 }] });
    const perInd = meta.years.length * 4;
    ws.columns = [{ width: 34 }, ...Array.from({ length: g.indicators.length * perInd }, () => ({ width: 10 }))];
    const last = 1 + g.indicators.length * perInd;

    const r1 = ws.getRow(1);
    r1.getCell(1).value = `${meta.title}：${g.name}（${meta.rootName}，下${meta.level}级单位）`;
    r1.getCell(1).font = { bold: true, size: 13 };
    const r2 = ws.getRow(2);
    const r3 = ws.getRow(3);
    const r4 = ws.getRow(4);
    for (const r of [r2, r3, r4]) {
      r.getCell(1).value = "单位";
    }
    g.indicators.forEach((ind, i) => {
      const c0 = 2 + i * perInd;
      r2.getCell(c0).value = `${ind.name}${ind.unit ? `（${ind.unit}）` : ""}`;
      meta.years.forEach((y, j) => {
        const cy = c0 + j * 4;
        r3.getCell(cy).value = `${y}年`;
        ["目标", "实际", "差距", "状态"].forEach((h, k) => (r4.getCell(cy + k).value = h));
      });
    });
    for (const r of [r2, r3, r4]) {
      for (let c = 1; c <= last; c++) {
        const cell = r.getCell(c);
        cell.font = { bold: true };
        cell.fill = HEADER_FILL;
        cell.border = BORDER;
        cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
      }
    }
    // merges before the header rows are committed (the streaming writer cannot touch committed rows)
    ws.mergeCells(1, 1, 1, Math.max(2, last));
    ws.mergeCells(2, 1, 4, 1);
    g.indicators.forEach((_, i) => {
      const c0 = 2 + i * perInd;
      if (perInd > 1) ws.mergeCells(2, c0, 2, c0 + perInd - 1);
      meta.years.forEach((__, j) => ws.mergeCells(3, c0 + j * 4, 3, c0 + j * 4 + 3));
    });
    for (const r of [r1, r2, r3, r4]) r.commit();

    let rowNo = 4;
    for await (const row of rowsOf(g)) {
      rowNo++;
      const r = ws.getRow(rowNo);
      // shared style objects: exceljs looks a style up by identity, so a million cells cost no more than a few
      const name = r.getCell(1);
      name.value = row.unitName;
      name.style = nameStyle(row.level);
      g.indicators.forEach((ind, i) => {
        const style = ind.percent ? PERCENT : DECIMAL;
        const scale = (v: number | null) => (v === null ? null : ind.percent ? v / 100 : v);
        meta.years.forEach((y, j) => {
          const c = row.cells[`${ind.code}:${y}`] ?? { target: null, actual: null };
          const cy = 2 + i * perInd + j * 4;
          const target = scale(c.target);
          const actual = scale(c.actual);
          const cells = [target, actual, target !== null && actual !== null ? actual - target : null];
          cells.forEach((v, k) => {
            const cell = r.getCell(cy + k);
            if (v !== null) cell.value = ind.percent ? Math.round(v * 1e6) / 1e6 : Math.round(v * 100) / 100;
            cell.style = style;
          });
          const status = r.getCell(cy + 3);
          status.value = statusOf(c.target, c.actual, ind.lowerIsBetter);
          status.style = CENTER;
        });
      });
      r.commit();
      written++;
    }
    // 达标 green, 未达标 red: one rule per status column over all data rows
    if (rowNo > 4)
      g.indicators.forEach((_, i) =>
        meta.years.forEach((__, j) => {
          const col = colLetter(2 + i * perInd + j * 4 + 3);
          const ref = `${col}5:${col}${rowNo}`;
          ws.addConditionalFormatting({
            ref,
            rules: [
              {
                type: "cellIs",
                operator: "equal",
                formulae: ['"达标"'],
                priority: 1,
                style: {
                  fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFC6EFCE" } },
                  font: { color: { argb: "FF006100" } },
                },
              },
              {
                type: "cellIs",
                operator: "equal",
                formulae: ['"未达标"'],
                priority: 2,
                style: {
                  fill: { type: "pattern", pattern: "solid", bgColor: { argb: "FFFFC7CE" } },
                  font: { color: { argb: "FF9C0006" } },
                },
              },
            ],
          });
        }),
      );
    ws.commit();
  }
  await wb.commit();
  return { rows: written };
}
