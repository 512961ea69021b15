// The registry as an Excel sheet: export the schools of the caller's subtree, and import a filled sheet
// (add new schools, update existing ones by 学校标识码). Every row is checked first — 学校标识码 format,
// duplicates in the file, unknown 所属单位, unknown 办学类型, bad 办学性质/普惠性/城乡分类, schools outside the
// caller's subtree — and either REGISTRY_INVALID with details.rows and nothing written, or all rows in
// one transaction.
import ExcelJS from "exceljs";
import { AppError } from "../../../../common/errors.ts";
import { LOCALITIES, OWNERSHIPS, SCHOOL_TYPES, schoolTypeCode } from "../../../../common/schemas/indicators-data.ts";
import { inSubtree, type Actor } from "../../../platform/actor.ts";
import type { Deps } from "../../../platform/deps.ts";
import { recordAudit } from "../../audit/index.ts";
import { insertUnit } from "../../orgs/index.ts";
import { readXlsx, type FileSource, type RowError } from "../data/excel.ts";
import { dataScope, requireCountyWriter } from "../data/scope.ts";
import * as repo from "./registry.repo.ts";

export const REGISTRY_COLUMNS = [
  "学校标识码",
  "学校名称",
  "所属单位",
  "办学类型",
  "办学性质",
  "普惠性",
  "城乡分类",
  "状态",
] as const;
const PARENT_TYPES = new Set(["county", "bureau", "township", "center", "city", "province"]);

const nameOf = <T extends Record<string, string>>(map: T, k: string | null) => (k ? (map[k as keyof T] ?? k) : "");
const keyOf = (map: Record<string, string>, v: string) => Object.entries(map).find(([, n]) => n === v)?.[0] ?? null;

export async function exportRegistry(actor: Actor, deps: Deps): Promise<{ bytes: Buffer; fileName: string }> {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  const units = await repo.listRegistry(db, scope.path);
  const byId = new Map(units.map((u) => [u.id, u]));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("学校登记");
  ws.addRow([...REGISTRY_COLUMNS]);
  ws.getRow(1).font = { bold: true };
  [14, 30, 20, 14, 10, 8, 10, 8].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  for (const u of units.filter((x) => x.type === "school")) {
    const row = ws.addRow([
      u.schoolCode ?? "",
      u.name,
      byId.get(u.parentId ?? 0)?.name ?? "",
      nameOf(SCHOOL_TYPES, u.schoolType),
      nameOf(OWNERSHIPS, u.ownership),
      u.inclusive === null ? "" : u.inclusive ? "是" : "否",
      nameOf(LOCALITIES, u.locality),
      u.active ? "在用" : "停用",
    ]);
    row.getCell(1).numFmt = "@";
  }
  const list = (values: string[]) => ({ type: "list" as const, allowBlank: true, formulae: [`"${values.join(",")}"`] });
  for (let r = 2; r <= Math.max(units.length + 50, 200); r++) {
    ws.getCell(r, 4).dataValidation = list(Object.values(SCHOOL_TYPES));
    ws.getCell(r, 5).dataValidation = list(Object.values(OWNERSHIPS));
    ws.getCell(r, 6).dataValidation = list(["是", "否"]);
    ws.getCell(r, 7).dataValidation = list(Object.values(LOCALITIES));
    ws.getCell(r, 8).dataValidation = list(["在用", "停用"]);
  }
  return { bytes: Buffer.from(await wb.xlsx.writeBuffer()), fileName: "学校登记表.xlsx" };
}

interface Parsed {
  row: number;
  schoolCode: string;
  name: string;
  parentId: number;
  schoolType: string;
  ownership: "public" | "private" | null;
  inclusive: boolean | null;
  locality: "urban" | "town" | "rural" | null;
  active: boolean;
  existing: repo.RegistryUnit | null;
}

