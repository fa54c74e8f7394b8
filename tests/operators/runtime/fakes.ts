/** In-memory stand-ins for the API server, for unit tests of the runtime on a fake clock. */
import { ApiError, type KObject, type ListOptions, type ObjectList, type WatchFn } from "../../../operators/runtime/index.js";

/** Leases with resourceVersion semantics: create → 409 AlreadyExists, replace with a stale version → 409 Conflict. */
export class FakeLeases {
  private readonly items = new Map<string, KObject>();
  private rv = 0;
  failing = false;
  writes: { identity: string | undefined; verb: string }[] = [];

  private key(name: string, ns?: string) {
    return `${ns}/${name}`;
  }

  private check() {
    if (this.failing) throw new ApiError(503, "ServiceUnavailable", "injected");
  }

  async get(_t: unknown, name: string, namespace?: string): Promise<KObject> {
    this.check();
    const o = this.items.get(this.key(name, namespace));
    if (!o) throw new ApiError(404, "NotFound", `leases "${name}" not found`);
    return structuredClone(o);
  }

  async create(o: KObject): Promise<KObject> {
    this.check();
    const k = this.key(o.metadata.name, o.metadata.namespace);
    if (this.items.has(k)) throw new ApiError(409, "AlreadyExists", "exists");
    const stored = { ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: String(++this.rv) } };
    this.items.set(k, stored);
    this.writes.push({ identity: (o.spec as { holderIdentity?: string }).holderIdentity, verb: "create" });
    return structuredClone(stored);
  }

  async replace(o: KObject): Promise<KObject> {
    this.check();
    const k = this.key(o.metadata.name, o.metadata.namespace);
    const cur = this.items.get(k);
    if (!cur) throw new ApiError(404, "NotFound", "gone");
    if (cur.metadata.resourceVersion !== o.metadata.resourceVersion) throw new ApiError(409, "Conflict", "the object has been modified");
    const stored = { ...structuredClone(o), metadata: { ...o.metadata, resourceVersion: String(++this.rv) } };
    this.items.set(k, stored);
    this.writes.push({ identity: (o.spec as { holderIdentity?: string }).holderIdentity, verb: "replace" });
    return structuredClone(stored);
  }

  lease(name: string, ns: string): KObject | undefined {
    return this.items.get(this.key(name, ns));
  }
}

export interface FakeWatch {
  readonly path: string;
  readonly params: Record<string, unknown>;
  send(type: string, object: unknown): void;
  /** Ends the stream: null as the server closing it, or an error. */
  end(err: unknown): void;
  aborted: boolean;
}

/** A list/watch source: `objects` is what a list returns; each watch call is recorded for the test to drive. */
export class FakeSource {
  objects: KObject[] = [];
  resourceVersion = "100";
  lists: ListOptions[] = [];
  watches: FakeWatch[] = [];
  listError: unknown;
  /** Page size honoured by list (continue tokens are indexes). */
  expireContinue = false;

  async list(_t: unknown, options: ListOptions = {}): Promise<ObjectList> {
    this.lists.push(options);
    if (this.listError) throw this.listError;
    if (options.continue && this.expireContinue) {
      this.expireContinue = false;
      throw new ApiError(410, "Expired", "continue token expired");
    }
    const start = options.continue ? Number(options.continue) : 0;
    const end = options.limit ? start + options.limit : this.objects.length;
    const items = this.objects.slice(start, end).map((o) => {
      const { apiVersion: _a, kind: _k, ...rest } = o;
      return rest as KObject;
    });
    return { items, metadata: { resourceVersion: this.resourceVersion, ...(end < this.objects.length ? { continue: String(end) } : {}) } };
  }

  readonly watch: WatchFn = async (path, params, onEvent, onDone) => {
    let done = false;
    const w: FakeWatch = {
      path,
      params,
      aborted: false,
      send: (type, object) => {
        if (!done && !w.aborted) onEvent(type, object);
      },
      end: (err) => {
        if (done) return;
        done = true;
        onDone(err);
      },
    };
    this.watches.push(w);
    return { abort: () => void (w.aborted = true) };
  };

  get lastWatch(): FakeWatch {
    return this.watches[this.watches.length - 1]!;
  }
}

export const pod = (ns: string, name: string, rv: string, extra: Record<string, unknown> = {}): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, resourceVersion: rv, managedFields: [{ manager: "kubectl" }] },
  ...extra,
});
