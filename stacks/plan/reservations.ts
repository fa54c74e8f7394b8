/**
 * What the Plan reserves on each cloud node, as numbers: every planned namespace's quota (the numbers its
 * ResourceQuota is written from, never parsed back from the quantities), summed by the one convention of
 * `reservedQuota` (catalog/quota.ts: warm standbys' storage in full, their compute once per worst single
 * failure), beside the node's capacity. `planEstate` and `validate` both judge a node by these figures.
 */
import { diagnostic, reservedQuota, type Diagnostic, type Estate } from "../../catalog/index.js";
import { apiGroup, roundMilli, type KubeObject } from "../../kube/index.js";
import { drPlan, drReservations } from "../dr/index.js";
import { tenancyReservations } from "../tenancy/index.js";
import { onCloudEstate } from "./on-cloud.js";
import type { NodeTotals, PlannedReservation, PlanOptions } from "./types.js";

/** A cloud node's capacity as the totals show it (storage in GiB). */
export const nodeCapacity = (capacity: {
  readonly vcpu: number;
  readonly memoryGiB: number;
  readonly storageTiB: number;
}): NodeTotals["capacity"] => ({
  vcpu: capacity.vcpu,
  memoryGiB: capacity.memoryGiB,
  storageGiB: capacity.storageTiB * 1024,
});

/** A node's figures: its namespaces and objects counted, its reservations summed, its capacity. */
export function nodeTotals(
  objects: readonly KubeObject[],
  reservations: readonly PlannedReservation[],
  capacity: { readonly vcpu: number; readonly memoryGiB: number; readonly storageTiB: number },
): NodeTotals {
  let namespaces = 0;
  for (const o of objects) if (o.kind === "Namespace" && apiGroup(o.apiVersion) === "") namespaces++;
  const q = reservedQuota(reservations);
  return {
    namespaces,
    objects: objects.length,
    requested: {
      vcpu: roundMilli(q.vcpu),
      memoryGiB: roundMilli(q.memoryGiB),
      storageGiB: roundMilli(q.storageGiB),
      loadBalancers: q.loadBalancers,
    },
    capacity: nodeCapacity(capacity),
  };
}

/**
 * What the Plan's namespaces reserve, per node, without planning their objects: the tenancy planner's
 * namespaces and the DR planner's copies, from the same functions those planners use, over the same
 * systems `planEstate` plans (`onCloudEstate`: systems not on the cloud reserve nothing).
 */
export function plannedReservations(whole: Estate, options: PlanOptions = {}): Map<string, PlannedReservation[]> {
  const estate = onCloudEstate(whole);
  const out = new Map<string, PlannedReservation[]>();
  const all = [
    ...tenancyReservations(estate, options),
    ...drReservations(estate, drPlan(estate), options.node, options.systems),
  ];
  for (const r of all) {
    const list = out.get(r.node) ?? [];
    list.push(r);
    out.set(r.node, list);
  }
  return out;
}

/**
 * The `node-over-capacity` errors of an estate's plan, computed without planning objects (what `validate`
 * reports): a node whose planned reservations, standbys included, exceed its capacity.
 */
export function capacityProblems(estate: Estate): Diagnostic[] {
  const reservations = plannedReservations(estate);
  return estate.clouds.flatMap((c) => {
    const node = c.doc.metadata.name;
    const list = reservations.get(node) ?? [];
    return overCapacity(estate, node, nodeTotals([], list, c.doc.spec.capacity), list);
  });
}

const RESOURCES = [
  ["vcpu", "vcpu", 1, "vCPU"],
  ["memoryGiB", "memoryGiB", 1, "GiB memory"],
  ["storageGiB", "storageTiB", 1024, "TiB storage"],
] as const;

/**
 * A node whose planned reservations (its tenants' quotas, its standbys' storage and the room kept for
 * the worst single failure, see `reservedQuota`) exceed its capacity: an error at the node's capacity,
 * with the figures, naming the namespaces that fill it, largest first.
 */
export function overCapacity(
  estate: Estate,
  node: string,
  totals: NodeTotals,
  reservations: readonly PlannedReservation[],
): Diagnostic[] {
  const cloud = estate.index.cloud.get(node);
  if (!cloud) return [];
  const out: Diagnostic[] = [];
  const r = (x: number) => +x.toFixed(1);
  for (const [res, field, scale, label] of RESOURCES) {
    const requested = totals.requested[res];
    const capacity = totals.capacity[res];
    if (requested <= capacity + 1e-6) continue;
    const largest = reservations
      .map((x) => ({ ns: x.namespace, q: x.quota[res] / scale }))
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q || (a.ns < b.ns ? -1 : 1))
      .slice(0, 5);
    out.push(
      diagnostic(
        cloud.locate(["spec", "capacity", field]),
        "node-over-capacity",
        `the plan reserves ${r(requested / scale)} ${label} on ${node}, more than its capacity of ${r(capacity / scale)} (${Math.round((requested / capacity) * 100)}%)`,
        `the largest: ${largest.map((x) => `${x.ns} (${r(x.q)})`).join(", ")}; move systems or standbys to another node, or add capacity`,
      ),
    );
  }
  return out;
}
