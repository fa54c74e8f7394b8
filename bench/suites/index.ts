/** Every benchmark suite `npm run bench` runs, in the order results.md lists them. */
import type { BenchSuite } from "../types.js";
import validate from "./validate.js";
import plan from "./plan.js";
import ipam from "./ipam.js";
import dr from "./dr.js";
import policies from "./policies.js";
import mlps from "./mlps.js";
import operators from "./operators.js";
import exporter from "./exporter.js";
import catalog from "./catalog.js";
import reports from "./reports.js";

export const suites: readonly BenchSuite[] = [
  validate,
  plan,
  ipam,
  dr,
  policies,
  mlps,
  operators,
  catalog,
  exporter,
  reports,
];
