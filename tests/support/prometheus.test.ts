import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { backfillOpenMetrics, prometheusSupport, startPrometheus, type RunningPrometheus } from "./prometheus.js";

const prom = prometheusSupport();
const dirs: string[] = [];
const running: RunningPrometheus[] = [];
afterAll(async () => {
  for (const p of running) await p.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

prom.describe("tests/support/prometheus", () => {
  it("backfills months of OpenMetrics samples and serves them after start (retention raised)", async () => {
    const data = mkdtempSync(join(tmpdir(), "govcloud-tsdb-"));
    dirs.push(data);
    const start = Math.floor(Date.UTC(2026, 0, 1) / 1000);
    const lines = ["# HELP govcloud_estate_catalog_valid x", "# TYPE govcloud_estate_catalog_valid gauge"];
    for (let d = 0; d < 120; d++) lines.push(`govcloud_estate_catalog_valid ${d % 2} ${start + d * 86_400}`);
    backfillOpenMetrics(lines.join("\n"), data);
    const p = await startPrometheus({ dataDir: data });
    running.push(p);
    const at = start + 100 * 86_400 + 60;
    const r = await p.query("govcloud_estate_catalog_valid", at);
    expect(r).toHaveLength(1);
    expect(r[0]!.value[1]).toBe("0");
    const count = await p.query("count_over_time(govcloud_estate_catalog_valid[200d])", start + 119 * 86_400);
    expect(count[0]!.value[1]).toBe("120");
  });

  it("refuses millisecond timestamps instead of writing data in the year 50000", () => {
    expect(() => backfillOpenMetrics("up 1 1700000000000\n", "/nonexistent")).toThrow(/milliseconds/);
  });

  it("reports a configuration Prometheus refuses, with its log", async () => {
    await expect(startPrometheus({ config: "global: [not a map\n", readyTimeoutMs: 10_000 })).rejects.toThrow(
      /did not become ready/,
    );
  });
});
