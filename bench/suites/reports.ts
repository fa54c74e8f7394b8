/**
 * `govcloud report usage|situation` on the 10x estate over 30 days of data in a real Prometheus
 * (issue 15; budget: < 5 s and < 400 MiB, Prometheus excluded).
 *
 * The case process backfills, once per catalog (cached under bench/.work/prometheus/), 30 days of the
 * series the reports read for every system of the 10x estate — kube-state-metrics (namespace labels,
 * container requests), cAdvisor (CPU counter, working set), kubelet (volume use), ingress-nginx
 * (requests) — and the estate exporter's govcloud_estate_* families, then starts Prometheus over them
 * and hands the runner the command. The command's own CPU time and peak RSS are measured (Prometheus is
 * another process, never counted); the time it waited for Prometheus is what the query client counted
 * (`report --timings`), in the note and left out when the time target is judged.
 *
 * Samples are half-hourly (a full-resolution month of ~10,000 series would be billions of samples, hours
 * of backfill on this machine); Prometheus runs with a 30 m lookback to match. What the reports compute
 * depends on the number of series and points returned (capped by the query steps), not on the sample
 * density, which changes only Prometheus's own time.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog, requestQuota, type Estate } from "../../catalog/index.js";
import { checkEvaluation, estateFamilies } from "../../dashboards/index.js";
import {
  backfillOpenMetricsFile,
  startPrometheus,
  type RunningPrometheus,
} from "../../tests/support/prometheus-server.js";
import type { BenchCase, BenchContext, BenchSuite, CommandAfter } from "../types.js";

const TODAY = "2026-11-23";
const END = Date.parse(`${TODAY}T00:00:00Z`) / 1000;
const DAYS = 30;
const INTERVAL = 1800;
/** Bump when the generated data change, so a cached TSDB is not reused. */
const DATA_VERSION = "reports-v1";
const GIB = 1024 ** 3;

let running: RunningPrometheus | undefined;

/** A deterministic number in [0, 1) from a string (FNV-1a). */
function unit(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0) / 2 ** 32;
}

const esc = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const labelText = (l: Readonly<Record<string, string>>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(v)}"`)
    .join(",")}}`;

interface SeriesWriter {
  series(name: string, labels: Readonly<Record<string, string>>, value: (t: number, i: number) => number): void;
}

/** Writes the OpenMetrics input (one family after another, each series's samples in time order); returns the series count. */
function writeOpenMetrics(file: string, estate: Estate): { series: number; samples: number } {
  const fd = openSync(file, "w");
  const start = END - DAYS * 86_400;
  const times: number[] = [];
  for (let t = start; t <= END; t += INTERVAL) times.push(t);
  let series = 0;
  const w: SeriesWriter = {
    series(name, labels, value) {
      const head = `${name}${labelText(labels)} `;
      const lines: string[] = [];
      for (let i = 0; i < times.length; i++) {
        const v = value(times[i]!, i);
        lines.push(`${head}${Number.isInteger(v) ? v : v.toFixed(3)} ${times[i]}`);
      }
      writeSync(fd, `${lines.join("\n")}\n`);
      series++;
    },
  };
  const systems = estate.requests.map((r) => {
    const q = requestQuota(r.doc, estate.index.offering);
    const key = `${r.doc.spec.department}/${r.doc.metadata.name}`;
    const u = unit(key);
    return {
      key,
      department: r.doc.spec.department,
      system: r.doc.metadata.name,
      cloud: r.doc.spec.cloud,
      ns: `${r.doc.spec.department}-${r.doc.metadata.name}`,
      node: `${r.doc.spec.cloud}-node-${Math.floor(u * 16)}`,
      q,
      // One system in eight is nearly idle (a few % of its quota), one in twenty has no traffic.
      cpuShare: u < 0.125 ? 0.02 + u * 0.2 : 0.1 + u * 0.6,
      memShare: 0.2 + unit(`${key}/m`) * 0.6,
      rps: u > 0.95 ? 0 : Math.round(1 + unit(`${key}/r`) * 200),
    };
  });
  const pod = (s: (typeof systems)[number]) => ({
    namespace: s.ns,
    pod: `${s.system}-0`,
    container: "app",
    node: s.node,
  });
  const daily = (t: number) => 0.75 + 0.25 * Math.sin(((t % 86_400) / 86_400) * 2 * Math.PI);
  for (const s of systems)
    w.series(
      "kube_namespace_labels",
      {
        namespace: s.ns,
        label_govcloud_io_department: s.department,
        label_govcloud_io_system: s.system,
        label_govcloud_io_cloud: s.cloud,
      },
      () => 1,
    );
  for (const s of systems) {
    w.series("kube_pod_container_resource_requests", { ...pod(s), resource: "cpu", unit: "core" }, () => s.q.vcpu);
    w.series(
      "kube_pod_container_resource_requests",
      { ...pod(s), resource: "memory", unit: "byte" },
      () => s.q.memoryGiB * GIB,
    );
  }
  for (const s of systems) {
    // A counter of CPU seconds: the integral of a daily curve around the system's share of its quota.
    let total = 0;
    w.series("container_cpu_usage_seconds_total", pod(s), (t, i) => {
      if (i > 0) total += s.q.vcpu * s.cpuShare * daily(t) * INTERVAL;
      return total;
    });
  }
  for (const s of systems)
    w.series("container_memory_working_set_bytes", pod(s), (t) =>
      Math.round(s.q.memoryGiB * GIB * s.memShare * (0.9 + 0.1 * daily(t))),
    );
  for (const s of systems)
    if (s.q.storageGiB > 0)
      w.series(
        "kubelet_volume_stats_used_bytes",
        { namespace: s.ns, persistentvolumeclaim: "data", node: s.node },
        (_t, i) => Math.round(s.q.storageGiB * GIB * (0.3 + (0.3 * i) / times.length)),
      );
  for (const s of systems) {
    let total = 0;
    w.series(
      "nginx_ingress_controller_requests",
      { namespace: s.ns, ingress: s.system, host: `${s.system}.gov.sx.cn`, status: "200" },
      (t, i) => {
        if (i > 0) total += Math.round(s.rps * daily(t) * INTERVAL);
        return total;
      },
    );
  }
  // The exporter's families as it serves them today, scraped over the whole range.
  for (const f of estateFamilies(estate, checkEvaluation(estate, TODAY), TODAY))
    for (const sample of f.samples) w.series(f.def.name, sample.labels, () => sample.value);
  writeSync(fd, "# EOF\n");
  closeSync(fd);
  return { series, samples: series * times.length };
}

/** The backfilled TSDB for this catalog (built once, then reused). */
async function tsdb(ctx: BenchContext, estate: Estate): Promise<string> {
  const id = createHash("sha256")
    .update(DATA_VERSION)
    .update(estate.requests.map((r) => `${r.doc.spec.department}/${r.doc.metadata.name}@${r.doc.spec.cloud}`).join())
    .digest("hex")
    .slice(0, 12);
  const dir = join(ctx.root, "bench/.work/prometheus", `x10-${DAYS}d-${id}`);
  if (existsSync(join(dir, "ready"))) return join(dir, "data");
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(join(tmp, "data"), { recursive: true });
  const input = join(tmp, "input.om");
  const { series, samples } = writeOpenMetrics(input, estate);
  backfillOpenMetricsFile(input, join(tmp, "data"));
  rmSync(input, { force: true });
  writeSync(openSync(join(tmp, "ready"), "w"), `${series} series, ${samples} samples\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return join(dir, "data");
}

