/** The security-baseline operator: live objects judged by the policy rules, PolicyReports, drift reverted. */
export { baselineController, CLUSTER_KEY, FIELD_MANAGER, SYSTEM_LABEL, type BaselineOptions } from "./controller.js";
export { BASELINE_KINDS, desiredState, driftOf, type DesiredState } from "./desired.js";
export { BaselineJudge, type NamespaceJudgement } from "./judge.js";
export { buildReport, sameReport, REPORT_API, FindingAges, findingAgeBand, type FindingAgeBand } from "./reports.js";
