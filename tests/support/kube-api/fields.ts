/**
 * Field ownership (managedFields) and server-side apply. A field set is a map from a path key to its
 * segments in FieldsV1 form (`f:spec`, `k:{"name":"app"}`, `v:"x"`); a manager owns leaves (scalars,
 * atomic lists, empty maps) and the membership of items in associative lists and sets.
 */
import type { ListTyper } from "./listtypes.js";
import { isObj, type Json } from "./patch.js";

type Obj = { [k: string]: Json };
/** Path keys: FieldsV1 segments joined by NUL (`f:spec\0f:replicas`). */
export type FieldSet = Set<string>;
/** Path key → the leaf's value as JSON ("" for list-item and set-member markers). */
export type Leaves = Map<string, string>;

export interface ManagerEntry {
  manager: string;
  operation: "Apply" | "Update";
  subresource?: string;
  apiVersion: string;
  time: string;
  fields: FieldSet;
}

export const SEP = "\u0000";
export const segsOf = (key: string): string[] => key.split(SEP);

/** Which part of the object a write through a (sub)resource owns. */
export type Scope = "main" | "status" | "all";

/**
 * The leaves of an object as a field set, with each leaf's value (JSON) for comparisons. `scope` "main"
 * skips `status` (for kinds with the status subresource), "status" keeps only `status`.
 */
export function leaves(obj: Obj, typer: ListTyper, scope: Scope): Leaves {
  const out: Leaves = new Map();
  const names: string[] = [];
  const walk = (v: Json, key: string): void => {
    if (isObj(v)) {
      let empty = true;
      for (const k in v) {
        empty = false;
        names.push(k);
        walk(v[k]!, `${key}${SEP}f:${k}`);
        names.pop();
      }
      if (empty) out.set(key, "{}");
      return;
    }
    if (Array.isArray(v)) {
      const lt = typer(names, v);
      if (lt.type === "map") {
        for (const item of v) {
          if (!isObj(item)) continue;
          const id: Obj = {};
          for (const k of lt.keys) if (item[k] !== undefined) id[k] = item[k]!;
          const itemKey = `${key}${SEP}k:${JSON.stringify(id)}`;
          out.set(itemKey, "");
          for (const k in item) {
            names.push(k);
            walk(item[k]!, `${itemKey}${SEP}f:${k}`);
            names.pop();
          }
        }
        return;
      }
      if (lt.type === "set") {
        for (const item of v) out.set(`${key}${SEP}v:${JSON.stringify(item)}`, "");
        return;
      }
    }
    out.set(key, typeof v === "string" ? `"${v}"` : JSON.stringify(v));
  };
  for (const k in obj) {
    const v = obj[k]!;
    if (k === "apiVersion" || k === "kind") continue;
    if (scope === "main" && k === "status") continue;
    if (scope === "status" && k !== "status") continue;
    if (k === "metadata") {
      if (!isObj(v)) continue;
      for (const mk of ["labels", "annotations", "finalizers", "ownerReferences"]) {
        if (v[mk] === undefined) continue;
        names.push("metadata", mk);
        walk(v[mk]!, `f:metadata${SEP}f:${mk}`);
        names.length = 0;
      }
      continue;
    }
    names.push(k);
    walk(v, `f:${k}`);
    names.length = 0;
  }
  return out;
}

export function toFieldSet(l: Leaves): FieldSet {
  return new Set(l.keys());
}

/** FieldsV1 of the field sets seen (a set is never changed once in an entry: writes make new ones). */
const fieldsV1Of = new WeakMap<FieldSet, Obj>();

/** FieldsV1 JSON (`{"f:spec":{"f:replicas":{}}}`) of a field set; list items get their `.` marker. */
export function fieldsV1(fs: FieldSet): Obj {
  const done = fieldsV1Of.get(fs);
  if (done) return done;
  const root: Obj = {};
  for (const key of fs) {
    const segs = segsOf(key);
    let cur = root;
    for (const s of segs) {
      let next = cur[s];
      if (!isObj(next)) cur[s] = next = {};
      cur = next;
    }
    const last = segs[segs.length - 1]!;
    if (last.startsWith("k:")) cur["."] = {};
  }
  fieldsV1Of.set(fs, root);
  return root;
}

/** A path as the real server prints it in conflicts: `.spec.containers[name="app"].image`. */
export function humanPath(segs: readonly string[]): string {
  let s = "";
  for (const seg of segs) {
    if (seg.startsWith("f:")) s += `.${seg.slice(2)}`;
    else if (seg.startsWith("k:")) {
      const key = JSON.parse(seg.slice(2)) as Record<string, unknown>;
      s += `[${Object.entries(key)
        .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
        .join(",")}]`;
    } else if (seg.startsWith("v:")) s += `[=${seg.slice(2)}]`;
  }
  return s;
}

