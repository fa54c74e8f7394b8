import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { clinicRequest as clinic } from "../support/requests.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

/** The tiny catalog's portal made compliant: a level 2 system with general data, encrypted, audited, backed up daily. */
const fixedPortal = () =>
  tinyCatalog()
    ["requests/health/portal.yaml"]!.replace("  platform:", "  encryption: { atRest: SM4, inTransit: TLCP, keyCustody: tenant }\n  audit: { retentionDays: 180 }\n  platform:")
    .replace("mlpsLevel: 3", "mlpsLevel: 2")
    .replace("dataLevel: important", "dataLevel: general")
    .replace("dr: { level: 4 }", "dr: { level: 2 }");


/** A repository with the tiny catalog under catalog/, as a PR checkout has it. */
function repo(files: Record<string, string> = {}): string {
  const texts: Record<string, string> = {};
  for (const [p, t] of Object.entries({ ...tinyCatalog(), ...files })) texts[`catalog/${p}`] = t;
  return writeTree(texts);
}

const check = (cwd: string, ...args: string[]) => govcloud(["check", "--estate", "t", ...args], { cwd });

describe("govcloud check", () => {
  it("exits 1 with a blocking finding and reports it grouped by system at its line", () => {
    const r = check(repo());
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("health/portal  (catalog/requests/health/portal.yaml)  owner 张伟");
    expect(r.stdout).toMatch(/HIGH\s+DATA-ENC-001\s+catalog\/requests\/health\/portal\.yaml:11:14/);
    expect(r.stdout).toMatch(/FAIL: \d+ blocking findings/);
    expect(r.stdout).not.toContain("\x1b[");
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("exits 0 when only non-blocking findings remain in what is judged", () => {
    const r = check(repo({ "requests/health/portal.yaml": fixedPortal() }), "--changed", "catalog/requests/health/portal.yaml");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("PASS: no blocking findings");
  });

  it("writes JSON with a summary and findings", () => {
    const r = check(repo(), "--format", "json", "--changed", "catalog/requests/health/portal.yaml");
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ estate: "t", verdict: "fail", systems: 1 });
    const blocking = report.findings.filter((f: { result: string; severity: string }) => f.result === "fail" && (f.severity === "high" || f.severity === "critical"));
    expect(report.summary.blocking).toBe(blocking.length);
    expect(report.findings.map((f: { rule: string }) => f.rule)).toContain("DATA-ENC-002");
  });

  it("writes --output atomically and says where", () => {
    const dir = repo();
    const r = check(dir, "--format", "sarif", "--output", "out/check.sarif");
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("report written to out/check.sarif");
    const sarif = JSON.parse(readFileSync(join(dir, "out/check.sarif"), "utf8"));
    expect(sarif.version).toBe("2.1.0");
  });

  it("--changed judges only the systems the changed files touch", () => {
    const dir = repo({ "requests/datong-approval/clinic.yaml": clinic, "requests/health/portal.yaml": fixedPortal() });
    const all = JSON.parse(check(dir, "--format", "json").stdout);
    expect(all.findings.some((f: { system?: string }) => f.system === "datong-approval/clinic")).toBe(true);
    const r = check(dir, "--format", "json", "--changed", "catalog/requests/health/portal.yaml", "README.md");
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary.systems).toBe(1);
    expect(report.findings.every((f: { system?: string }) => f.system === undefined || f.system === "health/portal")).toBe(true);
    expect(r.stderr).toContain("not judged");
    expect(r.stderr).toContain("README.md");
    const clinicOnly = check(dir, "--changed", "catalog/requests/datong-approval/clinic.yaml");
    expect(clinicOnly.status).toBe(1);
    expect(clinicOnly.stdout).toContain("DATA-MLPS-001");
    expect(clinicOnly.stdout).not.toContain("health/portal ");
  });

  it("--changed rejects an exception that arrives expired", () => {
    const expired = tinyCatalog()["exceptions/portal-audit.yaml"]!.replace('expires: "2027-03-31"', 'expires: "2026-11-01"');
    const r = check(repo({ "exceptions/portal-audit.yaml": expired }), "--changed", "catalog/exceptions/portal-audit.yaml");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("exception-expired-on-arrival");
  });

  it("writes Markdown and PolicyReports", () => {
    const md = check(repo(), "--format", "markdown", "--changed", "catalog/requests/health/portal.yaml");
    expect(md.stdout).toContain("## govcloud check");
    expect(md.stdout).toContain("### Quota and capacity");
    // The DR effect: the tiny estate has no level 3 node in another city for portal's standby.
    expect(md.stdout).toContain("### Disaster recovery (GB/T 20988)");
    expect(md.stdout).toMatch(/- `health\/portal` \(standby, partner-city\): /);
    const pr = check(repo(), "--format", "policyreport");
    expect(pr.stdout).toContain("kind: PolicyReport");
    expect(pr.stdout).toContain("namespace: health-portal");
    expect(parseAllDocuments(pr.stdout).map((d) => d.toJS().kind)).toContain("ClusterPolicyReport");
  });

  it("judges the objects the catalog plans", () => {
    const r = check(repo(), "--show-passed");
    // The planned Namespace of health/portal carries its levels: DATA-LABEL-001 passes on it.
    expect(r.stdout).toMatch(/PASS\s+DATA-LABEL-001/);
    expect(r.stdout).toMatch(/PASS\s+DATA-LABEL-001\s+catalog\/requests\/health\/portal.yaml:1:1\n\s+object: Namespace health-portal/);
  });

  it("--objects judges Kubernetes YAML files and folders like kyverno apply", () => {
    const dir = writeTree({
      "chart/templates/svc.yaml": `apiVersion: v1
kind: Service
metadata: { name: api, namespace: health-genome, labels: { govcloud.io/data-level: core } }
spec: { type: NodePort, ports: [{ port: 443 }] }
---
apiVersion: v1
kind: Service
metadata: { name: internal, namespace: health-genome }
spec: { type: ClusterIP, ports: [{ port: 443 }] }
`,
      "chart/templates/notes.txt": "not YAML: ignored",
      "ingress.yaml": `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: health-notices }
spec:
  rules: [{ host: gg.sxwjw.gov.example }]
`,
    });
    const r = govcloud(["check", "--objects", "chart", "ingress.yaml", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { rule: string; subject: { file: string; line: number } }) => `${f.rule} ${f.subject.file}:${f.subject.line}`).sort()).toEqual([
      "CRYPTO-TLS-003 ingress.yaml:4",
      "DATA-EXPO-001 chart/templates/svc.yaml:4",
    ]);
    // The finding points at the offending field: the NodePort type of the Service.
    expect(report.findings.find((f: { rule: string }) => f.rule === "DATA-EXPO-001").subject).toMatchObject({ fieldPath: "spec.type", line: 4, column: 9 });
    expect(report.summary.results.pass).toBeGreaterThan(0);
  });

  it("rejects bad input with exit 2 and a diagnostic, never a stack trace", () => {
    const dir = writeTree({ "bad.yaml": "apiVersion: v1\nkind: Service\nmetadata: { name: [x }\n" });
    const bad = govcloud(["check", "--objects", "bad.yaml"], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^bad\.yaml:3:\d+\s+yaml-/m);
    expect(bad.stderr).not.toMatch(STACK_TRACE);
    const missing = govcloud(["check", "--objects", "nope/"], { cwd: dir });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("--objects nope/: no such file or directory");
    expect(check(repo(), "--format", "html").status).toBe(2);
    const broken = check(repo({ "requests/health/portal.yaml": "kind: [" }));
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain("requests/health/portal.yaml");
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});

