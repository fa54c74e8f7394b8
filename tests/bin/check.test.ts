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
    ["requests/health/portal.yaml"]!.replace(
      "  platform:",
      "  encryption: { atRest: SM4, inTransit: TLCP, keyCustody: tenant }\n  audit: { retentionDays: 180 }\n  platform:",
    )
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
    const r = check(
      repo({ "requests/health/portal.yaml": fixedPortal() }),
      "--changed",
      "catalog/requests/health/portal.yaml",
    );
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("PASS: no blocking findings");
  });

  it("writes JSON with a summary and findings", () => {
    const r = check(repo(), "--format", "json", "--changed", "catalog/requests/health/portal.yaml");
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ estate: "t", verdict: "fail", systems: 1 });
    const blocking = report.findings.filter(
      (f: { result: string; severity: string }) =>
        f.result === "fail" && (f.severity === "high" || f.severity === "critical"),
    );
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
    expect(
      report.findings.every((f: { system?: string }) => f.system === undefined || f.system === "health/portal"),
    ).toBe(true);
    expect(r.stderr).toContain("not judged");
    expect(r.stderr).toContain("README.md");
    const clinicOnly = check(dir, "--changed", "catalog/requests/datong-approval/clinic.yaml");
    expect(clinicOnly.status).toBe(1);
    expect(clinicOnly.stdout).toContain("DATA-MLPS-001");
    expect(clinicOnly.stdout).not.toContain("health/portal ");
  });

  it("--changed rejects an exception that arrives expired", () => {
    const expired = tinyCatalog()["exceptions/portal-audit.yaml"]!.replace(
      'expires: "2027-03-31"',
      'expires: "2026-11-01"',
    );
    const r = check(
      repo({ "exceptions/portal-audit.yaml": expired }),
      "--changed",
      "catalog/exceptions/portal-audit.yaml",
    );
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
    expect(r.stdout).toMatch(
      /PASS\s+DATA-LABEL-001\s+catalog\/requests\/health\/portal.yaml:1:1\n\s+object: Namespace health-portal/,
    );
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
    expect(
      report.findings
        .map(
          (f: { rule: string; subject: { file: string; line: number } }) =>
            `${f.rule} ${f.subject.file}:${f.subject.line}`,
        )
        .sort(),
    ).toEqual(["CRYPTO-TLS-003 ingress.yaml:4", "DATA-EXPO-001 chart/templates/svc.yaml:4"]);
    // The finding points at the offending field: the NodePort type of the Service.
    expect(report.findings.find((f: { rule: string }) => f.rule === "DATA-EXPO-001").subject).toMatchObject({
      fieldPath: "spec.type",
      line: 4,
      column: 9,
    });
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
    expect(
      report.findings.map(
        (f: { rule: string; subject: { file: string; line: number } }) =>
          `${f.rule} ${f.subject.file}:${f.subject.line}`,
      ),
    ).toEqual(["DATA-EXPO-001 rendered.yaml:15"]);
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
    expect(r.stderr).toMatch(
      /govcloud check: skipped 3 documents that could not be read \(mixed\.yaml:26, mixed\.yaml:28, mixed\.yaml:32\); the other 2 objects are judged/,
    );
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });

  it("exits 2 when no document could be judged", () => {
    const dir = writeTree({ "only-bad.yaml": "---\n# nothing\n---\n- a\n- list\n" });
    const r = govcloud(["check", "--objects", "only-bad.yaml"], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^only-bad\.yaml:4:1\s+object-invalid\s+the document is not a mapping/m);
  });
});

