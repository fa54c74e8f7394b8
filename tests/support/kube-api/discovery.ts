/** Discovery documents and OpenAPI v3, all derived from the kind table. */
import { createHash } from "node:crypto";
import { apiVersionOf, compareVersions, type KindRegistry, type KindSpec } from "./kinds.js";

export const KUBE_VERSION = { major: "1", minor: "32", gitVersion: "v1.32.0-govcloud-test" };

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

export function versionDoc(): Record<string, unknown> {
  return {
    major: KUBE_VERSION.major,
    minor: KUBE_VERSION.minor,
    gitVersion: KUBE_VERSION.gitVersion,
    gitCommit: "0000000000000000000000000000000000000000",
    gitTreeState: "clean",
    buildDate: "2026-01-01T00:00:00Z",
    goVersion: "go1.23.0",
    compiler: "gc",
    platform: "linux/amd64",
  };
}

export function apiVersions(serverAddress: string): Record<string, unknown> {
  return {
    kind: "APIVersions",
    versions: ["v1"],
    serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress }],
  };
}

function groupDoc(group: string, versions: string[]): Record<string, unknown> {
  const vs = versions.map((v) => ({ groupVersion: `${group}/${v}`, version: v }));
  return { name: group, versions: vs, preferredVersion: vs[0] };
}

export function apiGroupList(reg: KindRegistry): Record<string, unknown> {
  const groups = reg
    .groups()
    .filter((g) => g.group !== "")
    .map((g) =>
      groupDoc(
        g.group,
        g.versions.map((v) => v.version),
      ),
    );
  return { kind: "APIGroupList", apiVersion: "v1", groups };
}

export function apiGroup(reg: KindRegistry, group: string): Record<string, unknown> | undefined {
  const g = reg.groups().find((x) => x.group === group && group !== "");
  if (!g) return undefined;
  return {
    kind: "APIGroup",
    apiVersion: "v1",
    ...groupDoc(
      g.group,
      g.versions.map((v) => v.version),
    ),
  };
}

function storageVersionHash(k: KindSpec): string {
  return createHash("sha256").update(`${k.group}/${k.version}/${k.kind}`).digest("base64").slice(0, 11);
}

