/**
 * The estate exporter's figures: a pure function of a loaded Estate and its `govcloud check`
 * evaluation, giving every govcloud_estate_* family as plain samples. Rendering and serving are in
 * server.ts; nothing here does I/O.
 */
import { neverOnCloud, requestQuota, runsOnCloud, zeroQuota, type Estate } from "../../catalog/index.js";
import { systemKeyOf } from "../../kube/index.js";
import { metric, renderExposition, type MetricDefinition, type Sample } from "../../metrics/index.js";
import { checkChange, type Evaluation } from "../../policies/index.js";
import { allDrills, drPlan, levelSpec } from "../../stacks/dr/index.js";
import { budgetHoldApplies, daysOverdue, declaredUsageZombie } from "../../stacks/migration/index.js";
import { addressPlan, backbone, LEVELS } from "../../stacks/network/index.js";

export interface Family {
  readonly def: MetricDefinition;
  readonly samples: readonly Sample[];
}

const GIB = 1024 ** 3;
const DAY = 86_400;
const DOMESTIC_CPUS = new Set(["kunpeng", "phytium", "hygon", "zhaoxin", "loongson"]);
const DOMESTIC_OSES = new Set(["kylin", "uos", "openeuler"]);

/** The same evaluation as `govcloud check` without options (the `checkChange` use case): every rule over the catalog and every planned object. */
export function checkEvaluation(estate: Estate, today: string): Evaluation {
  return checkChange({ estate, today }).evaluation;
}

/** A YAML date (js-yaml gives a Date, the exact path a string) as YYYY-MM-DD. */
const isoDay = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
const dayStart = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / 1000;

