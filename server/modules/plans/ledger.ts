// Reading an Excel 台账 (task ledger), pure: a grid of cell values → header columns → rows of
// sections and tasks, each with the problems found in it. Unit names are resolved by import-ledger.ts.
import { findQuantities } from "../../../reader/index.ts";
import { parseDeadline } from "./deadline.ts";
import { titleOf } from "./draft.ts";

export type Cell = string | number | Date | null;

export type Column = "num" | "task" | "lead" | "co" | "deadline" | "target" | "deputy" | "note";

export interface RowError {
  /** Spreadsheet row number (1-based, as Excel shows it). */
  row: number;
  /** The column's header as written in the sheet, or null for the whole row. */
  column: string | null;
  message: string;
}

export interface LedgerTarget {
  indicator: string;
  value: number;
  unit: string;
  year: number | null;
  kind: string;
  deadline: string | null;
  qualifier: string | null;
  text: string;
}

export interface LedgerRow {
  row: number;
  kind: "section" | "task";
  level: number;
  num: string | null;
  title: string;
  body: string;
  lead: string[];
  co: string[];
  deputy: string | null;
  deadline: string | null;
  targets: LedgerTarget[];
}

export interface Header {
  /** Index of the header row in the grid. */
  index: number;
  columns: Partial<Record<Column, number>>;
  names: Partial<Record<Column, string>>;
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/gu, "");

/** A header cell → the column it names (first match wins, most specific first). */
export function columnOf(header: string): Column | null {
  const h = norm(header);
  if (!h) return null;
  if (/^(序号|编号|序|no\.?)$/iu.test(h)) return "num";
  if (/(分管领导|分管局领导|责任领导|牵头领导|局领导|包保领导|分管校领导)/u.test(h)) return "deputy";
  if (/(牵头|责任单位|责任股室|责任部门|主责单位|承办单位)/u.test(h)) return "lead";
  if (/(配合|协办|协同|参与单位)/u.test(h)) return "co";
  if (/(时限|完成时间|时间节点|截止时间|截止日期|完成期限)/u.test(h)) return "deadline";
  if (/^(目标|目标任务|预期目标|工作目标|量化目标|量化指标|目标要求|指标|任务目标)$/u.test(h)) return "target";
  if (/(备注|说明)/u.test(h)) return "note";
  if (/(进展|完成情况|落实情况|推进情况)/u.test(h)) return null;
  if (/(任务|事项|工作内容|内容|工作措施)/u.test(h)) return "task";
  if (/(目标|指标)/u.test(h)) return "target";
  return null;
}

export function cellText(c: Cell): string {
  if (c === null) return "";
  if (c instanceof Date) return c.toISOString().slice(0, 10);
  return String(c).normalize("NFKC").trim();
}

/** The first row (of the first 20) with a task column and at least one other known column. */
export function findHeader(grid: Cell[][]): Header | null {
  for (let i = 0; i < Math.min(grid.length, 20); i++) {
    const columns: Header["columns"] = {};
    const names: Header["names"] = {};
    grid[i]!.forEach((c, j) => {
      const col = columnOf(cellText(c));
      if (col && columns[col] === undefined) {
        columns[col] = j;
        names[col] = cellText(c);
      }
    });
    if (columns.task !== undefined && Object.keys(columns).length >= 2) return { index: i, columns, names };
  }
  return null;
}

/** The sheet's title: the first text above the header ("青山县教育局2025年重点工作任务台账"). */
export function titleAbove(grid: Cell[][], header: Header): string | null {
  for (let i = 0; i < header.index; i++) {
    const t = grid[i]!.map(cellText).find((x) => x.length >= 4);
    if (t) return t;
  }
  return null;
}

const SECTION_NUM =
  /^(?:[一二三四五六七八九十]+[、.]?|[（(][一二三四五六七八九十]+[)）]|第[一二三四五六七八九十]+(?:部分|篇|章))$/u;
