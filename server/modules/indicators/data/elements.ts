// The built-in data elements of the annual school census (教育事业统计) and the population figures the
// indicator catalogue needs, with their codes. Migration 002 inserts the same rows (a test checks that the
// database and this list agree). Indicator formulas refer to the codes.

export type ValueType = "integer" | "number";
/** 'last' = a stock (在校生数 at the 统计时点 9月1日: the last value in the period); 'sum' = a flow (毕业生数, 经费支出). */
export type TimeAggregation = "last" | "sum";
/** Where a value is entered: schools, 乡镇/教管中心 (population), or the county (population, other agencies' data). */
export type EntryLevel = "school" | "township" | "county";

export interface ElementDef {
  code: string;
  name: string;
  valueType: ValueType;
  timeAggregation: TimeAggregation;
  /** Disaggregation options; [] = one value. The element's total is the sum over its categories. */
  categories: readonly string[];
  entryLevel: EntryLevel;
  /** School types (registry codes) that report it; [] = every school (or not a school element). */
  appliesTo: readonly string[];
  /** Unit of measure, for display (人, 元, 平方米 …). */
  unit: string;
  description: string;
}

const PRIMARY_GRADES = ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"] as const;
const JUNIOR_GRADES = ["七年级", "八年级", "九年级"] as const;
const KG = ["kindergarten"];
const PRIMARY = ["primary", "nine_year", "twelve_year"];
const JUNIOR = ["junior", "nine_year", "twelve_year", "complete_secondary"];
const SENIOR = ["senior", "complete_secondary", "twelve_year"];
const COMPULSORY = ["primary", "junior", "nine_year", "twelve_year", "complete_secondary", "special"];

const el = (
  code: string,
  name: string,
  o: Partial<Omit<ElementDef, "code" | "name">> & { description: string },
): ElementDef => ({
  code,
  name,
  valueType: o.valueType ?? "integer",
  timeAggregation: o.timeAggregation ?? "last",
  categories: o.categories ?? [],
  entryLevel: o.entryLevel ?? "school",
  appliesTo: o.appliesTo ?? [],
  unit: o.unit ?? "人",
  description: o.description,
});

export const BUILTIN_ELEMENTS: readonly ElementDef[] = [
  // enrolment (stocks at 9月1日)
  el("ENROLL_KG", "在园幼儿数", { appliesTo: KG, description: "统计时点（9月1日）在园幼儿数；公办/民办、普惠性由学校登记信息区分" }),
  el("ENROLL_PRIMARY", "小学在校生数", {
    appliesTo: PRIMARY,
    categories: PRIMARY_GRADES,
    description: "统计时点小学在校生数，按年级分列",
  }),
  el("ENROLL_JUNIOR", "初中在校生数", {
    appliesTo: JUNIOR,
    categories: JUNIOR_GRADES,
    description: "统计时点初中在校生数，按年级分列",
  }),
  el("ENROLL_SENIOR", "普通高中在校生数", { appliesTo: SENIOR, description: "统计时点普通高中在校生数" }),
  el("ENROLL_VOCATIONAL", "中职在校生数", { appliesTo: ["vocational"], description: "统计时点中等职业教育在校生数" }),
  el("ENROLL_SPECIAL", "特殊教育学校在校生数", { appliesTo: ["special"], description: "特殊教育学校在校生数" }),
  // flows over the previous school year
  el("ENTRANTS_PRIMARY", "小学招生数", { appliesTo: PRIMARY, timeAggregation: "sum", description: "上一学年小学一年级招生数" }),
  el("ENTRANTS_JUNIOR", "初中招生数", { appliesTo: JUNIOR, timeAggregation: "sum", description: "上一学年初中一年级招生数" }),
  el("GRAD_JUNIOR", "初中毕业生数", {
    appliesTo: JUNIOR,
    timeAggregation: "sum",
    description: "上一学年初中毕业生数（九年义务教育巩固率的分子）",
  }),
  el("COHORT_BASE", "毕业年级入小学一年级时学生数", {
    appliesTo: JUNIOR,
    description: "本届初中毕业生九年前入小学一年级时的学生数（含正常流动生）；九年义务教育巩固率的分母",
  }),
  el("NEW_PLACES", "新增学位数", { timeAggregation: "sum", unit: "个", description: "本学年新建、改扩建新增的学位数" }),
  // teachers and staff
  el("STAFF", "教职工数", { description: "统计时点教职工总数" }),
  el("TEACHERS", "专任教师数", { description: "统计时点专任教师数" }),
  el("TEACHERS_BACHELOR", "本科及以上学历专任教师数", { description: "专任教师中本科及以上学历人数" }),
  el("TEACHERS_ABOVE_REQ", "高于规定学历专任教师数", {
    description: "学历高于规定学历的专任教师数（小学专科及以上、初中本科及以上）；优质均衡指标",
  }),
  el("TEACHERS_BACKBONE", "县级及以上骨干教师数", { description: "县级及以上骨干教师数；优质均衡指标" }),
  el("TEACHERS_PE_ART", "体育艺术专任教师数", { description: "体育、艺术（美术、音乐）专任教师数；优质均衡指标" }),
  // buildings, equipment, classes
  el("CLASSES", "班数", { unit: "个", description: "统计时点教学班数" }),
  el("LARGE_CLASSES", "大班额班数", { unit: "个", description: "56人及以上的班数" }),
  el("BUILDING_AREA", "校舍建筑面积", { valueType: "number", unit: "平方米", description: "校舍建筑面积" }),
  el("TEACHING_ROOM_AREA", "教学及辅助用房面积", {
    valueType: "number",
    unit: "平方米",
    description: "教学及辅助用房面积；优质均衡指标（生均）",
  }),
  el("SPORTS_AREA", "体育运动场馆面积", { valueType: "number", unit: "平方米", description: "体育运动场（馆）面积；优质均衡指标（生均）" }),
  el("EQUIPMENT_VALUE", "教学仪器设备值", { valueType: "number", unit: "元", description: "教学仪器设备资产值；优质均衡指标（生均）" }),
  el("MULTIMEDIA_ROOMS", "网络多媒体教室数", { unit: "间", description: "网络多媒体教室数；优质均衡指标（每百名学生）" }),
  // finance (a flow over the year)
  el("FUNDS_PUBLIC", "公用经费支出", {
    valueType: "number",
    timeAggregation: "sum",
    unit: "元",
    description: "一般公共预算公用经费支出（教育经费统计）",
  }),
  // special education
  el("DISABLED_ENROLLED", "在校残疾学生数", {
    appliesTo: COMPULSORY,
    categories: ["男", "女"],
    description: "在校（含随班就读）的残疾学生数，按性别分列",
  }),
  el("DISABLED_HOME_TAUGHT", "送教上门残疾学生数", { appliesTo: ["special", "primary", "nine_year"], description: "接受送教上门的适龄残疾儿童少年数" }),
  // population denominators, from other agencies (公安户籍、统计、残联), entered by townships or the county
  el("POP_3_5", "3–5岁适龄人口", { entryLevel: "township", description: "3–5周岁适龄儿童数（学前三年毛入园率的分母）" }),
  el("POP_6_11", "6–11岁适龄人口", { entryLevel: "township", description: "6–11周岁适龄儿童数" }),
  el("POP_12_14", "12–14岁适龄人口", { entryLevel: "township", description: "12–14周岁适龄少年数" }),
  el("POP_15_17", "15–17岁适龄人口", { entryLevel: "county", description: "15–17周岁适龄人口（高中阶段毛入学率的分母）" }),
  el("POP_15_18", "15–18岁适龄人口", { entryLevel: "county", description: "15–18周岁适龄人口（部分省份口径）" }),
  el("DISABLED_CHILDREN", "适龄残疾儿童少年数", {
    entryLevel: "county",
    description: "6–15周岁适龄残疾儿童少年数（残联数据；适龄残疾儿童少年入学率的分母）",
  }),
];

