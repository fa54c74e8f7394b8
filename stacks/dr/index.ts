/**
 * Disaster recovery (灾难恢复, GB/T 20988): levels and modes, capacity-aware pairing kept in a
 * reviewable ledger, failure drills, and the DR objects of the Plan.
 */
export {
  LEVELS,
  levelSpec,
  modeOf,
  objectives,
  formatMinutes,
  lowestLevelFor,
  checkObjectives,
  objectiveProblems,
  remoteZeroDataLoss,
  levelSixNote,
  type ObjectiveProblem,
  type DrLevel,
  type DrMode,
  type LevelSpec,
} from "./levels.js";
export { drInput, type DrInput, type Load, type SiteInfo, type SystemInfo, type LedgerEntry } from "./topology.js";
export {
  pairSystems,
  type Pairing,
  type Pair,
  type Placement,
  type Issue,
  type Constraint,
  type Role,
  type SiteUse,
  type LedgerChange,
} from "./pairing.js";
export {
  drill,
  allDrills,
  drillIndex,
  type Drill,
  type Failure,
  type Move,
  type Lost,
  type Shortfall,
  type SiteShortfall,
} from "./drills.js";
export { drPlan, ledgerYaml, ledgerPath, type DrPlan } from "./plan.js";
export { drPlanner, type DrSection } from "./planner.js";
export {
  drObjects,
  drReservations,
  backupCron,
  objectStorageEndpoint,
  VELERO_NAMESPACE,
  BACKUP_BUCKET,
  type TenantObjects,
  type DrObjects,
} from "./objects.js";