async function prometheusFor(ctx: BenchContext): Promise<RunningPrometheus> {
  const r = await loadCatalog(ctx.catalog(10), { today: TODAY });
  if (!r.estate) throw new Error("the 10x catalog does not validate");
  const data = await tsdb(ctx, r.estate);
  const p = await startPrometheus({
    dataDir: data,
    extraArgs: [`--query.lookback-delta=${INTERVAL / 60}m`],
    readyTimeoutMs: 120_000,
  });
  // One query before the clock starts: Prometheus maps its blocks on first use.
  await p.query("count(kube_namespace_labels)", END);
  return p;
}

/** Parses `govcloud: timings: … waiting for Prometheus 1.234 s (27 requests, …)`. */
function timings(stderr: string): CommandAfter {
  const m = /waiting for Prometheus ([\d.]+) s \((\d+) requests, ([\d.]+) s added up\)/.exec(stderr);
  if (!m) throw new Error(`the report printed no timings line:\n${stderr.slice(-1000)}`);
  return {
    waitedSeconds: Number(m[1]),
    note: `waiting for Prometheus ${Number(m[1]).toFixed(2)} s (${m[2]} queries, ${Number(m[3]).toFixed(2)} s added up)`,
  };
}

const cases = (["usage", "situation"] as const).flatMap((kind) =>
  (["html", "json"] as const).flatMap((format): BenchCase[] => [
    {
      name: `report ${kind} --format ${format} 10x, 30 d in Prometheus`,
      group: "10x over Prometheus",
      target: { seconds: 5, megabytes: 400 },
      command: async (ctx: BenchContext) => {
        running = await prometheusFor(ctx);
        return {
          argv: [
            process.execPath,
            join(ctx.root, "dist/bin/govcloud.js"),
            "report",
            kind,
            "--catalog",
            ctx.catalog(10),
            "--prometheus-url",
            running.url,
            "--range",
            `${DAYS}d`,
            "--at",
            String(END),
            "--format",
            format,
            "--output",
            join(ctx.work, `${kind}.${format}`),
            "--timings",
            // Prometheus on this shared machine needs more than the default 30 s per query over a month of data.
            "--timeout",
            "600s",
          ],
        };
      },
      after: async (_ctx, run) => {
        await running?.stop();
        running = undefined;
        return timings(run.stderr);
      },
    },
  ]),
);

/** The same reports from the catalog alone (no Prometheus): what measuring adds. */
const catalogOnly = (["usage", "situation"] as const).map((kind): BenchCase => ({
  name: `report ${kind} --format html 10x, catalog only`,
  group: "10x catalog only",
  command: (ctx: BenchContext) => ({
    argv: [
      process.execPath,
      join(ctx.root, "dist/bin/govcloud.js"),
      "report",
      kind,
      "--catalog",
      ctx.catalog(10),
      "--at",
      String(END),
      "--format",
      "html",
      "--output",
      join(ctx.work, `${kind}.html`),
    ],
    units: 1,
    unit: "reports",
  }),
}));

const suite: BenchSuite = {
  id: "reports",
  title: "Usage and situation reports (govcloud report) over a real Prometheus",
  cases: [...cases, ...catalogOnly],
};
export default suite;
