// The indicator workbook: one sheet per indicator group, rows = org units from the root down to `level`
// (tree order, indented), columns = years × 目标/实际/差距/状态. Values come from the indicators module
// (indicatorTable). The rows are produced subtree by subtree — the root and its children first, then
// each child's subtree in its own indicatorTable call — so only one branch of a province is in memory
// at a time, and the rows go straight into exceljs' streaming writer.
//
// 目标 of a cell: the plan's target linked to that indicator for that unit and year (when a plan is given
// and the link is confirmed), else, for a county, the 督导评估 standard (学前双普, 优质均衡 thresholds).
import type { Writable } from "node:stream";
import { AppError } from "../../../../common/errors.ts";
import type { IndicatorWorkbookQuery, WorkbookGroup, WorkbookRow } from "../../../../common/schemas/reports.ts";
import type { Actor } from "../../../platform/actor.ts";
import { cstDate } from "../../../platform/clock.ts";
import type { Deps } from "../../../platform/deps.ts";
import {
  TARGET_TEMPLATES,
  indicatorReader,
  catalogueOf,
  indicatorTable,
  statsUnitOf,
  targetChecksForTasks,
  type TableUnit,
} from "../../indicators/index.ts";
import { getUnit } from "../../orgs/index.ts";
import { getPlan } from "../../plans/index.ts";
import { writeIndicatorWorkbook } from "../render/xlsx.ts";
import { requireUnitReader, requireWholePlanReader } from "../reports.policy.ts";

type Meta = Awaited<ReturnType<typeof catalogueOf>>["indicators"][number];

/** Sheets: 学前教育, 义务教育, 高中阶段, 教师与经费 (by the indicator's code and school level). */
export function groupOf(m: Pick<Meta, "code" | "level">): string {
  if (m.code.startsWith("KG_") || m.level === "kindergarten") return "学前教育";
  if (m.code.startsWith("HS_") || m.level === "senior") return "高中阶段";
  if (m.code.startsWith("COMPULSORY") || m.code.startsWith("CV_") || m.level === "primary" || m.level === "junior")
    return "义务教育";
  return "教师与经费";
}

const GROUP_ORDER = ["学前教育", "义务教育", "高中阶段", "教师与经费"];

/** Lower is better for 生师比 and 差异系数 (the catalogue's direction), else higher. */
const lowerIsBetter = (m: Pick<Meta, "code" | "kind">) => m.kind === "cv" || m.code.startsWith("PTR_");

/** The sheets for the chosen indicators (all but the 差异系数 when none are chosen), from the database's catalogue. */
export async function workbookGroups(
  db: Deps["database"]["db"],
  codes: string[] | undefined,
): Promise<WorkbookGroup[]> {
  const all = (await catalogueOf(db)).indicators.filter((m) =>
    codes?.length ? codes.includes(m.code) : m.kind !== "cv",
  );
  if (codes?.length) {
    const unknown = codes.filter((c) => !all.some((m) => m.code === c));
    if (unknown.length) throw new AppError("VALIDATION", { codes: unknown });
  }
  const groups = new Map<string, WorkbookGroup>();
  for (const m of all) {
    const name = groupOf(m);
    const g = groups.get(name) ?? { name, indicators: [] };
    g.indicators.push({
      code: m.code,
      name: m.name,
      unit: m.unit,
      percent: m.unit === "%",
      lowerIsBetter: lowerIsBetter(m),
    });
    groups.set(name, g);
  }
  return [...groups.values()].sort((a, b) => GROUP_ORDER.indexOf(a.name) - GROUP_ORDER.indexOf(b.name));
}

type TargetKey = `${number}|${string}|${number}`;

async function targetsFor(actor: Actor, q: IndicatorWorkbookQuery, deps: Deps): Promise<Map<TargetKey, number>> {
  const out = new Map<TargetKey, number>();
  if (q.planId === undefined) return out;
  const { plan, tree } = await getPlan(actor, q.planId, deps);
  requireWholePlanReader(actor, plan.whole);
  const ids: number[] = [];
  const walk = (ns: typeof tree) => ns.forEach((n) => (ids.push(n.id), walk(n.children)));
  walk(tree);
  for (const checks of (await targetChecksForTasks(deps.database.db, ids)).values())
    for (const c of checks) if (c.year !== null) out.set(`${c.orgUnitId}|${c.indicatorCode}|${c.year}`, c.target);
  return out;
}

const STANDARDS = new Map(TARGET_TEMPLATES.flatMap((t) => t.thresholds.map((x) => [x.indicator, x.value] as const)));

export interface PreparedWorkbook {
  fileName: string;
  years: number[];
  groups: WorkbookGroup[];
  /** Write the workbook to `out` (a file or an HTTP response; ended when done); resolves with the row count. */
  write(out: Writable): Promise<{ rows: number }>;
}

/**
 * Check access and settle the parameters first (so an HTTP caller can still answer 403/404), then
 * `write` streams the workbook.
 */
export async function indicatorWorkbook(
  actor: Actor,
  q: IndicatorWorkbookQuery,
  deps: Deps,
): Promise<PreparedWorkbook> {
  const { db } = deps.database;
  const rootId = q.unitId ?? (await statsUnitOf(db, actor.orgUnitId));
  const root = await getUnit(db, rootId);
  // the indicators module's rule: units in the actor's data scope, and above it only the branch leading to it
  const visible = await indicatorReader(actor, db);
  requireUnitReader(actor, root !== null && visible(root));
  const year = Number(cstDate(deps.clock.now()).slice(0, 4));
  const years = [...new Set(q.years ?? [year - 2, year - 1, year])].sort((a, b) => a - b);
  const groups = await workbookGroups(db, q.codes);
  const targets = await targetsFor(actor, q, deps);
  const fileName = `指标汇总表-${root!.name}-${years.join("_")}.xlsx`;

  const toRow = (u: TableUnit, depth: number, codes: string[]): WorkbookRow => {
    const cells: WorkbookRow["cells"] = {};
    for (const code of codes)
      for (const y of years) {
        const target =
          targets.get(`${u.id}|${code}|${y}`) ?? (u.type === "county" ? (STANDARDS.get(code) ?? null) : null);
        cells[`${code}:${y}`] = { target, actual: u.values[code]?.[y]?.value ?? null };
      }
    return { unitId: u.id, unitName: u.name, level: depth, cells };
  };

  async function* rowsOf(g: WorkbookGroup): AsyncGenerator<WorkbookRow> {
    const codes = g.indicators.map((i) => i.code);
    const top = await indicatorTable(deps, { rootUnitId: rootId, depth: Math.min(q.level, 1), years, codes }, visible);
    for (const u of top.units.filter((x) => x.depth === 0)) yield toRow(u, 0, codes);
    for (const child of top.units.filter((x) => x.depth === 1)) {
      if (q.level <= 1) {
        yield toRow(child, 1, codes);
        continue;
      }
      const sub = await indicatorTable(deps, { rootUnitId: child.id, depth: q.level - 1, years, codes }, visible);
      for (const u of sub.units) yield toRow(u, u.depth + 1, codes);
    }
  }
  return {
    fileName,
    years,
    groups,
    write: (out) =>
      writeIndicatorWorkbook(
        out,
        { title: "教育指标汇总表", rootName: root!.name, level: q.level, years, groups },
        rowsOf,
      ),
  };
}
