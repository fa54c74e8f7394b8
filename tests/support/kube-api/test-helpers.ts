/** Small raw-HTTP helpers for the kube-api suites (the suites also drive it with client-node and kubectl). */
import type { KubeApi } from "./index.js";

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

export async function call(
  api: KubeApi,
  method: string,
  path: string,
  body?: unknown,
  contentType = "application/json",
  headers: Record<string, string> = {},
): Promise<Reply> {
  const init: RequestInit = { method, headers: { Accept: "application/json", ...headers } };
  if (body !== undefined) {
    init.body = typeof body === "string" ? body : JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = contentType;
  }
  const r = await fetch(`${api.url}${path}`, init);
  const text = await r.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: r.status, body: parsed, headers: r.headers };
}

export const cm = (
  name: string,
  data: Record<string, string> = { a: "1" },
  labels?: Record<string, string>,
  namespace = "default",
): Record<string, unknown> => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace, ...(labels ? { labels } : {}) },
  data,
});

export interface WatchEvent {
  type: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  object: any;
}

/**
 * An open watch: events arrive in `events`; `next(n)` waits for n more (returning early only when the watch
 * ends, or after `timeoutMs`: generous, as the wait ends at the n-th event); `closed` resolves when the server
 * ends it.
 */
export interface OpenWatch {
  events: WatchEvent[];
  status: number;
  next(count?: number, timeoutMs?: number): Promise<WatchEvent[]>;
  closed: Promise<"end" | "error">;
  abort(): void;
}

export async function openWatch(api: KubeApi, path: string): Promise<OpenWatch> {
  const ac = new AbortController();
  const r = await fetch(`${api.url}${path}`, { signal: ac.signal });
  const events: WatchEvent[] = [];
  const waiters: Array<() => void> = [];
  let consumed = 0;
  const closed = (async (): Promise<"end" | "error"> => {
    const reader = r.body!.getReader();
    const dec = new TextDecoder();
    let buf = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return "end";
        buf += dec.decode(value, { stream: true });
        let i: number;
        while ((i = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, i);
          buf = buf.slice(i + 1);
          if (line.trim()) events.push(JSON.parse(line) as WatchEvent);
          for (const w of waiters.splice(0)) w();
        }
      }
    } catch {
      return "error";
    } finally {
      for (const w of waiters.splice(0)) w();
    }
  })();
  let ended = false;
  void closed.then(() => (ended = true));
  return {
    events,
    status: r.status,
    async next(count = 1, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (events.length < consumed + count) {
        if (ended) break;
        const left = deadline - Date.now();
        if (left <= 0) break;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(t);
            resolve();
          });
        });
      }
      const out = events.slice(consumed, consumed + count);
      consumed += out.length;
      return out;
    },
    closed,
    abort: () => ac.abort(),
  };
}

/** A namespaced CRD with a status subresource, a list-map, an enum and a preserve-unknown-fields island. */
export const widgetCrd = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.govcloud.io" },
  spec: {
    group: "govcloud.io",
    scope: "Namespaced",
    names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget", shortNames: ["wd"] },
    versions: [
      {
        name: "v1alpha1",
        served: true,
        storage: true,
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: "Size", type: "integer", jsonPath: ".spec.size" }],
        schema: {
          openAPIV3Schema: {
            type: "object",
            properties: {
              apiVersion: { type: "string" },
              kind: { type: "string" },
              metadata: { type: "object" },
              spec: {
                type: "object",
                required: ["size"],
                properties: {
                  size: { type: "integer", minimum: 1 },
                  mode: { type: "string", enum: ["fast", "slow"] },
                  ports: {
                    type: "array",
                    "x-kubernetes-list-type": "map",
                    "x-kubernetes-list-map-keys": ["name"],
                    items: { type: "object", properties: { name: { type: "string" }, port: { type: "integer" } } },
                  },
                  extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
                },
              },
              status: {
                type: "object",
                properties: { ready: { type: "boolean" }, observedGeneration: { type: "integer" } },
              },
            },
          },
        },
      },
    ],
  },
};
