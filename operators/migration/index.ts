/**
 * The migration operator (迁移上云): SystemMigration phases from evidence, deadlines as work-queue timers,
 * BudgetHolds per department (docs/migration.md, "The migration operator").
 */
export {
  migrationController,
  FIELD_MANAGER,
  HOLD_PREFIX,
  SYSTEM_MIGRATION,
  BUDGET_HOLD,
  DEFAULT_WARN_DAYS,
  DEFAULT_TRAFFIC_WINDOW,
  DEFAULT_TRAFFIC_RESYNC_MS,
  type MigrationControllerOptions,
  type ZombieHook,
  type ZombieResult,
} from "./controller.js";
export {
  evaluatePhase,
  evidenceSteps,
  LINE,
  PHASES,
  type Phase,
  type Evidence,
  type Measured,
  type MigrationSpec,
  type PhaseResult,
  type Step,
} from "./phase.js";
export { deadlineState, dateMs, utcDate, DAY_MS, type DeadlineState } from "./deadline.js";
export { prometheusTraffic, noTraffic, type TrafficSource } from "./traffic.js";
export { zombieHook, DEFAULT_ZOMBIE_RESYNC_MS } from "./zombie.js";
