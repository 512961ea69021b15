// A plan from an Excel 台账: find the header row, read every row, resolve unit and leader names in the
// bureau's tree, and either report every bad row (LEDGER_INVALID, details.rows, nothing written) or
// write the plan, its sections, tasks, co-units and targets in one transaction.
import ExcelJS from "exceljs";
import { AppError } from "../../../common/errors.ts";
import type { Actor } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { recordAudit } from "../audit/index.ts";
import { runPlanCommitted } from "./commit-hooks.ts";
import { findHeader, parseLedger, titleAbove, type Cell, type RowError } from "./ledger.ts";
import { BureauDirectory, planUnitFor } from "./org-scope.ts";
import * as repo from "./plans.repo.ts";

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (v instanceof Date || typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean") return String(v);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("formula" in v || "sharedFormula" in v)
    return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("hyperlink" in v) return typeof v.text === "string" ? v.text : null;
  return null;
}

/** The sheets of a workbook as grids of plain values, with the Excel row number of each grid row. */
async function readWorkbook(bytes: Uint8Array, fileName: string) {
  if (!/\.xlsx$/iu.test(fileName) || bytes[0] !== 0x50 || bytes[1] !== 0x4b)
    throw new AppError("LEDGER_UNSUPPORTED", { fileName });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new AppError("LEDGER_UNREADABLE", { fileName });
  }
  return wb.worksheets.map((ws) => {
    const grid: Cell[][] = [];
    const rowNumbers: number[] = [];
    const width = Math.min(ws.columnCount, 60);
    for (let r = 1; r <= Math.min(ws.rowCount, 20_000); r++) {
      const row = ws.getRow(r);
      grid.push(Array.from({ length: width }, (_, c) => cellValue(row.getCell(c + 1).value)));
      rowNumbers.push(r);
    }
    return { name: ws.name, grid, rowNumbers };
  });
}

export async function importLedger(
  actor: Actor,
  input: { bytes: Uint8Array; fileName: string; orgUnitId?: number | undefined; planTitle?: string | undefined },
  deps: Deps,
) {
  const { db } = deps.database;
  const unit = await planUnitFor(actor, input.orgUnitId, db);
  const sheets = await readWorkbook(input.bytes, input.fileName);
  const sheet = sheets.map((s) => ({ ...s, header: findHeader(s.grid) })).find((s) => s.header);
  if (!sheet?.header)
    throw new AppError("LEDGER_INVALID", {
      rows: [{ row: 1, column: null, message: "未找到表头：表格须有“任务”列，以及序号、牵头单位、完成时限等列" }],
    });
  const title = input.planTitle ?? titleAbove(sheet.grid, sheet.header) ?? input.fileName.replace(/\.xlsx$/iu, "");
  const years = [...new Set([...title.matchAll(/(20\d{2})/gu)].map((m) => Number(m[1])))].sort();
  const year = years.at(-1) ?? Number(deps.clock.now().toISOString().slice(0, 4));
  const { rows, errors } = parseLedger(sheet.grid, sheet.header, {
    year,
    years: years.length ? years : [year],
    rowNumbers: sheet.rowNumbers,
  });

  // names → ids, every problem reported
  const dir = await BureauDirectory.load(db, unit.path);
  const leaders = await dir.leadersByName(db);
  const names = sheet.header.names;
  const resolved = rows.map((r) => {
    const unitIds = (list: string[], column: string) =>
      list.flatMap((n) => {
        const u = dir.unitByName(n);
        if (!u) errors.push({ row: r.row, column, message: `未找到单位“${n}”，请使用本局组织机构中的单位名称` });
        return u ? [u.id] : [];
      });
    const lead = unitIds(r.lead, names.lead ?? "牵头单位")[0] ?? null;
    const co = unitIds(r.co, names.co ?? names.lead ?? "配合单位").filter((id) => id !== lead);
    const deputy = r.deputy ? (leaders.get(r.deputy) ?? null) : null;
    if (r.deputy && deputy === null)
      errors.push({
        row: r.row,
        column: names.deputy ?? "分管领导",
        message: `未找到领导“${r.deputy}”（须为本局分管领导或主要领导账号的姓名）`,
      });
    return { ...r, leadUnitId: lead, coUnitIds: [...new Set(co)], deputyUserId: deputy };
  });
  if (!resolved.some((r) => r.kind === "task"))
    errors.push({ row: sheet.header.index + 2, column: null, message: "表头下没有任务行" });
  if (errors.length)
    throw new AppError("LEDGER_INVALID", { rows: sortErrors(errors).slice(0, 500), count: errors.length });

  const at = deps.clock.now();
  const planId = await db.transaction(async (tx) => {
    const planId = await repo.insertPlan(tx, {
      orgUnitId: unit.id,
      title,
      docType: "ledger",
      years,
      createdBy: actor.id,
      at,
    });
    const stack: { level: number; id: number }[] = [];
    for (const [position, r] of resolved.entries()) {
      while (stack.length && stack.at(-1)!.level >= r.level) stack.pop();
      const id = await repo.insertTask(tx, {
        planId,
        parentId: stack.at(-1)?.id ?? null,
        kind: r.kind,
        position,
        num: r.num,
        title: r.title,
        body: r.body,
        leadUnitId: r.leadUnitId,
        deputyUserId: r.deputyUserId,
        deadline: r.deadline,
        at,
      });
      if (r.kind === "section") stack.push({ level: r.level, id });
      if (r.coUnitIds.length) await repo.setCoUnits(tx, id, r.coUnitIds);
      for (const [i, q] of r.targets.entries())
        await repo.insertTarget(tx, {
          taskId: id,
          ...q,
          sourceStart: null,
          sourceEnd: null,
          sourceText: q.text,
          position: i,
        });
    }
    // like a committed document: other modules act on the new plan (indicator links for its targets)
    await runPlanCommitted(tx, planId);
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "plan.imported_ledger",
      entity: "plan",
      entityId: planId,
      after: { fileName: input.fileName, sheet: sheet.name, title, rows: resolved.length },
    });
    return planId;
  });
  return { planId, tasks: resolved.filter((r) => r.kind === "task").length };
}

function sortErrors(errors: RowError[]): RowError[] {
  return [...errors].sort((a, b) => a.row - b.row);
}
