/**
 * End to end: Debian's Prometheus scrapes the built `govcloud exporter` with the mixin's rules loaded;
 * the estate series and the KPIs recorded from them appear, the expected alerts are in ALERTS; a catalog
 * broken while running is seen as govcloud_estate_catalog_valid 0 with the last good series kept; an
 * unreachable Prometheus is a readable error of the query client.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { RULES_FILE } from "../../dashboards/index.js";
import { PrometheusClient, PrometheusError } from "../../metrics/index.js";
import { ROOT, writeTree } from "../support/cli.js";
import { startExporterProcess, type RunningExporter } from "../support/exporter.js";
import { freePort, prometheusSupport, startPrometheus, type RunningPrometheus } from "../support/prometheus.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const prom = prometheusSupport();
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

let dir = "";
let exporter: RunningExporter | undefined;
let prometheus: RunningPrometheus | undefined;

prom.describe("Prometheus scrapes the exporter with the rules loaded", () => {
  beforeAll(async () => {
    const files = tinyCatalog();
    // an exception that expires in 5 days (by the real clock, which Prometheus' time() uses)
    files["exceptions/portal-audit.yaml"] = files["exceptions/portal-audit.yaml"]!.replace('expires: "2027-03-31"', `expires: "${day(5)}"`).replace('approved: "2026-10-01"', `approved: "${day(-30)}"`);
    dir = writeTree(files, "govcloud-e2e-");
    exporter = await startExporterProcess(dir, "t", [], day(0));
    prometheus = await startPrometheus({
      scrape: [{ job: "govcloud-estate", targets: [`127.0.0.1:${exporter.port}`] }],
      ruleFiles: [join(ROOT, RULES_FILE)],
    });
  }, 120_000);
  afterAll(async () => {
    await prometheus?.stop();
    await exporter?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("the estate series and the recorded KPIs exist", async () => {
    const p = prometheus!;
    await p.waitFor('up{job="govcloud-estate"} == 1');
    expect((await p.waitFor("govcloud_estate_catalog_valid"))[0]!.value[1]).toBe("1");
    for (const record of ["govcloud:autonomy_rate:ratio", "govcloud:migration_rate:ratio", "govcloud:dr_coverage:ratio", "govcloud:ipv6_coverage:ratio", "govcloud:mlps_compliance:ratio", "cloud:govcloud_requested_cpu:ratio"]) {
      const r = await p.waitFor(record);
      for (const s of r) expect(Number(s.value[1]), record).toBeGreaterThanOrEqual(0);
    }
    const systems = Number((await p.query("sum(govcloud_estate_systems)"))[0]!.value[1]);
    expect(systems).toBe(Object.keys(tinyCatalog()).filter((k) => k.startsWith("requests/")).length);
  });

  it("the expected alerts are in ALERTS: the exception expiring in 5 days fires, the absent operators are pending", async () => {
    const p = prometheus!;
    const firing = await p.waitFor('ALERTS{alertname="GovcloudExceptionExpiringSoon", alertstate="firing"}');
    expect(firing.map((s) => s.metric.exception)).toEqual(["portal-audit"]);
    expect(firing[0]!.metric.severity).toBe("warning");
    const pending = await p.waitFor('ALERTS{alertname="GovcloudOperatorDown"}');
    expect(pending[0]!.metric.alertstate).toBe("pending");
    // alerts whose conditions do not hold here are absent
    expect(await p.query('ALERTS{alertname=~"GovcloudCloudCapacityHigh|GovcloudOperatorSplitBrain"}')).toEqual([]);
  });

  it("a catalog broken while running: Prometheus sees catalog_valid 0 and the last good series", async () => {
    const p = prometheus!;
    const before = await p.query("sum(govcloud_estate_cloud_capacity_cpu_cores)");
    const file = join(dir, "estates/t/clouds.yaml");
    const good = readFileSync(file, "utf8");
    writeFileSync(file, `${good}\n  bogus: [unclosed\n`);
    await p.waitFor("govcloud_estate_catalog_valid == 0");
    expect(await p.query("sum(govcloud_estate_cloud_capacity_cpu_cores)")).toEqual([expect.objectContaining({ value: [expect.any(Number), before[0]!.value[1]] })]);
    const up = await p.query('up{job="govcloud-estate"}');
    expect(up[0]!.value[1]).toBe("1");
    writeFileSync(file, good);
    await p.waitFor("govcloud_estate_catalog_valid == 1");
  });

  it("the query client reads the same Prometheus, and reports an unreachable one and a bad query readably", async () => {
    const client = new PrometheusClient(prometheus!.url);
    expect((await client.query("govcloud_estate_catalog_valid")).length).toBe(1);
    await expect(client.query("sum(")).rejects.toMatchObject({ kind: "query" });
    const port = await freePort();
    const nobody = new PrometheusClient(`http://127.0.0.1:${port}`, { timeoutMs: 5_000 });
    const e = await nobody.query("up").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PrometheusError);
    expect((e as PrometheusError).kind).toBe("unreachable");
    expect((e as PrometheusError).message).toMatch(new RegExp(`Prometheus at http://127.0.0.1:${port} is not reachable \\(ECONNREFUSED\\)`));
  });
});
