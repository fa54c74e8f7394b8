/**
 * A warm standby keeps the system's replicated data: its storage is committed at the standby site at
 * all times (issue 17, item 1). The pairing places standbys only where that storage fits, moves a
 * recorded standby whose site no longer holds it, and the Plan's totals count standby compute once per
 * worst single failure but standby storage in full; a node the plan over-reserves is an error.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalog } from "../../../catalog/index.js";
import {
  allDrills,
  drill,
  drillIndex,
  pairSystems,
  type DrInput,
  type SiteInfo,
  type SystemInfo,
} from "../../../stacks/dr/index.js";
import { planEstate } from "../../../stacks/index.js";
import { ROOT } from "../../support/cli.js";

const site = (name: string, node: string, city: string, storageGiB: number): SiteInfo => ({
  name,
  node,
  city,
  capacity: { vcpu: 1000, memoryGiB: 4000 },
  storageGiB,
  objectStorage: true,
  maxMlpsLevel: 3,
  tier: "city",
});
const system = (key: string, node: string, storageGiB: number): SystemInfo => ({
  key,
  node,
  level: 4,
  mode: "active-standby",
  rpo: 240,
  rto: 720,
  load: { vcpu: 8, memoryGiB: 32 },
  storageGiB,
  mlpsLevel: 3,
  tiers: ["city"],
});

describe("standby storage", () => {
  // a-1 hosts the primary; b-1 has compute to spare but 10 TiB of storage; c-1 has 100 TiB
  const input: DrInput = {
    sites: [
      site("a-1", "a", "140100", 500 * 1024),
      site("b-1", "b", "140200", 10 * 1024),
      site("c-1", "c", "140300", 100 * 1024),
    ],
    systems: [system("d/big", "a", 40 * 1024)],
    ledger: [],
  };

  it("goes only where the replicated data fits, though another site is emptier", () => {
    const p = pairSystems(input);
    expect(p.pairs[0]!.standby?.site).toBe("c-1");
    expect(p.sites.find((s) => s.site === "c-1")!.storage).toEqual({
      capacityGiB: 102400,
      committedGiB: 40960,
      freeGiB: 61440,
    });
  });

  it("a recorded standby whose site cannot hold the data is placed again, and says why", () => {
    const p = pairSystems({ ...input, ledger: [{ system: "d/big", primary: "a-1", standby: "b-1", backup: "b-1" }] });
    expect(p.pairs[0]!.standby?.site).toBe("c-1");
    expect(p.changes).toEqual([
      {
        system: "d/big",
        change: "replaced",
        reason: "standby site b-1 has no room left for its 40 TiB of replicated data",
        entry: 0,
      },
    ]);
  });

  it("with nowhere to keep the data, the issue names the storage shortfall", () => {
    const p = pairSystems({ ...input, systems: [system("d/big", "a", 400 * 1024)] });
    expect(p.pairs[0]!.standby).toBeUndefined();
    expect(p.issues.map((i) => i.message)).toEqual([
      "d/big: no eligible site has room for its standby's 400 TiB of replicated data; the closest, c-1 of c, is short by 300 TiB of storage",
    ]);
  });
});

describe("storage in the drills", () => {
  // d/x (8 TiB) is recorded with its warm standby on b-1 (10 TiB of storage), where its replica fits.
  // d/y (5 TiB) is added later with its primary on b-1: b-1 now holds 13 TiB of committed data on 10.
  // Compute is plentiful everywhere: only storage can fail a drill here.
  const input = (bStorageTiB: number): DrInput => ({
    sites: [
      site("a-1", "a", "140100", 500 * 1024),
      site("b-1", "b", "140200", bStorageTiB * 1024),
      site("c-1", "c", "140300", 100 * 1024),
    ],
    systems: [system("d/x", "a", 8 * 1024), system("d/y", "b", 5 * 1024)],
    ledger: [{ system: "d/x", primary: "a-1", standby: "b-1", backup: "c-1" }],
  });

  it("a failover onto a site whose storage is over-committed fails the drill, by the storage alone", () => {
    const p = pairSystems(input(10));
    expect(p.pairs.find((x) => x.system === "d/x")!.standby?.site).toBe("b-1");
    const d = drill(drillIndex(p), { node: "a" });
    expect(d.moved).toEqual([
      expect.objectContaining({ system: "d/x", how: "failover", to: "b-1", vcpu: 8, memoryGiB: 32, storageGiB: 0 }),
    ]);
    expect(d.lost).toEqual([]);
    expect(d.shortfall).toEqual({
      b: { vcpu: 0, memoryGiB: 0, storageGiB: 3072, sites: { "b-1": { vcpu: 0, memoryGiB: 0, storageGiB: 3072 } } },
    });
    expect(d.ok).toBe(false);
    // with room for both, the same drill passes
    const roomy = drill(drillIndex(pairSystems(input(20))), { node: "a" });
    expect(roomy.ok).toBe(true);
    expect(roomy.shortfall).toEqual({});
  });

  it("a restore from backups writes the whole storage, and waits for repair when the backup site cannot hold it", () => {
    const backupOnly = (key: string, node: string, storageGiB: number): SystemInfo => ({
      ...system(key, node, storageGiB),
      level: 2,
      mode: "backup",
    });
    const p = pairSystems({
      sites: [site("a-1", "a", "140100", 500 * 1024), site("c-1", "c", "140300", 4 * 1024)],
      systems: [backupOnly("d/small", "a", 1024), backupOnly("d/big", "a", 8 * 1024)],
      ledger: [],
    });
    const d = drill(drillIndex(p), { node: "a" });
    expect(d.moved).toEqual([
      expect.objectContaining({ system: "d/small", how: "restore", to: "c-1", storageGiB: 1024 }),
    ]);
    expect(d.lost).toEqual([
      {
        system: "d/big",
        level: 2,
        reason: "no room to restore its 8 TiB of backups at c-1; it waits for a to be repaired",
      },
    ]);
    // levels 1-2 promise no reserved capacity: the drill still passes
    expect(d.ok).toBe(true);
    expect(allDrills(p).every((x) => x.ok)).toBe(true);
  });
});

describe("the embedded estate's plan", () => {
  it("reserves no node beyond its capacity, in vCPU, memory or storage, and says so when it would", async () => {
    const loaded = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
    const plan = planEstate(loaded.estate!);
    expect(plan.diagnostics.filter((d) => d.code === "node-over-capacity")).toEqual([]);
    for (const n of plan.nodes) {
      for (const r of ["vcpu", "memoryGiB", "storageGiB"] as const)
        expect(n.totals.requested[r], `${n.node} ${r}`).toBeLessThanOrEqual(n.totals.capacity[r]);
    }
    // the same estate with one node's storage cut to a tenth: an error at that node's capacity
    const small = {
      ...loaded.estate!,
      clouds: loaded.estate!.clouds.map((c) =>
        c.doc.metadata.name === "city-140700"
          ? { ...c, doc: { ...c.doc, spec: { ...c.doc.spec, capacity: { ...c.doc.spec.capacity, storageTiB: 2 } } } }
          : c,
      ),
    };
    const over = planEstate(small, { node: "city-140700" }).diagnostics.filter((d) => d.code === "node-over-capacity");
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ file: "estates/shanxi/clouds.yaml", severity: "error" });
    expect(over[0]!.message).toMatch(
      /^the plan reserves [\d.]+ TiB storage on city-140700, more than its capacity of 2 \(\d+%\)$/,
    );
    expect(over[0]!.hint).toMatch(/^the largest: [a-z0-9-]+ \([\d.]+\)/);
  });
});
