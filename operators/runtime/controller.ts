/**
 * A controller: watches that map changes to keys, a work queue, and a reconciler that sees one key and
 * a read-only cache. controller-runtime's contract:
 * - level-triggered: the reconciler gets a key, never the event; it reads the cache and makes the world
 *   match, so running it twice is harmless (idempotent);
 * - it returns `{ requeueAfter }` to be called again later (a timer of the queue), `{ requeue: true }`
 *   to be retried with backoff, nothing when done, or throws (logged, counted, retried with backoff);
 * - workers start once every cache the controller reads has synced.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "./clock.js";
import type { Client, KObject } from "./client.js";
import type { EventRecorder } from "./events.js";
import type { Logger } from "./log.js";
import type { RuntimeMetrics } from "./metrics.js";
import { objectKeyOf, type ChangeType, type Reflector } from "./reflector.js";
import type { ResourceType } from "./resources.js";
import { WorkQueue } from "./workqueue.js";

export interface ReconcileResult {
  /** Reconcile this key again after so many milliseconds (the queue owns the timer). */
  readonly requeueAfter?: number;
  /** Reconcile again with the key's exponential backoff. */
  readonly requeue?: boolean;
}

/** The read-only view of the watched objects. */
export interface CacheReader {
  get(kind: string, name: string, namespace?: string): Readonly<KObject> | undefined;
  list(kind: string, namespace?: string): readonly Readonly<KObject>[];
}

export interface ReconcileContext {
  readonly cache: CacheReader;
  readonly client: Client;
  readonly events: EventRecorder;
  readonly log: Logger;
  readonly clock: Clock;
  /** Aborted when the controller stops (lost lease, shutdown). */
  readonly signal: AbortSignal;
  /** How many times this key failed in a row before this call. */
  readonly retries: number;
}

export interface WatchSpec {
  /** Kind (from operators/runtime/resources) or a resource type. */
  readonly resource: string | ResourceType;
  readonly namespace?: string;
  readonly labelSelector?: string;
  /** Keys to reconcile for a change; default the object's `namespace/name` (or `name`). */
  readonly map?: (object: Readonly<KObject>, type: ChangeType, old?: Readonly<KObject>) => readonly string[];
  /**
   * Sees every change (and, when the controller starts, every cached object as added) before it is
   * mapped: keeps an index the reconciler reads in step with the cache (e.g. totals over all objects,
   * so a reconcile need not sum the whole cache). The cache already holds the change when it is called.
   */
  readonly observe?: (type: ChangeType, object: Readonly<KObject>, old?: Readonly<KObject>) => void;
}

export interface ControllerDefinition {
  readonly name: string;
  readonly watches: readonly WatchSpec[];
  reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void>;
  /** Workers (keys reconciled at once). Default 1, as controller-runtime. */
  readonly concurrency?: number;
  /** Changes enqueue their keys this late; changes meanwhile merge into one reconcile. Default 0. */
  readonly debounceMs?: number;
  /** Per-key backoff after failures (ms). Default 5 ms doubling to 5 min. */
  readonly backoff?: { readonly baseMs: number; readonly maxMs: number };
  /** Keys to reconcile once caches synced, beside those of the watched objects (e.g. every system). */
  readonly initialKeys?: (cache: CacheReader) => readonly string[];
}

export interface ControllerDeps {
  readonly informers: readonly Reflector[];
  readonly cache: CacheReader;
  readonly client: Client;
  readonly events: EventRecorder;
  readonly log: Logger;
  readonly clock: Clock;
  readonly metrics: RuntimeMetrics;
}

/** Random bytes drawn 4 KiB at a time: one reconcile ID (16 hex digits) each, without a syscall per reconcile. */
let idPool = Buffer.alloc(0);
let idAt = 0;
function reconcileId(): string {
  if (idAt + 8 > idPool.length) {
    idPool = randomBytes(4096);
    idAt = 0;
  }
  idAt += 8;
  return idPool.toString("hex", idAt - 8, idAt);
}

/** A running controller; the manager starts it when leading and stops it when not. */
export class Controller {
  readonly queue: WorkQueue;
  private readonly abort = new AbortController();
  private readonly unsubscribe: (() => void)[] = [];
  private started = false;

