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
  // Nothing is allocated for a part that is canonical already: the children are copied out only once
  // one of them changed (or is undefined, to be dropped).
  let children: unknown[] | undefined;
  let sorted = true;
  for (let i = 0; i < keys.length; i++) {
    const v = record[keys[i]!];
    const c = canonicalize(v);
    if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
    if (children) children[i] = c;
    else if (c !== v || c === undefined) {
      children = new Array<unknown>(keys.length);
      for (let j = 0; j < i; j++) children[j] = record[keys[j]!];
      children[i] = c;
    }
  }
  if (sorted && !children) return value;
  const out: Record<string, unknown> = {};
  const put = (i: number) => {
    const v = children ? children[i] : record[keys[i]!];
    if (v !== undefined) out[keys[i]!] = v;
  };
  if (sorted) for (let i = 0; i < keys.length; i++) put(i);
  else for (const i of keys.map((_, i) => i).sort((a, b) => compareStrings(keys[a]!, keys[b]!))) put(i);
  return out as T;
}

/**
 * Whether two JSON values say the same, as their canonical texts would (key order does not matter, an
 * undefined member is absent, undefined as a value is null), without writing either out.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let n = 0;
  for (const k in x) {
    if (!Object.prototype.hasOwnProperty.call(x, k) || x[k] === undefined) continue;
    n++;
    if (!Object.prototype.hasOwnProperty.call(y, k) || !sameJson(x[k], y[k])) return false;
  }
  for (const k in y) if (Object.prototype.hasOwnProperty.call(y, k) && y[k] !== undefined) n--;
  return n === 0;
}

/** Canonical JSON text: sorted keys, two-space indent, trailing newline. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(canonicalize(value), null, 2)}\n`;
}

/** `canonicalJson(value)` in pieces (see `jsonPieces`): the same text, never whole in memory. */
export function* canonicalJsonPieces(value: unknown, splitDepth = 4): Generator<string> {
  yield* jsonPieces(canonicalize(value), splitDepth);
  yield "\n";
}

const PAD: string[] = [];
const pad = (level: number) => (PAD[level] ??= `\n${"  ".repeat(level)}`);
const skipped = (v: unknown) => v === undefined || typeof v === "function" || typeof v === "symbol";

/**
 * `JSON.stringify(value, null, 2)` in pieces: objects and arrays down to `splitDepth` levels are
 * written member by member, anything deeper by JSON.stringify. The members of an array at the last
 * split level are written a run at a time (about PIECE_CHARS of text each) by one JSON.stringify of
 * the run nested as deep as the array, so the text comes out indented as it stands (see `arrayRun`).
 * Large outputs are written this way so that their text is never one string.
 */
export function* jsonPieces(value: unknown, splitDepth = 4, level = 0): Generator<string> {
  if (value !== null && typeof value === "object" && typeof (value as { toJSON?: unknown }).toJSON === "function")
    value = (value as { toJSON: () => unknown }).toJSON();
  if (splitDepth <= 0 || value === null || typeof value !== "object") {
    const text = JSON.stringify(value, null, 2);
    if (text !== undefined) yield level === 0 ? text : text.replaceAll("\n", pad(level));
    return;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return yield "[]";
    if (splitDepth === 1) {
      // Runs of members, sized from the last run's text so that a piece stays near PIECE_CHARS.
      let size = 16;
      for (let from = 0; from < value.length;) {
        const to = Math.min(value.length, from + size);
        const text = arrayRun(value, from, to, level + 1);
        yield `${from ? "," : "["}${pad(level + 1)}${text}`;
        size = Math.max(1, Math.min(4096, Math.round(((to - from) * PIECE_CHARS) / Math.max(1, text.length))));
        from = to;
      }
      return yield `${pad(level)}]`;
    }
    for (let i = 0; i < value.length; i++) {
      yield `${i ? "," : "["}${pad(level + 1)}`;
      const v = value[i];
      if (skipped(v)) yield "null";
      else yield* jsonPieces(v, splitDepth - 1, level + 1);
    }
    return yield `${pad(level)}]`;
  }
  let first = true;
  for (const [k, v] of Object.entries(value)) {
    if (skipped(v)) continue;
    yield `${first ? "{" : ","}${pad(level + 1)}${JSON.stringify(k)}: `;
    first = false;
    yield* jsonPieces(v, splitDepth - 1, level + 1);
  }
  yield first ? "{}" : `${pad(level)}}`;
}

/** About how many characters of text a piece of `jsonPieces` holds. */
const PIECE_CHARS = 1 << 16;

/**
 * The members `from` to `to` of an array, as `JSON.stringify(…, null, 2)` writes them at nesting
 * level `level` (joined by "," and the line break before each): the run is stringified nested in
 * `level - 1` arrays, and the text between the brackets taken. The same text as stringifying each
 * member and re-indenting it, without the re-indenting copy.
 */
function arrayRun(array: readonly unknown[], from: number, to: number, level: number): string {
  let wrapped: unknown = from === 0 && to === array.length ? array : array.slice(from, to);
  for (let i = 1; i < level; i++) wrapped = [wrapped];
  const text = JSON.stringify(wrapped, null, 2);
  // Each enclosing array opens with "[" and a line break indented one level deeper, and closes with
  // a line break at its own level and "]".
  let head = 0;
  let tail = 0;
  for (let i = 0; i < level; i++) {
    head += 1 + pad(i + 1).length;
    tail += pad(i).length + 1;
  }
  return text.slice(head, text.length - tail);
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
export const apiGroup = (apiVersion: string): string =>
  apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";

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
