/** The resource-usage report's view model: catalog capacity and quota, measured use, idle and zombie candidates. */
import { neverOnCloud, requestQuota } from "../catalog/index.js";
import { THRESHOLDS } from "../dashboards/rules/index.js";
import { ratio } from "./families.js";
import { t, type Key } from "./i18n.js";
import type { Chart, Kpi, Report, Table } from "./model.js";
import type { ReportInput } from "./situation.js";
import { zombieView } from "./zombies.js";

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

export function usageReport(input: ReportInput): Report {
  const { lang, estate } = input;
  const L = (k: Key) => t(lang, k);
  const m = input.measurements;
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
  const clouds = estate.clouds.filter((c) => !input.node || c.doc.metadata.name === input.node);
  const byCloud = new Map(group((s) => s.cloud));
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
  const deptName = (id: string) => {
    const d = estate.departments.find((x) => x.doc.metadata.name === id)?.doc.spec;
    return d ? (lang === "zh" ? d.displayName : (d.englishName ?? id)) : id;
  };
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

  const totalCap = clouds.reduce((a, c) => a + c.doc.spec.capacity.vcpu, 0);
  const totalReq = sum(systems, (s) => s.requestedCpu) ?? 0;
  const totalUsed = sum(systems, (s) => s.usedCpu);
  const kpis: Kpi[] = [
    { id: "capacityCpu", label: L("capacityCpu"), value: totalCap, unit: "cores", source: "catalog clouds", trend: [] },
    {
      id: "requestedCpu",
      label: L("requestedCpu"),
      value: totalReq,
      unit: "cores",
      source: "catalog requests",
      trend: [],
    },
    {
      id: "requestedShare",
      label: L("requestedShare"),
      value: ratio(totalReq, totalCap),
      unit: "ratio",
      target: {
        op: "<=",
        value: THRESHOLDS.capacityRequested,
        met:
          ratio(totalReq, totalCap) === undefined
            ? undefined
            : ratio(totalReq, totalCap)! <= THRESHOLDS.capacityRequested,
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
      source: m ? `Prometheus ${m.url} (cAdvisor)` : L("catalogOnly"),
      trend: m ? m.cpuTrend : [],
      ...(m && m.cpuTrend.length > 1 ? { delta: m.cpuTrend[m.cpuTrend.length - 1]![1] - m.cpuTrend[0]![1] } : {}),
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
      value: m ? idle.length : undefined,
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
          `${r[0]}: ${L("capacityCpu")} ${r[1]}, ${L("requestedCpu")} ${r[2]}, ${L("usedCpu")} ${r[4] === null ? L("noData") : (r[4] as number).toFixed(1)}`,
      )
      .join("; "),
    kind: "bar",
    unit: "cores",
    x: cloudRows.map((r) => r[0]),
    series: [
      { name: L("capacityCpu"), values: cloudRows.map((r) => r[1]) },
      { name: L("requestedCpu"), values: cloudRows.map((r) => r[2]) },
      ...(m ? [{ name: L("usedCpu"), values: cloudRows.map((r) => r[4]) }] : []),
    ],
  };
  const trend: Chart[] =
    m && m.cpuTrend.length > 1
      ? [
          {
            id: "cpu-trend",
            title: `${L("trend")}: ${L("usedCpu")}`,
            alt: `${L("usedCpu")}: ${m.cpuTrend[0]![1].toFixed(1)} → ${m.cpuTrend[m.cpuTrend.length - 1]![1].toFixed(1)}`,
            kind: "line",
            unit: "cores",
            x: m.cpuTrend.map((p) => p[0]),
            series: [{ name: L("usedCpu"), values: m.cpuTrend.map((p) => p[1]) }],
          },
        ]
      : [];
  const tables: Table[] = [
    {
      id: "clouds",
      title: L("byCloud"),
      columns: [
        { key: "cloud", label: L("cloud") },
        { key: "capacityCpu", label: L("capacityCpu"), unit: "cores" },
        { key: "requestedCpu", label: L("requestedCpu"), unit: "cores" },
        { key: "requestedShare", label: L("requestedShare"), unit: "ratio" },
        { key: "usedCpu", label: L("usedCpu"), unit: "cores" },
        { key: "capacityUtil", label: L("capacityUtil"), unit: "ratio" },
        { key: "capacityMemory", label: L("capacityMem"), unit: "bytes" },
        { key: "usedMemory", label: L("usedMem"), unit: "bytes" },
      ],
      rows: cloudRows,
      empty: L("emptyEstate"),
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
      empty: L("emptyEstate"),
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
    title: L("usageTitle"),
    subtitle: `${L("estate")}: ${estate.name}${input.department ? ` · ${deptName(input.department)}` : ""}${input.node ? ` · ${input.node}` : ""}`,
    estate: estate.name,
    at: new Date(input.at * 1000).toISOString(),
    ...(m ? { rangeStart: new Date(m.start * 1000).toISOString() } : {}),
    measured: m !== undefined,
    notices: [...(m ? [] : [L("notMeasured")]), ...(systems.length === 0 ? [L("emptyEstate")] : [])],
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
            empty: m ? L("none") : L("noData"),
          },
        ],
      },
      zombies.section,
      {
        id: "top",
        heading: L("top"),
        notes: [],
        charts: [],
        tables: [{ id: "top", title: L("top"), columns: sysCols, rows: top.map(sysRow), empty: L("emptyEstate") }],
      },
    ],
  };
}
