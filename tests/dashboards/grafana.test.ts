/** The dashboards: fresh JSON, valid against the SDK's Dashboard type, laid out without overlap, every query parses. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import { beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { DASHBOARD_DIR, dashboardJson, dashboardQueries, dashboards } from "../../dashboards/index.js";
import { ROOT } from "../support/cli.js";
import { promtool, promtoolSupport } from "../support/prometheus.js";

const built = dashboards();

type Grid = { x: number; y: number; w: number; h: number };
const overlap = (a: Grid, b: Grid) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** Template variables replaced by values that parse: what Grafana would send. */
export function substitute(expr: string): string {
  return expr
    .replace(/\$__rate_interval|\$__interval|\$\{__rate_interval\}/g, "5m")
    .replace(/\$\{?controller\}?/g, ".*")
    .replace(/\$\{?(cloud|department)\}?/g, "x");
}

describe("dashboards", () => {
  it("the committed JSON is what dashboards/grafana builds (npm run gen:mixin)", () => {
    const files = readdirSync(join(ROOT, DASHBOARD_DIR)).sort();
    expect(files).toEqual(built.map((d) => `${d.uid}.json`).sort());
    for (const d of built) expect(readFileSync(join(ROOT, DASHBOARD_DIR, `${d.uid}.json`), "utf8")).toBe(dashboardJson(d));
  });

  it("the five dashboards, each with a datasource variable and no hard-coded datasource uid", () => {
    expect(built.map((d) => d.uid)).toEqual(["govcloud-province", "govcloud-cloud-node", "govcloud-department", "govcloud-wall", "govcloud-operators"]);
    for (const d of built) {
      const ds = d.templating?.list?.find((v) => v.type === "datasource");
      expect(ds?.name, d.uid).toBe("datasource");
      expect(ds?.query).toBe("prometheus");
      const uids = new Set<string>();
      JSON.stringify(d, (k, v) => {
        if (k === "datasource" && v && typeof v === "object") uids.add((v as { uid?: string }).uid ?? "");
        return v;
      });
      expect([...uids]).toEqual(["${datasource}"]);
    }
  });

  it("panels have explicit unique ids, refIds and legends, and no two overlap", () => {
    for (const d of built) {
      const panels = d.panels ?? [];
      const ids = panels.map((p) => p.id);
      expect(ids.every((id) => typeof id === "number"), d.uid).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of panels) {
        const g = p.gridPos!;
        expect(g.x + g.w, `${d.uid} ${p.title}`).toBeLessThanOrEqual(24);
        for (const t of (p as { targets?: { refId?: string; legendFormat?: string }[] }).targets ?? []) {
          expect(t.refId).toMatch(/^[A-Z]$/);
          expect(t.legendFormat, `${d.uid} ${p.title}`).toBeTruthy();
        }
      }
      for (let i = 0; i < panels.length; i++)
        for (let j = i + 1; j < panels.length; j++) expect(overlap(panels[i]!.gridPos! as Grid, panels[j]!.gridPos! as Grid), `${d.uid}: ${panels[i]!.title} / ${panels[j]!.title}`).toBe(false);
    }
    expect(overlap({ x: 0, y: 0, w: 12, h: 8 }, { x: 11, y: 7, w: 4, h: 4 })).toBe(true);
  });
});

describe("dashboard JSON against the SDK's Dashboard type", () => {
  let validate: ReturnType<Ajv["compile"]>;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), "govcloud-schema-"));
    try {
      const out = join(dir, "dashboard.schema.json");
      execFileSync(
        process.execPath,
        [
          join(ROOT, "node_modules/ts-json-schema-generator/bin/ts-json-schema-generator.js"),
          "--path",
          join(ROOT, "node_modules/@grafana/grafana-foundation-sdk/dist/dashboard/types.gen.d.ts"),
          "--type",
          "Dashboard",
          "--additional-properties",
          "--no-type-check",
          "-o",
          out,
        ],
        { stdio: "pipe" },
      );
      const ajv = new Ajv({ strict: false, allErrors: true });
      validate = ajv.compile(JSON.parse(readFileSync(out, "utf8")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("every dashboard validates", () => {
    for (const d of built) {
      const ok = validate(JSON.parse(dashboardJson(d)));
      expect(validate.errors ?? [], d.uid).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it("the schema refuses a dashboard with a wrong type (the check can fail)", () => {
    const bad = JSON.parse(dashboardJson(built[0]!)) as { panels: { gridPos: { x: unknown } }[] };
    bad.panels[1]!.gridPos.x = "left";
    expect(validate(bad)).toBe(false);
  });
});

const tool = promtoolSupport();
tool.describe("every dashboard query parses (promtool check rules)", () => {
  it("collected into a rule file with template variables substituted", () => {
    const queries = built.flatMap(dashboardQueries);
    const groups = [{ name: "dashboard-queries", rules: queries.map((q, i) => ({ record: `dashboard_query_${i}`, expr: substitute(q.expr) })) }];
    const dir = mkdtempSync(join(tmpdir(), "govcloud-dq-"));
    try {
      const file = join(dir, "queries.rules.yaml");
      writeFileSync(file, stringify({ groups }));
      const r = promtool(["check", "rules", file]);
      expect(r.stdout + r.stderr).toContain(`SUCCESS: ${queries.length} rules found`);
      writeFileSync(file, stringify({ groups: [{ name: "bad", rules: [{ record: "bad", expr: "sum(rate(x[5m])" }] }] }));
      expect(promtool(["check", "rules", file]).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