const SECTION_TEXT =
  /^(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[)）]|第[一二三四五六七八九十]+(?:部分|篇))/u;

/** Unit names in one cell: "基础教育股、计财股（牵头）" → ["基础教育股", "计财股"]. */
export function splitNames(s: string): string[] {
  return s
    .replace(/[（(][^)）]*[)）]/gu, "")
    .split(/[、，,；;/\s]+/u)
    .map((x) => x.trim())
    .filter(Boolean);
}

export function parseLedger(
  grid: Cell[][],
  header: Header,
  opts: { year: number; years: number[]; rowNumbers?: number[] },
): { rows: LedgerRow[]; errors: RowError[] } {
  const { columns: col, names } = header;
  const rows: LedgerRow[] = [];
  const errors: RowError[] = [];
  const at = (r: Cell[], c: Column) => (col[c] === undefined ? null : (r[col[c]!] ?? null));
  const text = (r: Cell[], c: Column) => cellText(at(r, c));

  for (let i = header.index + 1; i < grid.length; i++) {
    const r = grid[i]!;
    const rowNo = opts.rowNumbers?.[i] ?? i + 1;
    const values = r.map(cellText).filter(Boolean);
    if (!values.length) continue;
    const distinct = new Set(values);
    const num = text(r, "num");
    const task = text(r, "task");

    // a section: "一、" in the 序号 column, a row merged across (one text in several cells), or a lone "一、…"
    const lone = distinct.size === 1 ? values[0]! : null;
    const marker = SECTION_TEXT.exec(lone ?? task);
    if (SECTION_NUM.test(num) || (lone && (values.length > 1 || marker))) {
      const title = (SECTION_NUM.test(num) ? task || values.find((v) => v !== num) : lone) ?? num;
      const level = /^[（(]/u.test(num) || marker?.[2] ? 2 : 1;
      rows.push({
        row: rowNo,
        kind: "section",
        level,
        num: num || marker?.[1] || marker?.[2] || null,
        title: title.replace(SECTION_TEXT, "").trim() || title,
        body: "",
        lead: [],
        co: [],
        deputy: null,
        deadline: null,
        targets: [],
      });
      continue;
    }

    if (!task) errors.push({ row: rowNo, column: names.task ?? "任务", message: "任务内容为空" });
    const deadlineCell = at(r, "deadline");
    const dl = parseDeadline(typeof deadlineCell === "string" ? deadlineCell.trim() : deadlineCell, opts.year);
    if (!dl.ok)
      errors.push({
        row: rowNo,
        column: names.deadline ?? "完成时限",
        message: `无法识别完成时限“${cellText(deadlineCell)}”，请填写如“2025年6月底前”或“2025-06-30”`,
      });
    const leadNames = splitNames(text(r, "lead"));
    const targetText = text(r, "target");
    const note = text(r, "note");
    const targets = targetText
      ? findQuantities(targetText, { mode: "plan", years: opts.years })
          .filter((q) => q.kind === "target")
          .map((q) => ({
            indicator: q.indicator,
            value: q.value,
            unit: q.unit,
            year: q.year,
            kind: q.kind,
            deadline: q.deadline,
            qualifier: q.qualifier,
            text: q.text,
          }))
      : [];
    const long = task.length > 60 || /[。；;]./u.test(task);
    rows.push({
      row: rowNo,
      kind: "task",
      level: 9,
      num: num || null,
      title: long ? titleOf(task) : task,
      body: [long ? task : "", targetText ? `目标：${targetText}` : "", note ? `备注：${note}` : ""]
        .filter(Boolean)
        .join("\n"),
      lead: leadNames.slice(0, 1),
      co: [...leadNames.slice(1), ...splitNames(text(r, "co"))],
      deputy: text(r, "deputy") || null,
      deadline: dl.ok ? dl.date : null,
      targets,
    });
  }
  return { rows, errors };
}
