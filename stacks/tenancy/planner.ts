/** The tenancy planner: every system's namespace on its cloud node, and departments' shared namespaces. */
import { namespaceOf, requestQuota, type Estate, type Quota, type SourcePosition } from "../../catalog/index.js";
import { sharedNamespace, type KubeObject } from "../../kube/index.js";
import type { PlannedObject, PlannedReservation, Planner, PlannerOutput, PlanOptions } from "../plan/types.js";
import { SHARED_QUOTA, sharedNamespaceObjects, tenantObjects, type TenantOptions } from "./objects.js";

/** One namespace the tenancy planner plans: where, its quota, and how to make its objects from that quota. */
interface Tenancy {
  readonly node: string;
  readonly namespace: string;
  readonly quota: Readonly<Quota>;
  readonly source: SourcePosition;
  readonly objects: (options: TenantOptions) => KubeObject[];
}

/** The namespaces of the estate (or of one node, or of some systems): each system's, then each shared one. */
function tenancies(estate: Estate, options: PlanOptions): Tenancy[] {
  const out: Tenancy[] = [];
  for (const r of estate.requests) {
    const node = r.doc.spec.cloud;
    if (options.node !== undefined && node !== options.node) continue;
    if (options.systems && !options.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) continue;
    const quota = requestQuota(r.doc, estate.index.offering);
    // The document's own position: locating a path inside it would parse its file again.
    out.push({
      node,
      namespace: namespaceOf(r.doc),
      quota,
      source: r.source,
      objects: (o) => tenantObjects(estate, r, { ...o, quota }),
    });
  }
  out.push(...sharedTenancies(estate, options));
  return out;
}

/** The departments' shared namespaces (each on its department's home node, with SHARED_QUOTA). */
function sharedTenancies(estate: Estate, options: PlanOptions): Tenancy[] {
  const out: Tenancy[] = [];
  for (const d of estate.departments) {
    if (!d.doc.spec.sharedNamespace) continue;
    const node = d.doc.spec.homeCloud;
    if (options.node !== undefined && node !== options.node) continue;
    // The shared namespace is labelled as system "shared" of the department.
    if (options.systems && !options.systems.has(`${d.doc.metadata.name}/shared`)) continue;
    out.push({
      node,
      namespace: sharedNamespace(d.doc.metadata.name),
      quota: SHARED_QUOTA,
      source: d.source,
      objects: (o) => sharedNamespaceObjects(estate, d, { ...o, quota: SHARED_QUOTA }),
    });
  }
  return out;
}

const reservation = (t: Tenancy): PlannedReservation => ({
  node: t.node,
  namespace: t.namespace,
  quota: t.quota,
  source: t.source,
});

/** What the tenancy planner's namespaces reserve, without planning their objects (for `validate`). */
export function tenancyReservations(estate: Estate, options: PlanOptions = {}): PlannedReservation[] {
  return tenancies(estate, options).map(reservation);
}

/**
 * What the departments' shared namespaces reserve (a part of `tenancyReservations`): load on their nodes
 * that no system placement moves, which DR pairing counts as committed before it places anything.
 */
export function sharedReservations(estate: Estate, options: PlanOptions = {}): PlannedReservation[] {
  return sharedTenancies(estate, options).map(reservation);
}

export function planTenancy(estate: Estate, options: PlanOptions = {}): PlannerOutput {
  const objects: PlannedObject[] = [];
  const tenant = options.podSecurityVersion !== undefined ? { podSecurityVersion: options.podSecurityVersion } : {};
  const list = tenancies(estate, options);
  for (const t of list)
    for (const object of t.objects(tenant)) objects.push({ node: t.node, object, source: t.source });
  return { objects, diagnostics: [], reservations: list.map(reservation) };
}

export const tenancyPlanner: Planner = { id: "tenancy", plan: planTenancy };
