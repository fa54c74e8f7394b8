/** Every benchmark suite `npm run bench` runs, in order. */
import type { BenchSuite } from "../types.js";
import plan from "./plan.js";

export const suites: readonly BenchSuite[] = [plan];
