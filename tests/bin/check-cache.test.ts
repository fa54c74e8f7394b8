/**
 * `govcloud check` with the address plan kept in the cache folder (stacks/network/cached.ts through
 * catalog/cache.ts `readResult`): a warm run judges as a run without cache does, and a result file that
 * is flipped, cut, emptied or written for other inputs (stale) never changes the findings or the exit
 * code; it is worked out again and written whole.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCatalog, readResult } from "../../catalog/index.js";
import { addressPlanKey } from "../../stacks/network/index.js";
import { govcloud, ROOT } from "../support/cli.js";

const work = mkdtempSync(join(tmpdir(), "govcloud-check-cache-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CATALOG = join(ROOT, "catalog");
const CHANGED = "requests/agriculture/poverty-alleviation.yaml";
const results = (dir: string) => readdirSync(dir).filter((f) => f.startsWith("address-plan-"));

describe("check --changed with the address plan in the cache folder", () => {
  const cache = join(work, "cache");
  const run = (env: Record<string, string>, catalog = CATALOG, format = "json") => {
    const r = govcloud(["check", "--catalog", catalog, "--changed", CHANGED, "--format", format], { env });
    return { status: r.status, stdout: r.stdout };
  };
  const cached = (catalog = CATALOG, format = "json") => run({ GOVCLOUD_CACHE_DIR: cache }, catalog, format);
  const uncached = (format = "json") => run({ GOVCLOUD_CACHE: "off" }, CATALOG, format);

  it("judges, warm, as a run without cache does", () => {
    const want = uncached();
    expect([0, 1]).toContain(want.status);
    expect(JSON.parse(want.stdout)).toBeTypeOf("object");
    expect(cached()).toEqual(want); // cold: works the plan out and keeps it
    expect(results(cache)).toHaveLength(1);
    expect(cached()).toEqual(want); // warm: restores it
    expect(cached(CATALOG, "markdown")).toEqual(uncached("markdown"));
  }, 300_000);

  it("never lets a flipped, cut, empty or stale result file change the findings or the exit code", async () => {
    const { estate } = await loadCatalog(CATALOG, { today: "2026-11-23" });
    const key = addressPlanKey(estate!);
    /** The file holds a whole result for this catalog's inputs (its bytes vary with how strings were read). */
    const kept = () => readResult(cache, estate!.root, "address-plan", key) !== undefined;
    const want = uncached();
    cached();
    const [name] = results(cache);
    const path = join(cache, name!);
    const whole = readFileSync(path);
    expect(kept()).toBe(true);
    const damaged = [20, 40, whole.length >> 1, whole.length - 2].map((at) => {
      const b = Buffer.from(whole);
      b[at] = b[at]! ^ 0xff;
      return b;
    });
    for (const bytes of [...damaged, whole.subarray(0, whole.length >> 1), Buffer.alloc(0)]) {
      writeFileSync(path, bytes);
      expect(kept()).toBe(false);
      expect(cached()).toEqual(want);
      expect(kept()).toBe(true); // written whole again
    }

    // Stale: the file of a catalog whose network differs (another key), under this catalog's name.
    const other = join(work, "other");
    cpSync(CATALOG, other, { recursive: true });
    const net = join(other, "estates/shanxi/network.yaml");
    const text = readFileSync(net, "utf8");
    const edited = text.replace(/bandwidthGbps: (\d+)/, (_, n: string) => `bandwidthGbps: ${Number(n) + 1}`);
    expect(edited).not.toBe(text);
    writeFileSync(net, edited);
    cached(other);
    const otherName = results(cache).find((f) => f !== name)!;
    expect(otherName).toBeDefined();
    const stale = readFileSync(join(cache, otherName));
    expect(stale).not.toEqual(whole);
    writeFileSync(path, stale);
    expect(kept()).toBe(false);
    expect(cached()).toEqual(want);
    expect(kept()).toBe(true);
  }, 600_000);
});
