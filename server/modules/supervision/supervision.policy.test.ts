// Who may do what: every role (and a leader of another bureau) × every supervision action, for a task
// of the bureau's plan led by a school with its township as co-unit. Visibility (404) is the plans
// module's; these are the 403 rules behind it.
import { describe, expect, it } from "vitest";
import type { Actor, Role } from "../../platform/actor.ts";
import { allowedActions, can, type PolicyTask, type SupervisionAction } from "./supervision.policy.ts";

// /1/ county, /1/2/ bureau, /1/2/3/ 基础教育股, /1/2/4/ 督导室, /1/2/5/ township, /1/2/5/6/ school,
// /1/2/7/8/ another school, /9/10/ another bureau
const actor = (role: Role, unit: number, orgPath: string, scopePath = orgPath, id = unit * 100): Actor => ({
  id,
  username: role,
  displayName: role,
  role,
  orgUnitId: unit,
  orgPath,
  scopePath,
  departmentIds: role === "deputy" ? [3] : [],
  csrfToken: "",
});
const actors: Record<string, Actor> = {
  admin: actor("admin", 1, "/1/"),
  leader: actor("leader", 2, "/1/2/"),
  deputy: actor("deputy", 2, "/1/2/", "/1/2/", 20),
  staff: actor("staff", 3, "/1/2/3/"),
  inspector: actor("inspector", 4, "/1/2/4/", "/1/2/"),
  observer: actor("observer", 2, "/1/2/"),
  township: actor("township", 5, "/1/2/5/"),
  school: actor("school", 6, "/1/2/5/6/"),
  otherschool: actor("school", 8, "/1/2/7/8/"),
  outsider: actor("leader", 10, "/9/10/"),
};
const task: PolicyTask = {
  planUnitPath: "/1/2/",
  leadUnitId: 6,
  leadUnitPath: "/1/2/5/6/",
  coUnitIds: [5],
  coUnitPaths: ["/1/2/5/"],
  deputyUserId: 20,
};

const ACTIONS: SupervisionAction[] = [
  "task.dispatch",
  "task.accept",
  "task.decline",
  "task.request_completion",
  "task.approve",
  "task.return",
  "task.reopen",
  "report.file",
  "report.review",
  "task.urge",
  "task.override",
  "order.issue",
  "order.respond",
  "order.close",
];

// one letter per action above: y = allowed
const MATRIX: Record<string, string> = {
  //           dis acc dec req app ret reo fil rev urg ovr iss rsp clo
  admin: "      y   .   .   .   y   y   y   .   y   y   y   y   .   y",
  leader: "     y   .   .   .   y   y   y   .   y   y   y   y   .   y",
  deputy: "     y   .   .   .   y   y   .   .   y   y   y   y   .   y",
  staff: "      y   .   .   .   y   y   .   .   y   y   y   .   .   .",
  inspector: "  .   .   .   .   .   .   .   .   .   y   .   y   .   y",
  observer: "   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
  township: "   .   .   .   .   .   .   .   y   .   .   .   .   .   .",
  school: "     .   y   y   y   .   .   .   y   .   .   .   .   y   .",
  otherschool: ".   .   .   .   .   .   .   .   .   .   .   .   .   .",
  outsider: "   .   .   .   .   .   .   .   .   .   .   .   .   .   .",
};

describe("supervision policy", () => {
  it.each(Object.keys(MATRIX))("%s", (name) => {
    const expected = MATRIX[name]!.trim().split(/\s+/u);
    const got = ACTIONS.map((a) => (can(actors[name]!, a, task) ? "y" : "."));
    expect(Object.fromEntries(ACTIONS.map((a, i) => [a, got[i]]))).toEqual(
      Object.fromEntries(ACTIONS.map((a, i) => [a, expected[i]])),
    );
  });

  it("offers only the transitions the state allows", () => {
    expect(allowedActions(actors.school!, { ...task, state: "assigned" })).toEqual(["accept", "decline"]);
    expect(allowedActions(actors.school!, { ...task, state: "accepted" })).toEqual(["request_completion"]);
    expect(allowedActions(actors.staff!, { ...task, state: "completion_requested" })).toEqual(["approve", "return"]);
    expect(allowedActions(actors.leader!, { ...task, state: "closed" })).toEqual(["reopen"]);
    expect(allowedActions(actors.staff!, { ...task, state: "closed" })).toEqual([]);
    expect(allowedActions(actors.observer!, { ...task, state: "draft" })).toEqual([]);
  });

  it("lets the task's own deputy review even outside the plan's scope", () => {
    const elsewhere = { ...task, planUnitPath: "/1/99/" };
    expect(can(actors.deputy!, "task.approve", elsewhere)).toBe(true);
    expect(can(actors.deputy!, "task.dispatch", elsewhere)).toBe(false);
  });
});