/** The built-in data set: every element above, collected once a year (period 'YYYY' = the school year starting in YYYY). */
export const CENSUS_DATA_SET = {
  code: "EDU_CENSUS",
  name: "教育事业统计",
  periodType: "year" as const,
  elements: BUILTIN_ELEMENTS.map((e) => e.code),
};

export interface RuleDef {
  code: string;
  name: string;
  left: string;
  op: "<=" | "<" | "=" | ">=" | ">" | "!=";
  right: string;
  importance: "error" | "warning";
}

export const BUILTIN_RULES: readonly RuleDef[] = [
  { code: "R_TEACHERS_BACHELOR", name: "本科及以上学历专任教师数 ≤ 专任教师数", left: "TEACHERS_BACHELOR", op: "<=", right: "TEACHERS", importance: "error" },
  { code: "R_TEACHERS_ABOVE_REQ", name: "高于规定学历专任教师数 ≤ 专任教师数", left: "TEACHERS_ABOVE_REQ", op: "<=", right: "TEACHERS", importance: "error" },
  { code: "R_TEACHERS_BACKBONE", name: "骨干教师数 ≤ 专任教师数", left: "TEACHERS_BACKBONE", op: "<=", right: "TEACHERS", importance: "error" },
  { code: "R_TEACHERS_PE_ART", name: "体育艺术专任教师数 ≤ 专任教师数", left: "TEACHERS_PE_ART", op: "<=", right: "TEACHERS", importance: "error" },
  { code: "R_TEACHERS_STAFF", name: "专任教师数 ≤ 教职工数", left: "TEACHERS", op: "<=", right: "STAFF", importance: "error" },
  { code: "R_LARGE_CLASSES", name: "大班额班数 ≤ 班数", left: "LARGE_CLASSES", op: "<=", right: "CLASSES", importance: "error" },
  { code: "R_ROOM_AREA", name: "教学及辅助用房面积 ≤ 校舍建筑面积", left: "TEACHING_ROOM_AREA", op: "<=", right: "BUILDING_AREA", importance: "error" },
  { code: "R_GRAD_COHORT", name: "初中毕业生数不超过入学时学生数的1.2倍", left: "GRAD_JUNIOR", op: "<=", right: "COHORT_BASE * 1.2", importance: "warning" },
  { code: "R_POP_15", name: "15–18岁人口 ≥ 15–17岁人口", left: "POP_15_18", op: ">=", right: "POP_15_17", importance: "warning" },
];

export const ELEMENT_CODES: readonly string[] = BUILTIN_ELEMENTS.map((e) => e.code);
