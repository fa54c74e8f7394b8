/**
 * Reads Kubernetes objects back from a cdktf stack (cdk.tf.json): the provider's schema mapped back,
 * written independently of the engine's own mapping, so that tests compare two ways of seeing it.
 */
import { objectKey, type KubeObject } from "./imports.js";

const TF_KINDS: Record<string, [string, string]> = {
  kubernetes_namespace_v1: ["v1", "Namespace"],
  kubernetes_resource_quota_v1: ["v1", "ResourceQuota"],
  kubernetes_limit_range_v1: ["v1", "LimitRange"],
  kubernetes_service_account_v1: ["v1", "ServiceAccount"],
  kubernetes_config_map_v1: ["v1", "ConfigMap"],
  kubernetes_role_v1: ["rbac.authorization.k8s.io/v1", "Role"],
  kubernetes_role_binding_v1: ["rbac.authorization.k8s.io/v1", "RoleBinding"],
  kubernetes_network_policy_v1: ["networking.k8s.io/v1", "NetworkPolicy"],
};
/** Attributes whose value is a map of user keys (kept as they are). */
const MAP_ATTRIBUTES = new Set([
  "labels",
  "annotations",
  "hard",
  "default",
  "default_request",
  "max",
  "min",
  "max_limit_request_ratio",
  "match_labels",
  "data",
  "binary_data",
]);
/** Blocks the provider names in the singular. */
const PLURAL: Record<string, string> = {
  rule: "rules",
  subject: "subjects",
  limit: "limits",
  match_expression: "matchExpressions",
  image_pull_secret: "imagePullSecrets",
  secret: "secrets",
};
const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function fromTerraform(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromTerraform);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[PLURAL[k] ?? camel(k)] = MAP_ATTRIBUTES.has(k) ? v : fromTerraform(v);
  return out;
}

export function cdktfObjects(stack: {
  resource: Record<string, Record<string, Record<string, unknown>>>;
}): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const [type, byName] of Object.entries(stack.resource)) {
    for (const body of Object.values(byName)) {
      const { "//": _m, provider: _p, depends_on: _d, ...rest } = body;
      if (type === "kubernetes_manifest") {
        objects.push(rest.manifest as KubeObject);
        continue;
      }
      const [apiVersion, kind] = TF_KINDS[type]!;
      const o = { apiVersion, kind, ...(fromTerraform(rest) as object) } as KubeObject;
      if (kind === "NetworkPolicy") {
        for (const dir of ["ingress", "egress"]) {
          for (const r of (o.spec as Record<string, { ports?: { port?: unknown }[] }[]>)[dir] ?? [])
            for (const p of r.ports ?? []) if (/^\d+$/.test(String(p.port))) p.port = Number(p.port);
        }
      }
      objects.push(o);
    }
  }
  return objects;
}

export const canonicalSet = (objects: readonly KubeObject[]) =>
  new Map(objects.map((o) => [objectKey(o), JSON.stringify(sortKeys(o))]));
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== "object") return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}
