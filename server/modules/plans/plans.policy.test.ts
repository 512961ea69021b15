// The visibility and editing rules, pure: every role against tasks inside and outside their reach.
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "../../platform/actor.ts";
import {
  canSeeTask,
  isCoUnitMember,
  isLeadUnitMember,
  isPlanEditor,
  parentPath,
  seesWholePlan,
} from "./plans.policy.ts";

// /1/ county, /1/2/ bureau, /1/2/3/ department 基础教育股, /1/2/4/ department 安全股,
// /1/2/5/ township, /1/2/5/6/ school, /1/2/7/ other township, /1/2/7/8/ other school, /9/10/ other bureau
const actor = (role: Role, orgPath: string, scopePath: string, departmentIds: number[] = []): Actor => ({
  id: 100,
  username: role,
  displayName: role,
  role,
  orgUnitId: Number(orgPath.split("/").filter(Boolean).at(-1)),
  orgPath,
  scopePath,
  departmentIds,
  csrfToken: "x",
});
const A = {
  admin: actor("admin", "/1/", "/"),
  leader: actor("leader", "/1/2/", "/1/2/"),
  deputy: actor("deputy", "/1/2/", "/1/2/", [3]),
  staff: actor("staff", "/1/2/3/", "/1/2/3/"),
  inspector: actor("inspector", "/1/2/", "/1/2/"),
  observer: actor("observer", "/1/2/", "/1/2/"),
  township: actor("township", "/1/2/5/", "/1/2/5/"),
  school: actor("school", "/1/2/5/6/", "/1/2/5/6/"),
  otherSchool: actor("school", "/1/2/7/8/", "/1/2/7/8/"),
  outsider: actor("leader", "/9/10/", "/9/10/"),
};
const task = (leadUnitPath: string | null, coUnitPaths: string[] = [], deputyUserId: number | null = null) => ({
  id: 1,
  planId: 1,
  planUnitPath: "/1/2/",
  leadUnitId: leadUnitPath ? Number(leadUnitPath.split("/").filter(Boolean).at(-1)) : null,
  leadUnitPath,
  coUnitIds: coUnitPaths.map((p) => Number(p.split("/").filter(Boolean).at(-1))),
  coUnitPaths,
  deputyUserId,
  state: "assigned",
  version: 1,
  deadline: null,
  title: "t",
});

describe("plans policy", () => {
  it("lets the bureau's people see the bureau's plan whole; schools, townships and outsiders not", () => {
    const whole = Object.entries(A)
      .filter(([, a]) => seesWholePlan(a, "/1/2/"))
      .map(([k]) => k);
    expect(whole).toEqual(["admin", "leader", "deputy", "staff", "inspector", "observer"]);
  });

  it("lets schools and townships see tasks that reach their subtree, as lead or co-unit", () => {
    const toSchool = task("/1/2/5/6/");
    expect(canSeeTask(A.school, toSchool)).toBe(true);
    expect(canSeeTask(A.township, toSchool)).toBe(true);
    expect(canSeeTask(A.otherSchool, toSchool)).toBe(false);
    expect(canSeeTask(A.outsider, toSchool)).toBe(false);
    const coSchool = task("/1/2/3/", ["/1/2/5/6/"]);
    expect(canSeeTask(A.school, coSchool)).toBe(true);
    expect(canSeeTask(A.otherSchool, coSchool)).toBe(false);
    const toTownship = task("/1/2/5/");
    expect(canSeeTask(A.township, toTownship)).toBe(true);
    expect(canSeeTask(A.school, toTownship)).toBe(false);
  });

  it("lets a deputy outside the plan's scope see tasks they are responsible for or that their departments lead", () => {
    const remote = actor("deputy", "/9/10/", "/9/10/", [3]);
    expect(canSeeTask(remote, task("/1/2/3/"))).toBe(true);
    expect(canSeeTask(remote, task("/1/2/4/"))).toBe(false);
    expect(canSeeTask(remote, task("/1/2/4/", [], 100))).toBe(true);
  });

  it("gives editing to admin, leader and deputy in scope, and staff of the bureau; never to readers", () => {
    const editors = Object.entries(A)
      .filter(([, a]) => isPlanEditor(a, "/1/2/"))
      .map(([k]) => k);
    expect(editors).toEqual(["admin", "leader", "deputy", "staff"]);
    expect(isPlanEditor(A.staff, "/1/2/3/")).toBe(true); // their own department's plan
    expect(isPlanEditor(A.staff, "/1/2/4/")).toBe(false); // another department's plan
    expect(isPlanEditor(A.leader, "/9/10/")).toBe(false);
    expect(parentPath("/1/2/3/")).toBe("/1/2/");
    expect(parentPath("/1/")).toBeNull();
  });

  it("tells lead and co-unit members apart", () => {
    const tk = task("/1/2/5/6/", ["/1/2/3/"]);
    expect(isLeadUnitMember(A.school, tk)).toBe(true);
    expect(isLeadUnitMember(A.township, tk)).toBe(false);
    expect(isCoUnitMember(A.staff, tk)).toBe(true);
    expect(isCoUnitMember(A.school, tk)).toBe(false);
    expect(isCoUnitMember(A.staff, { coUnitPaths: ["/1/2/3/"] })).toBe(true);
  });
});
