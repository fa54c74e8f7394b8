/** The phase machine and the deadline instants, as pure functions. */
import { describe, expect, it } from "vitest";
import {
  deadlineState,
  evaluatePhase,
  type Evidence,
  type Measured,
  type MigrationSpec,
} from "../../../operators/migration/index.js";

const spec = (declared: MigrationSpec["declared"], extra: Partial<MigrationSpec> = {}): MigrationSpec => ({
  namespace: "d-s",
  legacyLocation: "自建机房",
  deadline: "2026-09-30",
  declared,
  ...extra,
});
const known = (value: number): Measured => ({ known: true, value });
const unknown: Measured = { known: false, why: "Prometheus at http://p:9090 is not reachable" };
const evidence = (e: Partial<Evidence> = {}): Evidence => ({
  namespace: true,
  instances: [{ name: "db", ready: true, detail: "AllReady" }],
  ingresses: ["web"],
  cloudTraffic: known(120),
  legacyTraffic: known(0),
  window: "1d",
  ...e,
});
const today = "2026-06-01";
const full = {
  phase: "decommissioned",
  assessed: "2025-01-01",
  cutover: "2026-01-01",
  completed: "2026-02-01",
  legacySwitchedOff: "2026-03-01",
};

describe("evaluatePhase", () => {
  it("establishes each phase of the line only when its evidence holds, the paper phases from the declaration", () => {
    const s = spec(full, { legacyHosts: ["old.example"] });
    expect(
      evaluatePhase(spec({ phase: "inventoried" }), evidence({ namespace: false, instances: [] }), today).phase,
    ).toBe("inventoried");
    expect(evaluatePhase(s, evidence({ namespace: false, instances: [], ingresses: [] }), today).phase).toBe(
      "assessed",
    );
    expect(evaluatePhase(s, evidence({ instances: [] }), today).phase).toBe("assessed");
    expect(
      evaluatePhase(s, evidence({ instances: [{ name: "db", ready: false, detail: "Provisioning" }] }), today).phase,
    ).toBe("migrating");
    expect(evaluatePhase(s, evidence({ ingresses: [] }), today).phase).toBe("migrating");
    expect(evaluatePhase(s, evidence({ cloudTraffic: known(0) }), today).phase).toBe("migrating");
    expect(
      evaluatePhase(
        spec({ ...full, completed: undefined, legacySwitchedOff: undefined, phase: "cutover" }),
        evidence(),
        today,
      ).phase,
    ).toBe("cutover");
    expect(
      evaluatePhase(spec({ ...full, legacySwitchedOff: undefined, phase: "migrated" }), evidence(), today).phase,
    ).toBe("migrated");
    expect(evaluatePhase(s, evidence({ legacyTraffic: known(3) }), today).phase).toBe("migrated");
    const done = evaluatePhase(s, evidence(), today);
    expect(done.phase).toBe("decommissioned");
    expect(done.steps.map((x) => [x.type, x.status])).toEqual([
      ["CloudProvisioned", "True"],
      ["CutOver", "True"],
      ["MigrationCompleted", "True"],
      ["LegacyDecommissioned", "True"],
    ]);
    expect(done.declaration).toMatchObject({ status: "True", reason: "Matches" });
    // A completion dated in the future is no evidence yet.
    expect(
      evaluatePhase(spec({ ...full, completed: "2026-07-01", legacySwitchedOff: undefined }), evidence(), today).phase,
    ).toBe("cutover");
  });

  it("unknown traffic neither advances nor regresses; known missing evidence regresses and says why", () => {
    const s = spec({ ...full, legacySwitchedOff: undefined, phase: "migrated" });
    expect(evaluatePhase(s, evidence({ cloudTraffic: unknown }), today, "migrating").phase).toBe("migrating");
    expect(evaluatePhase(s, evidence({ cloudTraffic: unknown }), today, "migrated").phase).toBe("migrated");
    expect(evaluatePhase(s, evidence({ cloudTraffic: unknown }), today).phase).toBe("migrating");
    const cut = evaluatePhase(s, evidence({ cloudTraffic: unknown }), today, "migrated");
    expect(cut.regression).toBeUndefined();
    expect(cut.steps[1]).toMatchObject({ status: "Unknown", reason: "TrafficUnknown" });
    const gone = evaluatePhase(s, evidence({ instances: [], cloudTraffic: unknown }), today, "migrated");
    expect(gone.phase).toBe("assessed");
    expect(gone.regression).toEqual({ from: "migrated", why: "namespace d-s exists but holds no ServiceInstance" });
    const quiet = evaluatePhase(s, evidence({ cloudTraffic: known(0) }), today, "migrated");
    expect(quiet.phase).toBe("migrating");
    expect(quiet.regression!.why).toContain("served no request over the last 1d");
  });

  it("without declared legacy hosts, decommissioned cannot be measured", () => {
    const r = evaluatePhase(spec(full), evidence(), today, "migrated");
    expect(r.phase).toBe("migrated");
    expect(r.steps[3]).toMatchObject({ status: "Unknown", reason: "NoLegacyHosts" });
    expect(r.declaration).toMatchObject({ status: "False", reason: "DeclaredAhead" });
  });

  it("exempt from its declared exemption; retired only when nothing is left running", () => {
    const ex = evaluatePhase(
      spec({ phase: "exempt" }, { exemption: { reason: "classified", approvedBy: "保密办", date: "2025-01-01" } }),
      evidence({ namespace: false, instances: [] }),
      today,
    );
    expect(ex).toMatchObject({ phase: "exempt", steps: [] });
    expect(ex.declaration.message).toBe("exempt (classified), decided by 保密办 on 2025-01-01");
    const retired = spec({ phase: "retired", retired: "2026-04-01" });
    expect(evaluatePhase(retired, evidence({ instances: [] }), today).phase).toBe("retired");
    const left = evaluatePhase(retired, evidence(), today);
    expect(left.phase).toBe("cutover");
    expect(left.retirement).toEqual({
      ok: false,
      message: "declared retired on 2026-04-01, but d-s still holds 1 ServiceInstance",
    });
  });

  it("tells a declaration ahead of the evidence from evidence ahead of the declaration", () => {
    expect(
      evaluatePhase(
        spec({ phase: "migrated", assessed: "2025-01-01", completed: "2026-01-01" }),
        evidence({ instances: [] }),
        today,
      ).declaration,
    ).toMatchObject({
      status: "False",
      reason: "DeclaredAhead",
      message:
        "the catalog declares migrated, the evidence shows assessed: namespace d-s exists but holds no ServiceInstance",
    });
    expect(
      evaluatePhase(spec({ phase: "assessed", assessed: "2025-01-01" }), evidence(), today).declaration,
    ).toMatchObject({
      status: "False",
      reason: "EvidenceAhead",
    });
  });
});

