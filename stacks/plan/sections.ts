/** The Plan: every cloud node's objects, the diagnostics of planning, and the planners' sections. */
import type { Diagnostic } from "../../catalog/index.js";
import type { DrSection } from "../dr/index.js";
import type { NetworkSummary } from "../network/index.js";
import type { NodePlan } from "./types.js";

/** Sections planners add beside the objects. A planner that has one adds its field here and returns it in `sections`. */
export interface PlanSections {
  /** The network's figures: address plan, cloud nodes addressed, backbone (stacks/network). */
  readonly network: NetworkSummary;
  /** Disaster recovery: pairs, site use and placement problems (stacks/dr). */
  readonly dr: DrSection;
}

export type Plan = {
  readonly estate: string;
  readonly nodes: readonly NodePlan[];
  readonly diagnostics: readonly Diagnostic[];
} & Partial<PlanSections>;
