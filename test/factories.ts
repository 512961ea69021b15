// A small county for tests: a bureau with departments, a township with schools, one user per role.
// Every password is PASSWORD; usernames are the keys of `users`.
import type { Role } from "../server/platform/actor.ts";
import type { Deps } from "../server/platform/deps.ts";
import { createUser, insertUnit, setDeputyDepartments } from "../server/modules/orgs/index.ts";

export const PASSWORD = "test-pass-2024";

export async function seedCounty(deps: Deps) {
  const { db } = deps.database;
  const county = await insertUnit(db, { parentId: null, type: "county", name: "青山县" });
  const bureau = await insertUnit(db, { parentId: county.id, type: "bureau", name: "青山县教育局" });
  const dept = {
    basic: await insertUnit(db, { parentId: bureau.id, type: "department", name: "基础教育股" }),
    finance: await insertUnit(db, { parentId: bureau.id, type: "department", name: "计财股" }),
    safety: await insertUnit(db, { parentId: bureau.id, type: "department", name: "安全股" }),
    inspection: await insertUnit(db, { parentId: bureau.id, type: "department", name: "督导室" }),
  };
  const township = await insertUnit(db, { parentId: bureau.id, type: "township", name: "东坡镇教管中心" });
  const school = await insertUnit(db, {
    parentId: township.id,
    type: "school",
    name: "东坡镇中心小学",
    code: "2142000001",
    schoolType: "小学",
    ownership: "public",
  });
  const otherTownship = await insertUnit(db, { parentId: bureau.id, type: "township", name: "西岭乡教管中心" });
  const otherSchool = await insertUnit(db, {
    parentId: otherTownship.id,
    type: "school",
    name: "西岭乡中学",
    code: "2142000002",
    schoolType: "初中",
    ownership: "public",
  });
  const otherCounty = await insertUnit(db, { parentId: null, type: "county", name: "白水县" });
  const otherBureau = await insertUnit(db, { parentId: otherCounty.id, type: "bureau", name: "白水县教育局" });

  const make = async (username: string, role: Role, orgUnitId: number) =>
    (await createUser(null, { username, displayName: username, role, orgUnitId, password: PASSWORD }, deps)).user.id;
  const users = {
    admin: await make("admin", "admin", county.id),
    leader: await make("leader", "leader", bureau.id),
    deputy: await make("deputy", "deputy", bureau.id),
    staff: await make("staff", "staff", dept.basic.id),
    finance: await make("finance", "staff", dept.finance.id),
    township: await make("township", "township", township.id),
    school: await make("school", "school", school.id),
    otherschool: await make("otherschool", "school", otherSchool.id),
    inspector: await make("inspector", "inspector", dept.inspection.id),
    observer: await make("observer", "observer", bureau.id),
    outsider: await make("outsider", "leader", otherBureau.id),
  };
  await setDeputyDepartments(db, users.deputy, [dept.basic.id, dept.safety.id]);
  return { county, bureau, dept, township, school, otherTownship, otherSchool, otherCounty, otherBureau, users };
}

export type County = Awaited<ReturnType<typeof seedCounty>>;
