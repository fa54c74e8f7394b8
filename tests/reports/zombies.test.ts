/**
 * Zombie candidates in the reports: without Prometheus, judged from the catalog's declared usage and labelled
 * declared; with `--prometheus-url`, `govcloud report usage|situation` use the measured evaluation (seed 003's
 * five criteria) with the declared facts merged in, and show the measured numbers.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { catalogFamilies, situationReport, usageReport, type Report } from "../../reports/index.js";
import { ROOT, govcloud, STACK_TRACE } from "../support/cli.js";
import { freePort, prometheusSupport, startPrometheus, type RunningPrometheus } from "../support/prometheus.js";

const TODAY = "2026-11-23";
const AT = Date.parse(`${TODAY}T00:00:00Z`) / 1000;
const DAY = 86_400;
const ZOMBIE = "health/covid-testing"; // declares supersededBy and a last business activity in 2023
const BUSY = "health/health-platform";

const zombieTable = (r: Report) => r.sections.find((s) => s.id === "zombies")!.tables[0]!;

describe("zombie candidates from declared usage (no Prometheus)", () => {
  let estate: Estate;
  beforeAll(async () => {
    estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
  });
  it("lists candidates with two or more declared criteria, each labelled declared", () => {
    const families = catalogFamilies(estate, TODAY);
    for (const lang of ["en", "zh"] as const) {
      const u = usageReport({ estate, families, lang, at: AT });
      const t = zombieTable(u);
      const row = t.rows.find((r) => r[0] === ZOMBIE)!;
      expect(row).toBeDefined();
      expect(row[1]).toBeGreaterThanOrEqual(2);
      const tag = lang === "en" ? "[declared]" : "［申报］";
      for (const r of t.rows) {
        expect(r[1]).toBeGreaterThanOrEqual(2);
        for (const part of String(r[2]).split(lang === "en" ? "; " : "；")) expect(part).toContain(tag);
      }
      expect(String(row[2])).toContain("health/health-platform");
      expect(u.kpis.find((k) => k.id === "zombies")!.value).toBe(t.rows.length);
      expect(u.kpis.find((k) => k.id === "zombies")!.source).toMatch(lang === "en" ? /not measured/ : /非实测/);
      // the situation report shows the same candidates
      const s = situationReport({ estate, families, lang, at: AT });
      expect(zombieTable(s).rows).toEqual(t.rows);
    }
  });
});

const prom = prometheusSupport();

prom.describe("zombie candidates measured: govcloud report over a real Prometheus", () => {
  let p: RunningPrometheus | undefined;
  beforeAll(async () => {
    const fam: Record<string, string[]> = {
      kube_namespace_labels: [],
      kube_pod_container_resource_requests: [],
      container_cpu_usage_seconds_total: [],
      kube_replicaset_created: [],
      nginx_ingress_controller_requests: [],
    };
    const days = 120;
    for (let t = AT - days * DAY; t <= AT; t += 600) {
      const since = t - (AT - days * DAY);
      for (const [key, req, cores, created, perDay] of [
        [ZOMBIE, 2, 0.01, AT - 500 * DAY, undefined],
        [BUSY, 8, 6, AT - 3 * DAY, 20_000],
      ] as const) {
        const [dept, name] = key.split("/");
        const ns = `${dept}-${name}`;
        fam.kube_namespace_labels!.push(
          `kube_namespace_labels{namespace="${ns}",label_govcloud_io_department="${dept}",label_govcloud_io_system="${name}"} 1 ${t}`,
        );
        fam.kube_pod_container_resource_requests!.push(
          `kube_pod_container_resource_requests{namespace="${ns}",pod="p",container="app",node="n1",resource="cpu",unit="core"} ${req} ${t}`,
        );
        fam.container_cpu_usage_seconds_total!.push(
          `container_cpu_usage_seconds_total{namespace="${ns}",pod="p",container="app",node="n1"} ${cores * since} ${t}`,
        );
        fam.kube_replicaset_created!.push(
          `kube_replicaset_created{namespace="${ns}",replicaset="app-1"} ${created} ${t}`,
        );
        if (perDay !== undefined)
          fam.nginx_ingress_controller_requests!.push(
            `nginx_ingress_controller_requests{namespace="${ns}",ingress="app",host="h",status="200"} ${Math.floor((perDay * since) / DAY)} ${t}`,
          );
      }
    }
    const text = Object.entries(fam)
      .flatMap(([name, lines]) => [`# TYPE ${name} gauge`, ...lines])
      .join("\n");
    p = await startPrometheus({ backfill: text });
  }, 300_000);
  afterAll(async () => {
    await p?.stop();
  });

  const report = (kind: string, lang: string) => {
    const r = govcloud([
      "report",
      kind,
      "--prometheus-url",
      p!.url,
      "--at",
      TODAY,
      "--format",
      "json",
      "--lang",
      lang,
      "--range",
      "30d",
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout) as Report;
  };

  it("usage: the idle system without rollout is a candidate with the measured numbers and its declared facts", () => {
    const u = report("usage", "en");
    const t = zombieTable(u);
    expect(t.columns.map((c) => c.key)).toEqual(["system", "count", "criteria", "unknown"]);
    // only the measured idle one: systems without data cannot be candidates from declarations alone unless two are declared
    const row = t.rows.find((r) => r[0] === ZOMBIE)!;
    expect(row[1]).toBe(4);
    const text = String(row[2]);
    expect(text).toContain("CPU used 0.01 of 2 cores requested (0.5%)");
    expect(text).toMatch(/resources idle for long: .* over (89|90)(\.\d)? days, threshold 5\.0% \[measured\]/);
    expect(text).toContain("last rollout 2025-07-11 (500 days ago), threshold 365 days [measured]");
    expect(text).toContain("replaced by health/health-platform [declared]");
    expect(text).toContain("last business activity 2023-01-08 [declared]");
    expect(row[3]).toBe("few users and low frequency of use");
    expect(t.rows.some((r) => r[0] === BUSY)).toBe(false);
    expect(u.kpis.find((k) => k.id === "zombies")!.source).toContain("measured");
    const notes = u.sections.find((s) => s.id === "zombies")!.notes.join(" ");
    expect(notes).toContain("conventions");
    expect(notes).toMatch(/\d+ systems cannot be judged/);
  }, 120_000);

  it("situation (Chinese): the same candidate, measured numbers in Chinese", () => {
    const s = report("situation", "zh");
    const row = zombieTable(s).rows.find((r) => r[0] === ZOMBIE)!;
    expect(String(row[2])).toContain("CPU 实际使用 0.01 核 / 申请 2 核（0.5%）");
    expect(String(row[2])).toContain("［实测］");
    expect(String(row[2])).toContain("［申报］");
    expect(s.kpis.find((k) => k.id === "zombies")!.value).toBe(zombieTable(s).rows.length);
  }, 120_000);

  it("Prometheus down: exit 2 with the reason, no report and no zombie", async () => {
    const port = await freePort();
    const r = govcloud(["report", "usage", "--prometheus-url", `http://127.0.0.1:${port}`, "--format", "json"]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("not reachable");
    expect(r.stderr).not.toMatch(STACK_TRACE);
  });
});
