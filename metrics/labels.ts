/**
 * Every label a `govcloud_` metric may carry, with what bounds it. A metric may only use labels
 * defined here; a label that grows with the estate (department, system, namespace, ...) may only be
 * used by a metric that states a cardinality budget (see MetricDefinition.budget).
 *
 * The `max` figures are for the 10x estate (`govcloud estate generate --scale 10`): 10x the Shanxi
 * departments and systems on the same 1+11+N cloud nodes.
 */
import type { LabelDefinition } from "./types.js";

const label = (l: LabelDefinition): LabelDefinition => l;

export const SEVERITIES = ["critical", "high", "medium", "low", "info"] as const;
/**
 * `native`: built on the cloud (no migration record); the others are the catalog's migration phases
 * (catalog/migration.ts MIGRATION_PHASES, in order; a test keeps the two lists equal).
 */
export const MIGRATION_PHASES = [
  "native",
  "inventoried",
  "assessed",
  "migrating",
  "cutover",
  "migrated",
  "decommissioned",
  "exempt",
  "retired",
] as const;
/**
 * The migration rate (上云率) as the recording rules, the reports and `govcloud migration` compute it:
 * systems in MIGRATION_ON_CLOUD_PHASES over all systems except MIGRATION_EXCLUDED_PHASES (seed 001 二
 * “应上尽上”: exempt systems are classified or approved to stay, retired ones are gone; docs/migration.md).
 */
export const MIGRATION_ON_CLOUD_PHASES = ["native", "migrated", "decommissioned"] as const;
export const MIGRATION_EXCLUDED_PHASES = ["exempt", "retired"] as const;
export const ZOMBIE_CRITERIA = ["disconnected", "superseded", "idle", "unmaintained", "unused"] as const;
/** Age bands of an open finding since it was first seen (a convention: a week, a month, a quarter). */
export const FINDING_AGE_BANDS = ["<7d", "7-30d", "30-90d", ">90d"] as const;

export const LABELS: Readonly<Record<string, LabelDefinition>> = Object.fromEntries(
  [
    // operators
    label({
      name: "controller",
      description: "Controller name (baseline, catalog, migration, ...), defined in code",
      scale: "fixed",
      max: 10,
    }),
    label({
      name: "result",
      description: "Outcome of one reconcile",
      values: ["success", "error", "requeue", "requeue_after"],
      scale: "fixed",
      max: 4,
    }),
    label({
      name: "resource",
      description: "Watched resource, as <group>/<version>/<plural> (the reflectors a controller starts)",
      scale: "fixed",
      max: 30,
    }),
    label({
      name: "reason",
      description: "Why a watch restarted, or why a service instance failed: a closed code list in the emitting code",
      values: ["expired", "timeout", "stall", "error", "closed", "quota", "invalid", "backend", "deadline"],
      scale: "fixed",
      max: 9,
    }),
    label({ name: "lease", description: "Leader-election Lease name (one per operator)", scale: "fixed", max: 5 }),
    // wall
    label({
      name: "rule",
      description: "Policy rule id (PACK-AREA-NNN), from the rule registry",
      scale: "rules",
      max: 200,
    }),
    label({
      name: "severity",
      description: "Finding severity",
      values: SEVERITIES,
      scale: "fixed",
      max: SEVERITIES.length,
    }),
    label({
      name: "pack",
      description: "Rule pack",
      values: ["mlps2", "mlps3", "crypto", "data", "network", "dr", "autonomy", "governance"],
      scale: "fixed",
      max: 8,
    }),
    label({
      name: "kind",
      description: "Kubernetes kind of a drifted object (the planned kinds)",
      scale: "fixed",
      max: 30,
    }),
    label({
      name: "namespace",
      description: "Kubernetes namespace: one per system (<dept>-<system>) plus platform namespaces",
      scale: "systems",
      max: 1500,
    }),
    label({ name: "exception", description: "PolicyException name", scale: "exceptions", max: 200 }),
    label({
      name: "window",
      description: "Days until an exception expires, bucketed",
      values: ["expired", "7d", "14d", "30d", "90d", "later"],
      scale: "fixed",
      max: 6,
    }),
    // estate
    label({ name: "cloud", description: "Cloud node id (1+11+N)", scale: "clouds", max: 30 }),
    label({
      name: "tier",
      description: "Cloud tier",
      values: ["provincial", "city", "industry"],
      scale: "fixed",
      max: 3,
    }),
    label({ name: "department", description: "Department (tenant) id", scale: "departments", max: 400 }),
    label({ name: "system", description: "System id, unique within its department", scale: "systems", max: 1500 }),
    label({ name: "mlps_level", description: "MLPS level (等保级别)", values: ["2", "3"], scale: "fixed", max: 2 }),
    label({
      name: "data_level",
      description: "Data level (GB/T 43697-2024)",
      values: ["core", "important", "general"],
      scale: "fixed",
      max: 3,
    }),
    label({
      name: "dr_level",
      description: "DR capability level 1-6 (GB/T 20988)",
      values: ["1", "2", "3", "4", "5", "6"],
      scale: "fixed",
      max: 6,
    }),
    label({
      name: "domestic",
      description: "Runs on a domestic (信创) CPU and OS stack",
      values: ["true", "false"],
      scale: "fixed",
      max: 2,
    }),
    label({
      name: "level",
      description: "Administrative level of a network node",
      values: ["province", "city", "county", "township", "village"],
      scale: "fixed",
      max: 5,
    }),
    label({
      name: "plane",
      description: "Extranet plane (一网双平面), configured in network.yaml",
      scale: "fixed",
      max: 4,
    }),
    label({
      name: "link_tier",
      description: "Backbone link tier",
      values: ["province-city", "city-county"],
      scale: "fixed",
      max: 2,
    }),
    label({
      name: "phase",
      description: "Migration phase, or service-instance phase",
      values: [...MIGRATION_PHASES, "Pending", "Provisioning", "Ready", "Failed", "Exiting"],
      scale: "fixed",
      max: 14,
    }),
    label({ name: "offering", description: "Service-catalogue offering id", scale: "offerings", max: 60 }),
    label({
      name: "age",
      description: "Age band of an open finding since first seen",
      values: FINDING_AGE_BANDS,
      scale: "fixed",
      max: FINDING_AGE_BANDS.length,
    }),
    label({
      name: "criterion",
      description: "Zombie-system criterion (seed 003)",
      values: ZOMBIE_CRITERIA,
      scale: "fixed",
      max: ZOMBIE_CRITERIA.length,
    }),
    label({
      name: "drill",
      description: "Result of the last DR failure drill",
      values: ["passed", "failed", "none"],
      scale: "fixed",
      max: 3,
    }),
    label({
      name: "constraint",
      description: "A DR placement constraint a system's partner could not meet (stacks/dr pairing)",
      scale: "fixed",
      max: 12,
    }),
  ].map((l) => [l.name, l]),
);

/** The labels whose values grow with the estate. */
export const scalingLabels = (): string[] =>
  Object.values(LABELS)
    .filter((l) => l.scale !== "fixed" && l.scale !== "rules" && l.scale !== "offerings")
    .map((l) => l.name);
