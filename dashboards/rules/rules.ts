/**
 * Recording rules for the KPIs of seed 002 and the alerts of the mixin, as plain data. Rendered as a
 * Prometheus rule file (render.ts) and as a PrometheusRule object (stacks/platform). Every alert has a
 * severity and a runbook under docs/runbooks/; every rule has promtool unit tests in tests/*.yaml.
 */
import { MIGRATION_EXCLUDED_PHASES, MIGRATION_ON_CLOUD_PHASES } from "../../metrics/index.js";

export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface AlertingRule {
  readonly alert: string;
  readonly expr: string;
  readonly for?: string;
  readonly severity: "critical" | "warning" | "info";
  /** docs/runbooks/<runbook>.md */
  readonly runbook: string;
  readonly summary: string;
  readonly description: string;
}

export interface RuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: readonly (RecordingRule | AlertingRule)[];
}

/**
 * Where runbook_url points by default: `docs/runbooks/`, the runbooks' path relative to the repository root. The
 * project has no canonical public URL (package.json names no repository), and an invented one would send on-call
 * staff to a 404; a relative path is true wherever the repository is read. A deployment sets its own absolute base
 * (its git server's `.../blob/main/docs/runbooks/`, or an intranet docs site) with GOVCLOUD_RUNBOOK_BASE when
 * running `govcloud plan`: the PrometheusRule in the plan then links there (docs/metrics.md, Runbooks).
 */
export const RUNBOOK_BASE = "docs/runbooks/";

/** A runbook base as given (GOVCLOUD_RUNBOOK_BASE): trailing slash added; empty or unset gives RUNBOOK_BASE. */
export function runbookBase(given: string | undefined): string {
  const b = given?.trim();
  return b ? (b.endsWith("/") ? b : `${b}/`) : RUNBOOK_BASE;
}

/** Alert thresholds: what "far below quota", "capacity high" mean. */
export const THRESHOLDS = {
  /** Requested share of a cloud node's capacity above which it is short (issue 14). */
  capacityRequested: 0.85,
  /** Real CPU use below this share of a department's quota is idle quota. */
  quotaIdle: 0.1,
  /** Only quotas of at least this many cores are judged idle. */
  quotaIdleMinCores: 4,
  /** Exceptions expiring within this many days are reported. */
  exceptionDays: 14,
  /** Watch restarts that are not the normal timeout or 410 re-list, per resource, in 15 minutes. */
  watchRestarts: 3,
  /** Reconciles returning errors, as a share of all reconciles over 10 minutes. */
  reconcileErrorRatio: 0.1,
} as const;

const nsDept = "namespace:govcloud_department:info";
/** Adds cloud and department to a namespaced vector through the namespaces' govcloud.io labels. */
const byDept = (expr: string) =>
  `sum by (cloud, department) (${expr} * on (namespace) group_left (cloud, department) ${nsDept})`;

/** A share that is 0, not absent, where the numerator's selector matches nothing: (num or 0 * den) / den. */
const share = (metric: string, matcher: string, by = "", base = "") => {
  const agg = by ? `sum by (${by})` : "sum";
  const all = base ? `${metric}{${base}}` : metric;
  return `(${agg} (${metric}{${matcher}}) or 0 * ${agg} (${all})) / ${agg} (${all})`;
};
/** 上云率: on the cloud over the systems that must be (metrics/labels.ts; docs/migration.md). */
const MIGRATED = `phase=~"${MIGRATION_ON_CLOUD_PHASES.join("|")}"`;
const MUST_MIGRATE = `phase!~"${MIGRATION_EXCLUDED_PHASES.join("|")}"`;

