/**
 * The estate exporter (`govcloud exporter`): figures of the catalog as it is today. Gauges only, all
 * recomputed on every reload; nothing here depends on time except exception expiry.
 */
import { defineMetrics } from "./define.js";

const perCloud = { series: 100, why: "one series per cloud node (1+11+N, ≤ 30) and tier" };
const perCloudDepartment = {
  series: 4_000,
  why: "departments are placed on a few cloud nodes each: ≤ 400 departments × ≤ 10 nodes at 10x",
};
const perSystem = { series: 2_000, why: "one series per system: ≤ 1,500 systems at 10x" };
const perDepartment = {
  series: 2_000,
  why: "one series per department (≤ 400 at 10x) times bounded values of the other labels",
};
const perException = {
  series: 400,
  why: "one series per exception: ≤ 200 at 10x (exceptions are time-limited and approved one by one)",
};

export const estate = defineMetrics("estate", "govcloud exporter", [
  // the exporter itself
  {
    name: "govcloud_estate_catalog_valid",
    type: "gauge",
    unit: "",
    labels: [],
    help: "1 when the catalog last read validated; 0 when it did not (the last good state is still served).",
  },
  {
    name: "govcloud_estate_catalog_reloads_total",
    type: "counter",
    unit: "",
    labels: ["result"],
    help: "Catalog reloads by result (success, error).",
  },
  {
    name: "govcloud_estate_catalog_last_success_timestamp_seconds",
    type: "gauge",
    unit: "seconds",
    labels: [],
    help: "When the state served was loaded (Unix time).",
  },
  {
    name: "govcloud_estate_render_duration_seconds",
    type: "gauge",
    unit: "seconds",
    labels: [],
    help: "Time the last reload took to evaluate the catalog and render this page.",
  },
  // capacity and requests
  {
    name: "govcloud_estate_cloud_capacity_cpu_cores",
    type: "gauge",
    unit: "cores",
    labels: ["cloud", "tier"],
    budget: perCloud,
    help: "vCPU capacity of a cloud node.",
  },
  {
    name: "govcloud_estate_cloud_capacity_memory_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "tier"],
    budget: perCloud,
    help: "Memory capacity of a cloud node.",
  },
  {
    name: "govcloud_estate_cloud_capacity_storage_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "tier"],
    budget: perCloud,
    help: "Storage capacity of a cloud node.",
  },
  {
    name: "govcloud_estate_requested_cpu_cores",
    type: "gauge",
    unit: "cores",
    labels: ["cloud", "department"],
    budget: perCloudDepartment,
    help: "vCPU the department's systems request on a cloud node (their offerings' quota terms; exempt and retired systems request none).",
  },
  {
    name: "govcloud_estate_requested_memory_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "department"],
    budget: perCloudDepartment,
    help: "Memory the department's systems request on a cloud node.",
  },
  {
    name: "govcloud_estate_requested_storage_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "department"],
    budget: perCloudDepartment,
    help: "Storage the department's systems request on a cloud node.",
  },
  {
    name: "govcloud_estate_system_requested_cpu_cores",
    type: "gauge",
    unit: "cores",
    labels: ["cloud", "department", "system"],
    budget: perSystem,
    help: "vCPU one system requests.",
  },
  {
    name: "govcloud_estate_system_requested_memory_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "department", "system"],
    budget: perSystem,
    help: "Memory one system requests.",
  },
  {
    name: "govcloud_estate_system_requested_storage_bytes",
    type: "gauge",
    unit: "bytes",
    labels: ["cloud", "department", "system"],
    budget: perSystem,
    help: "Storage one system requests.",
  },
  // systems
  {
    name: "govcloud_estate_systems",
    type: "gauge",
    unit: "",
    labels: ["cloud", "department", "mlps_level", "data_level", "dr_level", "domestic", "phase"],
    budget: perSystem,
    help: "Systems by cloud node, department, MLPS level (等保), data level, DR level, domestic (信创) stack and migration phase; only combinations that occur.",
  },
  // network
  {
    name: "govcloud_estate_network_nodes",
    type: "gauge",
    unit: "",
    labels: ["level"],
    help: "Extranet nodes (administrative divisions) per level.",
  },
  {
    name: "govcloud_estate_network_nodes_connected",
    type: "gauge",
    unit: "",
    labels: ["level"],
    help: "Extranet nodes connected to the province through the backbone.",
  },
  {
    name: "govcloud_estate_network_nodes_ipv6",
    type: "gauge",
    unit: "",
    labels: ["level", "plane"],
    help: "Extranet nodes IPv6-enabled, per level and plane (一网双平面).",
  },
  {
    name: "govcloud_estate_backbone_links",
    type: "gauge",
    unit: "",
    labels: ["link_tier"],
    help: "Backbone links per tier (province-city, city-county).",
  },
  {
    name: "govcloud_estate_backbone_links_below_target",
    type: "gauge",
    unit: "",
    labels: ["link_tier"],
    help: "Backbone links below their target bandwidth (10 Gbit/s province-city, 1 Gbit/s city-county).",
  },
  // disaster recovery
  {
    name: "govcloud_estate_dr_required_systems",
    type: "gauge",
    unit: "",
    labels: ["dr_level"],
    help: "Systems on the cloud whose DR level needs a partner placement.",
  },
  {
    name: "govcloud_estate_dr_pairs",
    type: "gauge",
    unit: "",
    labels: ["dr_level"],
    help: "Systems with a DR partner placed.",
  },
  {
    name: "govcloud_estate_dr_unplaced_systems",
    type: "gauge",
    unit: "",
    labels: ["constraint"],
    help: "Systems whose DR partner could not be placed, by the constraint that failed.",
  },
  {
    name: "govcloud_estate_dr_drills",
    type: "gauge",
    unit: "",
    labels: ["drill"],
    help: "Failure drills (one per cloud node and per site lost) by result.",
  },
  {
    name: "govcloud_estate_dr_drill_failed",
    type: "gauge",
    unit: "",
    labels: ["cloud"],
    budget: perCloud,
    help: "1 when losing this cloud node leaves a system without service or a partner without capacity.",
  },
  {
    name: "govcloud_estate_dr_partner_shortfall_cpu_cores",
    type: "gauge",
    unit: "cores",
    labels: ["cloud"],
    budget: perCloud,
    help: "vCPU the partner sites lack to absorb this cloud node's failover (0 when they can).",
  },
  // wall
  {
    name: "govcloud_estate_findings",
    type: "gauge",
    unit: "",
    labels: ["pack", "severity"],
    help: "Open findings of `govcloud check` (catalog and plan) by pack and severity.",
  },
  {
    name: "govcloud_estate_rule_findings",
    type: "gauge",
    unit: "",
    labels: ["rule", "pack", "severity"],
    budget: {
      series: 200,
      why: "a rule has one pack and one severity: one series per rule with findings (≤ 200 rules)",
    },
    help: "Open findings of `govcloud check` by rule (only rules with findings).",
  },
  {
    name: "govcloud_estate_mlps_noncompliant_systems",
    type: "gauge",
    unit: "",
    labels: ["mlps_level"],
    help: "Systems with at least one open finding of the MLPS packs (mlps2, mlps3), on the catalog or on their planned objects, by MLPS level.",
  },
  {
    name: "govcloud_estate_exceptions",
    type: "gauge",
    unit: "",
    labels: ["window"],
    help: "Policy exceptions by days to expiry (expired, ≤7d, ≤14d, ≤30d, ≤90d, later).",
  },
  {
    name: "govcloud_estate_exception_expiry_timestamp_seconds",
    type: "gauge",
    unit: "seconds",
    labels: ["exception", "rule"],
    budget: perException,
    help: "When a policy exception expires (Unix time, end of its last day UTC).",
  },
  // migration
  {
    name: "govcloud_estate_migration_systems",
    type: "gauge",
    unit: "",
    labels: ["department", "phase"],
    budget: perDepartment,
    help: "Systems by department and migration phase (native = built on the cloud; inventoried, assessed, migrating, cutover, migrated, decommissioned, exempt, retired).",
  },
  {
    name: "govcloud_estate_migration_overdue_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Systems past their migration deadline (the record's, else the tier default) and not migrated, decommissioned, exempt or retired.",
  },
  {
    name: "govcloud_estate_budget_hold_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Overdue systems that put their department on budget hold (seed 001 三(二)4, where estate.spec.policy.budgetHoldScope applies it).",
  },
  // zombie systems (僵尸信息系统, seed 003 二(一)), from the catalog's declared usage as GOV-ZOMBIE-001 judges it
  {
    name: "govcloud_estate_zombie_candidate_systems",
    type: "gauge",
    unit: "",
    labels: ["department"],
    budget: perDepartment,
    help: "Zombie-system candidates by department, judged from declared usage (two or more of seed 003's five criteria); 0 for every department with systems. Measured candidates are the migration operator's govcloud_zombie_candidates.",
  },
  {
    name: "govcloud_estate_zombie_candidates",
    type: "gauge",
    unit: "",
    labels: ["department", "criterion"],
    budget: perDepartment,
    help: "Declared zombie-system candidates by department and criterion met (a candidate counts once per criterion); only departments with candidates have series.",
  },
] as const);
