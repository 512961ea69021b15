// Org tree, users, roles and sessions. Tables: org_units, users, deputy_departments, sessions,
// login_attempts. Other modules use these functions, never the tables.
export { orgsRoutes } from "./orgs.routes.ts";
export { actorForToken, actorOf, hashPassword, login } from "./auth.ts";
export { createUser, generatePassword } from "./users.ts";
export {
  getUnit,
  getUnits,
  insertUnit,
  listSubtree,
  usersOfUnit,
  usersWithRoleIn,
  deputiesOf,
  getUserById,
  getUserByUsername,
  setDeputyDepartments,
  type UnitRow,
  type UserRow,
} from "./orgs.repo.ts";
