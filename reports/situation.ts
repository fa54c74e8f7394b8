/** The situational-awareness (态势感知) report's view model: a pure function of families and measurements. */
import type { Estate } from "../catalog/index.js";
import { EXCLUDED, kpiFigures, ON_CLOUD, ratio, sumBy, sumOf, type Families } from "./families.js";
import { t, type Key } from "./i18n.js";
import type { Measurements } from "./measure.js";
import type { ZombieEvaluation } from "../stacks/migration/index.js";
import { zombieView } from "./zombies.js";
import { checkMeasurementScope, departmentName, scopeHeading } from "./scope.js";
import type { Chart, Kpi, Lang, Report, Section, Table, Unit } from "./model.js";

export interface ReportInput {
  readonly estate: Estate;
  /** The families of the report's scope: catalogFamilies(estate, today, { department }) for a department's report. */
  readonly families: Families;
  readonly lang: Lang;
  /** Evaluation time, unix seconds. */
  readonly at: number;
  readonly measurements?: Measurements;
  /** The measured zombie evaluation (with --prometheus-url); without it zombies are judged from declared usage. */
  readonly zombies?: ZombieEvaluation;
  /** The previous report (its JSON), for --since. */
  readonly previous?: Report;
  readonly department?: string;
  readonly node?: string;
}

interface KpiSpec {
  readonly id: string;
  readonly label: Key;
  readonly unit: Unit;
  readonly target?: { op: ">=" | "<="; value: number };
  readonly source: readonly [string, string];
  /** A figure of the whole province by nature (the network): labelled so in a department's report. */
  readonly provincial?: true;
}

/** Each KPI with its source; a target only where the seed gives one. */
export const KPI_SPECS: readonly KpiSpec[] = [
  {
    id: "migration",
    label: "migration",
    unit: "ratio",
    source: [
      "种子文件 002 §4(1)“持续推进全省各类非涉密政务信息系统迁移上云工作”；公式由本项目约定（原生+已迁移+已关停原系统 / 除不迁移、已清理外的全部系统，种子文件 001 二“应上尽上”）",
      "seed 002 §4(1) (持续推进全省各类非涉密政务信息系统迁移上云工作: every non-classified system onto the cloud); formula derived: (native + migrated + decommissioned) / all systems but exempt and retired (seed 001 二 “应上尽上”)",
    ],
  },
  {
    id: "autonomy",
    label: "autonomy",
    unit: "ratio",
    target: { op: ">=", value: 0.8 },
    source: ["种子文件 002 §2(2)：2025年底自主可控率 ≥ 80%", "seed 002 §2(2): autonomy rate ≥ 80% by end-2025"],
  },
  {
    id: "ipv6",
    label: "ipv6",
    unit: "ratio",
    provincial: true,
    source: ["domain.md §9（本项目约定：各级节点、双平面）", "domain.md §9 (convention: per level and plane)"],
  },
  {
    id: "backbone",
    label: "backbone",
    unit: "ratio",
    provincial: true,
    target: { op: ">=", value: 1 },
    source: [
      "种子文件 002：省、市骨干线路带宽达到万兆，市、县达到千兆",
      "seed 002: province-city backbone 10 Gbit/s, city-county 1 Gbit/s",
    ],
  },
  {
    id: "mlps",
    label: "mlps",
    unit: "ratio",
    target: { op: ">=", value: 1 },
    source: ["GB/T 22239-2019（等保 2.0），目标由此推导", "GB/T 22239-2019 (MLPS 2.0); target derived from it"],
  },
  {
    id: "dr",
    label: "dr",
    unit: "ratio",
    target: { op: ">=", value: 1 },
    source: [
      "种子文件 002“建立云容灾备份体系…‘双活’灾备”；目标由此推导",
      "seed 002 (cloud DR system, active-active for critical business); target derived",
    ],
  },
  { id: "findings", label: "findings", unit: "count", source: ["govcloud check 规则包", "govcloud check rule packs"] },
  {
    id: "exceptions",
    label: "exceptions",
    unit: "count",
    source: ["catalog/exceptions（14 天内到期或已过期）", "catalog/exceptions (expired or expiring within 14 days)"],
  },
  { id: "holds", label: "holds", unit: "count", source: ["资源目录预算状态", "catalog budget status"] },
];

