/**
 * The shared Prometheus query client against a real Prometheus over backfilled OpenMetrics (values,
 * ranges, absent series = no data), and against small local servers that answer garbage or too slowly.
 */
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDuration, PrometheusClient, PrometheusError } from "../../metrics/index.js";
import { freePort, prometheusSupport, startPrometheus, type RunningPrometheus } from "../support/prometheus.js";

const prom = prometheusSupport();
const NOW = Math.floor(Date.now() / 1000 / 60) * 60;
const START = NOW - 3 * 3600;

prom.describe("PrometheusClient against a real Prometheus", () => {
  let p: RunningPrometheus | undefined;
  beforeAll(async () => {
    const lines = ["# TYPE govcloud_estate_cloud_capacity_cpu_cores gauge"];
    for (let t = START; t <= NOW; t += 60) {
      lines.push(`govcloud_estate_cloud_capacity_cpu_cores{cloud="a",tier="province"} 100 ${t}`);
      lines.push(`govcloud_estate_cloud_capacity_cpu_cores{cloud="b",tier="city"} ${t < NOW - 3600 ? 40 : 60} ${t}`);
    }
    p = await startPrometheus({ backfill: lines.join("\n") });
  }, 60_000);
  afterAll(async () => {
    await p?.stop();
  });

  it("reads instant values and sums", async () => {
    const c = new PrometheusClient(p!.url);
    const v = await c.values("govcloud_estate_cloud_capacity_cpu_cores", NOW);
    expect(Object.fromEntries(v.map((x) => [x.labels.cloud, x.value]))).toEqual({ a: 100, b: 60 });
    expect(await c.scalar("sum(govcloud_estate_cloud_capacity_cpu_cores)", NOW)).toBe(160);
    expect(await c.scalar("scalar(sum(govcloud_estate_cloud_capacity_cpu_cores))", NOW)).toBe(160);
  });

  it("reads ranges with the step asked for", async () => {
    const c = new PrometheusClient(p!.url);
    const s = await c.series('govcloud_estate_cloud_capacity_cpu_cores{cloud="b"}', START, NOW, 1800);
    expect(s).toHaveLength(1);
    expect(s[0]!.points.map((x) => x[1])).toEqual([40, 40, 40, 40, 60, 60, 60]);
  });

  it("an absent series is no data (undefined / empty), not zero", async () => {
    const c = new PrometheusClient(p!.url);
    expect(await c.scalar('sum(govcloud_estate_cloud_capacity_cpu_cores{cloud="nowhere"})', NOW)).toBeUndefined();
    expect(await c.values("govcloud_estate_requested_cpu_cores", NOW)).toEqual([]);
    expect(await c.series("govcloud_estate_requested_cpu_cores", START, NOW, 600)).toEqual([]);
    await expect(c.scalar("govcloud_estate_cloud_capacity_cpu_cores", NOW)).rejects.toMatchObject({ kind: "query" });
  });

  it("a PromQL error is a query error naming the query", async () => {
    const c = new PrometheusClient(p!.url);
    const e = await c.query("sum(").catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PrometheusError);
    expect(e).toMatchObject({ kind: "query" });
    expect((e as Error).message).toContain("sum(");
  });
});

describe("PrometheusClient against broken servers", () => {
  const servers: Server[] = [];
  const serve = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
    const s = createServer(handler);
    servers.push(s);
    await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
    const a = s.address();
    return `http://127.0.0.1:${typeof a === "object" && a ? a.port : 0}`;
  };
  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it("an unreachable server is a readable error naming --prometheus-url", async () => {
    const c = new PrometheusClient(`http://127.0.0.1:${await freePort()}`, { timeoutMs: 3000 });
    const e = await c.query("up").catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: "unreachable" });
    expect((e as Error).message).toMatch(/not reachable.*--prometheus-url/);
  });

  it("a slow server times out", async () => {
    const url = await serve(() => {
      /* never answers */
    });
    const c = new PrometheusClient(url, { timeoutMs: 300 });
    const e = await c.query("up").catch((x: unknown) => x);
    expect(e).toMatchObject({ kind: "timeout" });
    expect((e as Error).message).toContain("300 ms");
  });

  it("HTML, wrong JSON and malformed samples are garbage, not numbers", async () => {
    const answers: Record<string, string> = {
      html: "<html>login</html>",
      status: JSON.stringify({ hello: "world" }),
      vector: JSON.stringify({
        status: "success",
        data: { resultType: "vector", result: [{ metric: {}, value: [1, "many"] }] },
      }),
      shape: JSON.stringify({
        status: "success",
        data: { resultType: "vector", result: [{ metric: {}, value: "3" }] },
      }),
      matrix: JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } }),
    };
    const url = await serve((req, res) => {
      const key = new URL(req.url!, "http://x").searchParams.get("query")!;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(answers[key]);
    });
    const c = new PrometheusClient(url);
    for (const key of ["html", "status", "vector", "shape"])
      await expect(c.values(key), key).rejects.toMatchObject({ kind: "garbage" });
    await expect(c.series("matrix", 0, 60, 15)).rejects.toMatchObject({ kind: "garbage" });
  });

  it("a malformed URL is refused before any request", () => {
    expect(() => new PrometheusClient("prometheus:9090:x")).toThrow(PrometheusError);
    expect(() => new PrometheusClient("not a url")).toThrow(/not a URL/);
  });
});

describe("parseDuration", () => {
  it("reads Prometheus durations and rejects the rest", () => {
    expect(parseDuration("30d")).toBe(30 * 86_400);
    expect(parseDuration("1w2d")).toBe(9 * 86_400);
    expect(parseDuration("90m")).toBe(5400);
    for (const bad of ["", "30", "d", "-1d", "30 d", "1.5d", "0d", "30days"])
      expect(parseDuration(bad), bad).toBeUndefined();
  });
});
