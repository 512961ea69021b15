// zod schemas of the indicators module, data side (registry, unit groups, data elements, collection rounds,
// data values, validation, approval): one schema serves the route, the web form and the CLI.
import { z } from "zod";

/** School types: registry code → Chinese name (the registry's Excel shows and accepts the names). */
export const SCHOOL_TYPES = {
  kindergarten: "幼儿园",
  primary: "小学",
  junior: "初中",
  nine_year: "九年一贯制",
  twelve_year: "十二年一贯制",
  complete_secondary: "完全中学",
  senior: "普通高中",
  vocational: "中职",
  special: "特殊教育",
  other: "其他",
} as const;
export type SchoolType = keyof typeof SCHOOL_TYPES;
export const SCHOOL_TYPE_CODES = Object.keys(SCHOOL_TYPES) as SchoolType[];

/** A school type given as a code or a Chinese name (高中 = 普通高中) → its code; null when unknown. */
export function schoolTypeCode(v: string | null | undefined): SchoolType | null {
  if (!v) return null;
  const s = v.trim();
  if (s in SCHOOL_TYPES) return s as SchoolType;
  if (s === "高中") return "senior";
  if (s === "九年制" || s === "九年制学校") return "nine_year";
  const hit = (Object.entries(SCHOOL_TYPES) as [SchoolType, string][]).find(([, name]) => name === s);
  return hit ? hit[0] : null;
}

export const LOCALITIES = { urban: "城区", town: "镇区", rural: "乡村" } as const;
export type Locality = keyof typeof LOCALITIES;
export const OWNERSHIPS = { public: "公办", private: "民办" } as const;

export const UNIT_TYPES = [
  "province",
  "city",
  "county",
  "bureau",
  "department",
  "township",
  "center",
  "school",
] as const;
export const UNIT_TYPE_NAMES: Record<(typeof UNIT_TYPES)[number], string> = {
  province: "省",
  city: "市",
  county: "县",
  bureau: "教育局",
  department: "股室",
  township: "乡镇",
  center: "教管中心",
  school: "学校",
};

const ZSchoolCode = z
  .string()
  .trim()
  .regex(/^\d{10}$/u, "学校标识码为 10 位数字");

export const ZIdParam = z.strictObject({ id: z.coerce.number().int().positive() });

export const ZRegistryQuery = z.strictObject({
  /** Root of the listing (default: the caller's data scope). */
  rootId: z.coerce.number().int().positive().optional(),
});

const unitFields = {
  parentId: z.number().int().positive(),
  type: z.enum(UNIT_TYPES),
  name: z.string().trim().min(1).max(100),
  code: z.string().trim().min(1).max(40).nullable().optional(),
  schoolCode: ZSchoolCode.nullable().optional(),
  schoolType: z
    .enum(SCHOOL_TYPE_CODES as [SchoolType, ...SchoolType[]])
    .nullable()
    .optional(),
  ownership: z.enum(["public", "private"]).nullable().optional(),
  inclusive: z.boolean().nullable().optional(),
  locality: z.enum(["urban", "town", "rural"]).nullable().optional(),
  active: z.boolean().optional(),
  sort: z.number().int().min(0).max(1_000_000).optional(),
};

export const ZCreateRegistryUnit = z.strictObject(unitFields);
export const ZUpdateRegistryUnit = z.strictObject({
  version: z.number().int().positive(),
  ...Object.fromEntries(Object.entries(unitFields).map(([k, v]) => [k, v.optional()])),
} as { version: z.ZodNumber } & { [K in keyof typeof unitFields]: z.ZodOptional<(typeof unitFields)[K]> });

export const ZUnitGroup = z.strictObject({
  name: z.string().trim().min(1).max(100),
  description: z.string().trim().max(500).optional(),
  unitIds: z.array(z.number().int().positive()).max(20_000),
});
export const ZUpdateUnitGroup = ZUnitGroup.partial().extend({ version: z.number().int().positive() });

/** 'YYYY' (school year / annual), 'YYYYQn', 'YYYYMM'. */
export const ZPeriod = z
  .string()
  .trim()
  .regex(/^(19|20)\d{2}(Q[1-4]|0[1-9]|1[0-2])?$/u, "统计期为 YYYY、YYYYQn 或 YYYYMM");

export const ZCreateRound = z.strictObject({
  dataSetId: z.number().int().positive(),
  name: z.string().trim().min(1).max(100),
  period: ZPeriod,
  /** The subtree whose units get the form (default: the caller's county). */
  rootUnitId: z.number().int().positive().optional(),
  opensOn: z.iso.date(),
  dueOn: z.iso.date(),
});

