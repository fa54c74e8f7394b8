/**
 * From canonical Kubernetes JSON to the configuration of the hashicorp/kubernetes provider's typed
 * resources (as cdktf's generated classes take it; they write the snake_case blocks). Core kinds get
 * their `*_v1` resource; anything else (custom resources) goes through `kubernetes_manifest` unchanged.
 */
import { apiGroup, type KubeObject } from "../../plan/index.js";

/** Terraform resource types of the typed kinds, keyed `<group>/<Kind>` ("" is the core group). */
export const TYPED_RESOURCES: Readonly<Record<string, string>> = {
  "/Namespace": "kubernetes_namespace_v1",
  "/ResourceQuota": "kubernetes_resource_quota_v1",
  "/LimitRange": "kubernetes_limit_range_v1",
  "/ServiceAccount": "kubernetes_service_account_v1",
  "/ConfigMap": "kubernetes_config_map_v1",
  "rbac.authorization.k8s.io/Role": "kubernetes_role_v1",
  "rbac.authorization.k8s.io/RoleBinding": "kubernetes_role_binding_v1",
  "networking.k8s.io/NetworkPolicy": "kubernetes_network_policy_v1",
};

export const MANIFEST_RESOURCE = "kubernetes_manifest";

/**
 * Where the provider's schema names a list block in the singular (Terraform repeats blocks), by kind:
 * a path of Kubernetes field names and the provider's name for the last one.
 */
const SINGULAR_BLOCKS: Readonly<Record<string, readonly (readonly [readonly string[], string])[]>> = {
  kubernetes_role_v1: [[["rules"], "rule"]],
  kubernetes_role_binding_v1: [[["subjects"], "subject"]],
  kubernetes_limit_range_v1: [[["spec", "limits"], "limit"]],
  kubernetes_resource_quota_v1: [[["spec", "scopeSelector", "matchExpressions"], "matchExpression"]],
  kubernetes_service_account_v1: [
    [["imagePullSecrets"], "imagePullSecret"],
    [["secrets"], "secret"],
  ],
};

export interface TerraformResource {
  /** Terraform resource type, e.g. kubernetes_namespace_v1 or kubernetes_manifest. */
  readonly type: string;
  /** Resource name within the stack: kind, namespace and name, unique per node. */
  readonly id: string;
  /** Configuration for the generated cdktf class (camelCase; the class writes snake_case). */
  readonly config: Record<string, unknown>;
}

type Json = Record<string, unknown>;

function renameAt(body: Json, path: readonly string[], to: string): void {
  let at: unknown = body;
  for (const k of path.slice(0, -1)) {
    at = (at as Json | undefined)?.[k];
    if (at === null || typeof at !== "object") return;
  }
  const parent = at as Json;
  const from = path[path.length - 1]!;
  if (parent[from] === undefined) return;
  parent[to] = parent[from];
  delete parent[from];
}

/** NetworkPolicy ports: the provider takes the port as a string (a number or a named port). */
function stringPorts(spec: Json | undefined): void {
  for (const dir of ["ingress", "egress"] as const) {
    for (const rule of (spec?.[dir] as Json[] | undefined) ?? []) {
      for (const p of (rule.ports as Json[] | undefined) ?? []) if (typeof p.port === "number") p.port = String(p.port);
    }
  }
}

/** Terraform names: letters, digits, '-' and '_'; '_' cannot occur in Kubernetes names, so it separates. */
export function resourceId(o: KubeObject, typed: boolean): string {
  const group = apiGroup(o.apiVersion);
  const kind = typed ? o.kind.toLowerCase() : `${group ? `${group.replace(/\./g, "-")}_` : ""}${o.kind.toLowerCase()}`;
  return [typed ? kind : `manifest_${kind}`, o.metadata.namespace, o.metadata.name].filter((s) => s !== undefined).join("_");
}

/** The Terraform resource that creates one planned object. */
export function terraformResource(o: KubeObject): TerraformResource {
  const type = TYPED_RESOURCES[`${apiGroup(o.apiVersion)}/${o.kind}`];
  if (type === undefined) return { type: MANIFEST_RESOURCE, id: resourceId(o, false), config: { manifest: structuredClone(o) } };
  const { apiVersion: _v, kind: _k, ...rest } = structuredClone(o) as Json;
  for (const [path, to] of SINGULAR_BLOCKS[type] ?? []) renameAt(rest, path, to);
  if (type === "kubernetes_network_policy_v1") stringPorts(rest.spec as Json | undefined);
  return { type, id: resourceId(o, true), config: rest };
}
