/**
 * The manager (controller-runtime's): shared informers, the controllers, leader election and the
 * HTTP endpoints.
 * - Informers (one reflector per resource, namespace and selector, shared by controllers) run on every
 *   replica, so a standby has a warm cache when it takes over.
 * - Controllers run only while this replica leads (or always, without leader election); when the lease
 *   is lost every controller stops and `done` resolves with "lost-lease" (the process then exits, as
 *   controller-runtime does, and Kubernetes restarts it as a candidate).
 * - `/healthz` answers while the process runs; `/readyz` once every informer synced; `/metrics` serves
 *   the registry (prom-client text format).
 * - `stop()` (SIGTERM/SIGINT with `handleSignals`) stops controllers, releases the lease, stops informers
 *   and the server.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { hostname } from "node:os";
import { collectDefaultMetrics, Registry } from "prom-client";
import { realClock, type Clock } from "./clock.js";
import type { Client, KObject } from "./client.js";
import { Controller, type CacheReader, type ControllerDefinition } from "./controller.js";
import { Recorder, type EventRecorder } from "./events.js";
import { LeaderElector } from "./leader.js";
import { jsonLogger, type Logger } from "./log.js";
import { runtimeMetrics, type RuntimeMetrics } from "./metrics.js";
import { Reflector, type ReflectorOptions } from "./reflector.js";
import { resourceFor, resourceLabel, type ResourceType } from "./resources.js";

export interface LeaderElectionConfig {
  /** Lease name (in the manager's namespace). */
  readonly name: string;
  readonly leaseDurationMs?: number;
  readonly renewDeadlineMs?: number;
  readonly retryPeriodMs?: number;
  /** Release the lease on a graceful stop (default true); false leaves it to expire, as a crash would. */
  readonly releaseOnStop?: boolean;
}

export interface ManagerOptions {
  readonly client: Client;
  /** The operator's name: Event source and log name. */
  readonly name: string;
  /** Where the Lease lives (the operators' namespace). */
  readonly namespace: string;
  readonly identity?: string;
  readonly leaderElection?: LeaderElectionConfig;
  /** `host:port` of /healthz, /readyz and /metrics; port 0 takes a free one; undefined serves nothing. */
  readonly metricsAddr?: string;
  readonly registry?: Registry;
  /** Also export process and Node.js metrics (process_cpu_seconds_total, …). */
  readonly defaultMetrics?: boolean;
  readonly clock?: Clock;
  readonly log?: Logger;
  /** Reflector tuning (watchdog, re-list period, backoff, watch timeouts). */
  readonly reflector?: Pick<
    ReflectorOptions,
    "stallMs" | "relistMs" | "backoff" | "watchTimeoutSeconds" | "pageSize" | "random"
  >;
  /** Stop on SIGTERM and SIGINT. */
  readonly handleSignals?: boolean;
  readonly events?: EventRecorder;
}

export type StopReason = "stopped" | "signal" | "lost-lease";

export class Manager {
  readonly registry: Registry;
  readonly metrics: RuntimeMetrics;
  readonly log: Logger;
  readonly clock: Clock;
  readonly identity: string;
  readonly events: EventRecorder;
  readonly elector: LeaderElector | undefined;
  private readonly informers = new Map<string, Reflector>();
  /** The informers by kind, for the cache's lookups (a reconcile makes dozens). */
  private readonly byKind = new Map<string, Reflector[]>();
  private readonly controllers: Controller[] = [];
  private server: http.Server | undefined;
  private leading = false;
  private stopping: Promise<void> | undefined;
  private resolveDone!: (r: StopReason) => void;
  /** Resolves when the manager stopped, with why. */
  readonly done: Promise<StopReason>;
  private readonly signalHandler = () => void this.stop("signal");

