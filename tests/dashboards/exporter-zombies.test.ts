/**
 * The exporter's zombie series (declared usage): per department, the candidates GOV-ZOMBIE-001 finds in
 * `govcloud check`, and per criterion the criteria they meet; every department with systems has a 0 or more.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/index.js";
import { checkEvaluation, estateFamilies } from "../../dashboards/index.js";
import { declaredUsageZombie, ZOMBIE_CRITERIA } from "../../stacks/migration/index.js";
import { ROOT } from "../support/cli.js";

const TODAY = "2026-11-23";

describe("estate exporter: zombie candidates (declared)", () => {
  it("match GOV-ZOMBIE-001's findings per department, with their criteria", async () => {
    const estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
    const evaluation = checkEvaluation(estate, TODAY);
    const families = estateFamilies(estate, evaluation, TODAY);
    const fam = (name: string) => families.find((f) => f.def.name === name)!.samples;
    const systems = fam("govcloud_estate_zombie_candidate_systems");
    const byDept = new Map(systems.map((s) => [s.labels.department!, s.value]));
    // every department with systems has a series; the sum is the rule's findings
    expect(new Set(byDept.keys())).toEqual(new Set(estate.requests.map((r) => r.doc.spec.department)));
    const findings = evaluation.findings.filter((f) => f.rule === "GOV-ZOMBIE-001" && f.result === "warn");
    expect(findings.length).toBeGreaterThan(0);
    const expected = new Map<string, number>();
    for (const r of estate.requests)
      if (declaredUsageZombie(r, TODAY).candidate)
        expected.set(r.doc.spec.department, (expected.get(r.doc.spec.department) ?? 0) + 1);
    expect([...expected.values()].reduce((a, b) => a + b, 0)).toBe(findings.length);
    for (const [d, n] of byDept) expect(n, d).toBe(expected.get(d) ?? 0);
    // per criterion: bounded labels, counts no larger than the department's candidates
    const crit = fam("govcloud_estate_zombie_candidates");
    expect(crit.length).toBeGreaterThan(0);
    for (const s of crit) {
      expect(ZOMBIE_CRITERIA).toContain(s.labels.criterion);
      expect(s.value).toBeLessThanOrEqual(byDept.get(s.labels.department!)!);
      expect(s.value).toBeGreaterThan(0);
    }
  });
});
