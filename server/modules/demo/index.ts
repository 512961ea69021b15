// The demo county (青川县): org tree, accounts, and the demo plan brought to life. Public surface.
export { seedDemo, seedDemoCounty, accountsTable, type DemoAccount, type DemoCounty, type DemoResult } from "./seed.ts";
export type { DemoPlanSummary } from "./plan.ts";
export { hasUsers, rowCounts, demoState, COUNTED_TABLES } from "./demo.repo.ts";
export { formatTable, displayWidth } from "./table.ts";
export { latestCensusYear } from "./indicators-data.ts";
export { demoPlanText } from "./plan.ts";
