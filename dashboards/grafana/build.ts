/**
 * A small layer over @grafana/grafana-foundation-sdk: panels declared as plain specs (title, kind,
 * size, queries with their legends), laid out left to right in rows of 24 columns with explicit ids,
 * refIds and grid positions; every panel reads the `datasource` variable (no hard-coded uid).
 */
import * as common from "@grafana/grafana-foundation-sdk/common";
import {
  DashboardBuilder,
  DatasourceVariableBuilder,
  QueryVariableBuilder,
  RowBuilder,
  ThresholdsConfigBuilder,
  ThresholdsMode,
  VariableRefresh,
  VariableSort,
  type Dashboard,
} from "@grafana/grafana-foundation-sdk/dashboard";
import { PanelBuilder as BarGaugePanel } from "@grafana/grafana-foundation-sdk/bargauge";
import { DataqueryBuilder } from "@grafana/grafana-foundation-sdk/prometheus";
import { PanelBuilder as StatPanel } from "@grafana/grafana-foundation-sdk/stat";
import { PanelBuilder as TablePanel } from "@grafana/grafana-foundation-sdk/table";
import { PanelBuilder as TimeseriesPanel } from "@grafana/grafana-foundation-sdk/timeseries";

export const DATASOURCE = { type: "prometheus", uid: "${datasource}" } as const;

export interface Query {
  readonly expr: string;
  /** Legend, e.g. "{{cloud}}"; required so that every series is named. */
  readonly legend: string;
  /** Instant query (tables, bar gauges, stats of the latest value). */
  readonly instant?: boolean;
}

export interface PanelSpec {
  readonly kind: "stat" | "timeseries" | "table" | "bargauge";
  readonly title: string;
  readonly description?: string;
  readonly unit?: string;
  readonly w: number;
  readonly h: number;
  readonly queries: readonly Query[];
  /** Thresholds: [value, color] from the lowest; the first value is ignored (base). */
  readonly thresholds?: readonly (readonly [number | null, string])[];
  readonly min?: number;
  readonly max?: number;
}

export interface RowSpec {
  readonly row: string;
  readonly panels: readonly PanelSpec[];
}

export interface VariableSpec {
  readonly name: string;
  readonly label: string;
  /** label_values(metric, label) */
  readonly query: string;
  readonly multi?: boolean;
}

export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly variables?: readonly VariableSpec[];
  readonly rows: readonly RowSpec[];
}

const thresholds = (steps: readonly (readonly [number | null, string])[]) =>
  new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps(steps.map(([value, color], i) => ({ value: i === 0 ? null : value, color })));

const legend = () => new common.VizLegendOptionsBuilder().displayMode(common.LegendDisplayMode.Table).placement(common.LegendPlacement.Bottom).showLegend(true).calcs(["lastNotNull", "max"]);

function panel(spec: PanelSpec, id: number, gridPos: { x: number; y: number; w: number; h: number }) {
  const targets = spec.queries.map((q, i) => {
    const t = new DataqueryBuilder().expr(q.expr).legendFormat(q.legend).refId(String.fromCharCode(65 + i)).datasource(DATASOURCE);
    return q.instant ? t.instant() : t.range();
  });
  const common_ = <B extends { id(n: number): B; title(t: string): B; datasource(d: common.DataSourceRef): B; gridPos(g: typeof gridPos): B; withTarget(t: DataqueryBuilder): B; unit(u: string): B; description(d: string): B; thresholds(t: ThresholdsConfigBuilder): B; min(n: number): B; max(n: number): B }>(b: B): B => {
    let x = b.id(id).title(spec.title).datasource(DATASOURCE).gridPos(gridPos);
    for (const t of targets) x = x.withTarget(t);
    if (spec.unit) x = x.unit(spec.unit);
    if (spec.description) x = x.description(spec.description);
    if (spec.thresholds) x = x.thresholds(thresholds(spec.thresholds));
    if (spec.min !== undefined) x = x.min(spec.min);
    if (spec.max !== undefined) x = x.max(spec.max);
    return x;
  };
  switch (spec.kind) {
    case "stat":
      return common_(new StatPanel()).colorMode(common.BigValueColorMode.Value).graphMode(common.BigValueGraphMode.Area);
    case "timeseries":
      return common_(new TimeseriesPanel()).legend(legend()).fillOpacity(10);
    case "table":
      return common_(new TablePanel());
    case "bargauge":
      return common_(new BarGaugePanel()).orientation(common.VizOrientation.Horizontal).displayMode(common.BarGaugeDisplayMode.Gradient);
  }
}

/** Builds the dashboard: a row header per RowSpec, its panels wrapped at 24 columns. */
export function buildDashboard(spec: DashboardSpec): Dashboard {
  const b = new DashboardBuilder(spec.title)
    .uid(spec.uid)
    .description(spec.description)
    .tags([...spec.tags])
    .editable()
    .refresh("1m")
    .time({ from: "now-6h", to: "now" })
    .timezone("browser")
    .withVariable(new DatasourceVariableBuilder("datasource").label("Data source").type("prometheus"));
  for (const v of spec.variables ?? []) {
    b.withVariable(
      new QueryVariableBuilder(v.name)
        .label(v.label)
        .datasource(DATASOURCE)
        .query({ query: v.query, refId: "PrometheusVariableQueryEditor-VariableQuery", qryType: 1 })
        .definition(v.query)
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc)
        .multi(v.multi ?? false)
        .includeAll(v.multi ?? false),
    );
  }
  let id = 1;
  let y = 0;
  for (const row of spec.rows) {
    b.withRow(new RowBuilder(row.row).id(id++).gridPos({ x: 0, y, w: 24, h: 1 }));
    y += 1;
    let x = 0;
    let rowHeight = 0;
    for (const p of row.panels) {
      if (x + p.w > 24) {
        y += rowHeight;
        x = 0;
        rowHeight = 0;
      }
      b.withPanel(panel(p, id++, { x, y, w: p.w, h: p.h }));
      x += p.w;
      rowHeight = Math.max(rowHeight, p.h);
    }
    y += rowHeight;
  }
  return b.build();
}

/** Every PromQL expression of a dashboard (panels and query variables), for the checks. */
export function dashboardQueries(d: Dashboard): { readonly where: string; readonly expr: string }[] {
  const out: { where: string; expr: string }[] = [];
  for (const p of d.panels ?? []) {
    const targets = (p as { targets?: { expr?: string; refId?: string }[] }).targets ?? [];
    for (const t of targets) if (t.expr) out.push({ where: `${d.uid} panel ${p.id} "${p.title}" ${t.refId}`, expr: t.expr });
  }
  for (const v of d.templating?.list ?? []) {
    const q = (v as { query?: unknown }).query;
    const text = typeof q === "string" ? q : typeof q === "object" && q !== null ? (q as { query?: string }).query : undefined;
    if (v.type === "query" && text) {
      const m = /^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$/.exec(text.trim());
      out.push({ where: `${d.uid} variable ${v.name}`, expr: m ? m[1]! : text });
    }
  }
  return out;
}
