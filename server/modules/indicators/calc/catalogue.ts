// The built-in indicator catalogue: Chinese education indicators with their official definitions, as
// numerator/denominator expressions over data element codes (server/modules/indicators/data/elements.ts),
// and the threshold sets of 督导评估 as target templates. docs/indicators.md lists them with sources.
// Migration 003 inserts one `indicators` row per entry (a test checks the two agree).

export type IndicatorKind = "ratio" | "count" | "cv";

interface Base {
  code: string;
  name: string;
  /** The name in the English UI (built-ins; a custom indicator has its Chinese name only). */
  nameEn?: string;
  /** Display unit: %, 元, 个, :1 (ratio X:1), or "" for a coefficient. */
  unit: string;
  decimals: number;
  /** Other names the plan documents use for it (target matching). */
  synonyms: readonly string[];
  definition: string;
  source: string;
  /** School level, for per-level indicators (生师比, 差异系数). */
  level?: "kindergarten" | "primary" | "junior" | "senior";
}

/** Σ numerator / Σ denominator × factor at every level; a count has no denominator. */
export interface RatioDef extends Base {
  kind: "ratio" | "count";
  numerator: string;
  denominator: string | null;
  factor: number;
  /** Parameters with their defaults, substituted into the expressions ({ageBand}). */
  params?: Record<string, { default: string; allowed: readonly string[]; label: string }>;
}

/**
 * 校际差异系数 (教督〔2017〕6号): over the schools of one level in the unit's subtree, with per-school value
 * X = numerator / weight × factor and weight P = the school's enrolment:
 * X̄ = Σ(P·X)/ΣP, S = √(Σ P(X−X̄)² / ΣP), CV = S / X̄.
 */
export interface CvDef extends Base {
  kind: "cv";
  level: "primary" | "junior";
  /** Element code of the per-school resource (X's numerator). */
  numerator: string;
  /** Element code of the enrolment: X's denominator and the weight P. */
  weight: string;
  factor: number;
  /** What X is, for display (每百名学生拥有…). */
  xName: string;
}

export type IndicatorDef = RatioDef | CvDef;

const MOE = "教育部发展规划司《教育统计指标解释》（教育统计报表制度附件）";
const PUHUI = "教育部《县域学前教育普及普惠督导评估办法》（教督〔2020〕1号），第五条";
const YOUZHI = "教育部《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号），第六条";
const FINANCE = "教育部 国家统计局 财政部《全国教育经费执行情况统计公告》口径";

