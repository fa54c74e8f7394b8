/**
 * The exporter's series budget on the 10x estate (`govcloud estate generate --scale 10` of the embedded
 * Shanxi catalog): at most 50,000 series in all, and every metric within its stated budget (or, without
 * one, within the product of its labels' bounds).
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { reloadEstate } from "../../dashboards/index.js";
import { LABELS, METRICS } from "../../metrics/index.js";
import { govcloud, ROOT, writeTree } from "../support/cli.js";
import { TODAY } from "../support/tiny-catalog.js";

export const SERIES_BUDGET_10X = 50_000;

const dir = writeTree({}, "govcloud-10x-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("exporter series budget at 10x", () => {
  it("stays within 50,000 series and every metric's budget", { timeout: 600_000 }, async () => {
    const out = join(dir, "catalog");
    const g = govcloud(["estate", "generate", "--catalog", join(ROOT, "catalog"), "--scale", "10", "--out", out]);
    expect(g.status, g.stderr).toBe(0);
    const r = await reloadEstate({ catalog: out, estate: "shanxi", today: TODAY });
    if (!r.ok) throw new Error(r.diagnostics.join("\n"));
    expect(r.systems).toBeGreaterThan(1000);
    expect(r.series).toBeLessThanOrEqual(SERIES_BUDGET_10X);
    const perMetric = new Map<string, number>();
    for (const line of r.text.split("\n")) {
      if (!line || line.startsWith("#")) continue;
      const name = line.slice(0, line.search(/[{ ]/));
      perMetric.set(name, (perMetric.get(name) ?? 0) + 1);
    }
    const over: string[] = [];
    for (const m of METRICS) {
      const n = perMetric.get(m.name) ?? 0;
      const budget = m.budget?.series ?? m.labels.reduce((p, l) => p * LABELS[l]!.max, 1);
      if (n > budget) over.push(`${m.name}: ${n} series > ${budget}`);
    }
    expect(over).toEqual([]);
    // the label bounds stated in metrics/labels.ts hold at 10x
    const values = new Map<string, Set<string>>();
    for (const line of r.text.split("\n")) {
      const m = /\{(.*)\}/.exec(line);
      if (!m || line.startsWith("#")) continue;
      for (const kv of m[1]!.matchAll(/([a-z_]+)="([^"]*)"/g)) {
        if (!values.has(kv[1]!)) values.set(kv[1]!, new Set());
        values.get(kv[1]!)!.add(kv[2]!);
      }
    }
    for (const [label, set] of values) expect(set.size, `label ${label}`).toBeLessThanOrEqual(LABELS[label]!.max);
  });
});
