/** The migration operator (operators/migration): migration to the cloud, budget holds, zombie candidates. */
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
    help: "Systems by department and migration phase (legacy, planned, migrating, migrated).",
  },
  {
    name: "govcloud_migration_overdue_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Systems past their migration deadline and not migrated.",
  },
  {
    name: "govcloud_budget_hold_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Systems whose missed migration deadline puts their department on budget hold (seed 001).",
  },
  {
    name: "govcloud_zombie_candidates",
    type: "gauge",
    unit: "",
    labels: ["department", "criterion"],
    budget: perDepartment,
    help: "Zombie-system candidates (僵尸信息系统, seed 003) by department and the criterion met.",
  },
] as const);
