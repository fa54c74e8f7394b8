/**
 * The monitoring mixin: the estate exporter (exporter/), recording and alerting rules (rules/) and
 * Grafana dashboards (grafana/) over the metrics of metrics/.
 */
export {
  startExporter,
  reloadEstate,
  checkEvaluation,
  estateFamilies,
  statusFamilies,
  expiryWindow,
  seriesCount,
  ESTATE_FAMILIES,
  type Exporter,
  type ExporterOptions,
  type ReloadRequest,
  type ReloadResult,
  type Family,
  type ExporterStatus,
} from "./exporter/index.js";
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
export {
  monitoringObjects,
  prometheusRuleObject,
  dashboardConfigMaps,
  GRAFANA_DASHBOARD_LABEL,
  type MonitoringOptions,
} from "./kube.js";
