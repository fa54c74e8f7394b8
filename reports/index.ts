/**
 * Reports (usage and situational awareness): pure view-model functions over the estate's families
 * and Prometheus measurements, and the renderers that share one view model (HTML, Markdown, JSON, CSV; PDF in bin/,
 * with the Chromium launch options of render/chromium.ts that the tests use too).
 */
export type * from "./model.js";
export { situationReport, drTable, kpis, KPI_SPECS, type ReportInput } from "./situation.js";
export { usageReport } from "./usage.js";
export {
  zombieView,
  declaredZombieRow,
  verdictText,
  type ZombieView,
  type ZombieRow,
  type ZombieCriterionLine,
} from "./zombies.js";
export { measure, reportQueries, ruleExpr, type Measurements, type MeasureParts } from "./measure.js";
export { kpiFigures, KPI_RECORDS, DEPARTMENT_KPI_RECORDS, PROVINCIAL_KPIS, type Families } from "./families.js";
export { renderHtml } from "./render/html.js";
export { renderMarkdown, markdownTable } from "./render/markdown.js";
export { renderJson, renderCsv } from "./render/json.js";
export { formatValue } from "./render/format.js";
export { catalogFamilies } from "./catalog.js";
export { CHROMIUM_ARGS, CHROMIUM_DEFAULT_PATH, chromiumPath, chromiumLaunchOptions } from "./render/chromium.js";
