import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { networkCatalog } from "../stacks/network/support.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const catalog = () => writeTree(networkCatalog());
const run = (dir: string, ...args: string[]) => govcloud(["ipam", "--catalog", dir, "--estate", "t", ...args]);

describe("govcloud ipam", () => {
  const dir = catalog();

  it("prints the whole plan as JSON: allocations, links and coverage", () => {
    const r = run(dir, "--format", "json");
    expect(r.status).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(Object.keys(plan).sort()).toEqual(["allocations", "capacity", "clouds", "coverage", "links"]);
    // 1 province + 2 cities + 2 counties + 20 townships + 340 villages, 2 planes x 2 families
    expect(plan.allocations).toHaveLength(365 * 4);
    expect(plan.allocations[0]).toEqual({
      level: "province",
      code: "140000",
      name: "山西省",
      parent: "",
      plane: "data",
      family: "ipv4",
      prefix: "10.0.0.0/9",
    });
    expect(plan.allocations).toContainEqual({
      level: "village",
      code: "140105001017",
      name: "小店区街道001村017",
      parent: "140105001",
      plane: "video",
      family: "ipv6",
      prefix: expect.stringMatching(/^fd14:1401:/),
    });
    expect(plan.links).toHaveLength(4);
    expect(plan.coverage.village).toMatchObject({ nodes: 340, connected: 340, ipv6AllPlanes: 340 });
    expect(plan.clouds.map((c: { cloud: string }) => c.cloud)).toContain("city-140200");
  });

  it("filters by code (a node and everything below it) and by level, as CSV", () => {
    const r = run(dir, "--code", "140105", "--level", "township", "--format", "csv");
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toBe("level,code,name,parent,plane,family,prefix");
    expect(lines).toHaveLength(1 + 10 * 4);
    expect(lines.slice(1).every((l) => l.startsWith("township,140105"))).toBe(true);
  });

  it("shows an overview table, and one row per node when filtered", () => {
    const all = run(dir);
    expect(all.status).toBe(0);
    expect(all.stdout).toContain(
      "address plan of estate t: 365 nodes x 2 planes (data, video) x 2 families = 1,460 prefixes",
    );
    expect(all.stdout).toMatch(/village\s+340/);
    const one = run(dir, "--code", "140213001");
    expect(one.stdout.trimEnd().split("\n")).toHaveLength(2 + 1 + 17);
    expect(one.stdout).toMatch(/^township\s+140213001\s+平城区街道001\s+140213\s+10\./m);
  });

  it("finds nothing wrong with the tiny catalog's network, which has no flow matrix yet", () => {
    const r = govcloud(["validate", "--catalog", writeTree(tinyCatalog()), "--estate", "t"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
  });

  it("rejects an unknown code or level with exit 2 and no stack trace", () => {
    for (const r of [run(dir, "--code", "999999"), run(dir, "--level", "street")]) {
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    expect(run(dir, "--code", "999999").stderr).toContain("--code 999999: no division or cloud node has this code");
  });

  it("writes the ledger, keeps every slot when divisions change, and validate holds the ledger to the divisions", () => {
    const d = catalog();
    const file = join(d, "estates/t/ipam-ledger.yaml");
    const first = run(d, "--write-ledger");
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("366 allocated, 0 released, 0 reassigned");
    const ledger = readFileSync(file, "utf8");
    expect(ledger).toContain('    "140105": 1  # 小店区');
    expect(govcloud(["validate", "--catalog", d, "--estate", "t"]).status).toBe(0);
    expect(run(d, "--write-ledger").stderr).toContain("up to date");
    const before = JSON.parse(run(d, "--format", "json").stdout);

    // a new town in 小店区: the ledger no longer matches
    const divisions = join(d, "estates/t/divisions.yaml");
    writeFileSync(
      divisions,
      readFileSync(divisions, "utf8").replace(
        "streets: 7, towns: 1, townships: 2",
        "streets: 7, towns: 2, townships: 2",
      ),
    );
    const stale = govcloud(["validate", "--catalog", d, "--estate", "t"]);
    expect(stale.status).toBe(2);
    expect(stale.stderr).toContain(
      "ipam-ledger-missing  the IPAM ledger has no slot for 18 nodes of the estate: 140105102, 140105102001",
    );
    expect(run(d, "--write-ledger").stderr).toContain("18 allocated, 0 released, 0 reassigned");
    expect(govcloud(["validate", "--catalog", d, "--estate", "t"]).status).toBe(0);
    const after = JSON.parse(run(d, "--format", "json").stdout);
    const key = (a: { code: string; plane: string; family: string }) => `${a.code}/${a.plane}/${a.family}`;
    const now = new Map(after.allocations.map((a: { prefix: string }) => [key(a as never), a.prefix]));
    for (const a of before.allocations) expect(now.get(key(a))).toBe(a.prefix);
    expect(after.allocations.length - before.allocations.length).toBe(18 * 4);
    // the new lines are additions only
    const added = readFileSync(file, "utf8")
      .split("\n")
      .filter((l) => !ledger.split("\n").includes(l));
    expect(added).toHaveLength(2);
  });
});
