/**
 * Kubernetes Policy WG reports (wgpolicyk8s.io/v1alpha2): one PolicyReport per namespace holding the
 * results about that namespace's objects and its system's catalog request, and one ClusterPolicyReport
 * for cluster-scoped objects and estate-wide subjects (cloud nodes, departments). Deterministic: no
 * timestamps, sorted by namespace.
 */
import { createRequire } from "node:module";
import type * as YamlLib from "yaml";
import { systemNamespace } from "../../kube/index.js";
import type { Finding } from "../types.js";
import { clauseText, Context, sortFindings, type ReportContext } from "./common.js";

// `yaml` is required when first used, not at every start of the CLI (about 80 ms).
const yamlLib = (): typeof YamlLib => createRequire(import.meta.url)("yaml") as typeof YamlLib;

export const POLICY_REPORT_API = "wgpolicyk8s.io/v1alpha2";
const SOURCE = "govcloud";

type Summary = Record<"pass" | "fail" | "warn" | "error" | "skip", number>;

export interface PolicyReportDoc {
  readonly apiVersion: typeof POLICY_REPORT_API;
  readonly kind: "PolicyReport" | "ClusterPolicyReport";
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels: Record<string, string> };
  readonly scope?: { readonly apiVersion: string; readonly kind: string; readonly name: string };
  readonly summary: Summary;
  readonly results: readonly object[];
}

const emptySummary = (): Summary => ({ pass: 0, fail: 0, warn: 0, error: 0, skip: 0 });

function result(f: Finding, ctx: Context): object {
  const rule = ctx.rules.get(f.rule);
  const s = f.subject;
  const at = ctx.locationOf(f);
  const properties: Record<string, string> = { clause: clauseText(rule), remediation: rule.remediation };
  if (at) properties.location = `${at.uri}:${at.line}:${at.column}`;
  if (f.exception) {
    properties.exception = f.exception.name;
    properties.exceptionApprover = f.exception.approver;
    properties.exceptionExpires = f.exception.expires;
    if (f.exception.expired) properties.exceptionExpired = "true";
    else properties.exceptionJustification = f.exception.justification;
  }
  const resource =
    s.type === "object"
      ? {
          apiVersion: s.apiVersion,
          kind: s.kind,
          name: s.name,
          ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
          ...(s.fieldPath !== undefined ? { fieldPath: s.fieldPath } : {}),
        }
      : s.department && s.system
        ? {
            apiVersion: "govcloud.io/v1alpha1",
            kind: "SystemRequest",
            name: s.system,
            namespace: systemNamespace(s.department, s.system),
          }
        : s.cloud
          ? { apiVersion: "govcloud.io/v1alpha1", kind: "CloudNode", name: s.cloud }
          : s.department
            ? { apiVersion: "govcloud.io/v1alpha1", kind: "Department", name: s.department }
            : undefined;
  return {
    policy: `govcloud-${rule.pack}`,
    rule: rule.id,
    category: rule.pack,
    severity: rule.severity,
    result: f.result,
    scored: true,
    source: SOURCE,
    message: f.message,
    properties,
    ...(resource ? { resources: [resource] } : {}),
  };
}

/** The reports as objects: PolicyReports sorted by namespace, then the ClusterPolicyReport if any. */
export function toPolicyReports(findings: readonly Finding[], input: ReportContext): PolicyReportDoc[] {
  const ctx = new Context(input);
  const byNamespace = new Map<string, Finding[]>();
  for (const f of sortFindings(findings, ctx)) {
    const ns = ctx.namespaceOf(f) ?? "";
    const list = byNamespace.get(ns);
    if (list) list.push(f);
    else byNamespace.set(ns, [f]);
  }
  for (const [ns, n] of input.passes?.byNamespace ?? []) if (n > 0 && !byNamespace.has(ns)) byNamespace.set(ns, []);
  const labels = { "app.kubernetes.io/managed-by": SOURCE };
  const docs: PolicyReportDoc[] = [];
  const namespaces = [...byNamespace.keys()].sort();
  for (const ns of namespaces) {
    const list = byNamespace.get(ns)!;
    const summary = emptySummary();
    for (const f of list) if (!(f.result === "pass" && input.passes)) summary[f.result]++;
    if (input.passes) summary.pass = input.passes.byNamespace.get(ns) ?? 0;
    const results = list.map((f) => result(f, ctx));
    if (ns === "") {
      docs.push({
        apiVersion: POLICY_REPORT_API,
        kind: "ClusterPolicyReport",
        metadata: { name: "govcloud-cluster", labels },
        summary,
        results,
      });
    } else {
      docs.push({
        apiVersion: POLICY_REPORT_API,
        kind: "PolicyReport",
        metadata: { name: `govcloud-${ns}`.slice(0, 253), namespace: ns, labels },
        scope: { apiVersion: "v1", kind: "Namespace", name: ns },
        summary,
        results,
      });
    }
  }
  // The cluster report last, as `kubectl apply` reads it after the namespaced ones.
  return [...docs.filter((d) => d.kind === "PolicyReport"), ...docs.filter((d) => d.kind === "ClusterPolicyReport")];
}

export function formatPolicyReports(findings: readonly Finding[], input: ReportContext): string {
  const docs = toPolicyReports(findings, input);
  if (docs.length === 0) return "";
  return docs.map((d) => yamlLib().stringify(d, { lineWidth: 0 })).join("---\n");
}
