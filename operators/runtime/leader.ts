/**
 * Leader election on a `coordination.k8s.io/v1` Lease, client-go's algorithm:
 * - every `retryPeriod` a candidate reads the Lease; missing → create it (AlreadyExists = someone else
 *   won); held by another replica whose record has not changed for `leaseDuration` (measured on our
 *   own clock from when we saw it change, not from the remote renewTime, so clock skew cannot steal a
 *   lease) → take it over; otherwise wait. Writes replace with the read resourceVersion, so a 409 means
 *   another replica wrote first.
 * - the leader renews every `retryPeriod`; when no renewal succeeded for `renewDeadline` it has lost
 *   the lease (a timer, so a hung request cannot delay this) and stops leading, before any other
 *   replica may take over (`renewDeadline` < `leaseDuration`).
 * - on a graceful stop the leader releases the lease (empty holder, 1 s duration), so the next replica
 *   takes over at once.
 * Times are `MicroTime` strings with 6-digit fractions.
 */
import { realClock, sleep, type Clock, type Timer } from "./clock.js";
import { isConflict, isNotFound, type Client, type KObject } from "./client.js";
import type { Logger } from "./log.js";
import { resourceFor } from "./resources.js";

const LEASE = resourceFor("Lease");

/** A MicroTime: RFC 3339 with exactly 6 fractional digits, UTC (`2026-01-01T00:00:00.000000Z`). */
export function microTime(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const micros = Math.min(999_999, Math.max(0, Math.round((ms - seconds * 1000) * 1000)));
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}.${String(micros).padStart(6, "0")}Z`;
}

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface LeaderElectionOptions {
  readonly client: Pick<Client, "get" | "create" | "replace">;
  readonly namespace: string;
  readonly name: string;
  /** This replica's identity (pod name and a random suffix). */
  readonly identity: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Release the lease on a graceful stop. Default true. */
  readonly releaseOnStop?: boolean;
}

export class LeaderElector {
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private leader = false;
  private observed: { record: string; at: number } | undefined;
  private lease: KObject | undefined;
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;
  private readonly listeners: ((leader: boolean) => void)[] = [];

  constructor(private readonly options: LeaderElectionOptions) {
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    if (!(this.leaseDurationMs > this.renewDeadlineMs && this.renewDeadlineMs > this.retryPeriodMs)) {
      throw new Error(`leader election needs leaseDuration > renewDeadline > retryPeriod (got ${this.leaseDurationMs}, ${this.renewDeadlineMs}, ${this.retryPeriodMs} ms)`);
    }
    this.clock = options.clock ?? realClock;
  }

  get isLeader(): boolean {
    return this.leader;
  }

  /** Called with true when this replica starts leading and false when it stops. */
  onChange(listener: (leader: boolean) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    this.running ??= this.run();
  }

  /** Stops campaigning; a leader releases the lease first. */
  async stop(): Promise<void> {
    const wasLeader = this.leader;
    this.abort.abort();
    await this.running;
    if (wasLeader && (this.options.releaseOnStop ?? true)) await this.release();
  }

  private setLeader(v: boolean) {
    if (this.leader === v) return;
    this.leader = v;
    this.options.log?.info(v ? "became leader" : "stopped leading", { lease: `${this.options.namespace}/${this.options.name}`, identity: this.options.identity });
    for (const l of this.listeners) l(v);
  }

  private async run(): Promise<void> {
    const signal = this.abort.signal;
    // Campaign.
    while (!signal.aborted && !this.leader) {
      if (await this.tryAcquireOrRenew()) this.setLeader(true);
      else await sleep(this.clock, this.retryPeriodMs, signal);
    }
    if (signal.aborted) return;
    // Lead: renew every retryPeriod; a deadline timer ends leadership if no renewal lands in time.
    let deadline: Timer = this.clock.after(this.renewDeadlineMs, () => lost());
    let lostLease = false;
    const lost = () => {
      if (lostLease) return;
      lostLease = true;
      this.options.log?.warn("failed to renew the lease within the renew deadline", { lease: `${this.options.namespace}/${this.options.name}`, renewDeadlineSeconds: this.renewDeadlineMs / 1000 });
      this.setLeader(false);
    };
    while (!signal.aborted && !lostLease) {
      await sleep(this.clock, this.retryPeriodMs, signal);
      if (signal.aborted || lostLease) break;
      if (await this.tryAcquireOrRenew()) {
        if (lostLease) break;
        deadline.cancel();
        deadline = this.clock.after(this.renewDeadlineMs, () => lost());
      }
    }
    deadline.cancel();
  }

  /** One attempt: true when this replica holds the lease afterwards. */
  async tryAcquireOrRenew(): Promise<boolean> {
    const { client, namespace, name, identity } = this.options;
    const now = this.clock.now();
    const spec = (t: number, acquire: string, transitions: number): LeaseSpec => ({
      holderIdentity: identity,
      leaseDurationSeconds: Math.round(this.leaseDurationMs / 1000),
      acquireTime: acquire,
      renewTime: microTime(t),
      leaseTransitions: transitions,
    });
    let lease: KObject;
    try {
      lease = await client.get(LEASE, name, namespace);
    } catch (e) {
      if (!isNotFound(e)) {
        this.options.log?.debug("lease read failed", { error: String(e) });
        return false;
      }
      try {
        this.lease = await client.create({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace }, spec: spec(now, microTime(now), 0) });
        this.observed = { record: JSON.stringify(this.lease.spec), at: this.clock.now() };
        return true;
      } catch (e2) {
        if (!isConflict(e2)) this.options.log?.debug("lease create failed", { error: String(e2) });
        return false;
      }
    }
    const record = (lease.spec ?? {}) as LeaseSpec;
    const recordKey = JSON.stringify(record);
    if (!this.observed || this.observed.record !== recordKey) this.observed = { record: recordKey, at: now };
    const holder = record.holderIdentity ?? "";
    const duration = (record.leaseDurationSeconds ?? this.leaseDurationMs / 1000) * 1000;
    if (holder !== "" && holder !== identity && this.observed.at + duration > now) return false;
    const mine = holder === identity;
    const next = spec(now, mine && record.acquireTime ? record.acquireTime : microTime(now), mine ? (record.leaseTransitions ?? 0) : (record.leaseTransitions ?? 0) + (holder === "" && !record.acquireTime ? 0 : 1));
    try {
      this.lease = await client.replace({ ...lease, spec: next } as KObject);
      this.observed = { record: JSON.stringify(this.lease.spec), at: this.clock.now() };
      return true;
    } catch (e) {
      if (!isConflict(e)) this.options.log?.debug("lease update failed", { error: String(e) });
      return false;
    }
  }

  private async release(): Promise<void> {
    const lease = this.lease;
    if (!lease) return;
    const record = (lease.spec ?? {}) as LeaseSpec;
    const now = microTime(this.clock.now());
    try {
      await this.options.client.replace({ ...lease, spec: { leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: record.leaseTransitions ?? 0 } } as KObject);
      this.options.log?.info("released the lease", { lease: `${this.options.namespace}/${this.options.name}` });
    } catch (e) {
      this.options.log?.warn("could not release the lease", { error: String(e) });
    }
  }
}
