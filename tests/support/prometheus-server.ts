/**
 * Debian's Prometheus without a test runner, for tests and benchmarks (bench/ imports this file, so it
 * must not import vitest): start `/usr/bin/prometheus` on 127.0.0.1 (a free port) with a given
 * configuration and rule files, optionally over a TSDB filled beforehand with `backfillOpenMetrics`;
 * wait until ready, query, poll, stop. `promtool` runs rule checks, unit tests and backfills.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const PROMETHEUS = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
export const PROMTOOL = process.env.PROMTOOL_BIN ?? "/usr/bin/promtool";

/** A free TCP port on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.unref();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const addr = s.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface PromtoolResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function promtool(args: readonly string[], cwd?: string): PromtoolResult {
  const r = spawnSync(PROMTOOL, args, { encoding: "utf8", cwd, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface BackfillOptions {
  /** Largest block promtool writes (default 744h = 31 d: months of samples in a few blocks, not hundreds of 2 h ones). */
  readonly maxBlockDuration?: string;
}

/**
 * Writes OpenMetrics text into TSDB blocks under `dataDir` (`promtool tsdb create-blocks-from openmetrics`).
 * Timestamps must be Unix seconds (OpenMetrics), not milliseconds; a final `# EOF` is added when missing.
 * Start Prometheus over `dataDir` with a long retention (startPrometheus does: 100y) so old blocks survive.
 */
