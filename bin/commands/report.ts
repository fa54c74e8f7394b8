/** `govcloud report usage|situation`: the I/O edge of reports/ (catalog, Prometheus, Chromium for PDF, atomic output). */
import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
// reports/ (ECharts: ~600 modules) and metrics/ are loaded when a report is made, not at every start of the CLI.
import type { PrometheusClient } from "../../metrics/index.js";
import type { Lang, Report } from "../../reports/index.js";
import { evaluateZombies, zombieSystems, type ZombieEvaluation } from "../../stacks/migration/index.js";
import { dateProblem } from "../../catalog/index.js";
import {
  err,
  loadOrExit,
  out,
  todayOf,
  UsageError,
  withCatalogOptions,
  writeFileAtomic,
  type CatalogOptions,
} from "../cli.js";

interface ReportCliOptions extends CatalogOptions {
  prometheusUrl?: string;
  range: string;
  at?: string;
  department?: string;
  node?: string;
  format: "html" | "markdown" | "json" | "csv" | "pdf";
  output?: string;
  lang: Lang;
  since?: string;
  timeout: string;
  timings?: boolean;
}

/** --at: RFC 3339 or unix seconds. */
export function parseAt(at: string | undefined): number {
  if (at === undefined) return Math.floor(Date.now() / 1000);
  if (/^\d{9,11}(\.\d+)?$/.test(at)) return Math.floor(Number(at));
  const ms = Date.parse(at);
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(at) || Number.isNaN(ms))
    throw new UsageError(
      `--at ${at}: expected an RFC 3339 time (2025-12-31T00:00:00Z), a date (2025-12-31) or Unix seconds`,
    );
  // Date.parse rolls a day that does not exist over (2026-02-30 is 2026-03-02): refuse it as --today does.
  const problem = dateProblem(at.slice(0, 10));
  if (problem) throw new UsageError(`--at ${at}: ${problem}`);
  return Math.floor(ms / 1000);
}

/** PDF through Chromium's page.pdf (A4, the HTML's print CSS). */
export async function htmlToPdf(html: string): Promise<Uint8Array> {
  const { chromium } = await import("playwright-core");
  const { chromiumLaunchOptions } = await import("../../reports/index.js");
  // The executable ($CHROMIUM_BIN, else Debian's) and flags the browser tests use too.
  const launch = chromiumLaunchOptions();
  const { executablePath } = launch;
  // A missing or broken Chromium is the user's environment, not a bug: exit 2 with what to do.
  const browser = await chromium.launch(launch).catch((e: unknown) => {
    const why = (e instanceof Error ? e.message : String(e)).split("\n")[0];
    throw new UsageError(
      `--format pdf: Chromium could not be started from ${executablePath} (${why}); install chromium (Debian: apt-get install chromium) or set CHROMIUM_BIN to its path`,
    );
  });
  try {
    const page = await browser.newPage();
    await page.route("**/*", (route) => (route.request().url().startsWith("data:") ? route.continue() : route.abort()));
    await page.setContent(html, { waitUntil: "load" });
    return await page.pdf({ format: "A4", printBackground: true, preferCSSPageSize: true });
  } finally {
    await browser.close();
  }
}

