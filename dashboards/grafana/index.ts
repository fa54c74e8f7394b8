/** The mixin's Grafana dashboards, built with @grafana/grafana-foundation-sdk. */
import type { Dashboard } from "@grafana/grafana-foundation-sdk/dashboard";
import { buildDashboard } from "./build.js";
import { DASHBOARDS } from "./dashboards.js";

export { buildDashboard, dashboardQueries, DATASOURCE, type DashboardSpec, type PanelSpec, type Query } from "./build.js";
export { DASHBOARDS } from "./dashboards.js";

export const DASHBOARD_DIR = "dashboards/grafana/json";

export const dashboards = (): Dashboard[] => DASHBOARDS.map(buildDashboard);

/** A dashboard's JSON as committed and as put in its ConfigMap: 2-space indented, final newline. */
export const dashboardJson = (d: Dashboard): string => `${JSON.stringify(d, null, 2)}\n`;
