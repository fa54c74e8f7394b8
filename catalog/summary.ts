/** Figures about an estate: counts and requested capacity per cloud node. */
import { neverOnCloud } from "./migration.js";
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
  /** What the seeds demand that the catalog records (filing, testing, 密评, private networks, data sharing, big data and AI). */
  readonly seedDemands: SeedDemands;
}

/** Counts of what the seeds demand, for the summary's report lines. Dates are reported, not judged: rules judge them. */
export interface SeedDemands {
  /** MLPS filing (备案) of level 2+ systems, seed 001 三(五)14. */
  readonly mlpsFiled: { readonly filed: number; readonly of: number };
  /** Grading assessment (等级测评) of level 3+ systems: how many record one, their conclusions and the oldest date. */
  readonly mlpsAssessed: {
    readonly assessed: number;
    readonly of: number;
    readonly results: Readonly<Record<string, number>>;
    readonly oldest?: string;
  };
  /** Commercial-cryptography assessment (密评) of level 3+ systems, seed 002 专栏13. */
  readonly cryptoAssessed: {
    readonly assessed: number;
    readonly of: number;
    readonly results: Readonly<Record<string, number>>;
    readonly oldest?: string;
  };
  /** Non-classified private networks (业务专网) by status, and those built since seed 002 (2023-12-28), seed 002 四(二). */
  readonly privateNetworks: {
    readonly operating: number;
    readonly folding: number;
    readonly folded: number;
    readonly builtSincePlan: number;
  };
  /** Systems connected to the data-sharing exchange platform, seed 003 二(四). */
  readonly dataSharing: { readonly connected: number; readonly of: number };
  /** Offerings of the categories seed 004 names besides IaaS and PaaS. */
  readonly offerings: { readonly bigData: number; readonly ai: number };
}

const tally = (values: readonly string[]): Record<string, number> => {
  const out: Record<string, number> = {};
  for (const v of [...values].sort()) out[v] = (out[v] ?? 0) + 1;
  return out;
};
const oldestOf = (dates: readonly string[]): string | undefined => (dates.length ? [...dates].sort()[0] : undefined);

/** The demands are about the systems on (or coming onto) the cloud: exempt and retired systems are left out. */
export function seedDemands(estate: Estate): SeedDemands {
  const requests = estate.requests.filter((r) => !neverOnCloud(r.doc.spec));
  const graded = requests.filter((r) => r.doc.spec.mlpsLevel >= 2);
  const level3 = requests.filter((r) => r.doc.spec.mlpsLevel >= 3);
  const assessments = level3.flatMap((r) => (r.doc.spec.mlps?.assessment ? [r.doc.spec.mlps.assessment] : []));
  const crypto = level3.flatMap((r) => (r.doc.spec.cryptoAssessment ? [r.doc.spec.cryptoAssessment] : []));
  const nets = estate.departments.flatMap((d) => (d.doc.spec.privateNetworks ?? []).filter((n) => !n.classified));
  return {
    mlpsFiled: { filed: graded.filter((r) => r.doc.spec.mlps?.filingNumber !== undefined).length, of: graded.length },
    mlpsAssessed: {
      assessed: assessments.length,
      of: level3.length,
      results: tally(assessments.map((a) => a.result)),
      ...(oldestOf(assessments.map((a) => a.date)) ? { oldest: oldestOf(assessments.map((a) => a.date))! } : {}),
    },
    cryptoAssessed: {
      assessed: crypto.length,
      of: level3.length,
      results: tally(crypto.map((a) => a.result)),
      ...(oldestOf(crypto.map((a) => a.date)) ? { oldest: oldestOf(crypto.map((a) => a.date))! } : {}),
    },
    privateNetworks: {
      operating: nets.filter((n) => n.status === "operating").length,
      folding: nets.filter((n) => n.status === "folding").length,
      folded: nets.filter((n) => n.status === "folded").length,
      builtSincePlan: nets.filter((n) => n.built > "2023-12-28").length,
    },
    dataSharing: {
      connected: requests.filter((r) => r.doc.spec.dataSharing?.connected === true).length,
      of: requests.length,
    },
    offerings: {
      bigData: estate.offerings.filter((o) => o.doc.spec.category === "big-data").length,
      ai: estate.offerings.filter((o) => o.doc.spec.category === "ai").length,
    },
  };
}

export function cloudUsage(estate: Estate): CloudUsage[] {
  const per = new Map(estate.clouds.map((c) => [c.doc.metadata.name, { systems: 0, requested: zeroQuota() }]));
  for (const r of estate.requests) {
    // An exempt or retired system reserves nothing (the capacity check in references.ts agrees).
    if (neverOnCloud(r.doc.spec)) continue;
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
    seedDemands: seedDemands(estate),
  };
}

/** Share of a capacity in use, as shown in tables: "42%", or `none` when there is no capacity. */
export const usePercent = (used: number, capacity: number, none = "-"): string =>
  capacity > 0 ? `${Math.round((used / capacity) * 100)}%` : none;
