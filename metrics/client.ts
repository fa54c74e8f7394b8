/**
 * A small Prometheus HTTP API client (instant and range queries) for reports and tests. Errors are
 * values with a readable message: an unreachable server, a timeout, an HTTP error, a PromQL error.
 */

export interface PromSample {
  readonly metric: Readonly<Record<string, string>>;
  readonly value: readonly [number, string];
}

export interface PromSeries {
  readonly metric: Readonly<Record<string, string>>;
  readonly values: readonly (readonly [number, string])[];
}

export class PrometheusError extends Error {
  constructor(
    message: string,
    readonly kind: "unreachable" | "timeout" | "http" | "query",
  ) {
    super(message);
  }
}

export interface PrometheusClientOptions {
  readonly timeoutMs?: number;
}

export class PrometheusClient {
  private readonly base: string;
  constructor(
    url: string,
    private readonly options: PrometheusClientOptions = {},
  ) {
    this.base = url.replace(/\/+$/, "");
  }

  private async get<T>(path: string, params: Record<string, string>): Promise<T> {
    const url = `${this.base}${path}?${new URLSearchParams(params)}`;
    let res: Response;
    try {
      res = await fetch(url, { signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000) });
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      if (err.name === "TimeoutError") throw new PrometheusError(`Prometheus at ${this.base} did not answer within ${this.options.timeoutMs ?? 30_000} ms`, "timeout");
      throw new PrometheusError(`Prometheus at ${this.base} is not reachable (${err.cause?.code ?? err.message}); check --prometheus-url`, "unreachable");
    }
    let body: { status?: string; data?: T; error?: string; errorType?: string };
    try {
      body = (await res.json()) as typeof body;
    } catch {
      throw new PrometheusError(`Prometheus at ${this.base} answered HTTP ${res.status} without JSON: is this a Prometheus server?`, "http");
    }
    if (body.status !== "success") {
      throw new PrometheusError(`Prometheus at ${this.base}: ${body.errorType ?? `HTTP ${res.status}`}: ${body.error ?? "unknown error"} (query ${params.query ?? ""})`, res.status === 400 || res.status === 422 ? "query" : "http");
    }
    return body.data as T;
  }

  async query(expr: string, time?: number): Promise<PromSample[]> {
    const d = await this.get<{ resultType: string; result: PromSample[] | [number, string] }>("/api/v1/query", { query: expr, ...(time !== undefined ? { time: String(time) } : {}) });
    if (d.resultType === "scalar") return [{ metric: {}, value: d.result as [number, string] }];
    return d.result as PromSample[];
  }

  async queryRange(expr: string, start: number, end: number, step: number): Promise<PromSeries[]> {
    const d = await this.get<{ result: PromSeries[] }>("/api/v1/query_range", { query: expr, start: String(start), end: String(end), step: String(step) });
    return d.result;
  }
}
