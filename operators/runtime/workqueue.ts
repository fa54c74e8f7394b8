/**
 * A keyed work queue with client-go's semantics:
 * - a key added while it waits is merged (it is processed once);
 * - a key is never processed by two workers at once: added while processing, it is queued again when
 *   the worker is done;
 * - `addRateLimited` re-adds after a per-key exponential backoff (5 ms doubling up to a cap), `forget`
 *   resets it;
 * - `addAfter` keeps one timer per key, the earliest deadline wins (requeueAfter and debouncing);
 * - at most `concurrency` workers run.
 * The queue dispatches by itself: `start(worker)` and keys flow; timers come from the injected clock.
 */
import { realClock, type Clock, type Timer } from "./clock.js";

export interface QueueObserver {
  depth(n: number): void;
  added(): void;
  retried(): void;
  /** Seconds the key waited before a worker took it. */
  waited(seconds: number): void;
  /** Seconds a worker spent on the key. */
  worked(seconds: number): void;
}

export interface WorkQueueOptions {
  readonly concurrency?: number;
  readonly clock?: Clock;
  /** First backoff of a failing key (ms), doubling per failure. Default 5 ms (controller-runtime). */
  readonly baseDelayMs?: number;
  /** Backoff cap (ms). Default 1000 s (controller-runtime); operators usually lower it. */
  readonly maxDelayMs?: number;
  readonly observer?: QueueObserver;
}

export type Worker = (key: string) => Promise<void>;

export class WorkQueue {
  private readonly queue: string[] = [];
  private head = 0;
  /** Keys waiting (in `queue`), with the time they were first added. */
  private readonly dirty = new Map<string, number>();
  private readonly processing = new Set<string>();
  private readonly failures = new Map<string, number>();
  private readonly timers = new Map<string, { at: number; timer: Timer }>();
  private readonly clock: Clock;
  private readonly concurrency: number;
  private readonly baseDelay: number;
  private readonly maxDelay: number;
  private worker: Worker | undefined;
  private active = 0;
  private shuttingDown = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly options: WorkQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.baseDelay = options.baseDelayMs ?? 5;
    this.maxDelay = options.maxDelayMs ?? 1_000_000;
  }

  /** Keys waiting for a worker. */
  get length(): number {
    return this.queue.length - this.head;
  }

  /** Keys being processed now. */
  get inFlight(): number {
    return this.active;
  }

  /** Keys with a pending timer (requeueAfter, backoff or debounce). */
  get scheduled(): number {
    return this.timers.size;
  }

  has(key: string): boolean {
    return this.dirty.has(key) || this.processing.has(key) || this.timers.has(key);
  }

  add(key: string): void {
    if (this.shuttingDown) return;
    if (this.dirty.has(key)) return;
    this.options.observer?.added();
    this.dirty.set(key, this.clock.now());
    if (this.processing.has(key)) return; // re-queued by done()
    this.queue.push(key);
    this.options.observer?.depth(this.length);
    this.pump();
  }

  /** Adds `key` after `ms`; with a timer already pending for it, the earlier deadline stays. */
  addAfter(key: string, ms: number): void {
    if (this.shuttingDown) return;
    if (ms <= 0) return this.add(key);
    const at = this.clock.now() + ms;
    const existing = this.timers.get(key);
    if (existing && existing.at <= at) return;
    existing?.timer.cancel();
    const timer = this.clock.after(ms, () => {
      this.timers.delete(key);
      this.add(key);
    });
    this.timers.set(key, { at, timer });
  }

  /** Re-adds `key` after its backoff: base × 2^failures, capped. */
  addRateLimited(key: string): void {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    this.options.observer?.retried();
    this.addAfter(key, this.backoff(n));
  }

  backoff(failures: number): number {
    return Math.min(this.maxDelay, this.baseDelay * 2 ** Math.min(failures, 40));
  }

  /** Failures recorded for `key` since the last `forget`. */
  retries(key: string): number {
    return this.failures.get(key) ?? 0;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }

  /** Starts dispatching keys to `worker`. */
  start(worker: Worker): void {
    this.worker = worker;
    this.pump();
  }

  /** Stops taking keys, cancels timers and waits for running workers to finish. */
  async shutDown(): Promise<void> {
    this.shuttingDown = true;
    for (const { timer } of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.queue.length = 0;
    this.head = 0;
    this.dirty.clear();
    this.options.observer?.depth(0);
    await this.idle();
  }

  /** Resolves when no worker runs and nothing waits (timers aside). */
  idle(): Promise<void> {
    if (this.active === 0 && this.length === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private take(): string | undefined {
    if (this.head >= this.queue.length) return undefined;
    const key = this.queue[this.head++]!;
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    return key;
  }

  private pump(): void {
    const worker = this.worker;
    while (worker && !this.shuttingDown && this.active < this.concurrency) {
      const key = this.take();
      if (key === undefined) break;
      const addedAt = this.dirty.get(key) ?? this.clock.now();
      this.dirty.delete(key);
      this.processing.add(key);
      this.active++;
      this.options.observer?.depth(this.length);
      const started = this.clock.now();
      this.options.observer?.waited((started - addedAt) / 1000);
      void this.run(worker, key, started);
    }
    if (this.active === 0 && this.length === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const w of waiters) w();
    }
  }

  private async run(worker: Worker, key: string, started: number): Promise<void> {
    try {
      await worker(key);
    } catch {
      // the worker handles its own errors; a throw here must not stop the queue
    } finally {
      this.options.observer?.worked((this.clock.now() - started) / 1000);
      this.processing.delete(key);
      this.active--;
      if (this.dirty.has(key) && !this.shuttingDown) {
        this.queue.push(key);
        this.options.observer?.depth(this.length);
      }
      this.pump();
    }
  }
}
