/**
 * What `govcloud ipam` shows: the allocations (one row per node, plane and family), the cloud nodes'
 * zone ranges and exits, the backbone links and the coverage per level. Plain data; bin/ formats it.
 */
import type { Estate } from "../../catalog/index.js";
import { addressPlan, type AddressPlan } from "./address-plan.js";
import { backbone, type Coverage, type LinkReport } from "./backbone.js";
import { FAMILIES, type Family, type IpamResult } from "./ipam.js";
import { depthLength, formatCidr } from "./prefix.js";
import { LEVELS, type Level } from "./tree.js";

export interface AllocationRow {
  readonly level: Level;
  readonly code: string;
  readonly name: string;
  /** Parent code; empty for the province. */
  readonly parent: string;
  readonly plane: string;
  readonly family: Family;
  readonly prefix: string;
}

export interface CloudRow {
  readonly cloud: string;
  readonly division: string;
  readonly plane: string;
  readonly family: Family;
  readonly block: string;
  readonly zones: Readonly<Record<string, string>>;
  readonly gateway: string;
  readonly reverseProxy: string;
}

export interface IpamReport {
  readonly allocations: readonly AllocationRow[];
  readonly clouds: readonly CloudRow[];
  readonly links: readonly LinkReport[];
  readonly coverage: Coverage;
  readonly capacity: IpamResult["capacity"];
}

export interface ReportFilter {
  /** Only nodes of this level. */
  readonly level?: Level;
  /** Only this node and the nodes below it. */
  readonly code?: string;
}

export function isLevel(s: string): s is Level {
  return (LEVELS as readonly string[]).includes(s);
}

/** Every allocation row matching the filter, in tree order; planes and families in the Network's order. */
export function allocationRows(plan: AddressPlan, filter: ReportFilter = {}): AllocationRow[] {
  const { allocations } = plan.ipam;
  const inside = new Uint8Array(allocations.length);
  const rows: AllocationRow[] = [];
  const columns = plan.table.planes.flatMap((p) =>
    FAMILIES.map((family) => ({
      plane: p.name,
      family,
      addresses: plan.table.all(p.name, family),
      len: (d: number) => depthLength(plan.network, p, family, d),
    })),
  );
  for (let i = 0; i < allocations.length; i++) {
    const a = allocations[i]!;
    inside[i] =
      filter.code === undefined || a.code === filter.code || (a.parentIndex >= 0 && inside[a.parentIndex] === 1)
        ? 1
        : 0;
    if (!inside[i] || (filter.level !== undefined && a.level !== filter.level)) continue;
    for (const c of columns) {
      rows.push({
        level: a.level,
        code: a.code,
        name: a.name,
        parent: a.parent ?? "",
        plane: c.plane,
        family: c.family,
        prefix: formatCidr(c.family, { addr: c.addresses[i]!, len: c.len(a.depth) }),
      });
    }
  }
  return rows;
}

export function cloudRows(plan: AddressPlan): CloudRow[] {
  const rows: CloudRow[] = [];
  for (const c of plan.clouds) {
    for (const plane of plan.table.planes) {
      for (const family of FAMILIES) {
        const zones: Record<string, string> = {};
        for (const [z, perPlane] of c.zones) zones[z] = formatCidr(family, perPlane.get(plane.name)![family]);
        const gw = c.gateway.get(plane.name);
        const rp = c.reverseProxy.get(plane.name);
        rows.push({
          cloud: c.cloud,
          division: c.division,
          plane: plane.name,
          family,
          block: formatCidr(family, c.block.get(plane.name)![family]),
          zones,
          gateway: gw ? formatCidr(family, gw[family]) : "",
          reverseProxy: rp ? formatCidr(family, rp[family]) : "",
        });
      }
    }
  }
  return rows;
}

export function ipamReport(
  estate: Estate,
  filter: ReportFilter = {},
  plan: AddressPlan = addressPlan(estate),
): IpamReport {
  const { links, coverage } = backbone(estate, plan);
  const codeFilter = filter.code;
  return {
    allocations: allocationRows(plan, filter),
    clouds:
      codeFilter === undefined
        ? cloudRows(plan)
        : cloudRows(plan).filter((r) => r.division === codeFilter || r.cloud === codeFilter),
    links: codeFilter === undefined ? links : links.filter((l) => l.from === codeFilter || l.to === codeFilter),
    coverage,
    capacity: plan.ipam.capacity,
  };
}
