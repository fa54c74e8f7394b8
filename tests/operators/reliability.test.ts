/**
 * Reliability of the baseline operator on the runtime: convergence under injected faults, leader
 * failover without lost or doubled work, and bad inputs. Needs the test server's fault injection and
 * write counts, so it runs only on it (not against KUBECONFIG's cluster).
 */
import { afterEach, describe, expect, it } from "vitest";
import { ApiError, resourceFor, type KObject, type Manager } from "../../operators/runtime/index.js";
import { startKubeApi } from "../support/kube-api/index.js";
import {
  applyPlanned,
  badPod,
  baselineManager,
  eventually,
  goodPod,
  NS,
  REAL_CLUSTER,
  report,
  settled,
  startCluster,
  type TestCluster,
} from "./cluster.js";

const POD = resourceFor("Pod");
const NP = resourceFor("NetworkPolicy");
const OTHER_NS = "datong-approval-shared";

/** What a report says, without the first-seen timestamps. */
function content(r: KObject | undefined): string {
  if (!r) return "none";
  const results = ((r.results as Record<string, unknown>[]) ?? [])
    .map(({ timestamp: _, ...rest }) => JSON.stringify(rest))
    .sort();
  return JSON.stringify({ summary: r.summary, results });
}

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});

async function cluster(): Promise<TestCluster> {
  const c = await startCluster();
  cleanup.push(() => c.stop());
  await applyPlanned(c);
  return c;
}

function manager(c: TestCluster, options: Parameters<typeof baselineManager>[1] = {}): Manager {
  const m = baselineManager(c, options);
  cleanup.push(() => m.stop());
  return m;
}

/** Retries a write of the test itself through injected 409/503s; AlreadyExists or NotFound after a retry means it landed. */
async function retried(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await write();
      return;
    } catch (e) {
      const err = e as ApiError;
      if (attempt > 0 && (err.reason === "AlreadyExists" || err.status === 404)) return;
      if (attempt > 50 || !(err instanceof ApiError) || ![409, 503].includes(err.status)) throw e;
    }
  }
}

/** The same changes on any cluster: bad Pods, a fixed one, a deleted NetworkPolicy. */
async function changes(c: TestCluster): Promise<void> {
  for (let i = 0; i < 6; i++) await retried(() => c.client.create(i % 2 ? badPod(`p${i}`) : goodPod(`p${i}`)));
  await retried(() => c.client.create(badPod("q1", OTHER_NS)));
  await retried(() => c.client.delete(POD, "p1", NS));
  const np = (await c.client.list(NP, { namespace: NS })).items[0]!;
  await retried(() => c.client.delete(NP, np.metadata.name, NS));
}

