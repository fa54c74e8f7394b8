/**
 * Prefix arithmetic: every prefix of the address plan derives from its plane's prefix, the per-level
 * prefix lengths and the slots of the ledger (ipam.ts). ipaddr.js parses and prints addresses; the
 * arithmetic itself is a shift and an add on BigInts, so that IPv4 and IPv6 share one code path.
 */
import ipaddr from "ipaddr.js";
import { diagnostic, type Diagnostic, type SourcePosition } from "../../catalog/index.js";
import { CHILD_LEVELS } from "./tree.js";
import { FAMILIES, WIDTH, type Family, type IpamResult, type NetworkSpec } from "./ipam.js";

export interface Cidr {
  readonly addr: bigint;
  readonly len: number;
}

export interface PlaneBase {
  readonly name: string;
  readonly ipv4: Cidr;
  readonly ipv6: Cidr;
}

/** A CIDR as text (RFC 5952 for IPv6). */
export function formatCidr(family: Family, c: Cidr): string {
  return `${formatAddress(family, c.addr)}/${c.len}`;
}

export function formatAddress(family: Family, addr: bigint): string {
  if (family === "ipv4") {
    const n = Number(addr);
    return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  }
  // RFC 5952 text, as ipaddr.js's toRFC5952String gives it (a test holds the two equal), without
  // building an object and a regular expression per address: the plan prints ~46,000 of them.
  const parts = new Array<number>(8);
  for (let w = 0; w < 4; w++) {
    const word = Number(BigInt.asUintN(32, addr >> BigInt(96 - 32 * w)));
    parts[2 * w] = word >>> 16;
    parts[2 * w + 1] = word & 0xffff;
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (parts[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (from: number, to: number) =>
    parts
      .slice(from, to)
      .map((p) => p.toString(16))
      .join(":");
  return bestAt < 0 ? hex(0, 8) : `${hex(0, bestAt)}::${hex(bestAt + bestLen, 8)}`;
}

/** Parses `a.b.c.d/n` or an IPv6 CIDR of the given family; undefined when it is not one. */
export function parseCidr(family: Family, text: string): Cidr | undefined {
  if (!ipaddr.isValidCIDR(text)) return undefined;
  const [ip, len] = ipaddr.parseCIDR(text);
  if (ip.kind() !== family) return undefined;
  let addr = 0n;
  for (const b of ip.toByteArray()) addr = (addr << 8n) | BigInt(b);
  return { addr, len };
}

const hostMask = (family: Family, len: number) => (1n << BigInt(WIDTH[family] - len)) - 1n;

/** Whether `inner` lies inside `outer` (same family). */
export function contains(family: Family, outer: Cidr, inner: Cidr): boolean {
  return inner.len >= outer.len && (inner.addr & ~hostMask(family, outer.len)) === outer.addr;
}

export function overlaps(family: Family, a: Cidr, b: Cidr): boolean {
  return contains(family, a, b) || contains(family, b, a);
}

/** The planes' prefixes, parsed and checked: valid CIDRs of the right family, network addresses, no overlap. */
export function parsePlanes(
  network: NetworkSpec,
  at: (path: readonly (string | number)[]) => SourcePosition,
): { planes: PlaneBase[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const planes: PlaneBase[] = [];
  network.planes.forEach((p, pi) => {
    const parsed: Partial<Record<Family, Cidr>> = {};
    for (const family of FAMILIES) {
      const c = parseCidr(family, p[family]);
      if (!c) {
        diagnostics.push(
          diagnostic(
            at(["spec", "planes", pi, family]),
            "ipam-plane-prefix",
            `${p[family]} is not an ${family === "ipv4" ? "IPv4" : "IPv6"} prefix`,
            family === "ipv4" ? "write a CIDR such as 10.0.0.0/9" : "write a CIDR such as fd14:1400::/32",
          ),
        );
        continue;
      }
      if ((c.addr & hostMask(family, c.len)) !== 0n) {
        const network = { addr: c.addr & ~hostMask(family, c.len), len: c.len };
        diagnostics.push(
          diagnostic(
            at(["spec", "planes", pi, family]),
            "ipam-plane-prefix",
            `${p[family]} has host bits set`,
            `write the network address: ${formatCidr(family, network)}`,
          ),
        );
        continue;
      }
      const other = planes.find((q) => overlaps(family, q[family], c));
      if (other) {
        diagnostics.push(
          diagnostic(
            at(["spec", "planes", pi, family]),
            "ipam-plane-overlap",
            `plane ${p.name}'s ${p[family]} overlaps plane ${other.name}'s ${formatCidr(family, other[family])}`,
            "give every plane its own, disjoint prefix",
          ),
        );
        continue;
      }
      parsed[family] = c;
    }
    if (parsed.ipv4 && parsed.ipv6) planes.push({ name: p.name, ipv4: parsed.ipv4, ipv6: parsed.ipv6 });
  });
  return { planes, diagnostics };
}

/** Prefix length of a depth (0 = province) in a plane and family. */
export function depthLength(network: NetworkSpec, plane: PlaneBase, family: Family, depth: number): number {
  return depth === 0 ? plane[family].len : network.prefixLengths[family][CHILD_LEVELS[depth - 1]!];
}

/** The prefix of every allocation, per plane and family, computed on demand. */
export interface AddressTable {
  readonly planes: readonly PlaneBase[];
  prefix(allocationIndex: number, plane: string, family: Family): Cidr;
  /** Every allocation's network address in one plane and family (index-aligned with the allocations). */
  all(plane: string, family: Family): readonly bigint[];
}

/**
 * A prefix is its plane's prefix plus, for each ancestor below the province and the node itself, its
 * slot shifted to its level's length. A single prefix walks up at most four parents, so a caller that
 * needs a few (the cloud nodes' divisions) pays for those alone; `all` derives a whole plane and family
 * in one pass in tree order (parents first) and keeps it.
 */
export function deriveAddresses(ipam: IpamResult, network: NetworkSpec, planes: readonly PlaneBase[]): AddressTable {
  const { allocations } = ipam;
  const byName = new Map(
    planes.map((p) => [
      p.name,
      {
        plane: p,
        lengths: Object.fromEntries(
          FAMILIES.map((f) => [f, [0, 1, 2, 3, 4].map((d) => depthLength(network, p, f, d))]),
        ) as Record<Family, number[]>,
        shifts: Object.fromEntries(
          FAMILIES.map((f) => [f, [0, 1, 2, 3, 4].map((d) => BigInt(WIDTH[f] - depthLength(network, p, f, d)))]),
        ) as Record<Family, bigint[]>,
      },
    ]),
  );
  const built = new Map<string, bigint[]>();
  const all = (planeName: string, family: Family): bigint[] => {
    const key = `${planeName}/${family}`;
    let out = built.get(key);
    if (out) return out;
    const { plane, shifts } = byName.get(planeName)!;
    const s = shifts[family];
    out = new Array<bigint>(allocations.length);
    for (let i = 0; i < allocations.length; i++) {
      const a = allocations[i]!;
      out[i] = a.parentIndex < 0 ? plane[family].addr : out[a.parentIndex]! + (BigInt(a.slot) << s[a.depth]!);
    }
    built.set(key, out);
    return out;
  };
  return {
    planes,
    all,
    prefix(i, planeName, family) {
      const { plane, lengths, shifts } = byName.get(planeName)!;
      const len = lengths[family][allocations[i]!.depth]!;
      const cached = built.get(`${planeName}/${family}`);
      if (cached) return { addr: cached[i]!, len };
      const s = shifts[family];
      let addr = plane[family].addr;
      for (let a = allocations[i]!; a.parentIndex >= 0; a = allocations[a.parentIndex]!)
        addr += BigInt(a.slot) << s[a.depth]!;
      return { addr, len };
    },
  };
}
