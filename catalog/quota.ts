/** What a request costs: the quota its services consume, from each offering's declarative quota terms. */
import type { DeepReadonly, Offering, OfferingQuotaTerm, SystemRequest } from "./model.js";

export const QUOTA_RESOURCES = ["vcpu", "memoryGiB", "storageGiB", "loadBalancers"] as const;
export type QuotaResource = (typeof QUOTA_RESOURCES)[number];
export type Quota = Record<QuotaResource, number>;

export const zeroQuota = (): Quota => ({ vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 });

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** A parameter's value; an omitted one takes the default of the offering's parameter schema, else 0. */
function num(
  params: Readonly<Record<string, unknown>>,
  name: string,
  defaults: Readonly<Record<string, unknown>>,
): number {
  const v = params[name] ?? defaults[name];
  return finite(v) ? v : 0;
}

export function termValue(
  term: DeepReadonly<OfferingQuotaTerm> | undefined,
  params: Readonly<Record<string, unknown>>,
  defaults: Readonly<Record<string, unknown>> = {},
): number {
  if (term === undefined) return 0;
  if (typeof term === "number") return term;
  const base = num(params, term.param, defaults) * (term.times !== undefined ? num(params, term.times, defaults) : 1);
  return base * (term.factor ?? 1);
}

const defaultsCache = new WeakMap<object, Readonly<Record<string, number>>>();

/** The numeric defaults of an offering's parameter schema (properties.<name>.default). */
export function parameterDefaults(offering: DeepReadonly<Offering>): Readonly<Record<string, number>> {
  const cached = defaultsCache.get(offering);
  if (cached) return cached;
  const props = (offering.spec.parameters as { properties?: Record<string, { default?: unknown }> }).properties ?? {};
  const defaults = Object.fromEntries(
    Object.entries(props).flatMap(([k, p]) => (finite(p?.default) ? [[k, p.default]] : [])),
  );
  defaultsCache.set(offering, defaults);
  return defaults;
}

/** Quota one service entry consumes; a parameter the request omits counts at its schema default. */
export function serviceQuota(offering: DeepReadonly<Offering>, params: Readonly<Record<string, unknown>>): Quota {
  const q = zeroQuota();
  const defaults = parameterDefaults(offering);
  for (const r of QUOTA_RESOURCES) q[r] = termValue(offering.spec.quota[r], params, defaults);
  return q;
}

export function addQuota(into: Quota, q: Readonly<Quota>): Quota {
  for (const r of QUOTA_RESOURCES) into[r] += q[r];
  return into;
}

/**
 * Quotas worked out, by request document and the offerings they were worked out with (both are never
 * changed once loaded): the loader's capacity check, the tenancy and DR planners, DR pairing and the
 * summary all ask for the same request's quota, several times a run.
 */
const quotas = new WeakMap<object, { readonly offerings: object; readonly quota: Readonly<Quota> }>();

/** Quota a whole request consumes; services whose offering is unknown count as zero. A new object each call. */
export function requestQuota(
  request: DeepReadonly<SystemRequest>,
  offerings: ReadonlyMap<string, { readonly doc: DeepReadonly<Offering> }>,
): Quota {
  const known = quotas.get(request);
  if (known !== undefined && known.offerings === offerings) return { ...known.quota };
  const total = zeroQuota();
  for (const s of request.spec.services) {
    const o = offerings.get(s.offering);
    if (o) addQuota(total, serviceQuota(o.doc, s.params as Record<string, unknown>));
  }
  quotas.set(request, { offerings, quota: { ...total } });
  return total;
}

/**
 * A namespace's quota as its cloud node reserves it. `standbyFor`: the namespace is a warm standby
 * (温备) that takes the system's load when that node fails.
 */
export interface Reservation {
  readonly namespace: string;
  readonly quota: Readonly<Quota>;
  readonly standbyFor?: string;
}

/**
 * What a node's reservations add up to. Every namespace's quota counts in full, but a warm standby's
 * vCPU and memory: its storage is reserved in full (the replicated data lives there at all times), its
 * compute only once per failure, because standbys for different nodes never take over together. The
 * node keeps room for the largest group of standbys one node's failure wakes, not for their sum (a
 * convention of this project, derived from the single-failure assumption of docs/dr.md).
 */
export function reservedQuota(reservations: Iterable<Reservation>): Quota {
  const total = zeroQuota();
  const wakes = new Map<string, { vcpu: number; memoryGiB: number }>();
  for (const r of reservations) {
    total.storageGiB += r.quota.storageGiB;
    total.loadBalancers += r.quota.loadBalancers;
    if (r.standbyFor === undefined) {
      total.vcpu += r.quota.vcpu;
      total.memoryGiB += r.quota.memoryGiB;
      continue;
    }
    const w = wakes.get(r.standbyFor) ?? { vcpu: 0, memoryGiB: 0 };
    w.vcpu += r.quota.vcpu;
    w.memoryGiB += r.quota.memoryGiB;
    wakes.set(r.standbyFor, w);
  }
  total.vcpu += Math.max(0, ...[...wakes.values()].map((w) => w.vcpu));
  total.memoryGiB += Math.max(0, ...[...wakes.values()].map((w) => w.memoryGiB));
  return total;
}
