/** The estate's families as the exporter computes them (reused, not recomputed). */
import type { Estate } from "../catalog/index.js";
// Through the exporter's own index: dashboards/index.ts would load the Grafana SDK (~230 modules) too.
import { checkEvaluation, estateFamilies } from "../dashboards/exporter/index.js";
import type { Families } from "./families.js";

export function catalogFamilies(estate: Estate, today: string): Families {
  return new Map(estateFamilies(estate, checkEvaluation(estate, today), today).map((f) => [f.def.name, f.samples]));
}
