/**
 * The ground floor: Kubernetes vocabulary every module may use, importing nothing of ours —
 * `KubeObject` and the govcloud.io labels, names (`<department>-<system>` namespaces, DNS-1123),
 * canonical JSON and object order, quantities, and readers of pod templates, RBAC objects and
 * NetworkPolicies.
 */
export { type KubeObject, LABELS, mlpsLevelLabel } from "./object.js";
export {
  type SystemRef,
  systemNamespace,
  systemKeyOf,
  namespaceOf,
  systemKey,
  sharedNamespace,
  isDnsLabel,
  SYSTEM_NAMESPACES,
  PLATFORM_NAMESPACE_PREFIX,
  isTenantNamespace,
  namespaceOfObject,
} from "./names.js";
export {
  canonicalize,
  canonicalJson,
  canonicalJsonPieces,
  sameJson,
  jsonPieces,
  compareObjects,
  compareStrings,
  objectKey,
  apiGroup,
  KIND_RANK,
} from "./canonical.js";
export { cpuQuantity, gibQuantity, parseQuantity, roundMilli } from "./quantity.js";
export * from "./pod.js";
export * from "./rbac.js";
export * from "./netpol.js";
