/** The operators' own deployment per cloud node (not yet among the planners: see docs/metrics.md, "Platform stack"). */
export { platformObjects, PLATFORM_NAMESPACE, OPERATOR_NAME, CLUSTER_RULES, DEFAULT_IMAGE, METRICS_PORT, HEALTH_PORT, type PlatformOptions } from "./objects.js";
