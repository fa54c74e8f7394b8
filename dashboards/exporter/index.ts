/**
 * The estate exporter (dashboards/exporter/): its figures (state.ts, pure), the reload a worker runs
 * (reload.ts) and the HTTP edge (server.ts). Reached here rather than through dashboards/index.ts by
 * those who need only the figures (reports/): dashboards/index.ts also loads the Grafana SDK and the
 * rules' YAML renderer.
 */
export { startExporter, type Exporter, type ExporterOptions } from "./server.js";
export { reloadEstate, type ReloadRequest, type ReloadResult } from "./reload.js";
export {
  checkEvaluation,
  estateFamilies,
  statusFamilies,
  expiryWindow,
  seriesCount,
  ESTATE_FAMILIES,
  type Family,
  type FamilyScope,
  type ExporterStatus,
} from "./state.js";