export function backfillOpenMetrics(text: string, dataDir: string, options: BackfillOptions = {}): PromtoolResult {
  const body = text.endsWith("\n") ? text : `${text}\n`;
  for (const line of body.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const ts = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (ts > 1e11)
      throw new Error(
        `backfillOpenMetrics: timestamp ${ts} looks like milliseconds; OpenMetrics wants seconds (${line})`,
      );
  }
  const input = /(^|\n)# EOF\n$/.test(body) ? body : `${body}# EOF\n`;
  const dir = mkdtempSync(join(tmpdir(), "govcloud-om-"));
  try {
    const file = join(dir, "input.om");
    writeFileSync(file, input);
    return backfillOpenMetricsFile(file, dataDir, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** backfillOpenMetrics of a file already written (large inputs: promtool maps the file, nothing is held here). */
export function backfillOpenMetricsFile(file: string, dataDir: string, options: BackfillOptions = {}): PromtoolResult {
  const r = promtool([
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    `--max-block-duration=${options.maxBlockDuration ?? "744h"}`,
    "--quiet",
    file,
    dataDir,
  ]);
  if (r.status !== 0)
    throw new Error(`promtool tsdb create-blocks-from openmetrics failed (${r.status}): ${r.stderr || r.stdout}`);
  return r;
}

export interface ScrapeJob {
  readonly job: string;
  /** host:port targets. */
  readonly targets: readonly string[];
  readonly interval?: string;
  readonly metricsPath?: string;
}

export interface PrometheusOptions {
  /** A whole prometheus.yml; otherwise one is written from the fields below. */
  readonly config?: string;
  readonly scrape?: readonly ScrapeJob[];
  /** Absolute paths of rule files. */
  readonly ruleFiles?: readonly string[];
  readonly scrapeInterval?: string;
  readonly evaluationInterval?: string;
  /** A TSDB folder to use (e.g. filled by backfillOpenMetrics); kept on stop. Default: a temporary one, removed on stop. */
  readonly dataDir?: string;
  /** OpenMetrics text written into the TSDB before the start (backfillOpenMetrics). */
  readonly backfill?: string;
  /** --storage.tsdb.retention.time (default 100y, so backfilled months survive start). */
  readonly retention?: string;
  readonly readyTimeoutMs?: number;
  readonly extraArgs?: readonly string[];
}

export interface VectorSample {
  readonly metric: Record<string, string>;
  readonly value: [number, string];
}

export interface RunningPrometheus {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string;
  /** Instant query; throws on an API error. */
  query(expr: string, time?: number): Promise<VectorSample[]>;
  /** Polls `expr` until `accept` holds (default: a non-empty result); throws with the last result on timeout. */
  waitFor(expr: string, accept?: (r: VectorSample[]) => boolean, timeoutMs?: number): Promise<VectorSample[]>;
  /** GET a JSON API path, e.g. /api/v1/targets. */
  api<T = unknown>(path: string): Promise<T>;
  /** What Prometheus printed so far. */
  logs(): string;
  stop(): Promise<void>;
}

export function prometheusConfig(
  o: Pick<PrometheusOptions, "scrape" | "ruleFiles" | "scrapeInterval" | "evaluationInterval">,
): string {
  const lines = [
    "global:",
    `  scrape_interval: ${o.scrapeInterval ?? "1s"}`,
    `  evaluation_interval: ${o.evaluationInterval ?? "1s"}`,
  ];
  if (o.ruleFiles?.length) lines.push("rule_files:", ...o.ruleFiles.map((f) => `  - ${JSON.stringify(f)}`));
  lines.push("scrape_configs:");
  if (!o.scrape?.length) lines[lines.length - 1] += " []";
  for (const j of o.scrape ?? []) {
    lines.push(`  - job_name: ${JSON.stringify(j.job)}`);
    if (j.interval) lines.push(`    scrape_interval: ${j.interval}`);
    if (j.metricsPath) lines.push(`    metrics_path: ${JSON.stringify(j.metricsPath)}`);
    lines.push("    static_configs:", `      - targets: [${j.targets.map((t) => JSON.stringify(t)).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
}

/** Starts Prometheus on 127.0.0.1:<free port> and resolves once /-/ready answers 200. */
export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningPrometheus> {
  const work = mkdtempSync(join(tmpdir(), "govcloud-prom-"));
  const dataDir = options.dataDir ?? join(work, "data");
  const configFile = join(work, "prometheus.yml");
  writeFileSync(configFile, options.config ?? prometheusConfig(options));
  if (options.backfill !== undefined) {
    try {
      backfillOpenMetrics(options.backfill, dataDir);
    } catch (e) {
      rmSync(work, { recursive: true, force: true });
      throw e;
    }
  }
  let output = "";
  let child: ChildProcess | undefined;
  let port = 0;
  for (let attempt = 0; attempt < 3; attempt++) {
    port = await freePort();
    output = "";
    child = spawn(
      PROMETHEUS,
      [
        `--config.file=${configFile}`,
        `--web.listen-address=127.0.0.1:${port}`,
        `--storage.tsdb.path=${dataDir}`,
        `--storage.tsdb.retention.time=${options.retention ?? "100y"}`,
        "--web.enable-lifecycle",
        "--log.level=warn",
        ...(options.extraArgs ?? []),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout!.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (output += d.toString()));
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
    let ready = false;
    while (Date.now() < deadline && child.exitCode === null) {
      try {
        const r = await fetch(`${url}/-/ready`);
        if (r.ok) {
          ready = true;
          break;
        }
      } catch {
        /* not listening yet */
      }
      await sleep(100);
    }
    if (ready) break;
    const lostPort = /address already in use/.test(output);
    child.kill("SIGKILL");
    await exited(child);
    if (!lostPort) {
      rmSync(work, { recursive: true, force: true });
      throw new Error(`prometheus did not become ready on ${url}:\n${output}`);
    }
  }
  const proc = child!;
  const url = `http://127.0.0.1:${port}`;
  // A test that fails before stop() must not leave Prometheus running after its worker ends (an orphan
  // would load the machine for the rest of the run).
  const killOnExit = () => proc.kill("SIGKILL");
  process.once("exit", killOnExit);

  async function api<T>(path: string): Promise<T> {
    const r = await fetch(`${url}${path}`);
    const body = (await r.json()) as { status: string; data: T; error?: string };
    if (body.status !== "success") throw new Error(`${path}: ${body.error ?? r.status}`);
    return body.data;
  }
  async function query(expr: string, time?: number): Promise<VectorSample[]> {
    const q = new URLSearchParams({ query: expr });
    if (time !== undefined) q.set("time", String(time));
    const data = await api<{ resultType: string; result: VectorSample[] }>(`/api/v1/query?${q}`);
    return data.result;
  }
  return {
    url,
    port,
    dataDir,
    query,
    api,
    logs: () => output,
    async waitFor(expr, accept = (r) => r.length > 0, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: VectorSample[] = [];
      while (Date.now() < deadline) {
        last = await query(expr);
        if (accept(last)) return last;
        await sleep(250);
      }
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${expr}; last result ${JSON.stringify(last)}\nprometheus log:\n${output}`,
      );
    },
    async stop() {
      process.removeListener("exit", killOnExit);
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill("SIGTERM");
        const t = setTimeout(() => proc.kill("SIGKILL"), 5_000);
        await exited(proc);
        clearTimeout(t);
      }
      rmSync(options.dataDir ? configFile : work, { recursive: true, force: true });
      if (options.dataDir) rmSync(work, { recursive: true, force: true });
    },
  };
}
