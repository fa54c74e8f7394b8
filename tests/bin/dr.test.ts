import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { govcloud, STACK_TRACE, writeTree } from "../support/cli.js";
import { drCatalog } from "../stacks/dr/catalog.js";

const args = (dir: string, ...rest: string[]) => ["dr", "--catalog", dir, "--estate", "t", ...rest];

describe("govcloud dr", () => {
  const dir = writeTree(drCatalog());

  it("prints pairs and a drill for every node and every site as JSON, exit 0 when all pass", () => {
    const r = govcloud(args(dir, "--format", "json"));
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.pairs).toContainEqual(
      expect.objectContaining({
        system: "health/one-stop",
        level: 6,
        mode: "active-active",
        primary: { node: "province", site: "prov-b" },
        partner: { node: "province", site: "prov-a" },
        rpo: 0,
        rto: 15,
      }),
    );
    expect(json.pairs).toContainEqual(
      expect.objectContaining({
        system: "health/portal",
        level: 4,
        mode: "active-standby",
        partner: { node: "city-140200", site: "dt-a" },
        rpo: 240,
        rto: 720,
      }),
    );
    expect(json.drills.map((d: { fail: unknown }) => d.fail)).toEqual([
      { node: "city-140200" },
      { node: "province" },
      { site: "dt-a", node: "city-140200" },
      { site: "prov-a", node: "province" },
      { site: "prov-b", node: "province" },
    ]);
    expect(json.drills.every((d: { ok: boolean }) => d.ok)).toBe(true);
  });

  it("simulates one node failure: where each system goes, as a table", () => {
    const r = govcloud(args(dir, "--fail", "province"));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("fail node province: ok");
    expect(r.stdout).toMatch(/health\/portal\s+4\s+failover\s+prov-a\s+city-140200\/dt-a\s+32\s+128/);
    expect(r.stdout).toContain("1 of 1 drills pass");
  });

  it("fails a drill that runs a site short, naming the node and the systems that lose service (exit 1)", () => {
    const files = drCatalog();
    const ledger = [
      "apiVersion: govcloud.io/v1alpha1",
      "kind: DrLedger",
      "metadata: { name: t }",
      "spec:",
      "  pairs:",
      "    - { system: health/one-stop, primary: prov-b, active: prov-a, standby: dt-a, backup: dt-a }",
      "    - { system: health/portal, primary: prov-a, standby: dt-a, backup: dt-a }",
      "",
    ].join("\n");
    files["estates/t/dr-ledger.yaml"] = ledger;
    files["requests/datong-approval/queue.yaml"] = files["requests/datong-approval/queue.yaml"]!.replace(
      "{ vcpu: 2, memoryGiB: 4, count: 1 }",
      "{ vcpu: 16, memoryGiB: 64, count: 1 }",
    );
    const r = govcloud(args(writeTree(files), "--fail", "province", "--format", "json"));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("dr-site-capacity");
    const [d] = JSON.parse(r.stdout).drills;
    expect(d).toMatchObject({
      fail: { node: "province" },
      ok: false,
      moved: [{ system: "health/one-stop", how: "failover", to: "dt-a" }],
      lost: [{ system: "health/portal", level: 4, reason: "its standby site dt-a (city-140200) has no room left" }],
      // dt-a (50 vCPU, 200 GiB) runs the queue (16, 64) and Datong's shared namespace (4, 16); one-stop's
      // failover brings 8 vCPU, 32 GiB, portal's would bring 32, 128: short by 10 vCPU and 40 GiB.
      shortfall: { "city-140200": { vcpu: 10, memoryGiB: 40, sites: { "dt-a": { vcpu: 10, memoryGiB: 40 } } } },
    });
  });

  it("writes the ledger atomically, and a second run keeps every pair", () => {
    const work = writeTree(drCatalog());
    const first = govcloud(args(work, "--write-ledger", "--format", "json"));
    expect(first.status).toBe(0);
    expect(first.stderr).toContain("wrote estates/t/dr-ledger.yaml: 3 pairs (3 added, 0 replaced, 0 removed)");
    const text = readFileSync(join(work, "estates/t/dr-ledger.yaml"), "utf8");
    expect(text).toContain(
      "- { system: health/one-stop, primary: prov-b, active: prov-a, standby: dt-a, backup: dt-a }",
    );
    const second = govcloud(args(work, "--write-ledger", "--format", "json"));
    expect(second.stderr).toContain("3 pairs (0 added, 0 replaced, 0 removed)");
    expect(readFileSync(join(work, "estates/t/dr-ledger.yaml"), "utf8")).toBe(text);
    expect(JSON.parse(second.stdout).pairs.every((p: { recorded: boolean }) => p.recorded)).toBe(true);
  });

  it("rejects an unknown node or site with exit 2 and no stack trace", () => {
    for (const a of [
      ["--fail", "nowhere"],
      ["--fail-site", "nowhere"],
      ["--format", "xml"],
    ]) {
      const r = govcloud(args(dir, ...a));
      expect(r.status).toBe(2);
      expect(r.stderr).not.toMatch(STACK_TRACE);
    }
    expect(govcloud(args(dir, "--fail", "nowhere")).stderr).toContain("use one of: city-140200, province");
    expect(govcloud(args(dir, "--fail", "province", "--fail-site", "dt-a")).status).toBe(2);
  });
});
