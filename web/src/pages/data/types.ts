// Types and labels shared by the registry, data collection and indicator pages. The registry unit and round
// shapes are the server's own (common/schemas/indicators-data.ts, `import type` only); the remaining shapes
// and the code → name tables are copies kept here so the web bundle does not pull zod in.
import type { CollectionRound, RegistryUnit } from "../../../../common/schemas/indicators-data.ts";
import type { Locale } from "../../app/i18n.tsx";

export type { RegistryUnit };

export interface UnitGroup {
  id: number;
  name: string;
  description?: string | null;
  unitIds: number[];
  version: number;
}

export interface RowError {
  row: number;
  column: string;
  message: string;
}

export type FormStatus = "open" | "submitted" | "approved" | "locked";

export interface Progress {
  total: number;
  open: number;
  submitted: number;
  approved: number;
  locked: number;
  schools: number;
  schoolsDone: number;
  /** Units still open after the due date (逾期未报). */
  overdue: number;
}

export interface Round extends CollectionRound {
  progress: Progress;
}

export interface RoundUnit {
  orgUnitId: number;
  name: string;
  type: string;
  path: string;
  parentId: number | null;
  schoolCode: string | null;
  schoolType: string | null;
  status: FormStatus;
  approvalLevel: "township" | "county" | null;
  submittedAt: string | null;
  approvedAt: string | null;
  version: number;
  /** 逾期未报: past the due date and not submitted (computed by the server). */
  overdue: boolean;
}

export interface Violation {
  orgUnitId: number;
  unitName?: string;
  ruleId: number;
  ruleCode: string;
  ruleName: string;
  importance: "error" | "warning";
  left: string;
  op: string;
  right: string;
  leftValue: number;
  rightValue: number;
}

export interface DataSet {
  id: number;
  code: string;
  name: string;
  periodType: "year" | "quarter" | "month";
  elementIds: number[];
}

export interface EntryElement {
  id: number;
  code: string;
  name: string;
  valueType: "integer" | "number";
  categories: string[];
  unit: string;
  description: string;
}

export interface EntryForm {
  round: { id: number; name: string; period: string; dueOn: string; status: string };
  unit: { id: number; name: string; type: string; schoolCode: string | null; schoolType: string | null };
  status: FormStatus;
  approvalLevel: "township" | "county" | null;
  version: number;
  editable: boolean;
  elements: EntryElement[];
  values: { elementId: number; category: string; value: number }[];
  violations: Violation[];
}

export interface HistoryEntry {
  action: string;
  from: string;
  to: string;
  level: string | null;
  reason: string | null;
  actorName?: string;
  at: string;
}

const T = <K extends string>(x: Record<K, { zh: string; en: string }>) => x;

export const SCHOOL_TYPES = T({
  kindergarten: { zh: "幼儿园", en: "Kindergarten" },
  primary: { zh: "小学", en: "Primary" },
  junior: { zh: "初中", en: "Junior secondary" },
  nine_year: { zh: "九年一贯制", en: "Nine-year school" },
  twelve_year: { zh: "十二年一贯制", en: "Twelve-year school" },
  complete_secondary: { zh: "完全中学", en: "Complete secondary" },
  senior: { zh: "普通高中", en: "Senior secondary" },
  vocational: { zh: "中职", en: "Vocational" },
  special: { zh: "特殊教育", en: "Special education" },
  other: { zh: "其他", en: "Other" },
});
export const LOCALITIES = T({
  urban: { zh: "城区", en: "Urban" },
  town: { zh: "镇区", en: "Town" },
  rural: { zh: "乡村", en: "Rural" },
});
export const OWNERSHIPS = T({ public: { zh: "公办", en: "Public" }, private: { zh: "民办", en: "Private" } });
export const UNIT_TYPES = T({
  province: { zh: "省", en: "Province" },
  city: { zh: "市", en: "City" },
  county: { zh: "县", en: "County" },
  bureau: { zh: "教育局", en: "Bureau" },
  department: { zh: "股室", en: "Department" },
  township: { zh: "乡镇", en: "Township" },
  center: { zh: "教管中心", en: "Township centre" },
  school: { zh: "学校", en: "School" },
});
export const FORM_STATUS = T({
  open: { zh: "填报中", en: "Open" },
  submitted: { zh: "已上报", en: "Submitted" },
  approved: { zh: "已审核", en: "Approved" },
  locked: { zh: "已锁定", en: "Locked" },
});
export const FORM_STATUS_COLOR: Record<FormStatus, string> = {
  open: "default",
  submitted: "processing",
  approved: "cyan",
  locked: "success",
};
export const APPROVAL_ACTIONS = T({
  submit: { zh: "上报", en: "Submit" },
  approve: { zh: "审核通过", en: "Approve" },
  return: { zh: "退回", en: "Return" },
  reopen: { zh: "重新打开", en: "Reopen" },
});
export type ApprovalAction = keyof typeof APPROVAL_ACTIONS;

export function label(table: Record<string, { zh: string; en: string }>, code: string | null | undefined, l: Locale) {
  if (!code) return "—";
  return table[code]?.[l] ?? code;
}

/** Row-level errors of an all-or-nothing upload (REGISTRY_INVALID / DATA_INVALID): details.rows. */
export function rowErrors(details: unknown): RowError[] | null {
  const rows = (details as { rows?: unknown } | null | undefined)?.rows;
  return Array.isArray(rows) ? (rows as RowError[]) : null;
}
