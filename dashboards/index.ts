/**
 * The monitoring mixin: the estate exporter (exporter/), recording and alerting rules (rules/) and
 * Grafana dashboards (grafana/) over the metrics of metrics/.
 */
export { startExporter, type Exporter, type ExporterOptions } from "./exporter/server.js";
export { reloadEstate, type ReloadRequest, type ReloadResult } from "./exporter/reload.js";
export { checkEvaluation, estateFamilies, statusFamilies, expiryWindow, seriesCount, ESTATE_FAMILIES, type Family, type ExporterStatus } from "./exporter/state.js";