async function build(
  kind: "usage" | "situation",
  opts: ReportCliOptions,
  onClient: (c: PrometheusClient) => void = () => {},
): Promise<Report> {
  if (opts.format === "pdf" && !opts.output) throw new UsageError("--format pdf needs --output FILE");
  const { parseDuration, PrometheusClient, PrometheusError } = await import("../../metrics/index.js");
  const { catalogFamilies, measure, situationReport, usageReport } = await import("../../reports/index.js");
  const range = parseDuration(opts.range);
  if (range === undefined)
    throw new UsageError(`--range ${opts.range}: expected a Prometheus duration such as 30d, 12h or 1w`);
  if (!["zh", "en"].includes(opts.lang)) throw new UsageError(`--lang ${opts.lang}: expected zh or en`);
  const timeout = parseDuration(opts.timeout);
  if (timeout === undefined) throw new UsageError(`--timeout ${opts.timeout}: expected a duration such as 30s`);
  const at = parseAt(opts.at);
  const today = opts.today ? todayOf(opts) : new Date(at * 1000).toISOString().slice(0, 10);
  const { estate } = await loadOrExit({ ...opts, today });
  if (opts.department && !estate.departments.some((d) => d.doc.metadata.name === opts.department))
    throw new UsageError(
      `--department ${opts.department}: no such department in the catalog (see catalog/estates/${estate.name}/departments.yaml)`,
    );
  if (opts.node && !estate.clouds.some((c) => c.doc.metadata.name === opts.node))
    throw new UsageError(
      `--node ${opts.node}: no such cloud node (one of ${estate.clouds.map((c) => c.doc.metadata.name).join(", ")})`,
    );
  let previous: Report | undefined;
  if (opts.since) {
    if (kind !== "situation") throw new UsageError("--since applies to `report situation` only");
    try {
      previous = JSON.parse(await readFile(opts.since, "utf8")) as Report;
      if (previous.kind !== "situation" || !Array.isArray(previous.kpis)) throw new Error("not a situation report");
      // Compare like with like: a department's figures with that department's earlier ones.
      const was = previous.scope?.department;
      if (was !== opts.department)
        throw new Error(
          `it is the report of ${was ? `department ${was}` : "the whole estate"}, this one of ${opts.department ? `department ${opts.department}` : "the whole estate"}`,
        );
    } catch (e) {
      throw new UsageError(
        `--since ${opts.since}: ${(e as Error).message}; give the JSON of a previous \`govcloud report situation --format json\``,
      );
    }
  }
  let measurements;
  let zombies: ZombieEvaluation | undefined;
  if (opts.prometheusUrl) {
    let client: PrometheusClient;
    try {
      client = new PrometheusClient(opts.prometheusUrl, { timeoutMs: timeout * 1000 });
      onClient(client);
      // Each report measures only what its view model reads: the KPIs, or the per-system use.
      measurements = await measure(client, at, range, {
        kpis: kind === "situation",
        usage: kind === "usage",
        // A department's report: its own KPIs (situation), its own CPU trend (usage).
        ...(opts.department ? { department: opts.department } : {}),
      });
    } catch (e) {
      if (e instanceof PrometheusError) throw new UsageError(e.message);
      throw e;
    }
    // Zombie candidates measured (seed 003's five criteria), the catalog's declared facts merged in.
    zombies = await evaluateZombies(client, zombieSystems(estate, today, { department: opts.department }), at);
    if (zombies.state === "error") throw new UsageError(`zombie evaluation: ${zombies.error.message}`);
  }
  const input = {
    estate,
    // The usage report reads the catalog and the measurements only: the whole-estate policy evaluation
    // behind the families (findings, DR, network) is the situation report's.
    // A department's situation report counts that department's systems, findings, DR placements and exceptions.
    families:
      kind === "situation"
        ? catalogFamilies(estate, today, opts.department ? { department: opts.department } : {})
        : new Map(),
    lang: opts.lang,
    at,
    ...(measurements ? { measurements } : {}),
    ...(zombies ? { zombies } : {}),
    ...(previous ? { previous } : {}),
    ...(opts.department ? { department: opts.department } : {}),
    ...(opts.node ? { node: opts.node } : {}),
  };
  return kind === "usage" ? usageReport(input) : situationReport(input);
}

async function emit(report: Report, opts: ReportCliOptions): Promise<void> {
  const { renderCsv, renderHtml, renderJson, renderMarkdown } = await import("../../reports/index.js");
  const content =
    opts.format === "html"
      ? renderHtml(report)
      : opts.format === "markdown"
        ? renderMarkdown(report)
        : opts.format === "json"
          ? renderJson(report)
          : opts.format === "csv"
            ? renderCsv(report)
            : await htmlToPdf(renderHtml(report));
  if (opts.output) await writeFileAtomic(opts.output, content);
  else if (typeof content === "string") out(content);
  else throw new UsageError("--format pdf needs --output FILE");
}

export function register(program: Command): void {
  const report = program
    .command("report")
    .description(
      "usage and situational-awareness (态势感知) reports from the catalog and, with --prometheus-url, measured use",
    );
  for (const kind of ["usage", "situation"] as const) {
    const cmd = withCatalogOptions(
      report
        .command(kind)
        .description(
          kind === "usage"
            ? "resource usage per cloud node, department and system: capacity, quota, real use, idle resources, zombie candidates"
            : "every KPI with its seed source, target and trend, per city and department",
        )
        .option("--prometheus-url <url>", "Prometheus to measure from (without it nothing is measured)")
        .option("--range <duration>", "range for averages and trends", "30d")
        .option("--at <time>", "evaluation time (RFC 3339 or Unix seconds); default now")
        .option("--department <id>", "only this department")
        .option("--node <cloud>", "only this cloud node")
        .addOption(
          new Option("--format <format>", "output format")
            .choices(["html", "markdown", "json", "csv", "pdf"])
            .default("html"),
        )
        .option("--output <file>", "write here (atomically) instead of stdout")
        .addOption(new Option("--lang <lang>", "language").choices(["zh", "en"]).default("zh"))
        .option("--timeout <duration>", "per Prometheus request", "30s"),
    );
    if (kind === "situation") cmd.option("--since <file>", "a previous report's JSON: show what changed");
    cmd.option("--timings", "print on stderr the time spent waiting for Prometheus and the whole command's");
    cmd.action(async (opts: ReportCliOptions) => {
      let client: PrometheusClient | undefined;
      await emit(await build(kind, opts, (c) => (client = c)), opts);
      if (opts.timings) {
        const s = client?.stats;
        err(
          `govcloud: timings: process ${process.uptime().toFixed(3)} s wall; ` +
            (s
              ? `waiting for Prometheus ${s.waitSeconds.toFixed(3)} s (${s.requests} requests, ${s.requestSeconds.toFixed(3)} s added up)`
              : "Prometheus not queried"),
        );
      }
    });
  }
}
