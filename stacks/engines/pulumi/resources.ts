/**
 * What the Pulumi program of a cloud node creates: one resource per planned object, by Pulumi type
 * token. Core kinds use @pulumi/kubernetes' typed classes (deep module paths below); anything else is
 * an `apiextensions.CustomResource`. Pure data: nothing here loads Pulumi.
 */
import { apiGroup, type KubeObject, type NodePlan } from "../../plan/index.js";

/** Typed classes: Pulumi type token -> [module under @pulumi/kubernetes, exported class]. */
export const TYPED_CLASSES: Readonly<Record<string, readonly [string, string]>> = {
  "kubernetes:core/v1:Namespace": ["core/v1/namespace.js", "Namespace"],
  "kubernetes:core/v1:ResourceQuota": ["core/v1/resourceQuota.js", "ResourceQuota"],
  "kubernetes:core/v1:LimitRange": ["core/v1/limitRange.js", "LimitRange"],
  "kubernetes:core/v1:ServiceAccount": ["core/v1/serviceAccount.js", "ServiceAccount"],
  "kubernetes:core/v1:ConfigMap": ["core/v1/configMap.js", "ConfigMap"],
  "kubernetes:core/v1:Secret": ["core/v1/secret.js", "Secret"],
  "kubernetes:core/v1:Service": ["core/v1/service.js", "Service"],
  "kubernetes:rbac.authorization.k8s.io/v1:Role": ["rbac/v1/role.js", "Role"],
  "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding": ["rbac/v1/roleBinding.js", "RoleBinding"],
  "kubernetes:networking.k8s.io/v1:NetworkPolicy": ["networking/v1/networkPolicy.js", "NetworkPolicy"],
  "kubernetes:apps/v1:Deployment": ["apps/v1/deployment.js", "Deployment"],
  "kubernetes:batch/v1:CronJob": ["batch/v1/cronJob.js", "CronJob"],
};

export interface PulumiResource {
  /** Pulumi type token, e.g. kubernetes:core/v1:Namespace or kubernetes:velero.io/v1:Schedule. */
  readonly type: string;
  /** Logical name, unique per type in the stack: `<namespace>/<name>`, or the name of a cluster-scoped object. */
  readonly name: string;
  /** Whether a typed class creates it (else `apiextensions.CustomResource`). */
  readonly typed: boolean;
  /** The constructor's arguments: the object itself (typed classes add apiVersion and kind). */
  readonly args: Record<string, unknown>;
  /** Logical name of the Namespace resource it waits for, when that namespace is in the same program. */
  readonly dependsOn?: string;
}

/** The Pulumi type token of an object's kind. */
export function typeToken(o: Pick<KubeObject, "apiVersion" | "kind">): string {
  const group = apiGroup(o.apiVersion);
  return `kubernetes:${group === "" ? "core/" : ""}${o.apiVersion}:${o.kind}`;
}

/** The resources of one node's program, in the plan's order. */
export function pulumiResources(node: NodePlan): PulumiResource[] {
  const namespaces = new Set(
    node.objects.filter((o) => o.kind === "Namespace" && o.apiVersion === "v1").map((o) => o.metadata.name),
  );
  return node.objects.map((o) => {
    const type = typeToken(o);
    const typed = TYPED_CLASSES[type] !== undefined;
    const { apiVersion: _v, kind: _k, ...rest } = o;
    const ns = o.metadata.namespace;
    return {
      type,
      name: ns !== undefined ? `${ns}/${o.metadata.name}` : o.metadata.name,
      typed,
      args: typed ? rest : { ...o },
      ...(ns !== undefined && namespaces.has(ns) ? { dependsOn: ns } : {}),
    };
  });
}
