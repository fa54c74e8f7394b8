import { describe, expect, it } from "vitest";
import { checkObjectives, drPlan, ledgerPath, ledgerYaml, LEVELS, lowestLevelFor } from "../../../stacks/dr/index.js";
import { drCatalog, drEstate } from "./catalog.js";

describe("levels", () => {
  it("gives every level defaults within its own range, and modes by level", () => {
    for (const spec of Object.values(LEVELS)) {
      expect(spec.defaults.rpo).toBeGreaterThanOrEqual(spec.rpo[0]);
      expect(spec.defaults.rpo).toBeLessThanOrEqual(spec.rpo[1]);
      expect(spec.defaults.rto).toBeGreaterThanOrEqual(spec.rto[0]);
      expect(spec.defaults.rto).toBeLessThanOrEqual(spec.rto[1]);
    }
    expect(Object.values(LEVELS).map((l) => l.mode)).toEqual([
      "backup",
      "backup",
      "active-standby",
      "active-standby",
      "active-standby",
      "active-active",
    ]);
    expect(lowestLevelFor(0, 0)).toBe(6);
    expect(lowestLevelFor(0, 15)).toBe(5);
    expect(lowestLevelFor(15, 120)).toBe(5);
    expect(lowestLevelFor(7 * 1440, 7 * 1440)).toBe(1);
  });

  it("flags objectives a level cannot reach (error) and objectives looser than it delivers (warning), at their lines", () => {
    const files = drCatalog();
    files["requests/health/portal.yaml"] = files["requests/health/portal.yaml"]!.replace(
      "dr: { level: 4 }",
      "dr:\n    level: 2\n    rpoMinutes: 10\n    rtoMinutes: 20160",
    );
    const estate = drEstate(files);
    const portal = estate.index.request.get("health/portal")!;
    expect(checkObjectives(portal)).toEqual([
      expect.objectContaining({
        file: "requests/health/portal.yaml",
        line: 20,
        code: "dr-objective-unreachable",
        severity: "error",
        message: expect.stringContaining("10 min needs level 5"),
      }),
    ]);
    const oneStop = estate.index.request.get("health/one-stop")!;
    expect(checkObjectives(oneStop)).toEqual([]);
    files["requests/health/one-stop.yaml"] = files["requests/health/one-stop.yaml"]!.replace(
      "rtoMinutes: 15",
      "rtoMinutes: 2880",
    );
    expect(checkObjectives(drEstate(files).index.request.get("health/one-stop")!)).toEqual([
      expect.objectContaining({
        code: "dr-objective-loose",
        severity: "warning",
        message: expect.stringContaining("RTO of 2 d is looser than DR level 6"),
      }),
    ]);
  });
});

