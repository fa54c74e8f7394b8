/** The five dashboards of the mixin: province overview, cloud node, department, the wall, operators. */
import type { DashboardSpec } from "./build.js";

const pct = "percentunit";
const TARGET_80 = [
  [null, "red"],
  [0.6, "orange"],
  [0.8, "green"],
] as const;
const HIGH_BAD = [
  [null, "green"],
  [0.7, "orange"],
  [0.85, "red"],
] as const;

export const province: DashboardSpec = {
  uid: "govcloud-province",
  title: "govcloud / Province overview (省级总览)",
  description:
    "The KPIs of seed 002 against their end-2025 targets: migration to the cloud, autonomy (信创), IPv6, MLPS compliance, DR coverage, capacity.",
  tags: ["govcloud"],
  rows: [
    {
      row: "KPIs (seed 002 targets)",
      panels: [
        {
          kind: "stat",
          title: "Migration rate 上云率",
          unit: pct,
          w: 4,
          h: 5,
          min: 0,
          max: 1,
          thresholds: [
            [null, "red"],
            [0.9, "orange"],
            [1, "green"],
          ],
          queries: [{ expr: "govcloud:migration_rate:ratio", legend: "上云率" }],
        },
        {
          kind: "stat",
          title: "Autonomy rate 自主可控率 (target 80%)",
          unit: pct,
          w: 4,
          h: 5,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [{ expr: "govcloud:autonomy_rate:ratio", legend: "自主可控率" }],
        },
        {
          kind: "stat",
          title: "IPv6 coverage",
          unit: pct,
          w: 4,
          h: 5,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [{ expr: "govcloud:ipv6_coverage:ratio", legend: "IPv6" }],
        },
        {
          kind: "stat",
          title: "MLPS compliance 等保合规率",
          unit: pct,
          w: 4,
          h: 5,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [{ expr: "govcloud:mlps_compliance:ratio", legend: "等保" }],
        },
        {
          kind: "stat",
          title: "DR coverage 灾备覆盖率",
          unit: pct,
          w: 4,
          h: 5,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [{ expr: "govcloud:dr_coverage:ratio", legend: "灾备" }],
        },
        {
          kind: "stat",
          title: "Backbone links below target",
          w: 4,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [{ expr: "sum(govcloud_estate_backbone_links_below_target)", legend: "below target" }],
        },
      ],
    },
    {
      row: "Trends",
      panels: [
        {
          kind: "timeseries",
          title: "KPIs over time",
          unit: pct,
          w: 12,
          h: 8,
          min: 0,
          max: 1,
          queries: [
            { expr: "govcloud:migration_rate:ratio", legend: "migration 上云率" },
            { expr: "govcloud:autonomy_rate:ratio", legend: "autonomy 自主可控率" },
            { expr: "govcloud:ipv6_coverage:ratio", legend: "IPv6" },
            { expr: "govcloud:mlps_compliance:ratio", legend: "MLPS 等保" },
            { expr: "govcloud:dr_coverage:ratio", legend: "DR 灾备" },
          ],
        },
        {
          kind: "timeseries",
          title: "IPv6 coverage by level and plane",
          unit: pct,
          w: 12,
          h: 8,
          min: 0,
          max: 1,
          queries: [{ expr: "level_plane:govcloud_ipv6_coverage:ratio", legend: "{{level}} / {{plane}}" }],
        },
      ],
    },
    {
      row: "Capacity and the wall",
      panels: [
        {
          kind: "bargauge",
          title: "Requested vCPU share per cloud node",
          unit: pct,
          w: 8,
          h: 10,
          min: 0,
          max: 1,
          thresholds: HIGH_BAD,
          queries: [{ expr: "sort_desc(cloud:govcloud_requested_cpu:ratio)", legend: "{{cloud}}", instant: true }],
        },
        {
          kind: "bargauge",
          title: "Autonomy rate per cloud node",
          unit: pct,
          w: 8,
          h: 10,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [{ expr: "sort(cloud:govcloud_autonomy_rate:ratio)", legend: "{{cloud}}", instant: true }],
        },
        {
          kind: "bargauge",
          title: "Open findings by severity",
          w: 8,
          h: 10,
          queries: [{ expr: "sum by (severity) (govcloud_estate_findings)", legend: "{{severity}}", instant: true }],
        },
      ],
    },
  ],
};

