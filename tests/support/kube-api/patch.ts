/** JSON merge patch (RFC 7386), JSON patch (RFC 6902) and strategic merge patch (built-in kinds). */
import type { ListTyper } from "./listtypes.js";
import { errors } from "./status.js";

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Whether two JSON values are equal as decoded objects are (map keys in any order; a key whose value is
 * undefined counts as absent, as in JSON text), without serialising them.
 */
export function jsonEqual(a: Json | undefined, b: Json | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i] ?? null, b[i] ?? null)) return false;
    return true;
  }
  let n = 0;
  for (const k in a) {
    if (a[k] === undefined) continue;
    n++;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}

export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObj(patch)) return patch;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, "/").replace(/~0/g, "~");
}

function parsePointer(p: unknown): string[] {
  if (typeof p !== "string" || (p !== "" && !p.startsWith("/")))
    throw errors.badRequest(`invalid JSON pointer: ${String(p)}`);
  return p === "" ? [] : p.slice(1).split("/").map(unescape);
}

function clone<T>(v: T): T {
  return structuredClone(v);
}

export function jsonPatch(doc: Json, ops: unknown): Json {
  if (!Array.isArray(ops))
    throw errors.badRequest(
      "the server rejected our request due to an error in our request: json: cannot unmarshal object into Go value of type jsonpatch.Patch",
    );
  let root: Json = clone(doc);
  const parentOf = (path: string[], op: string): { parent: Json; key: string } => {
    let cur: Json = root;
    for (let i = 0; i < path.length - 1; i++) {
      const seg = path[i]!;
      const next: Json | undefined = Array.isArray(cur) ? cur[Number(seg)] : isObj(cur) ? cur[seg] : undefined;
      if (next === undefined) throw errors.invalidPatch(`doc is missing path: "/${path.join("/")}": missing value`, op);
      cur = next;
    }
    return { parent: cur, key: path[path.length - 1]! };
  };
  const get = (path: string[], op: string): Json => {
    let cur: Json = root;
    for (const seg of path) {
      const next: Json | undefined = Array.isArray(cur)
        ? cur[seg === "-" ? cur.length : Number(seg)]
        : isObj(cur)
          ? cur[seg]
          : undefined;
      if (next === undefined) throw errors.invalidPatch(`doc is missing path: "/${path.join("/")}": missing value`, op);
      cur = next;
    }
    return cur;
  };
  const add = (path: string[], value: Json, op: string): void => {
    if (path.length === 0) {
      root = value;
      return;
    }
    const { parent, key } = parentOf(path, op);
    if (Array.isArray(parent)) {
      const i = key === "-" ? parent.length : Number(key);
      if (!Number.isInteger(i) || i < 0 || i > parent.length)
        throw errors.invalidPatch(`add operation does not apply: doc is missing path: "/${path.join("/")}"`, op);
      parent.splice(i, 0, value);
    } else if (isObj(parent)) parent[key] = value;
    else throw errors.invalidPatch(`doc is missing path: "/${path.join("/")}"`, op);
  };
  const remove = (path: string[], op: string): Json => {
    const { parent, key } = parentOf(path, op);
    if (Array.isArray(parent)) {
      const i = Number(key);
      if (!Number.isInteger(i) || i < 0 || i >= parent.length)
        throw errors.invalidPatch(
          `${op} operation does not apply: doc is missing path: "/${path.join("/")}": missing value`,
          op,
        );
      return parent.splice(i, 1)[0]!;
    }
    if (isObj(parent) && key in parent) {
      const v = parent[key]!;
      delete parent[key];
      return v;
    }
    throw errors.invalidPatch(
      `${op} operation does not apply: doc is missing path: "/${path.join("/")}": missing value`,
      op,
    );
  };
  for (const raw of ops) {
    if (!isObj(raw)) throw errors.badRequest("invalid JSON patch operation");
    const op = String(raw.op);
    const path = parsePointer(raw.path);
    switch (op) {
      case "add":
        add(path, clone(raw.value as Json), op);
        break;
      case "remove":
        remove(path, op);
        break;
      case "replace":
        remove(path, op);
        add(path, clone(raw.value as Json), op);
        break;
      case "move": {
        const v = remove(parsePointer(raw.from), op);
        add(path, v, op);
        break;
      }
      case "copy":
        add(path, clone(get(parsePointer(raw.from), op)), op);
        break;
      case "test":
        if (JSON.stringify(get(path, op)) !== JSON.stringify(raw.value))
          throw errors.invalidPatch(`testing value /${path.join("/")} failed: test failed`, op);
        break;
      default:
        throw errors.badRequest(`Unexpected kind: ${op}`);
    }
  }
  return root;
}

