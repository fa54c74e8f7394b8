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
  return [
    ...(crds() as Record<string, unknown>[]),
    ...Object.keys(CRD_FILES).map((k) => loadCrd(k) as Record<string, unknown>),
  ];
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
  "postgresql.cnpg.io/v1/Cluster": (o) => ({
    instances: (o.spec as { instances: number }).instances,
    readyInstances: (o.spec as { instances: number }).instances,
    phase: "Cluster in healthy state",
  }),
  "kubevirt.io/v1/VirtualMachine": () => ({ ready: true, printableStatus: "Running" }),
  "objectbucket.io/v1alpha1/ObjectBucketClaim": () => ({ phase: "Bound" }),
  "v1/PersistentVolumeClaim": () => ({ phase: "Bound" }),
  "apps/v1/StatefulSet": (o) => ({
    replicas: (o.spec as { replicas: number }).replicas,
    readyReplicas: (o.spec as { replicas: number }).replicas,
  }),
  "apps/v1/Deployment": (o) => ({
    replicas: (o.spec as { replicas: number }).replicas,
    readyReplicas: (o.spec as { replicas: number }).replicas,
  }),
  "v1/Service": (o) =>
    (o.spec as { type?: string }).type === "LoadBalancer"
      ? { loadBalancer: { ingress: [{ ip: "10.255.0.1" }] } }
      : undefined,
  "velero.io/v1/Schedule": () => ({ phase: "Enabled" }),
};

/**
 * Plays the dependents' controllers, event-driven as real controllers are: every change of their kinds
 * (an in-process subscription to the server's store) marks the object; `intervalMs` after the first mark
 * the marked objects get their status through the API. Changing `never` or `backupsFail` looks at every
 * object again (level-triggered: what counts is the state, not the events seen).
 *
 * The status goes through the HTTP API with `client` (faults injected on writes hit it too, and a failed
 * write is tried again), or with `inProcess` straight into the server (`api.patch`: the same merge-patch
 * semantics, watch events and resourceVersions, without an HTTP client and request per write: what the
 * bench uses, so the process hosting the test server spends its time serving the operator).
 */
