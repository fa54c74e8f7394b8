/** Figures about an estate: counts and requested capacity per cloud node. */
import type { Estate } from "./model.js";
import { addQuota, requestQuota, zeroQuota, type Quota } from "./quota.js";

export interface CloudUsage {
  readonly cloud: string;
  readonly tier: string;
  readonly systems: number;
  readonly requested: Quota;
  readonly capacity: { readonly vcpu: number; readonly memoryGiB: number; readonly storageGiB: number };
}

export interface EstateSummary {
  readonly estate: string;
  readonly clouds: number;
  readonly sites: number;
  readonly departments: number;
  readonly systems: number;
  readonly offerings: number;
  readonly exceptions: number;
  readonly usage: readonly CloudUsage[];
}

export function cloudUsage(estate: Estate): CloudUsage[] {
  const per = new Map(estate.clouds.map((c) => [c.doc.metadata.name, { systems: 0, requested: zeroQuota() }]));
  for (const r of estate.requests) {
    const u = per.get(r.doc.spec.cloud);
    if (!u) continue;
    u.systems++;
    addQuota(u.requested, requestQuota(r.doc, estate.index.offering));
  }
  return estate.clouds.map((c) => {
    const u = per.get(c.doc.metadata.name)!;
    const cap = c.doc.spec.capacity;
    return {
      cloud: c.doc.metadata.name,
      tier: c.doc.spec.tier,
      systems: u.systems,
      requested: u.requested,
      capacity: { vcpu: cap.vcpu, memoryGiB: cap.memoryGiB, storageGiB: cap.storageTiB * 1024 },
    };
  });
}

export function summarize(estate: Estate): EstateSummary {
  return {
    estate: estate.name,
    clouds: estate.clouds.length,
    sites: estate.clouds.reduce((n, c) => n + c.doc.spec.sites.length, 0),
    departments: estate.departments.length,
    systems: estate.requests.length,
    offerings: estate.offerings.length,
    exceptions: estate.exceptions.length,
    usage: cloudUsage(estate),
  };
}

/** Share of a capacity in use, as shown in tables: "42%", or `none` when there is no capacity. */
export const usePercent = (used: number, capacity: number, none = "-"): string => (capacity > 0 ? `${Math.round((used / capacity) * 100)}%` : none);
