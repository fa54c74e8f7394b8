/**
 * What every command shares: catalog options, loading with diagnostics, exit codes, atomic writes and
 * progress. This is the I/O edge: only bin/ prints or exits.
 */
import { existsSync, lstatSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { access, constants, mkdir, readdir, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { Option, type Command } from "commander";
import {
  dateProblem,
  DEFAULT_CACHE_DIR,
  DEFAULT_ESTATE,
  formatDiagnostic,
  loadCatalog,
  today,
  type Diagnostic,
  type Estate,
} from "../catalog/index.js";

export const ExitCode = { ok: 0, findings: 1, invalid: 2, internal: 3 } as const;

/** Thrown for bad usage or input found outside the loader; the message is shown, never a stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = ExitCode.invalid,
  ) {
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
    .addOption(
      new Option("--today <date>", "date to judge expiries by (YYYY-MM-DD); default today").env("GOVCLOUD_TODAY"),
    );
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
 * A flag's value as a whole number from 0 to `max`, else a UsageError `<flag> <value>: expected <what>`.
 * Digits only: Number() reads "" and " " as 0 and "0x10" as 16.
 */
export function wholeNumber(flag: string, value: string, what: string, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n > max)
    throw new UsageError(`${flag} ${value}: expected ${what}`);
  return n;
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

/**
 * Reports input that cannot be judged: the diagnostics on standard error and, when the command was
 * asked for JSON, the document a machine reads on standard output (`{valid: false, diagnostics}`, as
 * `validate --format json` prints), so a pipeline parsing the output gets a document, not nothing.
 */
export function printInvalid(list: readonly Diagnostic[], format?: string): void {
  printDiagnostics(list);
  if (format === "json") out(JSON.stringify({ valid: false, diagnostics: list }, null, 2));
}

/** Loads the catalog; on errors prints them (see printInvalid) and throws the invalid-input exit. */
export async function loadOrExit(
  opts: CatalogOptions & { format?: string },
  changed: readonly string[] = [],
): Promise<{ estate: Estate; diagnostics: Diagnostic[] }> {
  const result = await loadCatalog(opts.catalog, {
    estate: opts.estate,
    changed,
    today: todayOf(opts),
    ...cacheOption(),
  });
  if (!result.estate) {
    printInvalid(result.diagnostics, opts.format);
    throw new UsageError("", ExitCode.invalid);
  }
  return { estate: result.estate, diagnostics: result.diagnostics };
}

/** Why the file system refused, in the user's terms, by error code. */
const FS_REASONS: Record<string, string> = {
  EACCES: "permission denied: this user may not write there",
  EPERM: "operation not permitted",
  EROFS: "the file system is read-only",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder; name a file",
  ENOENT: "a folder on the path does not exist and cannot be created there",
  EEXIST: "a file of that name is in the way",
  ENOSPC: "no space left on the device",
  EDQUOT: "the disk quota is exhausted",
  ENAMETOOLONG: "the name is too long",
  ELOOP: "too many symbolic links on the path",
  EBUSY: "the path is busy (a mount point?)",
  EXDEV: "the temporary copy and the target are on different file systems",
  EMFILE: "too many open files",
};

/**
 * A file system error met while writing the user's output: the user's environment, not a bug, so a
 * usage error naming the path and the reason (exit 2). Anything else is passed on unchanged.
 */
export function outputError(e: unknown, flag: string, given: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (!code || !(code in FS_REASONS)) return e;
  const path = (e as NodeJS.ErrnoException).path;
  const at = path && resolve(path) !== resolve(given) && !basename(path).startsWith(".") ? ` (at ${path})` : "";
  return new UsageError(`${flag} ${given}: cannot write it${at}: ${FS_REASONS[code]} [${code}]`);
}

/**
 * Creates a folder and its missing parents one level at a time. Node's `mkdir({recursive: true})`
 * loops forever where the parent exists but refuses new entries (`/proc`); this fails at once.
 */
export async function makeDirs(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    let info;
    try {
      info = await stat(at);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`not a directory: ${at}`), { code: "ENOTDIR", path: at });
      break;
    }
    missing.push(at);
    const up = dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing.reverse()) {
    try {
      await mkdir(d);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !statSync(d).isDirectory()) throw e;
    }
  }
}

/**
 * Refuses an output path inside the catalog a command reads, or one that holds the catalog: the next
 * `validate` would read the output as catalog documents (or a replace would remove the catalog).
 */
export function checkOutsideCatalog(flag: string, target: string, catalog: string): void {
  const abs = resolve(target);
  const source = resolve(catalog);
  if (abs === source || abs.startsWith(source + sep) || source.startsWith(abs + sep)) {
    const where =
      abs === source
        ? "is the catalog"
        : abs.startsWith(source + sep)
          ? "is inside the catalog, where the next validate would read it"
          : "holds the catalog, which replacing it would remove";
    throw new UsageError(
      `${flag} ${target} overlaps the catalog it reads (${catalog}): it ${where}. Write the output to a folder of its own, outside the catalog`,
    );
  }
}

/**
 * Refuses an output folder a command may not replace. It may be new, empty, or one the same command
 * wrote before (it holds `marker`); a file or a folder with other content is refused untouched, so a
 * mistyped --out cannot wipe a repository.
 */
export function checkReplaceable(dir: string, marker: string, writer: string): void {
  let st;
  try {
    st = lstatSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw outputError(e, "--out", dir);
  }
  if (!st) return;
  if (!st.isDirectory()) throw new UsageError(`--out ${dir} exists and is not a folder`);
  const entries = readdirSync(dir);
  if (entries.length > 0 && !entries.includes(marker)) {
    throw new UsageError(
      `--out ${dir} is a folder with other content and is not a ${writer} output; it would be replaced. Choose a new or empty folder`,
    );
  }
}

