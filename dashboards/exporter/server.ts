/**
 * The estate exporter's HTTP edge: serves the last rendered page on /metrics, reloads on request
 * (a catalog change seen by fs.watch, SIGHUP wired by the CLI) in a worker thread, and swaps the page
 * in one assignment once a reload succeeds. A reload that fails keeps the last good page and sets
 * govcloud_estate_catalog_valid 0.
 */
import { existsSync, watch, type FSWatcher } from "node:fs";
import { createServer, type Server } from "node:http";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { gzip } from "node:zlib";
import { promisify } from "node:util";
import { TEXT_CONTENT_TYPE } from "../../metrics/index.js";
import { reloadEstate, type ReloadRequest, type ReloadResult } from "./reload.js";
import { renderExposition, statusFamilies, type ExporterStatus } from "./state.js";

const gzipAsync = promisify(gzip);

export interface ExporterOptions {
  readonly catalog: string;
  readonly estate: string;
  readonly host: string;
  readonly port: number;
  /** The date to judge by, asked at every reload (default: today, UTC). */
  readonly today?: () => string;
  /** Watch the catalog folder and reload on changes (default true). */
  readonly watch?: boolean;
  /** Quiet time after the last change before reloading (default 300 ms). */
  readonly debounceMs?: number;
  /** Reload in a worker thread when the compiled worker exists (default true). */
  readonly worker?: boolean;
  /** Where the exporter reports reloads (a line each); the CLI prints them on stderr. */
  readonly log?: (line: string) => void;
}

export interface Exporter {
  readonly url: string;
  readonly port: number;
  /** Reloads now (coalescing with one in flight); resolves with the outcome. */
  reload(): Promise<ReloadResult>;
  /** The result of the first load. */
  readonly initial: ReloadResult;
  close(): Promise<void>;
}

interface Page {
  readonly body: Buffer;
  gzipped?: Buffer;
}

const WORKER = fileURLToPath(new URL("./worker.js", import.meta.url));

