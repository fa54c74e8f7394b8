/**
 * The benchmark contract. `npm run bench` runs every suite listed in bench/suites/index.ts, each case
 * in a fresh child process (so peak memory is the case's own), and writes bench/results.md: one table
 * per suite, the cases of a group side by side with their ratio to the group's first case.
 */

/** What the runner prepares once, before any case runs. */
export interface BenchContext {
  /** Repository root (absolute). */
  readonly root: string;
  /** A scratch folder for the case's outputs (absolute, empty). */
  readonly work: string;
  /** The catalog folder of the embedded estate (scale 1) or a generated estate at `scale` times it. */
  catalog(scale: 1 | 10 | 50): string;
}

/** What a case reports back besides time and memory. */
export interface BenchOutcome {
  /** Units of work done, for a throughput column (e.g. 120000 objects). */
  readonly units?: number;
  /** The unit's name (e.g. "objects"). */
  readonly unit?: string;
  /** Free-form detail shown in the table (e.g. "3,412 namespaces"). */
  readonly note?: string;
}

interface CaseBase {
  /** Row label, unique within the suite. */
  readonly name: string;
  /** Cases of a group are compared side by side: ratio of each to the group's first case. */
  readonly group: string;
  /** The budget, e.g. { seconds: 2 } or { seconds: 20, megabytes: 1024 }, or a throughput floor. */
  readonly target?: {
    readonly seconds?: number;
    readonly megabytes?: number;
    readonly perSecond?: number;
    readonly ratio?: number;
  };
}

/** A case run in-process in a fresh child: `run` is timed; `setup` is not. */
export interface FunctionCase extends CaseBase {
  readonly setup?: (ctx: BenchContext) => Promise<unknown> | unknown;
  readonly run: (ctx: BenchContext, prepared: unknown) => Promise<BenchOutcome | void> | BenchOutcome | void;
}

/** What a CommandCase's `command` gives: the command line to measure. */
export interface CommandSpec {
  readonly argv: readonly string[];
  readonly cwd?: string;
  readonly units?: number;
  readonly unit?: string;
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** Exit codes that are a normal outcome (default: only 0); e.g. [0, 1] for a check that finds something. */
  readonly exitCodes?: readonly number[];
  readonly note?: string;
}

/** What a CommandCase's `after` adds once the command exited. */
export interface CommandAfter extends BenchOutcome {
  /**
   * Wall time the command spent waiting on a service outside it (e.g. Prometheus answering queries):
   * shown in the note and subtracted from the wall time a `seconds` target judges. The service's own
   * CPU and memory are never counted (only the command's Node processes are).
   */
  readonly waitedSeconds?: number;
}

/**
 * A case that runs a command (e.g. the built CLI, or a naive program under tsx); time and peak RSS of the whole process.
 * `command` runs untimed in a case process that stays alive until the command exited, so what it
 * starts (a server the command talks to) keeps running; then `after` runs there (stop it, read the
 * command's stderr).
 */
export interface CommandCase extends CaseBase {
  readonly command: (ctx: BenchContext) => CommandSpec | Promise<CommandSpec>;
  readonly after?: (
    ctx: BenchContext,
    run: { readonly stderr: string; readonly seconds: number },
  ) => Promise<CommandAfter | void> | CommandAfter | void;
}

export type BenchCase = FunctionCase | CommandCase;

export interface BenchSuite {
  /** File-name-like id, e.g. "validate", "plan", "ipam", "dr", "policies". */
  readonly id: string;
  readonly title: string;
  readonly cases: readonly BenchCase[];
}
