/**
 * Debian's Prometheus for tests: start `/usr/bin/prometheus` on 127.0.0.1 (a free port) with a given
 * configuration and rule files, optionally over a TSDB filled beforehand with `backfillOpenMetrics`;
 * wait until ready, query, poll, stop. `promtool` runs rule checks and unit tests.
 *
 * The launcher itself is ./prometheus-server.ts (no vitest there: bench/ uses it too).
 *
 * Suites that need it: `const prom = prometheusSupport(); prom.describe("…", () => { … })` skips when
 * the binaries are missing, unless REQUIRE_SYSTEM_DEPS=1, when the suite fails instead.
 */
import { existsSync } from "node:fs";
import { describe, it } from "vitest";
import { PROMETHEUS, PROMTOOL } from "./prometheus-server.js";

export * from "./prometheus-server.js";

const required = () => process.env.REQUIRE_SYSTEM_DEPS === "1";

/** Whether `bin` exists; with REQUIRE_SYSTEM_DEPS=1 a missing one is reported by the suite, not skipped. */
export function toolSupport(bins: readonly string[]): {
  readonly available: boolean;
  readonly describe: (name: string, fn: () => void) => void;
} {
  const missing = bins.filter((b) => !existsSync(b));
  if (missing.length === 0) return { available: true, describe: (name, fn) => describe(name, fn) };
  if (required()) {
    return {
      available: false,
      describe: (name) =>
        describe(name, () => {
          it(`needs ${missing.join(", ")}`, () => {
            throw new Error(`REQUIRE_SYSTEM_DEPS=1 but ${missing.join(", ")} is missing (apt-get install prometheus)`);
          });
        }),
    };
  }
  return { available: false, describe: (name, fn) => describe.skip(name, fn) };
}

/** Prometheus and promtool, as a suite needs them. */
export const prometheusSupport = () => toolSupport([PROMETHEUS, PROMTOOL]);
/** promtool alone (rule checks and unit tests). */
export const promtoolSupport = () => toolSupport([PROMTOOL]);
