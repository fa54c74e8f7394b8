import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse, parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { assembleEstate, type Estate } from "../../catalog/index.js";
import {
  evaluate,
  formatMarkdown,
  formatPolicyReports,
  formatSarif,
  formatText,
  MARKDOWN_MARKER,
  parseObjects,
  rules,
  toJsonReport,
  toPolicyReports,
  type Evaluation,
  type ReportContext,
} from "../../policies/index.js";
import { ROOT } from "../support/cli.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;

/** The tiny catalog plus an internet-facing level 3 system on a standard gateway, excepted for CRYPTO-TLS-002. */
function catalog(): Record<string, string> {
  const t = tinyCatalog();
  t["requests/health/appointments.yaml"] = `apiVersion: govcloud.io/v1alpha1
kind: SystemRequest
metadata:
  name: appointments
spec:
  displayName: 预约挂号平台
  department: health
  cloud: province
  mlpsLevel: 3
  dataLevel: important
  zones: [public, internet-access]
  ingress:
    hosts: [yygh.sxwjw.gov.example]
    internetFacing: true
    gatewayClass: standard-tls
    tls: { keyAlgorithm: RSA-1024, signatureAlgorithm: SHA256withRSA }
  encryption: { atRest: SM4, inTransit: TLCP, keyCustody: tenant }
  platform: { cpu: kunpeng, os: kylin }
  services:
    - { name: app, offering: vm, params: { vcpu: 2, memoryGiB: 4, count: 2 } }
  dr: { level: 4 }
  owner: { name: 张伟, email: zhangwei@wjw.shanxi.gov.example }
`;
  t["exceptions/appointments-gateway.yaml"] = `apiVersion: govcloud.io/v1alpha1
kind: PolicyException
metadata:
  name: appointments-gateway
spec:
  rule: CRYPTO-TLS-002
  subject: { department: health, system: appointments }
  justification: The 国密 gateway cluster is being delivered; traffic is behind the WAF until 2026-12-15.
  approver: { name: 赵安, email: zhaoan@sx.gov.example }
  approved: "2026-09-15"
  expires: "2026-12-15"
`;
  // Portal serves no ingress: an exception for its TLS finds nothing and is stale.
  t["exceptions/portal-tls.yaml"] = t["exceptions/appointments-gateway.yaml"]
    .replace("name: appointments-gateway", "name: portal-tls")
    .replace("rule: CRYPTO-TLS-002", "rule: CRYPTO-TLS-001")
    .replace("system: appointments", "system: portal");
  return t;
}

let estate: Estate;
let evaluation: Evaluation;
let input: ReportContext;

beforeAll(() => {
  const loaded = assembleEstate("/repo/catalog", toFiles(catalog()), { estate: "t", today: TODAY });
  estate = loaded.estate!;
  const objects = parseObjects(
    "helm/out.yaml",
    `apiVersion: v1
kind: Service
metadata:
  name: api
  namespace: health-portal
  labels: { govcloud.io/data-level: core }
spec: { type: LoadBalancer, ports: [{ port: 443 }] }
---
apiVersion: v1
kind: Namespace
metadata:
  name: health-orphan
  labels: { govcloud.io/system: orphan, govcloud.io/department: health }
`,
  ).objects;
  evaluation = evaluate({ rules, estate, objects, today: TODAY });
  input = {
    rules,
    estate,
    today: TODAY,
    staleExceptions: evaluation.stale,
    passes: evaluation.passes,
    toolVersion: "0.1.0",
  };
});

