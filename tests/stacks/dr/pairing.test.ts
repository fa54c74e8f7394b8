import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  allDrills,
  drill,
  drillIndex,
  modeOf,
  pairSystems,
  type DrInput,
  type DrLevel,
  type Pairing,
  type SiteInfo,
  type SystemInfo,
} from "../../../stacks/dr/index.js";

const EPS = 1e-6;
const TIERS = ["provincial", "city", "industry"] as const;

/** A random estate as DR sees it: nodes of one or two sites in a handful of cities, and systems on them. */
const estateArb: fc.Arbitrary<DrInput> = fc
  .record({
    cities: fc.integer({ min: 2, max: 5 }),
    nodes: fc.array(
      fc.record({
        sites: fc.array(
          fc.record({ city: fc.nat(4), share: fc.integer({ min: 1, max: 9 }), objectStorage: fc.boolean() }),
          { minLength: 1, maxLength: 2 },
        ),
        vcpu: fc.integer({ min: 20, max: 600 }),
        memPerCpu: fc.constantFrom(2, 4, 8),
        maxMlps: fc.constantFrom(2, 3),
        tier: fc.constantFrom(...TIERS),
      }),
      { minLength: 2, maxLength: 7 },
    ),
    systems: fc.array(
      fc.record({
        node: fc.nat(),
        pinSite: fc.option(fc.nat(1), { nil: undefined }),
        level: fc.integer({ min: 1, max: 6 }),
        vcpu: fc.integer({ min: 1, max: 48 }),
        mem: fc.integer({ min: 1, max: 192 }),
        mlps: fc.constantFrom(1, 2, 3),
        tiers: fc.subarray([...TIERS], { minLength: 1 }),
      }),
      { maxLength: 40 },
    ),
  })
  .map(({ cities, nodes, systems }) => {
    const sites: SiteInfo[] = [];
    nodes.forEach((n, ni) => {
      const total = n.sites.reduce((a, s) => a + s.share, 0);
      n.sites.forEach((s, si) =>
        sites.push({
          name: `n${ni}-s${si}`,
          node: `n${ni}`,
          city: `14${String((s.city % cities) + 1).padStart(2, "0")}00`,
          capacity: { vcpu: (n.vcpu * s.share) / total, memoryGiB: (n.vcpu * n.memPerCpu * s.share) / total },
          objectStorage: s.objectStorage,
          maxMlpsLevel: n.maxMlps,
          tier: n.tier,
        }),
      );
    });
    const list: SystemInfo[] = systems.map((s, i) => {
      const node = s.node % nodes.length;
      const own = sites.filter((x) => x.node === `n${node}`);
      const level = s.level as DrLevel;
      return {
        key: `d${i % 3}/sys-${String(i).padStart(3, "0")}`,
        node: `n${node}`,
        ...(s.pinSite !== undefined ? { site: own[s.pinSite % own.length]!.name } : {}),
        level,
        mode: modeOf(level),
        rpo: 0,
        rto: 0,
        load: { vcpu: s.vcpu, memoryGiB: s.mem },
        storageGiB: s.vcpu * 10,
        mlpsLevel: s.mlps,
        tiers: s.tiers,
      };
    });
    list.sort((a, b) => (a.key < b.key ? -1 : 1));
    return { sites, systems: list, ledger: [] };
  });

const siteOf = (input: DrInput) => new Map(input.sites.map((s) => [s.name, s]));

