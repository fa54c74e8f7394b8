/**
 * Open findings by age (govcloud_baseline_findings_by_age{severity, age}): bands from the PolicyReport
 * results' first-seen timestamps, kept across re-judging; computed at scrape, so a finding changes band
 * as time passes without a re-judge.
 */
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerMetrics, baseline } from "../../metrics/index.js";
import { FindingAges, findingAgeBand } from "../../operators/baseline/index.js";
import { resourceFor, type KObject, type Manager } from "../../operators/runtime/index.js";
import {
  applyPlanned,
  badPod,
  baselineManager,
  eventually,
  NS,
  report,
  startCluster,
  type TestCluster,
} from "./cluster.js";

const DAY = 86_400;

const series = (text: string) =>
  [...text.matchAll(/^govcloud_baseline_findings_by_age\{([^}]*)\} (\d+)$/gm)].map((m) => {
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1]!, x[2]!]));
    return { severity: labels.severity, age: labels.age, value: Number(m[2]) };
  });

describe("finding age bands", () => {
  it("bands at 7, 30 and 90 days", () => {
    expect(findingAgeBand(0)).toBe("<7d");
    expect(findingAgeBand(7 * DAY - 1)).toBe("<7d");
    expect(findingAgeBand(7 * DAY)).toBe("7-30d");
    expect(findingAgeBand(30 * DAY)).toBe("30-90d");
    expect(findingAgeBand(90 * DAY - 1)).toBe("30-90d");
    expect(findingAgeBand(90 * DAY)).toBe(">90d");
  });

  it("a finding moves band at scrape time as the clock passes, without a re-judge; passes and warnings do not count", async () => {
    const registry = new Registry();
    const m = registerMetrics(registry, baseline.metrics);
    const ages = new FindingAges(m.govcloud_baseline_findings_by_age);
    let now = 1_000 * DAY * 1000;
    const clock = { now: () => now };
    const t = (days: number) => ({ seconds: 1_000 * DAY - days * DAY, nanos: 0 });
    ages.record(
      {
        apiVersion: "wgpolicyk8s.io/v1alpha2",
        kind: "PolicyReport",
        metadata: { name: "govcloud-a", namespace: "a" },
        results: [
          { policy: "p", rule: "r1", result: "fail", severity: "high", timestamp: t(3) },
          { policy: "p", rule: "r2", result: "fail", severity: "high", timestamp: t(40) },
          { policy: "p", rule: "r3", result: "fail", severity: "critical", timestamp: t(100) },
          { policy: "p", rule: "r4", result: "warn", severity: "high", timestamp: t(100) },
          { policy: "p", rule: "r5", result: "pass", severity: "high", timestamp: t(100) },
        ],
      } as KObject,
      clock,
    );
    expect(series(await registry.metrics())).toEqual(
      expect.arrayContaining([
        { severity: "high", age: "<7d", value: 1 },
        { severity: "high", age: "30-90d", value: 1 },
        { severity: "critical", age: ">90d", value: 1 },
      ]),
    );
    expect(series(await registry.metrics())).toHaveLength(3);
    now += 5 * DAY * 1000; // the 3-day-old finding is 8 days old now
    const later = series(await registry.metrics());
    expect(later).toContainEqual({ severity: "high", age: "7-30d", value: 1 });
    expect(later.some((s) => s.age === "<7d")).toBe(false);
    ages.forget("a");
    expect(series(await registry.metrics())).toEqual([]);
  });
});

describe("baseline operator: findings by age", () => {
  let cluster: TestCluster;
  let manager: Manager;
  beforeAll(async () => {
    cluster = await startCluster();
    await applyPlanned(cluster);
    manager = baselineManager(cluster);
    await manager.start();
    await manager.waitForCacheSync();
  });
  afterAll(async () => {
    await manager?.stop();
    await cluster?.stop();
  });

  it("new findings are <7d; first-seen times kept in the live report make them older after a re-judge", async () => {
    await cluster.client.create(badPod("aged"));
    const fresh = await eventually(async () => {
      const s = series(await manager.registry.metrics());
      return s.length > 0 && s;
    }, "govcloud_baseline_findings_by_age");
    expect(fresh.every((s) => s.age === "<7d")).toBe(true);
    const total = fresh.reduce((a, s) => a + s.value, 0);
    // As after a restart with a report written 40 days ago: the live report's timestamps are what counts.
    const live = (await report(cluster))!;
    const old = Math.floor(Date.now() / 1000) - 40 * DAY;
    await cluster.client.replace({
      ...live,
      results: (live.results as Record<string, unknown>[]).map((r) => ({
        ...r,
        timestamp: { seconds: old, nanos: 0 },
      })),
    } as KObject);
    const aged = await eventually(async () => {
      const s = series(await manager.registry.metrics());
      return s.every((x) => x.age === "30-90d") && s.length > 0 && s;
    }, "the findings to be 30-90 days old");
    expect(aged.reduce((a, s) => a + s.value, 0)).toBe(total);
    await cluster.client.delete(resourceFor("Pod"), "aged", NS);
  }, 60_000);
});
