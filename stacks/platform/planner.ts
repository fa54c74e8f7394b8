/**
 * The platform planner: on every cloud node, the operators' own deployment (platformObjects, with the
 * monitoring objects it is given) and the govcloud.io CRDs. Each node is its own cluster, so the
 * cluster-scoped CRDs are planned once per node. It plans only when `options.platform` is given (the
 * inputs come from operators/ and dashboards/, above stacks/, so the top passes them in), and nothing
 * when the plan is limited to some systems (the platform belongs to none).
 */
import type { Estate } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import type { PlannedObject, Planner, PlanOptions } from "../plan/types.js";
import { platformObjects } from "./objects.js";

export const platformPlanner: Planner = {
  id: "platform",
  plan(estate: Estate, options: PlanOptions) {
    const inputs = options.platform;
    const objects: PlannedObject[] = [];
    if (!inputs || options.systems) return { objects, diagnostics: [] };
    for (const c of estate.clouds) {
      const node = c.doc.metadata.name;
      if (options.node !== undefined && node !== options.node) continue;
      for (const crd of inputs.crds ?? []) objects.push({ node, object: crd as KubeObject });
      const own = platformObjects({
        cloud: node,
        ...(inputs.image !== undefined ? { image: inputs.image } : {}),
        ...(inputs.monitoring ? { monitoring: inputs.monitoring } : {}),
      });
      for (const object of own) objects.push({ node, object });
    }
    return { objects, diagnostics: [] };
  },
};
