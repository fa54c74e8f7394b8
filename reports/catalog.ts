/** The estate's families as the exporter computes them (reused, not recomputed). */
import type { Estate } from "../catalog/index.js";
// Through the exporter's own index: dashboards/index.ts would load the Grafana SDK (~230 modules) too.
import { checkEvaluation, estateFamilies, type FamilyScope } from "../dashboards/exporter/index.js";
import type { Families } from "./families.js";

/**
 * The families of the whole estate, or of one department (`{ department }`: its systems, findings, DR
 * placements and exceptions; cloud nodes' capacity and the network stay whole) for a report scoped to it.
 */
export function catalogFamilies(estate: Estate, today: string, scope: FamilyScope = {}): Families {
  return new Map(
    estateFamilies(estate, checkEvaluation(estate, today), today, scope).map((f) => [f.def.name, f.samples]),
  );
}
