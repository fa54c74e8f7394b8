/**
 * What `govcloud plan` leaves on disk is exactly what it says and what the docs say (issue 17, item 12):
 * nothing beside --out (no stray `cdktf.out/stacks/` in the working folder), a cdktf manifest that
 * names only files that exist, and docs/stacks.md naming the files the manifests engine writes.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, ROOT, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

describe("plan's files", () => {
  const cwd = mkdtempSync(join(tmpdir(), "govcloud-cwd-"));
  const catalog = writeTree(tinyCatalog());
  const out = join(mkdtempSync(join(tmpdir(), "govcloud-out-")), "out");
  const r = govcloud(["plan", "--catalog", catalog, "--estate", "t", "--out", out], { cwd });

  it("writes nothing in the working folder (cdktf's scratch App used to create ./cdktf.out/stacks/)", () => {
    expect(r.status).toBe(0);
    // Only the documented parse cache (.govcloud-cache, git-ignored, safe to delete) belongs there.
    expect(readdirSync(cwd).filter((f) => f !== ".govcloud-cache")).toEqual([]);
  });

  it("cdktf.out/manifest.json names only files that exist", () => {
    const manifest = JSON.parse(readFileSync(join(out, "cdktf.out", "manifest.json"), "utf8")) as {
      stacks: Record<string, Record<string, unknown>>;
    };
    expect(Object.keys(manifest.stacks).sort()).toEqual(["city-140200", "province"]);
    for (const stack of Object.values(manifest.stacks)) {
      for (const key of ["synthesizedStackPath", "stackMetadataPath"]) {
        if (typeof stack[key] === "string")
          expect(existsSync(join(out, "cdktf.out", stack[key] as string)), `${key}: ${stack[key]}`).toBe(true);
      }
      expect(stack.synthesizedStackPath).toBeDefined();
    }
  });

  it("docs/stacks.md names the manifests engine's files", () => {
    const docs = readFileSync(join(ROOT, "docs/stacks.md"), "utf8");
    const files = readdirSync(join(out, "manifests", "province"));
    expect(files).toContain("velero.yaml");
    for (const f of files.filter((x) => !x.startsWith("health-"))) expect(docs, f).toContain(f);
  });
});
