/** The ObjectJudge: one object at a time, as the baseline operator calls it, agreeing with `evaluate`. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { assembleEstate, type Estate } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import { evaluate, judgeContext, ObjectJudge, rules, type Rule } from "../../policies/index.js";
import { ROOT } from "../support/cli.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";

const fixture = (rule: string, file: string) => parseAllDocuments(readFileSync(join(ROOT, "policies/rules/mlps2/fixtures", rule, file), "utf8"))[0]!.toJS() as KubeObject;
const privileged = fixture("MLPS2-POD-001", "fail.yaml");

function estateOf(extra: Record<string, string> = {}): Estate {
  const r = assembleEstate("/t", toFiles({ ...tinyCatalog(), ...extra }), { estate: "t", today: TODAY });
  if (!r.estate) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code} ${d.message}`).join("\n"));
  return r.estate;
}

describe("ObjectJudge", () => {
  const judge = new ObjectJudge(rules);

  it("indexes only the object rules, by kind", () => {
    expect(judge.rules.every((r) => r.target === "object")).toBe(true);
    expect(judge.rulesFor("Deployment").map((r) => r.id)).toContain("MLPS2-POD-001");
    expect(judge.rulesFor("NoSuchKind")).toEqual([]);
  });

  it("judges one object: failures as findings with rule, clause, severity and the object's field; passes as rules", () => {
    const context = judgeContext({ today: TODAY, estate: estateOf() });
    const j = judge.judge(privileged, context);
    const pod = j.findings.find((f) => f.rule === "MLPS2-POD-001")!;
    expect(pod).toMatchObject({ result: "fail", severity: "critical", subject: { type: "object", kind: "Deployment", namespace: "health-portal", name: "web" } });
    expect(`${pod.clause?.standard}-${pod.clause?.edition} ${pod.clause?.clause}`).toBe("GB/T 22239-2019 7.1.4.2");
    expect(pod.subject.type === "object" && pod.subject.fieldPath).toMatch(/^spec\.template\.spec\.containers\[0\]\.securityContext/);
    expect(j.passed.length).toBeGreaterThan(0);
    expect(j.passed.length + new Set(j.findings.map((f) => f.rule)).size).toBe(judge.rulesFor("Deployment").length);
    const all = judge.results(j, privileged);
    expect(all.filter((f) => f.result === "pass").map((f) => f.rule)).toEqual(j.passed.map((r) => r.id));
  });

  it("gives what evaluate gives for the same objects", () => {
    const estate = estateOf();
    const context = judgeContext({ today: TODAY, estate });
    const objects = [privileged, fixture("MLPS2-POD-001", "pass.yaml")];
    const viaEvaluate = evaluate({ rules, today: TODAY, estate, objects: objects.map((object) => ({ object })), targets: new Set(["object"]) });
    const viaJudge = objects.flatMap((o) => judge.applyExceptions(judge.judge(o, context).findings, context));
    expect(viaJudge).toEqual(viaEvaluate.findings);
  });

  it("applies the catalog's exceptions as govcloud check does", () => {
    const exception = `apiVersion: govcloud.io/v1alpha1
kind: PolicyException
metadata:
  name: portal-privileged
spec:
  rule: MLPS2-POD-001
  subject: { department: health, system: portal, kind: Deployment }
  justification: The storage driver needs a privileged container until its replacement is certified.
  approver: { name: 赵安, email: zhaoan@sx.gov.cn }
  approved: "2026-10-01"
  expires: "2027-03-31"
`;
    const context = judgeContext({ today: TODAY, estate: estateOf({ "exceptions/portal-privileged.yaml": exception }) });
    const excepted = judge.applyExceptions(judge.judge(privileged, context).findings, context).find((f) => f.rule === "MLPS2-POD-001")!;
    expect(excepted.result).toBe("skip");
    expect(excepted.exception?.name).toBe("portal-privileged");
    // Without an estate there are no exceptions: the failure stands.
    const bare = judge.judge(privileged, { today: TODAY });
    expect(judge.applyExceptions(bare.findings, { today: TODAY }).find((f) => f.rule === "MLPS2-POD-001")?.result).toBe("fail");
  });

  it("turns a rule that throws into an error result and runs the others", () => {
    const boom: Rule = {
      id: "TEST-BUG-002", title: "Crashes", pack: "mlps2", severity: "high", clause: { standard: "TEST", edition: "1", clause: "1", title: "test", derived: false }, description: "d", remediation: "r",
      target: "object", kinds: ["Deployment"], check: () => { throw new Error("boom"); },
    };
    const j = new ObjectJudge([boom, ...rules]).judge(privileged, { today: TODAY });
    expect(j.findings[0]).toMatchObject({ rule: "TEST-BUG-002", result: "error", message: "the rule failed to run: boom" });
    expect(j.findings.some((f) => f.rule === "MLPS2-POD-001")).toBe(true);
  });

  it("reads the level from the namespace labels it is given when there is no estate", () => {
    const level2 = { ...privileged, metadata: { name: "web", namespace: "elsewhere" } };
    const level3only = judge.rulesFor("Deployment").filter((r) => r.pack === "mlps3").map((r) => r.id);
    const at2 = judge.judge(level2, { today: TODAY }, { namespaceLabels: { "govcloud.io/mlps-level": "2" } });
    const at3 = judge.judge(level2, { today: TODAY }, { namespaceLabels: { "govcloud.io/mlps-level": "3" } });
    expect(level3only.length).toBeGreaterThan(0);
    expect(at2.passed.map((r) => r.id)).toEqual(expect.arrayContaining(level3only));
    expect(at3.findings.length).toBeGreaterThanOrEqual(at2.findings.length);
  });
});
