/** The resource-usage report's view model: catalog capacity and quota, measured use, idle and zombie candidates. */
import { neverOnCloud, requestQuota } from "../catalog/index.js";
import { THRESHOLDS } from "../dashboards/rules/index.js";
import { ratio } from "./families.js";
import { t, type Key } from "./i18n.js";
import type { Chart, Kpi, Report, Table } from "./model.js";
import type { ReportInput } from "./situation.js";
import { zombieView } from "./zombies.js";
import { checkMeasurementScope, departmentName, scopeHeading } from "./scope.js";

const GIB = 1024 ** 3;

export interface SystemUsage {
  readonly key: string;
  readonly department: string;
  readonly cloud: string;
  readonly requestedCpu: number;
  readonly requestedMemory: number;
  readonly requestedStorage: number;
  readonly usedCpu: number | undefined;
  readonly usedMemory: number | undefined;
  readonly usedStorage: number | undefined;
}

/**
 * The usage report of the whole estate, or of one department (`department`): then every figure is the
 * department's — its systems' quota, their measured use and its trend (measure(..., { department })), the
 * nodes it is on with its share of their capacity — or labelled as the province's or the whole node's.
 */
export function usageReport(input: ReportInput): Report {
  checkMeasurementScope("usageReport", input.department, input.measurements);
  const { lang, estate } = input;
  const L = (k: Key) => t(lang, k);
  const m = input.measurements;
  const dept = input.department;
  // Prometheus cannot tell the department's namespaces apart: nothing of its use is measured (no data,
  // never the province's figures in its place).
  const unattributed = dept !== undefined && m !== undefined && m.departmentNamespaces === 0;
  const measured = m !== undefined && !unattributed;
  // Exempt and retired systems reserve nothing on the cloud (as validate's capacity figures, catalog cloudUsage).
  const systems: SystemUsage[] = estate.requests
    .filter(
      (r) =>
        !neverOnCloud(r.doc.spec) &&
        (!input.department || r.doc.spec.department === input.department) &&
        (!input.node || r.doc.spec.cloud === input.node),
    )
    .map((r) => {
      const q = requestQuota(r.doc, estate.index.offering);
      const key = `${r.doc.spec.department}/${r.doc.metadata.name}`;
      return {
        key,
        department: r.doc.spec.department,
        cloud: r.doc.spec.cloud,
        requestedCpu: q.vcpu,
        requestedMemory: q.memoryGiB * GIB,
        requestedStorage: q.storageGiB * GIB,
        usedCpu: m?.systemCpu.get(key),
        usedMemory: m?.systemMemory.get(key),
        usedStorage: m?.systemStorage.get(key),
      };
    })
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  const sum = (xs: readonly SystemUsage[], f: (s: SystemUsage) => number | undefined): number | undefined => {
    const v = xs.map(f).filter((x): x is number => x !== undefined);
    return v.length ? v.reduce((a, b) => a + b, 0) : undefined;
  };
  const group = (f: (s: SystemUsage) => string) => {
    const g = new Map<string, SystemUsage[]>();
    for (const s of systems) g.set(f(s), [...(g.get(f(s)) ?? []), s]);
    return [...g.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  };
  const byCloud = new Map(group((s) => s.cloud));
  // The province's capacity (or the chosen node's), whoever the report is for.
  const capacityClouds = estate.clouds.filter((c) => !input.node || c.doc.metadata.name === input.node);
  // A department's report lists the nodes it is on, not every node of the province.
  const clouds = capacityClouds.filter((c) => !dept || byCloud.has(c.doc.metadata.name));
  // Capacity is never the department's: say whose it is.
  const capWhose = dept ? L("wholeNode") : "";
  const cloudRows = clouds.map((c) => {
    const xs = byCloud.get(c.doc.metadata.name) ?? [];
    const cap = c.doc.spec.capacity.vcpu;
    const req = sum(xs, (s) => s.requestedCpu) ?? 0;
    const used = sum(xs, (s) => s.usedCpu);
    return [
      c.doc.metadata.name,
      cap,
      req,
      ratio(req, cap) ?? null,
      used ?? null,
      used === undefined ? null : (ratio(used, cap) ?? null),
      c.doc.spec.capacity.memoryGiB * GIB,
      sum(xs, (s) => s.usedMemory) ?? null,
    ] as const;
  });
  const deptName = (id: string) => departmentName(estate, lang, id);
  const deptRows = group((s) => s.department).map(([d, xs]) => {
    const req = sum(xs, (s) => s.requestedCpu) ?? 0;
    const used = sum(xs, (s) => s.usedCpu);
    return [
      deptName(d),
      xs.length,
      req,
      used ?? null,
      used === undefined ? null : (ratio(used, req) ?? null),
      sum(xs, (s) => s.requestedMemory) ?? 0,
      sum(xs, (s) => s.usedMemory) ?? null,
      sum(xs, (s) => s.requestedStorage) ?? 0,
      sum(xs, (s) => s.usedStorage) ?? null,
    ] as const;
  });
  const idle = systems.filter(
    (s) =>
      s.usedCpu !== undefined &&
      s.requestedCpu >= THRESHOLDS.quotaIdleMinCores &&
      s.usedCpu < THRESHOLDS.quotaIdle * s.requestedCpu,
  );
  const zombies = zombieView(input);
  const top = [...systems]
    .sort((a, b) => (b.usedCpu ?? -1) - (a.usedCpu ?? -1) || b.requestedCpu - a.requestedCpu)
    .slice(0, 10);

  const totalCap = capacityClouds.reduce((a, c) => a + c.doc.spec.capacity.vcpu, 0);
  const totalReq = sum(systems, (s) => s.requestedCpu) ?? 0;
  const totalUsed = sum(systems, (s) => s.usedCpu);
  // The measured CPU trend: the department's own (measure(..., { department })) in its report.
  const cpuTrend = measured ? m.cpuTrend : [];
  const share = ratio(totalReq, totalCap);
  const kpis: Kpi[] = [
    {
      id: "capacityCpu",
      label: `${L("capacityCpu")}${dept ? (input.node ? L("wholeNode") : L("provinceWide")) : ""}`,
      value: totalCap,
      unit: "cores",
      source: "catalog clouds",
      trend: [],
    },
    {
      id: "requestedCpu",
      label: L("requestedCpu"),
      value: totalReq,
      unit: "cores",
      source: "catalog requests",
      trend: [],
    },
    dept
      ? {
          // The department's share of the capacity: no target (the alert's threshold is on a node's total).
          id: "requestedShare",
          label: input.node ? L("departmentRequestedShare") : L("departmentShareOfProvince"),
          value: share,
          unit: "ratio",
          source: lang === "zh" ? "资源目录：本部门申请 / 容量" : "catalog: the department's requests / capacity",
          trend: [],
        }
      : {
          id: "requestedShare",
          label: L("requestedShare"),
          value: share,
          unit: "ratio",
          target: {
            op: "<=",
            value: THRESHOLDS.capacityRequested,
            met: share === undefined ? undefined : share <= THRESHOLDS.capacityRequested,
          },
          source:
            lang === "zh"
              ? "告警 GovcloudCloudCapacityHigh 阈值（由本项目推导）"
              : "GovcloudCloudCapacityHigh alert threshold (derived)",
          trend: [],
        },
    {
      id: "usedCpu",
      label: L("usedCpu"),
      value: totalUsed,
      unit: "cores",
      source: m
        ? `Prometheus ${m.url} (cAdvisor${dept ? (lang === "zh" ? "，按命名空间的部门标签" : ", by the namespaces' department label") : ""})`
        : L("catalogOnly"),
      trend: cpuTrend,
      ...(cpuTrend.length > 1 ? { delta: cpuTrend[cpuTrend.length - 1]![1] - cpuTrend[0]![1] } : {}),
    },
    {
      id: "quotaUtil",
      label: L("quotaUtil"),
      value: totalUsed === undefined ? undefined : ratio(totalUsed, totalReq),
      unit: "ratio",
      source:
        lang === "zh"
          ? "种子文件 002 §4(1)“提升云资源的利用率和使用效率”"
          : "seed 002 §4(1) (提升云资源的利用率和使用效率: raise the utilisation of cloud resources)",
      trend: [],
    },
    {
      id: "idle",
      label: L("idle"),
      value: measured ? idle.length : undefined,
      unit: "count",
      source: L("idleRule"),
      trend: [],
    },
    zombies.kpi,
  ];
  const cpuChart: Chart = {
    id: "cloud-cpu",
    title: `${L("byCloud")}: vCPU`,
    alt: cloudRows
      .map(
        (r) =>
          `${r[0]}: ${L("capacityCpu")}${capWhose} ${r[1]}, ${L("requestedCpu")} ${r[2]}, ${L("usedCpu")} ${r[4] === null ? L("noData") : (r[4] as number).toFixed(1)}`,
      )
      .join("; "),
    kind: "bar",
    unit: "cores",
    x: cloudRows.map((r) => r[0]),
    series: [
      { name: `${L("capacityCpu")}${capWhose}`, values: cloudRows.map((r) => r[1]) },
      { name: L("requestedCpu"), values: cloudRows.map((r) => r[2]) },
      ...(m ? [{ name: L("usedCpu"), values: cloudRows.map((r) => r[4]) }] : []),
    ],
  };
  const trend: Chart[] =
    cpuTrend.length > 1
      ? [
          {
            id: "cpu-trend",
            title: `${L("trend")}: ${L("usedCpu")}`,
            alt: `${L("usedCpu")}: ${cpuTrend[0]![1].toFixed(1)} → ${cpuTrend[cpuTrend.length - 1]![1].toFixed(1)}`,
            kind: "line",
            unit: "cores",
            x: cpuTrend.map((p) => p[0]),
            series: [{ name: L("usedCpu"), values: cpuTrend.map((p) => p[1]) }],
          },
        ]
      : [];
  const empty = dept ? L("emptyDepartment") : L("emptyEstate");
  const tables: Table[] = [
    {
      id: "clouds",
      title: L("byCloud"),
      columns: [
        { key: "cloud", label: L("cloud") },
        { key: "capacityCpu", label: `${L("capacityCpu")}${capWhose}`, unit: "cores" },
        { key: "requestedCpu", label: L("requestedCpu"), unit: "cores" },
        {
          key: "requestedShare",
          label: dept ? L("departmentRequestedShare") : L("requestedShare"),
          unit: "ratio",
        },
        { key: "usedCpu", label: L("usedCpu"), unit: "cores" },
        { key: "capacityUtil", label: dept ? L("departmentCapacityUtil") : L("capacityUtil"), unit: "ratio" },
        { key: "capacityMemory", label: `${L("capacityMem")}${capWhose}`, unit: "bytes" },
        { key: "usedMemory", label: L("usedMem"), unit: "bytes" },
      ],
      rows: cloudRows,
      empty,
    },
    {
      id: "departments",
      title: L("byDepartment"),
      columns: [
        { key: "department", label: L("department") },
        { key: "systems", label: L("systems"), unit: "count" },
        { key: "requestedCpu", label: L("requestedCpu"), unit: "cores" },
        { key: "usedCpu", label: L("usedCpu"), unit: "cores" },
        { key: "quotaUtil", label: L("quotaUtil"), unit: "ratio" },
        { key: "requestedMemory", label: L("requestedMem"), unit: "bytes" },
        { key: "usedMemory", label: L("usedMem"), unit: "bytes" },
        { key: "requestedStorage", label: L("requestedStorage"), unit: "bytes" },
        { key: "usedStorage", label: L("usedStorage"), unit: "bytes" },
      ],
      rows: deptRows,
      empty,
    },
  ];
  const sysCols = [
    { key: "system", label: L("system") },
    { key: "cloud", label: L("cloud") },
    { key: "requestedCpu", label: L("requestedCpu"), unit: "cores" as const },
    { key: "usedCpu", label: L("usedCpu"), unit: "cores" as const },
    { key: "quotaUtil", label: L("quotaUtil"), unit: "ratio" as const },
  ];
  const sysRow = (s: SystemUsage) =>
    [
      s.key,
      s.cloud,
      s.requestedCpu,
      s.usedCpu ?? null,
      s.usedCpu === undefined ? null : (ratio(s.usedCpu, s.requestedCpu) ?? null),
    ] as const;
  return {
    kind: "usage",
    lang,
    ...scopeHeading(input, "usageTitle"),
    estate: estate.name,
    at: new Date(input.at * 1000).toISOString(),
    ...(m ? { rangeStart: new Date(m.start * 1000).toISOString() } : {}),
    measured: m !== undefined,
    notices: [
      ...(dept ? [L("usageScopeNote")] : []),
      ...(m ? [] : [L("notMeasured")]),
      ...(unattributed ? [L("departmentUseNotMeasured")] : []),
      ...(systems.length === 0 ? [empty] : []),
    ],
    kpis,
    sections: [
      { id: "capacity", heading: L("byCloud"), notes: [], charts: [cpuChart, ...trend], tables },
      {
        id: "idle",
        heading: L("idle"),
        notes: [L("idleRule")],
        charts: [],
        tables: [
          {
            id: "idle",
            title: L("idle"),
            columns: [...sysCols, { key: "release", label: L("release"), unit: "cores" }],
            rows: idle.map((s) => [
              ...sysRow(s),
              Math.floor(s.requestedCpu - Math.max(1, Math.ceil((s.usedCpu ?? 0) * 2))),
            ]),
            empty: measured ? L("none") : L("noData"),
          },
        ],
      },
      zombies.section,
      {
        id: "top",
        heading: L("top"),
        notes: [],
        charts: [],
        tables: [{ id: "top", title: L("top"), columns: sysCols, rows: top.map(sysRow), empty }],
      },
    ],
  };
}