export async function importRegistry(actor: Actor, source: FileSource, deps: Deps) {
  const { db } = deps.database;
  const scope = await dataScope(actor, db);
  requireCountyWriter(scope);
  const file = await source();
  const grid = await readXlsx(file.bytes, file.fileName, "LEDGER_UNSUPPORTED", "LEDGER_UNREADABLE");
  const header = (grid[0] ?? []).map((c) => String(c ?? "").trim());
  const col = Object.fromEntries(REGISTRY_COLUMNS.map((h) => [h, header.indexOf(h)])) as Record<
    (typeof REGISTRY_COLUMNS)[number],
    number
  >;
  const missing = REGISTRY_COLUMNS.slice(0, 4).filter((h) => col[h] < 0);
  if (missing.length)
    throw new AppError("REGISTRY_INVALID", {
      rows: [{ row: 1, column: null, message: `缺少表头列：${missing.join("、")}` }],
    });
  const inScope = await repo.listRegistry(db, scope.path);
  const parents = new Map<string, repo.RegistryUnit[]>();
  for (const u of inScope.filter((x) => PARENT_TYPES.has(x.type)))
    for (const key of [u.name, u.code].filter(Boolean) as string[]) parents.set(key, [...(parents.get(key) ?? []), u]);
  const codes = grid
    .slice(1)
    .map((r) => String(r[col["学校标识码"]] ?? "").trim())
    .filter((c) => /^\d{10}$/u.test(c));
  const existing = new Map((await repo.unitsBySchoolCode(db, codes)).map((u) => [u.schoolCode!, u]));
  const errors: RowError[] = [];
  const rows: Parsed[] = [];
  const seen = new Map<string, number>();
  const text = (r: (string | number | null)[], h: (typeof REGISTRY_COLUMNS)[number]) =>
    col[h] < 0 ? "" : String(r[col[h]] ?? "").trim();
  for (let i = 1; i < grid.length; i++) {
    const r = grid[i]!;
    const rowNo = i + 1;
    if (r.every((c) => c === null || String(c).trim() === "")) continue;
    const n = errors.length;
    const err = (column: string, message: string) => errors.push({ row: rowNo, column, message });
    const code = text(r, "学校标识码");
    if (!/^\d{10}$/u.test(code)) err("学校标识码", code ? `学校标识码“${code}”应为10位数字` : "缺少学校标识码");
    else if (seen.has(code)) err("学校标识码", `学校标识码 ${code} 与第${seen.get(code)}行重复`);
    else seen.set(code, rowNo);
    const name = text(r, "学校名称");
    if (!name) err("学校名称", "缺少学校名称");
    else if (name.length > 100) err("学校名称", "学校名称过长");
    const parentName = text(r, "所属单位");
    const cands = parents.get(parentName) ?? [];
    if (!parentName) err("所属单位", "缺少所属单位");
    else if (!cands.length) err("所属单位", `所属单位“${parentName}”不存在或不在管辖范围内`);
    else if (cands.length > 1) err("所属单位", `所属单位“${parentName}”有重名，请填写单位代码`);
    const typeText = text(r, "办学类型");
    const schoolType = schoolTypeCode(typeText);
    if (!schoolType) err("办学类型", typeText ? `未知的办学类型“${typeText}”` : "缺少办学类型");
    const own = text(r, "办学性质");
    const ownership = own ? (keyOf(OWNERSHIPS, own) as Parsed["ownership"]) : null;
    if (own && !ownership) err("办学性质", `办学性质应为“公办”或“民办”，而不是“${own}”`);
    const inc = text(r, "普惠性");
    if (inc && inc !== "是" && inc !== "否") err("普惠性", `普惠性应为“是”或“否”，而不是“${inc}”`);
    const loc = text(r, "城乡分类");
    const locality = loc ? (keyOf(LOCALITIES, loc) as Parsed["locality"]) : null;
    if (loc && !locality) err("城乡分类", `城乡分类应为城区、镇区或乡村，而不是“${loc}”`);
    const st = text(r, "状态");
    if (st && st !== "在用" && st !== "停用") err("状态", `状态应为“在用”或“停用”，而不是“${st}”`);
    const ex = existing.get(code) ?? null;
    if (ex && !inSubtree(ex.path, scope.path)) err("学校标识码", `学校标识码 ${code} 属于管辖范围外的学校`);
    else if (ex && ex.type !== "school") err("学校标识码", `学校标识码 ${code} 属于非学校单位“${ex.name}”`);
    if (errors.length > n) continue;
    rows.push({
      row: rowNo,
      schoolCode: code,
      name,
      parentId: cands[0]!.id,
      schoolType: schoolType!,
      ownership,
      inclusive: inc ? inc === "是" : null,
      locality,
      active: st !== "停用",
      existing: ex,
    });
  }
  if (errors.length) throw new AppError("REGISTRY_INVALID", { rows: errors.slice(0, 500), total: errors.length });
  if (!rows.length)
    throw new AppError("REGISTRY_INVALID", { rows: [{ row: 2, column: null, message: "表格中没有学校" }] });
  const at = deps.clock.now();
  return db.transaction(async (tx) => {
    let created = 0;
    let updated = 0;
    for (const p of rows) {
      const fields = {
        name: p.name,
        schoolType: p.schoolType,
        ownership: p.ownership,
        inclusive: p.inclusive,
        locality: p.locality,
        active: p.active,
      };
      if (p.existing) {
        await repo.updateRegistryUnit(tx, p.existing.id, null, fields);
        if (p.existing.parentId !== p.parentId) {
          const parent = (await repo.getRegistryUnit(tx, p.parentId))!;
          await repo.moveUnit(
            tx,
            p.existing.id,
            (await repo.getRegistryUnit(tx, p.existing.id))!.path,
            parent.path,
            parent.id,
          );
        }
        updated++;
      } else {
        const u = await insertUnit(tx, {
          parentId: p.parentId,
          type: "school",
          name: p.name,
          schoolCode: p.schoolCode,
          schoolType: p.schoolType,
          ownership: p.ownership,
          inclusive: p.inclusive,
          locality: p.locality,
        });
        if (!p.active) await repo.updateRegistryUnit(tx, u.id, null, { active: false });
        created++;
      }
    }
    await recordAudit(tx, {
      at,
      actorId: actor.id,
      action: "registry.imported",
      entity: "org_unit",
      entityId: scope.unitId || null,
      after: { fileName: file.fileName, created, updated },
    });
    return { created, updated };
  });
}