export function apiResourceList(
  reg: KindRegistry,
  group: string,
  version: string,
): Record<string, unknown> | undefined {
  const kinds = reg.all().filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  kinds.sort((a, b) => a.plural.localeCompare(b.plural));
  const resources: Record<string, unknown>[] = [];
  for (const k of kinds) {
    const r: Record<string, unknown> = {
      name: k.plural,
      singularName: k.singular,
      namespaced: k.namespaced,
      kind: k.kind,
      verbs: VERBS,
    };
    if (k.shortNames?.length) r.shortNames = k.shortNames;
    if (k.categories?.length) r.categories = k.categories;
    r.storageVersionHash = storageVersionHash(k);
    resources.push(r);
    if (k.status)
      resources.push({
        name: `${k.plural}/status`,
        singularName: "",
        namespaced: k.namespaced,
        kind: k.kind,
        verbs: ["get", "patch", "update"],
      });
  }
  return {
    kind: "APIResourceList",
    apiVersion: "v1",
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}

// ---- OpenAPI v3

function reverseGroup(group: string): string {
  return group.split(".").reverse().join(".");
}

export function schemaName(k: KindSpec): string {
  if (k.custom) return `${reverseGroup(k.group)}.${k.version}.${k.kind}`;
  const pkg =
    k.group === ""
      ? "core"
      : k.group
          .replace(/\.k8s\.io$/, "")
          .replace(/\.authorization$/, "")
          .replace(/\./g, "");
  if (k.group === "apiextensions.k8s.io")
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${k.version}.${k.kind}`;
  return `io.k8s.api.${pkg}.${k.version}.${k.kind}`;
}

const OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";

function objectMetaSchema(): Record<string, unknown> {
  const str = (description: string): Record<string, unknown> => ({ type: "string", description });
  return {
    description:
      "ObjectMeta is metadata that all persisted resources must have, which includes all objects users must create.",
    type: "object",
    properties: {
      name: str("Name must be unique within a namespace."),
      generateName: str(
        "GenerateName is an optional prefix, used by the server, to generate a unique name ONLY IF the Name field has not been provided.",
      ),
      namespace: str("Namespace defines the space within which each name must be unique."),
      uid: str("UID is the unique in time and space value for this object."),
      resourceVersion: str("An opaque value that represents the internal version of this object."),
      generation: {
        type: "integer",
        format: "int64",
        description: "A sequence number representing a specific generation of the desired state.",
      },
      creationTimestamp: {
        type: "string",
        format: "date-time",
        description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
      },
      deletionTimestamp: {
        type: "string",
        format: "date-time",
        description: "DeletionTimestamp is RFC 3339 date and time at which this resource will be deleted.",
      },
      labels: {
        type: "object",
        additionalProperties: { type: "string", default: "" },
        description: "Map of string keys and values that can be used to organize and categorize objects.",
      },
      annotations: {
        type: "object",
        additionalProperties: { type: "string", default: "" },
        description: "Annotations is an unstructured key value map.",
      },
      finalizers: {
        type: "array",
        items: { type: "string", default: "" },
        "x-kubernetes-list-type": "set",
        "x-kubernetes-patch-strategy": "merge",
        description: "Must be empty before the object is deleted from the registry.",
      },
      ownerReferences: {
        type: "array",
        items: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        "x-kubernetes-list-map-keys": ["uid"],
        "x-kubernetes-list-type": "map",
        "x-kubernetes-patch-merge-key": "uid",
        "x-kubernetes-patch-strategy": "merge",
        description: "List of objects depended by this object.",
      },
      managedFields: {
        type: "array",
        items: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        description:
          "ManagedFields maps workflow-id and version to the set of fields that are managed by that workflow.",
      },
    },
  };
}

function kindSchema(k: KindSpec): Record<string, unknown> {
  const gvk = [{ group: k.group, kind: k.kind, version: k.version }];
  if (k.custom && k.schema) {
    const s = structuredClone(k.schema) as Record<string, unknown>;
    const props = { ...((s.properties as Record<string, unknown> | undefined) ?? {}) };
    props.metadata = {
      allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
      description: "Standard object's metadata.",
    };
    return { ...s, properties: props, "x-kubernetes-group-version-kind": gvk };
  }
  void gvk;
  return {
    description: `${k.kind} (${apiVersionOf(k)}), served by the govcloud test API server; spec and status are not described field by field.`,
    type: "object",
    properties: {
      apiVersion: {
        type: "string",
        description: "APIVersion defines the versioned schema of this representation of an object.",
      },
      kind: {
        type: "string",
        description: "Kind is a string value representing the REST resource this object represents.",
      },
      metadata: {
        allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
        default: {},
        description: "Standard object's metadata.",
      },
    },
    "x-kubernetes-preserve-unknown-fields": true,
    // No x-kubernetes-group-version-kind on the schema of a built-in kind: kubectl would then compute
    // strategic merge patches from this field-less schema and fail ("unable to find api field"); without
    // it kubectl uses its compiled-in types, as the real server's complete schemas would let it do.
    // The operations below carry the GVK (kubectl finds fieldValidation support through them).
  };
}

const QUERY = (name: string, description: string, type = "string"): Record<string, unknown> => ({
  name,
  in: "query",
  description,
  schema: { type, uniqueItems: true },
});
const WRITE_PARAMS = [
  QUERY("dryRun", "When present, indicates that modifications should not be persisted."),
  QUERY("fieldManager", "fieldManager is a name associated with the actor or entity that is making these changes."),
  QUERY(
    "fieldValidation",
    "fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values are: Ignore, Warn, Strict.",
  ),
];

function paths(k: KindSpec): Record<string, unknown> {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  const coll = k.namespaced ? `${base}/namespaces/{namespace}/${k.plural}` : `${base}/${k.plural}`;
  const ref = { $ref: `#/components/schemas/${schemaName(k)}` };
  const body = { content: { "application/json": { schema: ref } }, required: true };
  const ok = { responses: { "200": { description: "OK", content: { "application/json": { schema: ref } } } } };
  const gvk = { group: k.group, version: k.version, kind: k.kind };
  const op = (verb: string, action: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    description: `${verb} ${k.kind}`,
    operationId: `${verb}${k.kind}`,
    "x-kubernetes-action": action,
    "x-kubernetes-group-version-kind": gvk,
    ...ok,
    ...extra,
  });
  const patchBody = {
    content: Object.fromEntries(
      [
        "application/json-patch+json",
        "application/merge-patch+json",
        ...(k.custom ? [] : ["application/strategic-merge-patch+json"]),
        "application/apply-patch+yaml",
      ].map((t) => [t, { schema: { type: "object" } }]),
    ),
    required: true,
  };
  const out: Record<string, unknown> = {
    [coll]: {
      get: op("list", "list"),
      post: op("create", "post", { requestBody: body, parameters: WRITE_PARAMS }),
      delete: op("deletecollection", "deletecollection"),
    },
    [`${coll}/{name}`]: {
      get: op("read", "get"),
      put: op("replace", "put", { requestBody: body, parameters: WRITE_PARAMS }),
      patch: op("patch", "patch", {
        requestBody: patchBody,
        parameters: [...WRITE_PARAMS, QUERY("force", 'Force is going to "force" Apply requests.', "boolean")],
      }),
      delete: op("delete", "delete"),
    },
  };
  if (k.status) {
    out[`${coll}/{name}/status`] = {
      get: op("read", "get"),
      put: op("replace", "put", { requestBody: body, parameters: WRITE_PARAMS }),
      patch: op("patch", "patch", {
        requestBody: patchBody,
        parameters: [...WRITE_PARAMS, QUERY("force", 'Force is going to "force" Apply requests.', "boolean")],
      }),
    };
  }
  return out;
}

export function openApiV3Doc(reg: KindRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const kinds = reg.all().filter((k) => k.group === group && k.version === version);
  if (kinds.length === 0) return undefined;
  const schemas: Record<string, unknown> = { [OBJECT_META]: objectMetaSchema() };
  let p: Record<string, unknown> = {};
  for (const k of kinds) {
    schemas[schemaName(k)] = kindSchema(k);
    p = { ...p, ...paths(k) };
  }
  return {
    openapi: "3.0.0",
    info: { title: "Kubernetes", version: KUBE_VERSION.gitVersion },
    paths: p,
    components: { schemas },
  };
}

export function openApiV3Index(reg: KindRegistry, hashOf: (path: string) => string): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  const add = (p: string): void => {
    paths[p] = { serverRelativeURL: `/openapi/v3/${p}?hash=${hashOf(p)}` };
  };
  add("api");
  add("apis");
  for (const g of reg.groups()) {
    for (const v of g.versions.sort((a, b) => compareVersions(b.version, a.version)))
      add(g.group ? `apis/${g.group}/${v.version}` : `api/${v.version}`);
  }
  return { paths };
}
