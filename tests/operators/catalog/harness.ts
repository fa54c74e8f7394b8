/**
 * The service-catalogue operator against the test API server: the CRDs installed (govcloud's generated
 * ServiceInstance CRD and the upstream CNPG, KubeVirt, lib-bucket-provisioner and Velero CRDs), a
 * manager running the catalog controller, and a small in-test controller playing CNPG, KubeVirt, the
 * bucket provisioner, the StatefulSet/Deployment controllers and Velero by setting their objects' status.
 */
import { Registry } from "prom-client";
import type { Estate } from "../../../catalog/index.js";
import { crds } from "../../../operators/index.js";
import { catalogController, type CatalogOptions } from "../../../operators/catalog/index.js";
import { KubeClient, Manager, silentLogger, type KObject } from "../../../operators/runtime/index.js";
import { startKubeApi, type KubeApi } from "../../support/kube-api/index.js";
import { loadCrd, CRD_FILES } from "../../support/crds.js";

export const VELERO = "velero";

/** Every CRD the operator's tests need, as objects for the test API server. */
export function allCrds(): Record<string, unknown>[] {
  return [...(crds() as Record<string, unknown>[]), ...Object.keys(CRD_FILES).map((k) => loadCrd(k) as Record<string, unknown>)];
}

export interface Dependents {
  /** Objects (`Kind/namespace/name`) whose controller never reports them ready. */
  readonly never: Set<string>;
  /** Velero Backups end Failed while this is true. */
  backupsFail: boolean;
  /** Backups that reached Completed, with when. */
  readonly completed: Map<string, number>;
  stop(): void;
}

const READY: Record<string, (o: KObject) => Record<string, unknown> | undefined> = {
  "postgresql.cnpg.io/v1/Cluster": (o) => ({ instances: (o.spec as { instances: number }).instances, readyInstances: (o.spec as { instances: number }).instances, phase: "Cluster in healthy state" }),
  "kubevirt.io/v1/VirtualMachine": () => ({ ready: true, printableStatus: "Running" }),
  "objectbucket.io/v1alpha1/ObjectBucketClaim": () => ({ phase: "Bound" }),
  "v1/PersistentVolumeClaim": () => ({ phase: "Bound" }),
  "apps/v1/StatefulSet": (o) => ({ replicas: (o.spec as { replicas: number }).replicas, readyReplicas: (o.spec as { replicas: number }).replicas }),
  "apps/v1/Deployment": (o) => ({ replicas: (o.spec as { replicas: number }).replicas, readyReplicas: (o.spec as { replicas: number }).replicas }),
  "v1/Service": (o) => ((o.spec as { type?: string }).type === "LoadBalancer" ? { loadBalancer: { ingress: [{ ip: "10.255.0.1" }] } } : undefined),
  "velero.io/v1/Schedule": () => ({ phase: "Enabled" }),
};

/** Plays the dependents' controllers: polls the server's store and sets their status through the API. */
export function startDependents(api: KubeApi, client: KubeClient, intervalMs = 50): Dependents {
  const d: Dependents = { never: new Set(), backupsFail: false, completed: new Map(), stop: () => clearInterval(timer) };
  let busy = false;
  const kinds = [...Object.keys(READY), "velero.io/v1/Backup"];
  const tick = async () => {
    if (busy) return;
    busy = true;
    const writes: (() => Promise<void>)[] = [];
    try {
      for (const k of kinds) {
        const kind = k.split("/").at(-1)!;
        const apiVersion = k.slice(0, k.length - kind.length - 1);
        for (const o of api.store.list(apiVersion, kind) as KObject[]) {
          if (o.metadata.deletionTimestamp) continue;
          const id = `${kind}/${o.metadata.namespace}/${o.metadata.name}`;
          let status: Record<string, unknown> | undefined;
          if (kind === "Backup") {
            const phase = (o.status as { phase?: string } | undefined)?.phase;
            if (phase === "Completed" || (phase === "Failed" && d.backupsFail)) continue;
            status = d.backupsFail ? { phase: "Failed", failureReason: "backup storage location default is unavailable" } : { phase: "Completed", errors: 0 };
            if (!d.backupsFail) d.completed.set(`${o.metadata.namespace}/${o.metadata.name}`, Date.now());
          } else {
            if (d.never.has(id)) continue;
            status = READY[k]!(o);
            if (!status) continue;
            const have = (o.status ?? {}) as Record<string, unknown>;
            if (Object.entries(status).every(([f, v]) => JSON.stringify(have[f]) === JSON.stringify(v))) continue;
          }
          // Velero's CRDs have no status subresource: its controller writes the whole object.
          const sub = kind === "Backup" || kind === "Schedule" ? undefined : "status";
          const patch = { status };
          writes.push(() => client.mergePatch(clientResource(apiVersion, kind), o.metadata.name, o.metadata.namespace, patch, sub).then(() => undefined, () => undefined));
        }
      }
      // A few writes at a time, as controllers with several workers do.
      for (let i = 0; i < writes.length; i += 16) await Promise.all(writes.slice(i, i + 16).map((w) => w()));
    } finally {
      busy = false;
    }
  };
  const timer = setInterval(() => void tick(), intervalMs);
  return d;
}

const PLURALS: Record<string, string> = { Cluster: "clusters", VirtualMachine: "virtualmachines", ObjectBucketClaim: "objectbucketclaims", PersistentVolumeClaim: "persistentvolumeclaims", StatefulSet: "statefulsets", Deployment: "deployments", Service: "services", Schedule: "schedules", Backup: "backups" };
function clientResource(apiVersion: string, kind: string) {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  const version = apiVersion.split("/").at(-1)!;
  return { group, version, kind, plural: PLURALS[kind]!, namespaced: true };
}

export interface Operator {
  readonly manager: Manager;
  readonly registry: Registry;
  readonly client: KubeClient;
  stop(): Promise<void>;
}

/** A manager running the catalog controller (with leader election when `identity` is given). */
export async function startOperator(api: KubeApi, estate: Estate, options: Partial<CatalogOptions> & { identity?: string; leaseMs?: number } = {}): Promise<Operator> {
  const client = new KubeClient(api.kubeConfig());
  const registry = new Registry();
  const { identity, leaseMs, ...rest } = options;
  const manager = new Manager({
    client,
    name: "govcloud-operators",
    namespace: "govcloud-system",
    registry,
    log: silentLogger,
    reflector: { backoff: { baseMs: 20, maxMs: 500 } } as never,
    ...(identity ? { identity, leaderElection: { name: "govcloud-operators", leaseDurationMs: leaseMs ?? 10_000, renewDeadlineMs: (leaseMs ?? 10_000) * 0.66, retryPeriodMs: (leaseMs ?? 10_000) * 0.1 } } : {}),
  });
  manager.add(catalogController({ estate, registry, readyTimeoutMs: 60_000, ...rest }));
  await manager.start();
  return {
    manager,
    registry,
    client,
    async stop() {
      await manager.stop();
      client.close();
    },
  };
}

export async function startCluster(namespaces: string[] = []): Promise<{ api: KubeApi; client: KubeClient }> {
  const api = await startKubeApi({ crds: allCrds() as never, namespaces: ["default", "kube-system", "govcloud-system", VELERO, ...namespaces] });
  return { api, client: new KubeClient(api.kubeConfig()) };
}

/** Polls until `check` returns a value (not undefined/false), or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string | (() => string), check: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = check();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