export const RECORDING: RuleGroup[] = [
  {
    name: "govcloud-kpi.rules",
    rules: [
      // 上云率: systems on the cloud (built there, migrated, decommissioned) over the systems that must be
      // (all but exempt and retired)
      {
        record: "govcloud:migration_rate:ratio",
        expr: share("govcloud_estate_migration_systems", MIGRATED, "", MUST_MIGRATE),
      },
      {
        record: "department:govcloud_migration_rate:ratio",
        expr: share("govcloud_estate_migration_systems", MIGRATED, "department", MUST_MIGRATE),
      },
      // 自主可控率 (信创): systems on a domestic CPU + OS stack
      { record: "govcloud:autonomy_rate:ratio", expr: share("govcloud_estate_systems", 'domestic="true"') },
      {
        record: "cloud:govcloud_autonomy_rate:ratio",
        expr: share("govcloud_estate_systems", 'domestic="true"', "cloud"),
      },
      {
        record: "department:govcloud_autonomy_rate:ratio",
        expr: share("govcloud_estate_systems", 'domestic="true"', "department"),
      },
      // IPv6 coverage of extranet nodes, per level and plane, and overall
      {
        record: "level_plane:govcloud_ipv6_coverage:ratio",
        expr: "govcloud_estate_network_nodes_ipv6 / on (level) group_left govcloud_estate_network_nodes",
      },
      {
        record: "govcloud:ipv6_coverage:ratio",
        expr: "sum(govcloud_estate_network_nodes_ipv6) / (sum(govcloud_estate_network_nodes) * scalar(count(count by (plane) (govcloud_estate_network_nodes_ipv6))))",
      },
      // MLPS (等保) compliance: systems with no open MLPS finding, per level
      {
        record: "mlps_level:govcloud_mlps_compliance:ratio",
        expr: "1 - sum by (mlps_level) (govcloud_estate_mlps_noncompliant_systems) / sum by (mlps_level) (govcloud_estate_systems)",
      },
      {
        record: "govcloud:mlps_compliance:ratio",
        expr: "1 - sum(govcloud_estate_mlps_noncompliant_systems) / sum(govcloud_estate_systems)",
      },
      // DR coverage: systems with their DR partner placed
      {
        record: "dr_level:govcloud_dr_coverage:ratio",
        expr: "govcloud_estate_dr_pairs / govcloud_estate_dr_required_systems > -1",
      },
      {
        record: "govcloud:dr_coverage:ratio",
        expr: "sum(govcloud_estate_dr_pairs) / sum(govcloud_estate_dr_required_systems)",
      },
      // requested share of every cloud node's capacity
      {
        record: "cloud:govcloud_requested_cpu:ratio",
        expr: "sum by (cloud) (govcloud_estate_requested_cpu_cores) / on (cloud) sum by (cloud) (govcloud_estate_cloud_capacity_cpu_cores)",
      },
      {
        record: "cloud:govcloud_requested_memory:ratio",
        expr: "sum by (cloud) (govcloud_estate_requested_memory_bytes) / on (cloud) sum by (cloud) (govcloud_estate_cloud_capacity_memory_bytes)",
      },
      {
        record: "cloud:govcloud_requested_storage:ratio",
        expr: "sum by (cloud) (govcloud_estate_requested_storage_bytes) / on (cloud) sum by (cloud) (govcloud_estate_cloud_capacity_storage_bytes)",
      },
    ],
  },
  {
    name: "govcloud-usage.rules",
    rules: [
      // which department and cloud node a namespace belongs to (kube-state-metrics with the govcloud.io labels allow-listed)
      {
        record: nsDept,
        expr: 'max by (namespace, cloud, department) (label_replace(label_replace(kube_namespace_labels{label_govcloud_io_department!=""}, "department", "$1", "label_govcloud_io_department", "(.+)"), "cloud", "$1", "label_govcloud_io_cloud", "(.*)"))',
      },
      {
        record: "cloud_department:govcloud_quota_cpu_hard_cores:sum",
        expr: byDept('kube_resourcequota{type="hard", resource="requests.cpu"}'),
      },
      {
        record: "cloud_department:govcloud_quota_memory_hard_bytes:sum",
        expr: byDept('kube_resourcequota{type="hard", resource="requests.memory"}'),
      },
      {
        record: "cloud_department:govcloud_requests_cpu_cores:sum",
        expr: byDept('kube_pod_container_resource_requests{resource="cpu"}'),
      },
      {
        record: "cloud_department:govcloud_requests_memory_bytes:sum",
        expr: byDept('kube_pod_container_resource_requests{resource="memory"}'),
      },
      {
        record: "cloud_department:govcloud_cpu_usage_cores:rate5m",
        expr: byDept('rate(container_cpu_usage_seconds_total{container!=""}[5m])'),
      },
      {
        record: "cloud_department:govcloud_memory_working_set_bytes:sum",
        expr: byDept('container_memory_working_set_bytes{container!=""}'),
      },
      { record: "cloud_department:govcloud_volume_used_bytes:sum", expr: byDept("kubelet_volume_stats_used_bytes") },
      {
        record: "cloud_department:govcloud_quota_cpu_utilisation:ratio",
        expr: "cloud_department:govcloud_cpu_usage_cores:rate5m / cloud_department:govcloud_quota_cpu_hard_cores:sum",
      },
      {
        record: "cloud_department:govcloud_quota_memory_utilisation:ratio",
        expr: "cloud_department:govcloud_memory_working_set_bytes:sum / cloud_department:govcloud_quota_memory_hard_bytes:sum",
      },
      {
        record: "cloud:govcloud_cpu_usage_cores:rate5m",
        expr: "sum by (cloud) (cloud_department:govcloud_cpu_usage_cores:rate5m)",
      },
      {
        record: "cloud:govcloud_cpu_utilisation:ratio",
        expr: "cloud:govcloud_cpu_usage_cores:rate5m / on (cloud) sum by (cloud) (govcloud_estate_cloud_capacity_cpu_cores)",
      },
      {
        record: "cloud:govcloud_memory_working_set_bytes:sum",
        expr: "sum by (cloud) (cloud_department:govcloud_memory_working_set_bytes:sum)",
      },
      {
        record: "cloud:govcloud_memory_utilisation:ratio",
        expr: "cloud:govcloud_memory_working_set_bytes:sum / on (cloud) sum by (cloud) (govcloud_estate_cloud_capacity_memory_bytes)",
      },
    ],
  },
  {
    name: "govcloud-wall.rules",
    rules: [
      // The wall's findings by age: open live findings by severity and age band since first seen, over every cluster
      {
        record: "severity_age:govcloud_baseline_findings_by_age:sum",
        expr: "sum by (severity, age) (govcloud_baseline_findings_by_age)",
      },
    ],
  },
];

