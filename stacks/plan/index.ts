/** The Plan: every cloud node's desired Kubernetes objects, as canonical JSON. No engine types here. */
export * from "./types.js";
export type { Plan, PlanSections } from "./sections.js";
export { planEstate, type PlanEstateOptions } from "./plan.js";
export { onCloudEstate } from "./on-cloud.js";
export { nodeTotals, nodeCapacity, plannedReservations, capacityProblems, overCapacity } from "./reservations.js";
export { planners } from "./planners.js";
// The Kubernetes vocabulary the Plan is written in lives in kube/; re-exported for the engines and callers of stacks.
export {
  type KubeObject,
  LABELS,
  canonicalize,
  canonicalJson,
  canonicalJsonPieces,
  jsonPieces,
  compareObjects,
  objectKey,
  apiGroup,
  isDnsLabel,
  KIND_RANK,
  cpuQuantity,
  gibQuantity,
  parseQuantity,
} from "../../kube/index.js";