export const cloudNode: DashboardSpec = {
  uid: "govcloud-cloud-node",
  title: "govcloud / Cloud node (云节点)",
  description:
    "One cloud node of 1+11+N: capacity, what its systems request, what they really use; DR partner shortfall.",
  tags: ["govcloud"],
  variables: [
    { name: "cloud", label: "Cloud node", query: "label_values(govcloud_estate_cloud_capacity_cpu_cores, cloud)" },
  ],
  rows: [
    {
      row: "Capacity / requested / used",
      panels: [
        {
          kind: "stat",
          title: "Requested vCPU share",
          unit: pct,
          w: 6,
          h: 5,
          thresholds: HIGH_BAD,
          queries: [{ expr: 'cloud:govcloud_requested_cpu:ratio{cloud="$cloud"}', legend: "vCPU" }],
        },
        {
          kind: "stat",
          title: "Requested memory share",
          unit: pct,
          w: 6,
          h: 5,
          thresholds: HIGH_BAD,
          queries: [{ expr: 'cloud:govcloud_requested_memory:ratio{cloud="$cloud"}', legend: "memory" }],
        },
        {
          kind: "stat",
          title: "Real CPU utilisation",
          unit: pct,
          w: 6,
          h: 5,
          queries: [{ expr: 'cloud:govcloud_cpu_utilisation:ratio{cloud="$cloud"}', legend: "CPU" }],
        },
        {
          kind: "stat",
          title: "DR partner shortfall (vCPU)",
          w: 6,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [{ expr: 'govcloud_estate_dr_partner_shortfall_cpu_cores{cloud="$cloud"}', legend: "shortfall" }],
        },
        {
          kind: "timeseries",
          title: "vCPU: capacity, requested, used",
          unit: "short",
          w: 12,
          h: 8,
          queries: [
            { expr: 'sum(govcloud_estate_cloud_capacity_cpu_cores{cloud="$cloud"})', legend: "capacity" },
            { expr: 'sum(govcloud_estate_requested_cpu_cores{cloud="$cloud"})', legend: "requested" },
            { expr: 'sum(cloud:govcloud_cpu_usage_cores:rate5m{cloud="$cloud"})', legend: "used" },
          ],
        },
        {
          kind: "timeseries",
          title: "Memory: capacity, requested, used",
          unit: "bytes",
          w: 12,
          h: 8,
          queries: [
            { expr: 'sum(govcloud_estate_cloud_capacity_memory_bytes{cloud="$cloud"})', legend: "capacity" },
            { expr: 'sum(govcloud_estate_requested_memory_bytes{cloud="$cloud"})', legend: "requested" },
            { expr: 'sum(cloud:govcloud_memory_working_set_bytes:sum{cloud="$cloud"})', legend: "used (working set)" },
          ],
        },
      ],
    },
    {
      row: "Departments on this node",
      panels: [
        {
          kind: "bargauge",
          title: "Requested vCPU by department (top 15)",
          w: 12,
          h: 10,
          queries: [
            {
              expr: 'topk(15, sum by (department) (govcloud_estate_requested_cpu_cores{cloud="$cloud"}))',
              legend: "{{department}}",
              instant: true,
            },
          ],
        },
        {
          kind: "bargauge",
          title: "Quota CPU utilisation by department (lowest 15)",
          unit: pct,
          w: 12,
          h: 10,
          queries: [
            {
              expr: 'bottomk(15, cloud_department:govcloud_quota_cpu_utilisation:ratio{cloud="$cloud"})',
              legend: "{{department}}",
              instant: true,
            },
          ],
        },
      ],
    },
  ],
};

