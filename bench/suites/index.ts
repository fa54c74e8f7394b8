/** Every benchmark suite `npm run bench` runs, in the order results.md lists them. */
import type { BenchSuite } from "../types.js";
import plan from "./plan.js";
import validate from "./validate.js";

export const suites: readonly BenchSuite[] = [validate, plan];
