/**
 * Canonical form of planned objects: sorted keys everywhere, a stable order of objects, and one JSON
 * text per value, so that the same estate gives byte-identical outputs.
 */
import type { KubeObject } from "./object.js";

/**
 * Plain JSON data with every object's keys sorted and `undefined` members dropped. Parts that are
 * already canonical are returned as they are (not copied), so canonicalizing a canonical value is cheap.
 */
export function canonicalize<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const c = canonicalize(value[i]);
      if (c !== value[i]) (out ??= value.slice())[i] = c;
    }
    return (out ?? value) as T;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  const children = keys.map((k) => canonicalize(record[k]));
  let changed = false;
  for (let i = 0; i < keys.length && !changed; i++) changed = (i > 0 && keys[i - 1]! > keys[i]!) || children[i] === undefined || children[i] !== record[keys[i]!];
  if (!changed) return value;
  const order = keys.map((k, i) => [k, children[i]] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of order) if (v !== undefined) out[k] = v;
  return out as T;
}

/** Canonical JSON text: sorted keys, two-space indent, trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}

/**
 * Rank of a kind in a node's object list: what must exist first comes first (a namespace before what
 * lives in it, a Role before its binding). Kinds not listed (custom resources) follow, by kind name.
 */
export const KIND_RANK: Readonly<Record<string, number>> = {
  CustomResourceDefinition: 0,
  Namespace: 1,
  ServiceAccount: 2,
  ResourceQuota: 3,
  LimitRange: 4,
  Role: 5,
  RoleBinding: 6,
  NetworkPolicy: 7,
  ConfigMap: 8,
  Secret: 9,
};
const OTHER_KINDS = 100;

/** The API group of an apiVersion: "" for the core group ("v1"). */
export const apiGroup = (apiVersion: string): string => (apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "");

/** Identity of an object in a cluster: group, kind, namespace and name. */
export function objectKey(o: KubeObject): string {
  return `${apiGroup(o.apiVersion)}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
}

/** Code-unit order of two strings (not locale order): the order of every sorted list in the outputs. */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmp = compareStrings;

/** Canonical order: kind rank, then kind, then namespace (cluster-scoped first), then name. */
export function compareObjects(a: KubeObject, b: KubeObject): number {
  return (
    (KIND_RANK[a.kind] ?? OTHER_KINDS) - (KIND_RANK[b.kind] ?? OTHER_KINDS) ||
    cmp(a.kind, b.kind) ||
    cmp(a.metadata.namespace ?? "", b.metadata.namespace ?? "") ||
    cmp(a.metadata.name, b.metadata.name) ||
    cmp(a.apiVersion, b.apiVersion)
  );
}
