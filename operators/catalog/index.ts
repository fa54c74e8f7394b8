/** The service-catalogue operator: ServiceInstances from request to ready to exit (see controller.ts, docs/services.md). */
export {
  catalogController,
  catalogMetrics,
  FINALIZER,
  FIELD_MANAGER,
  INSTANCE_OF,
  REALISED_KINDS,
  WATCHED_KINDS,
  type CatalogOptions,
} from "./controller.js";
export { hardLimits, shortfall, shortfallMessage, QuotaBook, QUOTA_KEYS, type QuotaShortfall } from "./quota.js";
