/**
 * The policies module: the rule registry, the engine (`evaluate` over an estate and its objects; the
 * `ObjectJudge` for one object at a time, as the baseline operator uses it), the context rules read
 * (`judgeContext`), exceptions, the `checkChange` use case and the output formats (`formats/`).
 */
export * from "./types.js";
export {
  judgeContext,
  estateFacts,
  departmentGroups,
  registryPrefix,
  hasEstate,
  type JudgeContext,
  type EstateJudgeContext,
  type EstateFacts,
} from "./context.js";
export {
  SOURCES,
  sourceOf,
  cite,
  mlps,
  citation,
  citationLong,
  clauseProblems,
  type Source,
  type SourceKind,
} from "./sources.js";
export { rules, packs } from "./rules/index.js";
export { budgetHoldApplies, DEFAULT_BUDGET_HOLD_SCOPE, MIGRATION_WARN_DAYS } from "../stacks/migration/index.js";
export { levelOf, DEFAULT_LEVEL, isTenantSubject, type LevelSources } from "./rules/scope.js";
export * from "./engine/index.js";
export { parseObjects, type ParsedObjects } from "./objects/index.js";
export * from "./formats/index.js";
export { checkChange, type CheckChangeInput, type CheckChangeResult } from "./check/index.js";
