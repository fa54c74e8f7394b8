/**
 * The KPI figures over govcloud_estate_* families (metric name → samples), the same formulas as the
 * KPI recording rules of dashboards/rules (whose expressions are evaluated as they are when a
 * Prometheus is given: KPI_RECORDS maps each KPI to its rule).
 */
import { MIGRATION_EXCLUDED_PHASES, MIGRATION_ON_CLOUD_PHASES, type Sample } from "../metrics/index.js";

/** 上云率's numerator and the phases left out of its denominator (metrics/labels.ts). */
export const ON_CLOUD: ReadonlySet<string> = new Set(MIGRATION_ON_CLOUD_PHASES);
export const EXCLUDED: ReadonlySet<string> = new Set(MIGRATION_EXCLUDED_PHASES);

export type Families = ReadonlyMap<string, readonly Sample[]>;

export const sumOf = (
  f: Families,
  name: string,
  where: (l: Readonly<Record<string, string>>) => boolean = () => true,
): number => (f.get(name) ?? []).filter((s) => where(s.labels)).reduce((a, s) => a + s.value, 0);

export const has = (f: Families, name: string): boolean => (f.get(name)?.length ?? 0) > 0;

export const ratio = (num: number, den: number): number | undefined => (den > 0 ? num / den : undefined);

/** Sums by one label. */
export function sumBy(
  f: Families,
  name: string,
  label: string,
  where: (l: Readonly<Record<string, string>>) => boolean = () => true,
): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of f.get(name) ?? [])
    if (where(s.labels)) m.set(s.labels[label] ?? "", (m.get(s.labels[label] ?? "") ?? 0) + s.value);
  return m;
}

/** The KPI recording rule each headline KPI is; its expression gives the measured value and trend. */
export const KPI_RECORDS = {
  migration: "govcloud:migration_rate:ratio",
  autonomy: "govcloud:autonomy_rate:ratio",
  ipv6: "govcloud:ipv6_coverage:ratio",
  mlps: "govcloud:mlps_compliance:ratio",
  dr: "govcloud:dr_coverage:ratio",
} as const;

/** The per-department recording rule of the KPIs that have one (a department's report measures these). */
export const DEPARTMENT_KPI_RECORDS = {
  migration: "department:govcloud_migration_rate:ratio",
  autonomy: "department:govcloud_autonomy_rate:ratio",
} as const;

/** KPIs of the whole province by nature (the network): the same figure in every department's report. */
export const PROVINCIAL_KPIS: ReadonlySet<string> = new Set(["ipv6", "backbone"]);

/** Headline KPIs from families, as the rules compute them (undefined when the denominator is absent). */
export function kpiFigures(f: Families): Record<string, number | undefined> {
  const systems = sumOf(f, "govcloud_estate_systems");
  const migSystems = sumOf(f, "govcloud_estate_migration_systems", (l) => !EXCLUDED.has(l.phase ?? ""));
  const planes = new Set((f.get("govcloud_estate_network_nodes_ipv6") ?? []).map((s) => s.labels.plane)).size;
  const links = sumOf(f, "govcloud_estate_backbone_links");
  return {
    migration: ratio(
      sumOf(f, "govcloud_estate_migration_systems", (l) => ON_CLOUD.has(l.phase ?? "")),
      migSystems,
    ),
    autonomy: ratio(
      sumOf(f, "govcloud_estate_systems", (l) => l.domestic === "true"),
      systems,
    ),
    ipv6: ratio(sumOf(f, "govcloud_estate_network_nodes_ipv6"), sumOf(f, "govcloud_estate_network_nodes") * planes),
    backbone: links > 0 ? 1 - sumOf(f, "govcloud_estate_backbone_links_below_target") / links : undefined,
    mlps: systems > 0 ? 1 - sumOf(f, "govcloud_estate_mlps_noncompliant_systems") / systems : undefined,
    dr: ratio(sumOf(f, "govcloud_estate_dr_pairs"), sumOf(f, "govcloud_estate_dr_required_systems")),
    findings: has(f, "govcloud_estate_findings") || systems > 0 ? sumOf(f, "govcloud_estate_findings") : undefined,
    exceptions: sumOf(f, "govcloud_estate_exceptions", (l) => ["expired", "7d", "14d"].includes(l.window ?? "")),
    holds: sumOf(f, "govcloud_estate_budget_hold_systems"),
  };
}
