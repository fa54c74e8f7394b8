import type { DefinitionFile, MetricDefinition } from "../types.js";

/**
 * Declares one definitions file. The `const` type parameter keeps names, types and labels literal, so
 * `registerMetrics` returns correctly typed prom-client metrics (Counter<"controller"|"result">, ...).
 */
export function defineMetrics<const Ds extends readonly MetricDefinition[]>(
  area: string,
  emittedBy: string,
  metrics: Ds,
): DefinitionFile<Ds> {
  return { area, emittedBy, metrics };
}

/** Buckets for reconcile and work-queue latencies, seconds (controller-runtime's range, 5 ms .. 60 s). */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60] as const;

/** Buckets for provisioning and exit of service instances, seconds (10 s .. 1 day). */
export const PROVISION_BUCKETS = [10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400] as const;
