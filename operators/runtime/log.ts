/**
 * Structured JSON logs, one object a line (what log collectors read): `ts`, `level`, `logger`, `msg`,
 * then the fields (controller-runtime's keys where they exist: `controller`, `namespace`, `name`,
 * `reconcileID`, `error`).
 */

export type Level = "debug" | "info" | "warn" | "error";
const RANK: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export type Fields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  error(msg: string, fields?: Fields): void;
  /** A logger adding `fields` to every line (and `logger: name` when given). */
  child(fields: Fields): Logger;
}

export interface LogOptions {
  readonly level?: Level;
  /** Where lines go; default stderr. */
  readonly write?: (line: string) => void;
  readonly now?: () => number;
}

export function jsonLogger(options: LogOptions = {}, base: Fields = {}): Logger {
  const min = RANK[options.level ?? "info"];
  const write = options.write ?? ((l: string) => void process.stderr.write(l));
  const now = options.now ?? Date.now;
  const log = (level: Level, msg: string, fields?: Fields) => {
    if (RANK[level] < min) return;
    const line: Fields = { ts: new Date(now()).toISOString(), level, ...base, msg };
    for (const [k, v] of Object.entries(fields ?? {})) if (v !== undefined) line[k] = v instanceof Error ? v.message : v;
    write(`${JSON.stringify(line)}\n`);
  };
  return {
    debug: (m, f) => log("debug", m, f),
    info: (m, f) => log("info", m, f),
    warn: (m, f) => log("warn", m, f),
    error: (m, f) => log("error", m, f),
    child: (fields) => jsonLogger(options, { ...base, ...fields }),
  };
}

/** A logger that drops everything (tests, benches). */
export const silentLogger: Logger = {
  debug() {},
  info() {},
  warn() {},
  error() {},
  child: () => silentLogger,
};
