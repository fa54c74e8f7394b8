/**
 * The in-process Kubernetes API server for tests: HTTP on 127.0.0.1, Kubernetes semantics for the kinds of
 * the kind table and every CRD created at runtime. See README.md for what is kept and what is not.
 */
import { randomBytes, randomUUID, createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml, parseAllDocuments } from "yaml";
import { admitCustom, crdStatus, kindsOfCrd, runtimeOf } from "./crd.js";
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  openApiV3Doc,
  openApiV3Index,
  versionDoc,
} from "./discovery.js";
import { Faults, type WatchControl } from "./faults.js";
import {
  entriesToManagedFields,
  leaves,
  recordUpdate,
  serverSideApply,
  type ManagerEntry,
  type Scope,
} from "./fields.js";
import { apiVersionOf, BUILTIN_KINDS, KindRegistry, OBJECT_META_FIELDS, type KindSpec } from "./kinds.js";
import { builtinListTyper, schemaListTyper, type ListTyper } from "./listtypes.js";
import { isObj, jsonEqual, jsonPatch, mergePatch, strategicMergePatch, type Json } from "./patch.js";
import { parseFieldSelector, parseLabelSelector, type KubeObj } from "./selectors.js";
import { ApiError, errors, statusOf } from "./status.js";
import { eventLine, jsonOf, kindRes, Store, type Entry, type LogEvent, type Obj } from "./store.js";

export interface KubeApiOptions {
  /** Extra built-in-like kinds served next to the table's. */
  kinds?: readonly KindSpec[];
  /** CRD objects installed at start (the PolicyReport CRDs are installed unless `policyReportCrds: false`). */
  crds?: readonly Obj[];
  policyReportCrds?: boolean;
  /** Namespaces that exist at start (default: default, kube-system, kube-public, kube-node-lease). */
  namespaces?: readonly string[];
  /** Events kept for watches to resume from (the compaction window); older resourceVersions get 410. Default 20,000. */
  compactionWindow?: number;
  /** Interval of watch bookmarks (when asked for with allowWatchBookmarks). Default 5,000 ms (a real server: ~1 min). */
  bookmarkIntervalMs?: number;
  /** Default watch timeout when the client gives no timeoutSeconds. Default 1,800 s. */
  defaultWatchTimeoutSeconds?: number;
  /** Track managedFields on Update operations (Apply is always tracked). Default true. */
  managedFields?: boolean;
  /** Fault-injection setup at start. */
  faults?: { latencyMs?: number; seed?: number };
}

const READ_METHODS = new Set(["GET", "HEAD"]);
const RFC3339_MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}(Z|[+-]\d\d:\d\d)$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];
const CRD_RES = "apiextensions.k8s.io/customresourcedefinitions";
const NS_RES = "/namespaces";

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, "Z");

interface Route {
  k: KindSpec;
  ns: string;
  name?: string;
  sub?: string;
  watch: boolean;
}

interface WriteContext {
  manager: string;
  subresource?: string;
  dryRun: boolean;
  fieldValidation: string | null;
  /** Managed-field entries computed by an apply; skips the Update bookkeeping. */
  applied?: ManagerEntry[];
}

interface OpenWatch extends WatchControl {
  res: ServerResponse;
}

export class KubeApiServer {
  readonly registry: KindRegistry;
  readonly store: Store;
  readonly faults: Faults;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly watches = new Set<OpenWatch>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly openapiHashes = new Map<string, string>();
  private readonly opts: Required<Omit<KubeApiOptions, "kinds" | "crds" | "faults">>;
  private baseUrl = "";
  private stopped = false;
  /** Requests served, by method (inspection for tests). */
  readonly requestCounts = new Map<string, number>();

  constructor(options: KubeApiOptions = {}) {
    this.registry = new KindRegistry([...BUILTIN_KINDS, ...(options.kinds ?? [])]);
    this.registry.onChange(() => this.openapiHashes.clear());
    this.opts = {
      policyReportCrds: options.policyReportCrds ?? true,
      namespaces: options.namespaces ?? ["default", "kube-system", "kube-public", "kube-node-lease"],
      compactionWindow: options.compactionWindow ?? 20_000,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5_000,
      defaultWatchTimeoutSeconds: options.defaultWatchTimeoutSeconds ?? 1_800,
      managedFields: options.managedFields ?? true,
    };
    this.store = new Store(this.opts.compactionWindow);
    this.faults = new Faults(
      {
        watches: () => this.watches,
        compact: () => {
          this.store.nextRV();
          this.store.compactAll();
        },
      },
      options.faults?.seed ?? 1,
    );
    if (options.faults?.latencyMs) this.faults.latency(options.faults.latencyMs);
    for (const ns of this.opts.namespaces)
      this.createInternal({ apiVersion: "v1", kind: "Namespace", metadata: { name: ns } });
    const crds: Obj[] = [];
    if (this.opts.policyReportCrds) {
      for (const f of ["wgpolicyk8s.io_policyreports.yaml", "wgpolicyk8s.io_clusterpolicyreports.yaml"]) {
        for (const d of parseAllDocuments(readFileSync(new URL(`./crds/${f}`, import.meta.url), "utf8"))) {
          const o = d.toJSON() as Obj | null;
          if (o) crds.push(o);
        }
      }
    }
    for (const c of [...crds, ...(options.crds ?? []).map((x) => structuredClone(x))]) this.createInternal(c);
  }

  // ---------------------------------------------------------------- lifecycle

