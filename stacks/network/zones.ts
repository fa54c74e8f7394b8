/**
 * Zones (公用网络区, 专用网络区, 互联网接入区) and the address ranges of each cloud node, derived from the
 * address plan rather than declared: a node's block is its ledger slot inside its division's local
 * block (slot 0 of the division), split into one block per zone by the zone's `block` index. The
 * node's unified internet exit and reverse proxy are fixed host numbers of its internet-access range.
 * So nothing about a node's addresses is written twice, and a new node gets its ranges from the
 * ledger like a new county does.
 */
import { diagnostic, type Diagnostic, type SourcePosition, type Zone } from "../../catalog/index.js";
import { FAMILIES, WIDTH, type Family, type IpamResult, type NetworkSpec } from "./ipam.js";
import { depthLength, type AddressTable, type Cidr } from "./prefix.js";

export type DualStack = Readonly<Record<Family, Cidr>>;

export interface CloudRanges {
  readonly cloud: string;
  readonly division: string;
  /** The node's whole block, per plane. */
  readonly block: ReadonlyMap<string, DualStack>;
  /** Per zone, per plane. */
  readonly zones: ReadonlyMap<Zone, ReadonlyMap<string, DualStack>>;
  /** The unified internet exit (统一互联网出口) per plane: single addresses (/32, /128). */
  readonly gateway: ReadonlyMap<string, DualStack>;
  /** The reverse proxy per plane: single addresses. */
  readonly reverseProxy: ReadonlyMap<string, DualStack>;
}

/** Checks the zone definitions, cloud blocks and exit host numbers against the address plan. */
export function checkZoneAddressing(
  network: NetworkSpec,
  table: AddressTable,
  at: (path: readonly (string | number)[]) => SourcePosition,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const zones = network.zones ?? [];
  const blocks = network.cloudBlocks;
  if (zones.length > 0 && !blocks) {
    out.push(
      diagnostic(
        at(["spec", "zones"]),
        "zone-addressing-missing",
        "the zones have no address ranges: the network has no cloudBlocks",
        "add cloudBlocks: { nodeBits: 4, zoneBits: 2 }",
      ),
    );
  }
  if (zones.length > 0 && !network.internetExit) {
    out.push(
      diagnostic(
        at(["spec", "zones"]),
        "zone-addressing-missing",
        "the network declares no internetExit: cloud nodes would have no unified internet exit",
        "add internetExit: { gatewayHost: 1, reverseProxyHost: 2 }",
      ),
    );
  }
  const names = new Map<string, number>();
  const used = new Map<number, number>();
  zones.forEach((z, i) => {
    if (names.has(z.name))
      out.push(
        diagnostic(
          at(["spec", "zones", i, "name"]),
          "duplicate-name",
          `zone "${z.name}" is defined twice`,
          "define each zone once",
        ),
      );
    names.set(z.name, i);
    if (used.has(z.block)) {
      out.push(
        diagnostic(
          at(["spec", "zones", i, "block"]),
          "zone-block-taken",
          `block ${z.block} is already zone ${zones[used.get(z.block)!]!.name}'s`,
          "give every zone its own block index",
        ),
      );
    }
    used.set(z.block, i);
    if (blocks && z.block >= 2 ** blocks.zoneBits) {
      out.push(
        diagnostic(
          at(["spec", "zones", i, "block"]),
          "zone-block-range",
          `block ${z.block} does not fit in ${blocks.zoneBits} zone bits (0-${2 ** blocks.zoneBits - 1})`,
          "use a smaller block index, or more cloudBlocks.zoneBits",
        ),
      );
    }
  });
  if (!blocks) return out;
  for (const plane of table.planes) {
    for (const family of FAMILIES) {
      for (const depth of [0, 1]) {
        const zoneLen = depthLength(network, plane, family, depth + 1) + blocks.nodeBits + blocks.zoneBits;
        const hosts = 2 ** Math.min(40, WIDTH[family] - zoneLen);
        const last = family === "ipv4" ? hosts - 2 : hosts - 1;
        if (zoneLen > WIDTH[family]) {
          out.push(
            diagnostic(
              at(["spec", "cloudBlocks"]),
              "zone-block-too-small",
              `a ${depth === 0 ? "provincial" : "city"} cloud node's zone block would be a /${zoneLen} (${family}, plane ${plane.name})`,
              "use fewer cloudBlocks bits, or shorter prefix lengths",
            ),
          );
          continue;
        }
        const exit = network.internetExit;
        for (const key of ["gatewayHost", "reverseProxyHost"] as const) {
          if (exit && exit[key] > last) {
            out.push(
              diagnostic(
                at(["spec", "internetExit", key]),
                "zone-host-range",
                `host ${exit[key]} is outside a /${zoneLen} zone range (${family}, plane ${plane.name}: hosts 1-${last})`,
                "use a smaller host number",
              ),
            );
          }
        }
      }
    }
  }
  if (network.internetExit && network.internetExit.gatewayHost === network.internetExit.reverseProxyHost) {
    out.push(
      diagnostic(
        at(["spec", "internetExit", "reverseProxyHost"]),
        "zone-host-range",
        "the reverse proxy and the gateway have the same host number",
        "give them different host numbers",
      ),
    );
  }
  return out;
}