/**
 * Strategic merge patch: maps merge, lists with a merge key merge item by item (`$patch: delete` removes an
 * item, `$patch: replace` replaces the list or map), primitive `finalizers` merge as a set
 * (`$deleteFromPrimitiveList/finalizers` removes entries), every other list is replaced; `null` deletes.
 */
export function strategicMergePatch(
  target: Json | undefined,
  patch: Json,
  typer: ListTyper,
  path: string[] = [],
): Json {
  if (!isObj(patch)) return patch;
  if (patch.$patch === "replace") {
    const { $patch: _drop, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === "delete") return null;
  const out: Obj = isObj(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith("$setElementOrder/") || k === "$retainKeys" || k === "$patch") continue;
    if (k.startsWith("$deleteFromPrimitiveList/")) {
      const field = k.slice("$deleteFromPrimitiveList/".length);
      const cur = out[field];
      if (Array.isArray(cur) && Array.isArray(v)) {
        const drop = new Set(v.map((x) => JSON.stringify(x)));
        out[field] = cur.filter((x) => !drop.has(JSON.stringify(x)));
      }
      continue;
    }
    if (v === null) {
      delete out[k];
      continue;
    }
    const childPath = [...path, k];
    if (Array.isArray(v)) {
      out[k] = mergeList(out[k], v, typer, childPath);
    } else if (isObj(v)) {
      const r = strategicMergePatch(out[k], v, typer, childPath);
      if (r === null) delete out[k];
      else out[k] = r;
    } else out[k] = v;
  }
  return out;
}

function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const [k, x] of Object.entries(v)) if (!k.startsWith("$")) out[k] = stripDirectives(x);
  return out;
}

function mergeList(target: Json | undefined, patch: Json[], typer: ListTyper, path: string[]): Json {
  const lt = typer(path, patch.length ? patch : Array.isArray(target) ? target : []);
  const replaceAll = patch.some((i) => isObj(i) && i.$patch === "replace");
  if (replaceAll) return patch.filter((i) => !(isObj(i) && i.$patch === "replace")).map(stripDirectives);
  const cur = Array.isArray(target) ? target : [];
  if (lt.type === "set") {
    const seen = new Set(cur.map((x) => JSON.stringify(x)));
    const out = [...cur];
    for (const x of patch) if (!seen.has(JSON.stringify(x))) (out.push(x), seen.add(JSON.stringify(x)));
    return out;
  }
  if (lt.type !== "map") return patch.map(stripDirectives);
  const keyOf = (i: Json): string => (isObj(i) ? JSON.stringify(lt.keys.map((k) => i[k] ?? null)) : JSON.stringify(i));
  const out: Json[] = [...cur];
  const index = new Map<string, number>();
  out.forEach((i, n) => index.set(keyOf(i), n));
  const deleted = new Set<number>();
  for (const item of patch) {
    const key = keyOf(item);
    const at = index.get(key);
    if (isObj(item) && item.$patch === "delete") {
      if (at !== undefined) deleted.add(at);
      continue;
    }
    if (at === undefined) {
      index.set(key, out.length);
      out.push(stripDirectives(item));
    } else out[at] = strategicMergePatch(out[at], item, typer, path);
  }
  return out.filter((_, n) => !deleted.has(n));
}