export async function startExporter(options: ExporterOptions): Promise<Exporter> {
  const log = options.log ?? (() => {});
  const today = options.today ?? (() => new Date().toISOString().slice(0, 10));
  const useWorker = (options.worker ?? true) && existsSync(WORKER);
  let worker: Worker | undefined;
  let nextId = 0;
  const pendingReplies = new Map<number, { resolve: (r: ReloadResult) => void; reject: (e: Error) => void }>();
  let closing = false;
  const failPending = (e: Error) => {
    for (const p of pendingReplies.values()) p.reject(e);
    pendingReplies.clear();
  };
  // A worker that dies (an `error` event, or an exit without one: process.exit in the thread, a fatal
  // error) fails the reloads it holds; the next reload starts a new one.
  const spawnWorker = (): Worker => {
    const w = new Worker(WORKER);
    w.unref();
    w.on("message", (m: { id: number; result?: ReloadResult; error?: string }) => {
      const p = pendingReplies.get(m.id);
      pendingReplies.delete(m.id);
      if (m.result) p?.resolve(m.result);
      else p?.reject(new Error(m.error ?? "reload failed"));
    });
    w.on("error", (e) => failPending(e));
    w.on("exit", (code) => {
      if (worker === w) worker = undefined;
      if (!closing) failPending(new Error(`the reload worker thread exited with code ${code}`));
    });
    return w;
  };
  if (useWorker) worker = spawnWorker();
  const run = (req: ReloadRequest): Promise<ReloadResult> => {
    if (!useWorker) return reloadEstate(req);
    const w = (worker ??= spawnWorker());
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pendingReplies.set(id, { resolve, reject });
      w.postMessage({ ...req, id });
    });
  };

  let estateText = "";
  const status: {
    valid: boolean;
    reloads: { success: number; error: number };
    lastSuccess: number;
    renderSeconds: number;
  } = {
    valid: false,
    reloads: { success: 0, error: 0 },
    lastSuccess: 0,
    renderSeconds: 0,
  };
  let page: Page = { body: Buffer.alloc(0) }; // empty until the first load

  function publish(): void {
    const head = renderExposition(statusFamilies(status as ExporterStatus));
    const next: Page = { body: Buffer.from(head + estateText) };
    page = next; // the swap: a scrape gets the old page or the new one, never a mix
    gzipAsync(next.body).then(
      (z) => (next.gzipped = z),
      () => {},
    );
  }

  let loadedDay = "";
  async function once(): Promise<ReloadResult> {
    let result: ReloadResult;
    try {
      loadedDay = today();
      result = await run({ catalog: options.catalog, estate: options.estate, today: loadedDay });
    } catch (e) {
      result = {
        ok: false,
        diagnostics: [`internal error: ${e instanceof Error ? e.message : String(e)}`],
        seconds: 0,
      };
    }
    if (result.ok) {
      estateText = result.text;
      status.valid = true;
      status.reloads.success++;
      status.lastSuccess = Math.floor(Date.now() / 1000);
      status.renderSeconds = result.seconds;
      log(
        `govcloud exporter: loaded ${options.catalog}: ${result.systems} systems, ${result.series} series in ${result.seconds.toFixed(2)} s`,
      );
    } else {
      status.valid = false;
      status.reloads.error++;
      log(
        `govcloud exporter: ${options.catalog} does not validate; serving the last good state (govcloud_estate_catalog_valid 0):`,
      );
      for (const d of result.diagnostics.slice(0, 20)) log(`  ${d}`);
    }
    publish();
    return result;
  }

  // One reload at a time; requests while one runs coalesce into one more after it.
  let running: Promise<ReloadResult> | undefined;
  let again: Promise<ReloadResult> | undefined;
  function reload(): Promise<ReloadResult> {
    if (!running) {
      running = once().finally(() => (running = undefined));
      return running;
    }
    if (!again) {
      again = running.then(() => {
        again = undefined;
        return reload();
      });
    }
    return again;
  }

  const server: Server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/metrics") {
      const p = page;
      if (p.body.length === 0) {
        res.writeHead(503, { "content-type": "text/plain", "retry-after": "5" }).end("loading the catalog\n");
        return;
      }
      const gz = p.gzipped && /\bgzip\b/.test(String(req.headers["accept-encoding"] ?? ""));
      const body = gz ? p.gzipped! : p.body;
      res.writeHead(200, {
        "content-type": TEXT_CONTENT_TYPE,
        "content-length": body.length,
        ...(gz ? { "content-encoding": "gzip" } : {}),
      });
      res.end(req.method === "HEAD" ? undefined : body);
    } else if (path === "/healthz" || path === "/readyz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
    } else if (path === "/") {
      res
        .writeHead(200, { "content-type": "text/html; charset=utf-8" })
        .end('<html><body><h1>govcloud estate exporter</h1><a href="/metrics">/metrics</a></body></html>\n');
    } else {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found\n");
    }
  });
  // Prometheus keeps scrape connections open between scrapes (15-60 s apart): keep them longer than that.
  server.keepAliveTimeout = 65_000;
  // Listen first, so that an address in use fails at once; until the first load, /metrics answers 503.
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (e) {
    await worker?.terminate();
    throw e;
  }
  const initial = await reload();
  const addr = server.address();
  const port = typeof addr === "object" && addr ? addr.port : options.port;

  let watcher: FSWatcher | undefined;
  let timer: NodeJS.Timeout | undefined;
  if (options.watch ?? true) {
    watcher = watch(options.catalog, { recursive: true }, (_event, file) => {
      if (file && /(^|\/)\.|\.tmp-|~$/.test(String(file))) return; // editors' and atomic writers' temporaries
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), options.debounceMs ?? 300);
    });
    watcher.on("error", (e) =>
      log(`govcloud exporter: watching ${options.catalog} failed (${e.message}); reload with SIGHUP`),
    );
  }

  // Overdue migrations and expiry windows depend on the date: reload when the day changes.
  const dayTimer = setInterval(() => {
    if (today() !== loadedDay) void reload();
  }, 10 * 60_000);
  dayTimer.unref();

  return {
    url: `http://${options.host.includes(":") ? `[${options.host}]` : options.host}:${port}`,
    port,
    initial,
    reload,
    async close() {
      clearTimeout(timer);
      clearInterval(dayTimer);
      watcher?.close();
      // Idle keep-alive connections would keep server.close waiting (65 s): end them at once.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await running?.catch(() => undefined);
      closing = true;
      await worker?.terminate();
    },
  };
}
