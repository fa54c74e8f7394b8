/** The tenancy planner: every system's namespace on its cloud node, and departments' shared namespaces. */
import type { Estate } from "../../catalog/index.js";
import type { PlannedObject, Planner, PlannerOutput, PlanOptions } from "../plan/types.js";
import { sharedNamespaceObjects, tenantObjects } from "./objects.js";

export function planTenancy(estate: Estate, options: PlanOptions = {}): PlannerOutput {
  const objects: PlannedObject[] = [];
  const tenant = options.podSecurityVersion !== undefined ? { podSecurityVersion: options.podSecurityVersion } : {};
  for (const r of estate.requests) {
    const node = r.doc.spec.cloud;
    if (options.node !== undefined && node !== options.node) continue;
    if (options.systems && !options.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) continue;
    // The document's own position: locating a path inside it would parse its file again.
    const source = r.source;
    for (const object of tenantObjects(estate, r, tenant)) objects.push({ node, object, source });
  }
  for (const d of estate.departments) {
    if (!d.doc.spec.sharedNamespace) continue;
    const node = d.doc.spec.homeCloud;
    if (options.node !== undefined && node !== options.node) continue;
    // The shared namespace is labelled as system "shared" of the department.
    if (options.systems && !options.systems.has(`${d.doc.metadata.name}/shared`)) continue;
    const source = d.source;
    for (const object of sharedNamespaceObjects(estate, d, tenant)) objects.push({ node, object, source });
  }
  return { objects, diagnostics: [] };
}

export const tenancyPlanner: Planner = { id: "tenancy", plan: planTenancy };
