/**
 * The services planner: one ServiceInstance per service of every request, in the system's namespace on
 * its cloud node. The claims go out through every engine, so GitOps users apply the same claims that
 * `govcloud plan` shows; the service-catalogue operator (operators/catalog) realises them in the cluster.
 */
import { namespaceOf, type Estate, type Loaded, type SystemRequest } from "../../catalog/index.js";
import { zoneLabel } from "../tenancy/index.js";
import { LABELS, type KubeObject } from "../../kube/index.js";
import type { PlannedObject, Planner, PlannerOutput, PlanOptions } from "../plan/types.js";
import { exitPolicyOf, INSTANCE_LABELS, SERVICE_INSTANCE_API_VERSION, SERVICE_INSTANCE_KIND } from "./realise.js";

/** The ServiceInstance claims of one request, in the order of its services. */
export function serviceInstances(estate: Estate, request: Loaded<SystemRequest>): KubeObject[] {
  const r = request.doc;
  const namespace = namespaceOf(r);
  const labels: Record<string, string> = {
    [LABELS.department]: r.spec.department,
    [LABELS.system]: r.metadata.name,
    [LABELS.cloud]: r.spec.cloud,
    [LABELS.zone]: r.spec.zones[0]!,
    [LABELS.mlpsLevel]: String(r.spec.mlpsLevel),
    [LABELS.dataLevel]: r.spec.dataLevel,
    [LABELS.managedBy]: "govcloud",
  };
  for (const z of r.spec.zones) labels[zoneLabel(z)] = "true";
  return r.spec.services.map((s) => {
    const category = estate.index.offering.get(s.offering)?.doc.spec.category ?? "";
    return {
      apiVersion: SERVICE_INSTANCE_API_VERSION,
      kind: SERVICE_INSTANCE_KIND,
      metadata: { name: s.name, namespace, labels: { ...labels, [INSTANCE_LABELS.offering]: s.offering } },
      spec: {
        system: r.metadata.name,
        department: r.spec.department,
        offering: s.offering,
        params: s.params,
        exitPolicy: exitPolicyOf(category),
      },
    };
  });
}

export function planServices(estate: Estate, options: PlanOptions = {}): PlannerOutput {
  const objects: PlannedObject[] = [];
  for (const r of estate.requests) {
    const node = r.doc.spec.cloud;
    if (options.node !== undefined && node !== options.node) continue;
    if (options.systems && !options.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) continue;
    for (const object of serviceInstances(estate, r)) objects.push({ node, object, source: r.source });
  }
  return { objects, diagnostics: [] };
}

export const servicesPlanner: Planner = { id: "services", kinds: ["ServiceInstance"], plan: planServices };