const ratios: RatioDef[] = [
  {
    code: "KG_GER",
    name: "学前三年毛入园率",
    nameEn: "Gross enrolment ratio, three years of preschool",
    kind: "ratio",
    numerator: "ENROLL_KG",
    denominator: "POP_3_5",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["毛入园率", "学前教育毛入园率", "学前三年毛入园率"],
    definition: "在园幼儿数 ÷ 3–5周岁适龄儿童数 × 100%。毛入园率可超过100%。",
    source: `${MOE}；${PUHUI}（≥85%）`,
  },
  {
    code: "KG_PUHUI_COVERAGE",
    name: "普惠性幼儿园覆盖率",
    nameEn: "Coverage of inclusive (普惠) kindergartens",
    kind: "ratio",
    numerator: "ENROLL_KG[filter=kg_puhui]",
    denominator: "ENROLL_KG",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["普惠性幼儿园覆盖率", "普惠园覆盖率", "普惠覆盖率", "普惠性幼儿园在园幼儿占比"],
    definition: "（公办园在园幼儿数 + 普惠性民办园在园幼儿数）÷ 在园幼儿总数 × 100%。",
    source: `${PUHUI}（≥80%）`,
  },
  {
    code: "KG_PUBLIC_SHARE",
    name: "公办园在园幼儿占比",
    nameEn: "Share of children in public kindergartens",
    kind: "ratio",
    numerator: "ENROLL_KG[filter=kg_public]",
    denominator: "ENROLL_KG",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["公办园在园幼儿占比", "公办幼儿园在园幼儿占比", "公办园占比", "公办园在园幼儿比例"],
    definition: "公办园在园幼儿数 ÷ 在园幼儿总数 × 100%。",
    source: `${PUHUI}（≥50%）`,
  },
  {
    code: "COMPULSORY_RETENTION",
    name: "九年义务教育巩固率",
    nameEn: "Nine-year compulsory education retention rate",
    kind: "ratio",
    numerator: "GRAD_JUNIOR",
    denominator: "COHORT_BASE",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["九年义务教育巩固率", "义务教育巩固率", "巩固率"],
    definition: "初中毕业班学生数 ÷ 该年级入小学一年级时的学生数（含正常流动生）× 100%。",
    source: `${MOE}；国务院教育督导委员会 义务教育基本均衡/优质均衡督导评估`,
  },
  {
    code: "HS_GER",
    name: "高中阶段毛入学率",
    nameEn: "Gross enrolment ratio, upper secondary",
    kind: "ratio",
    numerator: "ENROLL_SENIOR + ENROLL_VOCATIONAL",
    denominator: "POP_{ageBand}",
    factor: 100,
    unit: "%",
    decimals: 1,
    params: { ageBand: { default: "15_17", allowed: ["15_17", "15_18"], label: "适龄人口年龄段" } },
    synonyms: ["高中阶段毛入学率", "高中阶段教育毛入学率", "高中毛入学率"],
    definition:
      "高中阶段在校生数（普通高中 + 中等职业教育）÷ 高中阶段适龄人口 × 100%；适龄人口默认15–17周岁，可选15–18周岁（部分省份口径）。",
    source: MOE,
  },
  ...(
    [
      ["KG", "kindergarten", "幼儿园", "ENROLL_KG[filter=kg]", "kg", "kindergartens"],
      ["PRIMARY", "primary", "小学", "ENROLL_PRIMARY[filter=primary]", "primary", "primary schools"],
      ["JUNIOR", "junior", "初中", "ENROLL_JUNIOR[filter=junior]", "junior", "junior secondary schools"],
      ["SENIOR", "senior", "普通高中", "ENROLL_SENIOR[filter=senior]", "senior", "senior secondary schools"],
    ] as const
  ).map(([suffix, level, cn, num, filter, en]): RatioDef => ({
    code: `PTR_${suffix}`,
    name: `${cn}生师比`,
    nameEn: `Pupil–teacher ratio, ${en}`,
    kind: "ratio",
    numerator: suffix === "KG" ? "ENROLL_KG" : num,
    denominator: `TEACHERS[filter=${filter}]`,
    factor: 1,
    unit: ":1",
    decimals: 1,
    level,
    synonyms: [`${cn}生师比`, `${cn}师生比`],
    definition: `${cn}在校生数 ÷ ${cn}专任教师数，表示为 X:1；只计${cn}（单设）学校，九年一贯制、完全中学等教师不分学段的学校不计入。`,
    source: MOE,
  })),
  {
    code: "TEACHERS_BACHELOR_SHARE",
    name: "本科及以上学历专任教师占比",
    nameEn: "Share of full-time teachers with a bachelor's degree or above",
    kind: "ratio",
    numerator: "TEACHERS_BACHELOR",
    denominator: "TEACHERS",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["本科及以上学历专任教师占比", "本科以上学历教师占比", "本科及以上学历教师比例", "教师本科学历比例"],
    definition: "专任教师中本科及以上学历人数 ÷ 专任教师总数 × 100%。",
    source: MOE,
  },
  {
    code: "FUNDS_PER_STUDENT",
    name: "生均公用经费",
    nameEn: "Public operating funds per pupil",
    kind: "ratio",
    numerator: "FUNDS_PUBLIC",
    denominator: "ENROLL_KG + ENROLL_PRIMARY + ENROLL_JUNIOR + ENROLL_SENIOR + ENROLL_VOCATIONAL + ENROLL_SPECIAL",
    factor: 1,
    unit: "元",
    decimals: 0,
    synonyms: ["生均公用经费", "生均公用经费支出", "生均一般公共预算公用经费", "生均公用经费标准"],
    definition:
      "一般公共预算公用经费支出 ÷ 在校生数（元/生·年）。这是实际支出口径，不是财政拨款标准（标准是政府定的下限）。",
    source: FINANCE,
  },
  {
    code: "DISABLED_ENROLMENT_RATE",
    name: "适龄残疾儿童少年入学率",
    nameEn: "Enrolment rate of school-age children with disabilities",
    kind: "ratio",
    numerator: "DISABLED_ENROLLED + DISABLED_HOME_TAUGHT",
    denominator: "DISABLED_CHILDREN",
    factor: 100,
    unit: "%",
    decimals: 1,
    synonyms: ["适龄残疾儿童少年入学率", "残疾儿童少年入学率", "残疾儿童入学率", "特殊教育入学率"],
    definition: "（在校残疾学生数，含特教学校、随班就读 + 送教上门学生数）÷ 适龄残疾儿童少年数（残联数据）× 100%。",
    source: `${MOE}；《“十四五”特殊教育发展提升行动计划》（国办发〔2021〕60号）`,
  },
  {
    code: "NEW_PLACES",
    name: "新增学位数",
    nameEn: "New school places",
    kind: "count",
    numerator: "NEW_PLACES",
    denominator: null,
    factor: 1,
    unit: "个",
    decimals: 0,
    synonyms: ["新增学位", "新增学位数", "新增学位个数", "增加学位"],
    definition: "本学年新建、改扩建新增的学位数，逐级相加。",
    source: "教育事业统计（新增学位）；各地学位建设计划",
  },
];

