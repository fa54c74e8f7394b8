/**
 * A reflector (client-go's, on client-node's `Watch`): keeps a cache of one resource in step with the
 * API server and tells handlers what changed.
 *
 * - List in pages (`limit`/`continue`; an expired continue token restarts the list unpaged), replace
 *   the cache, report the differences, resolve `hasSynced`.
 * - Watch from the list's resourceVersion with `allowWatchBookmarks=true` and a random
 *   `timeoutSeconds` (5–10 min, as client-go), so watches end and restart spread out in time.
 * - 410 Gone (HTTP status or an in-stream ERROR event) → list again. Any other error, or no event
 *   (bookmarks included) within the inactivity watchdog → reconnect from the last resourceVersion after
 *   a jittered backoff (1 s doubling to 30 s). A watch the server ended normally restarts at once.
 * - A periodic re-list as a safety net: a change lost anyhow shows up as a difference.
 * - A resource the server does not serve (404 on the list: an optional kind, a CRD not installed yet)
 *   is an empty, synced cache, listed again every 30 s.
 * Late callbacks of an abandoned watch are ignored, so a stalled connection can never feed the cache.
 */
import { realClock, sleep, type Clock, type Timer } from "./clock.js";
import { isGone, isNotFound, statusOf, type Client, type KObject } from "./client.js";
import type { Logger } from "./log.js";
import { collectionPath, resourceLabel, type ResourceType } from "./resources.js";

export type ChangeType = "added" | "updated" | "deleted";
export type ChangeHandler = (type: ChangeType, object: Readonly<KObject>, old?: Readonly<KObject>) => void;

/** Why a watch restarted (metrics/labels.ts `reason`): 410 Gone, timeoutSeconds reached, closed early by the server, silent, failed. */
export type RestartReason = "expired" | "timeout" | "closed" | "stall" | "error";

export interface ReflectorOptions {
  readonly client: Pick<Client, "list" | "watch">;
  readonly resource: ResourceType;
  /** Only this namespace (default: all). */
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly clock?: Clock;
  readonly random?: () => number;
  readonly log?: Logger;
  /** Objects per list page. Default 500. */
  readonly pageSize?: number;
  /** Range of the watch's timeoutSeconds. Default [300, 600]. */
  readonly watchTimeoutSeconds?: readonly [number, number];
  /** Inactivity watchdog (ms): a watch with no event for this long is restarted. Default 120 s. */
  readonly stallMs?: number;
  /** Periodic re-list (ms); 0 turns it off. Default 10 min. */
  readonly relistMs?: number;
  /** Backoff of reconnects after errors (ms). Default 1 s doubling to 30 s, jittered by up to +50%. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Trims an object before it is cached (default: drops metadata.managedFields). */
  readonly transform?: (o: KObject) => KObject;
  readonly onRestart?: (reason: RestartReason) => void;
  readonly onRelist?: () => void;
}

export const objectKeyOf = (o: { metadata: { name: string; namespace?: string } }): string => (o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name);

const stripManagedFields = (o: KObject): KObject => {
  if (!o.metadata?.managedFields) return o;
  const { managedFields: _, ...metadata } = o.metadata;
  return { ...o, metadata: metadata as KObject["metadata"] };
};

/** A cache of one resource by namespace/name, with a namespace index. Read-only to everyone but its reflector. */
export class Store {
  private readonly items = new Map<string, KObject>();
  private readonly byNamespace = new Map<string, Map<string, KObject>>();

  get size(): number {
    return this.items.size;
  }

  get(name: string, namespace?: string): Readonly<KObject> | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  getByKey(key: string): Readonly<KObject> | undefined {
    return this.items.get(key);
  }

  list(namespace?: string): Readonly<KObject>[] {
    if (namespace === undefined) return [...this.items.values()];
    return [...(this.byNamespace.get(namespace)?.values() ?? [])];
  }

  keys(): IterableIterator<string> {
    return this.items.keys();
  }

  /** @internal */
  set(o: KObject): void {
    const key = objectKeyOf(o);
    this.items.set(key, o);
    const ns = o.metadata.namespace ?? "";
    let m = this.byNamespace.get(ns);
    if (!m) this.byNamespace.set(ns, (m = new Map()));
    m.set(key, o);
  }

  /** @internal */
  delete(key: string): void {
    const o = this.items.get(key);
    if (!o) return;
    this.items.delete(key);
    const ns = o.metadata.namespace ?? "";
    const m = this.byNamespace.get(ns);
    m?.delete(key);
    if (m && m.size === 0) this.byNamespace.delete(ns);
  }
}

