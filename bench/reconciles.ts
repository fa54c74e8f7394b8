/** What the operator benches read of a manager's metrics. */
import type { Registry } from "prom-client";

/** Reconciles done so far, every result (success, requeue_after, error); of one controller when named. */
export async function reconciles(registry: Registry, controller?: string): Promise<number> {
  const m = await registry.getSingleMetric("govcloud_controller_reconcile_total")?.get();
  return (m?.values ?? [])
    .filter((v) => controller === undefined || v.labels.controller === controller)
    .reduce((sum, v) => sum + v.value, 0);
}
