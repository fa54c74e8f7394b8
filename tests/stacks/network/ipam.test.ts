import fc from "fast-check";
import ipaddr from "ipaddr.js";
import { describe, expect, it } from "vitest";
import {
  allocate,
  allocationRows,
  cloudRanges,
  deriveAddresses,
  emptyLedger,
  FAMILIES,
  formatAddress,
  formatCidr,
  formatRuns,
  parseRuns,
  parsePlanes,
  sameLedger,
  type AddressPlan,
  type Family,
  type IpamResult,
  type LedgerData,
} from "../../../stacks/network/index.js";
import { SPEC, treeOf, type Shape } from "./support.js";

const at = () => ({ file: "network.yaml", line: 1, column: 1 });
const { planes } = parsePlanes(SPEC, at);

/** Unique numbers in [1, max], at most `n` of them. */
const ids = (max: number, n: number) => fc.uniqueArray(fc.integer({ min: 1, max }), { maxLength: n });
const shapeArb: fc.Arbitrary<Shape> = ids(15, 5).chain((cities) =>
  fc.tuple(
    ...cities.map((city) =>
      ids(30, 4).chain((counties) =>
        fc
          .tuple(
            ...counties.map((county) =>
              ids(30, 4).chain((tws) =>
                fc
                  .tuple(...tws.map((township) => fc.nat(12).map((villages) => ({ township, villages }))))
                  .map((townships) => ({ county, townships })),
              ),
            ),
          )
          .map((cs) => ({ city, counties: cs })),
      ),
    ),
  ),
);
const cloudsArb = fc.uniqueArray(
  fc.record({
    id: fc.constantFrom("province", "city-a", "city-b", "industry-x", "industry-y"),
    division: fc.constant("140000"),
  }),
  { selector: (c) => c.id, maxLength: 4 },
);

function plan(
  shape: Shape,
  ledger?: LedgerData,
  clouds: { id: string; division: string }[] = [],
): { ipam: IpamResult; addressPlan: AddressPlan } {
  const tree = treeOf(shape);
  const ipam = allocate({ tree, network: SPEC, clouds, ledger });
  const table = deriveAddresses(ipam, SPEC, planes);
  const ranges = cloudRanges(SPEC, ipam, table);
  return {
    ipam,
    addressPlan: {
      network: SPEC,
      tree,
      ipam,
      table,
      clouds: ranges,
      cloudIndex: new Map(ranges.map((c) => [c.cloud, c])),
      diagnostics: ipam.diagnostics,
    },
  };
}

/** prefix text per code, plane and family. */
function prefixes(p: AddressPlan): Map<string, string> {
  return new Map(allocationRows(p).map((r) => [`${r.code}/${r.plane}/${r.family}`, r.prefix]));
}

