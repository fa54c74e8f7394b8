/**
 * The benchmark runner's worker, always a fresh process (see run.ts). It is the only side that loads
 * the suites, so the runner itself stays small: a child's peak RSS on Linux starts from its parent's
 * at fork time, and a lean parent keeps that floor low.
 *
 *   child.js list                       -> the suites and their cases (metadata)
 *   child.js command <suite> <case> <ctx> -> the argv of a CommandCase
 *   child.js run <suite> <case> <ctx>   -> runs a FunctionCase: setup untimed, run timed
 *
 * Answers go back over the IPC channel as one message.
 */
import { suites } from "./suites/index.js";
import type { BenchCase, BenchContext, CommandAfter, CommandCase, CommandSpec, FunctionCase } from "./types.js";

/** What the runner passes to a child: BenchContext without its function. */
export interface ContextData {
  readonly root: string;
  readonly work: string;
  readonly catalogs: Readonly<Record<"1" | "10" | "50", string>>;
}

export interface CaseInfo {
  readonly name: string;
  readonly group: string;
  readonly target?: BenchCase["target"];
  readonly kind: "function" | "command";
}

export interface SuiteInfo {
  readonly id: string;
  readonly title: string;
  readonly cases: readonly CaseInfo[];
}

export type ChildAnswer =
  | { readonly ok: true; readonly suites: readonly SuiteInfo[] }
  | { readonly ok: true; readonly command: CommandSpec; readonly after: boolean }
  | { readonly ok: true; readonly outcome: CommandAfter }
  | {
      readonly ok: true;
      readonly seconds: number;
      readonly cpuSeconds: number;
      readonly maxRssKiB: number;
      readonly units?: number;
      readonly unit?: string;
      readonly note?: string;
    }
  | { readonly ok: false; readonly error: string };

const isCommand = (c: BenchCase): c is CommandCase => "command" in c;

function context(data: ContextData): BenchContext {
  return { root: data.root, work: data.work, catalog: (scale) => data.catalogs[String(scale) as "1" | "10" | "50"] };
}

function find(suiteId: string, caseName: string): BenchCase {
  const suite = suites.find((s) => s.id === suiteId);
  const c = suite?.cases.find((x) => x.name === caseName);
  if (!c) throw new Error(`no case "${caseName}" in suite "${suiteId}"`);
  return c;
}

async function answer(argv: readonly string[]): Promise<ChildAnswer> {
  const [mode, suiteId, caseName, ctxJson] = argv;
  if (mode === "list") {
    return {
      ok: true,
      suites: suites.map((s) => ({
        id: s.id,
        title: s.title,
        cases: s.cases.map((c) => ({
          name: c.name,
          group: c.group,
          ...(c.target ? { target: c.target } : {}),
          kind: isCommand(c) ? "command" : "function",
        })),
      })),
    };
  }
  const c = find(suiteId!, caseName!);
  const ctx = context(JSON.parse(ctxJson!) as ContextData);
  if (mode === "command") {
    if (!isCommand(c)) throw new Error(`${caseName} is not a command case`);
    return { ok: true, command: await c.command(ctx), after: c.after !== undefined };
  }
  if (mode === "run") {
    if (isCommand(c)) throw new Error(`${caseName} is a command case`);
    const fn = c as FunctionCase;
    const prepared = await fn.setup?.(ctx);
    (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const started = performance.now();
    const outcome = (await fn.run(ctx, prepared)) ?? {};
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    return {
      ok: true,
      seconds,
      cpuSeconds: (used.user + used.system) / 1e6,
      maxRssKiB: process.resourceUsage().maxRSS,
      ...outcome,
    };
  }
  throw new Error(`unknown mode ${mode}`);
}

/** After a command case's command exited, the runner sends its stderr and wall time; `after` runs here. */
interface CommandDone {
  readonly stderr: string;
  readonly seconds: number;
}

function afterCommand(argv: readonly string[], c: CommandCase, done: CommandDone): Promise<ChildAnswer> {
  const ctx = context(JSON.parse(argv[3]!) as ContextData);
  return Promise.resolve(c.after!(ctx, done)).then(
    (a) => ({ ok: true, outcome: a ?? {} }) as ChildAnswer,
    (e: unknown) => ({ ok: false, error: (e as Error)?.stack ?? String(e) }) as ChildAnswer,
  );
}

const argv = process.argv.slice(2);
let reply: ChildAnswer;
try {
  reply = await answer(argv);
} catch (e) {
  reply = { ok: false, error: (e as Error)?.stack ?? String(e) };
}
const waits = reply.ok && "command" in reply && reply.after;
if (process.send && waits) {
  // Stay alive (and keep what `command` started) until the runner says the command exited.
  process.once("message", (m) => {
    void afterCommand(argv, find(argv[1]!, argv[2]!) as CommandCase, m as CommandDone).then((a) =>
      process.send!(a, () => process.disconnect()),
    );
  });
  process.send(reply);
} else if (process.send) process.send(reply, () => process.disconnect());
else process.stdout.write(`${JSON.stringify(reply)}\n`);
