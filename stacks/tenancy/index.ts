/** Tenancy: the namespace, quota, limits, roles and default-deny of every system, per cloud node. */
export { planTenancy, tenancyPlanner, tenancyReservations, sharedReservations } from "./planner.js";
export {
  tenantObjects,
  sharedNamespaceObjects,
  sharedMlpsLevel,
  zoneLabel,
  NAMES,
  MANAGED_BY,
  DEFAULT_POD_SECURITY_VERSION,
  COUNT_CONVENTION,
  CONTAINER_DEFAULTS,
  SHARED_QUOTA,
  type TenantOptions,
  type DrRole,
} from "./objects.js";
export { developerRules, auditorRules, type PolicyRule } from "./rbac.js";
