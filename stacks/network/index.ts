/**
 * One network (一张网): the address plan of the five levels (IPAM as code), the zones and their flow
 * matrix, the exchange channels between networks, the backbone, and the network planner that turns
 * the matrix into NetworkPolicies. Pure functions over the Estate.
 */
import type { Diagnostic, Estate } from "../../catalog/index.js";
import { addressPlan, checkLedger } from "./address-plan.js";
import { backbone } from "./backbone.js";
import { checkFlows } from "./flows.js";

export { addressPlan, checkLedger, type AddressPlan, type AddressPlanOptions } from "./address-plan.js";
export { allocate, emptyLedger, formatRuns, parseRuns, sameLedger, levelBits, FAMILIES, WIDTH, HEADROOM_WARNING_SHARE } from "./ipam.js";
export type { Allocation, CloudAllocation, Family, IpamInput, IpamResult, LedgerChanges, LedgerData, NetworkSpec } from "./ipam.js";
export { contains, deriveAddresses, formatAddress, formatCidr, overlaps, parseCidr, parsePlanes, type AddressTable, type Cidr, type PlaneBase } from "./prefix.js";
export { divisionTree, walk, CHILD_LEVELS, LEVELS, type ChildLevel, type DivisionNode, type DivisionTree, type Level } from "./tree.js";
export { cloudRanges, type CloudRanges, type DualStack } from "./zones.js";
export { allowed, checkFlows, flowOf, isZone, networkOf, ENDPOINTS, ZONES, type Channel, type Endpoint, type Flow, type NetworkName } from "./flows.js";
export { backbone, BACKBONE_TARGET_GBPS, type Coverage, type LevelCoverage, type LinkReport } from "./backbone.js";
export { planNetwork, systemPolicies, zoneMemberLabel } from "./planner.js";
export { allocationRows, cloudRows, ipamReport, isLevel, type AllocationRow, type CloudRow, type IpamReport, type ReportFilter } from "./report.js";
export { ledgerYaml } from "./ledger-yaml.js";

/** Everything wrong with the estate's network: address plan inputs, exhaustion, ledger drift, flow matrix and channels. */
export function checkNetwork(estate: Estate): Diagnostic[] {
  const plan = addressPlan(estate);
  return [...plan.diagnostics, ...checkLedger(estate, plan), ...checkFlows(estate)];
}

/** Figures for `govcloud plan`'s summary. */
export interface NetworkSummary {
  readonly nodes: number;
  readonly prefixes: number;
  readonly cloudNodes: number;
  readonly linksBelowTarget: number;
  readonly links: number;
  readonly unconnected: number;
  readonly ipv6Missing: number;
}

export function networkSummary(estate: Estate): NetworkSummary {
  const plan = addressPlan(estate);
  const { links, coverage } = backbone(estate, plan);
  const levels = Object.values(coverage);
  return {
    nodes: plan.ipam.allocations.length,
    prefixes: plan.ipam.allocations.length * plan.table.planes.length * 2,
    cloudNodes: plan.clouds.length,
    links: links.length,
    linksBelowTarget: links.filter((l) => !l.meetsTarget).length,
    unconnected: levels.reduce((n, l) => n + l.nodes - l.connected, 0),
    ipv6Missing: levels.reduce((n, l) => n + l.nodes - l.ipv6AllPlanes, 0),
  };
}
