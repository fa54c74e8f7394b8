/**
 * The usage and situation reports against a real Prometheus over backfilled OpenMetrics: known use
 * gives known numbers in the JSON, an idle system is flagged with its figures, absent series are no data;
 * a department's report measures the department's own figures.
 */
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadCatalog, requestQuota, type Estate } from "../../catalog/index.js";
import { PrometheusClient } from "../../metrics/index.js";
import {
  catalogFamilies,
  measure,
  renderJson,
  situationReport,
  usageReport,
  type Report,
} from "../../reports/index.js";
import { govcloud, ROOT } from "../support/cli.js";
import { prometheusSupport, startPrometheus, type RunningPrometheus } from "../support/prometheus.js";
import { departmentFigures, departmentUsageFigures } from "./department-figures.js";

const TODAY = "2026-11-23";
const END = Date.parse(`${TODAY}T00:00:00Z`) / 1000;
const DAYS = 3;
const prom = prometheusSupport();

prom.describe("reports over a real Prometheus", () => {
  let p: RunningPrometheus | undefined;
  let estate: Estate;
  let busy = "";
  let idle = "";
  let idleRequested = 0;
  let busyCores = 0;
  beforeAll(async () => {
    estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
    const big = estate.requests
      .map((r) => ({ r, cpu: requestQuota(r.doc, estate.index.offering).vcpu }))
      .filter((x) => x.cpu >= 4)
      .sort((a, b) => b.cpu - a.cpu);
    const [a, b] = [big[0]!, big[1]!];
    busy = `${a.r.doc.spec.department}/${a.r.doc.metadata.name}`;
    idle = `${b.r.doc.spec.department}/${b.r.doc.metadata.name}`;
    idleRequested = b.cpu;
    busyCores = a.cpu / 2;
    const ns = (x: typeof a) => `${x.r.doc.spec.department}-${x.r.doc.metadata.name}`;
    const lines = [
      "# TYPE kube_namespace_labels gauge",
      "# TYPE container_cpu_usage_seconds_total counter",
      "# TYPE container_memory_working_set_bytes gauge",
      "# TYPE kubelet_volume_stats_used_bytes gauge",
    ];
    const body: string[][] = [[], [], [], []];
    for (let t = END - DAYS * 86_400; t <= END; t += 60) {
      const since = t - (END - DAYS * 86_400);
      for (const [x, cores, mem] of [
        [a, a.cpu / 2, 8 * 2 ** 30],
        [b, 0.25, 2 ** 30],
      ] as const) {
        body[0]!.push(
          `kube_namespace_labels{namespace="${ns(x)}",label_govcloud_io_department="${x.r.doc.spec.department}",label_govcloud_io_system="${x.r.doc.metadata.name}",label_govcloud_io_cloud="${x.r.doc.spec.cloud}"} 1 ${t}`,
        );
        body[1]!.push(
          `container_cpu_usage_seconds_total{namespace="${ns(x)}",pod="p",container="app",node="n1"} ${cores * since} ${t}`,
        );
        body[2]!.push(
          `container_memory_working_set_bytes{namespace="${ns(x)}",pod="p",container="app",node="n1"} ${mem} ${t}`,
        );
      }
      // the busy system's volume fills at 1 GiB a day: 3 GiB at END, 2 GiB on average over the last two days
      body[3]!.push(
        `kubelet_volume_stats_used_bytes{namespace="${ns(a)}",persistentvolumeclaim="data"} ${(2 ** 30 * since) / 86_400} ${t}`,
      );
    }
    const text = [lines[0], ...body[0]!, lines[1], ...body[1]!, lines[2], ...body[2]!, lines[3], ...body[3]!].join(
      "\n",
    );
    p = await startPrometheus({ backfill: text });
  }, 180_000);
  afterAll(async () => {
    await p?.stop();
  });

  it("known use gives known numbers; the idle system is flagged; absent series are no data", async () => {
    const m = await measure(new PrometheusClient(p!.url), END, 2 * 86_400);
    const families = catalogFamilies(estate, TODAY);
    const usage = JSON.parse(
      renderJson(usageReport({ estate, families, lang: "en", at: END, measurements: m })),
    ) as Report;
    expect(usage.measured).toBe(true);
    const top = usage.sections.find((s) => s.id === "top")!.tables[0]!;
    const row = (key: string) => top.rows.find((r) => r[0] === key);
    expect(row(busy)![3]).toBeCloseTo(busyCores, 2);
    // storage use is the average over the range, like CPU and memory (not the value at its end: 3 GiB)
    expect(m.systemStorage.get(busy)! / 2 ** 30).toBeCloseTo(2, 1);
    expect(m.systemStorage.has(idle)).toBe(false);
    const idleRow = usage.sections.find((s) => s.id === "idle")!.tables[0]!.rows;
    expect(idleRow.map((r) => r[0])).toEqual([idle]);
    expect(idleRow[0]![2]).toBe(idleRequested);
    expect(idleRow[0]![3]).toBeCloseTo(0.25, 2);
    expect(idleRow[0]![4]).toBeCloseTo(0.25 / idleRequested, 3);
    // every other system has no series: no data (null), not 0
    const others = top.rows.filter((r) => r[0] !== busy && r[0] !== idle);
    expect(others.length).toBeGreaterThan(0);
    for (const r of others) expect(r[3]).toBeNull();
    expect(usage.kpis.find((k) => k.id === "usedCpu")!.value).toBeCloseTo(busyCores + 0.25, 2);
    // no govcloud_estate_* series in this Prometheus: the measured KPIs are no data, not 0
    const situation = JSON.parse(
      renderJson(situationReport({ estate, families, lang: "en", at: END, measurements: m })),
    ) as Report;
    expect(situation.kpis.find((k) => k.id === "autonomy")!.value).toBeNull();
  }, 120_000);
});

