/**
 * The object store: one table per resource, one global resourceVersion counter, a bounded event log (the
 * compaction window) that watches replay from, and the indexes the garbage collector needs.
 */
import type { ManagerEntry } from "./fields.js";
import type { KindSpec } from "./kinds.js";
import type { Json } from "./patch.js";

export type Obj = { [k: string]: Json };
export type EventType = "ADDED" | "MODIFIED" | "DELETED";

export interface Entry {
  obj: Obj;
  /** Namespace ("" for cluster-scoped). */
  ns: string;
  name: string;
  uid: string;
  managers: ManagerEntry[];
}

export interface LogEvent {
  rv: number;
  type: EventType;
  res: string;
  ns: string;
  obj: Obj;
  /** `{"type":…,"object":…}\n`, serialised once and shared by every watcher. */
  line?: string;
}

export interface Watcher {
  res: string;
  ns?: string;
  filter?: (o: Obj) => boolean;
  send(ev: LogEvent): void;
}

/**
 * The JSON text of a stored object, written once: the answer to the write that stored it and the line of
 * every watch that sees it share it (stored objects are never changed in place; a write stores a new one).
 */
const texts = new WeakMap<Obj, string>();
export function jsonOf(o: Obj): string {
  let t = texts.get(o);
  if (t === undefined) texts.set(o, (t = JSON.stringify(o)));
  return t;
}

/** `{"type":…,"object":…}\n` of an event, as `JSON.stringify({ type, object })` writes it. */
export const eventLine = (type: string, o: Obj): string => `{"type":"${type}","object":${jsonOf(o)}}\n`;

export const resKey = (k: { group: string; plural: string }): string => `${k.group}/${k.plural}`;
const objKey = (ns: string, name: string): string => (ns ? `${ns}/${name}` : name);

class Table {
  readonly items = new Map<string, Entry>();
  private sorted: string[] | undefined;
  keys(): string[] {
    if (!this.sorted) this.sorted = [...this.items.keys()].sort();
    return this.sorted;
  }
  set(key: string, e: Entry): void {
    if (!this.items.has(key)) this.sorted = undefined;
    this.items.set(key, e);
  }
  delete(key: string): void {
    if (this.items.delete(key)) this.sorted = undefined;
  }
}

export class Store {
  rv = 0;
  /** Watches and lists from a resourceVersion below this get 410 Gone/Expired. */
  compactedRV = 0;
  private readonly tables = new Map<string, Table>();
  private log: LogEvent[] = [];
  private logStart = 0;
  private readonly watchers = new Map<string, Set<Watcher>>();
  /** owner uid → keys (`res|ns|name`) of dependents. */
  readonly dependents = new Map<string, Set<string>>();
  /** uid → `res|ns|name` of every live object. */
  readonly byUid = new Map<string, string>();
  /** Number of writes (create, update, patch, status, delete) per `res|ns|name`. */
  readonly writes = new Map<string, number>();

  constructor(private readonly windowSize: number) {}

  table(res: string): Table {
    let t = this.tables.get(res);
    if (!t) this.tables.set(res, (t = new Table()));
    return t;
  }

  get(res: string, ns: string, name: string): Entry | undefined {
    return this.tables.get(res)?.items.get(objKey(ns, name));
  }