/** Removes the node at `segs` from `obj` (in place); a no-op when it is absent. */
export function removePath(obj: Obj, segs: readonly string[]): void {
  let cur: Json = obj;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    const last = i === segs.length - 1;
    if (seg.startsWith("f:")) {
      if (!isObj(cur)) return;
      const k = seg.slice(2);
      if (last) {
        delete cur[k];
        return;
      }
      cur = cur[k] as Json;
    } else if (seg.startsWith("k:")) {
      if (!Array.isArray(cur)) return;
      const key = JSON.parse(seg.slice(2)) as Obj;
      const idx = cur.findIndex(
        (it) => isObj(it) && Object.entries(key).every(([k, v]) => JSON.stringify(it[k]) === JSON.stringify(v)),
      );
      if (idx < 0) return;
      if (last) {
        cur.splice(idx, 1);
        return;
      }
      cur = cur[idx]!;
    } else if (seg.startsWith("v:")) {
      if (!Array.isArray(cur)) return;
      const want = seg.slice(2);
      const idx = cur.findIndex((x) => JSON.stringify(x) === want);
      if (idx >= 0) cur.splice(idx, 1);
      return;
    }
    if (cur === undefined) return;
  }
}

/** Merges an applied configuration into the live object: maps recursively, associative lists by key, sets as union. */
export function applyMerge(live: Json | undefined, applied: Json, typer: ListTyper, names: string[] = []): Json {
  if (isObj(applied)) {
    const out: Obj = isObj(live) ? { ...live } : {};
    for (const [k, v] of Object.entries(applied)) out[k] = applyMerge(out[k], v, typer, [...names, k]);
    return out;
  }
  if (Array.isArray(applied)) {
    const lt = typer(names, applied);
    const cur = Array.isArray(live) ? live : [];
    if (lt.type === "set") {
      const seen = new Set(cur.map((x) => JSON.stringify(x)));
      return [...cur, ...applied.filter((x) => !seen.has(JSON.stringify(x)))];
    }
    if (lt.type === "map") {
      const keyOf = (i: Json): string =>
        isObj(i) ? JSON.stringify(lt.keys.map((k) => i[k] ?? null)) : JSON.stringify(i);
      const out = [...cur];
      const index = new Map<string, number>();
      out.forEach((i, n) => index.set(keyOf(i), n));
      for (const item of applied) {
        const at = index.get(keyOf(item));
        if (at === undefined) out.push(item);
        else out[at] = applyMerge(out[at], item, typer, names);
      }
      return out;
    }
    return applied;
  }
  return applied;
}

/**
 * Records an Update by `manager`: the fields whose value changed (or appeared) pass to it; fields that
 * changed or disappeared leave every other manager.
 */
export function recordUpdate(
  entries: ManagerEntry[],
  before: Leaves | undefined,
  after: Leaves,
  who: { manager: string; subresource?: string; apiVersion: string; time: string },
): ManagerEntry[] {
  const changed: string[] = [];
  for (const [k, v] of after) {
    const old = before?.get(k);
    if (old === undefined || old !== v) changed.push(k);
  }
  const gone: string[] = [];
  if (before) for (const k of before.keys()) if (!after.has(k)) gone.push(k);
  if (changed.length === 0 && gone.length === 0) return entries;
  const out: ManagerEntry[] = [];
  let mine: ManagerEntry | undefined;
  for (const e of entries) {
    const isMine =
      e.manager === who.manager && e.operation === "Update" && (e.subresource ?? "") === (who.subresource ?? "");
    if (isMine) {
      const fields = new Set(e.fields);
      for (const k of gone) fields.delete(k);
      for (const k of changed) fields.add(k);
      mine = { ...e, fields, time: who.time, apiVersion: who.apiVersion };
      out.push(mine);
      continue;
    }
    let touched = false;
    for (const k of gone) if (e.fields.has(k)) touched = true;
    if (!touched) for (const k of changed) if (e.fields.has(k)) touched = true;
    if (!touched) {
      out.push(e);
      continue;
    }
    const fields = new Set(e.fields);
    for (const k of gone) fields.delete(k);
    for (const k of changed) fields.delete(k);
    if (fields.size) out.push({ ...e, fields });
  }
  if (!mine && changed.length) {
    const e: ManagerEntry = {
      manager: who.manager,
      operation: "Update",
      apiVersion: who.apiVersion,
      time: who.time,
      fields: new Set(changed),
    };
    if (who.subresource) e.subresource = who.subresource;
    out.push(e);
  }
  return out;
}

export interface ApplyResult {
  object: Obj;
  entries: ManagerEntry[];
  conflicts: Array<{ manager: string; field: string }>;
}

/**
 * Server-side apply of `applied` by `manager` over `live`: conflicts with other managers that own a field
 * the applied configuration sets to a different value (unless `force`, which takes them over); fields the
 * manager applied before and no longer applies are removed unless another manager owns them.
 */
