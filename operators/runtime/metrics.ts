/**
 * The operators' metrics, registered from their single definitions in `metrics/` (controller-runtime's
 * set with the `govcloud_` prefix, the baseline and migration operators'). This file only gives the runtime short
 * names for them.
 */
import type { Registry } from "prom-client";
import { baseline, migration, operators, registerMetrics, type PromMetric } from "../../metrics/index.js";

type Op = (typeof operators.metrics)[number];
type Def<N extends string> = Extract<Op, { name: N }>;

export interface RuntimeMetrics {
  readonly reconcileTotal: PromMetric<Def<"govcloud_controller_reconcile_total">>;
  readonly reconcileErrors: PromMetric<Def<"govcloud_controller_reconcile_errors_total">>;
  readonly reconcileDuration: PromMetric<Def<"govcloud_controller_reconcile_duration_seconds">>;
  readonly queueDepth: PromMetric<Def<"govcloud_workqueue_depth">>;
  readonly queueAdds: PromMetric<Def<"govcloud_workqueue_adds_total">>;
  readonly queueRetries: PromMetric<Def<"govcloud_workqueue_retries_total">>;
  readonly queueDuration: PromMetric<Def<"govcloud_workqueue_queue_duration_seconds">>;
  readonly workDuration: PromMetric<Def<"govcloud_workqueue_work_duration_seconds">>;
  readonly watchRestarts: PromMetric<Def<"govcloud_reflector_watch_restarts_total">>;
  readonly relists: PromMetric<Def<"govcloud_reflector_relists_total">>;
  readonly isLeader: PromMetric<Def<"govcloud_leader_election_is_leader">>;
  readonly cacheSynced: PromMetric<Def<"govcloud_controller_cache_synced">>;
}

const registered = new WeakMap<Registry, RuntimeMetrics>();

/** The runtime's metrics in `registry` (registered once per registry). */
export function runtimeMetrics(registry: Registry): RuntimeMetrics {
  let m = registered.get(registry);
  if (!m) {
    const r = registerMetrics(registry, operators.metrics);
    m = {
      reconcileTotal: r.govcloud_controller_reconcile_total,
      reconcileErrors: r.govcloud_controller_reconcile_errors_total,
      reconcileDuration: r.govcloud_controller_reconcile_duration_seconds,
      queueDepth: r.govcloud_workqueue_depth,
      queueAdds: r.govcloud_workqueue_adds_total,
      queueRetries: r.govcloud_workqueue_retries_total,
      queueDuration: r.govcloud_workqueue_queue_duration_seconds,
      workDuration: r.govcloud_workqueue_work_duration_seconds,
      watchRestarts: r.govcloud_reflector_watch_restarts_total,
      relists: r.govcloud_reflector_relists_total,
      isLeader: r.govcloud_leader_election_is_leader,
      cacheSynced: r.govcloud_controller_cache_synced,
    };
    registered.set(registry, m);
  }
  return m;
}

const baselineRegistered = new WeakMap<Registry, ReturnType<typeof registerMetrics<typeof baseline.metrics>>>();

/** The baseline operator's metrics in `registry` (registered once per registry). */
export function baselineMetrics(registry: Registry) {
  let m = baselineRegistered.get(registry);
  if (!m) baselineRegistered.set(registry, (m = registerMetrics(registry, baseline.metrics)));
  return m;
}

const migrationRegistered = new WeakMap<Registry, ReturnType<typeof registerMetrics<typeof migration.metrics>>>();

/** The migration operator's metrics (metrics/definitions/migration.ts) in `registry` (registered once per registry). */
export function migrationMetrics(registry: Registry) {
  let m = migrationRegistered.get(registry);
  if (!m) migrationRegistered.set(registry, (m = registerMetrics(registry, migration.metrics)));
  return m;
}