const meets = (v: number | undefined, tg: { op: ">=" | "<="; value: number }): boolean | undefined =>
  v === undefined ? undefined : tg.op === ">=" ? v >= tg.value - 1e-12 : v <= tg.value + 1e-12;

/**
 * The KPI list (values measured when a Prometheus is given, else from the catalog). The families (and
 * measurements) are those of the report's scope; with a department, the KPIs that are the province's by
 * nature say so in their label.
 */
export function kpis(
  input: Pick<ReportInput, "families" | "lang" | "measurements" | "previous" | "department">,
): Kpi[] {
  const fig = kpiFigures(input.families);
  return KPI_SPECS.map((s) => {
    const m = input.measurements;
    const measured = m !== undefined && s.id in m.kpiNow;
    const value = measured ? m!.kpiNow[s.id] : fig[s.id];
    const trend = measured ? (m!.kpiTrend[s.id] ?? []) : [];
    const prev = input.previous?.kpis.find((k) => k.id === s.id)?.value;
    return {
      id: s.id,
      label: `${t(input.lang, s.label)}${input.department && s.provincial ? t(input.lang, "provinceWide") : ""}`,
      value,
      unit: s.unit,
      ...(s.target ? { target: { ...s.target, met: meets(value, s.target) } } : {}),
      source: s.source[input.lang === "zh" ? 0 : 1],
      trend,
      ...(trend.length > 1 ? { delta: trend[trend.length - 1]![1] - trend[0]![1] } : {}),
      ...(prev !== undefined && prev !== null ? { previous: prev } : {}),
    };
  });
}

const sorted = <T>(m: Map<string, T>) => [...m.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));

/**
 * A department's report needs the department's families (catalogFamilies(estate, today, { department })):
 * the headline figures are computed from them, and figures of another scope would be shown under the
 * department's name. Refused here, not rendered (the measurements: checkMeasurementScope).
 */
function checkScope(input: ReportInput): void {
  const d = input.department;
  if (d === undefined) return;
  for (const name of ["govcloud_estate_systems", "govcloud_estate_migration_systems"]) {
    const other = (input.families.get(name) ?? []).find((x) => x.labels.department !== d);
    if (other)
      throw new Error(
        `situationReport: department ${d}, but the families count department ${other.labels.department} too: give catalogFamilies(estate, today, { department: "${d}" })`,
      );
  }
}