/** The seven resource indicators of 优质均衡 whose 校际差异系数 are assessed (教督〔2017〕6号). */
const CV_RESOURCES = [
  [
    "TEACHERS_ABOVE_REQ",
    "ABOVE_REQ",
    "每百名学生拥有高于规定学历教师数",
    100,
    "teachers above the required qualification per 100 pupils",
  ],
  [
    "TEACHERS_BACKBONE",
    "BACKBONE",
    "每百名学生拥有县级及以上骨干教师数",
    100,
    "county-level or higher key teachers per 100 pupils",
  ],
  ["TEACHERS_PE_ART", "PE_ART", "每百名学生拥有体育、艺术专任教师数", 100, "PE and art teachers per 100 pupils"],
  ["TEACHING_ROOM_AREA", "ROOM_AREA", "生均教学及辅助用房面积", 1, "teaching and auxiliary floor area per pupil"],
  ["SPORTS_AREA", "SPORTS_AREA", "生均体育运动场馆面积", 1, "sports ground area per pupil"],
  ["EQUIPMENT_VALUE", "EQUIPMENT", "生均教学仪器设备值", 1, "teaching equipment value per pupil"],
  [
    "MULTIMEDIA_ROOMS",
    "MULTIMEDIA",
    "每百名学生拥有网络多媒体教室数",
    100,
    "networked multimedia classrooms per 100 pupils",
  ],
] as const;

const cvs: CvDef[] = (
  [
    ["primary", "P", "小学", "ENROLL_PRIMARY", "primary"],
    ["junior", "J", "初中", "ENROLL_JUNIOR", "junior secondary"],
  ] as const
).flatMap(([level, l, cn, weight, levelEn]) =>
  CV_RESOURCES.map(([element, key, xName, factor, xEn]): CvDef => ({
    code: `CV_${l}_${key}`,
    name: `${cn}${xName}校际差异系数`,
    nameEn: `Between-school coefficient of variation, ${levelEn}: ${xEn}`,
    kind: "cv",
    level,
    numerator: element,
    weight,
    factor,
    xName,
    unit: "",
    decimals: 3,
    synonyms: [`${cn}校际差异系数`, `${cn}差异系数`, "校际差异系数", "差异系数"],
    definition:
      `${cn}（单设${cn}）各校「${xName}」X 以在校生数 P 加权：X̄ = Σ(P·X)/ΣP，S = √(ΣP(X−X̄)²/ΣP)，差异系数 CV = S/X̄；` +
      `${level === "primary" ? "≤ 0.50" : "≤ 0.45"} 为达标。`,
    source: YOUZHI,
  })),
);

export const BUILTIN_INDICATORS: readonly IndicatorDef[] = [...ratios, ...cvs];

export function indicatorByCode(code: string): IndicatorDef | undefined {
  return BUILTIN_INDICATORS.find((d) => d.code === code);
}

// ---- threshold sets of 督导评估, selectable as target templates ----

export type ThresholdOp = ">=" | "<=" | ">" | "<";

export interface Threshold {
  indicator: string;
  op: ThresholdOp;
  value: number;
  label: string;
}

export interface TargetTemplate {
  code: string;
  name: string;
  nameEn: string;
  source: string;
  thresholds: readonly Threshold[];
}

export const TARGET_TEMPLATES: readonly TargetTemplate[] = [
  {
    code: "XUEQIAN_SHUANGPU",
    name: "县域学前教育普及普惠（学前双普）",
    nameEn: "County preschool universal and inclusive provision (学前双普)",
    source: PUHUI,
    thresholds: [
      { indicator: "KG_GER", op: ">=", value: 85, label: "学前三年毛入园率 ≥ 85%" },
      { indicator: "KG_PUHUI_COVERAGE", op: ">=", value: 80, label: "普惠性幼儿园覆盖率 ≥ 80%" },
      { indicator: "KG_PUBLIC_SHARE", op: ">=", value: 50, label: "公办园在园幼儿占比 ≥ 50%" },
    ],
  },
  {
    code: "YIWU_YOUZHI",
    name: "县域义务教育优质均衡（校际差异系数）",
    nameEn: "County high-quality balanced compulsory education (coefficients of variation)",
    source: YOUZHI,
    thresholds: cvs.map((d) => ({
      indicator: d.code,
      op: "<=" as const,
      value: d.level === "primary" ? 0.5 : 0.45,
      label: `${d.name} ≤ ${d.level === "primary" ? "0.50" : "0.45"}`,
    })),
  },
];

export function meets(value: number | null, op: ThresholdOp, threshold: number): boolean | null {
  if (value === null) return null;
  const eps = 1e-9;
  if (op === ">=") return value >= threshold - eps;
  if (op === "<=") return value <= threshold + eps;
  if (op === ">") return value > threshold;
  return value < threshold;
}
