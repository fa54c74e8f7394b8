/**
 * An in-process Kubernetes API server for tests (no kube-apiserver can be installed here).
 *
 *   const api = await startKubeApi();
 *   api.url; api.kubeconfigPath; api.kubeConfig();
 *   api.faults.dropWatches(); api.faults.expireResourceVersions(); api.faults.failNext(3, 503);
 *   api.store.get("v1", "ConfigMap", "default", "x"); api.store.writes("v1", "ConfigMap", "default", "x");
 *   await api.stop();
 *
 * See README.md next to this file for the semantics kept and the ones deliberately left out.
 */
import { rmSync } from "node:fs";
import { KubeConfig } from "@kubernetes/client-node";
import type { FaultCounters, FailOptions } from "./faults.js";
import { apiVersionOf, type KindSpec } from "./kinds.js";
import { KubeApiServer, type KubeApiOptions } from "./server.js";
import { kindRes, type Obj } from "./store.js";

export type { KubeApiOptions } from "./server.js";
export type { KindSpec, PrinterColumn } from "./kinds.js";
export type { FailOptions, FaultCounters } from "./faults.js";
export type { StatusBody } from "./status.js";
export { BUILTIN_KINDS } from "./kinds.js";

export interface KubeApiFaults {
  /** Drops every open watch now (socket destroyed); with `everyMs`, again at every tick until `clear()`. */
  dropWatches(options?: { everyMs?: number }): void;
  /** Every resourceVersion so far becomes too old: open watches get an in-stream 410 and end (unless `keepWatches`); watches, continue tokens and Exact lists from an older resourceVersion get 410. */
  expireResourceVersions(options?: { keepWatches?: boolean }): void;
  /** Fails the next `n` matching requests with `status` (default 503). */
  failNext(n: number, status?: number, options?: FailOptions): void;
  /** Fails a seeded-random share (0..1) of matching requests with one of `statuses`, until `clear()`. */
  failRate(ratio: number, statuses?: number | readonly number[], options?: FailOptions): void;
  /** Delays every request by `ms` (0 switches it off). */
  latency(ms: number): void;
  /** Open watches stop sending anything (connection kept); with `newWatches`, new ones too, until `clear()`. */
  stallWatches(options?: { newWatches?: boolean }): void;
  /** Switches every fault off. */
  clear(): void;
  readonly counters: Readonly<FaultCounters>;
}

/** Read-only inspection of the server's state (copies; mutating them changes nothing). */
export interface KubeApiStore {
  get(apiVersion: string, kind: string, namespace: string | undefined, name: string): Obj | undefined;
  list(apiVersion: string, kind: string, namespace?: string): Obj[];
  count(apiVersion: string, kind: string, namespace?: string): number;
  /** Writes (create, update, patch, status, delete, finalizer/GC updates) that reached this object so far. */
  writes(apiVersion: string, kind: string, namespace: string | undefined, name: string): number;
  /** The current global resourceVersion. */
  resourceVersion(): number;
  /** Watches being served right now. */
  openWatches(): number;
  /** Requests served so far, by HTTP method. */
  requests(method?: string): number;
  /** The kinds served now (built-ins and CRD-defined). */
  kinds(): KindSpec[];
  /**
   * Calls `handler` synchronously on every change of the kind (in-process, no HTTP), with the object as
   * stored (read it, never mutate it), until the returned function is called. For in-test controllers
   * that must not re-read the whole store on every tick.
   */
  subscribe(
    apiVersion: string,
    kind: string,
    handler: (type: "ADDED" | "MODIFIED" | "DELETED", obj: Readonly<Obj>) => void,
  ): () => void;
  /** The stored objects of a kind without copying them (read them, never mutate them). */
  scan(apiVersion: string, kind: string, namespace?: string): Iterable<Readonly<Obj>>;
}