export function situationReport(input: ReportInput): Report {
  checkScope(input);
  checkMeasurementScope("situationReport", input.department, input.measurements);
  const { lang, estate } = input;
  const f = input.families;
  const L = (k: Key) => t(lang, k);
  const deptName = (id: string) => departmentName(estate, lang, id);
  const where = (l: Readonly<Record<string, string>>) =>
    (!input.department || l.department === input.department) && (!input.node || l.cloud === input.node);
  const zombies = zombieView(input);
  const zombiesBefore = input.previous?.kpis.find((k) => k.id === "zombies")?.value;
  const list = [
    ...kpis(input),
    { ...zombies.kpi, ...(typeof zombiesBefore === "number" ? { previous: zombiesBefore } : {}) },
  ];

  // per department and per cloud node
  const sysByDept = sumBy(f, "govcloud_estate_systems", "department", where);
  const domByDept = sumBy(f, "govcloud_estate_systems", "department", (l) => where(l) && l.domestic === "true");
  const migByDept = sumBy(
    f,
    "govcloud_estate_migration_systems",
    "department",
    (l) => (!input.department || l.department === input.department) && !EXCLUDED.has(l.phase ?? ""),
  );
  const migDoneByDept = sumBy(
    f,
    "govcloud_estate_migration_systems",
    "department",
    (l) => (!input.department || l.department === input.department) && ON_CLOUD.has(l.phase ?? ""),
  );
  const holds = sumBy(f, "govcloud_estate_budget_hold_systems", "department");
  const deptTable: Table = {
    id: "departments",
    title: L("byDepartment"),
    columns: [
      { key: "department", label: L("department") },
      { key: "systems", label: L("systems"), unit: "count" },
      { key: "migration", label: L("migration"), unit: "ratio" },
      { key: "autonomy", label: L("autonomy"), unit: "ratio" },
      { key: "holds", label: L("holds"), unit: "count" },
    ],
    rows: sorted(sysByDept).map(([d, n]) => [
      deptName(d),
      n,
      ratio(migDoneByDept.get(d) ?? 0, migByDept.get(d) ?? 0) ?? null,
      ratio(domByDept.get(d) ?? 0, n) ?? null,
      holds.get(d) ?? 0,
    ]),
    empty: L("emptyEstate"),
  };
  const sysByCloud = sumBy(f, "govcloud_estate_systems", "cloud", where);
  const domByCloud = sumBy(f, "govcloud_estate_systems", "cloud", (l) => where(l) && l.domestic === "true");
  const reqCpu = sumBy(f, "govcloud_estate_requested_cpu_cores", "cloud");
  const capCpu = sumBy(f, "govcloud_estate_cloud_capacity_cpu_cores", "cloud");
  const cityTable = byCity(input, {
    sysByDept,
    domByDept,
    migByDept,
    migDoneByDept,
    holds,
    sysByCloud,
    reqCpuByCloud: reqCpu,
    capCpuByCloud: capCpu,
  });
  const cloudTable: Table = {
    id: "clouds",
    title: L("byCloudNode"),
    columns: [
      { key: "cloud", label: L("cloud") },
      { key: "systems", label: L("systems"), unit: "count" },
      { key: "autonomy", label: L("autonomy"), unit: "ratio" },
      {
        key: "requestedShare",
        label: input.department ? L("departmentRequestedShare") : L("requestedShare"),
        unit: "ratio",
      },
    ],
    rows: sorted(capCpu)
      .filter(([c]) => !input.node || c === input.node)
      // A department's report: the nodes it is on (systems or requests there), not every node of the province.
      .filter(([c]) => !input.department || (sysByCloud.get(c) ?? 0) > 0 || (reqCpu.get(c) ?? 0) > 0)
      .map(([c, cap]) => [
        c,
        sysByCloud.get(c) ?? 0,
        ratio(domByCloud.get(c) ?? 0, sysByCloud.get(c) ?? 0) ?? null,
        ratio(reqCpu.get(c) ?? 0, cap) ?? null,
      ]),
    empty: L("emptyEstate"),
  };

  // network
  const nodes = sumBy(f, "govcloud_estate_network_nodes", "level");
  const ipv6Rows = (f.get("govcloud_estate_network_nodes_ipv6") ?? []).map(
    (s) =>
      [
        s.labels.level ?? "",
        s.labels.plane ?? "",
        nodes.get(s.labels.level ?? "") ?? 0,
        ratio(s.value, nodes.get(s.labels.level ?? "") ?? 0) ?? null,
      ] as const,
  );
  const links = sumBy(f, "govcloud_estate_backbone_links", "link_tier");
  const below = sumBy(f, "govcloud_estate_backbone_links_below_target", "link_tier");
  const network: Section = {
    id: "network",
    heading: `${L("network")}${input.department ? L("provinceWide") : ""}`,
    notes: [],
    charts: [],
    tables: [
      {
        id: "ipv6",
        title: L("ipv6"),
        columns: [
          { key: "level", label: L("level") },
          { key: "plane", label: L("plane") },
          { key: "nodes", label: L("nodes"), unit: "count" },
          { key: "coverage", label: L("coverage"), unit: "ratio" },
        ],
        rows: ipv6Rows,
        empty: L("none"),
      },
      {
        id: "backbone",
        title: L("backbone"),
        columns: [
          { key: "tier", label: L("linkTier") },
          { key: "links", label: L("links"), unit: "count" },
          { key: "below", label: L("below"), unit: "count" },
        ],
        rows: sorted(links).map(([k, n]) => [k, n, below.get(k) ?? 0]),
        empty: L("none"),
      },
    ],
  };

  // security
  const sysByLevel = sumBy(f, "govcloud_estate_systems", "mlps_level");
  const nonc = sumBy(f, "govcloud_estate_mlps_noncompliant_systems", "mlps_level");
  const findings = (f.get("govcloud_estate_findings") ?? [])
    .filter((s) => s.value > 0)
    .map((s) => [s.labels.pack ?? "", s.labels.severity ?? "", s.value] as const);
  const security: Section = {
    id: "security",
    heading: L("security"),
    notes: [],
    charts: [],
    tables: [
      {
        id: "mlps",
        title: L("mlps"),
        columns: [
          { key: "level", label: L("mlpsLevel") },
          { key: "systems", label: L("systems"), unit: "count" },
          { key: "compliance", label: L("compliance"), unit: "ratio" },
        ],
        rows: sorted(sysByLevel).map(([lv, n]) => [lv, n, n > 0 ? 1 - (nonc.get(lv) ?? 0) / n : null]),
        empty: L("none"),
      },
      {
        id: "findings",
        title: L("findings"),
        columns: [
          { key: "pack", label: L("pack") },
          { key: "severity", label: L("severity") },
          { key: "count", label: L("count"), unit: "count" },
        ],
        rows: findings,
        empty: L("none"),
      },
    ],
  };

  // DR
  const req = sumBy(f, "govcloud_estate_dr_required_systems", "dr_level");
  const pairs = sumBy(f, "govcloud_estate_dr_pairs", "dr_level");
  const dr: Section = {
    id: "dr",
    heading: L("continuity"),
    notes: [],
    charts: [],
    tables: [drTable(lang, req, pairs)],
  };

  // governance
  const windows = (f.get("govcloud_estate_exceptions") ?? []).map((s) => [s.labels.window ?? "", s.value] as const);
  const governance: Section = {
    id: "governance",
    heading: L("governance"),
    notes: [],
    charts: [],
    tables: [
      {
        id: "exceptions",
        title: L("exceptions"),
        columns: [
          { key: "window", label: L("window") },
          { key: "count", label: L("count"), unit: "count" },
        ],
        rows: windows,
        empty: L("none"),
      },
      {
        id: "holds",
        title: L("holds"),
        columns: [
          { key: "department", label: L("department") },
          { key: "count", label: L("count"), unit: "count" },
        ],
        rows: sorted(holds)
          .filter(([d, n]) => n > 0 && (!input.department || d === input.department))
          .map(([d, n]) => [deptName(d), n]),
        empty: L("none"),
      },
    ],
  };

  const overview: Section = {
    id: "overview",
    heading: L("overview"),
    notes: [L("cityNote")],
    charts: [kpiChart(lang, list), ...trendCharts(lang, list)],
    tables: [cityTable, deptTable, cloudTable],
  };
  const sections = [overview, network, security, dr, governance, zombies.section];
  if (input.previous) {
    sections.push({
      id: "since",
      heading: L("since"),
      notes: [`${L("previous")}: ${input.previous.at}`],
      charts: [],
      tables: (["ratio", "count"] as const).map((unit) => ({
        id: `since-${unit}`,
        title: L("since"),
        columns: [
          { key: "kpi", label: L("kpi") },
          { key: "previous", label: L("previous"), unit },
          { key: "value", label: L("value"), unit },
          { key: "change", label: L("change"), unit },
        ],
        rows: list
          .filter((k) => k.unit === unit)
          .map((k) => [
            k.label,
            k.previous ?? null,
            k.value ?? null,
            k.previous !== undefined && k.value !== undefined ? k.value - k.previous : null,
          ]),
        empty: L("none"),
      })),
    });
  }
  const m = input.measurements;
  const dept = input.department;
  const notices = [
    ...(dept ? [L("departmentScopeNote")] : []),
    ...(input.node
      ? [L("nodeScopeNote").replace("{scope}", dept ? L("nodeScopeDepartment") : L("nodeScopeProvince"))]
      : []),
    ...(m ? (dept ? [L("departmentFromCatalog")] : []) : [L("notMeasured")]),
  ];
  return {
    kind: "situation",
    lang,
    ...scopeHeading(input, "situationTitle"),
    estate: estate.name,
    at: new Date(input.at * 1000).toISOString(),
    ...(m ? { rangeStart: new Date(m.start * 1000).toISOString() } : {}),
    measured: m !== undefined,
    notices,
    kpis: list,
    sections:
      sumOf(f, "govcloud_estate_systems") === 0
        ? [
            {
              id: "empty",
              heading: L("kpis"),
              notes: [dept ? L("emptyDepartment") : L("emptyEstate")],
              charts: [],
              tables: [],
            },
          ]
        : sections,
  };
}

