/**
 * The catalog operator under the test server's fault injection — writes failing with 409 and 503,
 * watches dropped every few hundred milliseconds — and a leader failover between two replicas: the same
 * end state as without faults, no realised object created twice (its uid never changes), and no exit
 * without its backup (no object of an exiting instance disappears before its Velero Backup completed).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, type Estate } from "../../../catalog/index.js";
import type { KObject } from "../../../operators/index.js";
import { ROOT } from "../../support/cli.js";
import type { KubeApi } from "../../support/kube-api/index.js";
import { startCluster, startDependents, startOperator, VELERO, type Dependents, type Operator } from "./harness.js";
import { waitFor } from "../../support/wait.js";

let estate: Estate;
beforeAll(async () => {
  estate = (await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" })).estate!;
});

const SI = {
  group: "govcloud.io",
  version: "v1alpha1",
  kind: "ServiceInstance",
  plural: "serviceinstances",
  namespaced: true,
};
const KINDS = [
  ["postgresql.cnpg.io/v1", "Cluster"],
  ["kubevirt.io/v1", "VirtualMachine"],
  ["objectbucket.io/v1alpha1", "ObjectBucketClaim"],
  ["v1", "PersistentVolumeClaim"],
  ["v1", "Service"],
  ["apps/v1", "StatefulSet"],
  ["apps/v1", "Deployment"],
  ["velero.io/v1", "Schedule"],
] as const;

const SERVICES: [string, string, object][] = [
  ["pg", "postgresql", { vcpu: 2, memoryGiB: 4, storageGiB: 50, replicas: 2 }],
  ["dm", "dameng", { vcpu: 2, memoryGiB: 4, storageGiB: 50, replicas: 2 }],
  ["vm", "vm-kunpeng", { vcpu: 2, memoryGiB: 4, count: 3 }],
  ["obs", "object-storage", { capacityTiB: 1 }],
  ["disk", "block-storage", { sizeGiB: 20, count: 2 }],
  ["cache", "redis", { memoryGiB: 2, shards: 2 }],
  ["web", "tongweb", { instances: 2, vcpu: 1, memoryGiB: 2 }],
  ["lb", "load-balancer", { spec: "small", count: 1 }],
];

function instance(ns: string, name: string, offering: string, params: object): Record<string, unknown> {
  return {
    apiVersion: "govcloud.io/v1alpha1",
    kind: "ServiceInstance",
    metadata: {
      name,
      namespace: ns,
      labels: {
        "govcloud.io/department": ns.split("-")[0],
        "govcloud.io/system": ns.split("-")[1],
        "govcloud.io/cloud": "province",
      },
    },
    spec: { system: ns.split("-")[1], department: ns.split("-")[0], offering, params },
  };
}

let api: KubeApi;
let deps: Dependents;
const ops: Operator[] = [];
/** Set at the end: no replica is replaced any more. */
let finished = false;
afterAll(async () => {
  finished = true;
  deps?.stop();
  for (const o of ops) await o.stop().catch(() => undefined);
  await api?.stop();
});

