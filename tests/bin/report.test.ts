/** `govcloud report`: formats, atomic --output, and bad input (exit 2 with a clear message, no stack). */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/prometheus.js";
import { govcloud, ROOT } from "../support/cli.js";
import { loadCatalog } from "../../catalog/index.js";
import type { Report } from "../../reports/index.js";
import { departmentFigures, departmentUsageFigures } from "../reports/department-figures.js";

const dir = mkdtempSync(join(tmpdir(), "govcloud-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Kpi {
  id: string;
  label: string;
  value: number | null;
}
/** A report as JSON in English, the command expected to succeed. */
function reportJson<T>(kind: "situation" | "usage", args: string[]): T {
  const r = govcloud(["report", kind, "--format", "json", "--lang", "en", ...args]);
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}
/** The value of a headline figure. */
const value = (r: { kpis: Kpi[] }, id: string) => r.kpis.find((k) => k.id === id)!.value;

describe("govcloud report", () => {
  it("writes each format atomically (no temporary file left)", () => {
    for (const [kind, format] of [
      ["usage", "json"],
      ["situation", "markdown"],
      ["situation", "html"],
      ["usage", "csv"],
    ] as const) {
      const file = join(dir, `${kind}.${format}`);
      const r = govcloud(["report", kind, "--format", format, "--output", file, "--at", "2026-11-23T00:00:00Z"]);
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(file, "utf8").length).toBeGreaterThan(500);
    }
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
    const s = JSON.parse(readFileSync(join(dir, "usage.json"), "utf8")) as {
      measured: boolean;
      kpis: { id: string; value: number | null }[];
    };
    expect(s.measured).toBe(false);
    expect(s.kpis.find((k) => k.id === "usedCpu")!.value).toBeNull();
  });

  it("--since shows what changed since a previous situation report", () => {
    const prev = join(dir, "prev.json");
    expect(govcloud(["report", "situation", "--format", "json", "--output", prev, "--lang", "en"]).status).toBe(0);
    const r = govcloud(["report", "situation", "--format", "markdown", "--since", prev, "--lang", "en"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("## Since the previous report");
    expect(r.stdout).toMatch(/\| Autonomy rate \| \d+\.\d% \| \d+\.\d% \| 0\.0% \|/);
  });

  it("situation --department: the headline figures are the department's (not the province's), the title says whose", async () => {
    const at = ["--at", "2026-11-23T00:00:00Z"];
    type Json = { title: string; subtitle: string; kpis: Kpi[] };
    const mine = reportJson<Json>("situation", [...at, "--department", "sports"]);
    const all = reportJson<Json>("situation", at);
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
    for (const [id, v] of Object.entries(departmentFigures(estate!, "2026-11-23", "sports"))) {
      if (v === undefined) expect(value(mine, id), id).toBeNull();
      else expect(value(mine, id), id).toBeCloseTo(v, 12);
    }
    for (const id of ["migration", "autonomy", "mlps", "findings", "holds"])
      expect(value(mine, id), id).not.toBe(value(all, id));
    expect(value(mine, "ipv6")).toBe(value(all, "ipv6"));
    expect(mine.kpis.find((k) => k.id === "ipv6")!.label).toContain("(province-wide)");
    expect(mine.title).toContain(estate!.index.department.get("sports")!.doc.spec.englishName);
    expect(mine.subtitle).toContain("Scope: department");
    // The default language and the HTML say it too.
    const html = govcloud(["report", "situation", "--format", "html", ...at, "--department", "sports"]);
    expect(html.status, html.stderr).toBe(0);
    expect(html.stdout).toContain(
      `<h1>${estate!.index.department.get("sports")!.doc.spec.displayName}政务云态势感知报告</h1>`,
    );
    expect(html.stdout).toMatch(/IPv6 覆盖率（全省）/);
  });

  it("usage --department: the department's quota and nodes, the capacity labelled the province's, the title says whose", async () => {
    const at = ["--at", "2026-11-23T00:00:00Z"];
    type Json = Report & { kpis: Kpi[] };
    const mine = reportJson<Json>("usage", [...at, "--department", "sports"]);
    const all = reportJson<Json>("usage", at);
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
    const want = departmentUsageFigures(estate!, "sports");
    expect(value(mine, "requestedCpu")).toBe(want.requestedCpu);
    expect(value(mine, "requestedShare")).toBeCloseTo(want.requestedCpu / want.provinceCpu, 12);
    expect(value(all, "requestedCpu")).not.toBe(want.requestedCpu);
    expect(value(mine, "capacityCpu")).toBe(value(all, "capacityCpu"));
    expect(mine.kpis.find((k) => k.id === "capacityCpu")!.label).toBe("vCPU capacity (province-wide)");
    const clouds = mine.sections.flatMap((s) => s.tables).find((t) => t.id === "clouds")!;
    expect(clouds.rows.map((r) => r[0])).toEqual([...want.byCloud.keys()].sort());
    expect(mine.scope).toEqual({ department: "sports" });
    expect(mine.title).toBe(
      `Government cloud resource usage report: ${estate!.index.department.get("sports")!.doc.spec.englishName}`,
    );
    expect(all.scope).toBeUndefined();
    // The default language, in HTML and CSV.
    const html = govcloud(["report", "usage", "--format", "html", ...at, "--department", "sports"]);
    expect(html.status, html.stderr).toBe(0);
    expect(html.stdout).toContain(
      `<h1>${estate!.index.department.get("sports")!.doc.spec.displayName}政务云资源使用情况报告</h1>`,
    );
    expect(html.stdout).toContain("vCPU 容量（全省）");
    expect(html.stdout).toContain("本报告限于一个部门");
    const csv = govcloud(["report", "usage", "--format", "csv", ...at, "--department", "sports"]);
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout).toContain(`,申请 vCPU,${want.requestedCpu},cores,`);
  });

  it("--since compares like with like: a department's report against the whole estate's is exit 2", () => {
    const prev = join(dir, "prev-all.json");
    expect(govcloud(["report", "situation", "--format", "json", "--output", prev]).status).toBe(0);
    const r = govcloud(["report", "situation", "--format", "markdown", "--since", prev, "--department", "sports"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /--since .*prev-all\.json: it is the report of the whole estate, this one of department sports/,
    );
    const mine = join(dir, "prev-sports.json");
    expect(
      govcloud(["report", "situation", "--format", "json", "--output", mine, "--department", "sports"]).status,
    ).toBe(0);
    expect(govcloud(["report", "situation", "--since", mine, "--department", "sports"]).status).toBe(0);
  });

  it.each([
    [["--range", "30days"], /--range 30days: expected a Prometheus duration/],
    [["--range", ""], /--range : expected/],
    [["--at", "yesterday"], /--at yesterday: expected an RFC 3339 time/],
    [["--at", "2026-02-30"], /--at 2026-02-30: there is no day 30 in 2026-02/],
    [["--at", "2026-02-30T12:00:00Z"], /--at 2026-02-30T12:00:00Z: there is no day 30/],
    [["--department", "nobody"], /--department nobody: no such department/],
    [["--node", "mars"], /--node mars: no such cloud node/],
    [["--prometheus-url", "not a url"], /is not a URL/],
  ])("bad input %j is exit 2 with a clear message", (args, message) => {
    const r = govcloud(["report", "usage", ...args]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it("an unreachable Prometheus is exit 2 naming --prometheus-url", async () => {
    const r = govcloud([
      "report",
      "situation",
      "--prometheus-url",
      `http://127.0.0.1:${await freePort()}`,
      "--timeout",
      "5s",
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/not reachable.*--prometheus-url/);
  });

  it("a slow Prometheus times out (exit 2), garbage and nonsense answers are refused (exit 2)", async () => {
    const server = createServer((req, res) => {
      if (req.url!.includes("garbage")) return res.end("<html>proxy login</html>");
      if (req.url!.includes("nonsense"))
        // JSON that claims success but whose sample value is not a number.
        return res.end(
          JSON.stringify({
            status: "success",
            data: { resultType: "vector", result: [{ metric: {}, value: [1795392000, "lots"] }] },
          }),
        );
      /* else never answer */
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      const slow = await runAsync([
        "report",
        "usage",
        "--prometheus-url",
        `http://127.0.0.1:${port}/slow`,
        "--timeout",
        "1s",
      ]);
      expect(slow.status).toBe(2);
      expect(slow.stderr).toMatch(/did not answer within 1000 ms/);
      const garbage = await runAsync(["report", "usage", "--prometheus-url", `http://127.0.0.1:${port}/garbage`]);
      expect(garbage.status).toBe(2);
      expect(garbage.stderr).toMatch(/without JSON.*Prometheus server/);
      const nonsense = await runAsync(["report", "situation", "--prometheus-url", `http://127.0.0.1:${port}/nonsense`]);
      expect(nonsense.status).toBe(2);
      expect(nonsense.stderr).toMatch(/sample value "lots" is not a number/);
      expect(nonsense.stderr).not.toMatch(/\n\s+at /);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});

/** The CLI in a child process without blocking this one (the test's own server must keep answering). */
async function runAsync(args: string[]): Promise<{ status: number; stderr: string }> {
  const { spawn } = await import("node:child_process");
  const { BIN } = await import("../support/cli.js");
  return new Promise((resolve) => {
    const c = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
    });
    let stderr = "";
    c.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    c.on("exit", (code) => resolve({ status: code ?? -1, stderr }));
  });
}