type ByKey = ReadonlyMap<string, number>;

/**
 * The per-city (市) table: the 11 cities of the estate's divisions, each with its county count, its
 * municipal departments and their systems and KPIs, and the city's own cloud node; provincial
 * departments (省直) are one row of their own, with the provincial cloud.
 */
function byCity(
  input: ReportInput,
  m: {
    sysByDept: ByKey;
    domByDept: ByKey;
    migByDept: ByKey;
    migDoneByDept: ByKey;
    holds: ByKey;
    sysByCloud: ByKey;
    reqCpuByCloud: ByKey;
    capCpuByCloud: ByKey;
  },
): Table {
  const { estate, lang } = input;
  const L = (k: Key) => t(lang, k);
  const cloudOf = (tier: string, division: string) =>
    estate.clouds.find((c) => c.doc.spec.tier === tier && c.doc.spec.division === division)?.doc.metadata.name;
  const cityOfDept = (d: (typeof estate.departments)[number]) =>
    d.doc.spec.level === "municipal"
      ? (d.doc.spec.city ??
        estate.clouds.find((c) => c.doc.metadata.name === d.doc.spec.homeCloud && c.doc.spec.tier === "city")?.doc.spec
          .division ??
        "")
      : "";
  const depts = new Map<string, string[]>();
  for (const d of estate.departments) {
    if (input.department && d.doc.metadata.name !== input.department) continue;
    const c = cityOfDept(d);
    depts.set(c, [...(depts.get(c) ?? []), d.doc.metadata.name]);
  }
  const total = (ids: readonly string[], by: ByKey) => ids.reduce((a, id) => a + (by.get(id) ?? 0), 0);
  const row = (label: string, counties: number | string, ids: readonly string[], cloud: string | undefined) => {
    const systems = total(ids, m.sysByDept);
    return [
      label,
      counties,
      ids.length,
      systems,
      ratio(total(ids, m.migDoneByDept), total(ids, m.migByDept)) ?? null,
      ratio(total(ids, m.domByDept), systems) ?? null,
      total(ids, m.holds),
      cloud ? (m.sysByCloud.get(cloud) ?? 0) : null,
      cloud ? (ratio(m.reqCpuByCloud.get(cloud) ?? 0, m.capCpuByCloud.get(cloud) ?? 0) ?? null) : null,
    ] as const;
  };
  const cities = [...estate.divisions.doc.spec.cities].sort((a, b) => (a.code < b.code ? -1 : 1));
  const provincialCloud = estate.clouds.find((c) => c.doc.spec.tier === "provincial")?.doc.metadata.name;
  return {
    id: "cities",
    title: L("byCity"),
    columns: [
      { key: "city", label: L("city") },
      { key: "counties", label: L("counties"), unit: "count" },
      { key: "departments", label: L("departments"), unit: "count" },
      { key: "systems", label: L("systems"), unit: "count" },
      { key: "migration", label: L("migration"), unit: "ratio" },
      { key: "autonomy", label: L("autonomy"), unit: "ratio" },
      { key: "holds", label: L("holds"), unit: "count" },
      { key: "cloudSystems", label: L("cityCloudSystems"), unit: "count" },
      {
        key: "cloudRequestedShare",
        label: input.department ? L("departmentRequestedShare") : L("cityCloudShare"),
        unit: "ratio",
      },
    ],
    rows: [
      ...(depts.has("") ? [row(L("provincialDepts"), "—", depts.get("")!, provincialCloud)] : []),
      // A department's report: its own city only (the other cities' rows would be zeros, not its figures).
      ...cities
        .filter((c) => !input.department || depts.has(c.code))
        .map((c) => row(`${c.name} (${c.code})`, c.counties.length, depts.get(c.code) ?? [], cloudOf("city", c.code))),
    ],
    empty: L("emptyEstate"),
  };
}

