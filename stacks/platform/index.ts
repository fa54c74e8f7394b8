/**
 * The operators' own deployment per cloud node, planned by `platformPlanner` when the caller passes the
 * platform inputs (`planEstate(estate, { platform: { crds, monitoring } })`, as `govcloud plan` does):
 * the govcloud.io CRDs, namespace govcloud-system with the operators, and the mixin's PrometheusRule and
 * dashboard ConfigMaps — in all three engines. See docs/metrics.md, "Platform stack".
 */
export {
  platformObjects,
  PLATFORM_NAMESPACE,
  OPERATOR_NAME,
  CLUSTER_RULES,
  DEFAULT_IMAGE,
  METRICS_PORT,
  type PlatformOptions,
} from "./objects.js";
export { platformPlanner } from "./planner.js";
