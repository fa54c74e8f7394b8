/**
 * What every command shares: catalog options, loading with diagnostics, exit codes, atomic writes and
 * progress. This is the I/O edge: only bin/ prints or exits.
 */
import { lstatSync, readdirSync } from "node:fs";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { Option, type Command } from "commander";
import { dateProblem, DEFAULT_CACHE_DIR, DEFAULT_ESTATE, formatDiagnostic, loadCatalog, today, type Diagnostic, type Estate } from "../catalog/index.js";

export const ExitCode = { ok: 0, findings: 1, invalid: 2, internal: 3 } as const;

/** Thrown for bad usage or input found outside the loader; the message is shown, never a stack. */
export class UsageError extends Error {
  constructor(message: string, readonly exitCode: number = ExitCode.invalid) {
    super(message);
  }
}

export interface CatalogOptions {
  catalog: string;
  estate: string;
  today?: string;
}

export function withCatalogOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--catalog <dir>", "catalog folder").default("./catalog"))
    .addOption(new Option("--estate <name>", "estate under <catalog>/estates/").default(DEFAULT_ESTATE))
    .addOption(new Option("--today <date>", "date to judge expiries by (YYYY-MM-DD); default today").env("GOVCLOUD_TODAY"));
}

export const out = (s: string) => process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);
export const err = (s: string) => process.stderr.write(s.endsWith("\n") ? s : `${s}\n`);

/** Whether to draw progress: a TTY and not CI. */
export function interactive(): boolean {
  return Boolean(process.stderr.isTTY) && !process.env.CI;
}

export function printDiagnostics(list: readonly Diagnostic[]): void {
  for (const d of list) err(formatDiagnostic(d));
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  if (list.length) err(`${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`);
}

/**
 * The date to judge by: --today (or GOVCLOUD_TODAY), checked here once for every command — a date
 * that does not exist (2026-13-45, 2026-02-30) is a usage error, exit 2; default the system date.
 */
export function todayOf(opts: Pick<CatalogOptions, "today">): string {
  if (opts.today === undefined) return today();
  const problem = dateProblem(opts.today);
  if (problem) throw new UsageError(`--today ${opts.today}: ${problem}`);
  return opts.today;
}

/**
 * Where parsed catalog files are kept between runs: GOVCLOUD_CACHE_DIR, else .govcloud-cache in the
 * working folder; GOVCLOUD_CACHE=off turns it off. Content-addressed, so safe to share and to delete.
 */
export function cacheOption(): { cacheDir?: string } {
  if (/^(off|0|false|no)$/i.test(process.env.GOVCLOUD_CACHE ?? "")) return {};
  return { cacheDir: process.env.GOVCLOUD_CACHE_DIR || DEFAULT_CACHE_DIR };
}

/** Loads the catalog; on errors prints them and throws the invalid-input exit. */
export async function loadOrExit(opts: CatalogOptions, changed: readonly string[] = []): Promise<{ estate: Estate; diagnostics: Diagnostic[] }> {
  const result = await loadCatalog(opts.catalog, { estate: opts.estate, changed, today: todayOf(opts), ...cacheOption() });
  if (!result.estate) {
    printDiagnostics(result.diagnostics);
    throw new UsageError("", ExitCode.invalid);
  }
  return { estate: result.estate, diagnostics: result.diagnostics };
}

/**
 * Refuses an output folder a command may not replace. It may be new, empty, or one the same command
 * wrote before (it holds `marker`); a file or a folder with other content is refused untouched, so a
 * mistyped --out cannot wipe a repository.
 */
export function checkReplaceable(dir: string, marker: string, writer: string): void {
  const st = lstatSync(dir, { throwIfNoEntry: false });
  if (!st) return;
  if (!st.isDirectory()) throw new UsageError(`--out ${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(marker)) {
    throw new UsageError(`--out ${dir} is a folder with other content and is not a ${writer} output; it would be replaced. Choose a new or empty folder`);
  }
}

/** Writes a file atomically: a temporary sibling, then rename, so no reader sees half a file. */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const abs = resolve(path);
  await mkdir(dirname(abs), { recursive: true });
  const tmp = `${abs}.tmp-${process.pid}`;
  try {
    await writeFile(tmp, content);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * Writes a whole folder atomically: into a temporary sibling, then swapped in by rename. A failure
 * leaves the previous folder as it was.
 */
export async function writeTreeAtomic(dir: string, files: ReadonlyMap<string, string | Uint8Array>): Promise<void> {
  await replaceTreeAtomic(dir, (tmp) => writeFiles(tmp, files));
}

/** Writes files under a folder, creating subfolders, with a bounded number of files open at once. */
export async function writeFiles(root: string, files: ReadonlyMap<string, string | Uint8Array>, concurrency = 64): Promise<void> {
  const dirs = new Set<string>();
  for (const rel of files.keys()) dirs.add(dirname(join(root, rel)));
  for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
  const entries = [...files];
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const [rel, content] = entries[next++]!;
      await writeFile(join(root, rel), content);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, entries.length) }, worker));
}

/**
 * Replaces a folder atomically: `fill` writes the new content into a temporary sibling, which is then
 * swapped in by rename. A failure (of `fill` or of the swap) leaves the previous folder as it was.
 */
export async function replaceTreeAtomic(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const abs = resolve(dir);
  const parent = dirname(abs);
  await mkdir(parent, { recursive: true });
  const tmp = join(parent, `.${abs.slice(parent.length + 1)}.tmp-${process.pid}`);
  const old = join(parent, `.${abs.slice(parent.length + 1)}.old-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    await mkdir(tmp, { recursive: true });
    await fill(tmp);
    let hadOld = true;
    try {
      await rename(abs, old);
    } catch {
      hadOld = false;
    }
    try {
      await rename(tmp, abs);
    } catch (e) {
      if (hadOld) await rename(old, abs); // put the previous folder back
      throw e;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** A fixed-width text table. */
export function table(head: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [head, ...rows].map((r) => r.map(String));
  const width = (s: string) => [...s].reduce((w, ch) => w + (/[\u1100-\uffff]/.test(ch) ? 2 : 1), 0);
  const widths = head.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ""))));
  const line = (r: string[]) =>
    r
      .map((c, i) => {
        const pad = " ".repeat(widths[i]! - width(c));
        return typeof rows[0]?.[i] === "number" ? pad + c : c + pad;
      })
      .join("  ")
      .trimEnd();
  return [line(cells[0]!), line(widths.map((w) => "-".repeat(w))), ...cells.slice(1).map(line)].join("\n");
}