/**
 * Makes sure the output can be written before any work is done: the parent folder exists (or is
 * created) and is writable. A path that cannot be written fails here, at once, naming why.
 */
export async function checkWritable(flag: string, target: string): Promise<void> {
  const parent = dirname(resolve(target));
  try {
    await makeDirs(parent);
    await access(parent, constants.W_OK);
    const st = await stat(target).catch(() => undefined);
    if (st?.isDirectory() && flag !== "--out") throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
  } catch (e) {
    throw outputError(e, flag, target);
  }
  // The permission bits do not tell everything (root, read-only mounts, /proc): create and remove
  // the kind of entry the write will create.
  const probe = join(parent, `.${basename(resolve(target))}.probe-${process.pid}`);
  try {
    await mkdir(probe);
    await rm(probe, { recursive: true, force: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError(
        `${flag} ${target}: cannot write it: ${parent} accepts no new files or folders (a virtual file system such as /proc or /sys?) [ENOENT]`,
      );
    }
    throw outputError(e, flag, target);
  }
}

/**
 * Temporary paths this process is writing, and how to undo each: run on SIGINT and SIGTERM, so an
 * interrupted write leaves the previous output as it was and no temporary folder behind.
 */
const undo = new Map<string, () => void>();
let signalsInstalled = false;

function onInterrupt(cleanupKey: string, fn: () => void): () => void {
  if (!signalsInstalled) {
    signalsInstalled = true;
    for (const [signal, code] of [
      ["SIGINT", 130],
      ["SIGTERM", 143],
    ] as const) {
      process.on(signal, () => {
        for (const f of undo.values()) {
          try {
            f();
          } catch {
            // best effort: the next run removes what is left (removeStale)
          }
        }
        process.stderr.write(
          `govcloud: interrupted (${signal}); temporary files removed, the previous output is unchanged\n`,
        );
        process.exit(code);
      });
    }
  }
  undo.set(cleanupKey, fn);
  return () => undo.delete(cleanupKey);
}

/** Whether a process of that id is running (a temporary path of a dead one is stale). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Removes what an earlier run killed mid-write left beside `abs`: `<name>.tmp-<pid>` (file) or
 * `.<name>.tmp-<pid>` / `.<name>.old-<pid>` (folder) of a process that is no longer running. A lone
 * `.old` folder (the run died between the two renames) is the previous output and is put back.
 */
export async function removeStale(abs: string): Promise<string[]> {
  const parent = dirname(abs);
  const name = basename(abs);
  const esc = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^(?:${esc}\\.tmp|\\.${esc}\\.(tmp|old))-(\\d+)$`);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = await readdir(parent);
  } catch {
    return removed;
  }
  for (const entry of entries.sort()) {
    const m = pattern.exec(entry);
    if (!m || alive(Number(m[2]))) continue;
    const path = join(parent, entry);
    if (m[1] === "old" && !existsSync(abs)) await rename(path, abs);
    else await rm(path, { recursive: true, force: true });
    removed.push(path);
  }
  return removed;
}

/** Writes a file atomically: a temporary sibling, then rename, so no reader sees half a file. */
export async function writeFileAtomic(path: string, content: string | Uint8Array, flag = "--output"): Promise<void> {
  const abs = resolve(path);
  await checkWritable(flag, path);
  await removeStale(abs);
  const tmp = `${abs}.tmp-${process.pid}`;
  const done = onInterrupt(tmp, () => rmSync(tmp, { force: true }));
  try {
    await writeFile(tmp, content);
    await rename(tmp, abs);
  } catch (e) {
    await rm(tmp, { force: true });
    throw outputError(e, flag, path);
  } finally {
    done();
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
export async function writeFiles(
  root: string,
  files: ReadonlyMap<string, string | Uint8Array>,
  concurrency = 64,
): Promise<void> {
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
 * swapped in by rename. A failure (of `fill` or of the swap) or an interrupt (SIGINT, SIGTERM) leaves
 * the previous folder as it was and no temporary folder behind; temporary folders of earlier runs
 * that were killed are removed first.
 */
export async function replaceTreeAtomic(
  dir: string,
  fill: (tmp: string) => Promise<void>,
  flag = "--out",
): Promise<void> {
  const abs = resolve(dir);
  const parent = dirname(abs);
  await checkWritable(flag, dir);
  await removeStale(abs);
  const tmp = join(parent, `.${basename(abs)}.tmp-${process.pid}`);
  const old = join(parent, `.${basename(abs)}.old-${process.pid}`);
  const done = onInterrupt(tmp, () => {
    // Interrupted before the swap: the previous folder goes back; after it (while the previous one is
    // being removed): the new folder is complete, and the previous one is removed.
    if (existsSync(old)) {
      if (existsSync(abs)) rmSync(old, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 });
      else renameSync(old, abs);
    }
    rmSync(tmp, { recursive: true, force: true });
  });
  try {
    await rm(tmp, { recursive: true, force: true });
    await mkdir(tmp);
    await fill(tmp);
    // The swap is synchronous: an interrupt (handled on the event loop) then comes before it or after
    // it, never while a rename is in flight, so the handler always sees a consistent pair of folders
    // (after it, the handler finishes removing the previous folder).
    let hadOld = true;
    try {
      renameSync(abs, old);
    } catch {
      hadOld = false;
    }
    try {
      renameSync(tmp, abs);
    } catch (e) {
      if (hadOld) renameSync(old, abs); // put the previous folder back
      throw e;
    }
    if (hadOld) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw outputError(e, flag, dir);
  } finally {
    done();
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
