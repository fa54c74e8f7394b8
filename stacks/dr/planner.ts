/** The DR planner: standby and active namespaces on partner nodes, Velero schedules and locations, and the DR section of the Plan. */
import { tenantObjects } from "../tenancy/index.js";
import { addressPlan, systemPolicies } from "../network/index.js";
import type { Planner } from "../plan/types.js";
import { drObjects } from "./objects.js";
import { drPlan } from "./plan.js";
import type { Pair, SiteUse, Issue } from "./pairing.js";

/** The DR section of the Plan: every pair, every site's use, and what could not be placed. */
export interface DrSection {
  readonly pairs: readonly Pair[];
  readonly sites: readonly SiteUse[];
  readonly issues: readonly Issue[];
}

export const drPlanner: Planner<{ readonly dr: DrSection }> = {
  id: "dr",
  plan(estate, options) {
    const plan = drPlan(estate);
    const addresses = addressPlan(estate);
    // A DR copy is the system's tenant namespace and its network allow rules, as on the partner node,
    // so that a failover finds the same isolation and the same reachable peers there.
    const { objects, diagnostics, reservations } = drObjects(
      estate,
      plan,
      (e, request, o) => [
        ...tenantObjects(e, request, {
          ...o,
          ...(options.podSecurityVersion !== undefined ? { podSecurityVersion: options.podSecurityVersion } : {}),
        }),
        ...systemPolicies(e, request, { node: o.node }, addresses),
      ],
      options.node,
      options.systems,
    );
    const { pairs, sites, issues } = plan.pairing;
    return {
      objects,
      diagnostics: [...plan.diagnostics, ...diagnostics],
      reservations,
      sections: { dr: { pairs, sites, issues } },
    };
  },
};
