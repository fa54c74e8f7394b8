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

/** Quota in whole millionths, so that sums and differences over thousands of instances stay exact. */
const SCALE = 1_000_000;
const scaled = (q: Readonly<Quota>): number[] => QUOTA_RESOURCES.map((r) => Math.round(q[r] * SCALE));

interface BookEntry {
  readonly namespace: string;
  readonly node: string | undefined;
  /** What the instance holds by its status (`status.quota`; nothing once Released), scaled. */
  held: number[];
}

/**
 * What the instances hold, by namespace and by cloud node: the admission's book, kept from the changes
 * of the ServiceInstance cache (`observe`) and the grants of this replica (`grant`), so a reconcile asks
 * for a total instead of summing every instance of the node (quadratic over a cold start). An instance
 * counts with what this replica granted it when there is a grant (the cache may not show it yet), else
 * with its status; only instances in the cache count.
 */
export class QuotaBook {
  private readonly entries = new Map<string, BookEntry>();
  private readonly grants = new Map<string, number[]>();
  private readonly byNamespace = new Map<string, number[]>();
  private readonly byNode = new Map<string, number[]>();

  private contribution(key: string, e: BookEntry): number[] {
    return this.grants.get(key) ?? e.held;
  }

  private add(e: BookEntry, q: readonly number[], sign: 1 | -1): void {
    const bump = (m: Map<string, number[]>, id: string) => {
      let t = m.get(id);
      if (!t) m.set(id, (t = QUOTA_RESOURCES.map(() => 0)));
      for (let i = 0; i < t.length; i++) t[i]! += sign * q[i]!;
    };
    bump(this.byNamespace, e.namespace);
    if (e.node !== undefined) bump(this.byNode, e.node);
  }

  /** The instance as the cache shows it now: its namespace, node and what its status holds. */
  observe(key: string, namespace: string, node: string | undefined, held: Readonly<Quota>): void {
    this.forget(key);
    const e: BookEntry = { namespace, node, held: scaled(held) };
    this.entries.set(key, e);
    this.add(e, this.contribution(key, e), 1);
  }

  /** The instance left the cache. Its grant stays until `ungrant` (it may come back, as a relist shows). */
  forget(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    this.add(e, this.contribution(key, e), -1);
    this.entries.delete(key);
  }

  /** This replica granted `q` to the instance (it counts with that from now on). */
  grant(key: string, q: Readonly<Quota>): void {
    const e = this.entries.get(key);
    if (e) this.add(e, this.contribution(key, e), -1);
    this.grants.set(key, scaled(q));
    if (e) this.add(e, this.contribution(key, e), 1);
  }

  /** The grant is over (released, gone): the instance counts with its status again. */
  ungrant(key: string): void {
    if (!this.grants.has(key)) return;
    const e = this.entries.get(key);
    if (e) this.add(e, this.contribution(key, e), -1);
    this.grants.delete(key);
    if (e) this.add(e, this.contribution(key, e), 1);
  }

  /** What the instances of the namespace (or of the node) hold, `except` the one being admitted. */
  taken(scope: { readonly namespace: string } | { readonly node: string }, except?: string): Quota {
    const t =
      "namespace" in scope ? this.byNamespace.get(scope.namespace) : this.byNode.get((scope as { node: string }).node);
    const total = t ? [...t] : QUOTA_RESOURCES.map(() => 0);
    const me = except !== undefined ? this.entries.get(except) : undefined;
    if (me && ("namespace" in scope ? me.namespace === scope.namespace : me.node === scope.node)) {
      const c = this.contribution(except!, me);
      for (let i = 0; i < total.length; i++) total[i]! -= c[i]!;
    }
    return Object.fromEntries(QUOTA_RESOURCES.map((r, i) => [r, total[i]! / SCALE])) as Quota;
  }
}
