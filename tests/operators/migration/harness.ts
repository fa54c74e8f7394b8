/**
 * The migration operator against the test API server, on a fake clock: the govcloud CRDs installed, a
 * manager running the migration controller, and an "ingress controller" (a prom-client registry serving
 * nginx_ingress_controller_requests on 127.0.0.1) that a real Prometheus scrapes, so traffic evidence is
 * measured as in a cluster. Reflector watchdogs are pushed out of the fake clock's way (the clock jumps
 * months; the watches themselves run in real time).
 */
import http from "node:http";
import { Counter, Registry } from "prom-client";
import { crds } from "../../../operators/index.js";
import {
  migrationController,
  prometheusTraffic,
  zombieHook,
  type MigrationControllerOptions,
} from "../../../operators/migration/index.js";
import {
  FakeClock,
  KubeClient,
  Manager,
  resourceFor,
  silentLogger,
  type KObject,
} from "../../../operators/runtime/index.js";
import { startKubeApi, type KubeApi } from "../../support/kube-api/index.js";
import { waitFor } from "../../support/wait.js";

export const V = "govcloud.io/v1alpha1";

export interface Operator {
  readonly api: KubeApi;
  readonly client: KubeClient;
  readonly manager: Manager;
  readonly registry: Registry;
  readonly clock: FakeClock;
  stop(): Promise<void>;
}

/** A cluster and the migration controller on a fake clock starting at `start` (ISO instant). */
export async function startOperator(
  start: string,
  options: Partial<MigrationControllerOptions> & { prometheusUrl?: string; zombies?: boolean } = {},
): Promise<Operator> {
  const api = await startKubeApi({
    crds: crds() as never,
    namespaces: ["default", "kube-system", "govcloud-system"],
  });
  const client = new KubeClient(api.kubeConfig());
  const registry = new Registry();
  const clock = new FakeClock(Date.parse(start));
  const manager = new Manager({
    client,
    name: "govcloud-operators",
    namespace: "govcloud-system",
    registry,
    clock,
    log: silentLogger,
    reflector: { stallMs: 1e13, relistMs: 0, backoff: { baseMs: 20, maxMs: 200 } } as never,
  });
  const { prometheusUrl, zombies, ...rest } = options;
  manager.add(
    migrationController({
      registry,
      ...(prometheusUrl ? { traffic: prometheusTraffic(prometheusUrl, { timeoutMs: 3_000 }) } : {}),
      ...(prometheusUrl && zombies ? { zombie: zombieHook(prometheusUrl, { timeoutMs: 3_000 }) } : {}),
      ...rest,
    }),
  );
  await manager.start();
  await manager.waitForCacheSync();
  return {
    api,
    client,
    manager,
    registry,
    clock,
    async stop() {
      await manager.stop();
      client.close();
      await api.stop();
    },
  };
}

export interface MigrationFacts {
  department: string;
  system: string;
  deadline: string;
  declared: Record<string, string>;
  applies?: boolean;
  legacyHosts?: string[];
  exemption?: Record<string, string>;
  zombie?: Record<string, unknown>;
}

/** A SystemMigration as `govcloud plan` writes one. */
export function systemMigration(f: MigrationFacts): KObject {
  const name = `${f.department}-${f.system}`;
  return {
    apiVersion: V,
    kind: "SystemMigration",
    metadata: { name, labels: { "govcloud.io/department": f.department, "govcloud.io/system": f.system } },
    spec: {
      system: f.system,
      department: f.department,
      division: "140400",
      tier: "municipal",
      namespace: name,
      cloud: "city-140400",
      legacyLocation: "自建机房",
      ...(f.legacyHosts ? { legacyHosts: f.legacyHosts } : {}),
      deadline: f.deadline,
      deadlineSource: { source: "record", clause: `catalog/requests/${f.department}/${f.system}.yaml` },
      declared: f.declared,
      ...(f.exemption ? { exemption: f.exemption } : {}),
      ...(f.zombie ? { zombie: f.zombie } : {}),
      budgetHold: {
        applies: f.applies ?? true,
        clause: "长治市加快数字政府建设实施方案 三(二)4: 未按期迁移的不得申请财政预算",
      },
    },
  };
}

