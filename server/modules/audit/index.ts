// Audit trail: every change to plans, tasks, assignments, reports and users is recorded here
// (actor, time, before/after, reason), append-only. Other modules call `recordAudit` inside their
// own transaction, so a change and its record commit or roll back together.
export {
  insertAudit as recordAudit,
  listAudit,
  type AuditInput,
  type AuditRow,
  type AuditFilter,
} from "./audit.repo.ts";
export { auditRoutes } from "./audit.routes.ts";
