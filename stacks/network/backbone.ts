/**
 * The five-level backbone: links province <-> city and city <-> county with their bandwidth against the
 * targets of seed 002 (10 Gbit/s and 1 Gbit/s), and the coverage of every level: connected to the
 * province through the backbone, and IPv6-enabled on every plane (一网双平面).
 * A township or village is connected and IPv6-enabled on a plane when its county is and it has an
 * address block; a city or county when its link exists and carries IPv6 on that plane.
 */
import type { Estate } from "../../catalog/index.js";
import type { AddressPlan } from "./address-plan.js";
import { LEVELS, type Level } from "./tree.js";

/** Target bandwidth per link level (seed 002 §4): province <-> city 10 Gbit/s, city <-> county 1 Gbit/s. */
export const BACKBONE_TARGET_GBPS = { city: 10, county: 1 } as const;

export interface LinkReport {
  readonly from: string;
  readonly fromName: string;
  readonly to: string;
  readonly toName: string;
  /** The level of the link's lower end. */
  readonly level: "city" | "county";
  readonly bandwidthGbps: number;
  readonly targetGbps: number;
  readonly meetsTarget: boolean;
  /** Planes on which the link carries IPv6. */
  readonly ipv6Planes: readonly string[];
}

export interface LevelCoverage {
  readonly nodes: number;
  /** Nodes with an address block (all of them unless the plan is exhausted). */
  readonly addressed: number;
  readonly connected: number;
  /** Nodes IPv6-enabled, per plane. */
  readonly ipv6: Readonly<Record<string, number>>;
  /** Nodes IPv6-enabled on every plane. */
  readonly ipv6AllPlanes: number;
  /** Cities and counties: codes not connected, and codes lacking IPv6 on some plane. */
  readonly unconnected: readonly string[];
  readonly ipv6Missing: readonly string[];
}

export type Coverage = Readonly<Record<Level, LevelCoverage>>;

export interface BackboneReport {
  readonly links: readonly LinkReport[];
  readonly coverage: Coverage;
}

/** Reports per address plan: the network pack's rules and the summaries all ask for the same one. */
const reports = new WeakMap<AddressPlan, BackboneReport>();

/** Backbone links against their targets, and coverage per level (connected, IPv6 on every plane). */
export function backbone(estate: Estate, plan: AddressPlan): BackboneReport {
  let report = reports.get(plan);
  if (!report) {
    report = backboneReport(estate, plan);
    reports.set(plan, report);
  }
  return report;
}

/** Remembers a report for a plan (stacks/network/cached.ts restores one from the cache folder). */
export function rememberBackbone(plan: AddressPlan, report: BackboneReport): void {
  if (!reports.has(plan)) reports.set(plan, report);
}

function backboneReport(estate: Estate, plan: AddressPlan): BackboneReport {
  const planes = estate.network.doc.spec.planes.map((p) => p.name);
  const allocations = plan.ipam.allocations;
  const byCode = new Map(allocations.map((a, i) => [a.code, i]));
  const names = new Map(allocations.map((a) => [a.code, a.name]));
  const links: LinkReport[] = [];
  const linkTo = new Map<string, { from: string; ipv6: readonly string[] }>();
  for (const l of estate.network.doc.spec.backbone) {
    const to = byCode.get(l.to);
    const level =
      to === undefined
        ? l.from === estate.estate.doc.spec.province.code
          ? "city"
          : "county"
        : (allocations[to]!.level as "city" | "county");
    const target = BACKBONE_TARGET_GBPS[level] ?? BACKBONE_TARGET_GBPS.county;
    const ipv6Planes = l.ipv6 ? planes.filter((p) => l.ipv6!.includes(p)) : planes;
    links.push({
      from: l.from,
      fromName: names.get(l.from) ?? l.from,
      to: l.to,
      toName: names.get(l.to) ?? l.to,
      level,
      bandwidthGbps: l.bandwidthGbps,
      targetGbps: target,
      meetsTarget: l.bandwidthGbps >= target,
      ipv6Planes,
    });
    linkTo.set(l.to, { from: l.from, ipv6: ipv6Planes });
  }

  // One pass in tree order over flat arrays: a node inherits from its parent, which comes first.
  const n = allocations.length;
  const np = planes.length;
  const connected = new Uint8Array(n);
  const v6 = new Uint8Array(n * np); // v6[i * np + p]
  const depthOf = new Map(LEVELS.map((l, d) => [l, d]));
  const counts = LEVELS.map(() => ({
    addressed: 0,
    connected: 0,
    ipv6: new Array<number>(np).fill(0),
    ipv6AllPlanes: 0,
    unconnected: [] as string[],
    ipv6Missing: [] as string[],
  }));
  for (let i = 0; i < n; i++) {
    const a = allocations[i]!;
    const s = counts[depthOf.get(a.level)!]!;
    const linked = a.level === "city" || a.level === "county";
    const up = a.parentIndex;
    s.addressed++;
    if (up < 0) {
      connected[i] = 1;
      v6.fill(1, i * np, i * np + np);
    } else if (linked) {
      const link = linkTo.get(a.code);
      const ok = link !== undefined && link.from === a.parent && connected[up] === 1;
      connected[i] = ok ? 1 : 0;
      for (let p = 0; p < np; p++)
        v6[i * np + p] = ok && link!.ipv6.includes(planes[p]!) && v6[up * np + p] === 1 ? 1 : 0;
    } else {
      connected[i] = connected[up]!;
      v6.copyWithin(i * np, up * np, up * np + np);
    }
    if (connected[i]) s.connected++;
    else if (linked) s.unconnected.push(a.code);
    let all = true;
    for (let p = 0; p < np; p++) {
      if (v6[i * np + p]) s.ipv6[p]!++;
      else all = false;
    }
    if (all) s.ipv6AllPlanes++;
    else if (connected[i] && linked) s.ipv6Missing.push(a.code);
  }
  const stats = Object.fromEntries(
    LEVELS.map((l, d) => {
      const c = counts[d]!;
      return [
        l,
        { nodes: plan.tree.counts[l], ...c, ipv6: Object.fromEntries(planes.map((p, pi) => [p, c.ipv6[pi]!])) },
      ];
    }),
  );
  return { links, coverage: stats as unknown as Coverage };
}
