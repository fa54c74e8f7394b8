/** The estate's families as the exporter computes them (reused, not recomputed). */
import type { Estate } from "../catalog/index.js";
import { checkEvaluation, estateFamilies } from "../dashboards/index.js";
import type { Families } from "./families.js";

export function catalogFamilies(estate: Estate, today: string): Families {
  return new Map(estateFamilies(estate, checkEvaluation(estate, today), today).map((f) => [f.def.name, f.samples]));
}
