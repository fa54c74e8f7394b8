/**
 * What a report measures in Prometheus: the queries (each names only series of metrics/, checked by
 * a test) and the I/O that runs them through the shared query client. The view-model functions get
 * the result as plain data.
 */
import { type PrometheusClient } from "../metrics/index.js";
import { allRecords } from "../dashboards/rules/index.js";
import { DEPARTMENT_KPI_RECORDS, KPI_RECORDS, PROVINCIAL_KPIS } from "./families.js";

export interface Measurements {
  readonly url: string;
  /** The department the KPIs are measured for (absent: the whole estate). */
  readonly department?: string;
  readonly start: number;
  readonly end: number;
  /** KPI id → value at `end` (undefined: no data). */
  readonly kpiNow: Readonly<Record<string, number | undefined>>;
  /** KPI id → points over the range. */
  readonly kpiTrend: Readonly<Record<string, readonly (readonly [number, number])[]>>;
  /** "department/system" → average over the range (cores, bytes); absent = no data. */
  readonly systemCpu: ReadonlyMap<string, number>;
  readonly systemMemory: ReadonlyMap<string, number>;
  readonly systemStorage: ReadonlyMap<string, number>;
  /**
   * CPU used over the range (cores): every container's; with a department, its systems' namespaces'
   * (those kube_namespace_labels gives its govcloud.io/department and /system labels).
   */
  readonly cpuTrend: readonly (readonly [number, number])[];
  /**
   * With a department and the usage part: how many of its systems' namespaces Prometheus knows
   * (kube_namespace_labels with its govcloud.io labels). 0: its use cannot be told apart, nothing of it is measured.
   */
  readonly departmentNamespaces?: number;
  /** Seconds spent waiting for Prometheus. */
  readonly seconds: number;
}

/** The expression of a KPI recording rule, evaluated as is (so raw or backfilled data need no rule evaluation). */
export function ruleExpr(record: string): string {
  const r = allRecords().find((x) => x.record === record);
  if (!r) throw new Error(`no recording rule ${record} in dashboards/rules`);
  return r.expr;
}

const NS_SYSTEM =
  'max by (namespace, label_govcloud_io_department, label_govcloud_io_system) (kube_namespace_labels{label_govcloud_io_system!=""})';

/**
 * Every query a report sends (for the metric-name test). `range` is the report's range, `step` the
 * subquery resolution of averages over it, `trendStep` the step of range queries. CPU is a counter: its
 * average over a window is `rate` over that whole window (exact at any scrape interval, counter resets
 * included), so a system's average is the rate over the range and a trend point the rate over its step.
 */
export function reportQueries(range = "30d", step = "1h", trendStep = "6h"): Record<string, string> {
  const q: Record<string, string> = {};
  for (const [id, rec] of Object.entries(KPI_RECORDS)) q[`kpi:${id}`] = ruleExpr(rec);
  for (const [id, rec] of Object.entries(DEPARTMENT_KPI_RECORDS)) q[`kpi-department:${id}`] = ruleExpr(rec);
  q.systemCpu = `sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[${range}]))`;
  q.systemMemory = `avg_over_time((sum by (namespace) (container_memory_working_set_bytes{container!=""}))[${range}:${step}])`;
  q.systemStorage = `avg_over_time((sum by (namespace) (kubelet_volume_stats_used_bytes))[${range}:${step}])`;
  q.namespaces = NS_SYSTEM;
  q.cpuTrend = `sum(rate(container_cpu_usage_seconds_total{container!=""}[${trendStep}]))`;
  // One series per department: the CPU of its systems' namespaces (cAdvisor's namespace label, the
  // department from the namespace's govcloud.io labels), the same namespaces as the per-system figures.
  q.departmentCpuTrend = `sum by (label_govcloud_io_department) (sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[${trendStep}])) * on (namespace) group_left (label_govcloud_io_department) ${NS_SYSTEM})`;
  return q;
}

const fmtDuration = (s: number) => (s % 86_400 === 0 ? `${s / 86_400}d` : s % 3600 === 0 ? `${s / 3600}h` : `${s}s`);

/**
 * What to measure: the KPIs (the situation report's values and trends) and the per-system use (the
 * usage report's). A report asks only for its own part; what is not asked for comes back empty.
 */