describe("deadlineState", () => {
  const at = (iso: string) => Date.parse(iso);
  it("is overdue from 00:00 UTC the day after the deadline, counting days, with the next change as the timer", () => {
    expect(deadlineState("2026-09-30", "migrating", at("2026-09-30T23:59:59.999Z"), 90)).toMatchObject({
      overdue: false,
      warning: true,
      daysOverdue: 0,
      nextChange: at("2026-10-01T00:00:00Z"),
    });
    expect(deadlineState("2026-09-30", "migrating", at("2026-10-01T00:00:00Z"), 90)).toMatchObject({
      overdue: true,
      warning: false,
      daysOverdue: 1,
      nextChange: at("2026-10-02T00:00:00Z"),
    });
    expect(deadlineState("2026-09-30", "cutover", at("2026-11-23T08:00:00Z"), 90).daysOverdue).toBe(54);
    expect(deadlineState("2026-09-30", "inventoried", at("2026-07-01T23:00:00Z"), 90)).toMatchObject({
      warning: false,
      nextChange: at("2026-07-02T00:00:00Z"),
    });
  });
  it("never binds a settled system: migrated, decommissioned, exempt, retired", () => {
    for (const p of ["migrated", "decommissioned", "exempt", "retired"] as const)
      expect(deadlineState("2020-01-01", p, at("2026-11-23T00:00:00Z"), 90)).toMatchObject({
        settled: true,
        overdue: false,
        daysOverdue: 0,
        nextChange: undefined,
      });
  });
});
