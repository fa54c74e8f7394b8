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
