/**
 * Diagnostics that tell the truth and say what to do (issue 17, item 11): no hint ending in an empty
 * list, no knock-on error before the real cause, no silently ignored file, hints in plain English.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asCondition } from "../../catalog/schema-diagnostics.js";
import { loadCatalog, type Diagnostic } from "../../catalog/index.js";
import { writeTree } from "../support/cli.js";
import { TODAY, tinyCatalog } from "../support/tiny-catalog.js";

const PORTAL = "requests/health/portal.yaml";

async function load(
  edit: (t: Record<string, string>) => void = () => {},
  changed: string[] = [],
  after: (dir: string) => void = () => {},
) {
  const t = tinyCatalog();
  edit(t);
  const dir = writeTree(t);
  after(dir);
  return loadCatalog(dir, { estate: "t", today: TODAY, changed });
}
const show = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.file}:${d.line} ${d.code}`);

describe("hints", () => {
  it("mlpsLevel: 4 with no node graded 4 says so, instead of a list that ends empty", async () => {
    const r = await load((t) => (t[PORTAL] = t[PORTAL]!.replace("mlpsLevel: 3", "mlpsLevel: 4")));
    const d = r.diagnostics.find((x) => x.code === "mlps-above-cloud")!;
    expect(d.hint).not.toMatch(/:\s*$/);
    expect(d.hint).toContain("no cloud node of this estate is graded above MLPS level 3");
  });

  it("an invalid parameter is the one error: no knock-on capacity error before it", async () => {
    const r = await load((t) => (t[PORTAL] = t[PORTAL]!.replace("vcpu: 8,", "vcpu: 10000,")));
    expect(show(r.diagnostics)).toEqual([`${PORTAL}:17 params-maximum`]);
    expect(r.diagnostics[0]!.hint).toBe("change the value so that it is <= 64");
  });

  it("ajv's messages read as conditions", () => {
    expect(asCondition("must be <= 64")).toBe("is <= 64");
    expect(asCondition('must match format "email"')).toBe('matches format "email"');
    expect(asCondition("must NOT have more than 3 items")).toBe("does not have more than 3 items");
    expect(asCondition("must have required property 'x'")).toBe("has required property 'x'");
  });
});

describe("nothing is ignored silently", () => {
  it("a non-YAML file under requests/ is a warning naming it", async () => {
    const r = await load(undefined, [], (dir) => {
      writeFileSync(join(dir, "requests/health/gis.yaml.txt"), "apiVersion: govcloud.io/v1alpha1\n");
      writeFileSync(join(dir, "requests/health/old.YAML"), "x: 1\n");
      writeFileSync(join(dir, "requests/health/README.md"), "notes\n");
    });
    expect(r.estate).toBeDefined();
    expect(r.diagnostics.filter((d) => d.code === "file-not-yaml").map((d) => [d.file, d.severity, d.hint])).toEqual([
      [
        "requests/health/gis.yaml.txt",
        "warning",
        "rename it to <name>.yaml if it is a catalog document, or move it out of the catalog",
      ],
      ["requests/health/old.YAML", "warning", "rename it with a lower-case extension (old.yaml)"],
    ]);
  });

  it("--changed naming a file the catalog does not have is a warning naming it", async () => {
    const r = await load(undefined, ["requests/health/portl.yaml", PORTAL]);
    expect(r.estate).toBeDefined();
    expect(show(r.diagnostics)).toEqual(["requests/health/portl.yaml:1 changed-not-found"]);
  });
});

describe("an exception names a rule that exists", () => {
  it("validate: an exception naming an unknown rule is an error at its rule line, with the nearest ids", async () => {
    const { validateCatalog } = await import("../../stacks/index.js");
    const { rules } = await import("../../policies/index.js");
    const t = tinyCatalog();
    const rule = /rule: (\S+)/.exec(t["exceptions/portal-audit.yaml"]!)![1]!;
    t["exceptions/portal-audit.yaml"] = t["exceptions/portal-audit.yaml"]!.replace(
      `rule: ${rule}`,
      "rule: MLPS-NOPE-001",
    );
    const r = await validateCatalog(writeTree(t), { estate: "t", today: TODAY, ruleIds: rules.map((x) => x.id) });
    expect(r.estate).toBeUndefined();
    expect(show(r.diagnostics)).toEqual(["exceptions/portal-audit.yaml:6 ref-unknown-rule"]);
    const ok = await validateCatalog(writeTree(tinyCatalog()), {
      estate: "t",
      today: TODAY,
      ruleIds: rules.map((x) => x.id),
    });
    expect(ok.estate).toBeDefined();
  });
});
