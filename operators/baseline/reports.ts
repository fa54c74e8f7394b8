/**
 * The PolicyReports the baseline writes: one `wgpolicyk8s.io/v1alpha2` PolicyReport per namespace (its
 * objects and the Namespace itself) and one ClusterPolicyReport for cluster-scoped objects, built by
 * the policies module's PolicyReport format (the same results `govcloud check --format policyreport`
 * gives) plus a timestamp per result: when the result was first seen, kept across rewrites, so a
 * report changes only when its results do.
 */
import type { Gauge } from "prom-client";
import type { Estate } from "../../catalog/index.js";
import { sameJson } from "../../kube/index.js";
import { FINDING_AGE_BANDS } from "../../metrics/index.js";
import { toPolicyReports, type Finding, type RuleMeta } from "../../policies/index.js";
import type { Clock, KObject } from "../runtime/index.js";

export const REPORT_API = "wgpolicyk8s.io/v1alpha2";

export interface ReportInput {
  readonly rules: readonly RuleMeta[];
  readonly estate: Estate;
  readonly today: string;
}

type Summary = Record<"pass" | "fail" | "warn" | "error" | "skip", number>;
interface ReportResult {
  policy: string;
  rule?: string;
  result?: string;
  message?: string;
  resources?: unknown[];
  timestamp?: { seconds: number; nanos: number };
  [k: string]: unknown;
}

/** What a result is about and says, whatever the order of its keys (a real API server sorts them). */
const identity = (r: ReportResult) => stable([r.policy, r.rule, r.result, r.message, r.resources]);

/**
 * The report of one namespace (`namespace` set) or of the cluster-scoped objects. `previous` is the
 * live report, whose results keep their first-seen timestamps.
 */
export function buildReport(
  namespace: string | undefined,
  findings: readonly Finding[],
  passes: number,
  input: ReportInput,
  nowMs: number,
  previous?: Readonly<KObject>,
): KObject {
  const key = namespace ?? "";
  const docs = toPolicyReports(findings, {
    ...input,
    passes: { total: passes, byNamespace: new Map([[key, passes]]), byRule: new Map() },
  });
  const summary: Summary = { pass: passes, fail: 0, warn: 0, error: 0, skip: 0 };
  const results: ReportResult[] = [];
  for (const d of docs) {
    for (const k of ["fail", "warn", "error", "skip"] as const) summary[k] += d.summary[k];
    results.push(...(d.results as ReportResult[]));
  }
  const firstSeen = new Map<string, { seconds: number; nanos: number }>();
  for (const r of (previous?.results as ReportResult[] | undefined) ?? [])
    if (r.timestamp) firstSeen.set(identity(r), r.timestamp);
  const now = { seconds: Math.floor(nowMs / 1000), nanos: 0 };
  for (const r of results) r.timestamp = (firstSeen.size > 0 ? firstSeen.get(identity(r)) : undefined) ?? now;
  const labels = { "app.kubernetes.io/managed-by": "govcloud" };
  return namespace
    ? {
        apiVersion: REPORT_API,
        kind: "PolicyReport",
        metadata: { name: `govcloud-${namespace}`.slice(0, 253), namespace, labels },
        scope: { apiVersion: "v1", kind: "Namespace", name: namespace },
        summary,
        results,
      }
    : {
        apiVersion: REPORT_API,
        kind: "ClusterPolicyReport",
        metadata: { name: "govcloud-cluster", labels },
        summary,
        results,
      };
}

/** JSON with sorted keys (a real API server returns custom objects with their keys sorted). */
export function stable(v: unknown): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v) ?? "null";
  if (Array.isArray(v)) return `[${v.map(stable).join(",")}]`;
  return `{${Object.keys(v as object)
    .sort()
    .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
    .join(",")}}`;
}

/** Whether the live report already says what `desired` says (then nothing is written). */
export function sameReport(desired: Readonly<KObject>, live: Readonly<KObject> | undefined): boolean {
  if (!live) return false;
  const labels = live.metadata.labels ?? {};
  for (const [k, v] of Object.entries(desired.metadata.labels ?? {})) if (labels[k] !== v) return false;
  return (
    sameJson(desired.summary, live.summary) &&
    sameJson(desired.results ?? [], live.results ?? []) &&
    sameJson(desired.scope, live.scope)
  );
}

export type FindingAgeBand = (typeof FINDING_AGE_BANDS)[number];

/** The age band of an open finding `ageSeconds` after it was first seen: <7d, 7-30d, 30-90d, >90d (a convention). */
export function findingAgeBand(ageSeconds: number): FindingAgeBand {
  const days = ageSeconds / 86_400;
  return days < 7 ? "<7d" : days < 30 ? "7-30d" : days < 90 ? "30-90d" : ">90d";
}

/**
 * Open findings by age, for the `govcloud_baseline_findings_by_age{severity, age}` gauge: the failing results
 * of every report the controller writes, with their first-seen timestamps (kept across re-judging and restarts,
 * since they live in the PolicyReport). Bands are computed when Prometheus scrapes, so a finding moves from
 * one band to the next as it ages, without a re-judge. At most 5 severities × 4 bands = 20 series.
 */
export class FindingAges {
  private readonly byReport = new Map<string, readonly { readonly severity: string; readonly seconds: number }[]>();
  private clock: Pick<Clock, "now"> = { now: () => Date.now() };

  /** Publishes the counts on `gauge` at every scrape (prom-client's collect hook). */
  constructor(gauge?: Gauge<"severity" | "age">) {
    if (gauge)
      // prom-client calls a metric's `collect` before every scrape (its constructor takes it from the config).
      (gauge as Gauge<"severity" | "age"> & { collect?: () => void }).collect = () => {
        gauge.reset();
        for (const c of this.counts()) gauge.set({ severity: c.severity, age: c.age }, c.count);
      };
  }

  /** The failing results of a report (its namespace, "" for the cluster report), and the clock ages are taken by. */
  record(report: Readonly<KObject>, clock?: Pick<Clock, "now">): void {
    if (clock) this.clock = clock;
    const open = ((report.results as ReportResult[] | undefined) ?? [])
      .filter((r) => r.result === "fail")
      .map((r) => ({
        severity: typeof r.severity === "string" ? r.severity : "info",
        seconds: r.timestamp?.seconds ?? Math.floor(this.clock.now() / 1000),
      }));
    const key = report.metadata.namespace ?? "";
    if (open.length) this.byReport.set(key, open);
    else this.byReport.delete(key);
  }

  /** A namespace without findings any more (deleted, unlabelled). */
  forget(namespace: string): void {
    this.byReport.delete(namespace);
  }

  /** Open findings by severity and age band now (sorted; zero bands left out). */
  counts(): { severity: string; age: FindingAgeBand; count: number }[] {
    const now = this.clock.now() / 1000;
    const m = new Map<string, { severity: string; age: FindingAgeBand; count: number }>();
    for (const list of this.byReport.values())
      for (const f of list) {
        const age = findingAgeBand(Math.max(0, now - f.seconds));
        const k = `${f.severity}|${FINDING_AGE_BANDS.indexOf(age)}`;
        const c = m.get(k);
        if (c) c.count++;
        else m.set(k, { severity: f.severity, age, count: 1 });
      }
    return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, c]) => c);
  }
}
