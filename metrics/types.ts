/**
 * The vocabulary of metric definitions: what a `govcloud_` metric is (type, help, base unit, bounded
 * labels) and what an external series the project reads is. Plain data; no prom-client here.
 */

export type MetricType = "counter" | "gauge" | "histogram";

/**
 * Base units (Prometheus naming): the metric name ends with `_<unit>` (before `_total` for counters).
 * `""` is a plain count or a 0/1 state.
 */
export type BaseUnit = "seconds" | "bytes" | "cores" | "ratio" | "";

/** What the set of values of a label grows with. `fixed` labels have a closed or code-defined set. */
export type LabelScale = "fixed" | "clouds" | "departments" | "systems" | "exceptions" | "offerings" | "rules";

export interface LabelDefinition {
  readonly name: string;
  readonly description: string;
  /** The closed list of values, when there is one. */
  readonly values?: readonly string[];
  /** What the number of values grows with; anything but `fixed` needs a budget on every metric using it. */
  readonly scale: LabelScale;
  /** Most distinct values expected on the 10x estate (the generated `estate generate --scale 10`). */
  readonly max: number;
}

/** A stated cardinality budget: the most series the metric may have on the 10x estate, and why. */
export interface CardinalityBudget {
  readonly series: number;
  readonly why: string;
}

export interface MetricDefinition {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: BaseUnit;
  /** Label names, each defined in LABELS. */
  readonly labels: readonly string[];
  /** Histogram buckets (upper bounds, in the base unit). */
  readonly buckets?: readonly number[];
  /** Required when a label scales with the estate (see LabelScale). */
  readonly budget?: CardinalityBudget;
}

/** One file of definitions (metrics/definitions/<area>.ts): an area and its metrics. */
export interface DefinitionFile<Ds extends readonly MetricDefinition[] = readonly MetricDefinition[]> {
  /** Who owns and emits these metrics, e.g. "operators", "baseline", "estate". */
  readonly area: string;
  /** What emits them (a component), for docs/metrics.md. */
  readonly emittedBy: string;
  readonly metrics: Ds;
}

export type ExternalSource = "kube-state-metrics" | "cadvisor" | "kubelet" | "ingress-nginx" | "prometheus";

/** A series the project reads but does not define; `labels` are the ones queries rely on. */
export interface ExternalSeries {
  readonly name: string;
  readonly source: ExternalSource;
  readonly type: MetricType | "info" | "unknown";
  readonly labels: readonly string[];
  readonly help: string;
}