  async listen(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Idle keep-alive connections stay open, as a kube-apiserver keeps them: a 5 s idle close raced a client
    // reusing the connection at that moment (ECONNRESET on a loaded machine). stop() destroys every socket.
    this.server.keepAliveTimeout = 120_000;
    this.server.on("connection", (s) => {
      this.sockets.add(s);
      s.on("close", () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}`;
    return this.baseUrl;
  }

  get url(): string {
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.faults.stop();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const w of [...this.watches]) {
      try {
        w.res.end();
      } catch {
        /* already gone */
      }
    }
    this.watches.clear();
    if (!this.server) return;
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server.closeIdleConnections();
    setTimeout(() => {
      for (const s of this.sockets) s.destroy();
    }, 200).unref();
    await closed;
  }

  private later(fn: () => void, ms: number): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.stopped) fn();
    }, ms);
    this.timers.add(t);
  }

  // ---------------------------------------------------------------- HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? "GET";
    this.requestCounts.set(method, (this.requestCounts.get(method) ?? 0) + 1);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const q = url.searchParams;
    try {
      const isWatch = q.get("watch") === "true" || q.get("watch") === "1" || url.pathname.includes("/watch/");
      if (this.faults.delay > 0) await new Promise((r) => setTimeout(r, this.faults.delay));
      this.faults.check(method, url.pathname, isWatch);
      const body = READ_METHODS.has(method) ? undefined : await readBody(req);
      this.route(method, url.pathname, q, req, res, body);
    } catch (e) {
      this.fail(res, e);
    }
  }

  private fail(res: ServerResponse, e: unknown): void {
    const status =
      e instanceof ApiError
        ? e.status
        : statusOf(500, "InternalError", `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`);
    if (res.headersSent) {
      res.end();
      return;
    }
    sendJson(res, status.code, status);
  }

  private route(
    method: string,
    path: string,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
  ): void {
    const segs = path.split("/").filter((s) => s !== "");
    const get = method === "GET" || method === "HEAD";
    // Non-resource endpoints.
    if (get) {
      if (path === "/version" || path === "/version/") return sendJson(res, 200, versionDoc());
      if (path === "/healthz" || path === "/livez" || path === "/readyz") return sendText(res, 200, "ok");
      if (path === "/api" || path === "/api/")
        return sendJson(res, 200, apiVersions(this.baseUrl.replace(/^http:\/\//, "")));
      if (path === "/apis" || path === "/apis/") return sendJson(res, 200, apiGroupList(this.registry));
      if (path === "/openapi/v2") {
        // An empty protobuf Document: kubectl falls back to its compiled-in types for built-in kinds.
        res.writeHead(200, {
          "Content-Type": "application/com.github.proto-openapi.spec.v2@v1.0+protobuf",
          "Content-Length": "0",
        });
        return void res.end();
      }
      if (segs[0] === "openapi" && segs[1] === "v3") return this.openapi(res, segs.slice(2).join("/"));
      if (segs.length === 2 && segs[0] === "api") {
        const doc = apiResourceList(this.registry, "", segs[1]!);
        return doc ? sendJson(res, 200, doc) : this.fail(res, errors.notFoundPath());
      }
      if (segs.length === 2 && segs[0] === "apis") {
        const doc = apiGroup(this.registry, segs[1]!);
        return doc ? sendJson(res, 200, doc) : this.fail(res, errors.notFoundPath());
      }
      if (segs.length === 3 && segs[0] === "apis") {
        const doc = apiResourceList(this.registry, segs[1]!, segs[2]!);
        return doc ? sendJson(res, 200, doc) : this.fail(res, errors.notFoundPath());
      }
    }
    const r = this.parseRoute(segs, q);
    if (!r) throw errors.notFoundPath();
    const { k } = r;
    if (
      r.sub !== undefined &&
      !(r.sub === "status" && k.status) &&
      !(r.sub === "finalize" && k.kind === "Namespace" && k.group === "")
    )
      throw errors.notFoundPath();
    if (r.name === undefined) {
      if (method === "GET") {
        if (r.watch) return this.watch(r, q, req, res);
        return this.list(r, q, req, res);
      }
      if (method === "POST") {
        if (k.namespaced && !r.ns) throw errors.methodNotAllowed();
        const obj = decode(body!, req.headers["content-type"], k);
        const created = this.create(k, r.ns, obj, this.writeContext(req, q));
        return this.respond(res, 201, created, req, q);
      }
      if (method === "DELETE") return this.deleteCollection(r, q, req, res, body);
      throw errors.methodNotAllowed();
    }
    if (r.watch && method === "GET") return this.watch(r, q, req, res);
    switch (method) {
      case "GET":
      case "HEAD": {
        const e = this.mustGet(k, r.ns, r.name);
        return this.respond(res, 200, e.obj, req, q);
      }
      case "PUT": {
        const obj = decode(body!, req.headers["content-type"], k);
        const ctx = this.writeContext(req, q, r.sub);
        const updated = this.update(k, r.ns, r.name, obj, ctx);
        return this.respond(res, updated.created ? 201 : 200, updated.obj, req, q);
      }
      case "PATCH": {
        const out = this.patch(k, r, req, q, body!);
        return this.respond(res, out.created ? 201 : 200, out.obj, req, q);
      }
      case "DELETE": {
        const opts = body && body.length ? (decode(body, req.headers["content-type"], k) as Obj) : {};
        const out = this.delete(k, r.ns, r.name, {
          propagationPolicy: q.get("propagationPolicy") ?? (opts.propagationPolicy as string | undefined),
          preconditions: opts.preconditions as Obj | undefined,
          dryRun: q.getAll("dryRun").includes("All") || (Array.isArray(opts.dryRun) && opts.dryRun.includes("All")),
        });
        // As the real handler: 200, also when finalizers keep the object; 202 only when it stays and the
        // (deprecated) orphanDependents was explicitly false.
        return sendJson(res, !out.deleted && opts.orphanDependents === false ? 202 : 200, out.obj);
      }
      default:
        throw errors.methodNotAllowed();
    }
  }

  private parseRoute(segs: string[], q: URLSearchParams): Route | undefined {
    let group: string;
    let version: string;
    let rest: string[];
    if (segs[0] === "api" && segs.length >= 3) {
      group = "";
      version = segs[1]!;
      rest = segs.slice(2);
    } else if (segs[0] === "apis" && segs.length >= 4) {
      group = segs[1]!;
      version = segs[2]!;
      rest = segs.slice(3);
    } else return undefined;
    let watch = q.get("watch") === "true" || q.get("watch") === "1";
    if (rest[0] === "watch") {
      watch = true;
      rest = rest.slice(1);
    }
    if (rest[0] === "namespaces" && rest.length >= 3) {
      const k = this.registry.resource(group, version, rest[2]!);
      if (k && k.namespaced) return { k, ns: rest[1]!, name: rest[3], sub: rest[4], watch };
      if (rest.length > 3) return undefined;
    }
    const k = this.registry.resource(group, version, rest[0]!);
    if (!k || rest.length > 3) return undefined;
    return { k, ns: "", name: rest[1], sub: rest[2], watch };
  }

  private writeContext(req: IncomingMessage, q: URLSearchParams, subresource?: string): WriteContext {
    const ua = String(req.headers["user-agent"] ?? "");
    const manager = q.get("fieldManager") || ua.split("/")[0] || "unknown";
    if (manager.length > 128)
      throw errors.invalid("CreateOptions", "meta.k8s.io", "", [
        { field: "fieldManager", type: "FieldValueTooLong", detail: "Too long: may not be longer than 128" },
      ]);
    const ctx: WriteContext = {
      manager,
      dryRun: q.getAll("dryRun").includes("All"),
      fieldValidation: q.get("fieldValidation"),
    };
    if (subresource) ctx.subresource = subresource;
    return ctx;
  }

  private respond(res: ServerResponse, code: number, obj: Obj, req: IncomingMessage, q: URLSearchParams): void {
    const r = this.parseRouteForTable(req);
    if (r && wantsTable(req))
      return sendJson(res, code, this.table(r, [obj], String((obj.metadata as Obj).resourceVersion ?? ""), q));
    sendRaw(res, code, jsonOf(obj));
  }

  private parseRouteForTable(req: IncomingMessage): KindSpec | undefined {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    return this.parseRoute(
      url.pathname.split("/").filter((s) => s !== ""),
      url.searchParams,
    )?.k;
  }

  private openapi(res: ServerResponse, rest: string): void {
    const hashOf = (p: string): string => {
      let h = this.openapiHashes.get(p);
      if (!h) {
        const doc = this.openapiDoc(p);
        h = createHash("sha512")
          .update(JSON.stringify(doc ?? {}))
          .digest("hex")
          .toUpperCase()
          .slice(0, 128);
        this.openapiHashes.set(p, h);
      }
      return h;
    };
    if (rest === "") return sendJson(res, 200, openApiV3Index(this.registry, hashOf));
    const doc = this.openapiDoc(rest);
    if (!doc) return this.fail(res, errors.notFoundPath());
    sendJson(res, 200, doc);
  }

  private openapiDoc(p: string): Record<string, unknown> | undefined {
    if (p === "api" || p === "apis")
      return {
        openapi: "3.0.0",
        info: { title: "Kubernetes", version: "v1.32.0" },
        paths: {},
        components: { schemas: {} },
      };
    const s = p.split("/");
    if (s[0] === "api" && s.length === 2) return openApiV3Doc(this.registry, "", s[1]!);
    if (s[0] === "apis" && s.length === 3) return openApiV3Doc(this.registry, s[1]!, s[2]!);
    return undefined;
  }

  // ---------------------------------------------------------------- reads

  private mustGet(k: KindSpec, ns: string, name: string): Entry {
    const e = this.store.get(kindRes(k), k.namespaced ? ns : "", name);
    if (!e) throw errors.notFound(k, name);
    return e;
  }

  private list(r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const { k } = r;
    const res_ = kindRes(k);
    const label = parseLabelSelector(q.get("labelSelector"));
    const field = parseFieldSelector(q.get("fieldSelector"), k.kind);
    const limit = Number(q.get("limit") ?? 0) || 0;
    const cont = q.get("continue");
    const rvParam = q.get("resourceVersion");
    const match = q.get("resourceVersionMatch");
    if (match && !rvParam)
      throw errors.invalid("ListOptions", "meta.k8s.io", "", [
        {
          field: "resourceVersionMatch",
          type: "FieldValueForbidden",
          detail: "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided",
        },
      ]);
    let listRV = this.store.rv;
    let after: string | undefined;
    if (cont) {
      const token = decodeContinue(cont);
      if (token.rv < this.store.compactedRV)
        throw errors.expired(
          "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
        );
      listRV = token.rv;
      after = token.start;
    } else if (rvParam && rvParam !== "0") {
      const want = parseRV(rvParam);
      if (match === "Exact" && want < this.store.compactedRV)
        throw errors.expired(`too old resource version: ${want} (${this.store.compactedRV})`);
    }
    const ns = k.namespaced ? r.ns : "";
    const filter =
      label || field
        ? (o: Obj): boolean => (!label || label(o as unknown as KubeObj)) && (!field || field(o as unknown as KubeObj))
        : undefined;
    const items: Obj[] = [];
    let lastKey: string | undefined;
    let more = false;
    let remaining = 0;
    const { keys, items: table, start, end } = this.store.range(res_, ns || undefined, after);
    for (let i = start; i < end; i++) {
      const key = keys[i]!;
      const e = table.get(key);
      if (!e) continue;
      if (filter && !filter(e.obj)) continue;
      if (limit && items.length >= limit) {
        more = true;
        // Without a selector the rest is counted by position (remainingItemCount); with one, it is not given.
        if (!filter) remaining = end - i;
        break;
      }
      items.push(e.obj);
      lastKey = key;
    }
    const metadata: Obj = { resourceVersion: String(listRV) };
    if (more && lastKey !== undefined) {
      metadata.continue = encodeContinue(listRV, lastKey);
      if (!filter) metadata.remainingItemCount = remaining;
    }
    if (wantsTable(req)) return sendJson(res, 200, this.table(k, items, String(listRV), q, metadata));
    // Items of built-in lists carry no apiVersion/kind on the wire; custom ones do.
    const parts = items.map((o) => JSON.stringify(k.custom ? o : { ...o, apiVersion: undefined, kind: undefined }));
    const head = JSON.stringify({ kind: `${k.kind}List`, apiVersion: apiVersionOf(k), metadata });
    sendRaw(res, 200, `${head.slice(0, -1)},"items":[${parts.join(",")}]}`);
  }

  private table(
    k: KindSpec,
    items: Obj[],
    rv: string,
    q: URLSearchParams,
    metadata: Obj = { resourceVersion: rv },
    withHeaders = true,
  ): Obj {
    // Custom kinds: Name, then the CRD's printer columns (an Age column when it declares none); built-in
    // kinds: the default table convertor's Name and Created At.
    const cols = k.custom
      ? k.printerColumns?.length
        ? k.printerColumns
        : [{ name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" }]
      : [
          {
            name: "Created At",
            type: "date",
            jsonPath: ".metadata.creationTimestamp",
            description: "CreationTimestamp is a timestamp representing the server time when this object was created.",
          },
        ];
    const columnDefinitions: Json[] = [
      {
        name: "Name",
        type: "string",
        format: "name",
        description: "Name must be unique within a namespace.",
        priority: 0,
      },
      ...cols.map((c) => ({
        name: c.name,
        type: c.type,
        format: c.format ?? "",
        description: c.description ?? "",
        priority: c.priority ?? 0,
      })),
    ];
    const include = q.get("includeObject") ?? "Metadata";
    const rows = items.map((o) => {
      const md = o.metadata as Obj;
      const cells: Json[] = [md.name as Json, ...cols.map((c) => jsonPathValue(o, c.jsonPath))];
      const row: Obj = { cells };
      if (include === "Object") row.object = o;
      else if (include !== "None")
        row.object = { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: md };
      return row;
    });
    return {
      kind: "Table",
      apiVersion: "meta.k8s.io/v1",
      metadata,
      columnDefinitions: withHeaders ? columnDefinitions : [],
      rows,
    };
  }

  private watch(r: Route, q: URLSearchParams, req: IncomingMessage, res: ServerResponse): void {
    const { k } = r;
    const res_ = kindRes(k);
    const label = parseLabelSelector(q.get("labelSelector"));
    let field = parseFieldSelector(q.get("fieldSelector"), k.kind);
    if (r.name !== undefined) {
      const name = r.name;
      const f0 = field;
      field = (o) => o.metadata.name === name && (!f0 || f0(o));
    }
    const filter =
      label || field
        ? (o: Obj): boolean => (!label || label(o as unknown as KubeObj)) && (!field || field(o as unknown as KubeObj))
        : undefined;
    const bookmarks = q.get("allowWatchBookmarks") === "true" || q.get("allowWatchBookmarks") === "1";
    const timeoutSeconds =
      Number(q.get("timeoutSeconds") ?? this.opts.defaultWatchTimeoutSeconds) || this.opts.defaultWatchTimeoutSeconds;
    const rvParam = q.get("resourceVersion") ?? "";
    const table = wantsTable(req);
    const ns = k.namespaced ? r.ns : "";
    let start: number | undefined;
    if (rvParam && rvParam !== "0") start = parseRV(rvParam);
    const sendInitial = q.get("sendInitialEvents") === "true";

    res.writeHead(200, {
      "Content-Type": "application/json",
      "Cache-Control": "no-cache, private",
      "Transfer-Encoding": "chunked",
    });
    res.flushHeaders();
    let stalled = this.faults.shouldStallNew();
    let closed = false;
    let headersSent = false;
    let corked = false;
    const write = (s: string): void => {
      if (closed || stalled) return;
      // The events of one tick leave in one write (a busy server sends thousands a second).
      if (!corked) {
        corked = true;
        res.cork();
        process.nextTick(() => {
          corked = false;
          res.uncork();
        });
      }
      res.write(s);
    };
    const lineOf = (type: string, obj: Obj): string => {
      if (table) {
        const t = this.table(k, [obj], String((obj.metadata as Obj).resourceVersion ?? ""), q, {}, !headersSent);
        headersSent = true;
        return `${JSON.stringify({ type, object: t })}\n`;
      }
      return eventLine(type, obj);
    };
    const sendEvent = (ev: LogEvent, type: string = ev.type): void => {
      if (table || type !== ev.type) return write(lineOf(type, ev.obj));
      if (!ev.line) ev.line = eventLine(ev.type, ev.obj);
      write(ev.line);
    };
    const bookmark = (extra?: Obj): void => {
      if (!bookmarks) return;
      const metadata: Obj = { resourceVersion: String(this.store.rv) };
      if (extra) metadata.annotations = extra;
      write(
        `${JSON.stringify({ type: "BOOKMARK", object: { kind: k.kind, apiVersion: apiVersionOf(k), metadata } })}\n`,
      );
    };
    let unsubscribe = (): void => {};
    let bookmarkTimer: NodeJS.Timeout | undefined;
    let timeoutTimer: NodeJS.Timeout | undefined;
    const control: OpenWatch = {
      res,
      drop: () => {
        cleanup();
        res.destroy();
      },
      stall: () => {
        stalled = true;
      },
      expire: (message) => {
        const wasStalled = stalled;
        stalled = false;
        if (!wasStalled)
          write(
            `${JSON.stringify({ type: "ERROR", object: statusOf(410, "Expired", `${message}: ${start ?? rvParam} (${this.store.compactedRV})`) })}\n`,
          );
        cleanup();
        res.end();
      },
    };
    const cleanup = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      if (timeoutTimer) clearTimeout(timeoutTimer);
      this.watches.delete(control);
    };
    res.on("close", cleanup);

    if (start !== undefined && start < this.store.compactedRV) {
      write(
        `${JSON.stringify({ type: "ERROR", object: statusOf(410, "Expired", `too old resource version: ${start} (${this.store.compactedRV})`) })}\n`,
      );
      closed = true;
      res.end();
      return;
    }
    this.watches.add(control);
    const matchNs = (ev: LogEvent): boolean => !ns || ev.ns === ns;
    if (start === undefined) {
      // No resourceVersion (or "0"): the current state as synthetic ADDED events, then changes.
      for (const [, e] of this.store.scan(res_, ns || undefined))
        if (!filter || filter(e.obj)) write(lineOf("ADDED", e.obj));
      if (sendInitial) bookmark({ "k8s.io/initial-events-end": "true" });
    } else {
      for (const ev of this.store.since(res_, start)) {
        if (!matchNs(ev)) continue;
        this.deliver(ev, filter, sendEvent);
      }
    }
    unsubscribe = this.store.addWatcher({
      res: res_,
      ns: ns || undefined,
      send: (ev) => this.deliver(ev, filter, sendEvent),
    });
    if (bookmarks) {
      bookmarkTimer = setInterval(() => bookmark(), this.opts.bookmarkIntervalMs);
      bookmarkTimer.unref();
    }
    timeoutTimer = setTimeout(() => {
      // A real server sends a last bookmark just before it closes a watch at its timeout.
      bookmark();
      cleanup();
      res.end();
    }, timeoutSeconds * 1000);
    timeoutTimer.unref();
  }

  /** Label-filtered watches see an object leave (DELETED) or enter (ADDED) the selection, as the watch cache does. */
  private prev = new WeakMap<Obj, Obj>();
  private deliver(
    ev: LogEvent,
    filter: ((o: Obj) => boolean) | undefined,
    send: (ev: LogEvent, type?: string) => void,
  ): void {
    if (!filter) return send(ev);
    const now_ = filter(ev.obj);
    const before = this.prev.get(ev.obj);
    const was = before ? filter(before) : ev.type !== "ADDED" && now_;
    if (ev.type === "MODIFIED") {
      if (now_ && !was) return send(ev, "ADDED");
      if (!now_ && was) return send(ev, "DELETED");
    }
    if (now_) send(ev);
  }

  // ---------------------------------------------------------------- writes

  /** Creates an object without HTTP (bench and test seeding); same semantics as POST. */
  createInternal(obj: Obj, manager = "kube-api-test"): Obj {
    const k = this.registry.kind(String(obj.apiVersion), String(obj.kind));
    if (!k)
      throw errors.badRequest(`no kind "${String(obj.kind)}" is registered for version "${String(obj.apiVersion)}"`);
    const ns = k.namespaced ? String((obj.metadata as Obj | undefined)?.namespace ?? "default") : "";
    // The caller's object is taken over (load() passes a copy).
    return this.create(k, ns, obj, { manager, dryRun: false, fieldValidation: null });
  }

  private typer(k: KindSpec): ListTyper {
    return k.custom ? schemaListTyper(k.schema) : builtinListTyper;
  }

  private scope(k: KindSpec, sub: string | undefined): Scope {
    if (sub === "status") return "status";
    return k.status ? "main" : "all";
  }

  create(k: KindSpec, ns: string, obj: Obj, ctx: WriteContext): Obj {
    if (!isObj(obj)) throw errors.badRequest("the object provided is unrecognized");
    checkTypeMeta(k, obj);
    const md: Obj = isObj(obj.metadata) ? { ...obj.metadata } : {};
    if (k.namespaced) {
      if (md.namespace && md.namespace !== ns)
        throw errors.badRequest(
          "the namespace of the provided object does not match the namespace sent on the request",
        );
      md.namespace = ns;
      const nsEntry = this.store.get(NS_RES, "", ns);
      const nsKind = this.registry.resource("", "v1", "namespaces")!;
      if (!nsEntry) throw errors.notFound(nsKind, ns);
      if ((nsEntry.obj.metadata as Obj).deletionTimestamp)
        throw new ApiError(
          statusOf(
            403,
            "Forbidden",
            `${k.group ? `${k.plural}.${k.group}` : k.plural} "${String(md.name ?? md.generateName ?? "")}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
            {
              name: String(md.name ?? ""),
              group: k.group,
              kind: k.plural,
              causes: [
                {
                  reason: "NamespaceTerminating",
                  message: `namespace ${ns} is being terminated`,
                  field: "metadata.namespace",
                },
              ],
            },
          ),
        );
    } else delete md.namespace;
    if (!md.name && typeof md.generateName === "string" && md.generateName)
      md.name = `${md.generateName}${randomSuffix()}`;
    const name = String(md.name ?? "");
    if (!name)
      throw errors.invalid(k.kind, k.group, "", [
        {
          field: "metadata.name",
          type: "FieldValueRequired",
          detail: "Required value: name or generateName is required",
        },
      ]);
    validateName(k, name);
    if (this.store.get(kindRes(k), ns, name)) throw errors.alreadyExists(k, name);
    const t = now();
    const admitted: Obj = { ...obj, metadata: md };
    this.admit(k, admitted, ctx);
    const body: Obj = { ...admitted };
    delete body.metadata;
    if (k.status) delete body.status;
    if (k.kind === "Namespace" && k.group === "") {
      body.spec = { finalizers: ["kubernetes"] };
      body.status = { phase: "Active" };
    }
    if (k.kind === "CustomResourceDefinition") {
      const kinds = kindsOfCrd({ ...obj, metadata: md });
      for (const nk of kinds)
        if (this.registry.kind(apiVersionOf(nk), nk.kind) && !this.registry.kind(apiVersionOf(nk), nk.kind)!.custom)
          throw errors.conflict(k, name, `kind ${nk.kind} is served by a built-in API`);
      body.status = crdStatus(obj, t);
    }
    const rv = ctx.dryRun ? this.store.rv : this.store.nextRV();
    const meta: Obj = orderedMeta({
      ...md,
      uid: randomUUID(),
      resourceVersion: String(rv),
      generation: k.generation ? 1 : undefined,
      creationTimestamp: t,
      deletionTimestamp: undefined,
      deletionGracePeriodSeconds: undefined,
      managedFields: undefined,
    });
    const out: Obj = { apiVersion: apiVersionOf(k), kind: k.kind, metadata: meta, ...withoutTypeMeta(body) };
    let managers: ManagerEntry[] = [];
    if (ctx.applied) managers = ctx.applied;
    else if (this.opts.managedFields)
      managers = recordUpdate([], undefined, leaves(out, this.typer(k), k.status ? "main" : "all"), {
        manager: ctx.manager,
        apiVersion: apiVersionOf(k),
        time: t,
      });
    if (managers.length) attachManagedFields(meta, managers);
    if (ctx.dryRun) return out;
    this.store.put(kindRes(k), { obj: out, ns, name, uid: String(meta.uid), managers }, "ADDED", rv);
    if (k.kind === "CustomResourceDefinition" && k.group === "apiextensions.k8s.io") this.registerCrd(out);
    return out;
  }

  /** Kind-specific admission: CRD schemas for custom kinds, MicroTime for Leases and Events, CRD validity. */
  private admit(k: KindSpec, obj: Obj, ctx: WriteContext): string[] {
    if (k.custom) return admitCustom(k, obj, ctx.fieldValidation);
    if (k.kind === "Lease" && k.group === "coordination.k8s.io") {
      const spec = (obj.spec ?? {}) as Obj;
      for (const f of ["acquireTime", "renewTime"]) checkMicroTime(k, spec[f]);
    }
    if (k.kind === "Event") {
      checkMicroTime(k, obj.eventTime);
      if (isObj(obj.series as Json)) checkMicroTime(k, (obj.series as Obj).lastObservedTime);
    }
    if (k.kind === "CustomResourceDefinition") kindsOfCrd(obj);
    return [];
  }

  update(k: KindSpec, ns: string, name: string, obj: Obj, ctx: WriteContext): { obj: Obj; created: boolean } {
    if (!isObj(obj)) throw errors.badRequest("the object provided is unrecognized");
    checkTypeMeta(k, obj);
    const md = isObj(obj.metadata) ? obj.metadata : {};
    if (md.name !== undefined && md.name !== name)
      throw errors.badRequest(
        `the name of the object (${String(md.name)}) does not match the name on the URL (${name})`,
      );
    if (k.namespaced && md.namespace !== undefined && md.namespace !== ns)
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    const old = this.store.get(kindRes(k), k.namespaced ? ns : "", name);
    // No create-on-update: none of the served kinds' strategies allow it.
    if (!old) throw errors.notFound(k, name);
    const rv = md.resourceVersion;
    if (rv !== undefined && rv !== "" && String(rv) !== (old.obj.metadata as Obj).resourceVersion)
      throw errors.conflict(k, name);
    if ((rv === undefined || rv === "") && k.custom)
      throw errors.invalid(k.kind, k.group, name, [
        {
          field: "metadata.resourceVersion",
          type: "FieldValueInvalid",
          detail: "Invalid value: 0x0: must be specified for an update",
        },
      ]);
    return { obj: this.commitUpdate(k, old, obj, ctx), created: false };
  }

  /** The shared tail of PUT, PATCH and apply on an existing object. */
  private commitUpdate(k: KindSpec, old: Entry, incoming: Obj, ctx: WriteContext): Obj {
    const oldObj = old.obj;
    const oldMd = oldObj.metadata as Obj;
    const inMd: Obj = isObj(incoming.metadata) ? incoming.metadata : {};
    let next: Obj;
    if (ctx.subresource === "status") {
      next = { ...oldObj, status: incoming.status as Json };
      if (incoming.status === undefined) delete next.status;
    } else {
      next = { ...withoutTypeMeta(incoming), apiVersion: oldObj.apiVersion as Json, kind: oldObj.kind as Json };
      if (k.status) {
        if (oldObj.status !== undefined) next.status = oldObj.status;
        else delete next.status;
      }
      if (k.kind === "Namespace" && k.group === "") {
        next.spec = oldObj.spec as Json;
        next.status = oldObj.status as Json;
      }
      if (k.kind === "CustomResourceDefinition") next.status = oldObj.status as Json;
    }
    // Read without the (lazy) managedFields: they are recomputed below, never copied.
    const metaSource = withoutManagedFields(ctx.subresource === "status" ? oldMd : inMd);
    if (oldMd.deletionTimestamp && ctx.subresource !== "status") {
      const before = new Set((oldMd.finalizers as string[] | undefined) ?? []);
      const added = ((metaSource.finalizers as string[] | undefined) ?? []).filter((f) => !before.has(f));
      if (added.length)
        throw errors.invalid(k.kind, k.group, old.name, [
          {
            field: "metadata.finalizers",
            type: "FieldValueForbidden",
            detail: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f) => JSON.stringify(f)).join(", ")}}`,
          },
        ]);
    }
    const meta: Obj = orderedMeta({
      ...metaSource,
      name: oldMd.name,
      namespace: oldMd.namespace,
      uid: oldMd.uid,
      resourceVersion: oldMd.resourceVersion,
      generation: oldMd.generation,
      creationTimestamp: oldMd.creationTimestamp,
      deletionTimestamp: oldMd.deletionTimestamp,
      deletionGracePeriodSeconds: oldMd.deletionGracePeriodSeconds,
      generateName: oldMd.generateName ?? metaSource.generateName,
      managedFields: undefined,
    });
    next.metadata = meta;
    next = { apiVersion: next.apiVersion as Json, kind: next.kind as Json, metadata: meta, ...withoutTypeMeta(next) };
    if (k.custom) {
      // Custom objects are pruned and validated as a whole; status through /status too.
      this.admit(k, next, ctx);
    } else this.admit(k, next, ctx);
    if (k.kind === "CustomResourceDefinition" && ctx.subresource !== "status") kindsOfCrd(next);

    if (k.generation && typeof oldMd.generation === "number") {
      // The generation counts changes of anything but metadata (and status, with the status subresource).
      const skip = (key: string): boolean => key === "metadata" || (k.status === true && key === "status");
      let same = true;
      for (const key of new Set([...Object.keys(oldObj), ...Object.keys(next)]))
        if (!skip(key) && !jsonEqual(oldObj[key], next[key])) same = false;
      if (!same) meta.generation = oldMd.generation + 1;
    }
    const t = now();
    let managers = old.managers;
    if (ctx.applied) managers = ctx.applied;
    else if (this.opts.managedFields) {
      const scope = this.scope(k, ctx.subresource);
      const typer = this.typer(k);
      const who: { manager: string; subresource?: string; apiVersion: string; time: string } = {
        manager: ctx.manager,
        apiVersion: apiVersionOf(k),
        time: t,
      };
      if (ctx.subresource) who.subresource = ctx.subresource;
      managers = recordUpdate(old.managers, leaves(oldObj, typer, scope), leaves(next, typer, scope), who);
    }
    // A write that changes nothing is not persisted: same resourceVersion, no event.
    const unchanged = managers === old.managers || sameManagers(managers, old.managers);
    if (unchanged && equalIgnoringVolatile(oldObj, next)) return oldObj;
    if (managers.length) attachManagedFields(meta, managers);
    if (ctx.dryRun) {
      return next;
    }
    const rv = this.store.nextRV();
    meta.resourceVersion = String(rv);
    const finalizers = meta.finalizers as string[] | undefined;
    if (meta.deletionTimestamp && (!finalizers || finalizers.length === 0)) {
      this.removeEntry(k, old, next, rv);
      return next;
    }
    const entry: Entry = { obj: next, ns: old.ns, name: old.name, uid: old.uid, managers };
    this.prev.set(next, oldObj);
    this.store.put(kindRes(k), entry, "MODIFIED", rv);
    if (meta.deletionTimestamp) this.later(() => this.collect(k, entry), 0);
    if (k.kind === "CustomResourceDefinition" && k.group === "apiextensions.k8s.io") this.registerCrd(next);
    return next;
  }

  private patch(
    k: KindSpec,
    r: Route,
    req: IncomingMessage,
    q: URLSearchParams,
    body: Buffer,
  ): { obj: Obj; created: boolean } {
    const ct = String(req.headers["content-type"] ?? "")
      .split(";")[0]!
      .trim();
    const name = r.name!;
    const ns = k.namespaced ? r.ns : "";
    const ctx = this.writeContext(req, q, r.sub);
    const force = q.get("force");
    if (ct === "application/apply-patch+yaml" || ct === "application/apply-patch+cbor") {
      if (!q.get("fieldManager"))
        throw errors.invalid("PatchOptions", "meta.k8s.io", "", [
          { field: "fieldManager", type: "FieldValueRequired", detail: "Required value: is required for apply patch" },
        ]);
      if (ct !== "application/apply-patch+yaml") throw errors.unsupportedMediaType(ct, PATCH_TYPES);
      let applied: unknown;
      const text = body.toString("utf8");
      try {
        // JSON is YAML, and what clients send (kubectl and client-go send JSON too): parsed as JSON when it is,
        // much faster than the YAML parser; anything else goes to the YAML parser.
        applied = jsonOrUndefined(text) ?? parseYaml(text);
      } catch (e) {
        throw errors.badRequest(`error decoding YAML: ${(e as Error).message}`);
      }
      if (!isObj(applied as Json)) throw errors.badRequest("the object provided is unrecognized");
      return this.apply(k, ns, name, applied as Obj, ctx, force === "true" || force === "1");
    }
    if (force !== null)
      throw errors.invalid("PatchOptions", "meta.k8s.io", "", [
        { field: "force", type: "FieldValueForbidden", detail: "Forbidden: may not be specified for non-apply patch" },
      ]);
    if (!PATCH_TYPES.includes(ct) || (k.custom && ct === "application/strategic-merge-patch+json"))
      throw errors.unsupportedMediaType(
        ct,
        k.custom ? PATCH_TYPES.filter((t) => t !== "application/strategic-merge-patch+json") : PATCH_TYPES,
      );
    let patch: Json;
    try {
      patch = JSON.parse(body.toString("utf8")) as Json;
    } catch (e) {
      throw errors.badRequest(`error decoding patch: ${(e as Error).message}`);
    }
    return this.patchObject(k, ns, name, ct, patch, ctx);
  }

  /** Merge-patches an object without HTTP (in-test controllers); same semantics as PATCH with merge-patch+json. */
  mergePatchInternal(
    apiVersion: string,
    kind: string,
    namespace: string | undefined,
    name: string,
    patch: Obj,
    manager: string,
    subresource?: "status",
  ): Obj {
    const k = this.registry.kind(apiVersion, kind);
    if (!k) throw errors.badRequest(`no kind "${kind}" is registered for version "${apiVersion}"`);
    if (subresource && !k.status) throw errors.notFoundPath();
    const ctx: WriteContext = { manager, dryRun: false, fieldValidation: null };
    if (subresource) ctx.subresource = subresource;
    const ns = k.namespaced ? (namespace ?? "default") : "";
    return this.patchObject(k, ns, name, "application/merge-patch+json", patch, ctx).obj;
  }

  private patchObject(
    k: KindSpec,
    ns: string,
    name: string,
    ct: string,
    patch: Json,
    ctx: WriteContext,
  ): { obj: Obj; created: boolean } {
    const old = this.store.get(kindRes(k), ns, name);
    if (!old) throw errors.notFound(k, name);
    let next: Json;
    if (ct === "application/json-patch+json") next = jsonPatch(old.obj, patch);
    // mergePatch copies what it changes and shares the rest (stored objects are never changed in place).
    else if (ct === "application/merge-patch+json")
      next = mergePatch({ ...old.obj, metadata: withoutManagedFields(old.obj.metadata as Obj) }, patch);
    else next = strategicMergePatch(structuredClone(old.obj), patch, this.typer(k));
    if (!isObj(next)) throw errors.badRequest("the patch produced an invalid object");
    // A resourceVersion in the patch is a precondition.
    const prv = isObj(patch) && isObj(patch.metadata) ? patch.metadata.resourceVersion : undefined;
    if (prv !== undefined && prv !== null && String(prv) !== (old.obj.metadata as Obj).resourceVersion)
      throw errors.conflict(k, name);
    const md = next.metadata as Obj | undefined;
    if (md) md.resourceVersion = (old.obj.metadata as Obj).resourceVersion as Json;
    return { obj: this.commitUpdate(k, old, next, ctx), created: false };
  }

  private apply(
    k: KindSpec,
    ns: string,
    name: string,
    applied: Obj,
    ctx: WriteContext,
    force: boolean,
  ): { obj: Obj; created: boolean } {
    const want = apiVersionOf(k);
    if (applied.apiVersion !== want)
      throw errors.badRequest(
        `the API version in the data (${String(applied.apiVersion ?? "")}) does not match the expected API version (${want})`,
      );
    if (applied.kind !== k.kind)
      throw errors.badRequest(
        `the kind in the data (${String(applied.kind ?? "")}) does not match the expected kind (${k.kind})`,
      );
    const md = isObj(applied.metadata) ? applied.metadata : {};
    if (md.name !== undefined && md.name !== name)
      throw errors.badRequest(
        `the name of the object (${String(md.name)}) does not match the name on the URL (${name})`,
      );
    if (k.namespaced && md.namespace !== undefined && md.namespace !== ns)
      throw errors.badRequest("the namespace of the provided object does not match the namespace sent on the request");
    if (md.managedFields !== undefined) throw errors.badRequest("metadata.managedFields must be nil");
    const old = this.store.get(kindRes(k), ns, name);
    const typer = this.typer(k);
    const t = now();
    const who: {
      manager: string;
      subresource?: string;
      apiVersion: string;
      time: string;
      force: boolean;
      scope: Scope;
    } = {
      manager: ctx.manager,
      apiVersion: want,
      time: t,
      force,
      scope: this.scope(k, ctx.subresource),
    };
    if (ctx.subresource) who.subresource = ctx.subresource;
    if (!old) {
      if (ctx.subresource) throw errors.notFound(k, name);
      const result = serverSideApply({}, applied, [], who, typer);
      const obj: Obj = {
        apiVersion: want,
        kind: k.kind,
        ...result.object,
        metadata: orderedMeta({
          ...(result.object.metadata as Obj | undefined),
          name,
          namespace: k.namespaced ? ns : undefined,
        }),
      };
      // A resourceVersion in an apply that creates is a precondition that cannot hold.
      if (md.resourceVersion) throw errors.conflict(k, name);
      return { obj: this.create(k, ns, obj, { ...ctx, applied: result.entries }), created: true };
    }
    if (md.resourceVersion !== undefined && String(md.resourceVersion) !== (old.obj.metadata as Obj).resourceVersion)
      throw errors.conflict(k, name);
    const result = serverSideApply(old.obj, applied, old.managers, who, typer);
    if (result.conflicts.length) throw errors.applyConflict(k, name, result.conflicts);
    // The merge shares what it did not change with the stored object: its metadata is copied, not written.
    const merged: Obj = {
      ...result.object,
      metadata: {
        ...withoutManagedFields((result.object.metadata ?? {}) as Obj),
        resourceVersion: (old.obj.metadata as Obj).resourceVersion as Json,
      },
    };
    return { obj: this.commitUpdate(k, old, merged, { ...ctx, applied: result.entries }), created: false };
  }

  // ---------------------------------------------------------------- deletes, finalizers, GC, namespaces

  delete(
    k: KindSpec,
    ns: string,
    name: string,
    opts: { propagationPolicy?: string | undefined; preconditions?: Obj | undefined; dryRun?: boolean },
  ): { obj: Obj; deleted: boolean } {
    const e = this.mustGet(k, k.namespaced ? ns : "", name);
    const md = e.obj.metadata as Obj;
    const pre = opts.preconditions;
    if (
      pre?.resourceVersion !== undefined &&
      pre.resourceVersion !== null &&
      String(pre.resourceVersion) !== md.resourceVersion
    )
      throw errors.conflict(
        k,
        name,
        `Precondition failed: ResourceVersion in precondition: ${String(pre.resourceVersion)}, ResourceVersion in object meta: ${String(md.resourceVersion)}`,
      );
    if (pre?.uid !== undefined && pre.uid !== null && pre.uid !== md.uid)
      throw errors.conflict(
        k,
        name,
        `Precondition failed: UID in precondition: ${String(pre.uid)}, UID in object meta: ${String(md.uid)}`,
      );
    const policy = opts.propagationPolicy;
    if (policy !== undefined && !["Orphan", "Background", "Foreground"].includes(policy))
      throw errors.invalid("DeleteOptions", "meta.k8s.io", "", [
        {
          field: "propagationPolicy",
          type: "FieldValueNotSupported",
          detail: `Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
        },
      ]);
    if (opts.dryRun) return { obj: e.obj, deleted: true };
    let finalizers = [...((md.finalizers as string[] | undefined) ?? [])];
    const isNamespace = k.kind === "Namespace" && k.group === "";
    if (policy === "Orphan" && !finalizers.includes("orphan")) finalizers.push("orphan");
    if (
      policy === "Foreground" &&
      (this.store.dependents.get(e.uid)?.size ?? 0) > 0 &&
      !finalizers.includes("foregroundDeletion")
    )
      finalizers.push("foregroundDeletion");
    if (finalizers.length === 0 && !isNamespace) {
      const rv = this.store.nextRV();
      const finalObj: Obj = { ...e.obj, metadata: { ...md, resourceVersion: String(rv) } };
      this.removeEntry(k, e, finalObj, rv);
      return { obj: finalObj, deleted: true };
    }
    if (md.deletionTimestamp) return { obj: e.obj, deleted: false };
    const rv = this.store.nextRV();
    const meta = orderedMeta({
      ...md,
      resourceVersion: String(rv),
      deletionTimestamp: now(),
      deletionGracePeriodSeconds: 0,
      finalizers: finalizers.length ? finalizers : undefined,
    });
    const next: Obj = { ...e.obj, metadata: meta };
    if (isNamespace) next.status = { ...((e.obj.status as Obj | undefined) ?? {}), phase: "Terminating" };
    const entry: Entry = { ...e, obj: next };
    this.prev.set(next, e.obj);
    this.store.put(kindRes(k), entry, "MODIFIED", rv);
    this.later(() => this.collect(k, entry), 0);
    return { obj: next, deleted: false };
  }

  private removeEntry(k: KindSpec, e: Entry, finalObj: Obj, rv: number): void {
    this.store.remove(kindRes(k), e, rv, finalObj);
    if (k.kind === "CustomResourceDefinition" && k.group === "apiextensions.k8s.io") this.unregisterCrd(finalObj);
    if (this.store.dependents.has(e.uid)) this.later(() => this.garbageCollect(e.uid), 0);
  }

  /** Work on an object being deleted: orphan or delete its dependents, empty a namespace, drop its own finalizers. */
  private collect(k: KindSpec, stale: Entry): void {
    const e = this.store.get(kindRes(k), stale.ns, stale.name);
    if (!e || e.uid !== stale.uid) return;
    const md = e.obj.metadata as Obj;
    const finalizers = (md.finalizers as string[] | undefined) ?? [];
    const deps = [...(this.store.dependents.get(e.uid) ?? [])];
    if (finalizers.includes("orphan")) {
      for (const ref of deps) this.dropOwnerRef(ref, e.uid);
      return this.removeFinalizer(k, e, "orphan");
    }
    if (finalizers.includes("foregroundDeletion")) {
      if (deps.length === 0) return this.removeFinalizer(k, e, "foregroundDeletion");
      for (const ref of deps) this.deleteRef(ref, "Foreground");
      return this.later(() => this.collect(k, e), 20);
    }
    if (k.kind === "Namespace" && k.group === "") {
      let left = 0;
      for (const kind of this.registry.all()) {
        if (!kind.namespaced) continue;
        for (const [, x] of [...this.store.scan(kindRes(kind), e.name)]) {
          left++;
          if (!(x.obj.metadata as Obj).deletionTimestamp) {
            try {
              this.delete(kind, x.ns, x.name, {});
            } catch {
              /* gone meanwhile */
            }
          }
        }
      }
      if (left > 0) return this.later(() => this.collect(k, e), 20);
      const rv = this.store.nextRV();
      const finalObj: Obj = { ...e.obj, metadata: { ...md, resourceVersion: String(rv) }, spec: { finalizers: [] } };
      if (finalizers.length === 0) this.removeEntry(k, e, finalObj, rv);
      else {
        const entry: Entry = { ...e, obj: finalObj };
        this.store.put(kindRes(k), entry, "MODIFIED", rv);
      }
    }
  }

  private removeFinalizer(k: KindSpec, e: Entry, f: string): void {
    const md = e.obj.metadata as Obj;
    const rest = ((md.finalizers as string[] | undefined) ?? []).filter((x) => x !== f);
    const next: Obj = { ...e.obj, metadata: orderedMeta({ ...md, finalizers: rest.length ? rest : undefined }) };
    this.commitUpdate(k, e, next, { manager: "kube-api-gc", dryRun: false, fieldValidation: null });
  }

  private entryOfRef(ref: string): { k: KindSpec; e: Entry } | undefined {
    const [res, ns, name] = ref.split("|") as [string, string, string];
    const k = this.registry.all().find((x) => kindRes(x) === res);
    const e = k && this.store.get(res, ns, name);
    return k && e ? { k, e } : undefined;
  }

  private dropOwnerRef(ref: string, uid: string): void {
    const found = this.entryOfRef(ref);
    if (!found) return;
    const md = found.e.obj.metadata as Obj;
    const owners = ((md.ownerReferences as Obj[] | undefined) ?? []).filter((o) => o.uid !== uid);
    const next: Obj = {
      ...found.e.obj,
      metadata: orderedMeta({ ...md, ownerReferences: owners.length ? owners : undefined }),
    };
    this.commitUpdate(found.k, found.e, next, { manager: "kube-api-gc", dryRun: false, fieldValidation: null });
  }

  private deleteRef(ref: string, policy: string): void {
    const found = this.entryOfRef(ref);
    if (!found || (found.e.obj.metadata as Obj).deletionTimestamp) return;
    try {
      this.delete(found.k, found.e.ns, found.e.name, { propagationPolicy: policy });
    } catch {
      /* gone meanwhile */
    }
  }

  /** Background garbage collection: dependents whose owners are all gone are deleted; others lose the dangling reference. */
  private garbageCollect(uid: string): void {
    for (const ref of [...(this.store.dependents.get(uid) ?? [])]) {
      const found = this.entryOfRef(ref);
      if (!found) continue;
      const owners = ((found.e.obj.metadata as Obj).ownerReferences as Obj[] | undefined) ?? [];
      const alive = owners.some((o) => o.uid !== uid && this.store.byUid.has(String(o.uid)));
      if (alive) this.dropOwnerRef(ref, uid);
      else this.deleteRef(ref, "Background");
    }
  }

  private deleteCollection(
    r: Route,
    q: URLSearchParams,
    req: IncomingMessage,
    res: ServerResponse,
    body: Buffer | undefined,
  ): void {
    const { k } = r;
    const label = parseLabelSelector(q.get("labelSelector"));
    const field = parseFieldSelector(q.get("fieldSelector"), k.kind);
    const opts = body && body.length ? (decode(body, req.headers["content-type"], k) as Obj) : {};
    const items: Obj[] = [];
    for (const [, e] of [...this.store.scan(kindRes(k), k.namespaced ? r.ns || undefined : undefined)]) {
      if (label && !label(e.obj as unknown as KubeObj)) continue;
      if (field && !field(e.obj as unknown as KubeObj)) continue;
      items.push(
        this.delete(k, e.ns, e.name, {
          propagationPolicy: q.get("propagationPolicy") ?? (opts.propagationPolicy as string | undefined),
          dryRun: q.getAll("dryRun").includes("All"),
        }).obj,
      );
    }
    sendJson(res, 200, {
      kind: `${k.kind}List`,
      apiVersion: apiVersionOf(k),
      metadata: { resourceVersion: String(this.store.rv) },
      items,
    });
  }

  // ---------------------------------------------------------------- CRDs

  private registerCrd(crd: Obj): void {
    const name = String((crd.metadata as Obj).name);
    for (const old of this.registry.all().filter((x) => x.crdName === name)) this.registry.remove(old);
    for (const k of kindsOfCrd(crd)) {
      this.registry.add(k);
      // Its schema's validator is built now, as a real server builds it when the CRD is established.
      runtimeOf(k);
    }
  }

  private unregisterCrd(crd: Obj): void {
    const name = String((crd.metadata as Obj).name);
    const kinds = this.registry.all().filter((x) => x.crdName === name);
    const seen = new Set<string>();
    for (const k of kinds) {
      this.registry.remove(k);
      const res = kindRes(k);
      if (seen.has(res)) continue;
      seen.add(res);
      // The CRD's cleanup finalizer deletes every custom object (DELETED events), then the kind disappears.
      for (const [, e] of [...this.store.scan(res, undefined)]) {
        const rv = this.store.nextRV();
        this.store.remove(res, e, rv, {
          ...e.obj,
          metadata: { ...(e.obj.metadata as Obj), resourceVersion: String(rv) },
        });
      }
      for (const w of [...this.watches]) void w;
    }
  }

  // ---------------------------------------------------------------- kubeconfig

  writeKubeconfig(): { path: string; dir: string } {
    const dir = mkdtempSync(join(tmpdir(), "kube-api-"));
    const path = join(dir, "kubeconfig");
    writeFileSync(path, kubeconfigYaml(this.baseUrl), { mode: 0o600 });
    return { path, dir };
  }

  openWatchCount(): number {
    return this.watches.size;
  }
}