export const department: DashboardSpec = {
  uid: "govcloud-department",
  title: "govcloud / Department (部门)",
  description:
    "One department (tenant): quota, real usage and idle quota per node, migration, budget holds, zombie candidates.",
  tags: ["govcloud"],
  variables: [
    { name: "department", label: "Department", query: "label_values(govcloud_estate_migration_systems, department)" },
  ],
  rows: [
    {
      row: "Migration and holds",
      panels: [
        {
          kind: "stat",
          title: "Migration rate 上云率",
          unit: pct,
          w: 6,
          h: 5,
          thresholds: [
            [null, "red"],
            [0.9, "orange"],
            [1, "green"],
          ],
          queries: [{ expr: 'department:govcloud_migration_rate:ratio{department="$department"}', legend: "上云率" }],
        },
        {
          kind: "stat",
          title: "Autonomy rate 自主可控率",
          unit: pct,
          w: 6,
          h: 5,
          thresholds: TARGET_80,
          queries: [
            { expr: 'department:govcloud_autonomy_rate:ratio{department="$department"}', legend: "自主可控率" },
          ],
        },
        {
          kind: "stat",
          title: "Overdue systems",
          w: 4,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [
            { expr: 'sum(govcloud_estate_migration_overdue_systems{department="$department"})', legend: "overdue" },
          ],
        },
        {
          kind: "stat",
          title: "Budget hold 预算冻结",
          w: 4,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [
            { expr: 'sum(govcloud_estate_budget_hold_systems{department="$department"})', legend: "systems on hold" },
          ],
        },
        {
          kind: "stat",
          title: "Zombie candidates 僵尸系统",
          w: 4,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "orange"],
          ],
          queries: [{ expr: 'sum(govcloud_zombie_candidates{department="$department"})', legend: "candidates" }],
        },
        {
          kind: "timeseries",
          title: "Systems by migration phase",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'sum by (phase) (govcloud_estate_migration_systems{department="$department"})',
              legend: "{{phase}}",
            },
          ],
        },
        {
          kind: "bargauge",
          title: "Zombie candidates by criterion",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'sum by (criterion) (govcloud_zombie_candidates{department="$department"})',
              legend: "{{criterion}}",
              instant: true,
            },
          ],
        },
      ],
    },
    {
      row: "Quota and usage",
      panels: [
        {
          kind: "timeseries",
          title: "CPU: quota, requested, used (cores)",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'sum by (cloud) (cloud_department:govcloud_quota_cpu_hard_cores:sum{department="$department"})',
              legend: "quota {{cloud}}",
            },
            {
              expr: 'sum by (cloud) (cloud_department:govcloud_requests_cpu_cores:sum{department="$department"})',
              legend: "requested {{cloud}}",
            },
            {
              expr: 'sum by (cloud) (cloud_department:govcloud_cpu_usage_cores:rate5m{department="$department"})',
              legend: "used {{cloud}}",
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Idle CPU quota (cores)",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'cloud_department:govcloud_quota_cpu_hard_cores:sum{department="$department"} - on (cloud, department) cloud_department:govcloud_cpu_usage_cores:rate5m{department="$department"}',
              legend: "{{cloud}}",
            },
          ],
        },
        {
          kind: "table",
          title: "Requested vCPU per system (catalog)",
          w: 24,
          h: 8,
          queries: [
            {
              expr: 'sort_desc(govcloud_estate_system_requested_cpu_cores{department="$department"})',
              legend: "{{system}} on {{cloud}}",
              instant: true,
            },
          ],
        },
      ],
    },
  ],
};

