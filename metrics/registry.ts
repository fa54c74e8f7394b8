/**
 * Registering definitions in a prom-client Registry, with the metric objects typed from the definitions.
 * prom-client (and the @opentelemetry/api it loads, ~0.3 CPU-s) is required on first use: metrics/ is
 * imported by every command through stacks/ (the zombie criteria), and only the servers register metrics.
 */
import { createRequire } from "node:module";
import type { Counter, Gauge, Histogram, Registry } from "prom-client";
import type { MetricDefinition } from "./types.js";

let promClient: typeof import("prom-client") | undefined;
const prom = () => (promClient ??= createRequire(import.meta.url)("prom-client") as typeof import("prom-client"));

type LabelsOf<D extends MetricDefinition> = D["labels"][number] & string;

/** The prom-client object a definition registers as. */
export type PromMetric<D extends MetricDefinition> = D["type"] extends "counter"
  ? Counter<LabelsOf<D>>
  : D["type"] extends "gauge"
    ? Gauge<LabelsOf<D>>
    : Histogram<LabelsOf<D>>;

/** `{ [metric name]: prom-client metric }` for a list of definitions. */
export type RegisteredMetrics<Ds extends readonly MetricDefinition[]> = {
  [D in Ds[number] as D["name"]]: PromMetric<D>;
};

/**
 * Registers definitions in `registry` and returns them by name, typed:
 * `const m = registerMetrics(registry, operators.metrics); m.govcloud_workqueue_depth.set({ controller: "baseline" }, 3)`.
 */
export function registerMetrics<const Ds extends readonly MetricDefinition[]>(
  registry: Registry,
  definitions: Ds,
): RegisteredMetrics<Ds> {
  const { Counter, Gauge, Histogram } = prom();
  const out: Record<string, unknown> = {};
  for (const d of definitions) {
    const common = { name: d.name, help: d.help, labelNames: [...d.labels], registers: [registry] };
    out[d.name] =
      d.type === "counter"
        ? new Counter(common)
        : d.type === "gauge"
          ? new Gauge(common)
          : new Histogram({ ...common, buckets: [...(d.buckets ?? [])] });
  }
  return out as RegisteredMetrics<Ds>;
}