export function kubeconfigYaml(server: string): string {
  return [
    "apiVersion: v1",
    "kind: Config",
    "clusters:",
    "- name: kube-api-test",
    "  cluster:",
    `    server: ${server}`,
    // client-node 1.x refuses plain HTTP unless TLS verification is switched off.
    "    insecure-skip-tls-verify: true",
    "contexts:",
    "- name: kube-api-test",
    "  context:",
    "    cluster: kube-api-test",
    "    user: kube-api-test",
    "    namespace: default",
    "current-context: kube-api-test",
    "users:",
    "- name: kube-api-test",
    "  user:",
    "    token: kube-api-test-token",
    "preferences: {}",
    "",
  ].join("\n");
}

// ---------------------------------------------------------------- helpers

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The JSON value of `text` when it is a JSON object, else undefined (then it is parsed as YAML). */
function jsonOrUndefined(text: string): unknown {
  if (!/^\s*\{/.test(text)) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function decode(body: Buffer, contentType: string | undefined, k: KindSpec): Obj {
  const ct = String(contentType ?? "application/json")
    .split(";")[0]!
    .trim();
  const text = body.toString("utf8");
  if (ct === "application/json" || ct === "" || ct === "*/*") {
    try {
      return JSON.parse(text) as Obj;
    } catch (e) {
      throw errors.badRequest(
        `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: ${(e as Error).message}`,
      );
    }
  }
  if (ct === "application/yaml" || ct === "application/x-yaml") {
    try {
      return parseYaml(text) as Obj;
    } catch (e) {
      throw errors.badRequest(
        `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: ${(e as Error).message}`,
      );
    }
  }
  throw errors.unsupportedMediaType(ct, ["application/json", "application/yaml"]);
}

function checkTypeMeta(k: KindSpec, obj: Obj): void {
  const want = apiVersionOf(k);
  if (obj.apiVersion !== undefined && obj.apiVersion !== want)
    throw errors.badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`,
    );
  if (obj.kind !== undefined && obj.kind !== k.kind)
    throw errors.badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${k.kind})`);
}

function checkMicroTime(k: KindSpec, v: Json | undefined): void {
  if (v === undefined || v === null) return;
  if (typeof v !== "string" || !RFC3339_MICRO.test(v)) {
    const s = String(v);
    const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(.*)$/.exec(s);
    const rest = m ? m[2]! : s;
    throw errors.badRequest(
      `${k.kind} in version "${k.version}" cannot be handled as a ${k.kind}: parsing time "${s}" as "2006-01-02T15:04:05.000000Z07:00": cannot parse "${rest}" as ".000000"`,
    );
  }
}

function validateName(k: KindSpec, name: string): void {
  if (k.group === "rbac.authorization.k8s.io") {
    if (name.includes("/") || name.includes("%") || name === "." || name === "..")
      throw errors.invalid(k.kind, k.group, name, [
        {
          field: "metadata.name",
          type: "FieldValueInvalid",
          detail: `Invalid value: ${JSON.stringify(name)}: may not contain '/' or '%'`,
        },
      ]);
    return;
  }
  const isNs = k.kind === "Namespace" && k.group === "";
  const ok = isNs ? DNS1123_LABEL.test(name) && name.length <= 63 : DNS1123_SUBDOMAIN.test(name) && name.length <= 253;
  if (!ok) {
    const detail = isNs
      ? `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`
      : `Invalid value: ${JSON.stringify(name)}: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`;
    throw errors.invalid(k.kind, k.group, name, [{ field: "metadata.name", type: "FieldValueInvalid", detail }]);
  }
}

/** Metadata in the real server's field order, without undefined or empty-by-default fields. */
function orderedMeta(md: Record<string, unknown>): Obj {
  const out: Obj = {};
  for (const k of OBJECT_META_FIELDS) {
    const v = md[k] as Json | undefined;
    if (v === undefined || v === null) continue;
    // Go's omitempty: empty lists and maps of ObjectMeta are not written.
    if (Array.isArray(v) && v.length === 0) continue;
    if ((k === "labels" || k === "annotations") && isObj(v) && Object.keys(v).length === 0) continue;
    out[k] = v;
  }
  for (const [k, v] of Object.entries(md))
    if (!(k in out) && !OBJECT_META_FIELDS.includes(k) && v !== undefined) out[k] = v as Json;
  return out;
}

/** A copy of metadata without managedFields, read without calling their lazy getter. */
function withoutManagedFields(md: Obj): Obj {
  const out: Obj = {};
  for (const k of Object.keys(md)) if (k !== "managedFields") out[k] = md[k]!;
  return out;
}

function withoutTypeMeta(o: Obj): Obj {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = o;
  return rest;
}

/** Equal but for resourceVersion and managedFields (read without materialising the lazy managedFields). */
function equalIgnoringVolatile(a: Obj, b: Obj): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === "metadata") continue;
    if (!jsonEqual(a[k], b[k])) return false;
  }
  const ma = (a.metadata ?? {}) as Obj;
  const mb = (b.metadata ?? {}) as Obj;
  const mkeys = new Set([...Object.keys(ma), ...Object.keys(mb)]);
  for (const k of mkeys) {
    if (k === "resourceVersion" || k === "managedFields") continue;
    if (!jsonEqual(ma[k], mb[k])) return false;
  }
  return true;
}

