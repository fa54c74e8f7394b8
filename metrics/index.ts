/**
 * The metrics module: every `govcloud_` metric defined once (type, help, base unit, bounded labels),
 * the external series the project reads, and helpers to register them (prom-client) or render them.
 *
 * Add your own definitions in metrics/definitions/<area>.ts and list the file in
 * metrics/definitions/index.ts (DEFINITION_FILES); docs/metrics.md describes the rules.
 */
import { DEFINITION_FILES } from "./definitions/index.js";
import { EXTERNAL_SERIES } from "./external.js";
import type { MetricDefinition } from "./types.js";

export type * from "./types.js";
export {
  LABELS,
  SEVERITIES,
  MIGRATION_PHASES,
  MIGRATION_ON_CLOUD_PHASES,
  MIGRATION_EXCLUDED_PHASES,
  ZOMBIE_CRITERIA,
  FINDING_AGE_BANDS,
  scalingLabels,
} from "./labels.js";
export {
  DEFINITION_FILES,
  defineMetrics,
  LATENCY_BUCKETS,
  PROVISION_BUCKETS,
  baseline,
  serviceCatalog,
  estate,
  migration,
  operators,
} from "./definitions/index.js";
export { EXTERNAL_SERIES } from "./external.js";
export { registerMetrics, type PromMetric, type RegisteredMetrics } from "./registry.js";
export { renderExposition, formatValue, TEXT_CONTENT_TYPE, type Sample } from "./exposition.js";

/** Every `govcloud_` metric, in definition-file order. */
export const METRICS: readonly MetricDefinition[] = DEFINITION_FILES.flatMap(
  (f) => f.metrics as readonly MetricDefinition[],
);

const byName = new Map(METRICS.map((m) => [m.name, m]));

/** The definition of a metric; throws on an unknown name (a programming error). */
export function metric(name: string): MetricDefinition {
  const m = byName.get(name);
  if (!m) throw new Error(`metric ${name} is not defined in metrics/definitions`);
  return m;
}

/** The series names a metric exposes: histograms add _bucket, _sum and _count. */
export function seriesNames(m: MetricDefinition): string[] {
  return m.type === "histogram" ? [`${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`] : [m.name];
}

/** Every series name queries may use: our metrics' series and the external ones. */
export function knownSeries(): ReadonlySet<string> {
  return new Set([...METRICS.flatMap(seriesNames), ...EXTERNAL_SERIES.map((s) => s.name)]);
}

/** The labels a series carries, by series name (external or ours, plus job/instance from the scrape). */
export function seriesLabels(name: string): readonly string[] | undefined {
  const ext = EXTERNAL_SERIES.find((s) => s.name === name);
  if (ext) return ext.labels;
  const base = name.replace(/_(bucket|sum|count)$/, "");
  const m = byName.get(name) ?? (byName.get(base)?.type === "histogram" ? byName.get(base) : undefined);
  if (!m) return undefined;
  return name.endsWith("_bucket") && m.type === "histogram" ? [...m.labels, "le"] : m.labels;
}
export { selectors, type Selector } from "./promql.js";
export {
  PrometheusClient,
  PrometheusError,
  parseDuration,
  type PromSample,
  type PromSeries,
  type PrometheusClientOptions,
  type PrometheusClientStats,
  type PrometheusErrorKind,
  type LabelledValue,
  type LabelledSeries,
} from "./client.js";
