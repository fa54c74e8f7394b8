import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

/** The tiny catalog in `<tmp>/catalog`; outputs go beside it (`join(cat, "..", name)`), never inside it. */
const catalog = () =>
  join(
    writeTree(Object.fromEntries(Object.entries(tinyCatalog()).map(([k, v]) => [`catalog/${k}`, v])), "govcloud-plan-"),
    "catalog",
  );
const plan = (cat: string, ...args: string[]) => govcloud(["plan", "--catalog", cat, "--estate", "t", ...args]);

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(dir, p), readFileSync(p, "utf8"));
    }
  };
  walk(dir);
  return out;
}

describe("govcloud plan", () => {
  it("writes every engine's output per node and prints a summary per node", () => {
    const cat = catalog();
    const out = join(cat, "..", "out");
    const r = plan(cat, "--out", out);
    // The tiny estate has no MLPS level 3 node in another city for the portal's standby: one DR warning.
    expect(r.stderr).toContain("warning dr-partner-city");
    expect(r.stderr).toContain("0 errors, 1 warning");
    expect(r.status).toBe(0);
    // 16 tenancy objects, 4 network policies (allow-dns and an allow rule in each namespace), 3 DR objects (Velero backup schedules and storage locations) and the portal's ServiceInstance;
    // and on each node the platform stack: 18 objects (the 3 CRDs: ServiceInstance, SystemMigration, BudgetHold; 9 of the operators in govcloud-system, the PrometheusRule, 5 dashboard ConfigMaps)
    expect(r.stdout).toMatch(/plan of estate t: 2 cloud nodes, 4 namespaces, 60 objects/);
    expect(r.stdout).toMatch(/province\s+provincial\s+2\s+31\s+32\/100\s+32%\s+128\/400\s+32%\s+0\.4\/10\s+4%\s+0/);
    expect(r.stdout).toContain(
      "network: 365 divisions x 1 plane (data) x 2 families = 730 prefixes; 0 cloud nodes with zone ranges and a unified exit",
    );
    expect(r.stdout).toContain("backbone: 4 links, 0 below target; 0 divisions unconnected");
    expect(r.stdout).toContain("cdktf.out/stacks/<node>/");
    const files = [...tree(out).keys()].sort();
    for (const node of ["province", "city-140200"]) {
      expect(files).toContain(`cdktf.out/stacks/${node}/cdk.tf.json`);
      expect(files).toContain(`pulumi/${node}/Pulumi.yaml`);
      expect(files).toContain(`pulumi/${node}/resources.json`);
      expect(files).toContain(`manifests/${node}/kustomization.yaml`);
    }
    expect(files).toContain("manifests/province/health-portal.yaml");
    expect(files).toContain("manifests/province/govcloud-system.yaml");
    expect(files).toContain("manifests/province/cluster.yaml");
    expect(files).toContain("plan.json");
    expect(JSON.parse(readFileSync(join(out, "plan.json"), "utf8")).nodes).toHaveLength(2);
  });

  it("is deterministic: two runs give byte-identical trees", () => {
    const cat = catalog();
    expect(plan(cat, "--out", join(cat, "..", "a")).status).toBe(0);
    expect(plan(cat, "--out", join(cat, "..", "b")).status).toBe(0);
    expect(tree(join(cat, "..", "b"))).toEqual(tree(join(cat, "..", "a")));
  });

  it("writes one engine or one node on request, replacing the previous output", () => {
    const cat = catalog();
    const out = join(cat, "..", "out");
    expect(plan(cat, "--out", out).status).toBe(0);
    const r = plan(cat, "--out", out, "--engine", "manifests", "--node", "province");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/plan of cloud node province \(estate t\): 2 namespaces/);
    expect([...tree(out).keys()].filter((f) => !f.startsWith(".")).sort()).toEqual([
      "manifests/province/cluster.yaml",
      "manifests/province/govcloud-system.yaml",
      "manifests/province/health-portal.yaml",
      "manifests/province/kustomization.yaml",
      "manifests/province/velero.yaml",
      "plan.json",
    ]);
  });

  it("rejects an unknown node, an unknown engine and a folder that is not a plan output, with exit code 2", () => {
    const cat = catalog();
    const node = plan(cat, "--node", "mars", "--out", join(cat, "..", "o1"));
    expect(node.status).toBe(2);
    expect(node.stderr).toContain("--node mars: no such cloud node; the estate has city-140200, province");
    const engine = plan(cat, "--engine", "helm", "--out", join(cat, "..", "o2"));
    expect(engine.status).toBe(2);
    expect(engine.stderr).toMatch(/helm.*invalid|invalid.*helm/i);
    const mine = join(cat, "..", "mine");
    mkdirSync(mine);
    writeFileSync(join(mine, "notes.txt"), "keep me");
    const guarded = plan(cat, "--out", mine);
    expect(guarded.status).toBe(2);
    expect(guarded.stderr).toContain("is not a govcloud plan output");
    expect(readFileSync(join(mine, "notes.txt"), "utf8")).toBe("keep me");
    for (const r of [node, engine, guarded]) expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(join(cat, "..", "o1"))).toBe(false);
  });

  it("prints the catalog's diagnostics and writes nothing when the catalog is invalid", () => {
    const texts = tinyCatalog();
    texts["requests/health/portal.yaml"] = texts["requests/health/portal.yaml"]!.replace(
      "cloud: province",
      "cloud: provence",
    );
    const cat = writeTree(texts);
    const out = join(cat, "..", "out");
    const r = plan(cat, "--out", out);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/requests\/health\/portal\.yaml:\d+:\d+\s+ref-unknown-cloud/);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(existsSync(out)).toBe(false);
  });

  it("documents its options in --help", () => {
    const r = govcloud(["plan", "--help"]);
    expect(r.status).toBe(0);
    for (const o of ["--engine", "--out", "--node", "cdktf", "pulumi", "manifests"]) expect(r.stdout).toContain(o);
  });
});
