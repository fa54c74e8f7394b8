/**
 * The planners `planEstate` runs, in order. Each is a pure function of the Estate (stacks/plan/types.ts,
 * `Planner`); to add one, import it here and append it. Earlier planners win a collision.
 */
import { tenancyPlanner } from "../tenancy/index.js";
import { networkPlanner } from "../network/index.js";
import { drPlanner } from "../dr/index.js";
import { servicesPlanner } from "../services/index.js";
import { platformPlanner } from "../platform/index.js";
import { migrationPlanner } from "../migration/index.js";
import type { PlanSections } from "./sections.js";
import type { Planner } from "./types.js";

export const planners: Planner<Partial<PlanSections>>[] = [
  tenancyPlanner,
  networkPlanner,
  drPlanner,
  servicesPlanner,
  migrationPlanner,
  platformPlanner,
];
