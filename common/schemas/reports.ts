// zod schemas and shared types of the reports module (documents out): the progress bulletin
// (进展情况通报), the year-end work summary (年度工作总结), the plan export, the indicator workbook and
// the carry-over into next year's plan. One schema serves the route, the web buttons and the CLI.
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/u, "日期格式为 YYYY-MM-DD");
const year = z.coerce.number().int().min(1990).max(2100);

/** "2024,2025" (query string, CLI) or [2024, 2025] (JSON) → [2024, 2025]. */
export const ZYears = z.preprocess(
  (v) => (typeof v === "string" ? v.split(/[,，\s]+/u).filter(Boolean) : v),
  z.array(year).min(1).max(30),
);

export const ZReportFormat = z.enum(["docx", "xlsx"]);
export type ReportFormat = z.infer<typeof ZReportFormat>;

/** Issue a bulletin (stores its snapshot) or preview one (`GET …/bulletin.docx`). */
export const ZBulletinInput = z.strictObject({
  /** First day of the period; default the day after the previous bulletin's period, else the plan's start. */
  periodFrom: isoDate.optional(),
  /** Last day of the period; default today (China Standard Time). */
  periodTo: isoDate.optional(),
});
export type BulletinInput = z.infer<typeof ZBulletinInput>;

export const ZSummaryQuery = z.strictObject({ year: year.optional() });
export type SummaryQuery = z.infer<typeof ZSummaryQuery>;

export const ZPlanExportQuery = z.strictObject({ format: ZReportFormat.default("docx") });

export const ZIndicatorWorkbookQuery = z.strictObject({
  /** Root of the rows (default: the actor's bureau). */
  unitId: z.coerce.number().int().positive().optional(),
  /** Levels below the root to include (0 = the root only). */
  level: z.coerce.number().int().min(0).max(6).default(2),
  years: ZYears.optional(),
  /** Indicator codes, comma separated (default: every indicator). */
  codes: z
    .preprocess((v) => (typeof v === "string" ? v.split(/[,，\s]+/u).filter(Boolean) : v), z.array(z.string()).max(200))
    .optional(),
  /** The plan whose targets give the 目标 columns (default: targets from the indicator module only). */
  planId: z.coerce.number().int().positive().optional(),
});
export type IndicatorWorkbookQuery = z.infer<typeof ZIndicatorWorkbookQuery>;

export const ZCarryOver = z.strictObject({
  /** The new plan's year (default: the last year of the plan + 1). */
  year: z.number().int().min(1990).max(2100).optional(),
  /** The new plan's title (default: the old title with the year replaced). */
  title: z.string().trim().min(1).max(300).optional(),
});
export type CarryOverInput = z.infer<typeof ZCarryOver>;

export const ZBulletinIdParam = z.strictObject({ id: z.coerce.number().int().positive() });

// ---------------------------------------------------------------------------------------------
// What the builders produce and the renderers read: plain objects, no database.

export type Color = "red" | "yellow" | "green" | "grey";

export interface ReportTask {
  id: number;
  num: string | null;
  title: string;
  /** The targets as one line: "学前三年毛入园率达到92%；新建幼儿园3所". */
  targets: string;
  leadUnit: string | null;
  coUnits: string[];
  deputy: string | null;
  deadline: string | null;
  state: string;
  stateName: string;
  color: Color;
  progress: number;
  /** 完成情况: progress and the status reason, or the latest accepted report. */
  progressText: string;
}

export interface ReportSection {
  id: number | null;
  num: string | null;
  title: string;
  tasks: ReportTask[];
}

export interface Counts {
  tasks: number;
  draft: number;
  dispatched: number;
  closed: number;
  open: number;
  red: number;
  yellow: number;
  green: number;
  overdue: number;
  /** Mean progress of dispatched tasks, closed counting 100 (the roll-up rule), 0–100. */
  completion: number;
  /** Share of dispatched tasks closed, %, one decimal. */
  closedRate: number | null;
  onTimeRate: number | null;
}

export interface RankEntry {
  unitId: number;
  unitName: string;
  group: "department" | "school" | "other";
  tasks: number;
  due: number;
  onTime: number;
  rate: number | null;
  rank: number | null;
  prevRank: number | null;
  prevRate: number | null;
  /** Places moved up since the previous bulletin (negative = down); null when not ranked in both. */
  rankChange: number | null;
  /** Change of the on-time rate in percentage points since the previous bulletin. */
  rateChange: number | null;
}

export interface OverdueItem {
  id: number;
  num: string | null;
  title: string;
  leadUnit: string | null;
  deadline: string | null;
  daysOverdue: number;
  escalationLevel: number;
  color: Color;
  reason: string | null;
}

export interface Bulletin {
  planId: number;
  planTitle: string;
  issuer: string;
  /** The bulletin's number within the plan (第 N 期); null for a preview. */
  number: number | null;
  year: number;
  docNumber: string;
  periodFrom: string;
  periodTo: string;
  issuedOn: string;
  counts: Counts;
  sections: (ReportSection & { counts: Counts })[];
  ranking: { rule: string; departments: RankEntry[]; schools: RankEntry[] };
  previous: { number: number; issuedOn: string } | null;
  overdue: OverdueItem[];
}

export interface Figure {
  indicator: string;
  unit: string;
  year: number | null;
  /** The achieved value (indicator module, else the figure recorded against the target). */
  value: number | null;
  target: number | null;
  qualifier: string | null;
  previous: number | null;
  met: boolean | null;
  source: "indicator" | "target";
  sentence: string;
}

export interface SummaryTask {
  id: number;
  num: string | null;
  title: string;
  state: string;
  color: Color;
  paragraph: string;
  figures: Figure[];
}

export interface Summary {
  planId: number;
  planTitle: string;
  issuer: string;
  year: number;
  intro: string;
  sections: { num: string | null; title: string; tasks: SummaryTask[] }[];
  problems: string[];
  nextYear: { num: string | null; title: string; leadUnit: string | null; reason: string }[];
}

export interface PlanExport {
  planId: number;
  planTitle: string;
  issuer: string;
  docNumber: string | null;
  years: number[];
  generatedOn: string;
  counts: Counts;
  sections: ReportSection[];
}

/** One indicator group = one sheet. */
export interface WorkbookGroup {
  name: string;
  indicators: { code: string; name: string; unit: string; percent: boolean; lowerIsBetter: boolean }[];
}

export interface WorkbookRow {
  unitId: number;
  unitName: string;
  /** 0 = the root unit. */
  level: number;
  /** `${code}:${year}` → target and actual. */
  cells: Record<string, { target: number | null; actual: number | null }>;
}
