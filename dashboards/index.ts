/**
 * The monitoring mixin: the estate exporter (exporter/), recording and alerting rules (rules/) and
 * Grafana dashboards (grafana/) over the metrics of metrics/.
 */
export { startExporter, type Exporter, type ExporterOptions } from "./exporter/server.js";
export { reloadEstate, type ReloadRequest, type ReloadResult } from "./exporter/reload.js";
export { checkEvaluation, estateFamilies, statusFamilies, expiryWindow, seriesCount, ESTATE_FAMILIES, type Family, type ExporterStatus } from "./exporter/state.js";
export * from "./rules/index.js";
export * from "./grafana/index.js";
import { DASHBOARD_DIR, dashboardJson, dashboards } from "./grafana/index.js";
import { RULES_FILE, rulesYaml } from "./rules/index.js";

/** Every generated file of the mixin, by repository path. */
export function mixinFiles(): Record<string, string> {
  const files: Record<string, string> = { [RULES_FILE]: rulesYaml() };
  for (const d of dashboards()) files[`${DASHBOARD_DIR}/${d.uid}.json`] = dashboardJson(d);
  return files;
}
export { monitoringObjects, prometheusRuleObject, dashboardConfigMaps, GRAFANA_DASHBOARD_LABEL, type MonitoringOptions } from "./kube.js";