describe("IPAM allocation", () => {
  it("puts every prefix inside its parent's (checked with ipaddr.js)", () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const { addressPlan: p } = plan(shape);
        const byKey = prefixes(p);
        for (const r of allocationRows(p)) {
          if (!r.parent) continue;
          const parent = ipaddr.parseCIDR(byKey.get(`${r.parent}/${r.plane}/${r.family}`)!);
          const [ip, len] = ipaddr.parseCIDR(r.prefix);
          expect(len).toBeGreaterThan(parent[1]);
          expect(ip.match(parent)).toBe(true);
        }
      }),
      { numRuns: 60 },
    );
  });

  it("never overlaps two prefixes unless one is the other's ancestor, across all levels, planes and families", () => {
    fc.assert(
      fc.property(shapeArb, cloudsArb, (shape, clouds) => {
        const { addressPlan: p } = plan(shape, undefined, clouds);
        const parentOf = new Map(p.ipam.allocations.map((a) => [a.code, a.parent]));
        const ancestor = (a: string, b: string) => {
          for (let x = parentOf.get(b); x !== undefined; x = parentOf.get(x)) if (x === a) return true;
          return false;
        };
        for (const family of FAMILIES) {
          type Item = { owner: string; start: bigint; end: bigint };
          const items: Item[] = [];
          const width = family === "ipv4" ? 32n : 128n;
          const push = (owner: string, addr: bigint, len: number) =>
            items.push({ owner, start: addr, end: addr + (1n << (width - BigInt(len))) - 1n });
          p.ipam.allocations.forEach((a, i) => {
            for (const plane of planes) {
              const c = p.table.prefix(i, plane.name, family);
              push(`${plane.name}:${a.code}`, c.addr, c.len);
            }
          });
          // cloud nodes live in their division's own block (slot 0), apart from every child's block
          for (const c of p.clouds)
            for (const [plane, r] of c.block) push(`${plane}:cloud:${c.cloud}`, r[family].addr, r[family].len);
          items.sort((x, y) =>
            x.start < y.start ? -1 : x.start > y.start ? 1 : x.end > y.end ? -1 : x.end < y.end ? 1 : 0,
          );
          const stack: Item[] = [];
          for (const it of items) {
            while (stack.length && stack.at(-1)!.end < it.start) stack.pop();
            const top = stack.at(-1);
            if (top) {
              const [tp, tc] = [top.owner.split(":")[0], top.owner.slice(top.owner.indexOf(":") + 1)];
              const [ip, ic] = [it.owner.split(":")[0], it.owner.slice(it.owner.indexOf(":") + 1)];
              const cloudInDivision = ic.startsWith("cloud:") && tc === "140000";
              expect(
                it.end <= top.end && tp === ip && (ancestor(tc, ic) || cloudInDivision),
                `${it.owner} overlaps ${top.owner}`,
              ).toBe(true);
            }
            stack.push(it);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("covers every node in both families on every plane", () => {
    fc.assert(
      fc.property(shapeArb, (shape) => {
        const { addressPlan: p, ipam } = plan(shape);
        const nodes = Object.values(p.tree.counts).reduce((a, b) => a + b, 0);
        expect(ipam.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
        expect(ipam.allocations).toHaveLength(nodes);
        const rows = allocationRows(p);
        expect(rows).toHaveLength(nodes * planes.length * 2);
        const keys = new Set(rows.map((r) => `${r.code}/${r.plane}/${r.family}`));
        for (const a of ipam.allocations)
          for (const pl of planes) for (const f of FAMILIES) expect(keys.has(`${a.code}/${pl.name}/${f}`)).toBe(true);
      }),
      { numRuns: 40 },
    );
  });

  it("never renumbers a node that stays when others are inserted and deleted", () => {
    fc.assert(
      fc.property(shapeArb, shapeArb, cloudsArb, cloudsArb, (before, after, cloudsBefore, cloudsAfter) => {
        const first = plan(before, undefined, cloudsBefore);
        const second = plan(after, first.ipam.ledger, cloudsAfter);
        const was = prefixes(first.addressPlan);
        for (const [key, prefix] of prefixes(second.addressPlan)) {
          if (was.has(key)) expect(prefix, key).toBe(was.get(key));
        }
        const slots = new Map(first.ipam.clouds.map((c) => [c.cloud, c.slot]));
        for (const c of second.ipam.clouds) if (slots.has(c.cloud)) expect(c.slot).toBe(slots.get(c.cloud));
        // and the nodes that went away are released, the new ones reported
        const codesBefore = new Set(first.ipam.allocations.map((a) => a.code));
        const codesAfter = new Set(second.ipam.allocations.map((a) => a.code));
        expect(second.ipam.changes.removed.filter((c) => /^\d+$/.test(c))).toEqual(
          [...codesBefore].filter((c) => !codesAfter.has(c) && c !== "140000").sort(),
        );
        expect(second.ipam.changes.added.filter((c) => /^\d+$/.test(c))).toEqual(
          [...codesAfter].filter((c) => !codesBefore.has(c) && c !== "140000").sort(),
        );
      }),
      { numRuns: 80 },
    );
  });

  it("is deterministic, and allocating again from its own ledger changes nothing", () => {
    fc.assert(
      fc.property(shapeArb, cloudsArb, (shape, clouds) => {
        const a = plan(shape, undefined, clouds);
        const b = plan(shape, undefined, clouds);
        expect(b.ipam.ledger).toEqual(a.ipam.ledger);
        expect(prefixes(b.addressPlan)).toEqual(prefixes(a.addressPlan));
        const again = plan(shape, a.ipam.ledger, clouds);
        expect(sameLedger(again.ipam.ledger, a.ipam.ledger)).toBe(true);
        expect(again.ipam.changes).toEqual({ added: [], removed: [], reassigned: [] });
      }),
      { numRuns: 60 },
    );
  });

  it("gives a new node the lowest free slot of its parent", () => {
    const one = plan([
      {
        city: 1,
        counties: [
          { county: 1, townships: [] },
          { county: 2, townships: [] },
          { county: 3, townships: [] },
        ],
      },
    ]);
    const gap = plan(
      [
        {
          city: 1,
          counties: [
            { county: 1, townships: [] },
            { county: 3, townships: [] },
            { county: 4, townships: [] },
          ],
        },
      ],
      one.ipam.ledger,
    );
    expect(gap.ipam.ledger.counties).toEqual({ "140101": 1, "140103": 3, "140104": 2 });
  });

  it("names the parent and what it would need when a level is exhausted", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ township: i + 1, villages: 0 }));
    const { ipam } = plan([{ city: 1, counties: [{ county: 1, townships: many }] }]);
    const d = ipam.diagnostics.find((x) => x.code === "ipam-exhausted")!;
    expect(d.severity).toBe("error");
    expect(d.message).toContain("county 140101 (140101) has 40 townships but room for 31");
    expect(d.message).toContain("9 nodes got no address");
    expect(d.hint).toContain("needs 6 bits");
    expect(d.hint).toContain("prefixLengths.ipv4.township to /24");
    expect(ipam.allocations.filter((a) => a.level === "township")).toHaveLength(31);
  });

  it("warns when a parent has less than a tenth of its slots left", () => {
    const many = Array.from({ length: 29 }, (_, i) => ({ township: i + 1, villages: 0 }));
    const { ipam } = plan([{ city: 1, counties: [{ county: 1, townships: many }] }]);
    expect(ipam.diagnostics.map((d) => [d.code, d.severity])).toEqual([["ipam-headroom", "warning"]]);
  });

  it("gives invalid ledger slots (out of range, taken twice) a free slot and reports them", () => {
    const ledger = { ...emptyLedger(), cities: { "140100": 1, "140200": 1, "140300": 99 } };
    const { ipam } = plan(
      [
        { city: 1, counties: [] },
        { city: 2, counties: [] },
        { city: 3, counties: [] },
      ],
      ledger,
    );
    expect(ipam.ledger.cities).toEqual({ "140100": 1, "140200": 2, "140300": 3 });
    expect(ipam.changes.reassigned).toEqual(["140200", "140300"]);
    expect(ipam.diagnostics.filter((d) => d.code === "ipam-ledger-invalid-slot")).toHaveLength(2);
  });

  it("releases villages beyond a township's new count and keeps the rest", () => {
    const before = plan([{ city: 1, counties: [{ county: 1, townships: [{ township: 1, villages: 5 }] }] }]);
    const after = plan(
      [{ city: 1, counties: [{ county: 1, townships: [{ township: 1, villages: 3 }] }] }],
      before.ipam.ledger,
    );
    expect(after.ipam.ledger.villages).toEqual({ "140101001": "1-3" });
    expect(after.ipam.changes.removed).toEqual(["140101001004", "140101001005"]);
  });
});

describe("prefix text", () => {
  it("prints IPv6 exactly as ipaddr.js's RFC 5952 form", () => {
    const part = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    fc.assert(
      fc.property(fc.array(part, { minLength: 8, maxLength: 8 }), (parts) => {
        const value = parts.reduce((v, p) => (v << 16n) | BigInt(p), 0n);
        expect(formatAddress("ipv6", value)).toBe(new ipaddr.IPv6(parts).toRFC5952String());
      }),
      { numRuns: 500 },
    );
  });

  it("prints IPv4 as ipaddr.js does", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (n) => {
        expect(formatAddress("ipv4", BigInt(n))).toBe(
          ipaddr.fromByteArray([n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString(),
        );
      }),
    );
  });

  it("reports bad plane prefixes", () => {
    const bad = {
      ...SPEC,
      planes: [
        { name: "a", description: "", ipv4: "10.0.0.1/9", ipv6: "fd14::/32" },
        { name: "b", description: "", ipv4: "10.64.0.0/10", ipv6: "10.0.0.0/8" },
      ],
    };
    const { diagnostics } = parsePlanes(bad, at);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([
      ["ipam-plane-prefix", "10.0.0.1/9 has host bits set"],
      ["ipam-plane-prefix", "10.0.0.0/8 is not an IPv6 prefix"],
    ]);
    const overlap = parsePlanes(
      { ...SPEC, planes: [SPEC.planes[0]!, { ...SPEC.planes[1]!, ipv4: "10.64.0.0/10" }] },
      at,
    );
    expect(overlap.diagnostics.map((d) => d.code)).toEqual(["ipam-plane-overlap"]);
    expect(formatCidr("ipv4" as Family, { addr: 167772160n, len: 9 })).toBe("10.0.0.0/9");
  });
});

describe("village runs", () => {
  it("round-trip any slot order", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 40 }), (slots) => {
        expect(parseRuns(formatRuns(slots))).toEqual(slots);
      }),
    );
    expect(formatRuns([1, 2, 3, 5, 4, 6, 7])).toBe("1-3,5,4,6-7");
  });

  it("treat a descending run as an invalid slot", () => {
    const { ipam } = plan([{ city: 1, counties: [{ county: 1, townships: [{ township: 1, villages: 3 }] }] }], {
      ...emptyLedger(),
      cities: { "140100": 1 },
      counties: { "140101": 1 },
      townships: { "140101001": 1 },
      villages: { "140101001": "1,5-3,2" },
    });
    expect(ipam.changes.reassigned).toEqual(["140101001002"]);
    expect(ipam.ledger.villages).toEqual({ "140101001": "1,3,2" });
  });
});
