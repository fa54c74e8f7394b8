/**
 * The alerts' runbook_url: repository-relative by default (docs/runbooks/<name>.md, no invented host), an absolute
 * base from GOVCLOUD_RUNBOOK_BASE in the PrometheusRule that `govcloud plan` deploys.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { allAlerts, monitoringObjects, RULES_FILE, RUNBOOK_BASE, runbookBase } from "../../dashboards/index.js";
import { govcloud, ROOT, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

type Rule = { alert?: string; annotations?: { runbook_url?: string } };
const urls = (groups: { rules: Rule[] }[]) =>
  groups.flatMap((g) => g.rules.filter((r) => r.alert).map((r) => r.annotations!.runbook_url!));

describe("runbook_url", () => {
  it("defaults to the repository-relative docs/runbooks/, where every runbook exists", () => {
    expect(RUNBOOK_BASE).toBe("docs/runbooks/");
    const rule = monitoringObjects({ namespace: "m" })[0]!;
    const links = urls((rule as unknown as { spec: { groups: { rules: Rule[] }[] } }).spec.groups);
    expect(links.length).toBe(allAlerts().length);
    for (const l of links) {
      expect(l).toMatch(/^docs\/runbooks\/[a-z-]+\.md$/);
      expect(readFileSync(join(ROOT, l), "utf8").length).toBeGreaterThan(0);
    }
    expect(readFileSync(join(ROOT, RULES_FILE), "utf8")).not.toMatch(/runbook_url: https?:/);
  });

  it("takes a deployment's base, with or without its trailing slash; blank is the default", () => {
    expect(runbookBase("https://git.example.gov.cn/ops/govcloud/blob/main/docs/runbooks")).toBe(
      "https://git.example.gov.cn/ops/govcloud/blob/main/docs/runbooks/",
    );
    expect(runbookBase("  ")).toBe(RUNBOOK_BASE);
    expect(runbookBase(undefined)).toBe(RUNBOOK_BASE);
    const rule = monitoringObjects({ namespace: "m", runbookBase: "https://docs.intra.example/runbooks/" })[0]!;
    for (const l of urls((rule as unknown as { spec: { groups: { rules: Rule[] }[] } }).spec.groups))
      expect(l).toMatch(/^https:\/\/docs\.intra\.example\/runbooks\/[a-z-]+\.md$/);
  });

  it("govcloud plan deploys the PrometheusRule with GOVCLOUD_RUNBOOK_BASE", () => {
    const dir = writeTree(tinyCatalog());
    const out = mkdtempSync(join(tmpdir(), "govcloud-runbooks-"));
    try {
      const r = govcloud(["plan", "--catalog", dir, "--estate", "t", "--out", out, "--engine", "manifests"], {
        env: { GOVCLOUD_RUNBOOK_BASE: "https://git.example.gov.cn/ops/govcloud/blob/main/docs/runbooks" },
      });
      expect(r.status, r.stderr).toBe(0);
      const files = readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".yaml"));
      const rules = files.flatMap((f) =>
        parseAllDocuments(readFileSync(join(out, f), "utf8"))
          .map((d) => d.toJS() as { kind?: string; spec?: { groups: { rules: Rule[] }[] } })
          .filter((o) => o?.kind === "PrometheusRule"),
      );
      expect(rules.length).toBeGreaterThan(0);
      for (const l of urls(rules[0]!.spec!.groups))
        expect(l).toMatch(/^https:\/\/git\.example\.gov\.cn\/ops\/govcloud\/blob\/main\/docs\/runbooks\/[a-z-]+\.md$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(out, { recursive: true, force: true });
    }
  });
});
