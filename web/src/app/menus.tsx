// The left menu: which entries each role sees. Derived from the server's policies: plan editors
// (admin, leader, deputy, staff) import; schools and townships see the tasks that reach them; the
// supervision board and dashboard are for the bureau's roles; administration is for the admin only.
import type { ReactNode } from "react";
import {
  AppstoreOutlined,
  ApartmentOutlined,
  BarChartOutlined,
  CloudUploadOutlined,
  DatabaseOutlined,
  FormOutlined,
  FundOutlined,
  HomeOutlined,
  ProfileOutlined,
  SafetyCertificateOutlined,
  SettingOutlined,
  TeamOutlined,
} from "@ant-design/icons";
import type { Role } from "./session.tsx";

export interface MenuEntry {
  key: string;
  path?: string;
  icon?: ReactNode;
  zh: string;
  en: string;
  roles: readonly Role[];
  children?: MenuEntry[];
  /** Reserved for a later issue: not shown until its pages exist. */
  reserved?: boolean;
}

const ALL: readonly Role[] = ["admin", "leader", "deputy", "staff", "township", "school", "inspector", "observer"];
const EDITORS: readonly Role[] = ["admin", "leader", "deputy", "staff"];
const BUREAU: readonly Role[] = ["admin", "leader", "deputy", "staff", "inspector", "observer"];

export const MENU: MenuEntry[] = [
  { key: "/", path: "/", icon: <HomeOutlined />, zh: "我的工作台", en: "My work", roles: ALL },
  {
    key: "/import",
    path: "/import",
    icon: <CloudUploadOutlined />,
    zh: "导入工作要点",
    en: "Import plan",
    roles: EDITORS,
  },
  { key: "/plans", path: "/plans", icon: <ProfileOutlined />, zh: "工作计划", en: "Plans", roles: ALL },
  {
    key: "/supervision",
    path: "/supervision",
    icon: <SafetyCertificateOutlined />,
    zh: "督查督办",
    en: "Supervision",
    roles: BUREAU,
  },
  { key: "/dashboard", path: "/dashboard", icon: <BarChartOutlined />, zh: "数据看板", en: "Dashboard", roles: BUREAU },
  {
    key: "/indicators",
    path: "/indicators",
    icon: <FundOutlined />,
    zh: "指标监测",
    en: "Indicators",
    roles: BUREAU,
  },
  {
    key: "/data/rounds",
    path: "/data/rounds",
    icon: <FormOutlined />,
    zh: "数据采集",
    en: "Data collection",
    roles: ALL,
  },
  {
    key: "/registry",
    path: "/registry",
    icon: <DatabaseOutlined />,
    zh: "学校名录",
    en: "School registry",
    roles: BUREAU,
  },
  {
    key: "/admin",
    icon: <SettingOutlined />,
    zh: "系统管理",
    en: "Administration",
    roles: ["admin"],
    children: [
      {
        key: "/admin/orgs",
        path: "/admin/orgs",
        icon: <ApartmentOutlined />,
        zh: "组织机构",
        en: "Organisation",
        roles: ["admin"],
      },
      {
        key: "/admin/users",
        path: "/admin/users",
        icon: <TeamOutlined />,
        zh: "用户管理",
        en: "Users",
        roles: ["admin"],
      },
    ],
  },
];

export const FALLBACK_ICON = <AppstoreOutlined />;

/** The entries a role sees (reserved ones hidden). */
export function menuFor(role: Role): MenuEntry[] {
  const keep = (e: MenuEntry): MenuEntry | null => {
    if (e.reserved || !e.roles.includes(role)) return null;
    if (!e.children) return e;
    const children = e.children.map(keep).filter((c): c is MenuEntry => c !== null);
    return children.length ? { ...e, children } : null;
  };
  return MENU.map(keep).filter((e): e is MenuEntry => e !== null);
}

/** May this role open this path? (the router's guard uses the same table) */
export function mayOpen(role: Role, pathname: string): boolean {
  const flat = MENU.flatMap((e) => [e, ...(e.children ?? [])]).filter((e) => e.path && e.path !== "/");
  const hit = flat
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path!.length - a.path!.length)[0];
  return !hit || hit.roles.includes(role);
}

/** The selected menu key for a path: "/plans/3" → "/plans". */
export function selectedKey(pathname: string): string {
  if (pathname === "/") return "/";
  if (pathname.startsWith("/tasks/")) return "/plans";
  const flat = MENU.flatMap((e) => [e, ...(e.children ?? [])]).filter((e) => e.path && e.path !== "/");
  const hit = flat
    .filter((e) => pathname === e.path || pathname.startsWith(`${e.path}/`))
    .sort((a, b) => b.path!.length - a.path!.length)[0];
  return hit?.key ?? pathname;
}
