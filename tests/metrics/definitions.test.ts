import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import {
  DEFINITION_FILES,
  EXTERNAL_SERIES,
  LABELS,
  METRICS,
  knownSeries,
  metric,
  operators,
  registerMetrics,
  renderExposition,
  scalingLabels,
  seriesLabels,
} from "../../metrics/index.js";

const UNIT_SUFFIX = { seconds: "_seconds", bytes: "_bytes", cores: "_cores", ratio: "_ratio", "": "" } as const;

describe("metric definitions", () => {
  it("names follow Prometheus naming: govcloud_ prefix, base-unit suffix, _total exactly on counters", () => {
    const problems: string[] = [];
    for (const m of METRICS) {
      if (!/^govcloud_[a-z][a-z0-9_]*$/.test(m.name)) problems.push(`${m.name}: not govcloud_snake_case`);
      const stem = m.type === "counter" ? m.name.replace(/_total$/, "") : m.name;
      if ((m.type === "counter") !== m.name.endsWith("_total"))
        problems.push(`${m.name}: _total is for counters only, and every counter has it`);
      if (m.unit && !stem.endsWith(UNIT_SUFFIX[m.unit]))
        problems.push(`${m.name}: unit ${m.unit} but no ${UNIT_SUFFIX[m.unit]} suffix`);
      for (const [unit, suffix] of Object.entries(UNIT_SUFFIX))
        if (suffix && unit !== m.unit && stem.endsWith(suffix))
          problems.push(`${m.name}: ends with ${suffix} but unit is "${m.unit}"`);
      if (m.type === "histogram" && !(m.buckets && m.buckets.length > 2))
        problems.push(`${m.name}: a histogram needs buckets`);
      if (!m.help.trim().endsWith(".")) problems.push(`${m.name}: help should be a sentence`);
    }
    expect(problems).toEqual([]);
  });

  it("names are unique across definition files", () => {
    const names = METRICS.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    expect(DEFINITION_FILES.map((f) => f.area)).toEqual(["operators", "baseline", "catalog", "migration", "estate"]);
  });

  it("every label is defined and bounded; a label that grows with the estate needs a stated budget", () => {
    const scaling = new Set(scalingLabels());
    expect(scaling).toEqual(new Set(["namespace", "exception", "cloud", "department", "system"]));
    const problems: string[] = [];
    for (const m of METRICS) {
      let product = 1;
      for (const l of m.labels) {
        const def = LABELS[l];
        if (!def) problems.push(`${m.name}: label ${l} is not in metrics/labels.ts`);
        else product *= def.max;
        if (["le", "quantile", "job", "instance"].includes(l)) problems.push(`${m.name}: label ${l} is reserved`);
      }
      const scales = m.labels.some((l) => scaling.has(l));
      if (scales && !m.budget) problems.push(`${m.name}: label(s) grow with the estate but no budget is stated`);
      if (!m.budget && product > 2_000)
        problems.push(`${m.name}: up to ${product} series from fixed labels; state a budget or drop a label`);
    }
    expect(problems).toEqual([]);
  });

  it("system names appear only on metrics with a budget of at most one series per system", () => {
    const withSystem = METRICS.filter((m) => m.labels.includes("system") || m.labels.includes("namespace"));
    expect(withSystem.length).toBeGreaterThan(0);
    for (const m of withSystem) expect(m.budget, m.name).toBeDefined();
  });

  it("external series name their source and the labels relied on", () => {
    const names = EXTERNAL_SERIES.map((s) => s.name);
    for (const n of [
      "kube_pod_container_resource_requests",
      "kube_resourcequota",
      "kube_namespace_labels",
      "container_cpu_usage_seconds_total",
      "container_memory_working_set_bytes",
      "kubelet_volume_stats_used_bytes",
      "nginx_ingress_controller_requests",
    ]) {
      expect(names).toContain(n);
    }
    expect(new Set(names).size).toBe(names.length);
    expect(knownSeries().has("govcloud_controller_reconcile_duration_seconds_bucket")).toBe(true);
    expect(knownSeries().has("govcloud_controller_reconcile_duration_seconds")).toBe(false);
    expect(seriesLabels("govcloud_workqueue_work_duration_seconds_bucket")).toEqual(["controller", "le"]);
    expect(seriesLabels("kube_resourcequota")).toContain("type");
    expect(seriesLabels("no_such_metric")).toBeUndefined();
    expect(() => metric("govcloud_nope")).toThrow(/not defined/);
  });
});

describe("registerMetrics", () => {
  it("registers typed prom-client metrics that expose the defined help, type and labels", async () => {
    const registry = new Registry();
    const m = registerMetrics(registry, operators.metrics);
    m.govcloud_controller_reconcile_total.inc({ controller: "baseline", result: "success" });
    m.govcloud_workqueue_depth.set({ controller: "baseline" }, 3);
    m.govcloud_controller_reconcile_duration_seconds.observe({ controller: "baseline" }, 0.02);
    const text = await registry.metrics();
    expect(text).toContain("# TYPE govcloud_controller_reconcile_total counter");
    expect(text).toContain('govcloud_controller_reconcile_total{controller="baseline",result="success"} 1');
    expect(text).toContain('govcloud_workqueue_depth{controller="baseline"} 3');
    expect(text).toContain('govcloud_controller_reconcile_duration_seconds_bucket{le="0.025",controller="baseline"} 1');
    expect(text).toContain(`# HELP govcloud_workqueue_depth ${metric("govcloud_workqueue_depth").help}`);
    // a label outside the definition is refused by prom-client
    expect(() => m.govcloud_workqueue_depth.set({ controller: "x", other: "y" } as never, 1)).toThrow();
  });

  it("renderExposition writes defined metrics and refuses samples with other labels", () => {
    const def = metric("govcloud_estate_findings");
    const text = renderExposition([{ def, samples: [{ labels: { pack: "mlps3", severity: "high" }, value: 2 }] }]);
    expect(text).toBe(
      `# HELP govcloud_estate_findings ${def.help.replace(/\\/g, "\\\\")}\n# TYPE govcloud_estate_findings gauge\ngovcloud_estate_findings{pack="mlps3",severity="high"} 2\n`,
    );
    expect(() => renderExposition([{ def, samples: [{ labels: { pack: "mlps3" }, value: 1 }] }])).toThrow(
      /lacks label severity/,
    );
    expect(() =>
      renderExposition([{ def, samples: [{ labels: { pack: "a", severity: "b", x: "c" }, value: 1 }] }]),
    ).toThrow(/outside/);
    const esc = renderExposition([
      { def: metric("govcloud_estate_catalog_valid"), samples: [{ labels: {}, value: 0 }] },
    ]);
    expect(esc.endsWith("govcloud_estate_catalog_valid 0\n")).toBe(true);
  });
});
