// The Excel round trip of a round's school form: a template with one row per school in the caller's subtree
// (columns = the schools' elements × categories, a hidden row of codes, number validation, current values
// filled in), and the upload of the filled file: every row checked first (学校标识码, scope, lock, numbers),
// then either DATA_INVALID with details.rows and nothing written, or every value written in one transaction
// with two bulk statements. An empty cell deletes the stored value (the template comes pre-filled).
import ExcelJS from "exceljs";
import { AppError } from "../../../../common/errors.ts";
import { SCHOOL_TYPES } from "../../../../common/schemas/indicators-data.ts";
import type { Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import * as repo from "./data.repo.ts";
import { loadRound, requireRoundOpen, visiblePath } from "./rounds.ts";
import { canWrite, dataScope } from "./scope.ts";
import { categoriesOf, formElements, valueProblem } from "./values.ts";

const CODE_ROW = 2;
const FIRST_ROW = 3;
const FIXED = ["学校标识码", "学校名称", "办学类型"];
const FIXED_CODES = ["SCHOOL_CODE", "SCHOOL_NAME", "SCHOOL_TYPE"];

interface Column {
  element: repo.ElementRow;
  category: string;
  key: string;
}

function columnsOf(elements: repo.ElementRow[]): Column[] {
  return elements.flatMap((e) =>
    categoriesOf(e).map((category) => ({ element: e, category, key: category ? `${e.code}:${category}` : e.code })),
  );
}

async function schoolSheet(actor: Actor, roundId: number, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const round = await loadRound(db, scope, roundId);
  const units = (await repo.roundUnits(db, roundId, visiblePath(scope, round))).filter((u) => u.type === "school");
  const elements = (await repo.elementsOfDataSet(db, round.dataSetId)).filter((e) => e.entryLevel === "school");
  return { scope, round, units, elements };
}

export async function entryTemplate(actor: Actor, roundId: number, deps: Deps): Promise<{ bytes: Buffer; fileName: string }> {
  const { db } = deps.database;
  const { round, units, elements } = await schoolSheet(actor, roundId, deps);
  // only the elements some school in the file reports
  const used = elements.filter((e) => units.some((u) => formElements([e], u, false).length));
  const cols = columnsOf(used);
  const values = await repo.valuesOf(db, units.map((u) => u.orgUnitId), round.period, used.map((e) => e.id));
  const byKey = new Map(values.map((v) => [`${v.orgUnitId}|${v.elementId}|${v.category}`, v.value]));
  const wb = new ExcelJS.Workbook();
  wb.creator = "luoshi";
  const ws = wb.addWorksheet("填报表", { views: [{ state: "frozen", xSplit: 2, ySplit: CODE_ROW }] });
  ws.addRow([...FIXED, ...cols.map((c) => (c.category ? `${c.element.name}（${c.category}）` : c.element.name))]);
  ws.addRow([...FIXED_CODES, ...cols.map((c) => c.key)]);
  ws.getRow(CODE_ROW).hidden = true;
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).alignment = { wrapText: true, vertical: "middle" };
  ws.getColumn(1).width = 14;
  ws.getColumn(2).width = 28;
  ws.getColumn(3).width = 12;
  for (let i = 0; i < cols.length; i++) ws.getColumn(FIXED.length + 1 + i).width = 12;
  for (const u of units) {
    const row = ws.addRow([
      u.schoolCode ?? "",
      u.name,
      u.schoolType ? (SCHOOL_TYPES[u.schoolType as keyof typeof SCHOOL_TYPES] ?? u.schoolType) : "",
      ...cols.map((c) => byKey.get(`${u.orgUnitId}|${c.element.id}|${c.category}`) ?? null),
    ]);
    row.getCell(1).numFmt = "@";
    cols.forEach((c, i) => {
      const cell = row.getCell(FIXED.length + 1 + i);
      const applies = formElements([c.element], u, false).length > 0;
      if (!applies) cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
      cell.dataValidation = {
        type: c.element.valueType === "integer" ? "whole" : "decimal",
        operator: "greaterThanOrEqual",
        formulae: [0],
        allowBlank: true,
        showErrorMessage: true,
        errorTitle: "数值有误",
        error: c.element.valueType === "integer" ? "请填写非负整数" : "请填写非负数",
      };
    });
  }
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  return { bytes, fileName: `${round.name}-填报模板.xlsx` };
}

