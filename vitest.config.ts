import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    // Generous: a loaded 2-core CI machine makes tests slow, never wrong; the waits inside tests
    // (tests/support/wait.ts, 60 s) fail first with their own message.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
    // Test files in parallel: one fewer than the CPUs (vitest's default), but never more than 2 — a container
    // may report the host's CPUs while it gets only 2, and the operator, Prometheus and Chromium suites are
    // timing-heavy. On CI's 2 cores this is 1: files run one after another, as measured (~490 s).
    maxWorkers: Math.max(1, Math.min(2, availableParallelism() - 1)),
  },
});