  constructor(
    readonly definition: ControllerDefinition,
    private readonly deps: ControllerDeps,
  ) {
    const m = deps.metrics;
    const c = definition.name;
    this.queue = new WorkQueue({
      concurrency: definition.concurrency ?? 1,
      clock: deps.clock,
      baseDelayMs: definition.backoff?.baseMs ?? 5,
      maxDelayMs: definition.backoff?.maxMs ?? 300_000,
      observer: {
        depth: (n) => m.queueDepth.set({ controller: c }, n),
        added: () => m.queueAdds.inc({ controller: c }),
        retried: () => m.queueRetries.inc({ controller: c }),
        waited: (s) => m.queueDuration.observe({ controller: c }, s),
        worked: (s) => m.workDuration.observe({ controller: c }, s),
      },
    });
    m.cacheSynced.set({ controller: c }, 0);
  }

  get name(): string {
    return this.definition.name;
  }

  private enqueue(key: string): void {
    const d = this.definition.debounceMs ?? 0;
    if (d > 0) this.queue.addAfter(key, d);
    else this.queue.add(key);
  }

  /** Subscribes to the informers, waits for their caches, then starts the workers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const { informers } = this.deps;
    this.definition.watches.forEach((w, i) => {
      const informer = informers[i]!;
      const keys = (o: Readonly<KObject>, t: ChangeType, old?: Readonly<KObject>) => {
        w.observe?.(t, o, old);
        return w.map ? w.map(o, t, old) : [objectKeyOf(o)];
      };
      this.unsubscribe.push(
        informer.onChange((t, o, old) => {
          for (const k of keys(o, t, old)) this.enqueue(k);
        }),
      );
      // Replay what the cache already holds, as a new informer handler sees every object as added.
      for (const o of informer.store.list()) for (const k of keys(o, "added")) this.enqueue(k);
    });
    await Promise.race([
      Promise.all(informers.map((i) => i.hasSynced)),
      new Promise((r) => this.abort.signal.addEventListener("abort", r, { once: true })),
    ]);
    if (this.abort.signal.aborted) return;
    this.deps.metrics.cacheSynced.set({ controller: this.name }, 1);
    for (const k of this.definition.initialKeys?.(this.deps.cache) ?? []) this.queue.add(k);
    this.deps.log.info("starting workers", { controller: this.name, workerCount: this.definition.concurrency ?? 1 });
    this.queue.start((key) => this.reconcileHandler(key));
  }

  /** Stops taking keys and waits for running reconciles to end. */
  async stop(): Promise<void> {
    this.abort.abort();
    for (const u of this.unsubscribe.splice(0)) u();
    await this.queue.shutDown();
    this.deps.log.info("stopped workers", { controller: this.name });
  }

  private async reconcileHandler(key: string): Promise<void> {
    const { metrics: m, clock } = this.deps;
    const c = this.name;
    const reconcileID = reconcileId();
    const [namespace, name] = key.includes("/") ? key.split("/", 2) : [undefined, key];
    const log = this.deps.log.child({ controller: c, ...(namespace ? { namespace } : {}), name, reconcileID });
    const start = clock.now();
    const ctx: ReconcileContext = {
      cache: this.deps.cache,
      client: this.deps.client,
      events: this.deps.events,
      log,
      clock,
      signal: this.abort.signal,
      retries: this.queue.retries(key),
    };
    try {
      const result = await this.definition.reconcile(key, ctx);
      if (this.abort.signal.aborted) return;
      if (result?.requeueAfter !== undefined && result.requeueAfter > 0) {
        this.queue.forget(key);
        this.queue.addAfter(key, result.requeueAfter);
        m.reconcileTotal.inc({ controller: c, result: "requeue_after" });
      } else if (result?.requeue) {
        this.queue.addRateLimited(key);
        m.reconcileTotal.inc({ controller: c, result: "requeue" });
      } else {
        this.queue.forget(key);
        m.reconcileTotal.inc({ controller: c, result: "success" });
      }
    } catch (e) {
      m.reconcileTotal.inc({ controller: c, result: "error" });
      m.reconcileErrors.inc({ controller: c });
      if (this.abort.signal.aborted) return;
      log.error("Reconciler error", { error: (e as Error)?.message ?? String(e), retries: this.queue.retries(key) });
      this.queue.addRateLimited(key);
    } finally {
      m.reconcileDuration.observe({ controller: c }, (clock.now() - start) / 1000);
    }
  }
}