export const wall: DashboardSpec = {
  uid: "govcloud-wall",
  title: "govcloud / The wall (一城墙)",
  description:
    "Security baseline: open findings by severity, rule and age (since first seen), live findings, drift, exceptions by days to expiry, MLPS compliance per level.",
  tags: ["govcloud"],
  rows: [
    {
      row: "Findings",
      panels: [
        {
          kind: "stat",
          title: "Critical findings (catalog)",
          w: 6,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [{ expr: 'sum(govcloud_estate_findings{severity="critical"}) or vector(0)', legend: "critical" }],
        },
        {
          kind: "stat",
          title: "Critical findings (live, baseline operator)",
          w: 6,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "red"],
          ],
          queries: [{ expr: 'sum(govcloud_baseline_findings{severity="critical"}) or vector(0)', legend: "critical" }],
        },
        {
          kind: "bargauge",
          title: "MLPS compliance by level 等保",
          unit: pct,
          w: 12,
          h: 5,
          min: 0,
          max: 1,
          thresholds: TARGET_80,
          queries: [
            { expr: "mlps_level:govcloud_mlps_compliance:ratio", legend: "level {{mlps_level}}", instant: true },
          ],
        },
        {
          kind: "timeseries",
          title: "Open findings by severity (catalog)",
          w: 12,
          h: 8,
          queries: [{ expr: "sum by (severity) (govcloud_estate_findings)", legend: "{{severity}}" }],
        },
        {
          kind: "timeseries",
          title: "Open findings by severity (live)",
          w: 12,
          h: 8,
          queries: [{ expr: "sum by (severity) (govcloud_baseline_findings)", legend: "{{severity}}" }],
        },
        {
          kind: "table",
          title: "Rules with open findings",
          w: 12,
          h: 9,
          queries: [{ expr: "sort_desc(govcloud_estate_rule_findings)", legend: "{{rule}}", instant: true }],
        },
        {
          kind: "table",
          title: "Namespaces with live findings (top 20)",
          w: 12,
          h: 9,
          queries: [
            {
              expr: "topk(20, sum by (namespace, severity) (govcloud_baseline_findings))",
              legend: "{{namespace}} {{severity}}",
              instant: true,
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Open findings by age (live) 按存续时长",
          w: 12,
          h: 8,
          queries: [{ expr: "sum by (age) (severity_age:govcloud_baseline_findings_by_age:sum)", legend: "{{age}}" }],
        },
        {
          kind: "table",
          title: "Open findings by severity and age (live)",
          w: 12,
          h: 8,
          queries: [
            {
              expr: "sort_desc(severity_age:govcloud_baseline_findings_by_age:sum)",
              legend: "{{severity}} {{age}}",
              instant: true,
            },
          ],
        },
      ],
    },
    {
      row: "Drift and exceptions",
      panels: [
        {
          kind: "timeseries",
          title: "Drift detected and reverted (per hour)",
          w: 12,
          h: 8,
          queries: [
            {
              expr: "sum by (kind) (increase(govcloud_baseline_drift_detected_total[1h]))",
              legend: "detected {{kind}}",
            },
            {
              expr: "sum by (kind) (increase(govcloud_baseline_drift_reverted_total[1h]))",
              legend: "reverted {{kind}}",
            },
          ],
        },
        {
          kind: "bargauge",
          title: "Exceptions by days to expiry",
          w: 6,
          h: 8,
          queries: [{ expr: "govcloud_estate_exceptions", legend: "{{window}}", instant: true }],
        },
        {
          kind: "table",
          title: "Exceptions expiring within 30 days (days left)",
          w: 6,
          h: 8,
          queries: [
            {
              expr: "sort((govcloud_estate_exception_expiry_timestamp_seconds - time()) / 86400 < 30)",
              legend: "{{exception}} ({{rule}})",
              instant: true,
            },
          ],
        },
      ],
    },
  ],
};