describe("govcloud check --objects on real-world multi-document files", () => {
  /** What `helm template` writes: a leading `---`, `# Source:` comments, empty documents between objects. */
  const HELM = `---
# Source: portal/templates/serviceaccount.yaml
---
## Section: workloads
## (this document holds only comments)
---
# Source: portal/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: portal
  namespace: health-genome
  labels: { govcloud.io/data-level: core }
spec:
  type: NodePort
  ports: [{ port: 443 }]
---

---
# Source: portal/templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata: { name: portal-config, namespace: health-genome }
data: { LOG_LEVEL: info }
`;

  it("skips empty and comment-only documents, as kubectl does", () => {
    const dir = writeTree({ "rendered.yaml": HELM });
    const r = govcloud(["check", "--objects", "rendered.yaml", "--format", "json"], { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.findings.map((f: { rule: string; subject: { file: string; line: number } }) => `${f.rule} ${f.subject.file}:${f.subject.line}`)).toEqual(["DATA-EXPO-001 rendered.yaml:15"]);
  });

  it("judges the other documents when one is bad, and names the skipped one", () => {
    const dir = writeTree({
      "mixed.yaml": `${HELM}---
- a list is not an object
---
just a scalar
---
apiVersion: v1
kind: Service
metadata: { name: [broken }
`,
    });
    const r = govcloud(["check", "--objects", "mixed.yaml", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1); // the core-data NodePort of the good documents is still found
    expect(JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual(["DATA-EXPO-001"]);
    expect(r.stderr).toMatch(/^mixed\.yaml:26:\d+\s+object-invalid\s+the document is not a mapping/m);
    expect(r.stderr).toMatch(/^mixed\.yaml:28:\d+\s+object-invalid\s+the document is not a mapping/m);
    expect(r.stderr).toMatch(/^mixed\.yaml:32:\d+\s+yaml-/m);
    expect(r.stderr).toMatch(/govcloud check: skipped 3 documents that could not be read \(mixed\.yaml:26, mixed\.yaml:28, mixed\.yaml:32\); the other 2 objects are judged/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("exits 2 when no document could be judged", () => {
    const dir = writeTree({ "only-bad.yaml": "---\n# nothing\n---\n- a\n- list\n" });
    const r = govcloud(["check", "--objects", "only-bad.yaml"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^only-bad\.yaml:4:1\s+object-invalid\s+the document is not a mapping/m);
  });
});
