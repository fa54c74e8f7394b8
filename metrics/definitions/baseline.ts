/** The baseline operator (operators/baseline): live objects judged by the policy rules, drift reverted. */
import { defineMetrics } from "./define.js";

export const baseline = defineMetrics("baseline", "operators/baseline", [
  {
    name: "govcloud_baseline_findings",
    type: "gauge",
    unit: "",
    labels: ["rule", "severity", "namespace"],
    budget: {
      series: 20_000,
      why: "only failing (rule, namespace) pairs are exported; at 10x ~1,500 namespaces with a handful of failing rules each",
    },
    help: "Open findings (result fail) on live objects, by rule, severity and namespace.",
  },
  {
    name: "govcloud_baseline_findings_by_age",
    type: "gauge",
    unit: "",
    labels: ["severity", "age"],
    help: "Open findings (result fail) on live objects by severity and age band (<7d, 7-30d, 30-90d, >90d) since first seen: the PolicyReport result's timestamp, kept across re-judging and restarts. Computed at scrape time.",
  },
  {
    name: "govcloud_baseline_drift_detected_total",
    type: "counter",
    unit: "",
    labels: ["kind"],
    help: "Planned objects found drifted from their desired state.",
  },
  {
    name: "govcloud_baseline_drift_reverted_total",
    type: "counter",
    unit: "",
    labels: ["kind"],
    help: "Drifted planned objects reverted by server-side apply.",
  },
  {
    name: "govcloud_baseline_objects_judged_total",
    type: "counter",
    unit: "",
    labels: [],
    help: "Live objects judged by the rules (ObjectJudge).",
  },
] as const);
