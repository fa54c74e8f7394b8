/**
 * Quota admission of a ServiceInstance, before anything is created: what it asks (the offering's quota
 * terms) against what is left in its namespace's ResourceQuota and on its cloud node. What is taken is
 * counted from the other instances' `status.quota` (the operator's own book), so the answer does not
 * wait for the API server's quota controller, and pods created later never meet a full quota.
 */
import { QUOTA_RESOURCES, type Quota, type QuotaResource } from "../../catalog/index.js";
import { parseQuantity, roundMilli } from "../../kube/index.js";

/** The ResourceQuota key that limits each quota resource, and how to read it into the quota's unit. */
export const QUOTA_KEYS: Readonly<
  Record<QuotaResource, { readonly key: string; readonly unit: number; readonly name: string }>
> = {
  vcpu: { key: "requests.cpu", unit: 1, name: "vCPU" },
  memoryGiB: { key: "requests.memory", unit: 2 ** 30, name: "GiB of memory" },
  storageGiB: { key: "requests.storage", unit: 2 ** 30, name: "GiB of storage" },
  loadBalancers: { key: "services.loadbalancers", unit: 1, name: "load balancers" },
};

export interface QuotaShortfall {
  /** Where the limit is: the namespace's ResourceQuota or the cloud node's capacity. */
  readonly scope: string;
  readonly resource: QuotaResource;
  readonly asked: number;
  readonly left: number;
  readonly limit: number;
}

const round = roundMilli;

/** The hard limits of a ResourceQuota in the quota's units (a missing key: no limit). */
export function hardLimits(rq: { spec?: unknown } | undefined): Partial<Quota> {
  const hard = ((rq?.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
  const out: Partial<Quota> = {};
  for (const r of QUOTA_RESOURCES) {
    const v = hard[QUOTA_KEYS[r].key];
    if (v !== undefined) out[r] = parseQuantity(v) / QUOTA_KEYS[r].unit;
  }
  return out;
}

/**
 * The first resource where `asked` does not fit in `limit - taken`, or undefined when everything fits.
 * `asked` is what the change adds (a grown instance asks only its growth).
 */
export function shortfall(
  scope: string,
  asked: Readonly<Quota>,
  taken: Readonly<Quota>,
  limit: Partial<Quota>,
): QuotaShortfall | undefined {
  for (const r of QUOTA_RESOURCES) {
    const l = limit[r];
    if (l === undefined || asked[r] <= 0) continue;
    const left = round(l - taken[r]);
    if (asked[r] > left + 1e-9)
      return { scope, resource: r, asked: round(asked[r]), left: Math.max(0, left), limit: l };
  }
  return undefined;
}

/** "requests.cpu in ResourceQuota health-portal/govcloud-quota: asks 16 vCPU, 8 of 24 left". */
export function shortfallMessage(s: QuotaShortfall): string {
  const k = QUOTA_KEYS[s.resource];
  return `${k.key} in ${s.scope}: asks ${s.asked} ${k.name}, ${s.left} of ${s.limit} left`;
}
