/**
 * The operators' ServiceMonitor as Prometheus applies it. A real Prometheus scrapes a target serving the
 * operators' metrics (the baseline definitions in a prom-client registry, set as the controller sets
 * them) with the target labels the Prometheus Operator attaches to a ServiceMonitor's targets (namespace
 * of the Service, service, pod, container, endpoint; job from jobLabel) and `honor_labels` as the shipped
 * monitor says. Every alert and dashboard query that reads `govcloud_baseline_findings` by `namespace`
 * must see the tenant namespace of the finding, not the operators' own (govcloud-system), and no
 * `exported_namespace`. A second Prometheus scraping with honor_labels false (Prometheus' default) is
 * the control: there the same queries see govcloud-system, which is what this suite guards against.
 */
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Registry } from "prom-client";
import { allAlerts, dashboards, monitoringObjects } from "../../dashboards/index.js";
import { baseline, registerMetrics, TEXT_CONTENT_TYPE } from "../../metrics/index.js";
import { platformObjects, PLATFORM_NAMESPACE } from "../../stacks/platform/index.js";
import { prometheusSupport, startPrometheus, type RunningPrometheus } from "../support/prometheus.js";

const prom = prometheusSupport();
const TENANT = "health-booking";

interface Endpoint {
  port: string;
  path?: string;
  honorLabels?: boolean;
}
const monitor = platformObjects({ cloud: "province", monitoring: monitoringObjects({ namespace: "x" }) }).find(
  (o) => o.kind === "ServiceMonitor",
) as unknown as {
  metadata: { name: string; namespace: string };
  spec: { endpoints: Endpoint[]; jobLabel: string };
};

/** The scrape configuration the Prometheus Operator generates for the monitor's first endpoint, on a static target. */
function scrapeConfig(target: string, honorLabels: boolean | undefined, endpoint: Endpoint): string {
  const labels = {
    namespace: PLATFORM_NAMESPACE,
    service: monitor.metadata.name,
    pod: `${monitor.metadata.name}-7d9f8b6c5-x2x4q`,
    container: "operators",
    endpoint: endpoint.port,
  };
  return [
    "global:",
    "  scrape_interval: 1s",
    "  evaluation_interval: 1s",
    "scrape_configs:",
    `  - job_name: ${JSON.stringify(monitor.metadata.name)}`,
    `    honor_labels: ${honorLabels ?? false}`,
    `    metrics_path: ${JSON.stringify(endpoint.path ?? "/metrics")}`,
    "    static_configs:",
    `      - targets: [${JSON.stringify(target)}]`,
    `        labels: ${JSON.stringify(labels)}`,
    "",
  ].join("\n");
}

/** Every alert expression and dashboard query that reads govcloud_baseline_findings by namespace. */
function namespaceQueries(): string[] {
  const alerts = allAlerts().map((a) => a.expr);
  const panels = dashboards().flatMap((d) =>
    (JSON.stringify(d).match(/"expr":"(?:[^"\\]|\\.)*"/g) ?? []).map((s) => JSON.parse(s.slice(7)) as string),
  );
  return [...new Set([...alerts, ...panels])].filter(
    (e) => e.includes("govcloud_baseline_findings") && /\bnamespace\b/.test(e),
  );
}

prom.describe("the operators' ServiceMonitor keeps the namespace of their series", () => {
  let server: Server | undefined;
  let shipped: RunningPrometheus | undefined;
  let control: RunningPrometheus | undefined;
  beforeAll(async () => {
    const registry = new Registry();
    const m = registerMetrics(registry, baseline.metrics);
    // As operators/baseline/controller.ts exports a failing rule in a tenant's namespace.
    m.govcloud_baseline_findings.set({ rule: "MLPS2-POD-001", severity: "critical", namespace: TENANT }, 1);
    m.govcloud_baseline_findings.set({ rule: "MLPS2-POD-004", severity: "high", namespace: TENANT }, 2);
    server = createServer((req, res) => {
      void registry.metrics().then((body) => {
        res.setHeader("Content-Type", TEXT_CONTENT_TYPE);
        res.end(body);
      });
    });
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const target = `127.0.0.1:${(server.address() as { port: number }).port}`;
    const endpoint = monitor.spec.endpoints[0]!;
    [shipped, control] = await Promise.all([
      startPrometheus({ config: scrapeConfig(target, endpoint.honorLabels, endpoint) }),
      startPrometheus({ config: scrapeConfig(target, false, endpoint) }),
    ]);
    await Promise.all([shipped, control].map((p) => p.waitFor("govcloud_baseline_findings", undefined, 60_000)));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([shipped?.stop(), control?.stop()]);
    server?.closeAllConnections();
    server?.close();
  });

  it("the monitor honours the exporter's labels", () => {
    expect(monitor.spec.endpoints.every((e) => e.honorLabels === true)).toBe(true);
  });

  it("the alert and the wall's panel see the finding's namespace, not govcloud-system or exported_namespace", async () => {
    const queries = namespaceQueries();
    // GovcloudCriticalBaselineFinding and the wall's "Namespaces with live findings" panel, at least.
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const q of queries) {
      const got = await shipped!.query(q);
      expect(got.length, q).toBeGreaterThan(0);
      expect([...new Set(got.map((s) => s.metric.namespace))], q).toEqual([TENANT]);
    }
    const raw = await shipped!.query("govcloud_baseline_findings");
    expect(raw.every((s) => s.metric.namespace === TENANT && s.metric.exported_namespace === undefined)).toBe(true);
    // The target's other labels are still there: the series stay attributable to the operators' pod.
    expect(raw[0]!.metric.pod).toMatch(/^govcloud-operators-/);
  });

  it("control: with honor_labels false the same queries lose the tenant namespace (what the fix prevents)", async () => {
    for (const q of namespaceQueries()) {
      const got = await control!.query(q);
      expect([...new Set(got.map((s) => s.metric.namespace))], q).toEqual([PLATFORM_NAMESPACE]);
    }
    const raw = await control!.query("govcloud_baseline_findings");
    expect(raw.every((s) => s.metric.exported_namespace === TENANT)).toBe(true);
  });
});
