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
 * The top-level fields each typed resource takes (besides apiVersion and kind). An object with any
 * other field, or metadata beyond name, namespace, labels and annotations, goes through
 * kubernetes_manifest instead, which takes any object: nothing planned is dropped on the way.
 */
const TYPED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  kubernetes_namespace_v1: ["metadata"],
  kubernetes_resource_quota_v1: ["metadata", "spec"],
  kubernetes_limit_range_v1: ["metadata", "spec"],
  kubernetes_service_account_v1: ["metadata", "imagePullSecrets", "secrets", "automountServiceAccountToken"],
  kubernetes_config_map_v1: ["metadata", "data", "binaryData", "immutable"],
  kubernetes_role_v1: ["metadata", "rules"],
  kubernetes_role_binding_v1: ["metadata", "roleRef", "subjects"],
  kubernetes_network_policy_v1: ["metadata", "spec"],
};
const METADATA_FIELDS = new Set(["name", "namespace", "labels", "annotations"]);

function fitsTyped(o: KubeObject, type: string): boolean {
  const fields = TYPED_FIELDS[type]!;
  return (
    Object.keys(o).every((k) => k === "apiVersion" || k === "kind" || fields.includes(k)) &&
    Object.keys(o.metadata).every((k) => METADATA_FIELDS.has(k))
  );
}

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

/** A copy of `body` with the field at `path` renamed to `to`; the objects along the path are copied, the rest shared. */
function renamed(body: Json, path: readonly string[], to: string): Json {
  const [head, ...tail] = path;
  const value = body[head!];
  if (value === undefined) return body;
  const copy = { ...body };
  if (tail.length === 0) {
    delete copy[head!];
    copy[to] = value;
  } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    copy[head!] = renamed(value as Json, tail, to);
  }
  return copy;
}

/** NetworkPolicy ports: the provider takes the port as a string (a number or a named port). */
function stringPorts(spec: Json | undefined): Json | undefined {
  if (!spec) return spec;
  const rules = (dir: "ingress" | "egress") =>
    (spec[dir] as Json[] | undefined)?.map((rule) =>
      rule.ports === undefined
        ? rule
        : {
            ...rule,
            ports: (rule.ports as Json[]).map((p) => (typeof p.port === "number" ? { ...p, port: String(p.port) } : p)),
          },
    );
  return {
    ...spec,
    ...(spec.ingress !== undefined ? { ingress: rules("ingress") } : {}),
    ...(spec.egress !== undefined ? { egress: rules("egress") } : {}),
  };
}

/**
 * Terraform names: letters, digits, '-' and '_'; '_' cannot occur in Kubernetes names, so it separates.
 * A '.' of a name (a CRD's `<plural>.<group>`, a dotted ConfigMap name) becomes '-', as cdktf would
 * otherwise drop it from the construct id.
 */
export function resourceId(o: KubeObject, typed: boolean): string {
  const group = apiGroup(o.apiVersion);
  const kind = typed ? o.kind.toLowerCase() : `${group ? `${group.replace(/\./g, "-")}_` : ""}${o.kind.toLowerCase()}`;
  return [typed ? kind : `manifest_${kind}`, o.metadata.namespace, o.metadata.name.replace(/\./g, "-")]
    .filter((s) => s !== undefined)
    .join("_");
}

/** The Terraform resource that creates one planned object. */
export function terraformResource(o: KubeObject): TerraformResource {
  const typedType = TYPED_RESOURCES[`${apiGroup(o.apiVersion)}/${o.kind}`];
  const type = typedType !== undefined && fitsTyped(o, typedType) ? typedType : undefined;
  if (type === undefined) return { type: MANIFEST_RESOURCE, id: resourceId(o, false), config: { manifest: o } };
  const { apiVersion: _v, kind: _k, ...fields } = o;
  let rest: Json = fields;
  for (const [path, to] of SINGULAR_BLOCKS[type] ?? []) rest = renamed(rest, path, to);
  if (type === "kubernetes_network_policy_v1") rest = { ...rest, spec: stringPorts(rest.spec as Json | undefined) };
  return { type, id: resourceId(o, true), config: rest };
}
