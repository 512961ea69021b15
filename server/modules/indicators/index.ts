// Indicators: org registry, data elements and collection (data side), and the indicator catalogue, live
// aggregation, explorer and target links (calculation side). Other modules use these exports only.

// --- calculation side (catalogue, aggregation, targets) ---
export { calcRoutes } from "./calc/calc.routes.ts";
export { recomputeAll, withTotalsOff } from "./calc/aggregate.ts";
export {
  indicatorTable,
  indicatorValue,
  evaluateTemplate,
  catalogueOf,
  indicatorReader,
  type IndicatorTable,
  type TableUnit,
  type IndicatorMeta,
} from "./calc/explorer.ts";
export { evaluate, type IndicatorValue, type ValueGrid } from "./calc/evaluate.ts";
export {
  indicatorCatalogue,
  findIndicator,
  isCustom,
  createIndicator,
  updateIndicator,
  deleteIndicator,
  type CustomIndicatorDef,
} from "./calc/custom.ts";
export {
  BUILTIN_INDICATORS,
  TARGET_TEMPLATES,
  indicatorByCode,
  type IndicatorDef,
  type TargetTemplate,
} from "./calc/catalogue.ts";
export {
  targetChecksForTasks,
  suggestPlanLinks,
  statsUnitOf,
  planLinks,
  decideTargetLink,
  type TargetCheck,
} from "./calc/links.ts";
export { parseExpr, exprRefs, evalExpr, ExprError, type Expr, type Ref } from "./expr.ts";
// --- end calculation side ---

// --- data side (registry, elements, rounds, values) ---
export { dataRoutes } from "./data/data.routes.ts";
export { registryRoutes } from "./registry/registry.routes.ts";
export {
  BUILTIN_ELEMENTS,
  BUILTIN_RULES,
  CENSUS_DATA_SET,
  ELEMENT_CODES,
  type ElementDef,
  type RuleDef,
  type EntryLevel,
  type TimeAggregation,
  type ValueType,
} from "./data/elements.ts";
export { dataScope, canView, canWrite, type DataScope, type DataLevel } from "./data/scope.ts";
export {
  upsertValues,
  deleteValues,
  valuesOf,
  listElements as listElementRows,
  pgArray,
  type ElementRow,
} from "./data/data.repo.ts";
export { violationsFor, checkUnit, compare, type Violation } from "./data/validate.ts";
export { changeApproval, type ApprovalAction } from "./data/approval.ts";
export { createRound, getRoundDetail, listRounds } from "./data/rounds.ts";
export { getValues, putValues, formElements } from "./data/values.ts";
export { listRegistry, updateRegistryUnit, createRegistryUnit, type UnitInput } from "./registry/registry.ts";
export { type RegistryUnit } from "./registry/registry.repo.ts";
// --- end data side ---
