/** Every benchmark suite `npm run bench` runs, in the order results.md lists them. */
import type { BenchSuite } from "../types.js";
import ipam from "./ipam.js";
import validate from "./validate.js";
import plan from "./plan.js";

export const suites: readonly BenchSuite[] = [validate, plan, ipam];
