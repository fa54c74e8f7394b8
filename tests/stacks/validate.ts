/** Schema validation of planned objects with kubernetes-models (the Kubernetes OpenAPI schemas). */
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { Service } from "kubernetes-models/v1/Service";
import { PersistentVolumeClaim } from "kubernetes-models/v1/PersistentVolumeClaim";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { createAjv, OBJECT_SCHEMAS } from "../../catalog/index.js";
import type { KubeObject } from "../../stacks/index.js";

/** govcloud's own kinds, validated against their JSON Schemas (catalog/schema). */
const ajv = createAjv();
const serviceInstance = ajv.getSchema(OBJECT_SCHEMAS.ServiceInstance.$id)!;
class ServiceInstanceModel {
  constructor(private readonly data: unknown) {}
  validate(): void {
    if (!serviceInstance(this.data)) throw new Error(`ServiceInstance: ${ajv.errorsText(serviceInstance.errors)}`);
  }
}

const systemMigration = ajv.getSchema(OBJECT_SCHEMAS.SystemMigration.$id)!;
class SystemMigrationModel {
  constructor(private readonly data: unknown) {}
  validate(): void {
    if (!systemMigration(this.data)) throw new Error(`SystemMigration: ${ajv.errorsText(systemMigration.errors)}`);
  }
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ResourceQuota": ResourceQuota,
  "v1/LimitRange": LimitRange,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "v1/Service": Service,
  "v1/PersistentVolumeClaim": PersistentVolumeClaim,
  "apps/v1/StatefulSet": StatefulSet,
  "apps/v1/Deployment": Deployment,
  "govcloud.io/v1alpha1/ServiceInstance": ServiceInstanceModel,
  "govcloud.io/v1alpha1/SystemMigration": SystemMigrationModel,
};

/** Throws if the object does not validate; returns false for a kind without a model here (custom resources). */
export function validateObject(o: KubeObject): boolean {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return false;
  new Model(structuredClone(o) as never).validate();
  return true;
}
