/** What a request costs: the quota its services consume, from each offering's declarative quota terms. */
import type { DeepReadonly, Offering, OfferingQuotaTerm, SystemRequest } from "./model.js";

export const QUOTA_RESOURCES = ["vcpu", "memoryGiB", "storageGiB", "loadBalancers"] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type Quota = Record<QuotaResource, number>;

export const zeroQuota = (): Quota => ({ vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 });

function num(params: Readonly<Record<string, unknown>>, name: string): number {
  const v = params[name];
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

export function termValue(term: DeepReadonly<OfferingQuotaTerm> | undefined, params: Readonly<Record<string, unknown>>): number {
  if (term === undefined) return 0;
  if (typeof term === "number") return term;
  const base = num(params, term.param) * (term.times !== undefined ? num(params, term.times) : 1);
  return base * (term.factor ?? 1);
}

/** Quota one service entry consumes. */
export function serviceQuota(offering: DeepReadonly<Offering>, params: Readonly<Record<string, unknown>>): Quota {
  const q = zeroQuota();
  for (const r of QUOTA_RESOURCES) q[r] = termValue(offering.spec.quota[r], params);
  return q;
}

export function addQuota(into: Quota, q: Readonly<Quota>): Quota {
  for (const r of QUOTA_RESOURCES) into[r] += q[r];
  return into;
}

/** Quota a whole request consumes; services whose offering is unknown count as zero. */
export function requestQuota(
  request: DeepReadonly<SystemRequest>,
  offerings: ReadonlyMap<string, { readonly doc: DeepReadonly<Offering> }>,
): Quota {
  const total = zeroQuota();
  for (const s of request.spec.services) {
    const o = offerings.get(s.offering);
    if (o) addQuota(total, serviceQuota(o.doc, s.params as Record<string, unknown>));
  }
  return total;
}
