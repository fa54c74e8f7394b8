/** Runs the built `govcloud` command (npm test builds it first) and captures what it prints. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";

/** The repository root, from the sources (vitest, tsx) or from dist/tests/support (a compiled bench helper). */
const up = resolve(import.meta.dirname, "../..");
export const ROOT = basename(up) === "dist" ? dirname(up) : up;
export const BIN = join(ROOT, "dist/bin/govcloud.js");

export interface CliResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
  /** With `measure`: the process's peak resident set size, reported at exit by bench's rss hook. */
  readonly peakRssMiB?: number;
  /**
   * With `measure`: the CPU time (user + system) of its Node processes. Unlike wall time, the same on a
   * loaded machine: what a test bounds when it says "little time".
   */
  readonly cpuSeconds?: number;
}

export interface CliOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** Report the peak memory of the run (preloads dist/bench/rss-hook.cjs). */
  measure?: boolean;
}

export function govcloud(args: readonly string[], options: CliOptions = {}): CliResult {
  const rssFile = options.measure ? join(mkdtempSync(join(tmpdir(), "govcloud-rss-")), "rss.jsonl") : undefined;
  const measure = rssFile
    ? {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${join(ROOT, "dist/bench/rss-hook.cjs")}`.trim(),
        GOVCLOUD_RSS_FILE: rssFile,
      }
    : {};
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? ROOT,
    encoding: "utf8",
    env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23", ...options.env, ...measure },
    maxBuffer: 256 * 1024 * 1024,
  });
  let peakRssMiB: number | undefined;
  let cpuSeconds: number | undefined;
  if (rssFile) {
    const lines = readFileSync(rssFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { maxRssKiB: number; cpuMicros: number });
    peakRssMiB = Math.max(...lines.map((l) => l.maxRssKiB)) / 1024;
    cpuSeconds = lines.reduce((t, l) => t + l.cpuMicros, 0) / 1e6;
    rmSync(dirname(rssFile), { recursive: true, force: true });
  }
  return {
    status: r.status ?? -1,
    stdout: r.stdout,
    stderr: r.stderr,
    ...(peakRssMiB !== undefined ? { peakRssMiB } : {}),
    ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
  };
}

/** Writes files (path relative to a fresh temporary folder) and returns the folder. */
export function writeTree(files: Record<string, string | Uint8Array>, prefix = "govcloud-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

/** No stack trace ever reaches the user. */
export const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;
