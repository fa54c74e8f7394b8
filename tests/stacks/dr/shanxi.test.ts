/** The embedded Shanxi estate: every single failure survivable, level 6 双活 across the provincial cloud's sites, the ledger current. */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, runsOnCloud, type Estate } from "../../../catalog/index.js";
import { rules } from "../../../policies/rules/dr/index.js";
import { allDrills, drPlan } from "../../../stacks/dr/index.js";
import { ROOT } from "../../support/cli.js";
import { ctxOf, objCtx } from "../../support/judge.js";

let estate: Estate;
beforeAll(async () => {
  const r = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
  if (!r.estate) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join("\n"));
  estate = r.estate;
});

describe("DR of the embedded Shanxi estate", () => {
  it("places every system on the cloud, and passes the drill of every node and every site", () => {
    const plan = drPlan(estate);
    expect(plan.pairing.issues).toEqual([]);
    // Systems not yet migrating, exempt or retired are placed when (if ever) they run on the cloud.
    expect(plan.pairing.pairs).toHaveLength(estate.requests.filter((r) => runsOnCloud(r.doc.spec)).length);
    const drills = allDrills(plan.pairing);
    const sites = estate.clouds.reduce((n, c) => n + c.doc.spec.sites.length, 0);
    expect(drills).toHaveLength(estate.clouds.length + sites);
    expect(drills.filter((d) => !d.ok).map((d) => d.fail)).toEqual([]);
  });

  it("runs every level 6 system active-active across the provincial cloud's two Taiyuan sites", () => {
    const province = estate.index.cloud.get("province")!.doc.spec.sites;
    expect(province.map((s) => s.city)).toEqual(["140100", "140100"]);
    const level6 = drPlan(estate).pairing.pairs.filter((p) => p.level === 6);
    expect(level6.map((p) => p.system)).toContain("approval/one-stop");
    for (const p of level6.filter((x) => x.primary.node === "province")) {
      expect(p.mode).toBe("active-active");
      expect([p.primary.site, p.active!.site].sort()).toEqual(province.map((s) => s.name).sort());
      expect(p.standby!.city).not.toBe("140100");
      expect(p.backup!.city).not.toBe("140100");
    }
  });

  it("keeps its ledger current: every pair recorded, nothing to change", () => {
    const plan = drPlan(estate);
    expect(estate.drLedger).toBeDefined();
    expect(plan.pairing.changes).toEqual([]);
    expect(plan.pairing.pairs.every((p) => p.recorded)).toBe(true);
    expect(plan.diagnostics.filter((d) => d.code.startsWith("dr-ledger"))).toEqual([]);
  });

  it("finds the deliberately low DR level, and no placement or capacity failure", () => {
    const judge = (id: string) => {
      const rule = rules.find((r) => r.id === id)!;
      if (rule.target === "request")
        return estate.requests.flatMap((request) => rule.check({ ...ctxOf(estate), request }));
      if (rule.target === "estate") return rule.check(ctxOf(estate));
      return [];
    };
    expect(judge("DR-LVL-001").length).toBeGreaterThan(0);
    for (const id of ["DR-AA-001", "DR-PAIR-001", "DR-CAP-001", "DR-LED-001"]) expect(judge(id), id).toEqual([]);
  });
});
