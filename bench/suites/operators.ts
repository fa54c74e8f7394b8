/**
 * The baseline operator from a cold start and in steady state, against the Kubernetes API test server
 * (in its own process). The cluster holds every planned baseline object of the 10x estate (namespaces,
 * quotas, limit ranges, RBAC, network policies) plus a Deployment and a Pod per system namespace; the
 * operator lists them, judges them with the rules and writes one PolicyReport per namespace.
 * Budget (DESIGN.md): cold start over the 10x estate's objects < 10 s, < 300 MiB.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Registry } from "prom-client";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { baselineController, desiredState } from "../../operators/baseline/index.js";
import { KubeClient, loadKubeConfig, Manager, resourceFor, silentLogger, type KObject } from "../../operators/runtime/index.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";

interface Prepared {
  readonly estate: Estate;
  readonly server: ChildProcess;
  readonly kubeconfigPath: string;
  readonly objects: number;
  readonly namespaces: string[];
}

const workload = (ns: string, i: number): KObject[] => [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "app", namespace: ns, labels: { app: "app" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "app" } },
      template: { metadata: { labels: { app: "app" } }, spec: { containers: [{ name: "app", image: i % 3 ? "registry.gov.sx.cn/app:1.0" : "docker.io/nginx:latest", resources: { limits: { cpu: "500m", memory: "512Mi" } } }] } },
    },
  },
  { apiVersion: "v1", kind: "Pod", metadata: { name: "app-0", namespace: ns, labels: { app: "app" } }, spec: { containers: [{ name: "app", image: "registry.gov.sx.cn/app:1.0", securityContext: { privileged: i % 5 === 0 } }] } },
];

function request<T>(child: ChildProcess, message: unknown, want: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: Record<string, unknown>) => {
      if (!want(m)) return;
      child.off("message", on);
      resolve(m as T);
    };
    child.on("message", on);
    child.once("exit", (code) => reject(new Error(`the test server exited (${code})`)));
    if (message !== undefined) child.send(message as object);
  });
}

async function prepare(ctx: BenchContext): Promise<Prepared> {
  const loaded = await loadCatalog(ctx.catalog(10), { today: TODAY });
  if (!loaded.estate) throw new Error("the 10x catalog does not validate");
  const estate = loaded.estate;
  const objects: KObject[] = [];
  const namespaces: string[] = [];
  let i = 0;
  for (const [ns, list] of desiredState(estate).byNamespace) {
    namespaces.push(ns);
    objects.push(...(list as unknown as KObject[]));
    objects.push(...workload(ns, i++));
  }
  // Namespaces first, as a cluster would hold them.
  objects.sort((a, b) => (a.kind === "Namespace" ? 0 : 1) - (b.kind === "Namespace" ? 0 : 1));
  const server = fork(join(ctx.root, "dist/bench/kube-api-serve.js"), [], { stdio: ["ignore", "ignore", "inherit", "ipc"] });
  await request(server, undefined, (m) => m.ready === true);
  const r = await request<{ kubeconfigPath: string; loaded: number }>(server, { objects }, (m) => typeof m.kubeconfigPath === "string");
  return { estate, server, kubeconfigPath: r.kubeconfigPath, objects: r.loaded, namespaces };
}

function operator(p: Prepared): { manager: Manager; client: KubeClient } {
  const registry = new Registry();
  const client = new KubeClient(loadKubeConfig({ kubeconfig: p.kubeconfigPath }));
  const manager = new Manager({ client, name: "govcloud-operators", namespace: "default", registry, log: silentLogger });
  manager.add(baselineController({ estate: p.estate, registry, today: () => TODAY }));
  return { manager, client };
}

/** Resolves when the caches synced and the controller has nothing left to do. */
async function settled(manager: Manager): Promise<void> {
  await manager.waitForCacheSync();
  const q = manager.controllerList[0]!.queue;
  let quiet = 0;
  while (quiet < 3) {
    await new Promise((r) => setTimeout(r, 20));
    quiet = q.length === 0 && q.inFlight === 0 && q.scheduled === 0 ? quiet + 1 : 0;
  }
}

const cases: BenchCase[] = [
  {
    name: "cold start: list, judge and report the 10x estate's live objects",
    group: "baseline operator 10x",
    target: { seconds: 10, megabytes: 300 },
    setup: prepare,
    run: async (_ctx, prepared) => {
      const p = prepared as Prepared;
      const { manager, client } = operator(p);
      await manager.start();
      await settled(manager);
      const reports = client.counts.APPLY ?? 0;
      await manager.stop();
      p.server.disconnect();
      return { units: p.objects, unit: "objects", note: `${p.namespaces.length} namespaces, ${reports} PolicyReports written, ${client.counts.GET ?? 0} list pages` };
    },
  },
  {
    name: "steady state: 100 changes/s for 10 s",
    group: "baseline operator 10x",
    setup: async (ctx) => {
      const p = await prepare(ctx);
      const { manager, client } = operator(p);
      await manager.start();
      await settled(manager);
      return { p, manager, client };
    },
    run: async (_ctx, prepared) => {
      const { p, manager, client } = prepared as { p: Prepared; manager: Manager; client: KubeClient };
      const writer = new KubeClient(loadKubeConfig({ kubeconfig: p.kubeconfigPath }));
      const before = client.counts.APPLY ?? 0;
      const POD = resourceFor("Pod");
      const started = Date.now();
      let n = 0;
      // 100 label changes a second on Pods of random namespaces, for 10 s.
      while (Date.now() - started < 10_000) {
        const due = Math.floor(((Date.now() - started) / 1000) * 100);
        const batch: Promise<unknown>[] = [];
        for (; n < due; n++) {
          const ns = p.namespaces[(n * 7919) % p.namespaces.length]!;
          batch.push(writer.mergePatch(POD, "app-0", ns, { metadata: { labels: { rev: String(n) } }, spec: { containers: [{ name: "app", image: "registry.gov.sx.cn/app:1.0", securityContext: { privileged: n % 2 === 0 } }] } }).catch(() => undefined));
        }
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 10));
      }
      await settled(manager);
      const seconds = (Date.now() - started) / 1000;
      const reports = (client.counts.APPLY ?? 0) - before;
      await manager.stop();
      writer.close();
      p.server.disconnect();
      return { units: reports, unit: "reports", note: `${n} changes in ${seconds.toFixed(1)} s; ${(reports / seconds).toFixed(0)} reports/s` };
    },
  },
];

const suite: BenchSuite = { id: "operators", title: "Operators: the baseline operator against the Kubernetes API test server", cases };
export default suite;
