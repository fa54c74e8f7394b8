/**
 * Migration to the cloud (迁移上云): deadlines resolved from the record or the estate's tier defaults, budget
 * holds, the catalog-only view of phases, deadlines, budget holds and rates, and the planner of the
 * SystemMigration objects the migration operator reconciles.
 */
export {
  migrationDeadline,
  daysOverdue,
  budgetHoldApplies,
  MIGRATION_WARN_DAYS,
  DEFAULT_BUDGET_HOLD_SCOPE,
  DEFAULT_MIGRATION_DEADLINES,
  BUDGET_HOLD_CLAUSE,
  type ResolvedDeadline,
} from "./deadline.js";
export {
  MIGRATION_PHASES,
  MIGRATION_LINE,
  phaseAtLeast,
  runsOnCloud,
  neverOnCloud,
  migrationSettled,
  rateClass,
  type MigrationPhase,
  type MigrationRecord,
} from "../../catalog/index.js";
export {
  migrationView,
  type MigrationOptions,
  type MigrationView,
  type SystemMigrationRow,
  type Hold,
  type Rate,
} from "./status.js";
export {
  systemMigration,
  planMigrations,
  migrationPlanner,
  SYSTEM_MIGRATION_API_VERSION,
  SYSTEM_MIGRATION_KIND,
  BUDGET_HOLD_KIND,
} from "./planner.js";
/** Zombie systems (僵尸信息系统) measured by seed 003's five criteria: PromQL, a pure judge, the evaluation. */
export {
  zombieQueries,
  judgeZombies,
  evaluateZombies,
  declaredZombieFacts,
  declaredZombieUsage,
  zombieFactsOf,
  declaredUsageZombie,
  zombieSystems,
  DEFAULT_ZOMBIE_THRESHOLDS,
  ZOMBIE_STALE_DAYS,
  ZOMBIE_IDLE_CPU,
  ZOMBIE_FEW_USERS,
  ZOMBIE_FEW_TRANSACTIONS,
  ZOMBIE_MIN_CRITERIA,
  ZOMBIE_CRITERIA,
  ZOMBIE_CRITERION_TEXT,
  ZOMBIE_CLAUSE,
  type ZombieCriterion,
  type ZombieThresholds,
  type DeclaredZombieFacts,
  type DeclaredZombieUsage,
  type ZombieSystem,
  type CriterionState,
  type CriterionVerdict,
  type ZombieVerdict,
  type ZombieEvaluation,
  type ZombieQueryId,
  type ZombieQueryResults,
} from "./zombies.js";
