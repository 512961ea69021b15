// Role names as the bureau says them (common/ROLE_NAMES on the server), and in English.
import type { Role } from "./session.tsx";

const ROLE_NAMES: Record<Role, { zh: string; en: string }> = {
  admin: { zh: "系统管理员", en: "Administrator" },
  leader: { zh: "主要领导", en: "Bureau head" },
  deputy: { zh: "分管领导", en: "Deputy head" },
  staff: { zh: "股室人员", en: "Department staff" },
  township: { zh: "乡镇/教管中心", en: "Township centre" },
  school: { zh: "学校", en: "School" },
  inspector: { zh: "督学", en: "Inspector" },
  observer: { zh: "只读观察员", en: "Observer" },
};

export const ROLES = Object.keys(ROLE_NAMES) as Role[];

export function roleName(role: Role, locale: "zh" | "en" = "zh"): string {
  return ROLE_NAMES[role]?.[locale] ?? role;
}

const UNIT_TYPES: Record<string, { zh: string; en: string }> = {
  province: { zh: "省", en: "Province" },
  city: { zh: "市", en: "City" },
  county: { zh: "县", en: "County" },
  bureau: { zh: "教育局", en: "Bureau" },
  department: { zh: "股室", en: "Department" },
  township: { zh: "乡镇", en: "Township" },
  center: { zh: "教管中心", en: "Education centre" },
  school: { zh: "学校", en: "School" },
};

export function unitTypeName(type: string, locale: "zh" | "en" = "zh"): string {
  return UNIT_TYPES[type]?.[locale] ?? type;
}

/** 办学类型: the registry's codes (common/schemas/indicators-data.ts SCHOOL_TYPES) as the bureau says them. */
const SCHOOL_TYPES: Record<string, { zh: string; en: string }> = {
  kindergarten: { zh: "幼儿园", en: "Kindergarten" },
  primary: { zh: "小学", en: "Primary school" },
  junior: { zh: "初中", en: "Junior secondary" },
  nine_year: { zh: "九年一贯制", en: "Nine-year school" },
  twelve_year: { zh: "十二年一贯制", en: "Twelve-year school" },
  complete_secondary: { zh: "完全中学", en: "Complete secondary" },
  senior: { zh: "普通高中", en: "Senior secondary" },
  vocational: { zh: "中职", en: "Vocational school" },
  special: { zh: "特殊教育", en: "Special education" },
  other: { zh: "其他", en: "Other" },
};
export const SCHOOL_TYPE_CODES = Object.keys(SCHOOL_TYPES);

/** A school type code → its name; a value that is not a code (typed by hand earlier) is shown as it is. */
export function schoolTypeName(code: string | null | undefined, locale: "zh" | "en" = "zh"): string {
  if (!code) return "—";
  return SCHOOL_TYPES[code]?.[locale] ?? code;
}