/** Checks every rule independently of the pairing's own bookkeeping; returns the broken ones. */
function violations(input: DrInput, p: Pairing): string[] {
  const out: string[] = [];
  const site = siteOf(input);
  const sys = new Map(input.systems.map((s) => [s.key, s]));
  const issued = new Set(p.issues.map((i) => i.system));
  const hosts = (s: SiteInfo, x: SystemInfo) => s.maxMlpsLevel >= x.mlpsLevel && x.tiers.includes(s.tier);
  for (const x of input.systems) {
    const pair = p.pairs.find((q) => q.system === x.key);
    const complete =
      pair && pair.backup && (x.mode === "backup" || (pair.standby && (x.mode !== "active-active" || pair.active)));
    if (!complete && !issued.has(x.key)) out.push(`${x.key} is not fully placed and no issue names it`);
  }
  for (const pair of p.pairs) {
    const x = sys.get(pair.system)!;
    const prim = site.get(pair.primary.site)!;
    if (prim.node !== x.node) out.push(`${pair.system}: primary off its node`);
    if (x.site !== undefined && x.site !== prim.name) out.push(`${pair.system}: primary not at its pinned site`);
    const sides = [prim, ...(pair.active ? [site.get(pair.active.site)!] : [])];
    if (pair.active) {
      const a = site.get(pair.active.site)!;
      if (x.mode !== "active-active") out.push(`${pair.system}: active side below level 6`);
      if (a.name === prim.name || a.city !== prim.city || !hosts(a, x))
        out.push(`${pair.system}: active side not another eligible site of the same city`);
    }
    if (pair.standby) {
      const s = site.get(pair.standby.site)!;
      if (x.mode === "backup") out.push(`${pair.system}: standby below level 3`);
      if (sides.some((d) => d.node === s.node || d.city === s.city || d.name === s.name) || !hosts(s, x))
        out.push(`${pair.system}: standby shares a node/city/site or cannot host`);
    }
    if (pair.backup) {
      const b = site.get(pair.backup.site)!;
      if (!b.objectStorage || sides.some((d) => d.city === b.city))
        out.push(`${pair.system}: backup not in another city's object storage`);
    }
  }
  // Capacity, recomputed from the pairs: for every single node failure, what lands on each survivor.
  const committed = new Map<string, { v: number; m: number }>();
  const add = (m: Map<string, { v: number; m: number }>, k: string, v: number, mem: number) => {
    const c = m.get(k) ?? { v: 0, m: 0 };
    c.v += v;
    c.m += mem;
    m.set(k, c);
  };
  for (const pair of p.pairs) {
    add(committed, pair.primary.site, pair.load.vcpu, pair.load.memoryGiB);
    if (pair.active) add(committed, pair.active.site, pair.load.vcpu, pair.load.memoryGiB);
  }
  const shortSites = new Set(p.issues.filter((i) => i.constraint === "site-capacity").map((i) => i.site));
  for (const node of new Set(input.sites.map((s) => s.node))) {
    const moved = new Map<string, { v: number; m: number }>();
    for (const pair of p.pairs) {
      const sides = [pair.primary, ...(pair.active ? [pair.active] : [])];
      if (pair.standby && sides.every((s) => s.node === node))
        add(moved, pair.standby.site, pair.load.vcpu, pair.load.memoryGiB);
    }
    for (const s of input.sites) {
      if (s.node === node || shortSites.has(s.name)) continue;
      const c = committed.get(s.name) ?? { v: 0, m: 0 };
      const m = moved.get(s.name) ?? { v: 0, m: 0 };
      if (c.v + m.v > s.capacity.vcpu + EPS || c.m + m.m > s.capacity.memoryGiB + EPS) {
        out.push(
          `failure of ${node} overloads ${s.name}: ${c.v + m.v}/${s.capacity.vcpu} vCPU, ${c.m + m.m}/${s.capacity.memoryGiB} GiB`,
        );
      }
    }
  }
  return out;
}

