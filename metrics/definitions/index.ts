/**
 * Every definitions file, collected in one list. To add metrics of your own: write
 * `metrics/definitions/<area>.ts` with `defineMetrics(area, emittedBy, [...] as const)`, import it
 * here and append it to DEFINITION_FILES; tests/metrics checks names, units, labels and budgets.
 */
import { baseline } from "./baseline.js";
import { serviceCatalog } from "./catalog.js";
import { estate } from "./estate.js";
import { migration } from "./migration.js";
import { operators } from "./operators.js";

export { defineMetrics, LATENCY_BUCKETS, PROVISION_BUCKETS } from "./define.js";
export { baseline, serviceCatalog, estate, migration, operators };

export const DEFINITION_FILES = [operators, baseline, serviceCatalog, migration, estate] as const;
