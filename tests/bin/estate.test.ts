/**
 * `govcloud estate generate` through the built binary: the output validates, is the same for the same
 * seed, and is written atomically — a failed run leaves the target as it was.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { BIN, govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const scratch = () => mkdtempSync(join(tmpdir(), "govcloud-gen-"));

const generate = (catalog: string, out: string, ...args: string[]) =>
  govcloud(["estate", "generate", "--catalog", catalog, "--estate", "t", "--out", out, ...args]);

/** Every file under `dir`, relative path to content. */
function tree(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else files[relative(dir, abs)] = readFileSync(abs, "utf8");
    }
  };
  walk(dir);
  return files;
}

describe("estate generate", () => {
  const source = writeTree(tinyCatalog());

  it("writes a catalog with N times the requests that validates", () => {
    const out = join(scratch(), "x7");
    const r = generate(source, out, "--scale", "7");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`wrote ${out}: estate t x7 (seed 1), 7 request files\n`);
    const requests = Object.keys(tree(out)).filter((f) => f.startsWith("requests/"));
    expect(requests.sort()).toEqual(
      ["requests/health/portal.yaml", ...[2, 3, 4, 5, 6, 7].map((k) => `requests/health/portal-g${k}.yaml`)].sort(),
    );
    const v = govcloud(["validate", "--catalog", out, "--estate", "t", "--format", "json"]);
    expect(v.status).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ valid: true, diagnostics: [], summary: { systems: 7, clouds: 2 } });
    // The DR placements are recorded, as `govcloud dr --write-ledger` records a committed estate's:
    // writing the ledger again changes nothing.
    const ledger = tree(out)["estates/t/dr-ledger.yaml"];
    expect(ledger).toMatch(/^kind: DrLedger$/m);
    govcloud(["dr", "--catalog", out, "--estate", "t", "--write-ledger"]);
    expect(tree(out)["estates/t/dr-ledger.yaml"]).toBe(ledger);
  });

  it("is deterministic per seed, and the seed matters", () => {
    const dir = scratch();
    expect(generate(source, join(dir, "a"), "--scale", "5", "--seed", "42").status).toBe(0);
    expect(generate(source, join(dir, "b"), "--scale", "5", "--seed", "42").status).toBe(0);
    expect(generate(source, join(dir, "c"), "--scale", "5", "--seed", "43").status).toBe(0);
    const a = tree(join(dir, "a"));
    expect(tree(join(dir, "b"))).toEqual(a);
    const c = tree(join(dir, "c"));
    expect(Object.keys(c).sort()).toEqual(Object.keys(a).sort());
    expect(c).not.toEqual(a);
  });

  it("writes into a new or empty folder, and replaces a catalog it generated before", () => {
    const dir = scratch();
    const empty = join(dir, "empty");
    mkdirSync(empty);
    expect(generate(source, empty, "--scale", "2").status).toBe(0);
    expect(generate(source, empty, "--scale", "3").status).toBe(0);
    const files = Object.keys(tree(empty)).filter((f) => f.startsWith("requests/"));
    expect(files).toHaveLength(3);
    expect(readdirSync(dir)).toEqual(["empty"]); // no temporary or old folders left beside it
  });

  it("refuses a folder with other content, a file, and the source catalog, and leaves them untouched", () => {
    const dir = scratch();
    const busy = join(dir, "busy");
    mkdirSync(busy);
    writeFileSync(join(busy, "thesis.tex"), "keep me\n");
    const file = join(dir, "file.yaml");
    writeFileSync(file, "keep me too\n");
    const cases = [
      [busy, "is a folder with other content"],
      [file, "exists and is not a folder"],
      [source, "overlaps the catalog it reads"],
      [join(source, "generated"), "overlaps the catalog it reads"],
    ] as const;
    for (const [target, message] of cases) {
      const r = generate(source, target, "--scale", "2");
      expect(r.status, target).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    expect(tree(busy)).toEqual({ "thesis.tex": "keep me\n" });
    expect(readFileSync(file, "utf8")).toBe("keep me too\n");
    expect(existsSync(join(source, "generated"))).toBe(false);
    expect(Object.keys(tree(source)).sort()).toEqual(Object.keys(tinyCatalog()).sort());
  });

  it("writes nothing from an invalid catalog, and shows why", () => {
    const texts = tinyCatalog();
    texts["requests/health/portal.yaml"] = texts["requests/health/portal.yaml"]!.replace(
      "cloud: province",
      "cloud: provence",
    );
    const out = join(scratch(), "never");
    const r = generate(writeTree(texts), out, "--scale", "2");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("requests/health/portal.yaml:8:10  ref-unknown-cloud");
    expect(existsSync(out)).toBe(false);
  });

  it("leaves the previous catalog whole when writing fails half-way", () => {
    const dir = scratch();
    const out = join(dir, "gen");
    expect(generate(source, out, "--scale", "3", "--seed", "7").status).toBe(0);
    const before = tree(out);
    // A file-size limit of zero makes the first write of the new tree fail.
    const r = spawnSync(
      "bash",
      [
        "-c",
        'ulimit -f 0; exec "$0" "$@"',
        process.execPath,
        BIN,
        "estate",
        "generate",
        "--catalog",
        source,
        "--estate",
        "t",
        "--out",
        out,
        "--scale",
        "9",
        "--seed",
        "8",
      ],
      {
        encoding: "utf8",
        env: { ...process.env, CI: "true", GOVCLOUD_TODAY: "2026-11-23" },
      },
    );
    expect(r.status).toBe(3);
    expect(r.stderr).toContain(`govcloud: cannot write ${out}`);
    expect(r.stderr).not.toMatch(STACK_TRACE);
    expect(tree(out)).toEqual(before);
    expect(readdirSync(dirname(out))).toEqual(["gen"]);
  });
});
