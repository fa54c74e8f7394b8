/**
 * The service-catalogue operator from a cold start, against the Kubernetes API test server: every
 * ServiceInstance the estate's plan claims (10x: ~5,500) reconciled until all are Ready, with the
 * dependents (CNPG, KubeVirt, the bucket provisioner, the workload controllers, Velero) simulated by
 * setting their status. The server, the planned cluster and the dependents live in their own process
 * (bench/catalog-serve.ts); the case process is the operator: the catalog controller built as
 * `govcloud operators run --controllers catalog` builds it, in a manager. Its CPU time and peak RSS are
 * the operator's; the wall time is the time from the manager's start to every instance Ready.
 * Budget (issue 12): 10x to all Ready < 30 s, < 300 MiB.
 */
import { fork, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { CONTROLLERS } from "../../operators/index.js";
import { KubeClient, limitHeapGrowth, loadKubeConfig, Manager, silentLogger } from "../../operators/runtime/index.js";
import { reconciles } from "../reconciles.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";
/** A run that has not reached all Ready by then reports how far it got. */
const GIVE_UP_MS = 600_000;

interface Prepared {
  readonly estate: Estate;
  readonly server: ChildProcess;
  readonly kubeconfigPath: string;
  readonly instances: number;
}

function request<T>(child: ChildProcess, message: unknown, want: (m: Record<string, unknown>) => boolean): Promise<T> {
  return new Promise((resolve, reject) => {
    const on = (m: Record<string, unknown>) => {
      if (!want(m)) return;
      child.off("message", on);
      child.off("exit", onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => reject(new Error(`the test server exited (${code})`));
    child.on("message", on);
    child.once("exit", onExit);
    if (message !== undefined) child.send(message as object);
  });
}

async function prepare(ctx: BenchContext, scale: 1 | 10): Promise<Prepared> {
  // The heap growth `govcloud operators run` sets when it starts (--heap-growth, operators/runtime/heap.ts).
  limitHeapGrowth();
  const server = fork(join(ctx.root, "dist/bench/catalog-serve.js"), [], {
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  });
  await request(server, undefined, (m) => m.ready === true);
  const r = await request<{ kubeconfigPath: string; instances: number }>(
    server,
    { catalog: ctx.catalog(scale) },
    (m) => typeof m.kubeconfigPath === "string",
  );
  // The operator's own input, loaded as `govcloud operators run` loads it (before the clock starts).
  const loaded = await loadCatalog(ctx.catalog(scale), { today: TODAY });
  if (!loaded.estate) throw new Error(`the ${scale}x catalog does not validate`);
  return { estate: loaded.estate, server, kubeconfigPath: r.kubeconfigPath, instances: r.instances };
}

async function run(p: Prepared) {
  const client = new KubeClient(loadKubeConfig({ kubeconfig: p.kubeconfigPath }));
  const manager = new Manager({
    client,
    name: "govcloud-operators",
    namespace: "govcloud-system",
    defaultMetrics: true,
    log: silentLogger,
  });
  manager.add(
    (await CONTROLLERS.catalog!())({
      estate: p.estate,
      registry: manager.registry,
      log: silentLogger,
      remediate: true,
      today: () => TODAY,
    }),
  );
  const started = Date.now();
  await manager.start();
  let timer: NodeJS.Timeout | undefined;
  const reached = await Promise.race([
    request(p.server, { watchReady: true }, (m) => m.allReady === true).then(() => true),
    new Promise<false>((r) => (timer = setTimeout(() => r(false), GIVE_UP_MS))),
  ]);
  clearTimeout(timer);
  const seconds = (Date.now() - started) / 1000;
  const counts = await request<{ ready: number; instances: number; serverCpuSeconds: number }>(
    p.server,
    { count: true },
    (m) => "serverCpuSeconds" in m,
  );
  const reconciled = await reconciles(manager.registry, "catalog");
  await manager.stop();
  client.close();
  p.server.disconnect();
  const verbs = ["APPLY", "PATCH", "POST", "PUT", "DELETE"].filter((v) => client.counts[v]);
  const writes = verbs.map((v) => `${client.counts[v]!.toLocaleString("en-US")} ${v}`).join(", ");
  const perInstance = (n: number) => (counts.ready ? (n / counts.ready).toFixed(2) : "-");
  const sent = verbs.reduce((n, v) => n + client.counts[v]!, 0);
  return {
    units: counts.ready,
    unit: "instances",
    note: `${counts.ready.toLocaleString("en-US")} of ${p.instances.toLocaleString("en-US")} ServiceInstances Ready${reached ? "" : ` (gave up after ${GIVE_UP_MS / 1000} s)`} in ${seconds.toFixed(1)} s; operator requests: ${writes} (${perInstance(sent)} writes per instance), ${reconciled.toLocaleString("en-US")} reconciles (${perInstance(reconciled)} per instance); the test server and dependents' process: CPU ${counts.serverCpuSeconds.toFixed(1)} s`,
  };
}

const cases: BenchCase[] = [
  {
    name: "cold start to all Ready: every ServiceInstance of the 1x estate",
    group: "catalog operator",
    setup: (ctx) => prepare(ctx, 1),
    run: (_ctx, prepared) => run(prepared as Prepared),
  },
  {
    name: "cold start to all Ready: every ServiceInstance of the 10x estate",
    group: "catalog operator",
    target: { seconds: 30, megabytes: 300 },
    setup: (ctx) => prepare(ctx, 10),
    run: (_ctx, prepared) => run(prepared as Prepared),
  },
];

const suite: BenchSuite = {
  id: "catalog",
  title:
    "Service-catalogue operator: ServiceInstances from a cold start to all Ready against the Kubernetes API test server",
  cases,
};
export default suite;
