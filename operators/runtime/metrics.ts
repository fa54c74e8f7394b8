/**
 * The operators' metrics: controller-runtime's set with the `govcloud_` prefix and base units, and the
 * baseline operator's. Defined once here as plain data (name, type, help, bounded labels) until the
 * `metrics/` module holds every govcloud_ definition; `operatorMetrics()` registers them with prom-client.
 */
import { Counter, Gauge, Histogram, Registry } from "prom-client";

export type MetricType = "counter" | "gauge" | "histogram";

export interface MetricDef {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Histogram buckets, in the metric's base unit. */
  readonly buckets?: readonly number[];
}

/** controller-runtime's reconcile buckets (seconds). */
const RECONCILE_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.25, 1.5, 1.75, 2, 2.5, 3, 3.5, 4, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60];
/** client-go's work-queue buckets: 1 µs to 10 s, powers of ten. */
const QUEUE_BUCKETS = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

export const RUNTIME_METRICS = {
  reconcileTotal: { name: "govcloud_controller_reconcile_total", type: "counter", help: "Reconciliations per controller and result (success, error, requeue, requeue_after).", labelNames: ["controller", "result"] },
  reconcileErrors: { name: "govcloud_controller_reconcile_errors_total", type: "counter", help: "Reconciliations that failed with an error.", labelNames: ["controller"] },
  reconcileDuration: { name: "govcloud_controller_reconcile_duration_seconds", type: "histogram", help: "Time one reconciliation took.", labelNames: ["controller"], buckets: RECONCILE_BUCKETS },
  queueDepth: { name: "govcloud_workqueue_depth", type: "gauge", help: "Keys waiting in the work queue.", labelNames: ["controller"] },
  queueAdds: { name: "govcloud_workqueue_adds_total", type: "counter", help: "Keys added to the work queue (a key merged into one already waiting is not counted).", labelNames: ["controller"] },
  queueRetries: { name: "govcloud_workqueue_retries_total", type: "counter", help: "Keys re-added with backoff after a failure or a requested requeue.", labelNames: ["controller"] },
  queueDuration: { name: "govcloud_workqueue_queue_duration_seconds", type: "histogram", help: "Time a key waited in the queue before a worker took it.", labelNames: ["controller"], buckets: QUEUE_BUCKETS },
  workDuration: { name: "govcloud_workqueue_work_duration_seconds", type: "histogram", help: "Time a worker spent on a key.", labelNames: ["controller"], buckets: QUEUE_BUCKETS },
  watchRestarts: { name: "govcloud_reflector_watch_restarts_total", type: "counter", help: "Watches restarted, by reason (gone: 410 and a re-list; error; stall: no event within the watchdog time; timeout: the server ended the watch).", labelNames: ["resource", "reason"] },
  relists: { name: "govcloud_reflector_relists_total", type: "counter", help: "Full lists of a resource (initial, after 410, periodic).", labelNames: ["resource"] },
  isLeader: { name: "govcloud_leader_election_is_leader", type: "gauge", help: "1 while this replica holds the lease.", labelNames: ["lease"] },
  cacheSynced: { name: "govcloud_controller_cache_synced", type: "gauge", help: "1 once every cache a controller reads has synced.", labelNames: ["controller"] },
} as const satisfies Record<string, MetricDef>;

/**
 * The baseline operator's metrics. `namespace` is bounded by the estate: one value per catalogued
 * system (the 1x estate has ~100, the 10x ~1,000), times rules that fail there; severity has 4 values.
 */
export const BASELINE_METRICS = {
  findings: { name: "govcloud_baseline_findings", type: "gauge", help: "Current non-passing results of the baseline in the cluster, by rule, severity and namespace (namespaces of catalogued systems only).", labelNames: ["rule", "severity", "namespace"] },
  driftDetected: { name: "govcloud_baseline_drift_detected_total", type: "counter", help: "Planned baseline objects found deleted or changed in the cluster, by kind.", labelNames: ["kind"] },
  driftReverted: { name: "govcloud_baseline_drift_reverted_total", type: "counter", help: "Drifted baseline objects re-applied, by kind.", labelNames: ["kind"] },
  objectsJudged: { name: "govcloud_baseline_objects_judged_total", type: "counter", help: "Live objects judged by the baseline rules.", labelNames: [] },
} as const satisfies Record<string, MetricDef>;

type Instrument<D extends MetricDef> = D["type"] extends "counter" ? Counter<string> : D["type"] extends "gauge" ? Gauge<string> : Histogram<string>;
export type Instruments<T extends Record<string, MetricDef>> = { readonly [K in keyof T]: Instrument<T[K]> };

/** Registers `defs` in `registry` (once per registry: a second call returns the same instruments). */
export function register<T extends Record<string, MetricDef>>(registry: Registry, defs: T): Instruments<T> {
  const out: Record<string, unknown> = {};
  for (const [key, d] of Object.entries(defs)) {
    const existing = registry.getSingleMetric(d.name);
    if (existing) {
      out[key] = existing;
      continue;
    }
    const common = { name: d.name, help: d.help, labelNames: [...d.labelNames], registers: [registry] };
    out[key] = d.type === "counter" ? new Counter(common) : d.type === "gauge" ? new Gauge(common) : new Histogram({ ...common, buckets: [...(d.buckets ?? [])] });
  }
  return out as Instruments<T>;
}

export type RuntimeMetrics = Instruments<typeof RUNTIME_METRICS>;
