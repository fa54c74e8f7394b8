/**
 * A department's headline figures computed straight from the catalog, the `govcloud check` evaluation
 * and the DR plan, without the exporter's families or the report's code: what a department's situation
 * report must show. Shared by the view-model and CLI tests.
 */
import { requestQuota, runsOnCloud, type Estate } from "../../catalog/index.js";
import { checkEvaluation } from "../../dashboards/index.js";
import { drPlan, levelSpec } from "../../stacks/dr/index.js";
import { budgetHoldApplies, daysOverdue } from "../../stacks/migration/index.js";

const DOMESTIC_CPUS = ["kunpeng", "phytium", "hygon", "zhaoxin", "loongson"];
const DOMESTIC_OSES = ["kylin", "uos", "openeuler"];
const open = (r: string) => r === "fail" || r === "warn" || r === "error";

export function departmentFigures(
  estate: Estate,
  today: string,
  department: string,
): Record<string, number | undefined> {
  const mine = estate.requests.filter((r) => r.doc.spec.department === department);
  const namespaces = new Set(mine.map((r) => `${department}-${r.doc.metadata.name}`));
  const phase = (r: (typeof mine)[number]) => r.doc.spec.migration?.phase ?? "native";
  const counted = mine.filter((r) => !["exempt", "retired"].includes(phase(r)));
  const onCloud = counted.filter((r) => ["native", "migrated", "decommissioned"].includes(phase(r)));
  const domestic = mine.filter(
    (r) => DOMESTIC_CPUS.includes(r.doc.spec.platform.cpu) && DOMESTIC_OSES.includes(r.doc.spec.platform.os),
  );

  // Open findings whose subject is one of the department's systems or an object in one of its namespaces.
  const findings = checkEvaluation(estate, today).findings.filter(
    (f) =>
      open(f.result) &&
      (f.subject.type === "catalog"
        ? f.subject.department === department
        : f.subject.namespace !== undefined && namespaces.has(f.subject.namespace)),
  );
  const systemOf = (f: (typeof findings)[number]) =>
    f.subject.type === "catalog" ? f.subject.system : f.subject.namespace!.slice(department.length + 1);
  const noncompliant = new Set(
    findings.filter((f) => f.pack === "mlps2" || f.pack === "mlps3").map((f) => systemOf(f)),
  );

  const required = mine.filter((r) => runsOnCloud(r.doc.spec)).length;
  const placed = drPlan(estate).pairing.pairs.filter(
    (p) =>
      p.system.startsWith(`${department}/`) &&
      (levelSpec(p.level).mode === "backup"
        ? p.backup !== undefined
        : p.standby !== undefined || p.active !== undefined),
  ).length;

  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));
  const soon = estate.exceptions.filter(
    (e) =>
      e.doc.spec.subject.department === department &&
      (Date.parse(day(e.doc.spec.expires)) - Date.parse(today)) / 86_400_000 <= 14,
  ).length;

  return {
    migration: counted.length ? onCloud.length / counted.length : undefined,
    autonomy: mine.length ? domestic.length / mine.length : undefined,
    mlps: mine.length ? 1 - noncompliant.size / mine.length : undefined,
    dr: required ? placed / required : undefined,
    findings: findings.length,
    exceptions: soon,
    holds: mine.filter((r) => daysOverdue(estate, r, today) > 0 && budgetHoldApplies(estate, r)).length,
  };
}

/**
 * A department's usage figures from the catalog, without the report's code: its systems that reserve
 * quota on the cloud (not exempt, not retired), their vCPU quota in all and per cloud node, and the
 * province's capacity (which a department's usage report labels as the province's).
 */
export function departmentUsageFigures(
  estate: Estate,
  department: string,
): { systems: string[]; requestedCpu: number; byCloud: Map<string, number>; provinceCpu: number } {
  const mine = estate.requests.filter(
    (r) => r.doc.spec.department === department && !["exempt", "retired"].includes(r.doc.spec.migration?.phase ?? ""),
  );
  const byCloud = new Map<string, number>();
  for (const r of mine)
    byCloud.set(
      r.doc.spec.cloud,
      (byCloud.get(r.doc.spec.cloud) ?? 0) + requestQuota(r.doc, estate.index.offering).vcpu,
    );
  return {
    systems: mine.map((r) => `${department}/${r.doc.metadata.name}`).sort(),
    requestedCpu: [...byCloud.values()].reduce((a, b) => a + b, 0),
    byCloud,
    provinceCpu: estate.clouds.reduce((a, c) => a + c.doc.spec.capacity.vcpu, 0),
  };
}