describe("pairing over random estates", () => {
  it("satisfies every constraint, or names the system and the constraint it cannot meet", () => {
    fc.assert(
      fc.property(estateArb, (input) => {
        const p = pairSystems(input);
        expect(violations(input, p)).toEqual([]);
        for (const i of p.issues) {
          expect(i.message).not.toBe("");
          if (i.constraint === "capacity" || i.constraint === "site-capacity") {
            expect(i.shortfall!.vcpu > 0 || i.shortfall!.memoryGiB > 0).toBe(true);
            expect(i.message).toMatch(/short by [\d.]+ vCPU and [\d.]+ GiB/);
          }
          if (i.constraint !== "site-capacity") expect(i.message.startsWith(`${i.system}:`)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  /**
   * When the pairing reports no issue, every single-node and single-site drill passes; returns how
   * many of the estates were feasible with a standby to fail over to (so the property is not vacuous).
   * About 14% of random estates are (27 of 200 on average, standard deviation about 5): the count is
   * checked over 500 runs against 30 (mean about 69, the bound about five standard deviations below),
   * not over 200 against 20, which random seeds missed about one run in ten (seed 1003: 19 of 200).
   */
  const drillsPassWhenNoIssue = (params: fc.Parameters<[DrInput]>) => {
    let feasible = 0;
    fc.assert(
      fc.property(estateArb, (input) => {
        const p = pairSystems(input);
        if (p.issues.length === 0 && input.systems.some((s) => s.mode !== "backup")) feasible++;
        const drills = allDrills(p);
        expect(drills).toHaveLength(new Set(input.sites.map((s) => s.node)).size + input.sites.length);
        if (p.issues.length === 0)
          for (const d of drills) expect(d, JSON.stringify(d.fail)).toMatchObject({ ok: true, shortfall: {} });
        for (const d of drills) {
          for (const l of d.lost) if (l.level >= 3) expect(d.ok).toBe(false);
          for (const m of d.moved) expect(m.to).not.toBe(m.from);
        }
      }),
      params,
    );
    return feasible;
  };

  it("passes every single-node and single-site drill when it reports no issue", () => {
    // The property above must not hold vacuously: many random estates are feasible.
    expect(drillsPassWhenNoIssue({ numRuns: 500 })).toBeGreaterThan(30);
  });

  it("regression: seed 1003, whose first 200 estates hold only 19 feasible ones, passes the drills and the vacuity check", () => {
    // Under the old check (200 runs, more than 20 feasible) this seed failed with "expected 19 to be
    // greater than 20" although no drill failed: a sampling shortfall, not a pairing defect.
    expect(drillsPassWhenNoIssue({ numRuns: 200, seed: 1003 })).toBe(19);
    expect(drillsPassWhenNoIssue({ numRuns: 500, seed: 1003 })).toBeGreaterThan(30);
  });

  it("is deterministic, whatever order the sites come in", () => {
    fc.assert(
      fc.property(estateArb, fc.nat(), (input, seed) => {
        const a = pairSystems(input);
        const rotated = {
          ...input,
          sites: [...input.sites.slice(seed % input.sites.length), ...input.sites.slice(0, seed % input.sites.length)],
        };
        const b = pairSystems(rotated);
        expect(b.pairs).toEqual(a.pairs);
        expect(b.issues).toEqual(a.issues);
        expect(pairSystems(input)).toEqual(a);
      }),
      { numRuns: 100 },
    );
  });

  it("is stable: adding a system keeps every recorded pair", () => {
    fc.assert(
      fc.property(estateArb, fc.nat(), (input, pick) => {
        fc.pre(input.systems.length >= 2);
        const extra = input.systems[pick % input.systems.length]!;
        const base = { ...input, systems: input.systems.filter((s) => s !== extra) };
        const first = pairSystems(base);
        const second = pairSystems({ ...input, ledger: first.ledger });
        for (const e of first.ledger) expect(second.ledger).toContainEqual(e);
        expect(second.changes.filter((c) => c.change !== "added")).toEqual([]);
        expect(second.changes.filter((c) => c.change === "added").map((c) => c.system)).toEqual(
          input.systems.filter((s) => s === extra || !first.ledger.some((e) => e.system === s.key)).map((s) => s.key),
        );
        expect(violations(input, second)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("frees a removed system's reservation and drops its entry", () => {
    fc.assert(
      fc.property(estateArb, fc.nat(), (input, pick) => {
        const full = pairSystems(input);
        fc.pre(full.ledger.length > 0);
        const gone = full.ledger[pick % full.ledger.length]!;
        const after = pairSystems({
          ...input,
          systems: input.systems.filter((s) => s.key !== gone.system),
          ledger: full.ledger,
        });
        expect(after.ledger.map((e) => e.system)).not.toContain(gone.system);
        expect(after.changes).toContainEqual(expect.objectContaining({ system: gone.system, change: "removed" }));
        for (const e of full.ledger) if (e.system !== gone.system) expect(after.ledger).toContainEqual(e);
        // Reservations can only shrink when nothing is left to place afresh.
        if (input.systems.some((s) => !full.ledger.some((e) => e.system === s.key))) return;
        for (const s of after.sites) {
          const before = full.sites.find((x) => x.site === s.site)!;
          expect(s.reserved.vcpu).toBeLessThanOrEqual(before.reserved.vcpu + EPS);
          expect(s.committed.vcpu).toBeLessThanOrEqual(before.committed.vcpu + EPS);
        }
      }),
      { numRuns: 150 },
    );
  });
});

// --- focused cases ---------------------------------------------------------------------------------
const site = (name: string, node: string, city: string, vcpu: number, extra: Partial<SiteInfo> = {}): SiteInfo => ({
  name,
  node,
  city,
  capacity: { vcpu, memoryGiB: vcpu * 4 },
  objectStorage: true,
  maxMlpsLevel: 3,
  tier: "city",
  ...extra,
});
const system = (
  key: string,
  node: string,
  level: DrLevel,
  vcpu: number,
  extra: Partial<SystemInfo> = {},
): SystemInfo => ({
  key,
  node,
  level,
  mode: modeOf(level),
  rpo: 0,
  rto: 0,
  load: { vcpu, memoryGiB: vcpu * 4 },
  storageGiB: 100,
  mlpsLevel: 3,
  tiers: ["provincial", "city", "industry"],
  ...extra,
});

describe("pairing rules", () => {
  const prov = [
    site("prov-a", "province", "140100", 100, { tier: "provincial" }),
    site("prov-b", "province", "140100", 100, { tier: "provincial" }),
  ];

  it("runs level 6 active-active on the provincial cloud's two Taiyuan sites, with a remote standby and backups elsewhere", () => {
    const input: DrInput = {
      sites: [...prov, site("dt-a", "city-140200", "140200", 100), site("cz-a", "city-140400", "140400", 100)],
      systems: [system("gov/one-stop", "province", 6, 20)],
      ledger: [],
    };
    const p = pairSystems(input);
    expect(p.issues).toEqual([]);
    const pair = p.pairs[0]!;
    expect(new Set([pair.primary.site, pair.active!.site])).toEqual(new Set(["prov-a", "prov-b"]));
    expect(["140200", "140400"]).toContain(pair.standby!.city);
    expect(pair.backup!.city).not.toBe("140100");
    const idx = drillIndex(p);
    const siteDown = drill(idx, { site: pair.primary.site });
    expect(siteDown).toMatchObject({
      ok: true,
      moved: [{ system: "gov/one-stop", how: "active", to: pair.active!.site }],
    });
    const nodeDown = drill(idx, { node: "province" });
    expect(nodeDown).toMatchObject({
      ok: true,
      moved: [{ system: "gov/one-stop", how: "failover", to: pair.standby!.site }],
    });
  });

  it("reports level 6 without a same-city sibling site", () => {
    const p = pairSystems({
      sites: [site("dt-a", "city-140200", "140200", 100), site("cz-a", "city-140400", "140400", 100)],
      systems: [system("x/aa", "city-140200", 6, 4)],
      ledger: [],
    });
    expect(p.issues).toMatchObject([{ system: "x/aa", constraint: "active-same-city", role: "active" }]);
  });

  it("never puts a standby on a platform graded below the system", () => {
    const input: DrInput = {
      sites: [...prov, site("dt-a", "city-140200", "140200", 1000, { maxMlpsLevel: 2 })],
      systems: [system("x/l3", "province", 4, 4)],
      ledger: [],
    };
    expect(pairSystems(input).issues).toMatchObject([{ system: "x/l3", constraint: "partner-city" }]);
    expect(pairSystems({ ...input, systems: [system("x/l2", "province", 4, 4, { mlpsLevel: 2 })] }).issues).toEqual([]);
  });

  it("names the system, the constraint and the shortfall when no partner has room", () => {
    const input: DrInput = {
      sites: [...prov, site("dt-a", "city-140200", "140200", 10), site("cz-a", "city-140400", "140400", 12)],
      systems: [system("x/big", "province", 4, 16)],
      ledger: [],
    };
    const [issue] = pairSystems(input).issues;
    expect(issue).toMatchObject({
      system: "x/big",
      constraint: "capacity",
      role: "standby",
      site: "cz-a",
      shortfall: { vcpu: 4, memoryGiB: 16 },
    });
    expect(drill(drillIndex(pairSystems(input)), { node: "province" })).toMatchObject({
      ok: false,
      lost: [{ system: "x/big", level: 4 }],
    });
  });

  it("shares a standby site's reservation between failures that cannot happen together", () => {
    // Two primaries on different nodes can both stand by on dt-a: only one fails at a time.
    const input: DrInput = {
      sites: [
        site("a", "na", "140100", 100),
        site("b", "nb", "140100", 100),
        site("dt-a", "city-140200", "140200", 12),
      ],
      systems: [system("x/one", "na", 4, 10), system("x/two", "nb", 4, 10)],
      ledger: [],
    };
    const p = pairSystems(input);
    expect(p.issues).toEqual([]);
    expect(p.sites.find((s) => s.site === "dt-a")).toMatchObject({ reserved: { vcpu: 10 }, free: { vcpu: 2 } });
  });

  it("spreads standbys rather than piling them on one partner", () => {
    const input: DrInput = {
      sites: [
        site("a", "na", "140100", 1000),
        site("p1", "n1", "140200", 100),
        site("p2", "n2", "140300", 100),
        site("p3", "n3", "140400", 100),
      ],
      systems: Array.from({ length: 9 }, (_, i) => system(`x/s${i}`, "na", 3, 5)),
      ledger: [],
    };
    const counts = new Map<string, number>();
    for (const p of pairSystems(input).pairs) counts.set(p.standby!.site, (counts.get(p.standby!.site) ?? 0) + 1);
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });

  it("drops ledger entries that break the rules and re-places them, saying why", () => {
    const input: DrInput = {
      sites: [...prov, site("dt-a", "city-140200", "140200", 100)],
      systems: [system("x/a", "province", 4, 4)],
      ledger: [
        { system: "x/a", primary: "prov-a", standby: "prov-b", backup: "dt-a" },
        { system: "x/gone", primary: "prov-a", backup: "dt-a" },
      ],
    };
    const p = pairSystems(input);
    expect(p.changes).toEqual([
      {
        system: "x/a",
        change: "replaced",
        reason: "standby site prov-b shares a node or city with the primary",
        entry: 0,
      },
      { system: "x/gone", change: "removed", reason: "the system no longer exists", entry: 1 },
    ]);
    expect(p.ledger).toEqual([{ system: "x/a", primary: "prov-a", standby: "dt-a", backup: "dt-a" }]);
  });

  it("reports a site whose recorded reservations exceed its capacity, with the systems there", () => {
    const input: DrInput = {
      sites: [site("a", "na", "140100", 100), site("dt-a", "city-140200", "140200", 8)],
      systems: [system("x/one", "na", 4, 5), system("x/two", "na", 4, 5)],
      ledger: [
        { system: "x/one", primary: "a", standby: "dt-a", backup: "dt-a" },
        { system: "x/two", primary: "a", standby: "dt-a", backup: "dt-a" },
      ],
    };
    const p = pairSystems(input);
    expect(p.issues).toMatchObject([
      {
        constraint: "site-capacity",
        site: "dt-a",
        node: "city-140200",
        shortfall: { vcpu: 2, memoryGiB: 8 },
        systems: ["x/one", "x/two"],
      },
    ]);
    expect(drill(drillIndex(p), { node: "na" })).toMatchObject({
      ok: false,
      shortfall: { "city-140200": { vcpu: 2, memoryGiB: 8, sites: { "dt-a": { vcpu: 2, memoryGiB: 8 } } } },
      moved: [{ system: "x/one", how: "failover", to: "dt-a" }],
      lost: [{ system: "x/two", level: 4 }],
    });
  });

  it("restores backup-only systems where room is left, and lets them wait without failing the drill", () => {
    const input: DrInput = {
      sites: [site("a", "na", "140100", 100), site("dt-a", "city-140200", "140200", 6)],
      systems: [system("x/b1", "na", 2, 4), system("x/b2", "na", 1, 4)],
      ledger: [],
    };
    const d = drill(drillIndex(pairSystems(input)), { node: "na" });
    expect(d).toMatchObject({
      ok: true,
      moved: [{ system: "x/b1", how: "restore", to: "dt-a" }],
      lost: [{ system: "x/b2", level: 1 }],
    });
  });
});
