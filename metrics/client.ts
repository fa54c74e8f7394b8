/**
 * The shared Prometheus HTTP API client (instant and range queries) for reports, the migration
 * operator's zombie evaluation and tests. Errors are values with a readable message and a kind:
 * an unreachable server, a timeout, an HTTP error, a PromQL error, or an answer that is not what the
 * Prometheus API promises ("garbage"). An absent series is "no data" (`undefined`), never zero.
 */

export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

export type PrometheusErrorKind = "unreachable" | "timeout" | "http" | "query" | "garbage";

export class PrometheusError extends Error {
  constructor(
    message: string,
    readonly kind: PrometheusErrorKind,
  ) {
    super(message);
    this.name = "PrometheusError";
  }
}

export interface PrometheusClientOptions {
  /** Per request (default 30 s). */
  readonly timeoutMs?: number;
}

/** One labelled value of an instant query; `value` is a finite number or NaN/±Inf as Prometheus gave it. */
export interface LabelledValue {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** One labelled series of a range query, as [unix seconds, value] points. */
export interface LabelledSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly points: readonly (readonly [number, number])[];
}

const isPair = (v: unknown): v is [number, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === "number" && typeof v[1] === "string";
const isLabels = (v: unknown): v is Record<string, string> =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.values(v).every((x) => typeof x === "string");

/** A sample value as a number ("NaN", "+Inf" included); throws on anything else. */
function sampleValue(s: string, where: string): number {
  const n = s === "+Inf" ? Infinity : s === "-Inf" ? -Infinity : Number(s);
  if (Number.isNaN(n) && s !== "NaN")
    throw new PrometheusError(`${where}: sample value ${JSON.stringify(s).slice(0, 40)} is not a number`, "garbage");
  return n;
}

/** What a client has spent waiting for Prometheus (for `--timings` and the benchmarks). */
export interface PrometheusClientStats {
  /** Requests sent (answered or not). */
  readonly requests: number;
  /** Wall time during which at least one request was in flight: the time the caller spent waiting. */
  readonly waitSeconds: number;
  /** The requests' durations added up (more than waitSeconds when requests overlap). */
  readonly requestSeconds: number;
}

export class PrometheusClient {
  private readonly base: string;
  private inFlight = 0;
  private busySince = 0;
  private counters = { requests: 0, waitMs: 0, requestMs: 0 };
  constructor(
    url: string,
    private readonly options: PrometheusClientOptions = {},
  ) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new PrometheusError(
        `--prometheus-url ${JSON.stringify(url)} is not a URL; give one such as http://prometheus:9090`,
        "unreachable",
      );
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:")
      throw new PrometheusError(`--prometheus-url ${url}: only http and https are supported`, "unreachable");
    this.base = url.replace(/\/+$/, "");
  }

  get url(): string {
    return this.base;
  }

  /** Time spent waiting for Prometheus so far (from sending each request to its whole answer read). */
  get stats(): PrometheusClientStats {
    const open = this.inFlight > 0 ? performance.now() - this.busySince : 0;
    return {
      requests: this.counters.requests,
      waitSeconds: (this.counters.waitMs + open) / 1000,
      requestSeconds: this.counters.requestMs / 1000,
    };
  }

  /** Sends a request and reads its whole answer, counting the time as waiting for Prometheus (parsing is not). */
  private async exchange(url: string, signal: AbortSignal): Promise<{ res: Response; text: string }> {
    const started = performance.now();
    this.counters.requests++;
    if (this.inFlight++ === 0) this.busySince = started;
    try {
      const res = await fetch(url, { signal });
      return { res, text: await res.text() };
    } finally {
      const now = performance.now();
      this.counters.requestMs += now - started;
      if (--this.inFlight === 0) this.counters.waitMs += now - this.busySince;
    }
  }

  private async get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = `${this.base}${path}?${new URLSearchParams(params)}`;
    const timeout = this.options.timeoutMs ?? 30_000;
    const signal = AbortSignal.timeout(timeout);
    let res: Response;
    let text: string;
    try {
      ({ res, text } = await this.exchange(url, signal));
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === "TimeoutError" || signal.aborted)
        throw new PrometheusError(
          `Prometheus at ${this.base} did not answer within ${timeout} ms; check it is healthy or raise --timeout`,
          "timeout",
        );
      throw new PrometheusError(
        `Prometheus at ${this.base} is not reachable (${err.cause?.code ?? err.message}); check --prometheus-url`,
        "unreachable",
      );
    }
    let body: { status?: unknown; data?: unknown; error?: unknown; errorType?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new PrometheusError(
        `Prometheus at ${this.base} answered HTTP ${res.status} without JSON (${JSON.stringify(text.slice(0, 60))}): is this a Prometheus server?`,
        res.ok ? "garbage" : "http",
      );
    }
    if (typeof body !== "object" || body === null)
      throw new PrometheusError(
        `Prometheus at ${this.base} answered ${JSON.stringify(text.slice(0, 60))}, not an API response`,
        "garbage",
      );
    if (body.status === "error") {
      throw new PrometheusError(
        `Prometheus at ${this.base}: ${String(body.errorType ?? `HTTP ${res.status}`)}: ${String(body.error ?? "unknown error")} (query ${params.query ?? ""})`,
        res.status === 400 || res.status === 422 ? "query" : "http",
      );
    }
    if (body.status !== "success")
      throw new PrometheusError(
        `Prometheus at ${this.base} answered HTTP ${res.status} with status ${JSON.stringify(body.status)}: not a Prometheus API response`,
        res.ok ? "garbage" : "http",
      );
    return body.data as T;
  }

  /** Instant query: the raw vector (a scalar becomes one sample without labels). */
  async query(expr: string, time?: number): Promise<PromSample[]> {
    const d = await this.get<{ resultType?: unknown; result?: unknown }>("/api/v1/query", {
      query: expr,
      ...(time !== undefined ? { time: String(time) } : {}),
    });
    const where = `Prometheus at ${this.base}, query ${expr}`;
    if (typeof d !== "object" || d === null)
      throw new PrometheusError(`${where}: no data object in the answer`, "garbage");
    if (d.resultType === "scalar") {
      if (!isPair(d.result)) throw new PrometheusError(`${where}: malformed scalar`, "garbage");
      return [{ metric: {}, value: d.result }];
    }
    if (d.resultType !== "vector" || !Array.isArray(d.result))
      throw new PrometheusError(`${where}: expected a vector, got ${JSON.stringify(d.resultType)}`, "garbage");
    for (const s of d.result as unknown[]) {
      const x = s as { metric?: unknown; value?: unknown };
      if (!isLabels(x?.metric) || !isPair(x.value))
        throw new PrometheusError(`${where}: malformed sample ${JSON.stringify(s).slice(0, 80)}`, "garbage");
      sampleValue(x.value[1], where);
    }
    return d.result as PromSample[];
  }

  /** Range query: the raw matrix. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<PromSeries[]> {
    const d = await this.get<{ resultType?: unknown; result?: unknown }>("/api/v1/query_range", {
      query: expr,
      start: String(start),
      end: String(end),
      step: String(step),
    });
    const where = `Prometheus at ${this.base}, range query ${expr}`;
    if (typeof d !== "object" || d === null || d.resultType !== "matrix" || !Array.isArray(d.result))
      throw new PrometheusError(`${where}: expected a matrix`, "garbage");
    for (const s of d.result as unknown[]) {
      const x = s as { metric?: unknown; values?: unknown };
      if (!isLabels(x?.metric) || !Array.isArray(x.values) || !x.values.every(isPair))
        throw new PrometheusError(`${where}: malformed series ${JSON.stringify(s).slice(0, 80)}`, "garbage");
      for (const p of x.values as [number, string][]) sampleValue(p[1], where);
    }
    return d.result as PromSeries[];
  }

  /** Instant query as labelled numbers; an empty list means "no data". */
  async values(expr: string, time?: number): Promise<LabelledValue[]> {
    const where = `Prometheus at ${this.base}, query ${expr}`;
    return (await this.query(expr, time)).map((s) => ({ labels: s.metric, value: sampleValue(s.value[1], where) }));
  }

  /** Instant query of one value: `undefined` when the result is empty ("no data", never 0); throws on more than one series. */
  async scalar(expr: string, time?: number): Promise<number | undefined> {
    const v = await this.values(expr, time);
    if (v.length === 0) return undefined;
    if (v.length > 1)
      throw new PrometheusError(
        `Prometheus at ${this.base}, query ${expr}: ${v.length} series where one was expected; aggregate it (sum, max)`,
        "query",
      );
    return Number.isNaN(v[0]!.value) ? undefined : v[0]!.value;
  }

  /** Range query as labelled numeric points; an empty list means "no data". */
  async series(expr: string, start: number, end: number, step: number): Promise<LabelledSeries[]> {
    const where = `Prometheus at ${this.base}, range query ${expr}`;
    return (await this.queryRange(expr, start, end, step)).map((s) => ({
      labels: s.metric,
      points: s.values.map(([t, v]) => [t, sampleValue(v, where)] as const),
    }));
  }
}

/** Parses a Prometheus-style duration ("30d", "12h", "90m", "1w", "2d12h") into seconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(text)) return undefined;
  let total = 0;
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * units[m[2]!]!;
  return total > 0 ? total : undefined;
}
