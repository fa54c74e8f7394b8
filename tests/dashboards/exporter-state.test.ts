/** The exporter's figures, in process: what the catalog says, and the findings of `govcloud check`. */
import { describe, expect, it } from "vitest";
import { checkEvaluation, estateFamilies, expiryWindow, type Family } from "../../dashboards/index.js";
import { metric, MIGRATION_PHASES as LABEL_PHASES } from "../../metrics/index.js";
import { cloudUsage, MIGRATION_PHASES, runsOnCloud } from "../../catalog/index.js";
import { PERMITS, tinyEstate } from "../stacks/estates.js";
import { TODAY } from "../support/tiny-catalog.js";

const value = (families: Family[], name: string, labels: Record<string, string> = {}): number | undefined => {
  const fam = families.find((f) => f.def.name === name);
  const s = fam?.samples.find((x) => Object.entries(labels).every(([k, v]) => x.labels[k] === v));
  return s?.value;
};
const total = (families: Family[], name: string) =>
  families.find((f) => f.def.name === name)!.samples.reduce((n, s) => n + s.value, 0);

const MIGRATING = {
  "requests/datong-approval/legacy-archive.yaml": PERMITS["requests/datong-approval/permits.yaml"]!.replace(
    "name: permits",
    "name: legacy-archive",
  ).replace(
    "dr: { level: 2 }",
    "dr: { level: 2 }\n  migration: { legacyLocation: 市机房, deadline: 2026-06-30, phase: migrating, assessed: 2025-11-20 }",
  ),
};

describe("estate exporter figures", () => {
  const estate = tinyEstate({ ...PERMITS, ...MIGRATING });
  const evaluation = checkEvaluation(estate, TODAY);
  const families = estateFamilies(estate, evaluation, TODAY);

  it("every sample carries exactly its definition's labels", () => {
    for (const f of families) {
      expect(f.def).toBe(metric(f.def.name));
      for (const s of f.samples) expect(Object.keys(s.labels).sort(), f.def.name).toEqual([...f.def.labels].sort());
    }
  });

  it("capacity is the catalog's, in base units", () => {
    for (const c of estate.clouds) {
      const cap = c.doc.spec.capacity;
      expect(value(families, "govcloud_estate_cloud_capacity_cpu_cores", { cloud: c.doc.metadata.name })).toBe(
        cap.vcpu,
      );
      expect(value(families, "govcloud_estate_cloud_capacity_memory_bytes", { cloud: c.doc.metadata.name })).toBe(
        cap.memoryGiB * 2 ** 30,
      );
    }
  });

  it("requested vCPU adds up the same per system, per node and department", () => {
    const perSystem = total(families, "govcloud_estate_system_requested_cpu_cores");
    expect(perSystem).toBeGreaterThan(0);
    expect(total(families, "govcloud_estate_requested_cpu_cores")).toBeCloseTo(perSystem, 6);
    // permits: 3 x 2 vCPU + 1 x 1 vCPU
    expect(value(families, "govcloud_estate_system_requested_cpu_cores", { system: "permits" })).toBe(7);
  });

  it("labels the catalog's migration phases, in order, after native", () => {
    expect(LABEL_PHASES).toEqual(["native", ...MIGRATION_PHASES]);
  });

  it("counts systems by level, domestic stack and migration phase", () => {
    expect(total(families, "govcloud_estate_systems")).toBe(estate.requests.length);
    expect(
      value(families, "govcloud_estate_systems", { department: "datong-approval", phase: "native", domestic: "true" }),
    ).toBe(1);
    expect(
      value(families, "govcloud_estate_migration_systems", { department: "datong-approval", phase: "migrating" }),
    ).toBe(1);
  });

  it("a system past its migration deadline is overdue; it puts its department on budget hold where the scope says", () => {
    expect(value(families, "govcloud_estate_migration_overdue_systems", { department: "datong-approval" })).toBe(1);
    // Seed 001 三(二)4 is Changzhi's rule: Datong is outside the default scope.
    expect(value(families, "govcloud_estate_budget_hold_systems", { department: "datong-approval" })).toBe(0);
    const city = estate.index.department.get("datong-approval")!.doc.spec.city!;
    const policy = { ...estate.estate.doc.spec.policy, budgetHoldScope: [city] };
    const scoped = {
      ...estate,
      estate: { ...estate.estate, doc: { ...estate.estate.doc, spec: { ...estate.estate.doc.spec, policy } } },
    } as typeof estate;
    const held = estateFamilies(scoped, evaluation, TODAY);
    expect(value(held, "govcloud_estate_budget_hold_systems", { department: "datong-approval" })).toBe(1);
    const before = estateFamilies(estate, evaluation, "2026-06-30");
    expect(value(before, "govcloud_estate_migration_overdue_systems", { department: "datong-approval" })).toBe(0);
  });

  it("open findings are those of the same evaluation as govcloud check, by pack and severity", () => {
    const open = evaluation.findings.filter((f) => f.result === "fail" || f.result === "warn" || f.result === "error");
    expect(open.length).toBeGreaterThan(0);
    expect(total(families, "govcloud_estate_findings")).toBe(open.length);
    expect(total(families, "govcloud_estate_rule_findings")).toBe(open.length);
    const one = open[0]!;
    expect(value(families, "govcloud_estate_rule_findings", { rule: one.rule })).toBe(
      open.filter((f) => f.rule === one.rule).length,
    );
  });

  it("MLPS non-compliance counts systems with open MLPS findings, at most every system of the level", () => {
    const open = evaluation.findings.filter((f) => (f.pack === "mlps2" || f.pack === "mlps3") && f.result === "fail");
    const n = total(families, "govcloud_estate_mlps_noncompliant_systems");
    expect(n).toBeLessThanOrEqual(estate.requests.length);
    expect(n > 0).toBe(
      open.some((f) =>
        f.subject.type === "catalog" ? f.subject.system !== undefined : f.subject.namespace !== undefined,
      ),
    );
  });

  it("exceptions are counted by days to expiry, and each exposes its expiry time", () => {
    expect(total(families, "govcloud_estate_exceptions")).toBe(estate.exceptions.length);
    expect(
      families.find((f) => f.def.name === "govcloud_estate_exception_expiry_timestamp_seconds")!.samples,
    ).toHaveLength(estate.exceptions.length);
    expect(expiryWindow("2026-11-23", "2026-11-23")).toBe("7d");
    expect(expiryWindow("2026-11-22", "2026-11-23")).toBe("expired");
    expect(expiryWindow("2026-12-07", "2026-11-23")).toBe("14d");
    expect(expiryWindow("2026-12-08", "2026-11-23")).toBe("30d");
    expect(expiryWindow("2027-06-01", "2026-11-23")).toBe("later");
  });

  it("network and DR figures are present for every level, tier and cloud", () => {
    for (const level of ["province", "city", "county", "township", "village"])
      expect(value(families, "govcloud_estate_network_nodes", { level })).toBeDefined();
    expect(families.find((f) => f.def.name === "govcloud_estate_dr_drill_failed")!.samples).toHaveLength(
      estate.clouds.length,
    );
    expect(total(families, "govcloud_estate_dr_required_systems")).toBe(estate.requests.length);
    expect(total(families, "govcloud_estate_dr_pairs")).toBeLessThanOrEqual(estate.requests.length);
  });

  it("is deterministic", () => {
    expect(estateFamilies(estate, evaluation, TODAY)).toEqual(families);
  });
});