export function serverSideApply(
  live: Obj,
  applied: Obj,
  entries: readonly ManagerEntry[],
  who: { manager: string; subresource?: string; apiVersion: string; time: string; force: boolean; scope: Scope },
  typer: ListTyper,
): ApplyResult {
  const liveLeaves = leaves(live, typer, who.scope);
  const newLeaves = leaves(applied, typer, who.scope);
  const sameEntry = (e: ManagerEntry): boolean =>
    e.manager === who.manager && e.operation === "Apply" && (e.subresource ?? "") === (who.subresource ?? "");
  const conflicts: Array<{ manager: string; field: string }> = [];
  const taken = new Map<ManagerEntry, string[]>();
  for (const e of entries) {
    if (e.manager === who.manager) continue;
    if ((e.subresource ?? "") !== (who.subresource ?? "")) continue;
    for (const [k, value] of newLeaves) {
      if (!e.fields.has(k)) continue;
      const cur = liveLeaves.get(k);
      if (value === "" || cur === value) continue; // shared ownership of an equal value
      if (who.force) {
        const list = taken.get(e) ?? [];
        list.push(k);
        taken.set(e, list);
      } else conflicts.push({ manager: e.manager, field: humanPath(segsOf(k)) });
    }
  }
  if (conflicts.length) return { object: live, entries: [...entries], conflicts };
  const previous = entries.find(sameEntry);
  // The live object is never changed: the merge below copies what it changes and shares the rest, and a
  // copy is made only when fields are to be removed. Its managedFields (a lazy getter) are not read.
  let object: Obj =
    isObj(live.metadata ?? null) && "managedFields" in (live.metadata as Obj)
      ? { ...live, metadata: withoutManagedFields(live.metadata as Obj) }
      : live;
  if (previous) {
    const ownedByOthers = (k: string): boolean =>
      entries.some((e) => e !== previous && !sameEntry(e) && e.fields.has(k) && !taken.get(e)?.includes(k));
    const removed = [...previous.fields]
      .filter((k) => !newLeaves.has(k) && !ownedByOthers(k))
      .map((k) => [k, segsOf(k)] as const);
    if (removed.length) object = structuredClone(object);
    // Deepest first, so removing an item never shifts a path still to be removed.
    removed.sort((a, b) => b[1].length - a[1].length);
    for (const [, segs] of removed) removePath(object, segs);
    pruneEmptyParents(
      object,
      removed.map(([, s]) => s),
    );
  }
  const { apiVersion: _a, kind: _k, ...body } = applied;
  const scoped: Obj =
    who.scope === "status"
      ? body.status !== undefined
        ? { status: body.status }
        : {}
      : who.scope === "main"
        ? withoutStatus(body)
        : body;
  const merged = applyMerge(object, scoped, typer) as Obj;
  // The same fields as last time: the same (never changed) set, whose FieldsV1 form is built once.
  const sameFields =
    previous !== undefined &&
    previous.fields.size === newLeaves.size &&
    [...newLeaves.keys()].every((k) => previous.fields.has(k));
  const mine: ManagerEntry = {
    manager: who.manager,
    operation: "Apply",
    apiVersion: who.apiVersion,
    time: who.time,
    fields: sameFields ? previous.fields : toFieldSet(newLeaves),
  };
  if (who.subresource) mine.subresource = who.subresource;
  const out: ManagerEntry[] = [];
  for (const e of entries) {
    // The applier's entry keeps its place, as on the real server.
    if (sameEntry(e)) {
      out.push(mine);
      continue;
    }
    const t = taken.get(e);
    if (t) {
      const fields = new Set(e.fields);
      for (const k of t) fields.delete(k);
      if (fields.size) out.push({ ...e, fields });
    } else out.push(e);
  }
  if (!previous) out.push(mine);
  return { object: merged, entries: out, conflicts: [] };
}

function withoutManagedFields(md: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(md)) if (k !== "managedFields") out[k] = md[k]!;
  return out;
}

function withoutStatus(o: Obj): Obj {
  const { status: _s, ...rest } = o;
  return rest;
}

/** After removals, maps emptied by them (labels: {}, spec: {}) are dropped like the real server's apply does. */
function pruneEmptyParents(obj: Obj, removed: Array<readonly string[]>): void {
  for (const segs of removed) {
    for (let n = segs.length - 1; n > 0; n--) {
      const parentSegs = segs.slice(0, n);
      if (!parentSegs.every((s) => s.startsWith("f:"))) break;
      let cur: Json = obj;
      for (const s of parentSegs) cur = isObj(cur) ? (cur[s.slice(2)] as Json) : (undefined as unknown as Json);
      if (isObj(cur) && Object.keys(cur).length === 0) removePath(obj, parentSegs);
      else break;
    }
  }
}

/** The managedFields item of each entry, built once: entries are never changed, a write makes new ones. */
const itemOf = new WeakMap<ManagerEntry, Obj>();

export function entriesToManagedFields(entries: readonly ManagerEntry[]): Obj[] {
  return entries.map((e) => {
    const done = itemOf.get(e);
    if (done) return done;
    const m: Obj = {
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      time: e.time,
      fieldsType: "FieldsV1",
      fieldsV1: fieldsV1(e.fields),
    };
    if (e.subresource) m.subresource = e.subresource;
    itemOf.set(e, m);
    return m;
  });
}