/**
 * managedFields as a lazy, memoised, enumerable property: JSON serialisation writes it like any field,
 * but objects nobody reads (a bench loading 50,000) never pay for building it.
 */
function attachManagedFields(meta: Obj, managers: readonly ManagerEntry[]): void {
  let cached: Json | undefined;
  Object.defineProperty(meta, "managedFields", {
    enumerable: true,
    configurable: true,
    get: () => (cached ??= entriesToManagedFields(managers) as Json),
    set: (v: Json) => {
      cached = v;
    },
  });
}

function sameManagers(a: readonly ManagerEntry[], b: readonly ManagerEntry[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (
      x.manager !== y.manager ||
      x.operation !== y.operation ||
      (x.subresource ?? "") !== (y.subresource ?? "") ||
      x.fields.size !== y.fields.size
    )
      return false;
    for (const key of x.fields.keys()) if (!y.fields.has(key)) return false;
  }
  return true;
}

function randomSuffix(): string {
  const alphabet = "bcdfghjklmnpqrstvwxz2456789";
  const bytes = randomBytes(5);
  let s = "";
  for (const b of bytes) s += alphabet[b % alphabet.length];
  return s;
}

function parseRV(s: string): number {
  const n = Number(s);
  if (!Number.isInteger(n) || n < 0)
    throw errors.badRequest(`resourceVersion: Invalid value: "${s}": must be a non-negative integer`);
  return n;
}

