/**
 * Zombie systems measured (seed 003 二(一)): the pure judge over plain query results, and the whole
 * evaluation against a real Prometheus over 120 days of backfilled kube-state-metrics, cAdvisor and
 * ingress-nginx series — an idle system without rollout is a candidate with both criteria and their
 * numbers, a busy one is not, a system without data is unknown, Prometheus down is an error state.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrometheusClient, type LabelledValue } from "../../../metrics/index.js";
import { loadCatalog } from "../../../catalog/index.js";
import {
  DEFAULT_ZOMBIE_THRESHOLDS,
  evaluateZombies,
  judgeZombies,
  zombieQueries,
  zombieSystems,
  type ZombieQueryResults,
  type ZombieSystem,
} from "../../../stacks/migration/index.js";
import { allRecords } from "../../../dashboards/index.js";
import { ROOT } from "../../support/cli.js";
import { queryProblems } from "../../support/queries.js";
import { freePort, prometheusSupport, startPrometheus, type RunningPrometheus } from "../../support/prometheus.js";

const DAY = 86_400;
const AT = Date.parse("2026-11-23T00:00:00Z") / 1000;

const v = (namespace: string, value: number): LabelledValue => ({ labels: { namespace }, value });
const empty: ZombieQueryResults = {
  cpuUsed: [],
  cpuRequested: [],
  cpuHours: [],
  lastRollout: [],
  generationChanges: [],
  generationSince: [],
  requests: [],
  requestHours: [],
};
const sys = (name: string, declared: ZombieSystem["declared"] = {}): ZombieSystem => ({
  system: `d/${name}`,
  namespaces: [`d-${name}`],
  declared,
});

describe("zombie queries", () => {
  it("name only series of metrics/ with the labels they carry", () => {
    const recorded = new Set(allRecords().map((r) => r.record));
    const problems = Object.entries(zombieQueries()).flatMap(([id, q]) =>
      queryProblems(`zombie query ${id}`, q, recorded),
    );
    expect(problems).toEqual([]);
  });
  it("follow the thresholds' windows", () => {
    const q = zombieQueries({ windowDays: 30, rolloutDays: 180 });
    expect(q.cpuUsed).toContain("[30d:1h]");
    expect(q.requests).toContain("[30d]");
    expect(q.generationChanges).toContain("[180d]");
  });
});

describe("judgeZombies (pure)", () => {
  const full = 90 * 24;
  it("two measured criteria make a candidate, with the numbers", () => {
    const [x] = judgeZombies(
      {
        ...empty,
        cpuUsed: [v("d-a", 0.02)],
        cpuRequested: [v("d-a", 2)],
        cpuHours: [v("d-a", full)],
        lastRollout: [v("d-a", AT - 500 * DAY)],
      },
      [sys("a")],
      AT,
    );
    expect(x!.candidate).toBe(true);
    expect(x!.met).toEqual(["idle", "unmaintained"]);
    expect(x!.unknown).toEqual(["unused"]);
    expect(x!.criteria.idle.figures).toMatchObject({
      usedCores: 0.02,
      requestedCores: 2,
      ratio: 0.01,
      daysObserved: 90,
    });
    expect(x!.criteria.unmaintained.figures).toMatchObject({ daysSinceRollout: 500, lastRollout: "2025-07-11" });
  });
  it("thresholds are boundaries: at the idle ratio is not idle, one day more than the rollout window is", () => {
    const t = DEFAULT_ZOMBIE_THRESHOLDS;
    const [x] = judgeZombies(
      {
        ...empty,
        cpuUsed: [v("d-a", t.idleRatio * 4)],
        cpuRequested: [v("d-a", 4)],
        cpuHours: [v("d-a", full)],
        lastRollout: [v("d-a", AT - t.rolloutDays * DAY)],
      },
      [sys("a")],
      AT,
    );
    expect(x!.criteria.idle.state).toBe("not-met");
    expect(x!.criteria.unmaintained.state).toBe("not-met");
    const [y] = judgeZombies({ ...empty, lastRollout: [v("d-a", AT - (t.rolloutDays + 1) * DAY)] }, [sys("a")], AT);
    expect(y!.criteria.unmaintained.state).toBe("met");
  });
  it("absent data is unknown, never idle; too short a history is unknown; NaN is no data", () => {
    const [none, short, nan] = judgeZombies(
      {
        ...empty,
        cpuUsed: [v("d-short", 0), v("d-nan", Number.NaN)],
        cpuRequested: [v("d-short", 4), v("d-nan", 4)],
        cpuHours: [v("d-short", 10 * 24), v("d-nan", full)],
      },
      [sys("none"), sys("short"), sys("nan")],
      AT,
    );
    expect(none!.unknown).toEqual(["idle", "unmaintained", "unused"]);
    expect(none!.candidate).toBe("unknown");
    expect(short!.criteria.idle).toMatchObject({ state: "unknown", figures: { daysObserved: 10 } });
    expect(nan!.criteria.idle.state).toBe("unknown");
  });
  it("declared facts count; undeclared ones are not met; a candidate needs minCriteria", () => {
    const [x, y] = judgeZombies(
      { ...empty, requests: [v("d-a", 90)], requestHours: [v("d-a", full)] },
      [sys("a", { replacedBy: "e/new", disconnected: true, disconnectedSince: "2024-01-02" }), sys("b")],
      AT,
    );
    expect(x!.met).toEqual(["disconnected", "superseded", "unused"]);
    expect(x!.criteria.superseded).toMatchObject({ source: "declared", figures: { replacedBy: "e/new" } });
    expect(x!.criteria.unused.figures).toMatchObject({ requestsPerDay: 1 });
    expect(y!.criteria.disconnected.state).toBe("not-met");
    // three unknowns and nothing met: can still reach two
    expect(y!.candidate).toBe("unknown");
    const [z] = judgeZombies(
      { ...empty, requests: [v("d-a", 90)], requestHours: [v("d-a", full)] },
      [sys("a", { replacedBy: "e/new" })],
      AT,
      { minCriteria: 3 },
    );
    expect(z!.met).toEqual(["superseded", "unused"]);
    expect(z!.candidate).toBe("unknown");
  });
  it("falls back to the Deployments' generation history without ReplicaSets", () => {
    const [still, changed, young] = judgeZombies(
      {
        ...empty,
        generationChanges: [v("d-still", 0), v("d-changed", 2), v("d-young", 0)],
        generationSince: [v("d-still", AT - 365 * DAY), v("d-changed", AT - 365 * DAY), v("d-young", AT - 30 * DAY)],
      },
      [sys("still"), sys("changed"), sys("young")],
      AT,
    );
    expect(still!.criteria.unmaintained.state).toBe("met");
    expect(changed!.criteria.unmaintained.state).toBe("not-met");
    expect(young!.criteria.unmaintained.state).toBe("unknown");
  });
  it("the catalog's declared facts: supersededBy/replacedBy, disconnectedFromBusiness or an old last business activity; retired systems left out", async () => {
    const estate = (await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" })).estate!;
    const systems = zombieSystems(estate, "2026-11-23");
    const live = estate.requests.filter((r) => r.doc.spec.migration?.phase !== "retired");
    expect(systems.length).toBe(live.length);
    expect(live.length).toBeLessThan(estate.requests.length);
    let replaced = 0;
    let disconnected = 0;
    for (const r of live) {
      const u = r.doc.spec.usage;
      const s = systems.find((x) => x.system === `${r.doc.spec.department}/${r.doc.metadata.name}`)!;
      expect(s.namespaces).toEqual([`${r.doc.spec.department}-${r.doc.metadata.name}`]);
      expect(s.declared?.replacedBy).toBe(u?.supersededBy ?? u?.replacedBy);
      if (s.declared?.replacedBy) replaced++;
      const stale = u?.lastBusinessActivity !== undefined && String(u.lastBusinessActivity) < "2025-11-23";
      expect(s.declared?.disconnected === true).toBe(stale || u?.disconnectedFromBusiness === true);
      if (s.declared?.disconnected) disconnected++;
    }
    expect(replaced).toBeGreaterThan(0);
    expect(disconnected).toBeGreaterThan(0);
  });
});

const prom = prometheusSupport();

prom.describe("evaluateZombies against a real Prometheus", () => {
  let p: RunningPrometheus | undefined;
  const systems: ZombieSystem[] = [sys("idle"), sys("busy"), sys("nodata"), sys("young")];
  beforeAll(async () => {
    const fam: Record<string, string[]> = {
      kube_pod_container_resource_requests: [],
      container_cpu_usage_seconds_total: [],
      kube_replicaset_created: [],
      nginx_ingress_controller_requests: [],
    };
    const series = (ns: string, days: number, o: { req: number; cores: number; created: number; perDay?: number }) => {
      for (let t = AT - days * DAY; t <= AT; t += 600) {
        const since = t - (AT - days * DAY);
        fam.kube_pod_container_resource_requests!.push(
          `kube_pod_container_resource_requests{namespace="${ns}",pod="p",container="app",node="n1",resource="cpu",unit="core"} ${o.req} ${t}`,
        );
        fam.container_cpu_usage_seconds_total!.push(
          `container_cpu_usage_seconds_total{namespace="${ns}",pod="p",container="app",node="n1"} ${o.cores * since} ${t}`,
        );
        fam.kube_replicaset_created!.push(
          `kube_replicaset_created{namespace="${ns}",replicaset="app-1"} ${o.created} ${t}`,
        );
        if (o.perDay !== undefined)
          fam.nginx_ingress_controller_requests!.push(
            `nginx_ingress_controller_requests{namespace="${ns}",ingress="app",host="app.example",status="200"} ${Math.floor((o.perDay * since) / DAY)} ${t}`,
          );
      }
    };
    // idle for 120 days: 0.04 of 4 cores (1%), last rollout 400 days ago, no ingress
    series("d-idle", 120, { req: 4, cores: 0.04, created: AT - 400 * DAY });
    // busy: 1.5 of 2 cores, rolled out 10 days ago, 5,000 requests a day
    series("d-busy", 120, { req: 2, cores: 1.5, created: AT - 10 * DAY, perDay: 5000 });
    // only 20 days old: idle and quiet, but too young to say
    series("d-young", 20, { req: 4, cores: 0.01, created: AT - 20 * DAY, perDay: 1 });
    const text = Object.entries(fam)
      .flatMap(([name, lines]) => [`# TYPE ${name} gauge`, ...lines])
      .join("\n");
    p = await startPrometheus({ backfill: text });
  }, 300_000);
  afterAll(async () => {
    await p?.stop();
  });

  it("idle 120 days without rollout: a candidate with both criteria and their numbers; busy: not; no data: unknown", async () => {
    const ev = await evaluateZombies(new PrometheusClient(p!.url), systems, AT);
    expect(ev.state).toBe("ok");
    if (ev.state !== "ok") return;
    const by = new Map(ev.systems.map((s) => [s.system, s]));
    const idle = by.get("d/idle")!;
    expect(idle.candidate).toBe(true);
    expect(idle.met).toEqual(["idle", "unmaintained"]);
    expect(idle.criteria.idle.figures.usedCores).toBeCloseTo(0.04, 3);
    expect(idle.criteria.idle.figures.requestedCores).toBe(4);
    expect(idle.criteria.idle.figures.ratio).toBeCloseTo(0.01, 3);
    expect(idle.criteria.idle.figures.daysObserved).toBeGreaterThanOrEqual(89);
    expect(idle.criteria.unmaintained.figures).toMatchObject({ daysSinceRollout: 400, via: "kube_replicaset_created" });
    expect(idle.criteria.unused.state).toBe("unknown");

    const busy = by.get("d/busy")!;
    expect(busy.candidate).toBe(false);
    expect(busy.met).toEqual([]);
    expect(busy.criteria.idle.figures.ratio).toBeCloseTo(0.75, 2);
    expect(busy.criteria.unmaintained.figures.daysSinceRollout).toBe(10);
    expect(busy.criteria.unused.figures.requestsPerDay as number).toBeGreaterThan(4900);
    expect(busy.criteria.unused.figures.requestsPerDay as number).toBeLessThan(5100);

    const nodata = by.get("d/nodata")!;
    expect(nodata.candidate).toBe("unknown");
    expect(nodata.unknown).toEqual(["idle", "unmaintained", "unused"]);

    const young = by.get("d/young")!;
    expect(young.criteria.idle.state).toBe("unknown");
    expect(young.criteria.unused.state).toBe("unknown");
    expect(young.criteria.unmaintained.state).toBe("not-met");
    expect(young.candidate).toBe("unknown");
  }, 120_000);

  it("Prometheus down: an error state saying so, no verdict at all", async () => {
    const port = await freePort();
    const ev = await evaluateZombies(new PrometheusClient(`http://127.0.0.1:${port}`), systems, AT);
    expect(ev.state).toBe("error");
    if (ev.state !== "error") return;
    expect(ev.error.kind).toBe("unreachable");
    expect(ev.error.message).toContain("not reachable");
    expect("systems" in ev).toBe(false);
  });

  it("a timeout is an error state too", async () => {
    const ev = await evaluateZombies(new PrometheusClient(p!.url, { timeoutMs: 1 }), systems, AT);
    expect(ev.state).toBe("error");
    if (ev.state === "error") expect(ev.error.kind).toBe("timeout");
  });
});
