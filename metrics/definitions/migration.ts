/**
 * The migration operator (operators/migration): migration to the cloud as the evidence in the cluster shows
 * it (the estate exporter's govcloud_estate_migration_* series give the catalog's declared view), budget holds,
 * zombie candidates.
 */
import { defineMetrics } from "./define.js";

const perDepartment = {
  series: 2_000,
  why: "one series per department (≤ 400 at 10x) and bounded phase/criterion values",
};

export const migration = defineMetrics("migration", "operators/migration", [
  {
    name: "govcloud_migration_systems",
    type: "gauge",
    unit: "",
    labels: ["department", "phase"],
    budget: perDepartment,
    help: "SystemMigrations by department and the phase their evidence establishes (inventoried, assessed, migrating, cutover, migrated, decommissioned, exempt, retired).",
  },
  {
    name: "govcloud_migration_overdue_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "SystemMigrations past their deadline and not migrated, decommissioned, exempt or retired (as the evidence shows).",
  },
  {
    name: "govcloud_budget_hold_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Systems listed in their department's BudgetHold: past the deadline, not migrated, where the hold applies (seed 001 三(二)4).",
  },
  {
    name: "govcloud_zombie_candidates",
    type: "gauge",
    unit: "",
    labels: ["department", "criterion"],
    budget: perDepartment,
    help: "Zombie-system candidates (僵尸信息系统, seed 003 二(一): two criteria or more) by department and each criterion they meet.",
  },
] as const);