describe("JSON", () => {
  it("gives every finding rule, pack, severity, result, clause, message, remediation and subject", () => {
    const report = toJsonReport(evaluation.findings, input);
    const tls = report.findings.find((f) => f.rule === "CRYPTO-CERT-001")!;
    expect(tls).toMatchObject({
      pack: "crypto",
      severity: "high",
      result: "fail",
      clause: "GB/T 39786-2021 5 a) (derived)",
      subject: {
        file: "catalog/requests/health/appointments.yaml",
        line: 16,
        department: "health",
        system: "appointments",
      },
    });
    expect(tls.remediation).toContain("SM2");
    const excepted = report.findings.find((f) => f.rule === "CRYPTO-TLS-002")!;
    expect(excepted).toMatchObject({ result: "skip", exception: { name: "appointments-gateway", approver: "赵安" } });
    const object = report.findings.find((f) => f.rule === "DATA-EXPO-001")!;
    // At the offending field's line: `spec: { type: LoadBalancer, ... }`.
    expect(object.subject).toEqual({
      apiVersion: "v1",
      kind: "Service",
      namespace: "health-portal",
      name: "api",
      fieldPath: "spec.type",
      file: "helm/out.yaml",
      line: 7,
      column: 9,
    });
    expect(report.summary).toMatchObject({ estate: "t", verdict: "fail", expiringExceptions: 1, staleExceptions: 1 });
    expect(report.summary.excepted).toBe(report.findings.filter((f) => f.result === "skip").length);
    expect(tls.owner).toBe("张伟 <zhangwei@wjw.shanxi.gov.example>");
    expect(report.summary.blocking).toBe(
      report.findings.filter((f) => f.result === "fail" && (f.severity === "high" || f.severity === "critical")).length,
    );
    expect(report.summary.results.pass).toBe(evaluation.passes.total);
    expect(report.staleExceptions.map((s) => s.name)).toEqual(["portal-tls"]);
  });
});

describe("SARIF", () => {
  it("passes the official SARIF validator with zero errors and warnings", () => {
    const dir = mkdtempSync(join(tmpdir(), "govcloud-sarif-"));
    writeFileSync(join(dir, "check.sarif"), formatSarif(evaluation.findings, input));
    const tool = join(ROOT, "node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool");
    const run = spawnSync(tool, ["validate", join(dir, "check.sarif"), "--output", join(dir, "validation.sarif")], {
      encoding: "utf8",
      env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" },
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(join(dir, "validation.sarif"), "utf8")) as {
      runs: { results: { level: string; message: { text?: string; id?: string }; ruleId: string }[] }[];
    };
    const problems = validation.runs[0]!.results.filter((r) => r.level === "error" || r.level === "warning");
    expect(problems, JSON.stringify(problems, null, 2)).toEqual([]);
  });

  it("describes every rule with help text and security-severity, and locates results at the exact line", () => {
    const sarif = JSON.parse(formatSarif(evaluation.findings, input));
    const run = sarif.runs[0];
    expect(sarif.version).toBe("2.1.0");
    const descriptor = run.tool.driver.rules.find((r: { id: string }) => r.id === "CRYPTO-TLS-002");
    expect(descriptor.help.text).toContain("GB/T 39786-2021 8.2");
    expect(descriptor.properties["security-severity"]).toBe("8.0");
    const cert = run.results.find((r: { ruleId: string }) => r.ruleId === "CRYPTO-CERT-001");
    expect(cert.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "catalog/requests/health/appointments.yaml", uriBaseId: "%SRCROOT%" },
      region: { startLine: 16, startColumn: 26 },
    });
    expect(run.tool.driver.rules[cert.ruleIndex].id).toBe("CRYPTO-CERT-001");
    const skipped = run.results.find((r: { ruleId: string }) => r.ruleId === "CRYPTO-TLS-002");
    expect(skipped.suppressions[0]).toMatchObject({ kind: "external", status: "accepted" });
    expect(skipped.suppressions[0].justification).toContain("赵安");
    expect(run.results.some((r: { ruleId: string }) => r.ruleId === "GOV-EXC-001")).toBe(true);
  });
});

