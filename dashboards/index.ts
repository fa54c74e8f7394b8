/**
 * The monitoring mixin: the estate exporter (exporter/), recording and alerting rules (rules/) and
 * Grafana dashboards (grafana/) over the metrics of metrics/.
 */
export { startExporter, type Exporter, type ExporterOptions } from "./exporter/server.js";
export { reloadEstate, type ReloadRequest, type ReloadResult } from "./exporter/reload.js";
export { checkEvaluation, estateFamilies, statusFamilies, expiryWindow, seriesCount, ESTATE_FAMILIES, type Family, type ExporterStatus } from "./exporter/state.js";
export * from "./rules/index.js";
import { RULES_FILE, rulesYaml } from "./rules/index.js";

/** Every generated file of the mixin, by repository path. */
export function mixinFiles(): Record<string, string> {
  return { [RULES_FILE]: rulesYaml() };
}