export interface MeasureParts {
  readonly kpis: boolean;
  readonly usage: boolean;
  /**
   * Measure the KPIs of this department: those with a per-department recording rule
   * (DEPARTMENT_KPI_RECORDS) from its series, those of the province by nature (PROVINCIAL_KPIS) as they
   * are; the others are not measured (their series have no department label) and come from the
   * department's catalog figures. With `usage`, the CPU trend is the department's (its systems'
   * namespaces), and departmentNamespaces says whether Prometheus can tell its namespaces apart at all.
   */
  readonly department?: string;
}

/** Runs the report's queries for the range ending at `end` (unix seconds): by default all of them. */
export async function measure(
  client: PrometheusClient,
  end: number,
  rangeSeconds: number,
  parts: MeasureParts = { kpis: true, usage: true },
): Promise<Measurements> {
  const t0 = performance.now();
  const start = end - rangeSeconds;
  const step = Math.max(60, Math.ceil(rangeSeconds / 120 / 60) * 60);
  const q = reportQueries(
    fmtDuration(rangeSeconds),
    fmtDuration(Math.max(300, Math.floor(rangeSeconds / 720 / 300) * 300 || 300)),
    fmtDuration(step),
  );
  const kpiNow: Record<string, number | undefined> = {};
  const kpiTrend: Record<string, (readonly [number, number])[]> = {};
  const dept = parts.department;
  const finite = (points: readonly (readonly [number, number])[]) =>
    points.filter((p) => Number.isFinite(p[1])).map((p) => [p[0], p[1]] as const);
  await Promise.all(
    (parts.kpis ? Object.keys(KPI_RECORDS) : []).map(async (id) => {
      if (dept !== undefined && id in DEPARTMENT_KPI_RECORDS) {
        // The per-department rule's expression, one series per department: this department's.
        const expr = q[`kpi-department:${id}`]!;
        const mine = (l: Readonly<Record<string, string>>) => l.department === dept;
        const [values, series] = await Promise.all([client.values(expr, end), client.series(expr, start, end, step)]);
        const now = values.find((v) => mine(v.labels));
        kpiNow[id] = now !== undefined && Number.isFinite(now.value) ? now.value : undefined;
        const s = series.find((x) => mine(x.labels));
        kpiTrend[id] = s ? finite(s.points) : [];
        return;
      }
      if (dept !== undefined && !PROVINCIAL_KPIS.has(id)) return;
      const expr = q[`kpi:${id}`]!;
      const [now, s] = await Promise.all([client.scalar(expr, end), client.series(expr, start, end, step)]);
      kpiNow[id] = now;
      kpiTrend[id] = s.length === 1 ? finite(s[0]!.points) : [];
    }),
  );
  const [cpu, mem, sto, ns, trend] = parts.usage
    ? await Promise.all([
        client.values(q.systemCpu!, end),
        client.values(q.systemMemory!, end),
        client.values(q.systemStorage!, end),
        client.values(q.namespaces!, end),
        dept === undefined
          ? client.series(q.cpuTrend!, start, end, step)
          : client
              .series(q.departmentCpuTrend!, start, end, step)
              .then((xs) => xs.filter((x) => x.labels.label_govcloud_io_department === dept)),
      ])
    : [[], [], [], [], []];
  const key = new Map(
    ns.map((n) => [
      n.labels.namespace ?? "",
      `${n.labels.label_govcloud_io_department}/${n.labels.label_govcloud_io_system}`,
    ]),
  );
  const bySystem = (vals: typeof cpu) => {
    const m = new Map<string, number>();
    for (const v of vals) {
      const k = key.get(v.labels.namespace ?? "");
      if (k && Number.isFinite(v.value)) m.set(k, (m.get(k) ?? 0) + v.value);
    }
    return m;
  };
  return {
    url: client.url,
    ...(dept !== undefined ? { department: dept } : {}),
    start,
    end,
    kpiNow,
    kpiTrend,
    systemCpu: bySystem(cpu),
    systemMemory: bySystem(mem),
    systemStorage: bySystem(sto),
    cpuTrend: trend[0]?.points ?? [],
    ...(dept !== undefined && parts.usage
      ? { departmentNamespaces: ns.filter((n) => n.labels.label_govcloud_io_department === dept).length }
      : {}),
    seconds: (performance.now() - t0) / 1000,
  };
}