describe("PolicyReport", () => {
  const crd = (file: string) => {
    const doc = parse(readFileSync(join(ROOT, "policies/formats/reference", file), "utf8"));
    return doc.spec.versions.find((v: { name: string }) => v.name === "v1alpha2").schema.openAPIV3Schema;
  };

  it("is valid against the wgpolicyk8s.io CRD schemas, one report per namespace", () => {
    const ajv = addFormats(new Ajv({ strict: false, allErrors: true }));
    const validators = {
      PolicyReport: ajv.compile(crd("wgpolicyk8s.io_policyreports.yaml")),
      ClusterPolicyReport: ajv.compile(crd("wgpolicyk8s.io_clusterpolicyreports.yaml")),
    };
    const docs = parseAllDocuments(formatPolicyReports(evaluation.findings, input)).map((d) => d.toJS());
    expect(docs.length).toBeGreaterThan(1);
    for (const doc of docs) {
      const validate = validators[doc.kind as keyof typeof validators];
      expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
      expect(doc.apiVersion).toBe("wgpolicyk8s.io/v1alpha2");
    }
    const namespaces = docs.filter((d) => d.kind === "PolicyReport").map((d) => d.metadata.namespace);
    expect(new Set(namespaces).size).toBe(namespaces.length);
    expect(namespaces).toEqual(expect.arrayContaining(["health-appointments", "health-portal"]));
    // Namespaces are cluster-scoped: their results go to the ClusterPolicyReport, as estate-wide ones do.
    const cluster = docs.at(-1);
    expect(cluster.kind).toBe("ClusterPolicyReport");
    expect(cluster.results.find((r: { rule: string }) => r.rule === "DATA-LABEL-001").resources).toEqual([
      { apiVersion: "v1", kind: "Namespace", name: "health-orphan", fieldPath: "metadata.labels" },
    ]);
  });

  it("summarises each namespace's results, passes included", () => {
    const reports = toPolicyReports(evaluation.findings, input);
    const portal = reports.find((r) => r.metadata.namespace === "health-portal")!;
    const results = portal.results as { rule: string; result: string; resources?: { kind: string }[] }[];
    expect(portal.summary.fail).toBe(results.filter((r) => r.result === "fail").length);
    expect(portal.summary.pass).toBe(evaluation.passes.byNamespace.get("health-portal"));
    expect(results.find((r) => r.rule === "DATA-EXPO-001")!.resources).toEqual([
      { apiVersion: "v1", kind: "Service", name: "api", namespace: "health-portal", fieldPath: "spec.type" },
    ]);
  });

  it("writes nothing when there is nothing to report", () => {
    expect(formatPolicyReports([], { rules, today: TODAY })).toBe("");
  });
});

describe("Markdown", () => {
  it("states the verdict, lists findings with where and how to fix, and the quota effect of the change", () => {
    const md = formatMarkdown(
      evaluation.findings.filter((f) => f.subject.type === "catalog" && f.subject.system === "appointments"),
      { ...input, systems: ["health/appointments"] },
    );
    expect(md.startsWith(MARKDOWN_MARKER)).toBe(true);
    expect(md).toContain("❌ **");
    expect(md).toContain("`catalog/requests/health/appointments.yaml:16`");
    // The quota tables are the reports' table model: units and shares as the reports show them.
    expect(md).toContain("| `health/appointments` | province | 4 | 8.0 GiB | 200.0 GiB | 0 |");
    expect(md).toMatch(/\| province \| 36 \| 100 \| 36\.0% \| 136\.0 GiB \| 34\.0% \| 600\.0 GiB \| 5\.9% \| 4 \|/);
    expect(md).toContain("appointments-gateway");
  });

  it("escapes table cells", () => {
    const md = formatMarkdown(
      [
        {
          rule: "CRYPTO-TLS-001",
          result: "fail",
          message: "a | b\nc",
          subject: { type: "catalog", file: "x.yaml", line: 1, column: 1 },
        },
      ],
      { rules, today: TODAY },
    );
    expect(md).toContain("a \\| b c");
  });
});

describe("text", () => {
  it("groups by system, shows exceptions and stale exceptions, and colours only when asked", () => {
    const plain = formatText(evaluation.findings, input);
    expect(plain).toContain("health/appointments  (catalog/requests/health/appointments.yaml)");
    expect(plain).toContain(
      "excepted by appointments-gateway, approved by 赵安, until 2026-12-15 (expires in 22 days)",
    );
    expect(plain).toContain(
      "health/appointments  (catalog/requests/health/appointments.yaml)  owner 张伟 <zhangwei@wjw.shanxi.gov.example>",
    );
    expect(plain).toContain("stale exceptions");
    expect(plain).not.toContain("\x1b[");
    expect(formatText(evaluation.findings, input, { color: true })).toContain("\x1b[31m");
  });
});
