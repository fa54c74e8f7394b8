/**
 * Kubernetes object helpers shared by the rule packs: where a workload's pod spec is, who is a tenant,
 * which MLPS level an object is held to, RBAC and NetworkPolicy semantics.
 */
export * from "./pod.js";
export * from "./scope.js";
export * from "./rbac.js";
export * from "./netpol.js";
export * from "./rule.js";