prom.describe("a department's situation report over a real Prometheus", () => {
  const DEPT = "sports";
  const HOUR = 3600;
  let p: RunningPrometheus | undefined;
  let estate: Estate;
  beforeAll(async () => {
    estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
    // The exporter's whole-estate series, as Prometheus would have scraped them every minute for an hour.
    const families = catalogFamilies(estate, TODAY);
    const lines: string[] = [];
    for (const name of [
      "govcloud_estate_systems",
      "govcloud_estate_migration_systems",
      "govcloud_estate_mlps_noncompliant_systems",
      "govcloud_estate_dr_required_systems",
      "govcloud_estate_dr_pairs",
      "govcloud_estate_network_nodes",
      "govcloud_estate_network_nodes_ipv6",
    ]) {
      lines.push(`# TYPE ${name} gauge`);
      for (const x of families.get(name)!) {
        const labels = Object.entries(x.labels)
          .map(([k, v]) => `${k}="${v}"`)
          .join(",");
        for (let t = END - HOUR; t <= END; t += 60) lines.push(`${name}{${labels}} ${x.value} ${t}`);
      }
    }
    p = await startPrometheus({ backfill: lines.join("\n") });
  }, 180_000);
  afterAll(async () => {
    await p?.stop();
  });

  it("measures the department's own KPIs, takes MLPS and DR from its catalog figures, and says so", async () => {
    const client = new PrometheusClient(p!.url);
    const want = departmentFigures(estate, TODAY, DEPT);
    const whole = await measure(client, END, HOUR, { kpis: true, usage: false });
    const mine = await measure(client, END, HOUR, { kpis: true, usage: false, department: DEPT });
    expect(mine.department).toBe(DEPT);
    // Measured with the per-department rules: the department's rates, not the province's.
    expect(mine.kpiNow.migration).toBeCloseTo(want.migration!, 9);
    expect(mine.kpiNow.autonomy).toBeCloseTo(want.autonomy!, 9);
    expect(whole.kpiNow.migration).not.toBeCloseTo(want.migration!, 3);
    expect(mine.kpiTrend.migration!.length).toBeGreaterThan(10);
    expect(mine.kpiTrend.migration!.every(([, v]) => Math.abs(v - want.migration!) < 1e-9)).toBe(true);
    // The network is the province's in both; MLPS and DR have no department label in Prometheus: not measured.
    expect(mine.kpiNow.ipv6).toBe(whole.kpiNow.ipv6);
    expect("mlps" in mine.kpiNow || "dr" in mine.kpiNow).toBe(false);

    const report = JSON.parse(
      renderJson(
        situationReport({
          estate,
          families: catalogFamilies(estate, TODAY, { department: DEPT }),
          lang: "en",
          at: END,
          measurements: mine,
          department: DEPT,
        }),
      ),
    ) as Report;
    expect(report.measured).toBe(true);
    for (const [id, v] of Object.entries(want)) {
      const k = report.kpis.find((x) => x.id === id)!;
      if (v === undefined) expect(k.value, id).toBeNull();
      else expect(k.value, id).toBeCloseTo(v, 9);
    }
    expect(report.kpis.find((k) => k.id === "mlps")!.trend).toEqual([]);
    expect(report.notices.join(" ")).toMatch(
      /MLPS compliance and DR coverage are the department's current figures from the catalog/,
    );
    // The whole estate's measurements under a department's name are refused.
    expect(() =>
      situationReport({
        estate,
        families: catalogFamilies(estate, TODAY, { department: DEPT }),
        lang: "en",
        at: END,
        measurements: whole,
        department: DEPT,
      }),
    ).toThrow(/the measurements are the whole estate's/);
  }, 120_000);
});

prom.describe("a department's usage report over a real Prometheus", () => {
  const MINE = "sports";
  const RANGE = 12 * 3600;
  let p: RunningPrometheus | undefined;
  let estate: Estate;
  let other = "";
  let hidden = "";
  /** "department/system" → constant CPU cores over the day backfilled. */
  const cores = new Map<string, number>();
  const PLATFORM = 0.7; // kube-system: no department's
  const total = () => [...cores.values()].reduce((a, b) => a + b, 0) + PLATFORM;
  const of = (dept: string) =>
    [...cores.entries()].filter(([k]) => k.startsWith(`${dept}/`)).reduce((a, [, v]) => a + v, 0);
  beforeAll(async () => {
    estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
    const onCloud = (dept: string) => departmentUsageFigures(estate, dept).systems;
    const depts = [...new Set(estate.requests.map((r) => r.doc.spec.department))].filter(
      (d) => d !== MINE && onCloud(d).length > 0,
    );
    [other, hidden] = [depts[0]!, depts[1]!];
    onCloud(MINE).forEach((k, i) => cores.set(k, 1.5 + i));
    cores.set(onCloud(other)[0]!, 3);
    cores.set(onCloud(hidden)[0]!, 2);
    const labels: string[] = [];
    const cpu: string[] = [];
    for (let t = END - 86_400; t <= END; t += 60) {
      const since = t - (END - 86_400);
      for (const [key, c] of cores) {
        const [dept, name] = key.split("/") as [string, string];
        const ns = `${dept}-${name}`;
        // The hidden department's namespaces carry no govcloud.io labels in kube-state-metrics.
        if (dept !== hidden)
          labels.push(
            `kube_namespace_labels{namespace="${ns}",label_govcloud_io_department="${dept}",label_govcloud_io_system="${name}"} 1 ${t}`,
          );
        cpu.push(`container_cpu_usage_seconds_total{namespace="${ns}",pod="p",container="app"} ${c * since} ${t}`);
      }
      cpu.push(
        `container_cpu_usage_seconds_total{namespace="kube-system",pod="dns",container="dns"} ${PLATFORM * since} ${t}`,
      );
    }
    p = await startPrometheus({
      backfill: [
        "# TYPE kube_namespace_labels gauge",
        ...labels,
        "# TYPE container_cpu_usage_seconds_total counter",
        ...cpu,
      ].join("\n"),
    });
  }, 180_000);
  afterAll(async () => {
    await p?.stop();
  });

  it("measures the department's own use and CPU trend, not the estate's; its figures are its own", async () => {
    const client = new PrometheusClient(p!.url);
    const parts = { kpis: false, usage: true } as const;
    const whole = await measure(client, END, RANGE, parts);
    const mine = await measure(client, END, RANGE, { ...parts, department: MINE });
    const want = departmentUsageFigures(estate, MINE);
    expect(mine.department).toBe(MINE);
    expect(mine.departmentNamespaces).toBe(want.systems.length);
    // The trend: the department's cores at every point; the estate's is every container's.
    expect(mine.cpuTrend.length).toBeGreaterThan(10);
    for (const [, v] of mine.cpuTrend) expect(v).toBeCloseTo(of(MINE), 6);
    expect(whole.cpuTrend.length).toBe(mine.cpuTrend.length);
    for (const [, v] of whole.cpuTrend) expect(v).toBeCloseTo(total(), 6);

    const families = catalogFamilies(estate, TODAY);
    const scoped = usageReport({ estate, families, lang: "en", at: END, measurements: mine, department: MINE });
    const province = usageReport({ estate, families, lang: "en", at: END, measurements: whole });
    const kpi = (r: Report, id: string) => r.kpis.find((k) => k.id === id)!;
    expect(kpi(scoped, "usedCpu").value).toBeCloseTo(of(MINE), 6);
    expect(kpi(scoped, "usedCpu").trend).toEqual(mine.cpuTrend);
    expect(kpi(scoped, "usedCpu").delta).toBeCloseTo(0, 6);
    expect(kpi(scoped, "requestedCpu").value).toBe(want.requestedCpu);
    expect(kpi(scoped, "quotaUtil").value).toBeCloseTo(of(MINE) / want.requestedCpu, 6);
    const chart = scoped.sections.flatMap((s) => s.charts).find((c) => c.id === "cpu-trend")!;
    for (const v of chart.series[0]!.values) expect(v).toBeCloseTo(of(MINE), 6);
    // The estate's report: its systems' use (every labelled system) and every container's trend.
    expect(kpi(province, "usedCpu").value).toBeCloseTo(of(MINE) + of(other), 6);
    expect(kpi(province, "usedCpu").trend.at(-1)![1]).toBeCloseTo(total(), 6);
    expect(kpi(scoped, "usedCpu").value).not.toBeCloseTo(kpi(province, "usedCpu").value!, 3);
    expect(scoped.notices.join(" ")).not.toMatch(/cannot be told apart/);

    // The estate's measurements under the department's name are refused.
    expect(() => usageReport({ estate, families, lang: "en", at: END, measurements: whole, department: MINE })).toThrow(
      /usageReport: department sports, but the measurements are the whole estate's/,
    );
  }, 120_000);

  it("a department whose namespaces Prometheus cannot tell apart: no data and a notice, not the estate's figures", async () => {
    const client = new PrometheusClient(p!.url);
    const m = await measure(client, END, RANGE, { kpis: false, usage: true, department: hidden });
    expect(m.departmentNamespaces).toBe(0);
    expect(m.cpuTrend).toEqual([]);
    for (const lang of ["en", "zh"] as const) {
      const r = usageReport({
        estate,
        families: catalogFamilies(estate, TODAY),
        lang,
        at: END,
        measurements: m,
        department: hidden,
      });
      const kpi = (id: string) => r.kpis.find((k) => k.id === id)!;
      expect(r.notices.join(" ")).toMatch(lang === "en" ? /its use cannot be told apart/ : /无法按部门区分实际使用/);
      expect(kpi("usedCpu").value).toBeUndefined();
      expect(kpi("usedCpu").trend).toEqual([]);
      expect(kpi("idle").value).toBeUndefined();
      expect(kpi("requestedCpu").value).toBe(departmentUsageFigures(estate, hidden).requestedCpu);
      expect(r.sections.flatMap((s) => s.charts).some((c) => c.id === "cpu-trend")).toBe(false);
    }
  }, 120_000);

  it("govcloud report usage --department --prometheus-url: the department's measured use and trend, in every language", () => {
    const run = (lang: string, format: string) => {
      const r = govcloud([
        "report",
        "usage",
        "--department",
        MINE,
        "--prometheus-url",
        p!.url,
        "--at",
        String(END),
        "--range",
        "12h",
        "--format",
        format,
        "--lang",
        lang,
      ]);
      expect(r.status, r.stderr).toBe(0);
      return r.stdout;
    };
    const en = JSON.parse(run("en", "json")) as Report;
    expect(en.scope).toEqual({ department: MINE });
    const used = en.kpis.find((k) => k.id === "usedCpu")!;
    expect(used.value).toBeCloseTo(of(MINE), 6);
    expect(used.trend.length).toBeGreaterThan(10);
    for (const [, v] of used.trend) expect(v).toBeCloseTo(of(MINE), 6);
    expect(en.kpis.find((k) => k.id === "requestedCpu")!.value).toBe(departmentUsageFigures(estate, MINE).requestedCpu);
    const zh = JSON.parse(run("zh", "json")) as Report;
    expect(zh.title).toBe(`${estate.index.department.get(MINE)!.doc.spec.displayName}政务云资源使用情况报告`);
    expect(zh.kpis.find((k) => k.id === "usedCpu")!.trend).toEqual(used.trend);
    expect(run("zh", "markdown")).toContain("vCPU 容量（全省）");
  }, 120_000);
});
