/** The benchmark suites `npm run bench` runs, in order. */
import type { BenchSuite } from "../types.js";
import mlps from "./mlps.js";

export const suites: readonly BenchSuite[] = [mlps];