type Cell = string | number | null;

function cellValue(v: ExcelJS.CellValue): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "boolean" || v instanceof Date) return String(v);
  if ("richText" in v) return v.richText.map((r) => r.text).join("");
  if ("formula" in v || "sharedFormula" in v) return cellValue((v as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
  if ("text" in v && typeof v.text === "string") return v.text;
  return null;
}

export async function readXlsx(bytes: Uint8Array, fileName: string, unsupported: "LEDGER_UNSUPPORTED", unreadable: "LEDGER_UNREADABLE") {
  if (!/\.xlsx$/iu.test(fileName) || bytes[0] !== 0x50 || bytes[1] !== 0x4b) throw new AppError(unsupported, { fileName });
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
  } catch {
    throw new AppError(unreadable, { fileName });
  }
  const ws = wb.worksheets[0];
  if (!ws) throw new AppError(unreadable, { fileName });
  const width = Math.min(ws.columnCount, 400);
  const grid: Cell[][] = [];
  for (let r = 1; r <= Math.min(ws.rowCount, 50_000); r++) {
    const row = ws.getRow(r);
    grid.push(Array.from({ length: width }, (_, c) => cellValue(row.getCell(c + 1).value)));
  }
  return grid;
}

/** A number typed in a cell, or the reason it is not one. */
function toNumber(c: Cell): { value: number } | { error: string } {
  if (typeof c === "number") return { value: c };
  const s = String(c).trim().replace(/,/gu, "");
  if (/^-?\d+(\.\d+)?$/u.test(s)) return { value: Number(s) };
  return { error: `“${String(c).slice(0, 20)}”不是数字` };
}

export interface RowError {
  row: number;
  column: string | null;
  message: string;
}

/** The uploaded file, read only once the caller's access has been checked. */
export type FileSource = () => Promise<{ bytes: Uint8Array; fileName: string }>;