export const namespace = (name: string): KObject => ({ apiVersion: "v1", kind: "Namespace", metadata: { name } });
export const instance = (ns: string, name: string): KObject => ({
  apiVersion: V,
  kind: "ServiceInstance",
  metadata: { name, namespace: ns },
  spec: { system: ns.split("-").slice(1).join("-"), department: ns.split("-")[0]!, offering: "postgresql", params: {} },
});
export const ingress = (ns: string, name = "web"): KObject => ({
  apiVersion: "networking.k8s.io/v1",
  kind: "Ingress",
  metadata: { name, namespace: ns },
  spec: {
    rules: [
      {
        host: `${ns}.gov.example`,
        http: {
          paths: [{ path: "/", pathType: "Prefix", backend: { service: { name: "web", port: { number: 80 } } } }],
        },
      },
    ],
  },
});

/** Sets a ServiceInstance Ready (as the catalog operator would) through /status. */
export async function markReady(client: KubeClient, ns: string, name: string): Promise<void> {
  await client.mergePatch(
    resourceFor("ServiceInstance"),
    name,
    ns,
    {
      status: {
        phase: "Ready",
        conditions: [
          {
            type: "Ready",
            status: "True",
            reason: "AllReady",
            message: "ready",
            lastTransitionTime: "2026-01-01T00:00:00Z",
          },
        ],
      },
    },
    "status",
  );
}

export const sm = (api: KubeApi, name: string) =>
  api.store.get(V, "SystemMigration", undefined, name) as (KObject & { status?: any; spec: any }) | undefined;
export const hold = (api: KubeApi, dept: string) =>
  api.store.get(V, "BudgetHold", undefined, dept) as (KObject & { status?: any; spec: any }) | undefined;
export const condition = (o: { status?: any } | undefined, type: string) =>
  (o?.status?.conditions ?? []).find((c: { type: string }) => c.type === type) as
    { status: string; reason: string; message: string } | undefined;
export const events = (api: KubeApi, name: string) =>
  (api.store.list("v1", "Event") as any[])
    .filter((e) => e.involvedObject?.name === name)
    .map((e) => ({ reason: e.reason as string, type: e.type as string, message: e.message as string }));

/**
 * Waits until the operator has no key queued and none in hand: every reconcile started so far has returned,
 * so the timers it asked for (requeueAfter on the fake clock) are set. Moving the clock before that could
 * pass a deadline whose timer is set only afterwards, at the moved clock's time.
 */
export function idle(o: Operator): Promise<true> {
  return waitFor(
    () =>
      `the operator to be idle (${o.manager.controllerList.map((c) => `${c.name}: ${c.queue.length} queued, ${c.queue.inFlight} in hand`).join("; ")})`,
    () => o.manager.controllerList.every((c) => c.queue.length === 0 && c.queue.inFlight === 0),
  );
}

/** Moves the fake clock by `ms` once the operator is idle (see idle). */
export async function advance(o: Operator, ms: number): Promise<void> {
  await idle(o);
  await o.clock.advance(ms);
}

/**
 * For "nothing happens" checks: lets the operator finish what it has in hand, work in real time (watches,
 * writes and the reconciles they cause) for `ms` without moving the fake clock, and finish again.
 */
export async function quiet(o: Operator, ms = 400): Promise<void> {
  await idle(o);
  await new Promise((r) => setTimeout(r, ms));
  await idle(o);
}

/** The ingress controller's request counter, served for Prometheus to scrape; `busy` namespaces/hosts get requests. */
export interface IngressController {
  readonly address: string;
  /** Namespaces served requests continuously. */
  readonly busy: Set<string>;
  /** Legacy hosts served requests continuously. */
  readonly busyHosts: Set<string>;
  /** Makes a series exist (value unchanged afterwards). */
  touch(namespace: string, host: string): void;
  stop(): Promise<void>;
}

export async function startIngressController(): Promise<IngressController> {
  const registry = new Registry();
  const requests = new Counter({
    name: "nginx_ingress_controller_requests",
    help: "requests",
    labelNames: ["namespace", "ingress", "host", "status"],
    registers: [registry],
  });
  const busy = new Set<string>();
  const busyHosts = new Set<string>();
  const timer = setInterval(() => {
    for (const ns of busy) requests.inc({ namespace: ns, ingress: "web", host: `${ns}.gov.example`, status: "200" }, 5);
    for (const h of busyHosts)
      requests.inc({ namespace: "legacy-proxy", ingress: "legacy", host: h, status: "200" }, 5);
  }, 100);
  const server = http.createServer((_req, res) => {
    void registry.metrics().then((body) => {
      res.writeHead(200, { "content-type": registry.contentType });
      res.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const a = server.address() as { port: number };
  return {
    address: `127.0.0.1:${a.port}`,
    busy,
    busyHosts,
    touch: (ns, host) => requests.inc({ namespace: ns, ingress: "web", host, status: "200" }, 0),
    async stop() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
