/**
 * One network (一张网): the address plan of the five levels (IPAM as code), the zones and their flow
 * matrix, the exchange channels between networks, the backbone, and the network planner that turns
 * the matrix into NetworkPolicies. Pure functions over the Estate.
 */
import type { Diagnostic, Estate } from "../../catalog/index.js";
import { addressPlan, checkLedger } from "./address-plan.js";
import { checkFlows } from "./flows.js";

export { addressPlan, checkLedger, type AddressPlan, type AddressPlanOptions } from "./address-plan.js";
export { addressPlanData, addressPlanKey, restoreAddressPlan, type AddressPlanData } from "./cached.js";
export {
  allocate,
  emptyLedger,
  formatRuns,
  parseRuns,
  sameLedger,
  levelBits,
  FAMILIES,
  WIDTH,
  HEADROOM_WARNING_SHARE,
} from "./ipam.js";
export type {
  Allocation,
  CloudAllocation,
  Family,
  IpamInput,
  IpamResult,
  LedgerChanges,
  LedgerData,
  NetworkSpec,
} from "./ipam.js";
export {
  contains,
  deriveAddresses,
  formatAddress,
  formatCidr,
  overlaps,
  parseCidr,
  parsePlanes,
  type AddressTable,
  type Cidr,
  type PlaneBase,
} from "./prefix.js";
export {
  divisionTree,
  walk,
  CHILD_LEVELS,
  LEVELS,
  type ChildLevel,
  type DivisionNode,
  type DivisionTree,
  type Level,
} from "./tree.js";
export { cloudRanges, type CloudRanges, type DualStack } from "./zones.js";
export {
  allowed,
  checkFlows,
  flowOf,
  isZone,
  networkOf,
  ENDPOINTS,
  ZONES,
  type Channel,
  type Endpoint,
  type Flow,
  type NetworkName,
} from "./flows.js";
export {
  backbone,
  BACKBONE_TARGET_GBPS,
  type BackboneReport,
  type Coverage,
  type LevelCoverage,
  type LinkReport,
} from "./backbone.js";
export { networkPlanner, planNetwork, systemPolicies, zoneMemberLabel } from "./planner.js";
export { networkSummary, type NetworkSummary } from "./summary.js";
export {
  allocationRows,
  cloudRows,
  ipamReport,
  isLevel,
  type AllocationRow,
  type CloudRow,
  type IpamReport,
  type ReportFilter,
} from "./report.js";
export { ledgerYaml } from "./ledger-yaml.js";

/** Everything wrong with the estate's network: address plan inputs, exhaustion, ledger drift, flow matrix and channels. */
export function checkNetwork(estate: Estate): Diagnostic[] {
  const plan = addressPlan(estate);
  return [...plan.diagnostics, ...checkLedger(estate, plan), ...checkFlows(estate)];
}
