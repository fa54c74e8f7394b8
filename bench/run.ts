/**
 * `npm run bench [-- --suite ID] [--case NAME] [--runs N]` (NAME: a case's name or a part of it): runs the benchmark suites of
 * bench/suites/index.ts side by side and writes bench/results.md (and results.json, its data).
 *
 * - The catalogs are prepared once per run under bench/.work/: the embedded estate at 1x, and
 *   `govcloud estate generate` of it at 10x and 50x. An embedded estate that does not validate stops
 *   the run: figures of another catalog would not be comparable.
 * - Every case runs in a fresh child process. A FunctionCase runs in bench/child.ts: `setup` untimed,
 *   `run` timed, peak memory from process.resourceUsage().maxRSS. A CommandCase is spawned with
 *   NODE_OPTIONS="--require rss-hook.cjs", which reports each Node process's maxRSS at exit; its wall
 *   time is measured here, from spawn to exit.
 * - This process loads no suite and no catalog code, so it stays small: on Linux a child's peak RSS
 *   starts from its parent's at fork time.
 */
import { fork, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import type { CaseInfo, ChildAnswer, ContextData, SuiteInfo } from "./child.js";
import { countSystems } from "./systems.js";
import type { BenchCase } from "./types.js";

const here = dirname(fileURLToPath(import.meta.url)); // dist/bench
const ROOT = resolve(here, "../..");
const WORK = join(ROOT, "bench/.work");
const CHILD = join(here, "child.js");
const RSS_HOOK = join(here, "rss-hook.cjs");
const CLI = join(ROOT, "dist/bin/govcloud.js");
const RESULTS_MD = join(ROOT, "bench/results.md");
const RESULTS_JSON = join(ROOT, "bench/results.json");
const SCALES = ["1", "10", "50"] as const;

interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly date: string;
}

interface Row {
  readonly name: string;
  readonly group: string;
  readonly target?: BenchCase["target"];
  /** Median wall time over the runs, and the least. */
  /** Median wall time the command spent waiting on an outside service (excluded when judging a `seconds` target). */
  readonly waitedSeconds?: number;
  readonly seconds?: number;
  readonly minSeconds?: number;
  /** CPU time (user + system) of the timed part: what the case costs, however busy the machine. Median and least. */
  readonly cpuSeconds?: number;
  readonly minCpuSeconds?: number;
  readonly peakMiB?: number;
  readonly units?: number;
  readonly unit?: string;
  readonly note?: string;
  readonly runs: number;
  readonly error?: string;
}

interface SuiteResult {
  readonly id: string;
  readonly title: string;
  readonly machine: Machine;
  readonly catalogs: string;
  readonly rows: readonly Row[];
}

const log = (s: string) => process.stderr.write(`${s}\n`);

function usage(): never {
  log(`usage: npm run bench [-- --suite ID]... [--case NAME]... [--runs N]

Runs every case of the selected suites (default: all) in a fresh process, then writes
bench/results.md and prints it. Rows of suites and cases not run are kept from earlier runs.
  --suite ID    run only this suite (repeatable)
  --case NAME   run only the cases with this name or with it in their name (repeatable)
  --runs N      run each case N times; report the median and least wall and CPU time and the highest peak memory`);
  process.exit(2);
}

