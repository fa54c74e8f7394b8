/**
 * The DR pack against its fixtures (policies/types.ts: catalog documents laid over the tiny test
 * catalog, replacing the document of the same kind and name or adding it; only the fixture's own
 * documents count as subjects), plus the mapping of minimum levels.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { assembleEstate, formatDiagnostic } from "../../catalog/index.js";
import { minimumLevel, rules } from "../../policies/rules/dr/index.js";
import type { Rule, Violation } from "../../policies/types.js";
import { ROOT } from "../support/cli.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";
import { ctxOf, objCtx } from "../support/judge.js";

const ESTATE_KINDS = new Set(["Estate", "CloudNode", "Department", "AdminDivisions", "Network", "DrLedger"]);

function overlay(text: string): { files: Record<string, string>; own: Set<string> } {
  const files: Record<string, string> = {};
  for (const [path, t] of Object.entries(tinyCatalog())) if (!path.startsWith("exceptions/")) files[path] = t;
  const own = new Set<string>();
  parseAllDocuments(text).forEach((d, i) => {
    const value = d.toJS() as { kind: string; metadata: { name: string }; spec: { department?: string } };
    if (ESTATE_KINDS.has(value.kind)) {
      for (const [path, t] of Object.entries(files)) {
        if (!path.startsWith("estates/")) continue;
        const kept = parseAllDocuments(t)
          .map((x) => x.toJS())
          .filter((x) => !(x.kind === value.kind && x.metadata.name === value.metadata.name));
        if (kept.length) files[path] = kept.map((x) => stringify(x, { lineWidth: 0 })).join("---\n");
        else delete files[path];
      }
      const path = `estates/t/fixture-${i + 1}-${value.kind.toLowerCase()}.yaml`;
      files[path] = stringify(value, { lineWidth: 0 });
      own.add(path);
    } else {
      const path = `requests/${value.spec.department}/${value.metadata.name}.yaml`;
      files[path] = stringify(value, { lineWidth: 0 });
      own.add(path);
    }
  });
  return { files, own };
}

function judge(rule: Rule, text: string): Violation[] {
  const { files, own } = overlay(text);
  const loaded = assembleEstate("/fixture", toFiles(files), { estate: "t", today: TODAY });
  if (!loaded.estate) throw new Error(loaded.diagnostics.map(formatDiagnostic).join("\n"));
  const estate = loaded.estate;
  if (rule.target === "request") {
    return estate.requests
      .filter((r) => own.has(r.source.file))
      .flatMap((request) => rule.check({ ...ctxOf(estate), request }));
  }
  if (rule.target === "estate")
    return rule.check(ctxOf(estate)).filter((v) => v.subject?.type === "catalog" && own.has(v.subject.file));
  throw new Error("the DR pack has no object rules");
}

describe("DR policy pack", () => {
  it("has well-formed, unique rule ids with clauses", () => {
    expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.id).toMatch(/^DR-[A-Z]+-\d{3}$/);
      expect(r.pack).toBe("dr");
      expect(r.clause.standard).not.toBe("");
    }
  });

  for (const rule of rules) {
    const dir = join(ROOT, "policies/rules/dr/fixtures", rule.id);
    const names = readdirSync(dir).filter((n) => /^(pass|fail).*\.yaml$/.test(n));
    it(`${rule.id} has pass and fail fixtures`, () => {
      expect(names.some((n) => n.startsWith("pass"))).toBe(true);
      expect(names.some((n) => n.startsWith("fail"))).toBe(true);
    });
    for (const name of names) {
      it(`${rule.id} ${name}`, () => {
        const violations = judge(rule, readFileSync(join(dir, name), "utf8"));
        if (name.startsWith("pass")) expect(violations).toEqual([]);
        else {
          expect(violations.length).toBeGreaterThan(0);
          for (const v of violations) expect(v.message).not.toBe("");
        }
      });
    }
  }

  it("says why a failure fails: the shortfall, the constraint, the lost systems", () => {
    const byId = (id: string) => rules.find((r) => r.id === id)!;
    const fixture = (id: string, name: string) =>
      readFileSync(join(ROOT, "policies/rules/dr/fixtures", id, name), "utf8");
    expect(
      judge(byId("DR-CAP-001"), fixture("DR-CAP-001", "fail-standby-too-small.yaml")).map((v) => v.message),
    ).toEqual([
      "when node province fails, health/portal loses service",
      "when site prov-a fails, health/portal loses service",
    ]);
    expect(judge(byId("DR-PAIR-001"), fixture("DR-PAIR-001", "fail-no-graded-partner.yaml"))[0]!.message).toMatch(
      /^partner-city: health\/records: no site outside 140100/,
    );
    expect(judge(byId("DR-AA-001"), fixture("DR-AA-001", "fail-single-site-city.yaml"))[0]).toMatchObject({
      path: ["spec", "dr", "level"],
      message: expect.stringContaining("second active site in city 140200"),
    });
  });

  it("maps grading to minimum levels: core 5, MLPS 3 or important 3, else 1", () => {
    const doc = (mlpsLevel: number, dataLevel: string) =>
      ({ spec: { mlpsLevel, dataLevel } }) as Parameters<typeof minimumLevel>[0];
    expect(minimumLevel(doc(3, "core")).level).toBe(5);
    expect(minimumLevel(doc(3, "general")).level).toBe(3);
    expect(minimumLevel(doc(2, "important")).level).toBe(3);
    expect(minimumLevel(doc(2, "general")).level).toBe(1);
  });
});
