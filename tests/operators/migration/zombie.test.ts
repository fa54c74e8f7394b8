/**
 * The zombie hook's round of Prometheus queries: a successful round serves every system until the resync,
 * a failed one is not kept (the next reconcile asks again); and its declared facts: spec.zombie turned into the
 * judge's input by plan time's function, so the operator's verdict on a planned SystemMigration is plan time's.
 */
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadCatalog } from "../../../catalog/index.js";
import { PrometheusClient } from "../../../metrics/index.js";
import { zombieHook } from "../../../operators/migration/index.js";
import {
  judgeZombies,
  systemMigration,
  zombieQueries,
  zombieSystems,
  ZOMBIE_CRITERIA,
  type ZombieQueryResults,
} from "../../../stacks/migration/index.js";
import { ROOT } from "../../support/cli.js";

afterEach(() => vi.restoreAllMocks());

describe("zombieHook", () => {
  it("does not remember a round that failed with an error other than a Prometheus error", async () => {
    // Nothing listens on port 1: once the injected fault is spent, the queries fail as unreachable.
    const hook = zombieHook("http://127.0.0.1:1", { timeoutMs: 30_000 });
    const fault = new TypeError("injected fault: not a PrometheusError");
    vi.spyOn(PrometheusClient.prototype, "values").mockRejectedValueOnce(fault);
    const system = { name: "portal", department: "health", system: "portal", namespace: "health-portal", spec: {} };
    const now = Date.parse("2026-11-23T00:00:00Z");
    await expect(hook({ ...system, now })).rejects.toBe(fault);
    // A minute later, within the resync hour: asked again, not the remembered failure.
    const again = await hook({ ...system, now: now + 60_000 });
    expect(again).toMatchObject({ candidate: "unknown", met: [] });
    expect(again!.message).toMatch(
      /^zombie criteria not measured: Prometheus at http:\/\/127\.0\.0\.1:1 is not reachable/,
    );
  });
});

/** Query results the hook is served (every query of zombieQueries answered from this, by query id). */
function serve(results: ZombieQueryResults): void {
  const byQuery = new Map(
    Object.entries(zombieQueries()).map(([id, q]) => [q, results[id as keyof ZombieQueryResults]]),
  );
  vi.spyOn(PrometheusClient.prototype, "values").mockImplementation(async (query: string) => {
    const v = byQuery.get(query);
    if (!v) throw new Error(`unexpected query ${query}`);
    return [...v];
  });
}
const NONE: ZombieQueryResults = {
  cpuUsed: [],
  cpuRequested: [],
  cpuHours: [],
  lastRollout: [],
  generationChanges: [],
  generationSince: [],
  requests: [],
  requestHours: [],
};
const TODAY = "2026-11-23";
const NOW = Date.parse(`${TODAY}T09:00:00Z`);

describe("zombieHook: the declared facts of spec.zombie, judged as plan time judges them", () => {
  const system = { name: "hrss-subsidy", department: "hrss", system: "subsidy", namespace: "hrss-subsidy" };
  it("a declared last business activity older than disconnectedDays is disconnected, with its date; a recent one is not", async () => {
    serve(NONE);
    const hook = zombieHook("http://127.0.0.1:1");
    const stale = await hook({
      ...system,
      spec: { zombie: { lastBusinessActivity: "2025-11-22", replacedBy: "国家社会保险公共服务平台" } },
      now: NOW,
    });
    expect(stale).toMatchObject({ candidate: true, met: ["disconnected", "superseded"] });
    expect(stale!.message).toContain(
      "disconnected met [declared]: declared no longer linked to live business (last business activity 2025-11-22)",
    );
    // 366 days before is stale, 365 is not (more than ZOMBIE_STALE_DAYS).
    const edge = await hook({
      ...system,
      spec: { zombie: { lastBusinessActivity: "2025-11-23", replacedBy: "国家社会保险公共服务平台" } },
      now: NOW,
    });
    expect(edge).toMatchObject({ candidate: "unknown", met: ["superseded"] });
    expect(edge!.message).toContain("disconnected not-met [declared]: last business activity declared 2025-11-23");
    // The threshold is the hook's, as at plan time.
    const strict = zombieHook("http://127.0.0.1:1", { thresholds: { disconnectedDays: 30 } });
    const recent = await strict({ ...system, spec: { zombie: { lastBusinessActivity: "2026-10-01" } }, now: NOW });
    expect(recent!.met).toEqual(["disconnected"]);
    // Nothing declared: not met, as an undeclared fact is at plan time.
    const none = await hook({ ...system, spec: {}, now: NOW });
    expect(none!.message).toContain("disconnected not-met [declared]: not declared disconnected");
  });

  it("every system of the embedded estate: the operator's verdict on its planned SystemMigration is plan time's", async () => {
    const estate = (await loadCatalog(join(ROOT, "catalog"), { today: TODAY })).estate!;
    const planned = estate.requests
      .filter((r) => r.doc.spec.migration && r.doc.spec.migration.phase !== "retired")
      .map((r) => systemMigration(estate, r)!);
    expect(planned.length).toBeGreaterThan(10);
    const ns = (o: (typeof planned)[number]) => (o.spec as { namespace: string }).namespace;
    // Measured data for some namespaces (idle, not idle, no rollout for long), none for the rest.
    const names = planned.map(ns);
    const at = NOW / 1000;
    const results: ZombieQueryResults = {
      ...NONE,
      cpuUsed: names.map((n, i) => ({ labels: { namespace: n }, value: i % 3 === 0 ? 0.01 : 0.5 })),
      cpuRequested: names.map((n) => ({ labels: { namespace: n }, value: 1 })),
      cpuHours: names.map((n, i) => ({ labels: { namespace: n }, value: i % 4 === 0 ? 24 : 90 * 24 })),
      lastRollout: names.map((n, i) => ({ labels: { namespace: n }, value: at - (i % 2 ? 400 : 20) * 86_400 })),
    };
    serve(results);
    const hook = zombieHook("http://127.0.0.1:1");
    const plan = new Map(judgeZombies(results, zombieSystems(estate, TODAY), at).map((v) => [v.system, v]));
    let dated = 0;
    let candidates = 0;
    for (const o of planned) {
      const spec = JSON.parse(JSON.stringify(o.spec)) as Record<string, unknown> & {
        department: string;
        system: string;
        namespace: string;
        zombie?: { disconnected?: boolean; lastBusinessActivity?: string };
      };
      const got = await hook({
        name: o.metadata.name,
        department: spec.department,
        system: spec.system,
        namespace: spec.namespace,
        spec,
        now: NOW,
      });
      const want = plan.get(`${spec.department}/${spec.system}`)!;
      expect(want, spec.namespace).toBeDefined();
      expect({ system: spec.namespace, candidate: got!.candidate, met: got!.met }).toEqual({
        system: spec.namespace,
        candidate: want.candidate,
        met: want.met,
      });
      for (const c of ZOMBIE_CRITERIA)
        expect(got!.message).toContain(
          `${c} ${want.criteria[c].state} [${want.criteria[c].source}]: ${want.criteria[c].reason}`,
        );
      if (want.criteria.disconnected.state === "met" && spec.zombie?.disconnected !== true) dated++;
      if (want.candidate === true) candidates++;
    }
    // The case the reviewer found: disconnected only by the date (changzhi-hrss/training-subsidy, 2025-03-28).
    expect(dated).toBeGreaterThan(0);
    expect(candidates).toBeGreaterThan(0);
  });
});
