/**
 * The baseline operator from a cold start and in steady state, against the Kubernetes API test server
 * (in its own process, which also builds the cluster: bench/operators-cluster.ts). The cluster holds
 * every planned baseline object of the 10x estate (namespaces, quotas, limit ranges, RBAC, network
 * policies) plus a Deployment and a Pod per system namespace; the operator lists them, judges them with
 * the rules and writes one PolicyReport per namespace. The measured process is the operator's: it loads
 * the catalog (untimed, as it does before it connects) and runs the controller; nothing of the fixture.
 * Budget (DESIGN.md): cold start over the 10x estate's objects < 10 s, < 300 MiB.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { Registry } from "prom-client";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { baselineController } from "../../operators/baseline/index.js";
import {
  KubeClient,
  limitHeapGrowth,
  loadKubeConfig,
  Manager,
  resourceFor,
  silentLogger,
  type KObject,
} from "../../operators/runtime/index.js";
import { podPrivileged } from "../operators-cluster.js";
import { reconciles } from "../reconciles.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";
/** Steady state: changes a second, and for how long. */
const RATE = 100;
const STEADY_SECONDS = 10;

interface Prepared {
  readonly estate: Estate;
  readonly server: ChildProcess;
  readonly kubeconfigPath: string;
  readonly objects: number;
  readonly namespaces: string[];
  /** The node the cluster is in step with, when it was built for one (`busiest`). */
  readonly node?: string;
}

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

