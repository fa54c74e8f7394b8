/**
 * The security-baseline operator against a Kubernetes API (the test server, or a real cluster when
 * KUBECONFIG is set): PolicyReports follow the live objects, drift of planned objects is reverted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resourceFor, type KObject, type Manager } from "../../operators/runtime/index.js";
import {
  applyPlanned,
  badPod,
  baselineManager,
  eventually,
  goodPod,
  NS,
  report,
  resultsAbout,
  startCluster,
  type TestCluster,
} from "./cluster.js";

let cluster: TestCluster;
let manager: Manager;
const POD = resourceFor("Pod");

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

describe("baseline operator", () => {
  it("writes the namespace's PolicyReport, valid for the wgpolicyk8s.io CRD, with the system's results", async () => {
    const r = await eventually(() => report(cluster), "the PolicyReport");
    expect(r.metadata).toMatchObject({
      name: `govcloud-${NS}`,
      namespace: NS,
      labels: { "app.kubernetes.io/managed-by": "govcloud" },
    });
    expect(r.scope).toEqual({ apiVersion: "v1", kind: "Namespace", name: NS });
    const s = r.summary as Record<string, number>;
    expect(s.pass).toBeGreaterThan(0);
    for (const res of (r.results as Record<string, unknown>[]) ?? []) {
      expect(res).toMatchObject({
        policy: expect.stringMatching(/^govcloud-/),
        rule: expect.any(String),
        severity: expect.any(String),
        source: "govcloud",
      });
      expect((res.properties as Record<string, string>).clause).toBeTruthy();
      expect(res.timestamp).toMatchObject({ seconds: expect.any(Number), nanos: 0 });
    }
  });

  // Issue 11 asks for the failing result within 5 s. A wall-clock bound is not deterministic on a loaded CI
  // machine, so the test checks what makes it fast instead: the Pod's watch event (not a periodic re-list,
  // every 60 s here) leads to the judgement. The latency itself is measured by `npm run bench -- --suite
  // operators` (change → report p50/p95).
  it("a non-compliant Pod gets failing results from its watch event, without a re-list; fixed, they go away", async () => {
    const relists = async () =>
      [...(await manager.registry.metrics()).matchAll(/^govcloud_reflector_relists_total\{[^}]*\} (\d+)/gm)].reduce(
        (n, m) => n + Number(m[1]),
        0,
      );
    const relistsBefore = await relists();
    await cluster.client.create(badPod("web"));
    const failing = await eventually(async () => {
      const r = resultsAbout(await report(cluster), "Pod", "web").filter((x) => x.result === "fail");
      return r.length > 0 && r;
    }, "failing results about Pod web");
    expect(await relists()).toBe(relistsBefore);
    expect(failing.map((f) => f.rule).length).toBeGreaterThan(0);
    // Fix it: Pods are immutable, so replace it with a compliant one.
    await cluster.client.delete(POD, "web", NS);
    await eventually(
      async () => resultsAbout(await report(cluster), "Pod", "web").length === 0,
      "results about the deleted Pod to go",
    );
    await cluster.client.create(goodPod("web"));
    await eventually(async () => {
      const r = await report(cluster);
      const about = resultsAbout(r, "Pod", "web");
      return (r?.summary as { pass: number }).pass > 0 && about.every((x) => x.result !== "fail") && r;
    }, "the compliant Pod to pass");
    await cluster.client.delete(POD, "web", NS);
  });

  it("reverts a deleted or edited planned NetworkPolicy and ResourceQuota, with Events and metrics", async () => {
    const np = resourceFor("NetworkPolicy");
    const quota = resourceFor("ResourceQuota");
    const nps = (await cluster.client.list(np, { namespace: NS })).items;
    expect(nps.length).toBeGreaterThan(0);
    const victim = nps[0]!.metadata.name;
    const before = (await cluster.client.get(np, victim, NS)).metadata.uid;
    await cluster.client.delete(np, victim, NS);
    const back = await eventually(async () => {
      try {
        const o = await cluster.client.get(np, victim, NS);
        return o.metadata.uid !== before && o;
      } catch {
        return undefined;
      }
    }, "the NetworkPolicy to come back");
    expect(back.metadata.managedFields ?? []).toEqual(
      expect.arrayContaining([expect.objectContaining({ manager: "govcloud" })]),
    );

    const q = (await cluster.client.list(quota, { namespace: NS })).items[0]!;
    const hard = (q.spec as { hard: Record<string, string> }).hard;
    const key = Object.keys(hard)[0]!;
    await cluster.client.mergePatch(quota, q.metadata.name, NS, { spec: { hard: { [key]: "999" } } });
    await eventually(
      async () =>
        ((await cluster.client.get(quota, q.metadata.name, NS)).spec as { hard: Record<string, string> }).hard[key] ===
        hard[key],
      "the quota to be reverted",
    );

    const events = await eventually(async () => {
      const list = (await cluster.client.list(resourceFor("Event"), { namespace: NS })).items.filter(
        (e) => e.reason === "DriftReverted",
      );
      return list.length >= 2 && list;
    }, "DriftReverted events");
    expect(events.map((e) => (e.involvedObject as { kind: string }).kind).sort()).toEqual(
      expect.arrayContaining(["NetworkPolicy", "ResourceQuota"]),
    );
    expect(events[0]).toMatchObject({ type: "Warning", source: { component: "govcloud-operators" } });
    const metrics = await manager.registry.metrics();
    expect(metrics).toMatch(/govcloud_baseline_drift_reverted_total\{kind="NetworkPolicy"\} 1/);
    expect(metrics).toMatch(/govcloud_baseline_drift_detected_total\{kind="ResourceQuota"\} 1/);
  });

  it("exports findings, judged objects and the runtime's metrics", async () => {
    await cluster.client.create(badPod("metrics-probe"));
    await eventually(
      async () =>
        /govcloud_baseline_findings\{[^}]*namespace="health-portal"[^}]*\} [1-9]/.test(
          await manager.registry.metrics(),
        ),
      "a findings series",
    );
    const text = await manager.registry.metrics();
    for (const name of [
      "govcloud_controller_reconcile_total",
      "govcloud_workqueue_adds_total",
      "govcloud_controller_reconcile_duration_seconds_bucket",
      "govcloud_controller_cache_synced",
      "govcloud_baseline_objects_judged_total",
      "govcloud_reflector_relists_total",
    ])
      expect(text).toContain(name);
    expect(text).toMatch(/govcloud_controller_cache_synced\{controller="baseline"\} 1/);
    await cluster.client.delete(POD, "metrics-probe", NS);
    await eventually(
      async () =>
        !/govcloud_baseline_findings\{[^}]*rule="[^"]*"[^}]*namespace="health-portal"[^}]*\} [1-9]/.test(
          await manager.registry.metrics(),
        ) || undefined,
      "the findings series to go",
    );
  });

  it("a malformed object (a Pod whose containers are not a list) and unknown fields do not stop the operator", async () => {
    const odd: KObject = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "odd", namespace: NS },
      spec: { containers: { not: "a list" } },
      surprise: { field: 1 },
    };
    let created = true;
    try {
      await cluster.client.create(odd);
    } catch {
      created = false; // a real API server refuses it: nothing to judge
    }
    await cluster.client.create(badPod("after-odd"));
    await eventually(
      async () => resultsAbout(await report(cluster), "Pod", "after-odd").some((x) => x.result === "fail"),
      "later changes to be judged",
    );
    if (created) await cluster.client.delete(POD, "odd", NS);
    await cluster.client.delete(POD, "after-odd", NS);
  });
});
