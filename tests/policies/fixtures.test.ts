/**
 * The rule-fixture suite (Kyverno's policy library is the model): every rule of the registry ships
 * pass and fail fixtures, and each gives the verdict its name promises.
 */
import { describe, expect, it } from "vitest";
import { formatText, rules, type Finding } from "../../policies/index.js";
import { fixtureCases, fixtureDir, runFixture } from "../support/rule-fixtures.js";
import { TODAY } from "../support/tiny-catalog.js";

const show = (findings: readonly Finding[]) => formatText(findings, { rules, today: TODAY });

describe("the rule registry", () => {
  it("has unique ids of the form PACK-AREA-NNN", () => {
    const ids = rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-\d{3}$/);
  });

  it("gives every rule a title, clause, description and remediation", () => {
    for (const r of rules) {
      expect(r.title.length, r.id).toBeGreaterThan(5);
      expect(r.clause.standard.length, r.id).toBeGreaterThan(0);
      expect(r.clause.clause.length, r.id).toBeGreaterThan(0);
      expect(r.description.length, r.id).toBeGreaterThan(20);
      expect(r.remediation.length, r.id).toBeGreaterThan(20);
      if (r.target === "object") expect(r.kinds.length, r.id).toBeGreaterThan(0);
    }
  });
});

for (const rule of rules) {
  describe(`${rule.id} (${rule.pack}, ${rule.target})`, () => {
    const cases = fixtureCases(rule);

    it("has pass and fail fixtures", () => {
      const dir = fixtureDir(rule);
      expect(cases.filter((c) => c.expect === "pass").length, `no pass*.yaml in ${dir}`).toBeGreaterThan(0);
      expect(cases.filter((c) => c.expect === "fail").length, `no fail*.yaml in ${dir}`).toBeGreaterThan(0);
    });

    for (const c of cases) {
      it(`${c.name} ${c.expect === "pass" ? "passes" : "fails"}`, () => {
        const outcome = runFixture(c);
        if (c.expect === "pass") {
          expect(outcome.failures, show(outcome.failures)).toEqual([]);
          if (rule.target !== "estate")
            expect(
              outcome.findings.some((f) => f.result === "pass"),
              "the fixture gave the rule nothing to judge",
            ).toBe(true);
        } else {
          expect(outcome.failures.length, `${c.name} gave no failure`).toBeGreaterThan(0);
          for (const f of outcome.failures) {
            expect(f.rule).toBe(rule.id);
            expect(f.result).not.toBe("error");
            expect(f.message.length).toBeGreaterThan(10);
          }
        }
      });
    }
  });
}
