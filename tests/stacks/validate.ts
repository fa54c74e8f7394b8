/** Schema validation of planned objects with kubernetes-models (the Kubernetes OpenAPI schemas). */
import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import type { KubeObject } from "../../stacks/index.js";

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ResourceQuota": ResourceQuota,
  "v1/LimitRange": LimitRange,
  "networking.k8s.io/v1/NetworkPolicy": NetworkPolicy,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
};

/** Throws if the object does not validate; returns false for a kind without a model here (custom resources). */
export function validateObject(o: KubeObject): boolean {
  const Model = MODELS[`${o.apiVersion}/${o.kind}`];
  if (!Model) return false;
  new Model(structuredClone(o) as never).validate();
  return true;
}