describe.skipIf(REAL_CLUSTER)("baseline reliability", () => {
  it("converges under faults (watches dropped every second, 410s, a stalled watch, 30% of writes answered 409 or 503) to the reports of a run without faults", async () => {
    const calm = await cluster();
    const rough = await cluster();
    const a = manager(calm);
    const b = manager(rough);
    await Promise.all([a.start(), b.start()]);
    await Promise.all([a.waitForCacheSync(), b.waitForCacheSync()]);
    const f = rough.api!.faults;
    // The caches are synced once listed; wait for their watches to be open, so the first drop hits them.
    await eventually(async () => rough.api!.store.openWatches() > 0, "the operator's watches to open");
    f.dropWatches({ everyMs: 1000 });
    f.failRate(0.3, [409, 503], { writesOnly: true });
    // And one write of the operator's own (only it writes PolicyReports) fails for sure, whatever the order
    // the random failures fall in: its reconcile errors are counted below.
    f.failNext(1, 503, { writesOnly: true, path: "/policyreports" });
    await Promise.all([changes(calm), changes(rough)]);
    await new Promise((r) => setTimeout(r, 500));
    // Expire while some watch is open (they are dropped every second and re-opened): it gets the in-stream 410.
    await eventually(() => rough.api!.store.openWatches() > 0, "a watch open to expire");
    f.expireResourceVersions();
    f.stallWatches();
    const want = async () => [content(await report(calm)), content(await report(calm, OTHER_NS))];
    let last = "";
    await eventually(async () => {
      const [w1, w2] = (await want()) as [string, string];
      const r1 = content(await report(rough));
      const r2 = content(await report(rough, OTHER_NS));
      const diff = (x: string, y: string) =>
        x === "none" || y === "none"
          ? `${x.slice(0, 80)} vs ${y.slice(0, 80)}`
          : JSON.stringify({
              summaries: [JSON.parse(x).summary, JSON.parse(y).summary],
              onlyCalm: (JSON.parse(x).results as string[]).filter(
                (r) => !(JSON.parse(y).results as string[]).includes(r),
              ),
              onlyRough: (JSON.parse(y).results as string[]).filter(
                (r) => !(JSON.parse(x).results as string[]).includes(r),
              ),
            });
      last = `${NS}: ${diff(w1!, r1)}\n${OTHER_NS}: ${diff(w2!, r2)}`;
      return (
        w1 !== "none" &&
        w1.includes("p3") &&
        !w1.includes("p1\\") &&
        w2.includes("q1") &&
        content(await report(rough)) === w1 &&
        content(await report(rough, OTHER_NS)) === w2
      );
    }, "the faulty cluster's reports to match the calm one's").catch((e) => {
      // Whose step is missing: the operator's cache against the store (a lost event), its queue, the faults.
      const store = rough.api!.store;
      const pods = [NS, OTHER_NS].flatMap((ns) =>
        (store.list("v1", "Pod", ns) as KObject[]).map(
          (p) =>
            `Pod ${ns}/${p.metadata.name}: stored rv ${p.metadata.resourceVersion}, cached rv ${b.cache.get("Pod", p.metadata.name, ns)?.metadata.resourceVersion}`,
        ),
      );
      const queues = b.controllerList.map(
        (c) => `${c.name}: ${c.queue.length} queued, ${c.queue.inFlight} in hand, ${c.queue.scheduled} timers`,
      );
      throw new Error(
        `${(e as Error).message}\n${last}\n${queues.join("\n")}\nfaults ${JSON.stringify(f.counters)}, open watches ${store.openWatches()}\n${pods.join("\n")}`,
      );
    });
    // The deleted NetworkPolicy came back on both.
    expect((await rough.client.list(NP, { namespace: NS })).items.length).toBe(
      (await calm.client.list(NP, { namespace: NS })).items.length,
    );
    expect(f.counters.failed).toBeGreaterThan(0);
    expect(f.counters.watchesDropped).toBeGreaterThan(0);
    const text = await b.registry.metrics();
    expect(text).toMatch(/govcloud_reflector_watch_restarts_total\{[^}]*reason="(closed|error)"\} [1-9]/);
    expect(text).toMatch(/govcloud_reflector_watch_restarts_total\{[^}]*reason="expired"\} [1-9]/);
    expect(text).toMatch(/govcloud_controller_reconcile_errors_total\{controller="baseline"\} [1-9]/);
  }, 240_000);

  it("leader failover: the standby takes over within the lease time after the leader dies mid-work; nothing is lost or applied twice", async () => {
    const c = await cluster();
    // Real time, so long enough that a loaded machine cannot starve the leader's renewals into a failover of
    // their own (a 3 s lease did, once: the standby led before the leader died); still short for a test.
    const lease = {
      name: "govcloud-operators",
      leaseDurationMs: 10_000,
      renewDeadlineMs: 7_000,
      retryPeriodMs: 500,
      releaseOnStop: false,
    };
    const a = manager(c, { identity: "a", leaderElection: lease });
    await a.start();
    await eventually(() => a.isLeader, "a to lead");
    const b = manager(c, { identity: "b", leaderElection: lease });
    await b.start();
    await b.waitForCacheSync();
    await eventually(async () => (await report(c)) && (await report(c, OTHER_NS)), "the first reports");
    // a has done its initial work (nothing queued or in hand, the store unchanged since the last look): the
    // write counts taken now are final for a.
    await settled(c, a);
    expect(b.isLeader).toBe(false);
    const store = c.api!.store;
    const leaseOf = () =>
      store.get("coordination.k8s.io/v1", "Lease", "default", "govcloud-operators") as {
        spec: { holderIdentity: string; renewTime: string; acquireTime: string; leaseTransitions: number };
      };
    const otherReportWrites = store.writes("wgpolicyk8s.io/v1alpha2", "PolicyReport", OTHER_NS, `govcloud-${OTHER_NS}`);
    // Mid-work: a change is in a's queue (debounced) when it dies without releasing the lease.
    await c.client.create(badPod("during-failover"));
    await a.stop();
    // a's last renewal: the lease it leaves behind runs out leaseDurationMs after it.
    expect(leaseOf().spec.holderIdentity).toBe("a");
    const lastRenew = Date.parse(leaseOf().spec.renewTime);
    const np = (await c.client.list(NP, { namespace: NS })).items[0]!;
    const npWrites = store.writes("networking.k8s.io/v1", "NetworkPolicy", NS, np.metadata.name);
    await c.client.delete(NP, np.metadata.name, NS);
    await eventually(() => b.isLeader, "b to lead");
    // b took the lease once a's had run out, never before (the lease's own times, written by a and b); and
    // at one of its next retries, not after some long resync — a generous bound, as this machine may be
    // loaded: the exact timing (leaseDuration + retryPeriod) is tests/operators/runtime/leader.test.ts's, on
    // a fake clock.
    const acquired = Date.parse(leaseOf().spec.acquireTime);
    expect(leaseOf().spec.holderIdentity).toBe("b");
    expect(acquired - lastRenew).toBeGreaterThanOrEqual(lease.leaseDurationMs);
    expect(acquired - lastRenew).toBeLessThan(lease.leaseDurationMs + 10_000);
    // Nothing lost: b judges the Pod created while a was dying and reverts the NetworkPolicy deleted meanwhile.
    await eventually(
      async () => JSON.stringify((await report(c))?.results ?? []).includes("during-failover"),
      "the Pod judged by b",
    );
    const back = await eventually(
      async () => (await c.client.list(NP, { namespace: NS })).items.find((o) => o.metadata.name === np.metadata.name),
      "the NetworkPolicy reverted by b",
    );
    expect(back.metadata.uid).not.toBe(np.metadata.uid);
    // Nothing applied twice: the untouched namespace's report was not rewritten by b, the NetworkPolicy was re-created once.
    await new Promise((r) => setTimeout(r, 1000));
    expect(store.writes("wgpolicyk8s.io/v1alpha2", "PolicyReport", OTHER_NS, `govcloud-${OTHER_NS}`)).toBe(
      otherReportWrites,
    );
    expect(store.writes("networking.k8s.io/v1", "NetworkPolicy", NS, np.metadata.name)).toBe(npWrites + 2); // the delete, one re-create
    const leaseObj = store.get("coordination.k8s.io/v1", "Lease", "default", "govcloud-operators") as {
      spec: Record<string, unknown>;
    };
    expect(leaseObj.spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    expect(leaseObj.spec.renewTime).toMatch(/\.\d{6}Z$/);
    expect(await b.registry.metrics()).toMatch(/govcloud_leader_election_is_leader\{lease="govcloud-operators"\} 1/);
  }, 240_000);

  it("a lost lease stops every controller of the manager", async () => {
    const c = await cluster();
    const lease = { name: "govcloud-operators", leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 };
    const a = manager(c, { identity: "a", leaderElection: lease });
    await a.start();
    await eventually(() => a.isLeader, "a to lead");
    c.api!.faults.failNext(1_000_000, 503, { path: "/leases" });
    // The lease cannot be renewed: a gives up at its renew deadline (2 s); "still running" after a minute is a failure.
    const reason = await Promise.race([
      a.done,
      new Promise((r) => setTimeout(() => r("still running"), 60_000).unref()),
    ]);
    expect(reason).toBe("lost-lease");
    expect(a.isLeader).toBe(false);
    c.api!.faults.clear();
    // Stopped: a bad Pod now is not judged by anyone.
    await c.client.create(badPod("unseen"));
    await new Promise((r) => setTimeout(r, 800));
    expect(JSON.stringify((await report(c))?.results ?? [])).not.toContain("unseen");
  }, 180_000);

  it("--remediate=false reports drift (Event, metric) without reverting it", async () => {
    const c = await cluster();
    const m = manager(c, { remediate: false });
    await m.start();
    await m.waitForCacheSync();
    await eventually(() => report(c), "the report");
    const np = (await c.client.list(NP, { namespace: NS })).items[0]!;
    await c.client.delete(NP, np.metadata.name, NS);
    const ev = await eventually(
      async () =>
        (await c.client.list(resourceFor("Event"), { namespace: NS })).items.find((e) => e.reason === "DriftDetected"),
      "a DriftDetected event",
    );
    expect(ev.message).toContain("not reverted");
    await new Promise((r) => setTimeout(r, 800));
    expect((await c.client.list(NP, { namespace: NS })).items.some((o) => o.metadata.name === np.metadata.name)).toBe(
      false,
    );
    const text = await m.registry.metrics();
    expect(text).toMatch(/govcloud_baseline_drift_detected_total\{kind="NetworkPolicy"\} 1\n/);
    expect(text).not.toMatch(/govcloud_baseline_drift_reverted_total\{kind="NetworkPolicy"\} [1-9]/);
  }, 180_000);

  it("an API server that is down at start: backoff, /readyz false, /healthz true, no crash", async () => {
    const api = await startKubeApi();
    const kubeconfig = (await import("node:fs")).readFileSync(api.kubeconfigPath, "utf8");
    await api.stop();
    const { writeTree } = await import("../support/cli.js");
    const dir = writeTree({ kubeconfig });
    const m = manager({ kubeconfigPath: `${dir}/kubeconfig` } as TestCluster, { metricsAddr: "127.0.0.1:0" });
    await m.start();
    await new Promise((r) => setTimeout(r, 1500));
    const { port } = m.address!;
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/caches not synced: .*v1\/namespaces/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/govcloud_controller_cache_synced\{controller="baseline"\} 0/);
  }, 180_000);
});
