/** The network section of the Plan: figures of the address plan and the backbone for `govcloud plan`'s summary. */
import type { Estate } from "../../catalog/index.js";
import { addressPlan, type AddressPlan } from "./address-plan.js";
import { backbone } from "./backbone.js";

export interface NetworkSummary {
  /** Divisions with an address block (province to villages). */
  readonly nodes: number;
  /** Their prefixes: nodes x planes x 2 families. */
  readonly prefixes: number;
  readonly planes: readonly string[];
  /** Cloud nodes with zone ranges and a unified exit. */
  readonly cloudNodes: number;
  readonly links: number;
  readonly linksBelowTarget: number;
  /** Divisions not connected to the province through the backbone. */
  readonly unconnected: number;
  /** Divisions without IPv6 on every plane. */
  readonly ipv6Missing: number;
}

export function networkSummary(estate: Estate, plan: AddressPlan = addressPlan(estate)): NetworkSummary {
  const { links, coverage } = backbone(estate, plan);
  const levels = Object.values(coverage);
  return {
    nodes: plan.ipam.allocations.length,
    prefixes: plan.ipam.allocations.length * plan.table.planes.length * 2,
    planes: plan.table.planes.map((p) => p.name),
    cloudNodes: plan.clouds.length,
    links: links.length,
    linksBelowTarget: links.filter((l) => !l.meetsTarget).length,
    unconnected: levels.reduce((n, l) => n + l.nodes - l.connected, 0),
    ipv6Missing: levels.reduce((n, l) => n + l.nodes - l.ipv6AllPlanes, 0),
  };
}
