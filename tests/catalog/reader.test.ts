import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/index.js";
import { writeTree } from "../support/cli.js";
import { tinyCatalog, TODAY } from "../support/tiny-catalog.js";

const load = (dir: string) => loadCatalog(dir, { estate: "t", today: TODAY });

describe("reading a catalog folder", () => {
  it("loads the tiny catalog from disk", async () => {
    const r = await load(writeTree(tinyCatalog()));
    expect(r.diagnostics).toEqual([]);
    expect(r.estate?.requests).toHaveLength(1);
  });

  it("refuses a symlink that leaves the catalog, and follows one that stays inside", async () => {
    const dir = writeTree(tinyCatalog());
    const outside = mkdtempSync(join(tmpdir(), "outside-"));
    writeFileSync(join(outside, "secret.yaml"), "apiVersion: govcloud.io/v1alpha1\n");
    symlinkSync(join(outside, "secret.yaml"), join(dir, "offerings", "leak.yaml"));
    symlinkSync(join(dir, "offerings", "vm.yaml"), join(dir, "offerings", "vm-alias.yaml"));
    const r = await load(dir);
    const escape = r.diagnostics.filter((d) => d.code === "file-symlink-escape");
    expect(escape.map((d) => `${d.file}:${d.line}`)).toEqual(["offerings/leak.yaml:1"]);
    // the inside link is read: it defines the offering a second time
    expect(r.diagnostics.some((d) => d.code === "duplicate-name" && d.file === "offerings/vm.yaml")).toBe(true);
  });

  it("refuses a symlinked department folder that leaves the catalog", async () => {
    const dir = writeTree(tinyCatalog());
    const outside = writeTree({ "portal.yaml": tinyCatalog()["requests/health/portal.yaml"]! });
    symlinkSync(outside, join(dir, "requests", "evil"));
    const r = await load(dir);
    expect(r.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["requests/evil file-symlink-escape"]);
  });

  it("refuses a huge file by its size, without reading it", async () => {
    const dir = writeTree(tinyCatalog());
    writeFileSync(join(dir, "requests/health/huge.yaml"), Buffer.alloc(64 * 1024 * 1024, 0x61));
    const before = process.memoryUsage().rss;
    // Little time: CPU time of this process (wall time on a loaded machine says nothing).
    const cpu = process.cpuUsage();
    const r = await load(dir);
    const used = process.cpuUsage(cpu);
    expect((used.user + used.system) / 1000).toBeLessThan(3000);
    expect(process.memoryUsage().rss - before).toBeLessThan(48 * 1024 * 1024);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`)).toEqual([
      "requests/health/huge.yaml:1 file-too-large",
    ]);
  });

  it("refuses requests outside a department folder or nested too deep", async () => {
    const t = tinyCatalog();
    const dir = writeTree({
      ...t,
      "requests/loose.yaml": t["requests/health/portal.yaml"]!,
      "requests/health/old/portal.yaml": t["requests/health/portal.yaml"]!,
    });
    const r = await load(dir);
    expect(r.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([
      "requests/health/old request-nested-folder",
      "requests/loose.yaml request-outside-department",
    ]);
  });

  it("ignores files that are not YAML", async () => {
    const dir = writeTree({ ...tinyCatalog(), "requests/health/README.md": "# notes\n", "offerings/.gitkeep": "" });
    expect((await load(dir)).diagnostics).toEqual([]);
  });

  it("names the estates there are when the one asked for is missing", async () => {
    const r = await loadCatalog(writeTree(tinyCatalog()), { estate: "shanxi", today: TODAY });
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: "estate-not-found", hint: "use --estate with one of: t" });
  });

  it("says so when the catalog folder does not exist", async () => {
    const r = await load(join(tmpdir(), "no-such-catalog-here"));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["catalog-not-found"]);
  });

  it("reads an empty department folder as no requests", async () => {
    const dir = writeTree(tinyCatalog());
    mkdirSync(join(dir, "requests", "datong-approval"));
    expect((await load(dir)).diagnostics).toEqual([]);
  });
});