/** Sums values into a map keyed by the label values joined with \u0000. */
class Counts {
  private readonly m = new Map<string, { labels: Record<string, string>; value: number }>();
  add(labels: Record<string, string>, value = 1): void {
    const key = Object.values(labels).join("\u0000");
    const hit = this.m.get(key);
    if (hit) hit.value += value;
    else this.m.set(key, { labels, value });
  }
  ensure(labels: Record<string, string>): void {
    this.add(labels, 0);
  }
  samples(): Sample[] {
    return [...this.m.values()]
      .sort((a, b) => cmpLabels(a.labels, b.labels))
      .map((s) => ({ labels: s.labels, value: round(s.value) }));
  }
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;
const cmpLabels = (a: Record<string, string>, b: Record<string, string>): number => {
  const ka = Object.values(a).join("\u0000");
  const kb = Object.values(b).join("\u0000");
  return ka < kb ? -1 : ka > kb ? 1 : 0;
};

export const WINDOWS = [
  ["expired", 0],
  ["7d", 7],
  ["14d", 14],
  ["30d", 30],
  ["90d", 90],
] as const;

/** The window of an exception expiring on `expires` (inclusive), judged on `today`. */
export function expiryWindow(expires: string, today: string): string {
  const days = (dayStart(expires) - dayStart(today)) / DAY;
  if (days < 0) return "expired";
  for (const [name, limit] of WINDOWS) if (name !== "expired" && days <= limit) return name;
  return "later";
}

/**
 * Which part of the estate the families count. `department`: only that department's systems, their
 * findings (on the catalog or on their planned objects), DR placements and exceptions; what belongs to
 * no department stays whole (cloud nodes' capacity, the network, the DR drills of whole nodes).
 */
export interface FamilyScope {
  readonly department?: string;
}

/**
 * Every govcloud_estate_* family of the estate (not the exporter's own: catalog_valid, reloads,
 * timestamps, render duration), samples sorted by labels, families in definition order. With a
 * department scope, the same families counted over that department only (the situation report of one
 * department); the exporter itself always serves the whole estate.
 */
export function estateFamilies(
  estate: Estate,
  evaluation: Evaluation,
  today: string,
  scope: FamilyScope = {},
): Family[] {
  const dept = scope.department;
  const inScope = (department: string | undefined): boolean => dept === undefined || department === dept;
  const requests = estate.requests.filter((r) => inScope(r.doc.spec.department));
  const systemInScope = (key: string | undefined): boolean =>
    dept === undefined || (key !== undefined && estate.index.request.get(key)?.doc.spec.department === dept);
  const f = new Map<string, Counts>();
  const c = (name: string) => {
    let x = f.get(name);
    if (!x) f.set(name, (x = new Counts()));
    return x;
  };

  // capacity
  for (const cloud of estate.clouds) {
    const labels = { cloud: cloud.doc.metadata.name, tier: cloud.doc.spec.tier };
    const cap = cloud.doc.spec.capacity;
    c("govcloud_estate_cloud_capacity_cpu_cores").add(labels, cap.vcpu);
    c("govcloud_estate_cloud_capacity_memory_bytes").add(labels, cap.memoryGiB * GIB);
    c("govcloud_estate_cloud_capacity_storage_bytes").add(labels, cap.storageTiB * 1024 * GIB);
  }

  // requests and systems
  for (const r of requests) {
    const s = r.doc.spec;
    // An exempt or retired system reserves nothing, as validate's capacity figures say (catalog cloudUsage).
    const q = neverOnCloud(s) ? zeroQuota() : requestQuota(r.doc, estate.index.offering);
    const cd = { cloud: s.cloud, department: s.department };
    c("govcloud_estate_requested_cpu_cores").add(cd, q.vcpu);
    c("govcloud_estate_requested_memory_bytes").add(cd, q.memoryGiB * GIB);
    c("govcloud_estate_requested_storage_bytes").add(cd, q.storageGiB * GIB);
    const sys = { ...cd, system: r.doc.metadata.name };
    c("govcloud_estate_system_requested_cpu_cores").add(sys, q.vcpu);
    c("govcloud_estate_system_requested_memory_bytes").add(sys, q.memoryGiB * GIB);
    c("govcloud_estate_system_requested_storage_bytes").add(sys, q.storageGiB * GIB);
    const phase = s.migration?.phase ?? "native";
    const domestic = DOMESTIC_CPUS.has(s.platform.cpu) && DOMESTIC_OSES.has(s.platform.os);
    c("govcloud_estate_systems").add({
      ...cd,
      mlps_level: String(s.mlpsLevel),
      data_level: s.dataLevel,
      dr_level: String(s.dr.level),
      domestic: String(domestic),
      phase,
    });
    c("govcloud_estate_migration_systems").add({ department: s.department, phase });
    const overdue = daysOverdue(estate, r, today) > 0;
    c("govcloud_estate_migration_overdue_systems").add({ department: s.department }, overdue ? 1 : 0);
    c("govcloud_estate_budget_hold_systems").add(
      { department: s.department },
      overdue && budgetHoldApplies(estate, r) ? 1 : 0,
    );
    // zombie candidates from declared usage (the judgement of GOV-ZOMBIE-001)
    const zombie = declaredUsageZombie(r, today);
    c("govcloud_estate_zombie_candidate_systems").add({ department: s.department }, zombie.candidate ? 1 : 0);
    if (zombie.candidate)
      for (const criterion of zombie.met)
        c("govcloud_estate_zombie_candidates").add({ department: s.department, criterion });
  }

  // network
  const plan = addressPlan(estate);
  const bb = backbone(estate, plan);
  const planes = estate.network.doc.spec.planes.map((p) => p.name);
  for (const level of LEVELS) {
    const cov = bb.coverage[level];
    c("govcloud_estate_network_nodes").add({ level }, cov.nodes);
    c("govcloud_estate_network_nodes_connected").add({ level }, cov.connected);
    for (const plane of planes) c("govcloud_estate_network_nodes_ipv6").add({ level, plane }, cov.ipv6[plane] ?? 0);
  }
  for (const t of ["province-city", "city-county"]) {
    c("govcloud_estate_backbone_links").ensure({ link_tier: t });
    c("govcloud_estate_backbone_links_below_target").ensure({ link_tier: t });
  }
  for (const l of bb.links) {
    const t = { link_tier: l.level === "city" ? "province-city" : "city-county" };
    c("govcloud_estate_backbone_links").add(t);
    c("govcloud_estate_backbone_links_below_target").add(t, l.meetsTarget ? 0 : 1);
  }

  // disaster recovery
  const dr = drPlan(estate);
  for (let level = 1; level <= 6; level++) {
    c("govcloud_estate_dr_required_systems").ensure({ dr_level: String(level) });
    c("govcloud_estate_dr_pairs").ensure({ dr_level: String(level) });
  }
  // The systems the DR plan pairs: those on the cloud (a system still in its legacy location, exempt or
  // retired has no cloud DR to cover; the migration rate counts it).
  for (const r of requests)
    if (runsOnCloud(r.doc.spec))
      c("govcloud_estate_dr_required_systems").add({ dr_level: String(r.doc.spec.dr.level) });
  for (const p of dr.pairing.pairs) {
    if (!systemInScope(p.system)) continue;
    const placed =
      levelSpec(p.level).mode === "backup" ? p.backup !== undefined : p.standby !== undefined || p.active !== undefined;
    if (placed) c("govcloud_estate_dr_pairs").add({ dr_level: String(p.level) });
  }
  for (const i of dr.pairing.issues)
    if (i.system !== undefined && systemInScope(i.system))
      c("govcloud_estate_dr_unplaced_systems").add({ constraint: i.constraint });
  c("govcloud_estate_dr_drills").ensure({ drill: "passed" });
  c("govcloud_estate_dr_drills").ensure({ drill: "failed" });
  const nodeDrills = new Map<string, { failed: boolean; shortfall: number }>();
  for (const d of allDrills(dr.pairing)) {
    c("govcloud_estate_dr_drills").add({ drill: d.ok ? "passed" : "failed" });
    if (d.fail.node === undefined) continue;
    const shortfall = Object.values(d.shortfall).reduce((n, s) => n + s.vcpu, 0);
    nodeDrills.set(d.fail.node, { failed: !d.ok, shortfall });
  }
  for (const cloud of estate.clouds) {
    const d = nodeDrills.get(cloud.doc.metadata.name);
    c("govcloud_estate_dr_drill_failed").add({ cloud: cloud.doc.metadata.name }, d?.failed ? 1 : 0);
    c("govcloud_estate_dr_partner_shortfall_cpu_cores").add({ cloud: cloud.doc.metadata.name }, d?.shortfall ?? 0);
  }

  // wall
  const nsKey = estate.index.namespace;
  // A finding's department: its catalog subject's, or that of the system whose namespace its object is in.
  const departmentOf = (fi: (typeof evaluation.findings)[number]): string | undefined =>
    fi.subject.type === "catalog"
      ? fi.subject.department
      : fi.subject.namespace !== undefined
        ? nsKey.get(fi.subject.namespace)?.doc.spec.department
        : undefined;
  for (const fi of evaluation.findings) {
    if (fi.result !== "fail" && fi.result !== "warn" && fi.result !== "error") continue;
    if (!inScope(departmentOf(fi))) continue;
    const pack = fi.pack ?? "governance";
    const severity = fi.severity ?? "info";
    c("govcloud_estate_findings").add({ pack, severity });
    c("govcloud_estate_rule_findings").add({ rule: fi.rule, pack, severity });
  }
  const noncompliant = new Set<object>();
  for (const fi of evaluation.findings) {
    if (
      (fi.pack !== "mlps2" && fi.pack !== "mlps3") ||
      (fi.result !== "fail" && fi.result !== "warn" && fi.result !== "error")
    )
      continue;
    const sub = fi.subject;
    const r =
      sub.type === "catalog"
        ? sub.department !== undefined && sub.system !== undefined
          ? estate.index.request.get(systemKeyOf(sub.department, sub.system))
          : undefined
        : sub.namespace !== undefined
          ? nsKey.get(sub.namespace)
          : undefined;
    if (r) noncompliant.add(r);
  }
  for (const level of ["2", "3"]) c("govcloud_estate_mlps_noncompliant_systems").ensure({ mlps_level: level });
  for (const r of requests)
    if (noncompliant.has(r))
      c("govcloud_estate_mlps_noncompliant_systems").add({ mlps_level: String(r.doc.spec.mlpsLevel) });
  for (const w of [...WINDOWS.map(([n]) => n), "later"]) c("govcloud_estate_exceptions").ensure({ window: w });
  for (const e of estate.exceptions) {
    const sub = e.doc.spec.subject;
    if (
      !inScope(
        sub.department ?? (sub.namespace !== undefined ? nsKey.get(sub.namespace)?.doc.spec.department : undefined),
      )
    )
      continue;
    const expires = isoDay(e.doc.spec.expires);
    c("govcloud_estate_exceptions").add({ window: expiryWindow(expires, today) });
    c("govcloud_estate_exception_expiry_timestamp_seconds").add(
      { exception: e.doc.metadata.name, rule: e.doc.spec.rule },
      dayStart(expires) + DAY,
    );
  }

  return ESTATE_FAMILIES.map((name) => ({ def: metric(name), samples: f.get(name)?.samples() ?? [] }));
}

/** The estate families, in the order they are rendered (the definitions' order). */
export const ESTATE_FAMILIES = [
  "govcloud_estate_cloud_capacity_cpu_cores",
  "govcloud_estate_cloud_capacity_memory_bytes",
  "govcloud_estate_cloud_capacity_storage_bytes",
  "govcloud_estate_requested_cpu_cores",
  "govcloud_estate_requested_memory_bytes",
  "govcloud_estate_requested_storage_bytes",
  "govcloud_estate_system_requested_cpu_cores",
  "govcloud_estate_system_requested_memory_bytes",
  "govcloud_estate_system_requested_storage_bytes",
  "govcloud_estate_systems",
  "govcloud_estate_network_nodes",
  "govcloud_estate_network_nodes_connected",
  "govcloud_estate_network_nodes_ipv6",
  "govcloud_estate_backbone_links",
  "govcloud_estate_backbone_links_below_target",
  "govcloud_estate_dr_required_systems",
  "govcloud_estate_dr_pairs",
  "govcloud_estate_dr_unplaced_systems",
  "govcloud_estate_dr_drills",
  "govcloud_estate_dr_drill_failed",
  "govcloud_estate_dr_partner_shortfall_cpu_cores",
  "govcloud_estate_findings",
  "govcloud_estate_rule_findings",
  "govcloud_estate_mlps_noncompliant_systems",
  "govcloud_estate_exceptions",
  "govcloud_estate_exception_expiry_timestamp_seconds",
  "govcloud_estate_migration_systems",
  "govcloud_estate_migration_overdue_systems",
  "govcloud_estate_budget_hold_systems",
  "govcloud_estate_zombie_candidate_systems",
  "govcloud_estate_zombie_candidates",
] as const;

export interface ExporterStatus {
  readonly valid: boolean;
  readonly reloads: { readonly success: number; readonly error: number };
  /** Unix seconds of the load the page serves. */
  readonly lastSuccess: number;
  readonly renderSeconds: number;
}

/** The exporter's own families: catalog validity, reloads, when the state was loaded, how long it took. */
export function statusFamilies(s: ExporterStatus): Family[] {
  return [
    { def: metric("govcloud_estate_catalog_valid"), samples: [{ labels: {}, value: s.valid ? 1 : 0 }] },
    {
      def: metric("govcloud_estate_catalog_reloads_total"),
      samples: [
        { labels: { result: "error" }, value: s.reloads.error },
        { labels: { result: "success" }, value: s.reloads.success },
      ],
    },
    {
      def: metric("govcloud_estate_catalog_last_success_timestamp_seconds"),
      samples: [{ labels: {}, value: s.lastSuccess }],
    },
    {
      def: metric("govcloud_estate_render_duration_seconds"),
      samples: [{ labels: {}, value: round(s.renderSeconds) }],
    },
  ];
}

export const seriesCount = (families: readonly Family[]): number =>
  families.reduce((n, fam) => n + fam.samples.length, 0);

export { renderExposition };
