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
  school: { zh: "学校", en: "School" },
};

export function unitTypeName(type: string, locale: "zh" | "en" = "zh"): string {
  return UNIT_TYPES[type]?.[locale] ?? type;
}