export const operators: DashboardSpec = {
  uid: "govcloud-operators",
  title: "govcloud / Operators (运维控制器)",
  description: "The govcloud operators: replicas and leader, work queues, reconciles and errors, watches.",
  tags: ["govcloud"],
  variables: [
    {
      name: "controller",
      label: "Controller",
      query: "label_values(govcloud_workqueue_depth, controller)",
      multi: true,
    },
  ],
  rows: [
    {
      row: "Health",
      panels: [
        {
          kind: "stat",
          title: "Replicas up",
          w: 6,
          h: 5,
          thresholds: [
            [null, "red"],
            [1, "orange"],
            [2, "green"],
          ],
          queries: [{ expr: 'sum(up{job="govcloud-operators"})', legend: "up" }],
        },
        {
          kind: "stat",
          title: "Leaders",
          w: 6,
          h: 5,
          thresholds: [
            [null, "red"],
            [1, "green"],
            [2, "red"],
          ],
          queries: [{ expr: "sum(govcloud_leader_election_is_leader)", legend: "leaders" }],
        },
        {
          kind: "stat",
          title: "Caches synced",
          w: 6,
          h: 5,
          queries: [{ expr: 'min(govcloud_controller_cache_synced{controller=~"$controller"})', legend: "synced" }],
        },
        {
          kind: "stat",
          title: "Reconcile errors (10 min)",
          w: 6,
          h: 5,
          thresholds: [
            [null, "green"],
            [1, "orange"],
          ],
          queries: [
            {
              expr: 'sum(increase(govcloud_controller_reconcile_errors_total{controller=~"$controller"}[10m]))',
              legend: "errors",
            },
          ],
        },
      ],
    },
    {
      row: "Work queues and reconciles",
      panels: [
        {
          kind: "timeseries",
          title: "Queue depth",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'sum by (controller) (govcloud_workqueue_depth{controller=~"$controller"})',
              legend: "{{controller}}",
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Reconciles by result",
          unit: "ops",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'sum by (controller, result) (rate(govcloud_controller_reconcile_total{controller=~"$controller"}[$__rate_interval]))',
              legend: "{{controller}} {{result}}",
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Reconcile duration p50 / p99",
          unit: "s",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'histogram_quantile(0.5, sum by (controller, le) (rate(govcloud_controller_reconcile_duration_seconds_bucket{controller=~"$controller"}[$__rate_interval])))',
              legend: "p50 {{controller}}",
            },
            {
              expr: 'histogram_quantile(0.99, sum by (controller, le) (rate(govcloud_controller_reconcile_duration_seconds_bucket{controller=~"$controller"}[$__rate_interval])))',
              legend: "p99 {{controller}}",
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Queue wait p99 and adds / retries",
          w: 12,
          h: 8,
          queries: [
            {
              expr: 'histogram_quantile(0.99, sum by (controller, le) (rate(govcloud_workqueue_queue_duration_seconds_bucket{controller=~"$controller"}[$__rate_interval])))',
              legend: "wait p99 {{controller}} (s)",
            },
            {
              expr: 'sum by (controller) (rate(govcloud_workqueue_adds_total{controller=~"$controller"}[$__rate_interval]))',
              legend: "adds/s {{controller}}",
            },
            {
              expr: 'sum by (controller) (rate(govcloud_workqueue_retries_total{controller=~"$controller"}[$__rate_interval]))',
              legend: "retries/s {{controller}}",
            },
          ],
        },
      ],
    },
    {
      row: "Watches",
      panels: [
        {
          kind: "timeseries",
          title: "Watch restarts by reason",
          w: 12,
          h: 8,
          queries: [
            {
              expr: "sum by (resource, reason) (increase(govcloud_reflector_watch_restarts_total[$__rate_interval]))",
              legend: "{{resource}} {{reason}}",
            },
          ],
        },
        {
          kind: "timeseries",
          title: "Re-lists",
          w: 12,
          h: 8,
          queries: [
            {
              expr: "sum by (resource) (increase(govcloud_reflector_relists_total[$__rate_interval]))",
              legend: "{{resource}}",
            },
          ],
        },
      ],
    },
  ],
};

export const DASHBOARDS: readonly DashboardSpec[] = [province, cloudNode, department, wall, operators];