/** Copies of permits at each phase off the cloud: still to move, exempt, retired. */
const copy = (name: string, migration: string) => ({
  [`requests/datong-approval/${name}.yaml`]: PERMITS["requests/datong-approval/permits.yaml"]!.replace(
    "name: permits",
    `name: ${name}`,
  ).replace("dr: { level: 2 }", `dr: { level: 2 }\n  migration: ${migration}`),
});
const OFF_CLOUD = {
  ...copy("legacy-queue", "{ legacyLocation: 市机房, deadline: 2027-06-30, phase: inventoried }"),
  ...copy(
    "legacy-secret",
    "{ legacyLocation: 涉密机房, phase: exempt, exemption: { reason: classified, approvedBy: 市保密委, date: 2025-12-01 } }",
  ),
  ...copy(
    "legacy-zombie",
    "{ legacyLocation: 市机房, deadline: 2025-12-31, phase: retired, zombieReview: { date: 2026-03-01, reviewedBy: 市审计局, criteria: [idle, unused] }, retired: 2026-04-30 }",
  ),
};

describe("estate exporter figures with systems off the cloud", () => {
  const estate = tinyEstate({ ...PERMITS, ...OFF_CLOUD });
  const families = estateFamilies(estate, checkEvaluation(estate, TODAY), TODAY);

  it("requested capacity is validate's: exempt and retired systems reserve nothing, systems still to move do", () => {
    expect(estate.requests.map((r) => r.doc.spec.migration?.phase ?? "native")).toEqual(
      expect.arrayContaining(["exempt", "inventoried", "native", "retired"]),
    );
    for (const u of cloudUsage(estate)) {
      const req = families
        .find((f) => f.def.name === "govcloud_estate_requested_cpu_cores")!
        .samples.filter((s) => s.labels.cloud === u.cloud)
        .reduce((n, s) => n + s.value, 0);
      expect(req, u.cloud).toBeCloseTo(u.requested.vcpu, 6);
    }
    // The inventoried copy reserves its 7 vCPU like permits; the exempt and the retired copy: none.
    expect(value(families, "govcloud_estate_system_requested_cpu_cores", { system: "legacy-queue" })).toBe(7);
    expect(value(families, "govcloud_estate_system_requested_cpu_cores", { system: "legacy-secret" })).toBe(0);
    expect(value(families, "govcloud_estate_system_requested_cpu_cores", { system: "legacy-zombie" })).toBe(0);
  });

  it("DR coverage counts the systems the DR plan pairs (those on the cloud), not those still off it", () => {
    const onCloud = estate.requests.filter((r) => runsOnCloud(r.doc.spec)).length;
    expect(onCloud).toBe(estate.requests.length - 3);
    expect(total(families, "govcloud_estate_dr_required_systems")).toBe(onCloud);
    expect(total(families, "govcloud_estate_dr_pairs")).toBeLessThanOrEqual(onCloud);
  });
});
