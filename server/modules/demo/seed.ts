// The demo county: `seedDemo(deps)` builds 青川县 (org tree, one account per role with a generated password),
// then imports samples/demo-plan.txt through the plans module and brings it to life (assignments,
// dispatch, acceptance, progress reports), all through the modules' public use cases and their rules.
// Used by `luoshi seed-demo` and by the first start of an empty embedded database.
import { AppError } from "../../../common/errors.ts";
import { ROLE_NAMES, type Role } from "../../platform/actor.ts";
import type { Deps } from "../../platform/deps.ts";
import { createUser, generatePassword, insertUnit, type UnitRow } from "../orgs/index.ts";
import { BUREAU, COUNTY, DEPARTMENTS, SCHOOLS, TOWNSHIPS, USERS } from "./county.ts";
import { hasUsers, setDemoState } from "./demo.repo.ts";
import { seedDemoIndicatorsData, type DemoIndicatorsSummary } from "./indicators-data.ts";
import { seedDemoPlan, type DemoPlanSummary } from "./plan.ts";
import { formatTable } from "./table.ts";

export interface DemoAccount {
  id: number;
  username: string;
  password: string;
  role: Role;
  displayName: string;
  unitName: string;
}

export interface DemoCounty {
  county: UnitRow;
  bureau: UnitRow;
  /** Every unit by its name (departments, townships, schools, the county and the bureau). */
  units: Map<string, UnitRow>;
  accounts: DemoAccount[];
}

export interface DemoResult extends DemoCounty {
  plan: DemoPlanSummary | null;
  /** The census rounds (2024 locked, 2025 under review) and the number of values entered. */
  indicators: DemoIndicatorsSummary;
}

/** Refuses (CONFLICT) when the database already has users: the demo is for an empty database only. */
export async function seedDemo(deps: Deps): Promise<DemoResult> {
  if (await hasUsers(deps.database))
    throw new AppError("CONFLICT", {
      zh: "数据库中已有用户，演示数据只能写入空数据库",
      en: "the database already has users; the demo county goes into an empty database only",
    });
  await setDemoState(deps.database, "seeding", deps.clock.now());
  const county = await seedDemoCounty(deps);
  const indicators = await seedDemoIndicatorsData(deps, county);
  const plan = await seedDemoPlan(deps, county);
  await setDemoState(deps.database, "done", deps.clock.now());
  return { ...county, plan, indicators };
}

/** The org tree and the accounts. */
export async function seedDemoCounty(deps: Deps): Promise<DemoCounty> {
  const { db } = deps.database;
  const units = new Map<string, UnitRow>();
  const add = async (u: Parameters<typeof insertUnit>[1]) => {
    const row = await insertUnit(db, u);
    units.set(row.name, row);
    return row;
  };
  const county = await add({ parentId: null, type: "county", name: COUNTY, code: "510822" });
  const bureau = await add({ parentId: county.id, type: "bureau", name: BUREAU });
  for (const [i, name] of DEPARTMENTS.entries()) await add({ parentId: bureau.id, type: "department", name, sort: i });
  for (const [i, name] of TOWNSHIPS.entries())
    await add({ parentId: bureau.id, type: "township", name, sort: 100 + i });
  for (const [i, s] of SCHOOLS.entries()) {
    const parent = s.township ? units.get(s.township)! : bureau;
    await add({
      parentId: parent.id,
      type: "school",
      name: s.name,
      code: s.code,
      schoolType: s.type,
      ownership: s.ownership,
      sort: 200 + i,
    });
  }

  const accounts: DemoAccount[] = [];
  for (const u of USERS) {
    const unit = units.get(u.unit);
    if (!unit) throw new Error(`demo: unknown unit ${u.unit}`);
    const password = generatePassword();
    const { user } = await createUser(
      null,
      {
        username: u.username,
        displayName: u.displayName,
        role: u.role,
        orgUnitId: unit.id,
        password,
        departmentIds: u.departments?.map((d) => units.get(d)!.id),
      },
      deps,
    );
    accounts.push({
      id: user.id,
      username: u.username,
      password,
      role: u.role,
      displayName: u.displayName,
      unitName: unit.name,
    });
  }
  return { county, bureau, units, accounts };
}

/** The accounts as a table for the terminal, printed once (the passwords are not stored anywhere else). */
export function accountsTable(
  accounts: Pick<DemoAccount, "username" | "password" | "role" | "displayName" | "unitName">[],
): string {
  return formatTable(
    ["角色", "用户名", "密码", "姓名", "所属单位"],
    accounts.map((a) => [ROLE_NAMES[a.role], a.username, a.password, a.displayName, a.unitName]),
  );
}