export interface KubeApi {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** A kubeconfig file for kubectl and client-node (`KubeConfig.loadFromFile`); removed by `stop()`. */
  readonly kubeconfigPath: string;
  /** A fresh client-node KubeConfig pointing at this server. */
  kubeConfig(): KubeConfig;
  readonly faults: KubeApiFaults;
  readonly store: KubeApiStore;
  /**
   * Creates objects directly (no HTTP; same semantics as POST), e.g. to seed a bench. Returns them as
   * stored (not copies, to stay fast): read them, never mutate them. The objects passed in are copied.
   */
  load(objects: readonly Record<string, unknown>[], fieldManager?: string): Obj[];
  /**
   * Applies a JSON merge patch directly (no HTTP, no injected faults; otherwise the semantics of PATCH
   * with `application/merge-patch+json`, `/status` with `subresource`), e.g. for an in-test controller
   * writing the status of thousands of objects. Returns the object as stored: read it, never mutate it.
   * Throws the ApiError the HTTP request would answer.
   */
  patch(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: Record<string, unknown>,
    options?: { readonly subresource?: "status"; readonly fieldManager?: string },
  ): Obj;
  stop(): Promise<void>;
}

export async function startKubeApi(options: KubeApiOptions = {}): Promise<KubeApi> {
  const server = new KubeApiServer(options);
  const url = await server.listen();
  const { path, dir } = server.writeKubeconfig();
  const findKind = (apiVersion: string, kind: string): KindSpec | undefined => server.registry.kind(apiVersion, kind);
  const store: KubeApiStore = {
    get(apiVersion, kind, namespace, name) {
      const k = findKind(apiVersion, kind);
      const e = k && server.store.get(kindRes(k), k.namespaced ? (namespace ?? "") : "", name);
      return e ? structuredClone(e.obj) : undefined;
    },
    list(apiVersion, kind, namespace) {
      const k = findKind(apiVersion, kind);
      if (!k) return [];
      return [...server.store.scan(kindRes(k), k.namespaced ? namespace : undefined)].map(([, e]) =>
        structuredClone(e.obj),
      );
    },
    count(apiVersion, kind, namespace) {
      const k = findKind(apiVersion, kind);
      if (!k) return 0;
      if (!namespace || !k.namespaced) return server.store.count(kindRes(k));
      let n = 0;
      for (const _ of server.store.scan(kindRes(k), namespace)) n++;
      return n;
    },
    writes(apiVersion, kind, namespace, name) {
      const k = findKind(apiVersion, kind);
      if (!k) return 0;
      return server.store.writes.get(`${kindRes(k)}|${k.namespaced ? (namespace ?? "") : ""}|${name}`) ?? 0;
    },
    resourceVersion: () => server.store.rv,
    openWatches: () => server.openWatchCount(),
    requests: (method) =>
      method
        ? (server.requestCounts.get(method.toUpperCase()) ?? 0)
        : [...server.requestCounts.values()].reduce((a, b) => a + b, 0),
    kinds: () => server.registry.all().map((k) => ({ ...k })),
    subscribe(apiVersion, kind, handler) {
      const k = findKind(apiVersion, kind);
      if (!k) throw new Error(`no kind ${kind} is served for ${apiVersion}`);
      return server.store.addWatcher({ res: kindRes(k), send: (ev) => handler(ev.type, ev.obj) });
    },
    *scan(apiVersion, kind, namespace) {
      const k = findKind(apiVersion, kind);
      if (!k) return;
      for (const [, e] of server.store.scan(kindRes(k), k.namespaced ? namespace : undefined)) yield e.obj;
    },
  };
  let stopped = false;
  return {
    url,
    kubeconfigPath: path,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromFile(path);
      return kc;
    },
    faults: server.faults,
    store,
    patch(apiVersion, kind, namespace, name, patch, options = {}) {
      return server.mergePatchInternal(
        apiVersion,
        kind,
        namespace,
        name,
        patch as Obj,
        options.fieldManager ?? "kube-api-test",
        options.subresource,
      );
    },
    load(objects, fieldManager = "kube-api-test") {
      return objects.map((o) => server.createInternal(structuredClone(o) as Obj, fieldManager));
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export { apiVersionOf };

/**
 * A real cluster for the suites that also run against one: the kubeconfig named by `KUBECONFIG` (its
 * first file), or undefined when the variable is unset — those suites then skip their real-cluster half.
 */
export function realCluster(): { kubeconfigPath: string; kubeConfig(): KubeConfig } | undefined {
  const path = process.env.KUBECONFIG?.split(":").find((p) => p !== "");
  if (!path) return undefined;
  return {
    kubeconfigPath: path,
    kubeConfig() {
      const kc = new KubeConfig();
      kc.loadFromFile(path);
      return kc;
    },
  };
}