  /** Entries in key order (namespace/name), optionally in one namespace, starting after `after`. */
  *scan(res: string, ns: string | undefined, after?: string): Generator<[string, Entry]> {
    const t = this.tables.get(res);
    if (!t) return;
    const keys = t.keys();
    let i = 0;
    if (after !== undefined) {
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! <= after) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    } else if (ns) {
      let lo = 0;
      let hi = keys.length;
      const prefix = `${ns}/`;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (keys[mid]! < prefix) lo = mid + 1;
        else hi = mid;
      }
      i = lo;
    }
    for (; i < keys.length; i++) {
      const k = keys[i]!;
      const e = t.items.get(k);
      if (!e) continue;
      if (ns && e.ns !== ns) {
        if (k > `${ns}/\uffff`) return;
        continue;
      }
      yield [k, e];
    }
  }

  /**
   * The sorted keys of a table and the index range [start, end) of the keys in `ns` (all when empty)
   * that sort after `after`: a list pages through this without copying.
   */
  range(
    res: string,
    ns: string | undefined,
    after?: string,
  ): { keys: string[]; items: Map<string, Entry>; start: number; end: number } {
    const t = this.tables.get(res);
    if (!t) return { keys: [], items: new Map(), start: 0, end: 0 };
    const keys = t.keys();
    const lower = (bound: string, inclusive: boolean): number => {
      let lo = 0;
      let hi = keys.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (inclusive ? keys[mid]! <= bound : keys[mid]! < bound) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    let start = 0;
    let end = keys.length;
    if (ns) {
      start = lower(`${ns}/`, false);
      end = lower(`${ns}0`, false); // "0" sorts right after "/"
    }
    if (after !== undefined) start = Math.max(start, lower(after, true));
    return { keys, items: t.items, start, end };
  }

  count(res: string): number {
    return this.tables.get(res)?.items.size ?? 0;
  }

  resources(): string[] {
    return [...this.tables.keys()];
  }

  nextRV(): number {
    return ++this.rv;
  }

  /** Stores the entry (whose object already carries resourceVersion `rv`) and emits the event. */
  put(res: string, e: Entry, type: EventType, rv: number): void {
    const key = objKey(e.ns, e.name);
    const t = this.table(res);
    const old = t.items.get(key);
    if (old) this.unindex(res, old);
    t.set(key, e);
    this.index(res, e);
    this.countWrite(res, e.ns, e.name);
    this.emit({ rv, type, res, ns: e.ns, obj: e.obj });
  }

  remove(res: string, e: Entry, rv: number, finalObj: Obj): void {
    const t = this.table(res);
    t.delete(objKey(e.ns, e.name));
    this.unindex(res, e);
    this.countWrite(res, e.ns, e.name);
    this.emit({ rv, type: "DELETED", res, ns: e.ns, obj: finalObj });
  }

  /** Drops a whole resource table (a CRD went away) without events. */
  dropTable(res: string): Entry[] {
    const t = this.tables.get(res);
    if (!t) return [];
    const all = [...t.items.values()];
    for (const e of all) this.unindex(res, e);
    this.tables.delete(res);
    return all;
  }

  countWrite(res: string, ns: string, name: string): void {
    const k = `${res}|${ns}|${name}`;
    this.writes.set(k, (this.writes.get(k) ?? 0) + 1);
  }

  private index(res: string, e: Entry): void {
    const ref = `${res}|${e.ns}|${e.name}`;
    this.byUid.set(e.uid, ref);
    const owners = (e.obj.metadata as Obj | undefined)?.ownerReferences;
    if (Array.isArray(owners)) {
      for (const o of owners) {
        const uid = (o as Obj)?.uid;
        if (typeof uid !== "string") continue;
        let s = this.dependents.get(uid);
        if (!s) this.dependents.set(uid, (s = new Set()));
        s.add(ref);
      }
    }
  }

  private unindex(res: string, e: Entry): void {
    const ref = `${res}|${e.ns}|${e.name}`;
    if (this.byUid.get(e.uid) === ref) this.byUid.delete(e.uid);
    const owners = (e.obj.metadata as Obj | undefined)?.ownerReferences;
    if (Array.isArray(owners)) {
      for (const o of owners) {
        const uid = (o as Obj)?.uid;
        if (typeof uid !== "string") continue;
        const s = this.dependents.get(uid);
        s?.delete(ref);
        if (s && s.size === 0) this.dependents.delete(uid);
      }
    }
  }

  // ---- events and watches

  private emit(ev: LogEvent): void {
    this.log.push(ev);
    if (this.log.length - this.logStart > this.windowSize) {
      const dropped = this.log[this.logStart]!;
      this.compactedRV = Math.max(this.compactedRV, dropped.rv);
      this.log[this.logStart] = undefined as unknown as LogEvent;
      this.logStart++;
      if (this.logStart > 4096 && this.logStart * 2 > this.log.length) {
        this.log = this.log.slice(this.logStart);
        this.logStart = 0;
      }
    }
    const ws = this.watchers.get(ev.res);
    if (ws) for (const w of ws) if (matches(w, ev)) w.send(ev);
  }

  /** Events of `res` after `rv` still in the window. */
  *since(res: string, rv: number): Generator<LogEvent> {
    // Binary search the first event with a greater resourceVersion.
    let lo = this.logStart;
    let hi = this.log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.log[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.log.length; i++) {
      const ev = this.log[i]!;
      if (ev.res === res) yield ev;
    }
  }

  /** Forgets every event so far: resourceVersions before now become too old (after one more tick). */
  compactAll(): void {
    this.compactedRV = this.rv;
    this.log = [];
    this.logStart = 0;
  }

  addWatcher(w: Watcher): () => void {
    let s = this.watchers.get(w.res);
    if (!s) this.watchers.set(w.res, (s = new Set()));
    s.add(w);
    return () => {
      s!.delete(w);
    };
  }

  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}

export function matches(w: Watcher, ev: LogEvent): boolean {
  if (w.ns && ev.ns !== w.ns) return false;
  return !w.filter || w.filter(ev.obj);
}

export function kindRes(k: KindSpec): string {
  return resKey(k);
}