export async function uploadEntry(actor: Actor, roundId: number, source: FileSource, deps: Deps) {
  const { db } = deps.database;
  const { scope, round, units, elements } = await schoolSheet(actor, roundId, deps);
  if (!scope.write) throw new AppError("FORBIDDEN");
  if (round.status !== "open") throw new AppError("ROUND_CLOSED", { roundId });
  const file = await source();
  const grid = await readXlsx(file.bytes, file.fileName, "LEDGER_UNSUPPORTED", "LEDGER_UNREADABLE");
  const codeRow = grid[CODE_ROW - 1] ?? [];
  const header = grid[0] ?? [];
  const errors: RowError[] = [];
  if (String(codeRow[0] ?? "") !== FIXED_CODES[0])
    throw new AppError("DATA_INVALID", { rows: [{ row: CODE_ROW, column: null, message: "未找到代码行：请使用本系统下载的填报模板（第2行为隐藏的代码行）" }] });
  const byCode = new Map(elements.map((e) => [e.code, e]));
  const cols: ({ element: repo.ElementRow; category: string } | null)[] = codeRow.map((raw, i) => {
    if (i < FIXED.length || raw === null || raw === "") return null;
    const [code, category = ""] = String(raw).split(":");
    const e = byCode.get(code!);
    if (!e || !categoriesOf(e).includes(category)) {
      errors.push({ row: CODE_ROW, column: String(header[i] ?? raw), message: `未知的数据项代码 ${String(raw)}` });
      return null;
    }
    return { element: e, category };
  });
  const inRound = new Map(units.map((u) => [u.schoolCode, u]));
  const fileCodes = grid.slice(FIRST_ROW - 1).map((r) => String(r[0] ?? "").trim()).filter((x) => /^\d{10}$/u.test(x) && !inRound.has(x));
  const registered = new Map((await repo.unitsBySchoolCode(db, fileCodes)).map((u) => [u.schoolCode, u]));
  const seen = new Map<string, number>();
  const put: { elementId: number; orgUnitId: number; category: string; value: number }[] = [];
  const del: { elementId: number; orgUnitId: number; category: string }[] = [];
  const schools = new Set<number>();
  for (let r = FIRST_ROW - 1; r < grid.length; r++) {
    const row = grid[r]!;
    const rowNo = r + 1;
    if (row.every((c) => c === null || String(c).trim() === "")) continue;
    const err = (column: string | null, message: string) => errors.push({ row: rowNo, column, message });
    const code = String(row[0] ?? "").trim();
    if (!/^\d{10}$/u.test(code)) {
      err("学校标识码", code ? `学校标识码“${code}”应为10位数字` : "缺少学校标识码");
      continue;
    }
    if (seen.has(code)) {
      err("学校标识码", `学校重复：与第${seen.get(code)}行是同一所学校（${code}）`);
      continue;
    }
    seen.set(code, rowNo);
    const unit = inRound.get(code);
    if (!unit) {
      const known = registered.get(code);
      err(
        "学校标识码",
        !known
          ? `学校标识码 ${code} 不存在`
          : !canWrite(scope, known.path)
            ? `“${known.name}”（${code}）不在您的管辖范围内`
            : `“${known.name}”（${code}）不在本轮采集范围内`,
      );
      continue;
    }
    if (!canWrite(scope, unit.path)) {
      err("学校标识码", `您不能填报“${unit.name}”的数据`);
      continue;
    }
    if (unit.status !== "open") {
      err("学校标识码", `“${unit.name}”的数据已${unit.status === "submitted" ? "上报" : unit.status === "approved" ? "审核" : "锁定"}，不能修改`);
      continue;
    }
    schools.add(unit.orgUnitId);
    cols.forEach((col, i) => {
      if (!col) return;
      const c = row[i] ?? null;
      const name = col.category ? `${col.element.name}（${col.category}）` : col.element.name;
      const applies = formElements([col.element], unit, false).length > 0;
      if (c === null || String(c).trim() === "") {
        if (applies) del.push({ elementId: col.element.id, orgUnitId: unit.orgUnitId, category: col.category });
        return;
      }
      if (!applies) return err(name, `“${unit.name}”不填报“${col.element.name}”，该格应为空`);
      const n = toNumber(c);
      if ("error" in n) return err(name, n.error);
      const p = valueProblem(col.element, n.value);
      if (p) return err(name, `${String(c)}：${p}`);
      put.push({ elementId: col.element.id, orgUnitId: unit.orgUnitId, category: col.category, value: n.value });
    });
  }
  if (errors.length) throw new AppError("DATA_INVALID", { rows: errors.slice(0, 500), total: errors.length });
  if (!schools.size) throw new AppError("DATA_INVALID", { rows: [{ row: FIRST_ROW, column: null, message: "表格中没有学校数据" }] });
  const at = deps.clock.now();
  const deleted = await db.transaction(async (tx) => {
    // the lock again inside the transaction: a school may have submitted since the file was read
    await requireRoundOpen(tx, roundId);
    const now = await repo.roundUnitStatuses(tx, roundId, [...schools]);
    const locked = [...schools].filter((id) => now.get(id) !== "open");
    if (locked.length) throw new AppError("DATA_LOCKED", { unitIds: locked });
    await repo.upsertValues(tx, round.period, roundId, actor.id, at, put);
    const n = await repo.deleteValues(tx, round.period, del);
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "data_values.uploaded",
      entity: "collection_round",
      entityId: roundId,
      after: { fileName: file.fileName, period: round.period, schools: schools.size, values: put.length, deleted: n },
    });
    return n;
  });
  return { schools: schools.size, values: put.length, deleted };
}