/** DR coverage per level (a table of the model the PR comment shares: policies/formats/table.ts). */
export function drTable(lang: Lang, required: ReadonlyMap<string, number>, pairs: ReadonlyMap<string, number>): Table {
  const L = (k: Key) => t(lang, k);
  return {
    id: "dr",
    title: L("dr"),
    columns: [
      { key: "level", label: L("drLevel") },
      { key: "required", label: L("required"), unit: "count" },
      { key: "pairs", label: L("pairs"), unit: "count" },
      { key: "coverage", label: L("coverage"), unit: "ratio" },
    ],
    rows: [...required.entries()]
      .sort()
      .map(([lv, n]) => [lv, n, pairs.get(lv) ?? 0, ratio(pairs.get(lv) ?? 0, n) ?? null]),
    empty: L("none"),
  };
}

function kpiChart(lang: Lang, list: readonly Kpi[]): Chart {
  const ratios = list.filter((k) => k.unit === "ratio");
  const fmt = (v: number | undefined) => (v === undefined ? t(lang, "noData") : `${(v * 100).toFixed(1)}%`);
  return {
    id: "kpi-bars",
    title: t(lang, "kpis"),
    alt: ratios
      .map(
        (k) =>
          `${k.label} ${fmt(k.value)}${k.target ? ` (${t(lang, "target")} ${k.target.op} ${fmt(k.target.value)})` : ""}`,
      )
      .join("; "),
    kind: "bar",
    unit: "ratio",
    x: ratios.map((k) => k.label),
    series: [{ name: t(lang, "value"), values: ratios.map((k) => k.value ?? null) }],
  };
}

function trendCharts(lang: Lang, list: readonly Kpi[]): Chart[] {
  const withTrend = list.filter((k) => k.trend.length > 1);
  if (withTrend.length === 0) return [];
  const x = [...new Set(withTrend.flatMap((k) => k.trend.map((p) => p[0])))].sort((a, b) => a - b);
  return [
    {
      id: "kpi-trend",
      title: `${t(lang, "trend")}: ${t(lang, "kpis")}`,
      alt: withTrend
        .map(
          (k) =>
            `${k.label}: ${(k.trend[0]![1] * 100).toFixed(1)}% → ${(k.trend[k.trend.length - 1]![1] * 100).toFixed(1)}%`,
        )
        .join("; "),
      kind: "line",
      unit: "ratio",
      x,
      series: withTrend.map((k) => {
        const m = new Map(k.trend.map((p) => [p[0], p[1]]));
        return { name: k.label, values: x.map((tt) => m.get(tt) ?? null) };
      }),
    },
  ];
}