export const ZRoundUnitParams = z.strictObject({
  id: z.coerce.number().int().positive(),
  unitId: z.coerce.number().int().positive(),
});

/** One cell of the entry grid; value null deletes it. */
export const ZValueCell = z.strictObject({
  elementId: z.number().int().positive(),
  category: z.string().max(50).default(""),
  value: z.number().finite().nullable(),
});
export const ZPutValues = z.strictObject({ values: z.array(ZValueCell).min(1).max(5000) });

export const ZReason = z.strictObject({ reason: z.string().trim().min(1).max(500) });
export const ZOptionalReason = z.strictObject({ reason: z.string().trim().max(500).optional() });

export const ZValidationQuery = z.strictObject({
  /** Subtree root (default: the caller's scope within the round). */
  unitId: z.coerce.number().int().positive().optional(),
});

export const ZCreateRule = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9_]{1,40}$/u),
  name: z.string().trim().min(1).max(200),
  left: z.string().trim().min(1).max(500),
  op: z.enum(["<=", "<", "=", ">=", ">", "!="]),
  right: z.string().trim().min(1).max(500),
  importance: z.enum(["error", "warning"]).default("error"),
});

/** Close or re-open a collection round (采集轮次): the round's version guards against a stale page. */
export const ZRoundVersion = z.strictObject({ version: z.number().int().positive() });

const ZCategories = z
  .array(z.string().trim().min(1).max(50))
  .max(50)
  .refine((a) => new Set(a).size === a.length, "分类不能重复");

const elementFields = {
  name: z.string().trim().min(1).max(100),
  valueType: z.enum(["integer", "number"]),
  /** 'last' = 时点 (a stock), 'sum' = 时期 (a flow). */
  timeAggregation: z.enum(["last", "sum"]),
  categories: ZCategories,
  entryLevel: z.enum(["school", "township", "county"]),
  /** School types that report it; empty = all. */
  appliesTo: z.array(z.enum(SCHOOL_TYPE_CODES as [SchoolType, ...SchoolType[]])).max(20),
  unit: z.string().trim().max(20),
  description: z.string().trim().max(500),
};

/** A custom data element (数据项); the code is UPPER_SNAKE and unique. */
export const ZCreateElement = z.strictObject({
  code: z
    .string()
    .trim()
    .regex(/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/u, "代码为大写字母、数字和下划线（如 LIBRARY_BOOKS）")
    .max(40),
  ...elementFields,
  categories: elementFields.categories.default([]),
  appliesTo: elementFields.appliesTo.default([]),
  unit: elementFields.unit.default(""),
  description: elementFields.description.default(""),
});
export const ZUpdateElement = z.strictObject({
  version: z.number().int().positive(),
  name: elementFields.name.optional(),
  valueType: elementFields.valueType.optional(),
  timeAggregation: elementFields.timeAggregation.optional(),
  categories: elementFields.categories.optional(),
  entryLevel: elementFields.entryLevel.optional(),
  appliesTo: elementFields.appliesTo.optional(),
  unit: elementFields.unit.optional(),
  description: elementFields.description.optional(),
});
export const ZAddSetElement = z.strictObject({
  elementId: z.number().int().positive(),
  sort: z.number().int().min(0).max(100_000).optional(),
});

// ---- response shapes (the server's rows as the API returns them; the web imports them with `import type`)

/** An org unit with its registry attributes (学校名录). */
export interface RegistryUnit {
  id: number;
  parentId: number | null;
  type: string;
  name: string;
  code: string | null;
  path: string;
  schoolCode: string | null;
  schoolType: string | null;
  ownership: "public" | "private" | null;
  inclusive: boolean | null;
  locality: "urban" | "town" | "rural" | null;
  active: boolean;
  sort: number;
  version: number;
}

/** A data element (数据项), built-in or added by county staff. */
export interface DataElement {
  id: number;
  code: string;
  name: string;
  valueType: "integer" | "number";
  timeAggregation: "last" | "sum";
  categories: string[];
  entryLevel: "school" | "township" | "county";
  appliesTo: string[];
  unit: string;
  description: string;
  builtin: boolean;
  version: number;
}

/** A collection round (采集轮次) with its data set and root unit. */
export interface CollectionRound {
  id: number;
  dataSetId: number;
  dataSetName: string;
  name: string;
  period: string;
  rootUnitId: number;
  rootPath: string;
  rootName: string;
  opensOn: string;
  dueOn: string;
  status: "open" | "closed";
  createdAt: string;
  version: number;
}