type WatchEnd = RestartReason | "relist" | "stopped" | "closed-quickly";

export class Reflector {
  readonly store = new Store();
  readonly hasSynced: Promise<void>;
  private markSynced!: () => void;
  private synced = false;
  private readonly handlers: ChangeHandler[] = [];
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly abort = new AbortController();
  private resourceVersion = "";
  private failures = 0;
  private running: Promise<void> | undefined;
  private lastRelist = 0;
  readonly name: string;

  constructor(private readonly options: ReflectorOptions) {
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.name = resourceLabel(options.resource);
    this.hasSynced = new Promise((r) => (this.markSynced = r));
  }

  get resource(): ResourceType {
    return this.options.resource;
  }

  get isSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the cache is at. */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Registers a handler; the returned function removes it. */
  onChange(handler: ChangeHandler): () => void {
    this.handlers.push(handler);
    return () => {
      const i = this.handlers.indexOf(handler);
      if (i >= 0) this.handlers.splice(i, 1);
    };
  }

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private get stopped(): boolean {
    return this.abort.signal.aborted;
  }

  private emit(type: ChangeType, o: KObject, old?: KObject): void {
    for (const h of this.handlers) {
      try {
        h(type, o, old);
      } catch (e) {
        this.options.log?.error("change handler failed", { resource: this.name, error: String(e) });
      }
    }
  }

