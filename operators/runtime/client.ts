/**
 * The operators' Kubernetes client: credentials and cluster from @kubernetes/client-node 1.4.0's
 * `KubeConfig` (kubeconfig files, KUBECONFIG, in-cluster service account, exec plugins), watches on its
 * `Watch`, and plain JSON over HTTP(S) for everything else.
 *
 * Why not its typed APIs: their ObjectSerializer turns `V1MicroTime` into a `Date` and writes it back
 * with 3-digit fractions (a real API server rejects such Lease times), drops fields it does not know
 * and cannot address the `/status` subresource of arbitrary kinds. Objects here stay the JSON the
 * server sent. Writes: server-side apply (`application/apply-patch+yaml`, one fieldManager per
 * operator), JSON merge patch, create, replace and delete; errors are `ApiError` with the HTTP status
 * and the `Status` reason.
 */
import http from "node:http";
import https from "node:https";
import { KubeConfig, Watch } from "./client-node.js";
import { collectionPath, objectPath, resourceFor, type ResourceType } from "./resources.js";

export interface ObjectMeta {
  name: string;
  namespace?: string;
  generateName?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  finalizers?: string[];
  ownerReferences?: OwnerReference[];
  [field: string]: unknown;
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** A Kubernetes object as JSON. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ObjectList {
  readonly items: KObject[];
  readonly metadata: { readonly resourceVersion?: string; readonly continue?: string };
}

/** An error answer of the API server: HTTP status and the `Status` object's reason and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const statusOf = (e: unknown): number | undefined =>
  e instanceof ApiError
    ? e.status
    : typeof (e as { statusCode?: unknown })?.statusCode === "number"
      ? (e as { statusCode: number }).statusCode
      : undefined;
export const isNotFound = (e: unknown) => statusOf(e) === 404;
export const isConflict = (e: unknown) => statusOf(e) === 409;
export const isGone = (e: unknown) => statusOf(e) === 410;

export interface ListOptions {
  readonly namespace?: string;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly limit?: number;
  readonly continue?: string;
  readonly resourceVersion?: string;
}

export interface WatchHandle {
  abort(): void;
}

/**
 * One watch request. `onEvent` gets each line's type (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR) and
 * object; `onDone` is called once, with null when the server ended the stream and the error otherwise
 * (an HTTP error carries `statusCode`). The returned promise resolves once the response started.
 */
export type WatchFn = (
  path: string,
  params: Record<string, string | number | boolean | undefined>,
  onEvent: (type: string, object: unknown) => void,
  onDone: (err: unknown) => void,
) => Promise<WatchHandle>;

export interface ApplyOptions {
  /** Take over fields another manager owns (controllers do: they own the desired state). Default true. */
  readonly force?: boolean;
  readonly subresource?: "status";
  /**
   * The caller does not read the answer: it is not parsed, and the promise resolves with the object as
   * sent, not as stored (a failure is still an ApiError). Saves parsing the whole stored object,
   * managedFields included, on every write.
   */
  readonly discard?: boolean;
}

/** What the runtime and reconcilers need from a cluster; tests may substitute any implementation. */
export interface Client {
  get(t: ResourceType, name: string, namespace?: string): Promise<KObject>;
  list(t: ResourceType, options?: ListOptions): Promise<ObjectList>;
  create(object: KObject): Promise<KObject>;
  replace(object: KObject, subresource?: "status"): Promise<KObject>;
  apply(object: KObject, fieldManager: string, options?: ApplyOptions): Promise<KObject>;
  mergePatch(
    t: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    subresource?: "status",
  ): Promise<KObject>;
  delete(t: ResourceType, name: string, namespace?: string): Promise<void>;
  readonly watch: WatchFn;
}

export const resourceOf = (o: { apiVersion: string; kind: string }): ResourceType => resourceFor(o.kind, o.apiVersion);

export interface KubeConfigOptions {
  /** A kubeconfig file; default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account. */
  readonly kubeconfig?: string;
  readonly context?: string;
}

/** Loads a KubeConfig like kubectl does. Throws an Error with a readable message on a bad file or context. */
export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
  else kc.loadFromDefault();
  if (options.context) {
    if (!kc.getContextObject(options.context))
      throw new Error(
        `context "${options.context}" is not in the kubeconfig (contexts: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(", ") || "none"
        })`,
      );
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster())
    throw new Error("the kubeconfig names no current cluster (set current-context or pass --context)");
  return kc;
}

interface RequestOptions {
  readonly query?: Record<string, string | number | boolean | undefined>;
  readonly body?: unknown;
  readonly contentType?: string;
  /** A successful answer is not parsed: resolve with this instead. */
  readonly discard?: unknown;
}

/** Counts of requests by verb, for tests and the bench. */
export interface RequestCounts {
  [verb: string]: number;
}

export class KubeClient implements Client {
  readonly server: URL;
  private agent: http.Agent | undefined;
  private readonly watcher: Watch;
  readonly counts: RequestCounts = {};

