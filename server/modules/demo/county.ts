// The demo county, as data: 青川县 and its education bureau, departments, 教管中心 and schools, and one
// account per role. Fictional (names and 学校标识码 are invented); shaped like a real county in western China.

export const COUNTY = "青川县";
export const BUREAU = "青川县教育局";

/** 股室, in the order a bureau lists them. 办公室 and 督导室 report to the bureau leader directly. */
export const DEPARTMENTS = [
  "办公室",
  "基础教育股",
  "学前教育股",
  "人事股",
  "计财股",
  "督导室",
  "安全股",
  "德育股",
  "教研室",
  "教师发展中心",
  "发展规划股",
  "民办教育管理股",
  // the demo plan calls it 职业与成人教育股 (the vocational and adult education section)
  "职业与成人教育股",
  "校外培训监管股",
] as const;
export type DepartmentName = (typeof DEPARTMENTS)[number];

export const TOWNSHIPS = [
  "城关镇教管中心",
  "青溪镇教管中心",
  "木鱼镇教管中心",
  "白石乡教管中心",
  "桥楼乡教管中心",
] as const;
export type TownshipName = (typeof TOWNSHIPS)[number];

export type SchoolType = "幼儿园" | "小学" | "初中" | "九年一贯制" | "完全中学" | "普通高中" | "中职" | "特殊教育";

export interface DemoSchool {
  name: string;
  type: SchoolType;
  ownership: "public" | "private";
  /** null: run by the county bureau directly (县直学校) */
  township: TownshipName | null;
  /** 学校标识码, 10 digits */
  code: string;
}

const school = (
  n: number,
  name: string,
  type: SchoolType,
  township: TownshipName | null,
  ownership: "public" | "private" = "public",
): DemoSchool => ({ name, type, ownership, township, code: `21510320${String(n).padStart(2, "0")}` });

export const SCHOOLS: DemoSchool[] = [
  // 县直
  school(1, "青川县第一高级中学", "普通高中", null),
  school(2, "青川中学", "完全中学", null),
  school(3, "青川县职业高级中学", "中职", null),
  school(4, "青川县特殊教育学校", "特殊教育", null),
  school(5, "青川县实验小学", "小学", null),
  school(6, "青川县机关幼儿园", "幼儿园", null),
  school(7, "青川县育才实验学校", "九年一贯制", null, "private"),
  school(8, "青川县博雅高级中学", "普通高中", null, "private"),
  // 城关镇
  school(9, "城关镇第一小学", "小学", "城关镇教管中心"),
  school(10, "城关镇第二小学", "小学", "城关镇教管中心"),
  school(11, "城关镇初级中学", "初中", "城关镇教管中心"),
  school(12, "城关镇中心幼儿园", "幼儿园", "城关镇教管中心"),
  school(13, "青川县阳光幼儿园", "幼儿园", "城关镇教管中心", "private"),
  school(14, "城关镇启明星幼儿园", "幼儿园", "城关镇教管中心", "private"),
  // 青溪镇
  school(15, "青溪镇中心小学", "小学", "青溪镇教管中心"),
  school(16, "青溪镇初级中学", "初中", "青溪镇教管中心"),
  school(17, "青溪镇中心幼儿园", "幼儿园", "青溪镇教管中心"),
  school(18, "青溪镇落衣沟村小学", "小学", "青溪镇教管中心"),
  // 木鱼镇
  school(19, "木鱼镇九年制学校", "九年一贯制", "木鱼镇教管中心"),
  school(20, "木鱼镇中心幼儿园", "幼儿园", "木鱼镇教管中心"),
  school(21, "木鱼镇红光小学", "小学", "木鱼镇教管中心"),
  school(22, "木鱼镇博文学校", "九年一贯制", "木鱼镇教管中心", "private"),
  // 白石乡
  school(23, "白石乡九年一贯制学校", "九年一贯制", "白石乡教管中心"),
  school(24, "白石乡中心幼儿园", "幼儿园", "白石乡教管中心"),
  school(25, "白石乡金桥小学", "小学", "白石乡教管中心"),
  // 桥楼乡
  school(26, "桥楼乡中心小学", "小学", "桥楼乡教管中心"),
  school(27, "桥楼乡初级中学", "初中", "桥楼乡教管中心"),
  school(28, "桥楼乡中心幼儿园", "幼儿园", "桥楼乡教管中心"),
  school(29, "桥楼乡七一小学", "小学", "桥楼乡教管中心"),
  school(30, "桥楼乡童心幼儿园", "幼儿园", "桥楼乡教管中心", "private"),
];

