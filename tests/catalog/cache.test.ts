/**
 * The parse cache (catalog/cache.ts, `.govcloud-cache/`): a warm run gives what a cold one gives, and a
 * corrupt, truncated or stale cache never changes a result — same findings, same exit code — it only
 * costs the time of parsing again.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalog } from "../../catalog/index.js";
import { parseCache } from "../../catalog/cache.js";
import { govcloud, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const work = mkdtempSync(join(tmpdir(), "govcloud-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const packs = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".v8"));

describe("the parse cache", () => {
  const texts = tinyCatalog();
  // A finding at a located line, so that positions come from the cache too.
  texts["requests/health/portal.yaml"] = texts["requests/health/portal.yaml"]!.replace(
    "platform: { cpu: kunpeng, os: kylin }",
    "platform: { cpu: x86, os: centos }",
  );
  const catalog = writeTree(texts, "govcloud-cache-catalog-");
  const cache = join(work, "cache");
  const run = (env: Record<string, string>, args: readonly string[] = []) => {
    const r = govcloud(["check", "--catalog", catalog, "--estate", "t", "--format", "json", ...args], { env });
    return { status: r.status, stdout: r.stdout };
  };
  const cached = (args: readonly string[] = []) => run({ GOVCLOUD_CACHE_DIR: cache }, args);
  const uncached = (args: readonly string[] = []) => run({ GOVCLOUD_CACHE: "off" }, args);

  it("gives, warm, what a run without cache gives, and fills .govcloud-cache", () => {
    const want = uncached();
    expect([0, 1]).toContain(want.status);
    expect(cached()).toEqual(want); // cold: fills the cache
    expect(packs(cache)).toHaveLength(1);
    expect(cached()).toEqual(want); // warm
    expect(cached(["--changed", "requests/health/portal.yaml"])).toEqual(
      uncached(["--changed", "requests/health/portal.yaml"]),
    );
  }, 120_000);

  it("ignores a pack whose bytes are flipped or cut, and writes a good one again", () => {
    const want = uncached();
    cached();
    const [pack] = packs(cache);
    const path = join(cache, pack!);
    const bytes = readFileSync(path);
    for (const at of [20, Math.floor(bytes.length / 2), bytes.length - 3]) {
      const flipped = Buffer.from(bytes);
      flipped[at] = flipped[at]! ^ 0xff;
      writeFileSync(path, flipped);
      expect(cached()).toEqual(want);
    }
    writeFileSync(path, bytes.subarray(0, bytes.length >> 1));
    expect(cached()).toEqual(want);
    writeFileSync(path, "not a cache");
    expect(cached()).toEqual(want);
    expect(readFileSync(path).length).toBeGreaterThan(100);
  }, 120_000);

  it("never serves a file's old content: an edit is judged as it is now", () => {
    const want = uncached();
    cached();
    const file = join(catalog, "requests/health/portal.yaml");
    const before = readFileSync(file, "utf8");
    try {
      writeFileSync(file, before.replace("mlpsLevel: 3", "mlpsLevel: 9"));
      const r = govcloud(["check", "--catalog", catalog, "--estate", "t", "--format", "json"], {
        env: { GOVCLOUD_CACHE_DIR: cache },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/requests\/health\/portal\.yaml:\d+:\d+\s+schema-/);
    } finally {
      writeFileSync(file, before);
    }
    expect(cached()).toEqual(want);
  }, 120_000);

  it("is used by loadCatalog only when asked, and gives the same estate", async () => {
    const dir = join(work, "lib-cache");
    const plain = await loadCatalog(catalog, { estate: "t", today: "2026-11-23" });
    const first = await loadCatalog(catalog, { estate: "t", today: "2026-11-23", cacheDir: dir });
    expect(packs(dir)).toHaveLength(1);
    const again = await loadCatalog(catalog, { estate: "t", today: "2026-11-23", cacheDir: dir });
    expect(first.diagnostics).toEqual(plain.diagnostics);
    expect(again.estate?.requests.map((r) => [r.doc, r.source])).toEqual(
      plain.estate?.requests.map((r) => [r.doc, r.source]),
    );
    const r = plain.estate!.requests[0]!;
    const c = again.estate!.requests.find((x) => x.source.file === r.source.file)!;
    expect({ ...c.locate(["spec", "services", 0, "offering"]) }).toEqual({
      ...r.locate(["spec", "services", 0, "offering"]),
    });
  }, 120_000);

  it("indexes files by their metadata, and reads a file again when its change time moved (same size, same mtime)", async () => {
    const file = join(catalog, "requests/health/portal.yaml");
    const hourAgo = Math.floor(Date.now() / 1000) - 3600; // whole seconds: utimes puts it back exactly
    utimesSync(file, hourAgo, hourAgo);
    // Files changed in the last seconds are not indexed (timestamps can be coarse): age the catalog first.
    await new Promise((r) => setTimeout(r, 3_500));
    const want = uncached();
    cached();
    cached(); // now every file is indexed by its metadata
    const before = readFileSync(file, "utf8");
    const old = statSync(file);
    // In-process: the index gives the key of an unchanged file without reading it.
    const dir = join(work, "index-cache");
    await loadCatalog(catalog, { estate: "t", today: "2026-11-23", cacheDir: dir });
    expect(parseCache(dir, catalog).known("requests/health/portal.yaml", old)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    try {
      // Same length, modification time put back: only the change time tells the edit.
      const edited = before.replace("mlpsLevel: 3", "mlpsLevel: 9");
      expect(edited.length).toBe(before.length);
      writeFileSync(file, edited);
      utimesSync(file, hourAgo, hourAgo);
      expect(statSync(file).mtimeMs).toBe(old.mtimeMs);
      expect(parseCache(dir, catalog).known("requests/health/portal.yaml", statSync(file))).toBeUndefined();
      const r = govcloud(["check", "--catalog", catalog, "--estate", "t", "--format", "json"], {
        env: { GOVCLOUD_CACHE_DIR: cache },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/requests\/health\/portal\.yaml:\d+:\d+\s+schema-/);
    } finally {
      writeFileSync(file, before);
    }
    expect(cached()).toEqual(want);
  }, 120_000);
});