  constructor(readonly options: ManagerOptions) {
    this.registry = options.registry ?? new Registry();
    this.metrics = runtimeMetrics(this.registry);
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry });
    this.log = options.log ?? jsonLogger().child({ logger: options.name });
    this.clock = options.clock ?? realClock;
    this.identity = options.identity ?? `${hostname()}_${randomBytes(4).toString("hex")}`;
    this.events =
      options.events ??
      new Recorder({
        client: options.client,
        component: options.name,
        instance: this.identity,
        clock: this.clock,
        log: this.log,
      });
    this.done = new Promise((r) => (this.resolveDone = r));
    if (options.leaderElection) {
      const le = options.leaderElection;
      this.elector = new LeaderElector({
        client: options.client,
        namespace: options.namespace,
        name: le.name,
        identity: this.identity,
        clock: this.clock,
        log: this.log,
        ...(le.leaseDurationMs ? { leaseDurationMs: le.leaseDurationMs } : {}),
        ...(le.renewDeadlineMs ? { renewDeadlineMs: le.renewDeadlineMs } : {}),
        ...(le.retryPeriodMs ? { retryPeriodMs: le.retryPeriodMs } : {}),
        ...(le.releaseOnStop !== undefined ? { releaseOnStop: le.releaseOnStop } : {}),
      });
      this.metrics.isLeader.set({ lease: le.name }, 0);
      this.elector.onChange((leader) => {
        this.metrics.isLeader.set({ lease: le.name }, leader ? 1 : 0);
        if (leader) this.startControllers();
        else void this.stop("lost-lease");
      });
    }
  }

  /** The shared informer of a resource (created on first use; started with the manager). */
  informer(resource: string | ResourceType, opts: { namespace?: string; labelSelector?: string } = {}): Reflector {
    const t = typeof resource === "string" ? resourceFor(resource) : resource;
    const key = `${resourceLabel(t)}|${opts.namespace ?? ""}|${opts.labelSelector ?? ""}`;
    let r = this.informers.get(key);
    if (!r) {
      const name = resourceLabel(t);
      r = new Reflector({
        client: this.options.client,
        resource: t,
        ...(opts.namespace ? { namespace: opts.namespace } : {}),
        ...(opts.labelSelector ? { labelSelector: opts.labelSelector } : {}),
        clock: this.clock,
        log: this.log.child({ reflector: name }),
        ...this.options.reflector,
        onRestart: (reason) => this.metrics.watchRestarts.inc({ resource: name, reason }),
        onRelist: () => this.metrics.relists.inc({ resource: name }),
      });
      this.informers.set(key, r);
      const same = this.byKind.get(t.kind);
      if (same) same.push(r);
      else this.byKind.set(t.kind, [r]);
      if (this.started) r.start();
    }
    return r;
  }

  /** The read-only cache over every informer, by kind. */
  readonly cache: CacheReader = {
    get: (kind, name, namespace) => {
      for (const r of this.informersOf(kind)) {
        const o = r.store.get(name, namespace);
        if (o) return o;
      }
      return undefined;
    },
    list: (kind, namespace) => {
      const informers = this.informersOf(kind);
      // One informer of the kind (the usual case): its store's list is a fresh array already.
      if (informers.length === 1) return informers[0]!.store.list(namespace);
      const seen = new Map<string, Readonly<KObject>>();
      for (const r of informers)
        for (const o of r.store.list(namespace)) seen.set(`${o.metadata.namespace ?? ""}/${o.metadata.name}`, o);
      return [...seen.values()];
    },
  };

  private informersOf(kind: string): readonly Reflector[] {
    const out = this.byKind.get(kind);
    if (!out) throw new Error(`no informer watches ${kind}: add a watch of it to the controller`);
    return out;
  }

  /** Adds a controller; its watches get (shared) informers now. */
  add(definition: ControllerDefinition): Controller {
    if (this.controllers.some((c) => c.name === definition.name))
      throw new Error(`controller ${definition.name} added twice`);
    const informers = definition.watches.map((w) =>
      this.informer(w.resource, {
        ...(w.namespace ? { namespace: w.namespace } : {}),
        ...(w.labelSelector ? { labelSelector: w.labelSelector } : {}),
      }),
    );
    const c = new Controller(definition, {
      informers,
      cache: this.cache,
      client: this.options.client,
      events: this.events,
      log: this.log,
      clock: this.clock,
      metrics: this.metrics,
    });
    this.controllers.push(c);
    if (this.leading) void c.start();
    return c;
  }

  get controllerList(): readonly Controller[] {
    return this.controllers;
  }

  /** Ready: every informer synced. */
  get ready(): boolean {
    return [...this.informers.values()].every((r) => r.isSynced);
  }

  get isLeader(): boolean {
    return this.elector ? this.elector.isLeader : this.leading;
  }

  /** Resolves once every informer synced. */
  async waitForCacheSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((r) => r.hasSynced));
  }

  private started = false;

  /** Starts the endpoints, the informers and leader election (or the controllers right away). */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    if (this.options.metricsAddr !== undefined) await this.serve(this.options.metricsAddr);
    if (this.options.handleSignals) {
      process.once("SIGTERM", this.signalHandler);
      process.once("SIGINT", this.signalHandler);
    }
    for (const r of this.informers.values()) r.start();
    this.log.info("starting manager", {
      identity: this.identity,
      leaderElection: Boolean(this.elector),
      controllers: this.controllers.map((c) => c.name),
    });
    if (this.elector) this.elector.start();
    else this.startControllers();
  }

  private startControllers(): void {
    if (this.leading || this.stopping) return;
    this.leading = true;
    for (const c of this.controllers) void c.start();
  }

  /** The address /metrics listens on, once started. */
  get address(): { host: string; port: number } | undefined {
    const a = this.server?.address();
    return a && typeof a === "object" ? { host: a.address, port: a.port } : undefined;
  }

  private async serve(addr: string): Promise<void> {
    const i = addr.lastIndexOf(":");
    const host = i > 0 ? addr.slice(0, i).replace(/^\[|\]$/g, "") : "127.0.0.1";
    const port = Number(addr.slice(i + 1));
    this.server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    this.log.info("serving health and metrics", { addr: `${host}:${this.address!.port}` });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = (req.url ?? "/").split("?")[0];
    const text = (code: number, body: string, type = "text/plain; charset=utf-8") => {
      res.writeHead(code, { "content-type": type });
      res.end(body);
    };
    if (path === "/healthz" || path === "/livez") return text(200, "ok");
    if (path === "/readyz") {
      const waiting = [...this.informers.values()].filter((r) => !r.isSynced).map((r) => r.name);
      return waiting.length === 0 ? text(200, "ok") : text(503, `caches not synced: ${waiting.join(", ")}\n`);
    }
    if (path === "/metrics") {
      try {
        return text(200, await this.registry.metrics(), this.registry.contentType);
      } catch (e) {
        return text(500, String(e));
      }
    }
    text(404, "not found\n");
  }

  /** Stops controllers, releases the lease, stops informers and the server. Idempotent. */
  stop(reason: StopReason = "stopped"): Promise<void> {
    this.stopping ??= (async () => {
      this.log.info("stopping manager", { reason });
      process.off("SIGTERM", this.signalHandler);
      process.off("SIGINT", this.signalHandler);
      this.leading = false;
      await Promise.all(this.controllers.map((c) => c.stop()));
      if (this.elector) await this.elector.stop();
      await Promise.all([...this.informers.values()].map((r) => r.stop()));
      if (this.server) {
        this.server.closeAllConnections?.();
        await new Promise<void>((r) => this.server!.close(() => r()));
      }
      this.log.info("manager stopped", { reason });
      this.resolveDone(reason);
    })();
    return this.stopping;
  }
}
