/**
 * The results the regulatory review made depend on the source: a recommendation (宜) warns where a
 * requirement (应) fails, and a municipal rule binds only where it applies.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules, type Rule } from "../../../policies/index.js";
import { fixtureDir, runFixture } from "../../support/rule-fixtures.js";

const rule = (id: string): Rule => rules.find((r) => r.id === id)!;
const results = (id: string, fixture: string) => {
  const r = rule(id);
  return runFixture({ rule: r, expect: "fail", file: join(fixtureDir(r), fixture), name: fixture }).failures.map((f) => ({ result: f.result, message: f.message }));
};

describe("GB/T 39786-2021: 宜 at level 2, 应 at level 3", () => {
  it("warns on plain HTTP at level 2 and fails at level 3", () => {
    expect(results("CRYPTO-TLS-001", "fail-plain-http.yaml")).toEqual([{ result: "warn", message: expect.stringContaining("recommended, 宜, below MLPS level 3") }]);
    expect(results("CRYPTO-TLS-001", "fail-level3-plain-http.yaml")).toEqual([{ result: "fail", message: "gg.sxwjw.gov.example is served without TLS" }]);
  });
});

describe("seed 001's budget hold is Changzhi's", () => {
  it("warns on an overdue migration outside the budget-hold scope, and holds the budget inside it", () => {
    expect(results("GOV-MIG-001", "fail-overdue.yaml")).toEqual([{ result: "warn", message: expect.stringContaining("no budget hold here") }]);
    expect(results("GOV-MIG-001", "fail-overdue-budget-hold.yaml")).toEqual([{ result: "fail", message: expect.stringContaining("department health is on budget hold") }]);
  });
});