export type DemoRole = "admin" | "leader" | "deputy" | "staff" | "township" | "school" | "inspector" | "observer";

export interface DemoUser {
  username: string;
  displayName: string;
  role: DemoRole;
  /** The unit by name: the county, the bureau, a department, a township or a school. */
  unit: string;
  /** Deputy leaders (分管领导): the departments in their charge. */
  departments?: DepartmentName[];
}

export const USERS: DemoUser[] = [
  { username: "admin", displayName: "系统管理员", role: "admin", unit: COUNTY },
  { username: "juzhang", displayName: "王建国（局长）", role: "leader", unit: BUREAU },
  {
    username: "fujuzhang.li",
    displayName: "李明华（副局长）",
    role: "deputy",
    unit: BUREAU,
    departments: ["基础教育股", "学前教育股", "教研室", "教师发展中心", "德育股", "校外培训监管股"],
  },
  {
    username: "fujuzhang.zhang",
    displayName: "张卫东（副局长）",
    role: "deputy",
    unit: BUREAU,
    departments: ["计财股", "人事股", "安全股", "发展规划股", "民办教育管理股", "职业与成人教育股"],
  },
  { username: "bangongshi", displayName: "赵丽（办公室）", role: "staff", unit: "办公室" },
  { username: "jichu", displayName: "刘芳（基础教育股）", role: "staff", unit: "基础教育股" },
  { username: "jicai", displayName: "陈刚（计财股）", role: "staff", unit: "计财股" },
  { username: "renshi", displayName: "周敏（人事股）", role: "staff", unit: "人事股" },
  { username: "anquan", displayName: "孙涛（安全股）", role: "staff", unit: "安全股" },
  { username: "jiaoshi", displayName: "吴静（教师发展中心）", role: "staff", unit: "教师发展中心" },
  { username: "guihua", displayName: "郑伟（发展规划股）", role: "staff", unit: "发展规划股" },
  { username: "xiaowai", displayName: "何洁（校外培训监管股）", role: "staff", unit: "校外培训监管股" },
  { username: "zhicheng", displayName: "冯军（职业与成人教育股）", role: "staff", unit: "职业与成人教育股" },
  { username: "jiaoyan", displayName: "许磊（教研室）", role: "staff", unit: "教研室" },
  { username: "chengguan", displayName: "马强（城关镇教管中心）", role: "township", unit: "城关镇教管中心" },
  { username: "qingxi", displayName: "杨红（青溪镇教管中心）", role: "township", unit: "青溪镇教管中心" },
  { username: "yizhong", displayName: "黄志（第一高级中学）", role: "school", unit: "青川县第一高级中学" },
  { username: "zhigao", displayName: "林海（职业高级中学）", role: "school", unit: "青川县职业高级中学" },
  { username: "shiyanxiaoxue", displayName: "朱琳（实验小学）", role: "school", unit: "青川县实验小学" },
  { username: "chengguanyou", displayName: "罗娟（城关镇中心幼儿园）", role: "school", unit: "城关镇中心幼儿园" },
  { username: "muyu", displayName: "唐勇（木鱼镇九年制学校）", role: "school", unit: "木鱼镇九年制学校" },
  { username: "duxue", displayName: "韩冬（督学）", role: "inspector", unit: "督导室" },
  { username: "guancha", displayName: "曹宁（人大观察员）", role: "observer", unit: BUREAU },
];