describe("the catalog operator under faults and a leader failover", () => {
  it("reaches the same end state, creates no object twice and never exits without a backup", async () => {
    const namespaces = ["health-portal", "civil-records"];
    const c = await startCluster(namespaces);
    api = c.api;
    api.load(
      namespaces.flatMap((ns) => [
        {
          apiVersion: "v1",
          kind: "ResourceQuota",
          metadata: { name: "govcloud-quota", namespace: ns },
          spec: {
            hard: {
              "requests.cpu": "100",
              "requests.memory": "400Gi",
              "requests.storage": "10000Gi",
              "services.loadbalancers": "4",
            },
          },
        },
        ...SERVICES.map(([n, o, p]) => instance(ns, n, o, p)),
      ]),
    );
    deps = startDependents(api, c.client);

    // Follow the store's change feed (every write, in the order the store makes them, delivered synchronously):
    // the uid each realised object was created with, each re-creation, and when objects and Backups change,
    // as positions in that order. Nothing is sampled, so no change can fall between two looks.
    let seq = 0;
    const uids = new Map<string, string>();
    const recreated: string[] = [];
    const gone = new Map<string, number>();
    const backupCompleted = new Map<string, number>();
    const feeds = KINDS.map(([v, k]) =>
      api.store.subscribe(v, k, (type, obj) => {
        const o = obj as unknown as KObject;
        if (!o.metadata.annotations?.["govcloud.io/instance-of"]) return;
        const id = `${k}/${o.metadata.namespace}/${o.metadata.name}`;
        seq++;
        if (type === "DELETED") {
          gone.set(id, seq);
          return;
        }
        const first = uids.get(id);
        if (first === undefined) uids.set(id, o.metadata.uid!);
        else if (first !== o.metadata.uid && !recreated.includes(id)) recreated.push(id);
      }),
    );
    feeds.push(
      api.store.subscribe("velero.io/v1", "Backup", (type, obj) => {
        const o = obj as unknown as KObject;
        seq++;
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        if (type !== "DELETED" && (o.status as { phase?: string } | undefined)?.phase === "Completed")
          if (!backupCompleted.has(key)) backupCompleted.set(key, seq);
      }),
    );

    api.faults.failRate(0.15, [409, 503], { writesOnly: true });
    api.faults.dropWatches({ everyMs: 400 });
    // Replicas still running, and why the others stopped. A leader whose renewals do not land within the
    // renew deadline (the injected 503s and 409s, a starved event loop on a loaded machine) stops by itself
    // ("lost-lease") and the standby takes over: a failover of its own, which the test must not mistake for
    // the one it makes below. As its Deployment would, a replica that stopped on a lost lease is replaced.
    const alive = new Set<Operator>();
    const stops: string[] = [];
    let replaced = 0;
    const replica = async (identity: string): Promise<Operator> => {
      const o = await startOperator(api, estate, { identity, leaseMs: 20_000 });
      ops.push(o);
      alive.add(o);
      void o.manager.done.then((why) => {
        alive.delete(o);
        stops.push(`${identity}: ${why}`);
        if (why === "lost-lease" && !finished) void replica(`replacement-${++replaced}`);
      });
      return o;
    };
    await replica("replica-a");
    await replica("replica-b");

    const phase = (ns: string, n: string) =>
      (api.store.get("govcloud.io/v1alpha1", "ServiceInstance", ns, n)?.status as { phase?: string } | undefined)
        ?.phase;
    const allReady = () => namespaces.every((ns) => SERVICES.every(([n]) => phase(ns, n) === "Ready"));
    // Half-way, the leader goes away: the other replica takes the lease and carries on.
    await waitFor(
      "some instances Ready",
      () => namespaces.flatMap((ns) => SERVICES.map(([n]) => phase(ns, n))).filter((p) => p === "Ready").length >= 4,
      60_000,
    );
    // One replica leads (the lease may be between holders for a moment under the injected faults), and one
    // stands by: if a replica has already stopped on a lost lease, a new one joins as the standby.
    const leading = await waitFor("a leader", () => [...alive].find((o) => o.manager.isLeader));
    const standby = [...alive].find((o) => o !== leading) ?? (await replica(`replica-${ops.length + 1}`));
    await leading.stop();
    await waitFor(
      () =>
        `all Ready after the failover: ${namespaces.flatMap((ns) => SERVICES.map(([n]) => `${ns}/${n} ${phase(ns, n)} ${JSON.stringify((api.store.get("govcloud.io/v1alpha1", "ServiceInstance", ns, n)?.status as any)?.conditions?.filter((c: any) => c.status !== "True"))}`)).join("\n")}`,
      allReady,
      { timeoutMs: 90_000 },
    ).catch((e: Error) => {
      // What the replicas and the dependents' controller were doing: whose step is missing.
      const replicas = ops.map(
        (o, i) =>
          `replica ${i}: leader ${o.manager.isLeader}, ready ${o.manager.ready}, ${o.manager.controllerList.map((k) => `${k.name} ${k.queue.length} queued ${k.queue.inFlight} in hand ${k.queue.scheduled} timers`).join(", ")}`,
      );
      const dependents = KINDS.flatMap(([v, k]) =>
        (api.store.list(v, k, "health-portal") as KObject[]).map(
          (o) => `${k}/${o.metadata.name} rv ${o.metadata.resourceVersion} status ${JSON.stringify(o.status ?? null)}`,
        ),
      );
      // Each replica's cache against the store: a stale cache (a lost watch event) shows here.
      const caches = ops.flatMap((o, i) =>
        namespaces.flatMap((ns) =>
          SERVICES.map(([n]) => {
            const stored = api.store.get("govcloud.io/v1alpha1", "ServiceInstance", ns, n) as KObject | undefined;
            const cached = o.manager.cache.get("ServiceInstance", n, ns);
            return `replica ${i} ${ns}/${n}: stored rv ${stored?.metadata.resourceVersion} ${(stored?.status as { phase?: string } | undefined)?.phase} deleting ${Boolean(stored?.metadata.deletionTimestamp)} finalizers ${JSON.stringify(stored?.metadata.finalizers)}; cached rv ${cached?.metadata.resourceVersion} ${(cached?.status as { phase?: string } | undefined)?.phase}`;
          }),
        ),
      );
      const cachedDeps = ops.flatMap((o, i) =>
        KINDS.flatMap(([v, k]) =>
          (api.store.list(v, k, "health-portal") as KObject[]).map((so) => {
            let co: Readonly<KObject> | undefined;
            try {
              co = o.manager.cache.get(k, so.metadata.name, "health-portal");
            } catch {
              co = undefined;
            }
            return `replica ${i} ${k}/${so.metadata.name}: stored rv ${so.metadata.resourceVersion}, cached rv ${co?.metadata.resourceVersion}`;
          }),
        ),
      );
      throw new Error(
        `${caches.join("\n")}\n${cachedDeps.join("\n")}\n` +
          `${e.message}\n${replicas.join("\n")}\nstopped: ${stops.join(", ")}\nfaults ${JSON.stringify(api.faults.counters)}\n${dependents.join("\n")}`,
      );
    });
    // The standby took the lease (all may have been Ready before it did: wait for the lease, not for a moment).
    await waitFor(
      () => `the standby to lead (stopped: ${stops.join(", ")})`,
      // or its replacement, if it lost the lease again meanwhile
      () => standby.manager.isLeader || [...alive].some((o) => o !== leading && o.manager.isLeader),
    );

    // Exit under faults: three data services of one namespace.
    const exiting = ["pg", "vm", "disk"];
    for (const n of exiting) {
      // The client's writes fail too (15%): a person would run kubectl delete again.
      for (let i = 0; ; i++) {
        const ok = await c.client.delete(SI, n, "health-portal").then(
          () => true,
          () => false,
        );
        if (ok || i > 20) break;
      }
    }
    await waitFor(
      "exits done",
      () => exiting.every((n) => !api.store.get("govcloud.io/v1alpha1", "ServiceInstance", "health-portal", n)),
      90_000,
    );
    api.faults.clear();
    finished = true;
    for (const unsubscribe of feeds) unsubscribe();

    expect(recreated).toEqual([]);
    // No exit without its backup: each exiting instance's objects went after its Backup completed (in the
    // store's order of writes: the Backup's Completed status is written before any of them is deleted).
    for (const n of exiting) {
      const backup = [...backupCompleted.entries()].find(([k]) => k.startsWith(`${VELERO}/exit-health-portal-${n}-`));
      expect(backup, `backup of ${n}`).toBeDefined();
      expect(deps.completed.has(backup![0]), `backup of ${n} completed by Velero`).toBe(true);
      const mine = [...gone.entries()].filter(
        ([id]) =>
          id.split("/")[1] === "health-portal" && (id.split("/")[2] === n || id.split("/")[2]!.startsWith(`${n}-`)),
      );
      expect(mine.length, `objects of ${n} removed`).toBeGreaterThan(0);
      for (const [id, t] of mine) expect(t, id).toBeGreaterThan(backup![1]);
    }
    // The same end state as a quiet run: the other namespace untouched and Ready, its objects there once each.
    for (const [n] of SERVICES) expect(phase("civil-records", n)).toBe("Ready");
    expect(api.store.count("kubevirt.io/v1", "VirtualMachine", "civil-records")).toBe(3);
    expect(api.store.count("kubevirt.io/v1", "VirtualMachine", "health-portal")).toBe(0);
    expect(api.store.count("postgresql.cnpg.io/v1", "Cluster", "health-portal")).toBe(0);
    expect(api.store.count("apps/v1", "StatefulSet", "health-portal")).toBe(2);
    expect(api.faults.counters).toBeDefined();
  }, 420_000);
});