const T = THRESHOLDS;

export const ALERTS: RuleGroup[] = [
  {
    name: "govcloud-estate.alerts",
    rules: [
      {
        alert: "GovcloudCloudCapacityHigh",
        expr: `max by (cloud) (cloud:govcloud_requested_cpu:ratio > ${T.capacityRequested} or cloud:govcloud_requested_memory:ratio > ${T.capacityRequested})`,
        for: "15m",
        severity: "warning",
        runbook: "cloud-capacity-high",
        summary: "Cloud node {{ $labels.cloud }} is more than 85% requested.",
        description:
          "The systems placed on {{ $labels.cloud }} request {{ $value | humanizePercentage }} of its vCPU or memory capacity.",
      },
      {
        alert: "GovcloudQuotaIdle",
        expr: `cloud_department:govcloud_quota_cpu_utilisation:ratio < ${T.quotaIdle} and on (cloud, department) cloud_department:govcloud_quota_cpu_hard_cores:sum >= ${T.quotaIdleMinCores}`,
        for: "7d",
        severity: "info",
        runbook: "quota-idle",
        summary: "Department {{ $labels.department }} uses far less than its quota on {{ $labels.cloud }}.",
        description:
          "Real CPU use has stayed at {{ $value | humanizePercentage }} of the department's quota for a week.",
      },
      {
        alert: "GovcloudMigrationOverdue",
        expr: "max by (department) (govcloud_estate_migration_overdue_systems) > 0",
        for: "1h",
        severity: "warning",
        runbook: "migration-overdue",
        summary: "{{ $value }} system(s) of {{ $labels.department }} missed their migration deadline.",
        description: "Systems past their migration-to-cloud deadline and not migrated (seed 001).",
      },
      {
        alert: "GovcloudBudgetHold",
        expr: "max by (department) (govcloud_estate_budget_hold_systems) > 0 or max by (department) (govcloud_budget_hold_systems) > 0",
        for: "1h",
        severity: "warning",
        runbook: "budget-hold",
        summary: "Department {{ $labels.department }} is on budget hold.",
        description:
          "{{ $value }} overdue system(s) put the department on budget hold: it may not apply for budget until they migrate (seed 001).",
      },
      {
        alert: "GovcloudExceptionExpiringSoon",
        expr: `(govcloud_estate_exception_expiry_timestamp_seconds - time()) / 86400 < ${T.exceptionDays} and govcloud_estate_exception_expiry_timestamp_seconds > time()`,
        severity: "warning",
        runbook: "exception-expiring",
        summary: "Policy exception {{ $labels.exception }} expires in {{ $value | humanize }} days.",
        description:
          "Exception {{ $labels.exception }} to rule {{ $labels.rule }} expires within 14 days: renew it with a new approval, or fix the finding it covers.",
      },
      {
        alert: "GovcloudCriticalCatalogFinding",
        expr: 'sum by (rule, pack) (govcloud_estate_rule_findings{severity="critical"}) > 0',
        severity: "critical",
        runbook: "critical-findings",
        summary: "Critical finding {{ $labels.rule }} in the catalog.",
        description:
          "{{ $value }} open critical finding(s) of rule {{ $labels.rule }} ({{ $labels.pack }}) in the catalog or its plan.",
      },
      {
        alert: "GovcloudDrPartnerShortfall",
        expr: "max by (cloud) (govcloud_estate_dr_partner_shortfall_cpu_cores) > 0 or max by (cloud) (govcloud_estate_dr_drill_failed) > 0",
        severity: "warning",
        runbook: "dr-partner-shortfall",
        summary: "Losing {{ $labels.cloud }} cannot be absorbed by its DR partners.",
        description:
          "The failure drill of {{ $labels.cloud }} fails: its DR partner sites lack the capacity to take over, or a system loses service. `govcloud dr` shows the drill.",
      },
      {
        alert: "GovcloudCatalogInvalid",
        expr: "govcloud_estate_catalog_valid == 0",
        for: "10m",
        severity: "warning",
        runbook: "catalog-invalid",
        summary: "The catalog the exporter reads does not validate.",
        description:
          "The estate exporter serves the last good state; run `govcloud validate` on the catalog to see why.",
      },
      {
        alert: "GovcloudZombieCandidates",
        expr: "sum by (department) (govcloud_zombie_candidates) > 0",
        for: "1d",
        severity: "info",
        runbook: "zombie-candidates",
        summary: "{{ $value }} zombie-system candidate(s) in {{ $labels.department }}.",
        description: "Systems meeting a criterion of seed 003 (僵尸信息系统): review them for clean-up.",
      },
    ],
  },
  {
    name: "govcloud-wall.alerts",
    rules: [
      {
        alert: "GovcloudCriticalBaselineFinding",
        expr: 'sum by (rule, namespace) (govcloud_baseline_findings{severity="critical"}) > 0',
        for: "5m",
        severity: "critical",
        runbook: "critical-findings",
        summary: "Critical baseline finding {{ $labels.rule }} in {{ $labels.namespace }}.",
        description: "A live object in {{ $labels.namespace }} fails the critical rule {{ $labels.rule }}.",
      },
      {
        alert: "GovcloudDriftReverted",
        expr: "sum by (kind) (increase(govcloud_baseline_drift_reverted_total[1h])) > 0",
        severity: "warning",
        runbook: "drift-reverted",
        summary: "The baseline operator reverted drift of {{ $labels.kind }} objects.",
        description:
          "Planned {{ $labels.kind }} objects were changed outside the catalog in the last hour and reverted to their planned state.",
      },
    ],
  },
  {
    name: "govcloud-operators.alerts",
    rules: [
      {
        alert: "GovcloudOperatorDown",
        expr: 'absent(up{job="govcloud-operators"} == 1)',
        for: "5m",
        severity: "critical",
        runbook: "operator-down",
        summary: "No govcloud operator replica is up.",
        description: "Prometheus scrapes no healthy replica of the operators (job govcloud-operators).",
      },
      {
        alert: "GovcloudOperatorLeaderless",
        expr: 'sum by (lease) (govcloud_leader_election_is_leader) < 1 and on () count(up{job="govcloud-operators"} == 1) > 0',
        for: "2m",
        severity: "critical",
        runbook: "operator-leaderless",
        summary: "No replica holds the Lease {{ $labels.lease }}.",
        description: "Operator replicas are up but none leads: nothing is reconciled.",
      },
      {
        alert: "GovcloudOperatorSplitBrain",
        expr: "sum by (lease) (govcloud_leader_election_is_leader) > 1",
        for: "1m",
        severity: "critical",
        runbook: "operator-leaderless",
        summary: "{{ $value }} replicas believe they hold the Lease {{ $labels.lease }}.",
        description: "More than one operator replica acts as leader.",
      },
      {
        alert: "GovcloudWatchRestarts",
        expr: `sum by (resource) (increase(govcloud_reflector_watch_restarts_total{reason=~"error|stall|closed"}[15m])) > ${T.watchRestarts}`,
        severity: "warning",
        runbook: "watch-restarts",
        summary: "Watches on {{ $labels.resource }} keep restarting.",
        description:
          "More than 3 watch restarts on errors, stalls or closed streams in 15 minutes (timeouts and 410 re-lists are normal and not counted).",
      },
      {
        alert: "GovcloudReconcileErrors",
        expr: `sum by (controller) (rate(govcloud_controller_reconcile_errors_total[10m])) / sum by (controller) (rate(govcloud_controller_reconcile_total[10m])) > ${T.reconcileErrorRatio}`,
        for: "15m",
        severity: "warning",
        runbook: "reconcile-errors",
        summary: "Controller {{ $labels.controller }} fails {{ $value | humanizePercentage }} of its reconciles.",
        description: "Reconciles return errors; keys are retried with backoff.",
      },
    ],
  },
];

export const RULE_GROUPS: RuleGroup[] = [...RECORDING, ...ALERTS];

export const isAlert = (r: RecordingRule | AlertingRule): r is AlertingRule => "alert" in r;
export const allAlerts = (): AlertingRule[] => ALERTS.flatMap((g) => g.rules.filter(isAlert));
export const allRecords = (): RecordingRule[] =>
  RECORDING.flatMap((g) => g.rules.filter((r): r is RecordingRule => !isAlert(r)));
