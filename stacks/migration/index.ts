/** Migration to the cloud (迁移上云): the catalog-only view of phases, deadlines, budget holds and rates. */
export {
  migrationView,
  BUDGET_HOLD_CLAUSE,
  type MigrationOptions,
  type MigrationView,
  type SystemMigrationRow,
  type Hold,
  type Rate,
} from "./status.js";
/** Zombie systems (僵尸信息系统) measured by seed 003's five criteria: PromQL, a pure judge, the evaluation. */
export {
  zombieQueries,
  judgeZombies,
  evaluateZombies,
  declaredZombieFacts,
  zombieSystems,
  DEFAULT_ZOMBIE_THRESHOLDS,
  ZOMBIE_CRITERIA,
  ZOMBIE_CRITERION_TEXT,
  ZOMBIE_CLAUSE,
  type ZombieCriterion,
  type ZombieThresholds,
  type DeclaredZombieFacts,
  type ZombieSystem,
  type CriterionState,
  type CriterionVerdict,
  type ZombieVerdict,
  type ZombieEvaluation,
  type ZombieQueryId,
  type ZombieQueryResults,
} from "./zombies.js";
