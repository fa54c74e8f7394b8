/**
 * `govcloud exporter` through the built binary: serves the catalog's figures, reloads on a change and on
 * SIGHUP, keeps the last good state when the catalog stops validating, never drops a scrape.
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { govcloud, ROOT, STACK_TRACE, writeTree } from "../support/cli.js";
import { sampleValue, startExporterProcess, type RunningExporter } from "../support/exporter.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until<T>(what: string, f: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await f();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last ${JSON.stringify(last)}`);
    await sleep(100);
    last = await f();
  }
  return last;
}

const dirs: string[] = [];
const procs: RunningExporter[] = [];
afterAll(async () => {
  for (const p of procs) await p.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function exporterOn(files: Record<string, string>, extra: string[] = []) {
  const dir = writeTree(files, "govcloud-exporter-");
  dirs.push(dir);
  const p = await startExporterProcess(dir, "t", extra);
  procs.push(p);
  return { dir, p };
}

const CLOUDS = "estates/t/clouds.yaml";

describe("govcloud exporter", () => {
  it("serves the estate's figures, valid, with the findings govcloud check reports", async () => {
    const { dir, p } = await exporterOn(tinyCatalog());
    const check = govcloud(["check", "--catalog", dir, "--estate", "t", "--format", "json"]);
    const page = await p.scrape();
    expect(sampleValue(page, "govcloud_estate_catalog_valid")).toBe(1);
    expect(sampleValue(page, 'govcloud_estate_catalog_reloads_total{result="success"}')).toBe(1);
    expect(page).toContain("# TYPE govcloud_estate_cloud_capacity_cpu_cores gauge");
    const findings = (JSON.parse(check.stdout) as { findings: { result: string }[] }).findings.filter((f) =>
      ["fail", "warn", "error"].includes(f.result),
    );
    const exported = page
      .split("\n")
      .filter((l) => l.startsWith("govcloud_estate_findings{"))
      .reduce((n, l) => n + Number(l.split(" ")[1]), 0);
    expect(exported).toBe(findings.length);
    const health = await fetch(`${p.url}/healthz`);
    expect(health.status).toBe(200);
    expect((await fetch(`${p.url}/nope`)).status).toBe(404);
    const gz = await fetch(`${p.url}/metrics`, { headers: { "accept-encoding": "gzip" } });
    expect(await gz.text()).toBe(page);
  });

  it("reloads on a catalog change; an invalid catalog keeps the last good state and sets catalog_valid 0", async () => {
    const { dir, p } = await exporterOn(tinyCatalog());
    const capacity = 'govcloud_estate_cloud_capacity_cpu_cores{cloud="province",tier="provincial"}';
    const before = (await p.value(capacity))!;
    expect(before).toBeGreaterThan(0);
    const clouds = readFileSync(join(dir, CLOUDS), "utf8");
    const m = /vcpu: (\d+)/.exec(clouds)!;
    writeFileSync(join(dir, CLOUDS), clouds.replace(m[0], `vcpu: ${Number(m[1]) + 1000}`));
    await until(
      "the new capacity",
      () => p.value(capacity),
      (v) => v === Number(m[1]) + 1000,
    );

    const good = await p.scrape();
    writeFileSync(join(dir, CLOUDS), `${clouds}\n  bogus: [unclosed\n`);
    await until(
      "catalog_valid 0",
      () => p.value("govcloud_estate_catalog_valid"),
      (v) => v === 0,
    );
    const bad = await p.scrape();
    expect(sampleValue(bad, capacity)).toBe(Number(m[1]) + 1000);
    const estatePart = (s: string) => s.slice(s.indexOf("# HELP govcloud_estate_cloud_capacity_cpu_cores"));
    expect(estatePart(bad)).toBe(estatePart(good));
    expect(sampleValue(bad, 'govcloud_estate_catalog_reloads_total{result="error"}')).toBeGreaterThanOrEqual(1);
    expect(p.stderr()).toMatch(/clouds\.yaml:\d+:\d+/);
    expect(p.stderr()).not.toMatch(STACK_TRACE);

    writeFileSync(join(dir, CLOUDS), clouds);
    await until(
      "catalog_valid 1 again",
      () => p.value("govcloud_estate_catalog_valid"),
      (v) => v === 1,
    );
    expect(await p.value(capacity)).toBe(before);
  });

  it("answers every scrape with a whole page while reloading (SIGHUP)", async () => {
    // the embedded estate: its reload (load, plan, evaluate) takes seconds, long enough to scrape through
    const p = await startExporterProcess(join(ROOT, "catalog"), "shanxi", ["--no-watch"]);
    procs.push(p);
    const first = await p.scrape();
    const families = first.split("\n").filter((l) => l.startsWith("# TYPE")).length;
    const reloads = () => p.value('govcloud_estate_catalog_reloads_total{result="success"}');
    const answers: { status: number; families: number; complete: boolean; ms: number }[] = [];
    const hup = performance.now();
    p.child.kill("SIGHUP");
    const deadline = Date.now() + 60_000;
    while ((await reloads()) === 1 && Date.now() < deadline) {
      const t = performance.now();
      const r = await fetch(`${p.url}/metrics`);
      const text = await r.text();
      answers.push({
        status: r.status,
        families: text.split("\n").filter((l) => l.startsWith("# TYPE")).length,
        complete: text.endsWith("\n"),
        ms: performance.now() - t,
      });
    }
    const reloadMs = performance.now() - hup;
    expect(await reloads()).toBe(2);
    expect(answers.length).toBeGreaterThan(3);
    for (const a of answers) expect(a).toMatchObject({ status: 200, families, complete: true });
    // the reload runs in a worker thread: scrapes are answered from the last page, never queued behind it —
    // each in a small part of the reload's time, measured side by side (a scrape queued behind a reload on
    // the main thread would take about all of it; absolute times on a loaded machine say nothing)
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(reloadMs / 2);
  });

  it("a reload worker thread that exits without an error event fails that reload; the next one gets a new worker", async () => {
    // Preloaded into every thread of the exporter process: the reload worker exits (code 3, no `error`
    // event, as process.exit in the thread or a fatal error does) on its second request. It wraps the
    // worker's own listener: listening itself would start the port before the worker module listens.
    const dir = writeTree(
      {
        "die.cjs": [
          'const wt = require("node:worker_threads");',
          "if (!wt.isMainThread) {",
          "  const port = wt.parentPort;",
          "  const on = port.on.bind(port);",
          "  let n = 0;",
          "  port.on = (event, listener) =>",
          '    on(event, event === "message" ? (m) => (++n === 2 ? process.exit(3) : listener(m)) : listener);',
          "}",
          "",
        ].join("\n"),
      },
      "govcloud-exporter-preload-",
    );
    dirs.push(dir);
    const catalog = writeTree(tinyCatalog(), "govcloud-exporter-");
    dirs.push(catalog);
    const p = await startExporterProcess(catalog, "t", ["--no-watch"], undefined, {
      NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --require ${join(dir, "die.cjs")}`.trim(),
    });
    procs.push(p);
    const errors = () => p.value('govcloud_estate_catalog_reloads_total{result="error"}');
    const successes = () => p.value('govcloud_estate_catalog_reloads_total{result="success"}');
    const capacity = "govcloud_estate_cloud_capacity_cpu_cores";
    const before = await p.value(capacity);
    expect(await successes()).toBe(1);
    p.child.kill("SIGHUP"); // the worker's second request: it exits
    await until("the failed reload", errors, (v) => v === 1, 60_000);
    expect(p.stderr()).toMatch(/reload worker thread exited with code 3/);
    expect(await p.value(capacity)).toBe(before); // the old page stays
    p.child.kill("SIGHUP"); // a new worker, whose first request succeeds
    await until("a reload in a new worker", successes, (v) => v === 2, 60_000);
    expect(await p.value("govcloud_estate_catalog_valid")).toBe(1);
  }, 240_000);

  it("refuses a catalog that never validated (exit 2, diagnostics, no stack trace) and a bad --listen", () => {
    const files = tinyCatalog();
    files[CLOUDS] = `${files[CLOUDS]}\n  bogus: [unclosed\n`;
    const dir = writeTree(files, "govcloud-exporter-");
    dirs.push(dir);
    const r = govcloud(["exporter", "--catalog", dir, "--estate", "t", "--listen", "127.0.0.1:0"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/clouds\.yaml:\d+:\d+/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    const bad = govcloud(["exporter", "--catalog", dir, "--listen", "localhost"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--listen localhost: expected host:port/);
  });

  it("refuses an address in use with exit 2", async () => {
    const { dir, p } = await exporterOn(tinyCatalog());
    const r = govcloud(["exporter", "--catalog", dir, "--estate", "t", "--listen", `127.0.0.1:${p.port}`]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/address is in use/);
  });
});