  /** Delay before the next reconnect: 1 s doubling to 30 s, plus up to 50% jitter. */
  nextBackoff(): number {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 1000, maxMs: 30_000 };
    const d = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures, 30));
    this.failures++;
    return Math.min(maxMs, d * (1 + 0.5 * this.random()));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.listAndReplace();
      } catch (e) {
        if (this.stopped) return;
        if (isNotFound(e)) {
          // The API server does not serve this resource (an optional kind, a CRD not installed): an empty
          // cache, synced, and a look again later in case it appears.
          if (!this.synced) this.options.log?.warn("resource not served by the API server; treated as empty", { resource: this.name });
          for (const key of [...this.store.keys()]) {
            const old = this.store.getByKey(key) as KObject;
            this.store.delete(key);
            this.emit("deleted", old);
          }
          if (!this.synced) {
            this.synced = true;
            this.markSynced();
          }
          await sleep(this.clock, this.options.backoff?.maxMs ?? 30_000, this.abort.signal);
          continue;
        }
        const wait = this.nextBackoff();
        this.options.log?.warn("list failed; retrying", { resource: this.name, error: (e as Error).message ?? String(e), status: statusOf(e), retryInSeconds: Math.round(wait) / 1000 });
        await sleep(this.clock, wait, this.abort.signal);
        continue;
      }
      this.failures = 0;
      // Watch until a 410 or the periodic re-list asks for a new list.
      for (;;) {
        const end = await this.watchOnce();
        if (end === "stopped" || this.stopped) return;
        if (end === "relist") break;
        this.options.onRestart?.(end === "closed-quickly" ? "closed" : end);
        if (end === "expired") {
          this.options.log?.info("watch expired (410); listing again", { resource: this.name, resourceVersion: this.resourceVersion });
          break;
        }
        // A watch the server ended is restarted at once, unless it ended before anything came through.
        if (end === "timeout" || end === "closed") continue;
        const wait = this.nextBackoff();
        this.options.log?.warn(end === "stall" ? "watch silent; reconnecting" : "watch failed; reconnecting", { resource: this.name, retryInSeconds: Math.round(wait) / 1000 });
        await sleep(this.clock, wait, this.abort.signal);
      }
    }
  }

  private async listAll(): Promise<{ items: KObject[]; resourceVersion: string }> {
    const { client, resource, namespace, labelSelector } = this.options;
    const limit = this.options.pageSize ?? 500;
    const items: KObject[] = [];
    let cont: string | undefined;
    let paged = true;
    for (;;) {
      let page;
      try {
        page = await client.list(resource, { ...(namespace ? { namespace } : {}), ...(labelSelector ? { labelSelector } : {}), ...(paged ? { limit } : {}), ...(cont ? { continue: cont } : {}) });
      } catch (e) {
        // An expired continue token: start over with one unpaged list (client-go does the same).
        if (cont && isGone(e)) {
          items.length = 0;
          cont = undefined;
          paged = false;
          continue;
        }
        throw e;
      }
      for (const o of page.items ?? []) items.push(o);
      cont = page.metadata?.continue || undefined;
      if (!cont) return { items, resourceVersion: page.metadata?.resourceVersion ?? "" };
    }
  }

  private async listAndReplace(): Promise<void> {
    const { items, resourceVersion } = await this.listAll();
    if (this.stopped) return;
    this.options.onRelist?.();
    this.lastRelist = this.clock.now();
    const { kind, group, version } = this.options.resource;
    const apiVersion = group ? `${group}/${version}` : version;
    const transform = this.options.transform ?? stripManagedFields;
    const seen = new Set<string>();
    for (const raw of items) {
      // List items carry no kind; the cache holds whole objects.
      const o = transform({ ...raw, apiVersion, kind });
      const key = objectKeyOf(o);
      seen.add(key);
      const old = this.store.getByKey(key) as KObject | undefined;
      this.store.set(o);
      if (!old) this.emit("added", o);
      else if (old.metadata.resourceVersion !== o.metadata.resourceVersion) this.emit("updated", o, old);
    }
    for (const key of [...this.store.keys()]) {
      if (seen.has(key)) continue;
      const old = this.store.getByKey(key) as KObject;
      this.store.delete(key);
      this.emit("deleted", old);
    }
    this.resourceVersion = resourceVersion;
    if (!this.synced) {
      this.synced = true;
      this.markSynced();
    }
  }

  private watchOnce(): Promise<WatchEnd> {
    const { client, resource, namespace, labelSelector } = this.options;
    const [lo, hi] = this.options.watchTimeoutSeconds ?? [300, 600];
    const timeoutSeconds = Math.floor(lo + (hi - lo) * this.random());
    const stallMs = this.options.stallMs ?? 120_000;
    const relistMs = this.options.relistMs ?? 600_000;
    const transform = this.options.transform ?? stripManagedFields;
    const startedAt = this.clock.now();
    let events = 0;
    return new Promise<WatchEnd>((resolve) => {
      let ended = false;
      let handle: { abort(): void } | undefined;
      let watchdog: Timer | undefined;
      let relist: Timer | undefined;
      const end = (why: WatchEnd) => {
        if (ended) return;
        ended = true;
        watchdog?.cancel();
        relist?.cancel();
        this.abort.signal.removeEventListener("abort", onStop);
        handle?.abort();
        resolve(why);
      };
      const onStop = () => end("stopped");
      this.abort.signal.addEventListener("abort", onStop, { once: true });
      const arm = () => {
        watchdog?.cancel();
        watchdog = this.clock.after(stallMs, () => end("stall"));
      };
      arm();
      if (relistMs > 0) relist = this.clock.after(Math.max(0, this.lastRelist + relistMs - this.clock.now()), () => end("relist"));
      const onEvent = (type: string, raw: unknown) => {
        if (ended) return;
        arm();
        events++;
        const obj = raw as KObject;
        if (type === "ERROR") {
          const code = (raw as { code?: number } | undefined)?.code;
          return end(code === 410 ? "expired" : "error");
        }
        const rv = obj?.metadata?.resourceVersion;
        if (type === "BOOKMARK") {
          if (rv) this.resourceVersion = rv;
          return;
        }
        if (!obj?.metadata?.name) return;
        this.failures = 0;
        const o = transform({ ...obj, apiVersion: obj.apiVersion ?? (resource.group ? `${resource.group}/${resource.version}` : resource.version), kind: obj.kind ?? resource.kind });
        const key = objectKeyOf(o);
        const old = this.store.getByKey(key) as KObject | undefined;
        if (type === "DELETED") {
          this.store.delete(key);
          this.emit("deleted", o);
        } else if (type === "ADDED" || type === "MODIFIED") {
          this.store.set(o);
          this.emit(old ? "updated" : "added", o, old);
        }
        if (rv) this.resourceVersion = rv;
      };
      const onDone = (err: unknown) => {
        if (ended) return;
        if (!err) {
          const lasted = this.clock.now() - startedAt;
          return end(lasted >= timeoutSeconds * 1000 - 1000 ? "timeout" : events > 0 || lasted >= 1000 ? "closed" : "closed-quickly");
        }
        end(isGone(err) ? "expired" : "error");
      };
      const params = {
        resourceVersion: this.resourceVersion || undefined,
        allowWatchBookmarks: true,
        timeoutSeconds,
        ...(labelSelector ? { labelSelector } : {}),
      };
      client.watch(collectionPath(resource, namespace), params, onEvent, onDone).then(
        (h) => {
          handle = h;
          if (ended) h.abort();
        },
        (e) => onDone(e ?? new Error("watch failed")),
      );
    });
  }
}