/** Runs bench/child.ts in a fresh process and returns its one answer. */
function child(args: readonly string[]): Promise<ChildAnswer> {
  return new Promise((resolvePromise) => {
    let reply: ChildAnswer | undefined;
    let stderr = "";
    const p = fork(CHILD, args, { execArgv: ["--expose-gc"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    p.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    p.on("message", (m) => (reply = m as ChildAnswer));
    p.on("exit", (code, signal) => {
      resolvePromise(
        reply ?? {
          ok: false,
          error: `the case process ended (${signal ?? `exit ${code}`}) without an answer\n${stderr}`,
        },
      );
    });
  });
}

/**
 * A command case's process: its first answer (the command line), and `finish` to send it the command's
 * outcome when the case has an `after` (the process stays alive until then) and get `after`'s answer.
 */
function commandChild(args: readonly string[]): Promise<{
  answer: ChildAnswer;
  finish: (done: { stderr: string; seconds: number }) => Promise<ChildAnswer>;
}> {
  return new Promise((resolvePromise) => {
    const replies: ChildAnswer[] = [];
    let waiting: ((a: ChildAnswer) => void) | undefined;
    let stderr = "";
    let ended: ChildAnswer | undefined;
    const p = fork(CHILD, args, { execArgv: ["--expose-gc"], stdio: ["ignore", "ignore", "pipe", "ipc"] });
    p.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    const finish = (done: { stderr: string; seconds: number }) =>
      new Promise<ChildAnswer>((r) => {
        if (ended) return r(ended);
        waiting = r;
        p.send(done);
      });
    p.on("message", (m) => {
      replies.push(m as ChildAnswer);
      if (replies.length === 1) resolvePromise({ answer: m as ChildAnswer, finish });
      else waiting?.(m as ChildAnswer);
    });
    p.on("exit", (code, signal) => {
      ended = {
        ok: false,
        error: `the case process ended (${signal ?? `exit ${code}`}) without an answer\n${stderr}`,
      };
      if (replies.length === 0) resolvePromise({ answer: ended, finish });
      else if (replies.length === 1) waiting?.(ended);
    });
  });
}

/** Spawns a command with the RSS hook; wall time from spawn to exit. */
function command(
  argv: readonly string[],
  cwd: string,
  extraEnv: Readonly<Record<string, string>> = {},
  exitCodes: readonly number[] = [0],
): Promise<{ seconds: number; cpuSeconds?: number; peakMiB?: number; error?: string; stderr: string }> {
  const rssFile = join(WORK, `rss-${process.pid}.jsonl`);
  rmSync(rssFile, { force: true });
  const [program, ...args] = argv;
  const env = {
    ...process.env,
    ...extraEnv,
    CI: "true",
    GOVCLOUD_RSS_FILE: rssFile,
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${RSS_HOOK}`.trim(),
  };
  return new Promise((resolvePromise) => {
    let stderr = "";
    const started = performance.now();
    const p = spawn(program === "node" ? process.execPath : program!, args, {
      cwd,
      env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    p.stderr.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
    p.on("error", (e) => resolvePromise({ seconds: 0, error: e.message, stderr }));
    p.on("close", (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const lines = existsSync(rssFile) ? readFileSync(rssFile, "utf8").trim().split("\n").filter(Boolean) : [];
      rmSync(rssFile, { force: true });
      const reports = lines.map((l) => JSON.parse(l) as { maxRssKiB: number; cpuMicros: number });
      // Peak memory of the largest process; CPU time of all of them.
      const peakMiB = reports.length ? Math.max(...reports.map((r) => r.maxRssKiB)) / 1024 : undefined;
      const cpuSeconds = reports.length ? reports.reduce((sum, r) => sum + r.cpuMicros, 0) / 1e6 : undefined;
      const error =
        code !== null && exitCodes.includes(code)
          ? undefined
          : `${argv.join(" ")} exited with ${signal ?? code}\n${stderr.trim()}`;
      resolvePromise({
        seconds,
        stderr,
        ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
        ...(peakMiB !== undefined ? { peakMiB } : {}),
        ...(error ? { error } : {}),
      });
    });
  });
}

function govcloud(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "true" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The 1x, 10x and 50x catalogs, and a line saying what they are. */
async function prepareCatalogs(): Promise<{ catalogs: ContextData["catalogs"]; description: string }> {
  const embedded = join(ROOT, "catalog");
  const check = govcloud(["validate", "--catalog", embedded, "--format", "json"]);
  if (check.status !== 0)
    throw new Error(`the embedded estate does not validate (govcloud validate):\n${check.stderr}`);
  const base = embedded;
  const what = "the embedded estate";
  const catalogs: Record<(typeof SCALES)[number], string> = { "1": base, "10": "", "50": "" };
  for (const scale of ["10", "50"] as const) {
    const out = join(WORK, `catalogs/x${scale}`);
    const r = govcloud(["estate", "generate", "--catalog", base, "--scale", scale, "--seed", "1", "--out", out]);
    if (r.status !== 0) throw new Error(`could not generate the ${scale}x catalog:\n${r.stderr}`);
    catalogs[scale] = out;
  }
  const sizes = SCALES.map((s) => `${s}x ${countSystems(catalogs[s]).toLocaleString("en-US")}`).join(", ");
  return { catalogs, description: `${what} at 1x and generated from it at 10x and 50x (systems: ${sizes})` };
}

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function runCase(suite: SuiteInfo, c: CaseInfo, ctx: ContextData, runs: number): Promise<Row> {
  const base = { name: c.name, group: c.group, ...(c.target ? { target: c.target } : {}), runs };
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  const waited: number[] = [];
  let peakMiB: number | undefined;
  let units: number | undefined;
  let unit: string | undefined;
  let note: string | undefined;
  for (let i = 0; i < runs; i++) {
    const work = join(WORK, "cases", `${suite.id}-${c.name.replace(/[^A-Za-z0-9._-]+/g, "_")}`);
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const data: ContextData = { ...ctx, work };
    if (c.kind === "function") {
      const a = await child(["run", suite.id, c.name, JSON.stringify(data)]);
      if (!a.ok) return { ...base, error: a.error };
      if (!("seconds" in a)) return { ...base, error: "unexpected answer from the case process" };
      seconds.push(a.seconds);
      cpuSeconds.push(a.cpuSeconds);
      peakMiB = Math.max(peakMiB ?? 0, a.maxRssKiB / 1024);
      ({ units, unit, note } = a);
    } else {
      const proc = await commandChild(["command", suite.id, c.name, JSON.stringify(data)]);
      const a = proc.answer;
      if (!a.ok) return { ...base, error: a.error };
      if (!("command" in a)) return { ...base, error: "unexpected answer from the case process" };
      const r = await command(a.command.argv, a.command.cwd ?? ROOT, a.command.env, a.command.exitCodes);
      // `after` always runs when the case has one: it stops what `command` started, even after a failure.
      const done = a.after ? await proc.finish({ stderr: r.stderr, seconds: r.seconds }) : undefined;
      if (r.error) return { ...base, error: r.error };
      if (done && !done.ok) return { ...base, error: done.error };
      const after = done && "outcome" in done ? done.outcome : undefined;
      seconds.push(r.seconds);
      if (r.cpuSeconds !== undefined) cpuSeconds.push(r.cpuSeconds);
      if (r.peakMiB !== undefined) peakMiB = Math.max(peakMiB ?? 0, r.peakMiB);
      if (after?.waitedSeconds !== undefined) waited.push(after.waitedSeconds);
      ({ units, unit, note } = { ...a.command, ...after });
    }
  }
  return {
    ...base,
    seconds: median(seconds),
    minSeconds: Math.min(...seconds),
    ...(cpuSeconds.length ? { cpuSeconds: median(cpuSeconds), minCpuSeconds: Math.min(...cpuSeconds) } : {}),
    ...(waited.length ? { waitedSeconds: median(waited) } : {}),
    ...(peakMiB !== undefined ? { peakMiB } : {}),
    ...(units !== undefined ? { units } : {}),
    ...(unit !== undefined ? { unit } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

// ---- results.md ----------------------------------------------------------------------------------

const num = (n: number, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const time = (s: number) => (s < 1 ? `${num(s * 1000)} ms` : `${num(s, 2)} s`);
const throughput = (r: Row) => (r.units !== undefined && r.seconds ? r.units / r.seconds : undefined);

function targetText(t: Row["target"]): string {
  if (!t) return "";
  return [
    t.seconds !== undefined ? `≤ ${t.seconds} s` : "",
    t.megabytes !== undefined ? `≤ ${num(t.megabytes)} MiB` : "",
    t.perSecond !== undefined ? `≥ ${num(t.perSecond)}/s` : "",
    t.ratio !== undefined ? `≤ ${t.ratio}× CPU of the group's first row` : "",
  ]
    .filter(Boolean)
    .join(", ");
}

function met(r: Row, ratio: number | undefined): string {
  const t = r.target;
  if (!t || r.error) return "";
  const tp = throughput(r);
  const ok =
    (t.ratio === undefined || (ratio !== undefined && ratio <= t.ratio)) &&
    (t.seconds === undefined || (r.seconds !== undefined && r.seconds - (r.waitedSeconds ?? 0) <= t.seconds)) &&
    (t.megabytes === undefined || (r.peakMiB !== undefined && r.peakMiB <= t.megabytes)) &&
    (t.perSecond === undefined || (tp !== undefined && tp >= t.perSecond));
  return ok ? "yes" : "**no**";
}

function suiteMarkdown(s: SuiteResult): string {
  // Ratios compare CPU time (comparable on a shared machine), or wall time where a row has no CPU time.
  const cost = (r: Row) => r.cpuSeconds ?? r.seconds;
  const first = new Map<string, Row>();
  for (const r of s.rows) if (cost(r) !== undefined && !r.error && !first.has(r.group)) first.set(r.group, r);
  const ratioOf = (r: Row) => {
    const base = first.get(r.group);
    if (!base || r.error) return undefined;
    const both = r.cpuSeconds !== undefined && base.cpuSeconds !== undefined;
    return both ? r.cpuSeconds! / base.cpuSeconds! : r.seconds! / base.seconds!;
  };
  const withMin = (median: number, min: number | undefined, runs: number) =>
    runs > 1 && min !== undefined ? `${time(median)} (min ${time(min)})` : time(median);
  const cell = (x: string) => x.replace(/\|/g, "\\|").replace(/\n+/g, " ");
  const lines = [
    `## ${s.id}: ${s.title}`,
    "",
    `${s.machine.date}, ${s.machine.cpu} (${s.machine.cores} cores), Node ${s.machine.node}. Catalogs: ${s.catalogs}.`,
    "",
    "| case | group | wall time | CPU time | peak memory | throughput | ratio | target | met? | note |",
    "|---|---|--:|--:|--:|--:|--:|---|---|---|",
  ];
  for (const r of s.rows) {
    if (r.error) {
      lines.push(
        `| ${cell(r.name)} | ${cell(r.group)} | failed | | | | | ${targetText(r.target)} | **no** | ${cell(r.error.split("\n").slice(0, 3).join(" "))} |`,
      );
      continue;
    }
    const tp = throughput(r);
    const ratio = ratioOf(r);
    lines.push(
      [
        "",
        cell(r.name),
        cell(r.group),
        withMin(r.seconds!, r.minSeconds, r.runs),
        r.cpuSeconds !== undefined ? withMin(r.cpuSeconds, r.minCpuSeconds, r.runs) : "",
        r.peakMiB !== undefined ? `${num(r.peakMiB)} MiB` : "",
        tp !== undefined ? `${num(tp)} ${r.unit ?? "units"}/s` : "",
        ratio !== undefined ? `${num(ratio, 2)}×` : "",
        targetText(r.target),
        met(r, ratio),
        cell(r.note ?? ""),
        "",
      ]
        .join(" | ")
        .trim(),
    );
  }
  return lines.join("\n");
}

function markdown(results: readonly SuiteResult[]): string {
  return [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (bench/run.ts). Every case runs in a fresh Node process. Wall time is the",
    "timed `run` of an in-process case, or the whole process of a command case, from spawn to exit.",
    "CPU time is the user + system time of the same span (all threads; all Node processes of a command):",
    "on a shared machine the wall time grows with the load, the CPU time much less. Peak memory is the",
    "process's maximum resident set size. With several runs, times are the median and (min) the least.",
    "Ratio compares a case's CPU time with the first case of its group (wall time where there is no CPU time):",
    "CPU time is what stays comparable on a shared machine. A command case measures the spawned process",
    "itself (all its Node processes), never the benchmark's own, nor a server it talks to (Prometheus): the time",
    "it waits for such a server is in the note and left out when a time target is judged.",
    "",
    ...results.map((s) => `${suiteMarkdown(s)}\n`),
  ].join("\n");
}

function writeAtomic(path: string, text: string): void {
  writeFileSync(`${path}.tmp-${process.pid}`, text);
  renameSync(`${path}.tmp-${process.pid}`, path);
}

// ---- main ----------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let opts;
  try {
    opts = parseArgs({
      options: {
        suite: { type: "string", multiple: true },
        case: { type: "string", multiple: true },
        runs: { type: "string", default: "1" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    log(`bench: ${(e as Error).message}`);
    usage();
  }
  if (opts.help) usage();
  const runs = Number(opts.runs);
  if (!Number.isInteger(runs) || runs < 1) {
    log(`bench: --runs ${opts.runs}: expected a whole number >= 1`);
    usage();
  }

  const listed = await child(["list"]);
  if (!listed.ok || !("suites" in listed))
    throw new Error(`cannot list the suites: ${listed.ok ? "unexpected answer" : listed.error}`);
  const all = listed.suites;
  for (const id of opts.suite ?? [])
    if (!all.some((s) => s.id === id))
      throw new Error(`no suite "${id}"; there are: ${all.map((s) => s.id).join(", ")}`);
  const selected = all.filter((s) => !opts.suite || opts.suite.includes(s.id));
  // A case is named whole or by a part of its name ("--case 50x" runs every case of that scale).
  const matches = (c: CaseInfo, name: string) => c.name === name || c.name.includes(name);
  const wanted = (c: CaseInfo) => !opts.case || opts.case.some((name) => matches(c, name));
  for (const name of opts.case ?? [])
    if (!selected.some((s) => s.cases.some((c) => matches(c, name))))
      throw new Error(`no case named or containing "${name}" in the selected suites`);

  mkdirSync(WORK, { recursive: true });
  const { catalogs, description } = await prepareCatalogs();
  const machine: Machine = {
    cpu: cpus()[0]?.model.trim() ?? "unknown CPU",
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString().slice(0, 16).replace("T", " ") + " UTC",
  };

  const previous: SuiteResult[] = existsSync(RESULTS_JSON)
    ? (JSON.parse(readFileSync(RESULTS_JSON, "utf8")) as SuiteResult[])
    : [];
  let failed = 0;
  const fresh = new Map<string, SuiteResult>();
  for (const suite of selected) {
    const before = new Map((previous.find((p) => p.id === suite.id)?.rows ?? []).map((r) => [r.name, r]));
    const rows: Row[] = [];
    for (const c of suite.cases) {
      if (!wanted(c)) {
        const old = before.get(c.name);
        if (old) rows.push(old);
        continue;
      }
      process.stderr.write(`${suite.id} › ${c.name} … `);
      const row = await runCase(suite, c, { root: ROOT, work: "", catalogs }, runs);
      log(
        row.error
          ? "failed"
          : `${time(row.seconds!)}${row.cpuSeconds !== undefined ? ` (CPU ${time(row.cpuSeconds)})` : ""}${row.peakMiB !== undefined ? `, ${num(row.peakMiB)} MiB` : ""}`,
      );
      if (row.error) {
        failed++;
        log(row.error);
      }
      rows.push(row);
    }
    fresh.set(suite.id, { id: suite.id, title: suite.title, machine, catalogs: description, rows });
  }
  // Suites not run keep their last results; suites no longer listed are dropped.
  const results = all
    .map((s) => fresh.get(s.id) ?? previous.find((p) => p.id === s.id))
    .filter((s): s is SuiteResult => s !== undefined);
  writeAtomic(RESULTS_JSON, `${JSON.stringify(results, null, 2)}\n`);
  const md = markdown(results);
  writeAtomic(RESULTS_MD, md);
  process.stdout.write(`\n${md}`);
  log(`wrote ${RESULTS_MD}`);
  return failed ? 1 : 0;
}

try {
  process.exitCode = await main();
} catch (e) {
  log(`bench: ${(e as Error).message}`);
  process.exitCode = 2;
}