describe("govcloud check --objects tells what it judged (issue 17 item 9)", () => {
  const podSpec = (indent: string) =>
    [
      `containers:`,
      `  - name: web`,
      `    image: registry.example.com/web:1.0`,
      `    securityContext:`,
      `      privileged: true`,
    ]
      .map((l) => indent + l)
      .join("\n");
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  template:
    spec:
${podSpec("      ")}
`;
  const rollout = deployment.replace(
    "apiVersion: apps/v1\nkind: Deployment",
    "apiVersion: argoproj.io/v1alpha1\nkind: Rollout",
  );
  const cronLike = `apiVersion: example.com/v1
kind: ScheduledThing
metadata: { name: nightly, namespace: shop }
spec:
  jobTemplate:
    spec:
      template:
        spec:
${podSpec("          ")}
`;
  const podLike = `apiVersion: example.com/v1
kind: Sandbox
metadata: { name: box, namespace: shop }
spec:
${podSpec("  ")}
`;
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: { name: widgets.example.com }
spec: { group: example.com }
---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w1, namespace: shop }
spec: { size: 3, template: { spec: { colour: blue } } }
`;
  type F = { rule: string; result: string; subject: { kind: string; file: string; line: number; fieldPath?: string } };
  const fails = (stdout: string, kind: string) =>
    (JSON.parse(stdout).findings as F[])
      .filter((f) => f.subject.kind === kind && f.result !== "pass")
      .map((f) => `${f.rule} ${f.subject.fieldPath ?? ""}`)
      .sort();

  it("judges an Argo Rollout with a privileged container exactly as a Deployment, at its file:line", () => {
    const dir = writeTree({ "rollout.yaml": rollout, "deploy.yaml": deployment });
    const r = govcloud(["check", "--objects", "rollout.yaml", "deploy.yaml", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    const priv = (JSON.parse(r.stdout).findings as F[]).find(
      (f) => f.rule === "MLPS2-POD-001" && f.subject.kind === "Rollout",
    );
    expect(priv?.subject).toMatchObject({
      file: "rollout.yaml",
      line: 11,
      fieldPath: "spec.template.spec.containers[0].securityContext.privileged",
    });
    expect(fails(r.stdout, "Rollout")).toEqual(fails(r.stdout, "Deployment"));
    expect(fails(r.stdout, "Rollout").length).toBeGreaterThan(0);
    // Each rule once per object: the fallback does not repeat a Deployment's results.
    const rules = (JSON.parse(r.stdout).findings as F[])
      .filter((f) => f.subject.kind === "Deployment")
      .map((f) => `${f.rule} ${f.subject.fieldPath}`);
    expect(new Set(rules).size).toBe(rules.length);
    const text = govcloud(["check", "--objects", "rollout.yaml"], { cwd: dir });
    expect(text.stdout).toMatch(/MLPS2-POD-001\s+rollout\.yaml:11:\d+/);
    expect(text.stdout).toContain("1 object judged");
  });

  it("judges CronJob-like and Pod-like custom kinds by their pod template", () => {
    const dir = writeTree({ "cron.yaml": cronLike, "pod.yaml": podLike });
    const r = govcloud(["check", "--objects", "cron.yaml", "pod.yaml", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    const priv = (JSON.parse(r.stdout).findings as F[])
      .filter((f) => f.rule === "MLPS2-POD-001")
      .map((f) => `${f.subject.kind} ${f.subject.file}:${f.subject.line} ${f.subject.fieldPath}`)
      .sort();
    expect(priv).toEqual([
      "Sandbox pod.yaml:9 spec.containers[0].securityContext.privileged",
      "ScheduledThing cron.yaml:13 spec.jobTemplate.spec.template.spec.containers[0].securityContext.privileged",
    ]);
  });

  it("a file of kinds no rule covers judges 0 objects and names the kinds, with a no-findings exit", () => {
    const dir = writeTree({ "crd.yaml": crd });
    const r = govcloud(["check", "--objects", "crd.yaml"], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("0 of 2 objects judged");
    expect(r.stdout).not.toMatch(/systems? judged/);
    expect(r.stdout).toMatch(
      /not judged \(no rule covers their kind\): CustomResourceDefinition \(apiextensions\.k8s\.io\/v1\) ×1, Widget \(example\.com\/v1\) ×1/,
    );
    expect(r.stdout).toContain("nothing was judged");
    const json = govcloud(["check", "--objects", "crd.yaml", "--format", "json"], { cwd: dir });
    expect(json.status).toBe(0);
    const summary = JSON.parse(json.stdout).summary;
    expect(summary.systems).toBeUndefined();
    expect(summary.objects).toEqual({
      total: 2,
      judged: 0,
      notJudged: [
        { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", count: 1 },
        { apiVersion: "example.com/v1", kind: "Widget", count: 1 },
      ],
    });
    const md = govcloud(["check", "--objects", "crd.yaml", "--format", "markdown"], { cwd: dir });
    expect(md.stdout).toContain("Judged: 0 of 2 objects");
    expect(md.stdout).toMatch(
      /Not judged \(no rule covers their kind\): `CustomResourceDefinition` \(`apiextensions\.k8s\.io\/v1`\) ×1, `Widget` \(`example\.com\/v1`\) ×1/,
    );
    for (const format of ["sarif", "policyreport"]) {
      const o = govcloud(["check", "--objects", "crd.yaml", "--format", format], { cwd: dir });
      expect(o.status).toBe(0);
      expect(o.stderr).toContain(
        "0 of 2 objects judged; not judged (no rule covers their kind): CustomResourceDefinition",
      );
      if (format === "sarif") expect(JSON.parse(o.stdout).runs).toHaveLength(1);
    }
  });

  it("a mixed file counts judged objects and the kinds left out", () => {
    const dir = writeTree({
      "mixed.yaml": `${crd}---\n${rollout}---\napiVersion: v1\nkind: Service\nmetadata: { name: api, namespace: shop }\nspec: { type: ClusterIP, ports: [{ port: 443 }] }\n`,
    });
    const r = govcloud(["check", "--objects", "mixed.yaml", "--format", "json"], { cwd: dir });
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout).summary;
    expect(summary.objects).toMatchObject({ total: 4, judged: 2 });
    expect(summary.objects.notJudged.map((k: { kind: string }) => k.kind)).toEqual([
      "CustomResourceDefinition",
      "Widget",
    ]);
    const text = govcloud(["check", "--objects", "mixed.yaml"], { cwd: dir });
    expect(text.stdout).toContain("2 of 4 objects judged");
    expect(text.stdout).not.toContain("nothing was judged");
  });
});
