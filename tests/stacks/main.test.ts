/** bin/cdktf-app.ts is the app cdktf.json names: run as `cdktf synth` runs it, it writes the stacks `govcloud plan` writes. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, ROOT, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const app = (catalog: string) =>
  spawnSync(process.execPath, [join(ROOT, "node_modules/tsx/dist/cli.mjs"), "bin/cdktf-app.ts"], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, GOVCLOUD_CATALOG: catalog, GOVCLOUD_ESTATE: "t", CDKTF_OUTDIR: join(catalog, "app.out") },
  });

describe("the cdktf app (bin/cdktf-app.ts)", () => {
  it("synthesizes the same stacks as govcloud plan --engine cdktf, into the outdir the cdktf CLI gives", () => {
    const dir = writeTree(tinyCatalog(), "govcloud-app-");
    expect(JSON.parse(readFileSync(join(ROOT, "cdktf.json"), "utf8"))).toMatchObject({
      language: "typescript",
      app: "npx tsx bin/cdktf-app.ts",
    });
    const r = app(dir);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(
      govcloud([
        "plan",
        "--engine",
        "cdktf",
        "--catalog",
        dir,
        "--estate",
        "t",
        "--out",
        join(dir, "..", `${basename(dir)}-plan`),
      ]).status,
    ).toBe(0);
    for (const node of ["province", "city-140200"]) {
      const stack = (root: string) => readFileSync(join(root, "stacks", node, "cdk.tf.json"), "utf8");
      expect(stack(join(dir, "app.out"))).toBe(stack(join(dir, "..", `${basename(dir)}-plan`, "cdktf.out")));
    }
  });

  it("exits 2 with the diagnostics when the catalog is invalid", () => {
    const texts = tinyCatalog();
    texts["requests/health/portal.yaml"] = texts["requests/health/portal.yaml"]!.replace(
      "mlpsLevel: 3",
      "mlpsLevel: 9",
    );
    const r = app(writeTree(texts, "govcloud-app-"));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/requests\/health\/portal\.yaml:\d+:\d+\s+schema-/);
  });
});
