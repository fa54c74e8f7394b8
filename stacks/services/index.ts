/**
 * Services: the catalogue's offerings realised as Kubernetes objects. The planner emits one
 * ServiceInstance claim per requested service; `realise` turns a claim into the objects of its offering
 * (pure, per category); `readiness` reads their status; `exitBackup` is the Velero Backup taken on exit.
 */
export { planServices, servicesPlanner, serviceInstances } from "./planner.js";
export {
  realise,
  effectiveParams,
  exitPolicyOf,
  exitBackup,
  PLATFORM_MANAGED,
  INSTANCE_LABELS,
  SERVICE_INSTANCE_API_VERSION,
  SERVICE_INSTANCE_KIND,
  DEFAULT_STORAGE_CLASSES,
  DEFAULT_VELERO_NAMESPACE,
  type InstanceLike,
  type RealiseContext,
  type Realisation,
  type StorageClasses,
} from "./realise.js";
export { readiness, backupOutcome, type Readiness } from "./readiness.js";
export { STATEFUL, STATELESS, VM_ARCH, type Sizing, type Workload } from "./vendors.js";
