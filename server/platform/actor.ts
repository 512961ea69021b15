// Who is asking: the logged-in user with what their scope checks need. Built once per request.
export type Role = "admin" | "leader" | "deputy" | "staff" | "township" | "school" | "inspector" | "observer";

export const ROLES: readonly Role[] = [
  "admin",
  "leader",
  "deputy",
  "staff",
  "township",
  "school",
  "inspector",
  "observer",
];

export const ROLE_NAMES: Record<Role, string> = {
  admin: "系统管理员",
  leader: "主要领导",
  deputy: "分管领导",
  staff: "股室人员",
  township: "乡镇/教管中心",
  school: "学校",
  inspector: "督学",
  observer: "只读观察员",
};

export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  orgUnitId: number;
  /** Path of the user's own unit, "/1/4/". */
  orgPath: string;
  /**
   * Path of the subtree the user sees: their own unit, or for bureau-wide roles (leader, deputy,
   * inspector) the bureau their unit belongs to.
   */
  scopePath: string;
  /** For a deputy leader: the departments in their charge. */
  departmentIds: number[];
  csrfToken: string;
}

/** Is the unit with this path inside the subtree rooted at `root`? */
export function inSubtree(path: string | null | undefined, root: string): boolean {
  return !!path && path.startsWith(root);
}