function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv, start: `${start}\u0000` })).toString("base64url");
}

function decodeContinue(token: string): { rv: number; start: string } {
  try {
    const t = JSON.parse(Buffer.from(token, "base64url").toString("utf8")) as {
      v?: string;
      rv?: number;
      start?: string;
    };
    if (t.v !== "meta.k8s.io/v1" || typeof t.rv !== "number" || typeof t.start !== "string")
      throw new Error("bad token");
    return { rv: t.rv, start: t.start.replace(/\u0000$/, "") };
  } catch {
    throw errors.badRequest("continue key is not valid: invalid continue token");
  }
}

function wantsTable(req: IncomingMessage): boolean {
  return String(req.headers.accept ?? "").includes("as=Table");
}

function jsonPathValue(o: Obj, path: string): Json {
  let cur: Json | undefined = o;
  for (const part of path.replace(/^\./, "").split(".")) {
    if (!isObj(cur ?? null)) return null;
    cur = (cur as Obj)[part];
  }
  return cur === undefined ? null : (cur as Json);
}

function sendJson(res: ServerResponse, code: number, body: unknown): void {
  sendRaw(res, code, JSON.stringify(body));
}

function sendRaw(res: ServerResponse, code: number, text: string): void {
  const buf = Buffer.from(text, "utf8");
  res.writeHead(code, {
    "Content-Type": "application/json",
    "Content-Length": String(buf.length),
    "Cache-Control": "no-cache, private",
  });
  res.end(buf);
}

function sendText(res: ServerResponse, code: number, text: string): void {
  res.writeHead(code, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export { rmSync };