describe("the DR plan of an estate", () => {
  it("pairs the tiny estate without problems; level 6 runs on both provincial sites", () => {
    const plan = drPlan(drEstate());
    expect(plan.diagnostics).toEqual([]);
    const oneStop = plan.pairing.pairs.find((p) => p.system === "health/one-stop")!;
    expect([oneStop.primary.site, oneStop.active!.site].sort()).toEqual(["prov-a", "prov-b"]);
    expect(oneStop.standby).toMatchObject({ node: "city-140200" });
  });

  it("reports an infeasible system (a warning in the Plan) at its request's dr line, naming the constraint and the shortfall", () => {
    const files = drCatalog();
    files["requests/datong-approval/queue.yaml"] = files["requests/datong-approval/queue.yaml"]!.replace(
      "{ vcpu: 2, memoryGiB: 4, count: 1 }",
      "{ vcpu: 16, memoryGiB: 64, count: 1 }",
    );
    const plan = drPlan(drEstate(files));
    // dt-a (the whole of Datong's 50 vCPU, 200 GiB) runs the queue (16 vCPU, 64 GiB) and the Datong
    // department's shared namespace (4 vCPU, 16 GiB), and keeps room for a failure of the province:
    // one-stop's standby (8, 32) and portal's (32, 128). 16 + 4 + 8 + 32 = 60 vCPU, 64 + 16 + 32 + 128 = 240
    // GiB: short by 10 vCPU and 40 GiB.
    expect(plan.diagnostics).toEqual([
      {
        file: "requests/health/portal.yaml",
        line: 18,
        column: 16,
        code: "dr-capacity",
        severity: "warning",
        message:
          "health/portal: no eligible site has room for its standby (32 vCPU, 128 GiB); the closest, dt-a of city-140200, is short by 10 vCPU and 40 GiB",
        hint: expect.stringContaining("add capacity"),
      },
    ]);
  });

  it("lets the workload's offerings, not a DR service offering, choose the partner's cloud tier", () => {
    const files = drCatalog();
    const offering = (name: string, category: string) =>
      files["offerings/vm.yaml"]!.replace("name: vm", `name: ${name}`)
        .replace("category: compute", `category: ${category}`)
        .replace("cloudKinds: [provincial, city]", "cloudKinds: [provincial]");
    files["offerings/dr-svc.yaml"] = offering("dr-svc", "dr");
    files["offerings/big-db.yaml"] = offering("big-db", "database");
    const withService = (name: string) =>
      files["requests/health/portal.yaml"]!.replace(
        "  dr: { level: 4 }",
        `    - name: extra\n      offering: ${name}\n      params: { vcpu: 1, memoryGiB: 1, count: 1 }\n  dr: { level: 4 }`,
      );
    expect(drPlan(drEstate({ ...files, "requests/health/portal.yaml": withService("dr-svc") })).diagnostics).toEqual(
      [],
    );
    expect(drPlan(drEstate({ ...files, "requests/health/portal.yaml": withService("big-db") })).diagnostics).toEqual([
      expect.objectContaining({ code: "dr-partner-city", message: expect.stringContaining("(provincial clouds)") }),
    ]);
  });

  it("round-trips its ledger through the loader, keeps it, and flags what is missing or stale", () => {
    const estate = drEstate();
    const first = drPlan(estate);
    const files = { ...drCatalog(), [ledgerPath(estate)]: ledgerYaml("t", first.pairing.ledger) };
    expect(ledgerPath(estate)).toBe("estates/t/dr-ledger.yaml");
    const recorded = drEstate(files);
    expect(recorded.drLedger?.doc.spec.pairs).toHaveLength(3);
    const second = drPlan(recorded);
    expect(second.diagnostics).toEqual([]);
    expect(second.pairing.pairs.every((p) => p.recorded)).toBe(true);
    expect(second.pairing.ledger).toEqual(first.pairing.ledger);
    expect(ledgerYaml("t", second.pairing.ledger)).toBe(files["estates/t/dr-ledger.yaml"]);

    // A new system is proposed, not recorded; an entry for a removed one is stale. The new one is small
    // enough for its standby to fit Datong beside the shared namespace (4 vCPU, 16 GiB) and the room
    // kept for the province's other standbys (40 vCPU, 160 GiB): 4 + 40 + 2 <= 50 vCPU, 16 + 160 + 8 <= 200 GiB.
    const changed = { ...files };
    delete changed["requests/datong-approval/queue.yaml"];
    changed["requests/health/lab.yaml"] = files["requests/health/portal.yaml"]!.replace(
      "name: portal",
      "name: lab",
    ).replace("{ vcpu: 8, memoryGiB: 32, count: 4 }", "{ vcpu: 2, memoryGiB: 8, count: 1 }");
    const third = drPlan(drEstate(changed));
    expect(third.diagnostics.map((d) => [d.file, d.line, d.code, d.severity])).toEqual([
      ["estates/t/dr-ledger.yaml", 10, "dr-ledger-stale", "warning"],
      ["requests/health/lab.yaml", 18, "dr-ledger-missing", "warning"],
    ]);
    expect(third.pairing.ledger.filter((e) => e.system !== "health/lab")).toEqual(
      first.pairing.ledger.filter((e) => e.system !== "datong-approval/queue"),
    );
  });

  it("rejects a ledger that does not match its schema, at the line", async () => {
    const files = {
      ...drCatalog(),
      "estates/t/dr-ledger.yaml":
        "apiVersion: govcloud.io/v1alpha1\nkind: DrLedger\nmetadata: { name: t }\nspec:\n  pairs:\n    - { system: health/portal, primary: prov-a }\n",
    };
    const { assembleEstate } = await import("../../../catalog/index.js");
    const { toFiles, TODAY } = await import("../../support/tiny-catalog.js");
    const r = assembleEstate("/catalog", toFiles(files), { estate: "t", today: TODAY });
    expect(r.estate).toBeUndefined();
    expect(r.diagnostics).toEqual([
      expect.objectContaining({
        file: "estates/t/dr-ledger.yaml",
        line: 6,
        code: "schema-required",
        message: expect.stringContaining("backup"),
      }),
    ]);
  });
});