  constructor(
    readonly config: KubeConfig,
    private readonly options: { readonly timeoutMs?: number; readonly userAgent?: string } = {},
  ) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error("the kubeconfig names no current cluster");
    this.server = new URL(cluster.server);
    this.watcher = new Watch(config);
  }

  static fromOptions(options: KubeConfigOptions = {}): KubeClient {
    return new KubeClient(loadKubeConfig(options));
  }

  readonly watch: WatchFn = async (path, params, onEvent, onDone) => {
    this.count("watch");
    const controller = await this.watcher.watch(path, params, (type, obj) => onEvent(type, obj), onDone);
    return { abort: () => controller.abort() };
  };

  /** Static credentials (a token, client certificates, basic auth), read once; see `credentials()`. */
  private staticCredentials: https.RequestOptions | undefined;

  /**
   * The kubeconfig's TLS material and auth headers for a request. Static ones are read once; a user with
   * an exec plugin or an auth provider (token files of the in-cluster service account, OIDC) is asked on
   * every request, so rotated tokens are picked up.
   */
  private async credentials(): Promise<https.RequestOptions> {
    if (this.staticCredentials) return this.staticCredentials;
    const opts: https.RequestOptions = { headers: {} };
    await this.config.applyToHTTPSOptions(opts);
    const user = this.config.getCurrentUser();
    if (!user || (!user.exec && !user.authProvider)) this.staticCredentials = opts;
    return opts;
  }

  private count(verb: string) {
    this.counts[verb] = (this.counts[verb] ?? 0) + 1;
  }

  /** Sends one request and parses the JSON answer; a non-2xx answer is an ApiError. */
  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    this.count(method === "PATCH" && options.contentType?.startsWith("application/apply-patch") ? "APPLY" : method);
    const opts = await this.credentials();
    const url = new URL(this.server.pathname.replace(/\/$/, "") + path, this.server);
    for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const body = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: http.OutgoingHttpHeaders = {
      ...(opts.headers as http.OutgoingHttpHeaders),
      accept: "application/json",
      "user-agent": this.options.userAgent ?? "govcloud-operators",
    };
    if (body) {
      headers["content-type"] = options.contentType ?? "application/json";
      headers["content-length"] = body.length;
    }
    const mod = url.protocol === "https:" ? https : http;
    // One keep-alive agent, with the TLS material of the kubeconfig (read once).
    this.agent ??=
      url.protocol === "https:"
        ? new https.Agent({
            keepAlive: true,
            maxSockets: 16,
            ca: opts.ca,
            cert: opts.cert,
            key: opts.key,
            pfx: opts.pfx,
            passphrase: opts.passphrase,
            ...(opts.rejectUnauthorized !== undefined ? { rejectUnauthorized: opts.rejectUnauthorized } : {}),
            ...(opts.servername ? { servername: opts.servername } : {}),
          })
        : new http.Agent({ keepAlive: true, maxSockets: 16 });
    return new Promise<T>((resolve, reject) => {
      const req = mod.request(
        url,
        {
          method,
          headers,
          agent: this.agent,
          ...(opts.auth ? { auth: opts.auth } : {}),
          timeout: this.options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const status0 = res.statusCode ?? 0;
            if (options.discard !== undefined && status0 >= 200 && status0 < 300) return resolve(options.discard as T);
            const text = Buffer.concat(chunks).toString("utf8");
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) return resolve(parsed as T);
            const s = (parsed ?? {}) as { reason?: string; message?: string };
            reject(
              new ApiError(
                status,
                s.reason ?? http.STATUS_CODES[status] ?? "Unknown",
                `${method} ${url.pathname}: ${status} ${s.message ?? (typeof parsed === "string" ? parsed.slice(0, 200) : "")}`.trim(),
                parsed,
              ),
            );
          });
        },
      );
      req.on("timeout", () =>
        req.destroy(
          new Error(`${method} ${url.pathname}: no answer within ${(this.options.timeoutMs ?? 30_000) / 1000} s`),
        ),
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  get(t: ResourceType, name: string, namespace?: string): Promise<KObject> {
    return this.request("GET", objectPath(t, name, namespace));
  }

  list(t: ResourceType, options: ListOptions = {}): Promise<ObjectList> {
    const { namespace, ...query } = options;
    return this.request("GET", collectionPath(t, namespace), { query: { ...query } });
  }

  create(object: KObject): Promise<KObject> {
    const t = resourceOf(object);
    return this.request("POST", collectionPath(t, object.metadata.namespace), { body: object });
  }

  replace(object: KObject, subresource?: "status"): Promise<KObject> {
    const t = resourceOf(object);
    return this.request("PUT", objectPath(t, object.metadata.name, object.metadata.namespace, subresource), {
      body: object,
    });
  }

  apply(object: KObject, fieldManager: string, options: ApplyOptions = {}): Promise<KObject> {
    const t = resourceOf(object);
    return this.request("PATCH", objectPath(t, object.metadata.name, object.metadata.namespace, options.subresource), {
      query: { fieldManager, force: options.force ?? true },
      body: object,
      contentType: "application/apply-patch+yaml",
      ...(options.discard ? { discard: object } : {}),
    });
  }

  mergePatch(
    t: ResourceType,
    name: string,
    namespace: string | undefined,
    patch: unknown,
    subresource?: "status",
  ): Promise<KObject> {
    return this.request("PATCH", objectPath(t, name, namespace, subresource), {
      body: patch,
      contentType: "application/merge-patch+json",
    });
  }

  async delete(t: ResourceType, name: string, namespace?: string): Promise<void> {
    await this.request("DELETE", objectPath(t, name, namespace));
  }

  close(): void {
    this.agent?.destroy();
  }
}
