/** Runtime-switchable fault injection: failed requests, latency, dropped / stalled / expired watches. */
import { prng } from "../../../catalog/index.js";
import { ApiError, errors } from "./status.js";

export interface FailOptions {
  /** Only writes (POST, PUT, PATCH, DELETE). */
  writesOnly?: boolean;
  /** Only requests whose path contains this string, or matches this expression. */
  path?: string | RegExp;
  /** Only these HTTP methods. */
  methods?: readonly string[];
  /** Whether watch requests count (default true). */
  watches?: boolean;
}

export interface WatchControl {
  /** Drops the connection abruptly (socket destroyed). */
  drop(): void;
  /** Keeps the connection, sends nothing more (events and bookmarks are lost, as when a proxy hangs). */
  stall(): void;
  /** Sends an in-stream ERROR 410 Expired and ends the watch. */
  expire(message: string): void;
}

/** Hooks the server gives the switchboard. */
export interface FaultHost {
  watches(): Iterable<WatchControl>;
  /** Compacts: every resourceVersion before now becomes too old. */
  compact(): void;
}

interface FailRule {
  remaining: number;
  ratio: number;
  statuses: readonly number[];
  options: FailOptions;
}

export interface FaultCounters {
  failed: number;
  watchesDropped: number;
  watchesStalled: number;
  watchesExpired: number;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export class Faults {
  private rules: FailRule[] = [];
  private latencyMs = 0;
  private dropTimer: NodeJS.Timeout | undefined;
  private stallNew = false;
  private random: () => number;
  readonly counters: FaultCounters = { failed: 0, watchesDropped: 0, watchesStalled: 0, watchesExpired: 0 };

  constructor(
    private readonly host: FaultHost,
    seed = 1,
  ) {
    this.random = prng(seed);
  }

  /** Drops every open watch now; with `everyMs`, keeps dropping every watch open at each tick until `clear()`. */
  dropWatches(options: { everyMs?: number } = {}): void {
    const dropAll = (): void => {
      for (const w of [...this.host.watches()]) {
        w.drop();
        this.counters.watchesDropped++;
      }
    };
    dropAll();
    if (options.everyMs) {
      if (this.dropTimer) clearInterval(this.dropTimer);
      this.dropTimer = setInterval(dropAll, options.everyMs);
      this.dropTimer.unref();
    }
  }

  /**
   * Compacts the event history: every resourceVersion handed out so far becomes too old, so the next watch
   * from one (and a list continue token or an Exact list at one) gets 410; open watches receive an
   * in-stream ERROR 410 Expired and end (unless `keepWatches`).
   */
  expireResourceVersions(options: { keepWatches?: boolean } = {}): void {
    this.host.compact();
    if (options.keepWatches) return;
    for (const w of [...this.host.watches()]) {
      w.expire("too old resource version");
      this.counters.watchesExpired++;
    }
  }

  /** Fails the next `n` matching requests with `status` (default 503; 409 answers a Conflict). */
  failNext(n: number, status = 503, options: FailOptions = {}): void {
    this.rules.push({ remaining: n, ratio: 1, statuses: [status], options });
  }

  /** Fails a random share (0..1) of matching requests with one of `statuses`, until `clear()`. Seeded: reproducible. */
  failRate(ratio: number, statuses: number | readonly number[] = 503, options: FailOptions = {}): void {
    this.rules.push({
      remaining: Infinity,
      ratio,
      statuses: Array.isArray(statuses) ? statuses : [statuses as number],
      options,
    });
  }

  /** Delays every request (watches: before the headers) by `ms`. */
  latency(ms: number): void {
    this.latencyMs = ms;
  }

  /** Stalls every open watch (connection kept, nothing sent); with `newWatches`, also the ones opened later, until `clear()`. */
  stallWatches(options: { newWatches?: boolean } = {}): void {
    for (const w of [...this.host.watches()]) {
      w.stall();
      this.counters.watchesStalled++;
    }
    if (options.newWatches) this.stallNew = true;
  }

  /** Switches every fault off (open stalled watches stay stalled; drop them to recover). */
  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
    this.stallNew = false;
    if (this.dropTimer) clearInterval(this.dropTimer);
    this.dropTimer = undefined;
  }

  // ---- used by the server

  get delay(): number {
    return this.latencyMs;
  }

  shouldStallNew(): boolean {
    if (this.stallNew) this.counters.watchesStalled++;
    return this.stallNew;
  }

  /** Throws the injected error when a rule matches this request. */
  check(method: string, path: string, isWatch: boolean): void {
    for (const r of this.rules) {
      if (r.remaining <= 0) continue;
      const o = r.options;
      if (o.writesOnly && !WRITES.has(method)) continue;
      if (o.methods && !o.methods.includes(method)) continue;
      if (isWatch && o.watches === false) continue;
      if (o.path !== undefined && !(typeof o.path === "string" ? path.includes(o.path) : o.path.test(path))) continue;
      if (r.ratio < 1 && this.random() >= r.ratio) continue;
      r.remaining--;
      const status = r.statuses[Math.floor(this.random() * r.statuses.length)] ?? 503;
      this.counters.failed++;
      throw errors.injected(status);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
  }

  stop(): void {
    this.clear();
  }
}

export { ApiError };
