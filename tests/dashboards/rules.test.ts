/** The mixin's rules: fresh, valid for promtool, unit-tested alert by alert, with runbooks. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { allAlerts, allRecords, RULES_FILE, rulesYaml } from "../../dashboards/index.js";
import { ROOT } from "../support/cli.js";
import { promtool, promtoolSupport } from "../support/prometheus.js";

const TESTS_DIR = join(ROOT, "dashboards/rules/tests");
const testFiles = readdirSync(TESTS_DIR).filter((f) => f.endsWith(".test.yaml")).sort();

interface PromtoolTests {
  tests: {
    alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[];
    promql_expr_test?: { expr: string }[];
  }[];
}
const unitTests = testFiles.map((f) => parse(readFileSync(join(TESTS_DIR, f), "utf8")) as PromtoolTests);

describe("rules", () => {
  it("the committed rule file is what dashboards/rules renders (npm run gen:mixin)", () => {
    expect(readFileSync(join(ROOT, RULES_FILE), "utf8")).toBe(rulesYaml());
  });

  it("every alert has a severity and a runbook in docs/runbooks/ that names it", () => {
    for (const a of allAlerts()) {
      expect(["critical", "warning", "info"]).toContain(a.severity);
      const file = join(ROOT, "docs/runbooks", `${a.runbook}.md`);
      expect(existsSync(file), file).toBe(true);
      expect(readFileSync(file, "utf8")).toContain(a.alert);
    }
  });

  it("every alert has a unit test where it fires and one where it stays silent", () => {
    const fires = new Set<string>();
    const silent = new Set<string>();
    for (const t of unitTests.flatMap((u) => u.tests))
      for (const a of t.alert_rule_test ?? []) (a.exp_alerts.length > 0 ? fires : silent).add(a.alertname);
    const missing = allAlerts().flatMap((a) => [...(fires.has(a.alert) ? [] : [`${a.alert} never fires`]), ...(silent.has(a.alert) ? [] : [`${a.alert} is never silent`])]);
    expect(missing).toEqual([]);
  });

  it("every recording rule has a promql_expr_test", () => {
    const tested = new Set(unitTests.flatMap((u) => u.tests.flatMap((t) => (t.promql_expr_test ?? []).map((e) => e.expr.trim()))));
    expect(allRecords().map((r) => r.record).filter((r) => !tested.has(r))).toEqual([]);
  });
});

const tool = promtoolSupport();
tool.describe("promtool", () => {
  it("check rules accepts the rule file", () => {
    const r = promtool(["check", "rules", join(ROOT, RULES_FILE)]);
    expect(r.stdout + r.stderr).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  it("check rules refuses a broken expression (the check can fail)", () => {
    const dir = mkdtempSync(join(tmpdir(), "govcloud-rules-"));
    try {
      const file = join(dir, "bad.rules.yaml");
      writeFileSync(file, rulesYaml().replace("sum(govcloud_estate_dr_pairs)", "sum(govcloud_estate_dr_pairs"));
      const r = promtool(["check", "rules", file]);
      expect(r.status).not.toBe(0);
      expect(r.stdout + r.stderr).toMatch(/parse error/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("test rules passes every unit test", { timeout: 180_000 }, () => {
    const r = promtool(["test", "rules", ...testFiles], TESTS_DIR);
    expect(r.stdout + r.stderr).not.toMatch(/FAILED/);
    expect(r.status, r.stdout + r.stderr).toBe(0);
  });
});