export function startDependents(
  api: KubeApi,
  client: KubeClient,
  intervalMs = 50,
  options: { readonly inProcess?: boolean } = {},
): Dependents {
  const kinds = [...Object.keys(READY), "velero.io/v1/Backup"];
  /** Marked objects: `<apiVersion/Kind>|namespace|name` → the object as stored at its last change. */
  const dirty = new Map<string, { k: string; o: KObject }>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let flushing: Promise<void> | undefined;
  const schedule = () => {
    if (!timer && !stopped) timer = setTimeout(() => void flush(), intervalMs);
  };
  const mark = (k: string, o: KObject) => {
    dirty.set(`${k}|${o.metadata.namespace ?? ""}|${o.metadata.name}`, { k, o });
    schedule();
  };
  const rescan = (only?: string) => {
    for (const k of kinds) {
      if (only && k !== only) continue;
      const kind = k.split("/").at(-1)!;
      for (const o of api.store.scan(k.slice(0, k.length - kind.length - 1), kind)) mark(k, o as unknown as KObject);
    }
  };
  class Watched extends Set<string> {
    override delete(v: string): boolean {
      const r = super.delete(v);
      if (r) rescan();
      return r;
    }
    override clear(): void {
      super.clear();
      rescan();
    }
  }
  let backupsFail = false;
  const d: Dependents = {
    never: new Watched(),
    get backupsFail() {
      return backupsFail;
    },
    set backupsFail(v: boolean) {
      backupsFail = v;
      rescan("velero.io/v1/Backup");
    },
    completed: new Map(),
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      for (const u of unsubscribe) u();
    },
  };
  const unsubscribe = kinds.map((k) => {
    const kind = k.split("/").at(-1)!;
    return api.store.subscribe(k.slice(0, k.length - kind.length - 1), kind, (type, obj) => {
      const o = obj as unknown as KObject;
      if (type === "DELETED") dirty.delete(`${k}|${o.metadata.namespace ?? ""}|${o.metadata.name}`);
      else mark(k, o);
    });
  });

  /** The write that reports the object ready (or the Backup's outcome), or undefined when there is none to do. */
  const writeFor = (k: string, o: KObject): (() => Promise<void>) | undefined => {
    const kind = k.split("/").at(-1)!;
    const apiVersion = k.slice(0, k.length - kind.length - 1);
    if (o.metadata.deletionTimestamp) return undefined;
    const id = `${kind}/${o.metadata.namespace}/${o.metadata.name}`;
    let status: Record<string, unknown> | undefined;
    if (kind === "Backup") {
      const phase = (o.status as { phase?: string } | undefined)?.phase;
      if (phase === "Completed" || (phase === "Failed" && d.backupsFail)) return undefined;
      status = d.backupsFail
        ? { phase: "Failed", failureReason: "backup storage location default is unavailable" }
        : { phase: "Completed", errors: 0 };
      if (!d.backupsFail) d.completed.set(`${o.metadata.namespace}/${o.metadata.name}`, Date.now());
    } else {
      if (d.never.has(id)) return undefined;
      status = READY[k]!(o);
      if (!status) return undefined;
      const have = (o.status ?? {}) as Record<string, unknown>;
      if (Object.entries(status).every(([f, v]) => JSON.stringify(have[f]) === JSON.stringify(v))) return undefined;
    }
    // Velero's CRDs have no status subresource: its controller writes the whole object.
    const sub = kind === "Backup" || kind === "Schedule" ? undefined : "status";
    const patch = { status };
    if (options.inProcess)
      return async () => {
        try {
          api.patch(apiVersion, kind, o.metadata.namespace, o.metadata.name, patch, {
            fieldManager: "govcloud-operators",
            ...(sub ? { subresource: sub } : {}),
          });
        } catch {
          // Gone meanwhile, or refused: looked at again on its next change, as long as it is there.
          const now = api.store.get(apiVersion, kind, o.metadata.namespace, o.metadata.name);
          if (now) mark(k, now as unknown as KObject);
        }
      };
    return () =>
      client.mergePatch(clientResource(apiVersion, kind), o.metadata.name, o.metadata.namespace, patch, sub).then(
        () => undefined,
        () => {
          // Failed (a fault, a conflict): tried again on the next pass, as long as the object is there.
          const now = api.store.get(apiVersion, kind, o.metadata.namespace, o.metadata.name);
          if (now) mark(k, now as unknown as KObject);
        },
      );
  };

  const flush = async (): Promise<void> => {
    timer = undefined;
    if (flushing) {
      // One pass at a time; what was marked meanwhile goes in the next.
      await flushing;
      return schedule();
    }
    const batch = [...dirty.values()];
    dirty.clear();
    flushing = (async () => {
      const writes = batch.map(({ k, o }) => writeFor(k, o)).filter((w) => w !== undefined);
      // A few writes at a time, as controllers with several workers do.
      let next = 0;
      const worker = async () => {
        while (next < writes.length && !stopped) await writes[next++]!();
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    })();
    try {
      await flushing;
    } finally {
      flushing = undefined;
    }
  };
  rescan();
  return d;
}

const PLURALS: Record<string, string> = {
  Cluster: "clusters",
  VirtualMachine: "virtualmachines",
  ObjectBucketClaim: "objectbucketclaims",
  PersistentVolumeClaim: "persistentvolumeclaims",
  StatefulSet: "statefulsets",
  Deployment: "deployments",
  Service: "services",
  Schedule: "schedules",
  Backup: "backups",
};
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
export async function startOperator(
  api: KubeApi,
  estate: Estate,
  options: Partial<CatalogOptions> & { identity?: string; leaseMs?: number } = {},
): Promise<Operator> {
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
    ...(identity
      ? {
          identity,
          leaderElection: {
            name: "govcloud-operators",
            leaseDurationMs: leaseMs ?? 10_000,
            renewDeadlineMs: (leaseMs ?? 10_000) * 0.66,
            retryPeriodMs: (leaseMs ?? 10_000) * 0.1,
          },
        }
      : {}),
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
  const api = await startKubeApi({
    crds: allCrds() as never,
    namespaces: ["default", "kube-system", "govcloud-system", VELERO, ...namespaces],
  });
  return { api, client: new KubeClient(api.kubeConfig()) };
}
