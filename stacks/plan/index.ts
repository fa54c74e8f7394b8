/** The Plan: every cloud node's desired Kubernetes objects, as canonical JSON. No engine types here. */
export * from "./types.js";
export { planEstate, nodeTotals, type PlanEstateOptions } from "./plan.js";
export { planners } from "./planners.js";
export { canonicalize, canonicalJson, canonicalJsonPieces, jsonPieces, compareObjects, objectKey, apiGroup, isDnsLabel, KIND_RANK } from "./canonical.js";
export { cpuQuantity, gibQuantity, parseQuantity } from "./quantity.js";
