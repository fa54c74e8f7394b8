/**
 * The plain data DR pairing works on: sites with their capacity, systems with their load and
 * constraints, and the recorded ledger. `drInput` derives it from an Estate; tests build it directly.
 */
import {
  requestQuota,
  reservedQuota,
  runsOnCloud,
  systemKey,
  type CloudKind,
  type Estate,
} from "../../catalog/index.js";
import { sharedReservations } from "../tenancy/index.js";
import { modeOf, objectives, type DrLevel, type DrMode } from "./levels.js";

/** Compute a failover must find room for. */
export interface Load {
  readonly vcpu: number;
  readonly memoryGiB: number;
}

export interface SiteInfo {
  readonly name: string;
  /** Cloud node the site belongs to. */
  readonly node: string;
  /** Division code of the city it stands in. */
  readonly city: string;
  /** The node's capacity times the site's capacity share. */
  readonly capacity: Load;
  /** The node's block and file storage times the site's capacity share, GiB. */
  readonly storageGiB?: number;
  /**
   * Load committed at the site before any system is placed: what the node reserves outside the systems
   * DR places (the departments' shared namespaces, tenancy's `sharedReservations` summed by
   * catalog/quota.ts `reservedQuota`, the plan's own convention), times the site's capacity share.
   */
  readonly committed?: Load & { readonly storageGiB: number };
  readonly objectStorage: boolean;
  /** The platform's MLPS level: it may not host a system graded above it. */
  readonly maxMlpsLevel: number;
  readonly tier: CloudKind;
}

export interface SystemInfo {
  /** `<department>/<system>`. */
  readonly key: string;
  readonly node: string;
  /** Site the request pins its primary to, if it does. */
  readonly site?: string;
  readonly level: DrLevel;
  readonly mode: DrMode;
  readonly rpo: number;
  readonly rto: number;
  readonly load: Load;
  /** Data to back up, GiB (spreads backups over object stores). */
  readonly storageGiB: number;
  readonly mlpsLevel: number;
  /** Cloud tiers that offer every service the system runs (DR services aside): a partner must be one of them. */
  readonly tiers: readonly CloudKind[];
}

/** One recorded placement (a DrLedger entry). */
export interface LedgerEntry {
  readonly system: string;
  readonly primary: string;
  readonly active?: string;
  readonly standby?: string;
  readonly backup: string;
}

export interface DrInput {
  /** Sites in a stable order (by node, then the node's own order). */
  readonly sites: readonly SiteInfo[];
  /** Systems sorted by key. */
  readonly systems: readonly SystemInfo[];
  readonly ledger: readonly LedgerEntry[];
}

type PlannedReservationList = ReturnType<typeof sharedReservations>;

const ALL_TIERS: readonly CloudKind[] = ["provincial", "city", "industry"];

export function drInput(estate: Estate): DrInput {
  const sites: SiteInfo[] = [];
  const fixed = new Map<string, PlannedReservationList>();
  for (const r of sharedReservations(estate)) fixed.set(r.node, [...(fixed.get(r.node) ?? []), r]);
  for (const c of estate.clouds) {
    const s = c.doc.spec;
    const list = fixed.get(c.doc.metadata.name);
    const q = list ? reservedQuota(list) : undefined;
    for (const site of s.sites) {
      const share = site.capacityShare;
      sites.push({
        name: site.name,
        node: c.doc.metadata.name,
        city: site.city,
        capacity: { vcpu: s.capacity.vcpu * site.capacityShare, memoryGiB: s.capacity.memoryGiB * site.capacityShare },
        storageGiB: s.capacity.storageTiB * 1024 * site.capacityShare,
        objectStorage: site.objectStorage ?? false,
        maxMlpsLevel: s.maxMlpsLevel,
        tier: s.tier,
        ...(q
          ? {
              committed: {
                vcpu: q.vcpu * share,
                memoryGiB: q.memoryGiB * share,
                storageGiB: q.storageGiB * share,
              },
            }
          : {}),
      });
    }
  }
  // Only systems that run on the cloud are placed: one still inventoried or assessed gets its placement
  // when it starts migrating (catalog/migration.ts runsOnCloud), an exempt or retired one never.
  const systems: SystemInfo[] = estate.requests
    .filter((r) => runsOnCloud(r.doc.spec))
    .map((r) => {
      const q = requestQuota(r.doc, estate.index.offering);
      let tiers = ALL_TIERS;
      for (const svc of r.doc.spec.services) {
        const o = estate.index.offering.get(svc.offering)?.doc.spec;
        // A DR service offering is the pairing itself, not something the partner must run.
        if (o && o.category !== "dr") tiers = tiers.filter((t) => o.cloudKinds.includes(t));
      }
      const { rpo, rto } = objectives(r.doc);
      return {
        key: systemKey(r.doc),
        node: r.doc.spec.cloud,
        ...(r.doc.spec.site !== undefined ? { site: r.doc.spec.site } : {}),
        level: r.doc.spec.dr.level as DrLevel,
        mode: modeOf(r.doc.spec.dr.level),
        rpo,
        rto,
        load: { vcpu: q.vcpu, memoryGiB: q.memoryGiB },
        storageGiB: q.storageGiB,
        mlpsLevel: r.doc.spec.mlpsLevel,
        tiers,
      };
    });
  systems.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const ledger = (estate.drLedger?.doc.spec.pairs ?? []).map((p) => ({ ...p }));
  return { sites, systems, ledger };
}
