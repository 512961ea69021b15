// Reports (documents out): the progress bulletin (进展情况通报), the year-end work summary draft
// (年度工作总结), the plan export, the indicator workbook, and the carry-over into next year's plan.
// Tables: report_bulletins, carry_overs, carry_over_links. Data comes through the other modules'
// index.ts; build/ shapes it into plain objects, render/ writes .docx/.xlsx (no database there).
export { reportsRoutes } from "./reports.routes.ts";
export {
  previewBulletin,
  issueBulletin,
  bulletinDocument,
  listBulletins,
  summaryDocument,
  planDocument,
  type ReportFile,
} from "./documents.ts";
export { carryOver } from "./carry-over.ts";
export { indicatorWorkbook, workbookGroups, type PreparedWorkbook } from "./build/indicators.ts";
export { buildBulletin } from "./build/bulletin.ts";
export { buildSummary } from "./build/summary.ts";
export { buildPlanExport } from "./build/plan-export.ts";
export { renderBulletinDocx, renderSummaryDocx, renderPlanDocx } from "./render/docx.ts";
export { renderPlanXlsx, writeIndicatorWorkbook } from "./render/xlsx.ts";
export { carryLinksOfPlan } from "./reports.repo.ts";