async function prepare(ctx: BenchContext, busiest = false): Promise<Prepared> {
  // The heap growth `govcloud operators run` sets when it starts (--heap-growth, operators/runtime/heap.ts).
  limitHeapGrowth();
  const server = fork(join(ctx.root, "dist/bench/kube-api-serve.js"), [], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await request(server, undefined, (m) => m.ready === true);
  const catalog = ctx.catalog(10);
  // The server builds and loads the cluster while this process loads the catalog, as the operator does at start.
  const [r, loaded] = await Promise.all([
    request<{ kubeconfigPath: string; loaded: number; namespaces: string[]; node?: string }>(
      server,
      { cluster: { catalog, today: TODAY, busiest } },
      (m) => typeof m.kubeconfigPath === "string",
    ),
    loadCatalog(catalog, { today: TODAY }),
  ]);
  if (!loaded.estate) throw new Error("the 10x catalog does not validate");
  return {
    estate: loaded.estate,
    server,
    kubeconfigPath: r.kubeconfigPath,
    objects: r.loaded,
    namespaces: r.namespaces,
    ...(r.node ? { node: r.node } : {}),
  };
}

/** The operator; `node`: its cloud node (`--cloud`, as the platform stack deploys it), else every node's plan. */
function operator(p: Prepared, node?: string): { manager: Manager; client: KubeClient; registry: Registry } {
  const registry = new Registry();
  const client = new KubeClient(loadKubeConfig({ kubeconfig: p.kubeconfigPath }));
  const manager = new Manager({
    client,
    name: "govcloud-operators",
    namespace: "default",
    registry,
    log: silentLogger,
  });
  manager.add(baselineController({ estate: p.estate, registry, today: () => TODAY, ...(node ? { node } : {}) }));
  return { manager, client, registry };
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

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

/** List, judge and report every object of the cluster; `node` picks the operator's cloud node. */
function coldStart(name: string, what: string, deployed: boolean): BenchCase {
  return {
    name,
    group: "baseline operator 10x",
    target: { seconds: 10, megabytes: 300 },
    setup: (ctx) => prepare(ctx, deployed),
    run: async (_ctx, prepared) => {
      const p = prepared as Prepared;
      const cloud = p.node;
      const { manager, client, registry } = operator(p, cloud);
      await manager.start();
      await settled(manager);
      const reports = client.counts.APPLY ?? 0;
      const reconciled = await reconciles(registry);
      await manager.stop();
      p.server.disconnect();
      return {
        units: p.objects,
        unit: "objects",
        note: `${what}${cloud ? ` (${cloud})` : ""}; ${p.namespaces.length} namespaces, ${reconciled} reconciles, ${reports} PolicyReports written, ${client.counts.GET ?? 0} list pages`,
      };
    },
  };
}

const cases: BenchCase[] = [
  coldStart(
    "cold start: list, judge and report the 10x estate's live objects",
    "every node's plan kept (no --cloud)",
    false,
  ),
  coldStart("cold start as deployed: --cloud <the node with the most systems>", "that node's plan kept", true),
  {
    name: `steady state: ${RATE} changes/s for ${STEADY_SECONDS} s`,
    group: "baseline operator 10x",
    setup: async (ctx) => {
      const p = await prepare(ctx);
      const { manager, client, registry } = operator(p);
      await manager.start();
      await settled(manager);
      return { p, manager, client, registry };
    },
    run: async (_ctx, prepared) => {
      const { p, manager, client, registry } = prepared as {
        p: Prepared;
        manager: Manager;
        client: KubeClient;
        registry: Registry;
      };
      const reconciledBefore = await reconciles(registry);
      const writer = new KubeClient(loadKubeConfig({ kubeconfig: p.kubeconfigPath }));
      // Latency from a change to the PolicyReport that shows it: the operator's report writes, by namespace.
      const pending = new Map<string, number>(); // namespace -> when its oldest unreported change was made
      const latencies: number[] = [];
      const apply = client.apply.bind(client);
      client.apply = async (object: KObject, fieldManager: string, options?: Parameters<KubeClient["apply"]>[2]) => {
        const out = await apply(object, fieldManager, options);
        const ns = object.kind === "PolicyReport" ? object.metadata.namespace : undefined;
        const since = ns !== undefined ? pending.get(ns) : undefined;
        if (since !== undefined) {
          latencies.push(performance.now() - since);
          pending.delete(ns!);
        }
        return out;
      };
      const before = client.counts.APPLY ?? 0;
      const POD = resourceFor("Pod");
      const privileged = new Map(p.namespaces.map((ns, i) => [ns, podPrivileged(i)]));
      const started = performance.now();
      let n = 0;
      let failed = 0;
      // RATE changes a second to the Pods of spread namespaces, each flipping `privileged` (so each
      // changes the namespace's results and needs a report), for STEADY_SECONDS. The writer runs in
      // this process: its requests are part of the CPU time measured.
      while (performance.now() - started < STEADY_SECONDS * 1000) {
        const due = Math.min(RATE * STEADY_SECONDS, Math.floor(((performance.now() - started) / 1000) * RATE));
        const batch: Promise<unknown>[] = [];
        for (; n < due; n++) {
          const ns = p.namespaces[(n * 7919) % p.namespaces.length]!;
          const flip = !privileged.get(ns);
          privileged.set(ns, flip);
          if (!pending.has(ns)) pending.set(ns, performance.now());
          batch.push(
            writer
              .mergePatch(POD, "app-0", ns, {
                metadata: { labels: { rev: String(n) } },
                spec: {
                  containers: [
                    { name: "app", image: "registry.gov.sx.cn/app:1.0", securityContext: { privileged: flip } },
                  ],
                },
              })
              .catch(() => void failed++),
          );
        }
        await Promise.all(batch);
        await new Promise((r) => setTimeout(r, 10));
      }
      await settled(manager);
      const seconds = (performance.now() - started) / 1000;
      const reports = (client.counts.APPLY ?? 0) - before;
      const reconciled = (await reconciles(registry)) - reconciledBefore;
      await manager.stop();
      writer.close();
      p.server.disconnect();
      latencies.sort((a, b) => a - b);
      const ms = (x: number) => `${Math.round(x)} ms`;
      return {
        units: reports,
        unit: "reports",
        note:
          `${n} changes (${failed} failed) in ${seconds.toFixed(1)} s, ${reconciled} reconciles, ${(reports / seconds).toFixed(0)} reports/s; ` +
          `change → report p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, ` +
          `max ${ms(latencies.at(-1) ?? NaN)} (${latencies.length} changes seen, ${pending.size} not reported)`,
      };
    },
  },
];

const suite: BenchSuite = {
  id: "operators",
  title: "Operators: the baseline operator against the Kubernetes API test server",
  cases,
};
export default suite;