/** The address ranges of every allocated cloud node. */
export function cloudRanges(network: NetworkSpec, ipam: IpamResult, table: AddressTable): CloudRanges[] {
  const blocks = network.cloudBlocks;
  if (!blocks) return [];
  const exit = network.internetExit;
  const internetBlock = network.zones?.find((z) => z.name === "internet-access")?.block;
  return ipam.clouds.map((c) => {
    const division = ipam.allocations[c.divisionIndex]!;
    const block = new Map<string, DualStack>();
    const zones = new Map<Zone, Map<string, DualStack>>();
    const gateway = new Map<string, DualStack>();
    const reverseProxy = new Map<string, DualStack>();
    for (const plane of table.planes) {
      const node = {} as Record<Family, Cidr>;
      const zoneCidrs = new Map<Zone, Record<Family, Cidr>>();
      const gw = {} as Record<Family, Cidr>;
      const rp = {} as Record<Family, Cidr>;
      for (const family of FAMILIES) {
        const base = table.prefix(c.divisionIndex, plane.name, family).addr;
        const nodeLen = depthLength(network, plane, family, division.depth + 1) + blocks.nodeBits;
        const nodeAddr = base + (BigInt(c.slot) << BigInt(WIDTH[family] - nodeLen));
        node[family] = { addr: nodeAddr, len: nodeLen };
        const zoneLen = nodeLen + blocks.zoneBits;
        for (const z of network.zones ?? []) {
          const r = zoneCidrs.get(z.name) ?? ({} as Record<Family, Cidr>);
          r[family] = { addr: nodeAddr + (BigInt(z.block) << BigInt(WIDTH[family] - zoneLen)), len: zoneLen };
          zoneCidrs.set(z.name, r);
        }
        if (exit && internetBlock !== undefined) {
          const ia = nodeAddr + (BigInt(internetBlock) << BigInt(WIDTH[family] - zoneLen));
          gw[family] = { addr: ia + BigInt(exit.gatewayHost), len: WIDTH[family] };
          rp[family] = { addr: ia + BigInt(exit.reverseProxyHost), len: WIDTH[family] };
        }
      }
      block.set(plane.name, node);
      for (const [z, r] of zoneCidrs) zones.set(z, (zones.get(z) ?? new Map()).set(plane.name, r));
      if (gw.ipv4) {
        gateway.set(plane.name, gw);
        reverseProxy.set(plane.name, rp);
      }
    }
    return { cloud: c.cloud, division: c.division, block, zones, gateway, reverseProxy };
  });
}
