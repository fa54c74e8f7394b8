/**
 * DR pairing: for every system, the sites of its primary, its active-active partner (level 6), its
 * warm standby (levels 3-6) and its backups, such that
 *
 * - partners never share a site, nor a city, except the same-city active side of level 6; a standby
 *   is on another cloud node than the sides it stands in for, on a platform graded for the system
 *   and offering its services; backups go to object storage in another city;
 * - whatever one node or one site failure moves fits the survivors: on every site,
 *   committed + reserved <= capacity (vCPU and memory), where committed is the load of the primaries
 *   and active sides there plus what the node reserves outside the systems (SiteInfo.committed: the
 *   departments' shared namespaces, their share of it), and reserved is the most that any single failure moves onto it
 *   (reservations are shared between failures that cannot happen together: a standby site keeps
 *   room for its worst single failure, not for the sum of all its standbys);
 * - each new placement goes where the site is least used afterwards, which spreads the load;
 * - the result is a pure function of its input, and stable: valid ledger entries are kept as they
 *   are, so adding a system places only that system, and removing one frees its reservation.
 *
 * A node failure moves a superset of what the failure of one of its sites moves (a standby never
 * shares a node with its primary), so keeping every node failure within capacity covers site
 * failures too. Cost: O(systems x candidate sites), with per-site running totals; no scan over
 * other systems.
 */
import type { DrLevel, DrMode } from "./levels.js";
import type { DrInput, LedgerEntry, Load, SiteInfo, SystemInfo } from "./topology.js";
import { compareStrings, roundMilli } from "../../kube/index.js";

export type Role = "primary" | "active" | "standby" | "backup";

export type Constraint =
  /** The primary's site is unknown or not on the system's node. */
  | "primary-site"
  /** Level 6: no other site in the primary's city to run the second active side. */
  | "active-same-city"
  /** No site in another city, on another node, on a platform that may host the system. */
  | "partner-city"
  /** No object storage in another city. */
  | "backup-city"
  /** Sites satisfy the rules, but none has room: the shortfall is the best candidate's. */
  | "capacity"
  /** A site's commitments and reservations exceed its capacity. */
  | "site-capacity";

export interface Issue {
  readonly constraint: Constraint;
  readonly role: Role;
  /** The system that could not be placed (absent for site-capacity). */
  readonly system?: string;
  /** The site that runs short (site-capacity), or the best candidate (capacity). */
  readonly site?: string;
  readonly node?: string;
  readonly shortfall?: Load;
  /** For site-capacity: the systems whose load or reservation sits there, largest first. */
  readonly systems?: readonly string[];
  readonly message: string;
}

export interface Placement {
  readonly site: string;
  readonly node: string;
  readonly city: string;
}

export interface Pair {
  readonly system: string;
  readonly level: DrLevel;
  readonly mode: DrMode;
  readonly rpo: number;
  readonly rto: number;
  readonly load: Load;
  /** Block and file storage, GiB: kept in full by a warm standby, restored in full from backups. */
  readonly storageGiB: number;
  readonly primary: Placement;
  readonly active?: Placement;
  readonly standby?: Placement;
  readonly backup?: Placement;
  /** The placement comes unchanged from the ledger. */
  readonly recorded: boolean;
}

export interface SiteUse {
  readonly site: string;
  readonly node: string;
  readonly city: string;
  readonly capacity: Load;
  /** Primaries and active sides running there, and the site's share of the node's shared namespaces. */
  readonly committed: Load;
  /** Room kept for the worst single failure elsewhere. */
  readonly reserved: Load;
  /** capacity - committed - reserved (negative: over-committed). */
  readonly free: Load;
  /** Node whose failure needs the most vCPU here, if any. */
  readonly worstFailure?: string;
  /**
   * Block and file storage, GiB: committed by the primaries and active sides running here, the site's
   * share of the node's shared namespaces, and the warm standbys here, whose replicated data is kept at all times (not shared between failures).
   */
  readonly storage: { readonly capacityGiB: number; readonly committedGiB: number; readonly freeGiB: number };
}

export interface LedgerChange {
  readonly system: string;
  readonly change: "added" | "replaced" | "removed" | "duplicate";
  readonly reason?: string;
  /** Index of the entry in the input ledger (replaced, removed, duplicate). */
  readonly entry?: number;
}

export interface Pairing {
  /** One per placed system, by system key. */
  readonly pairs: readonly Pair[];
  readonly sites: readonly SiteUse[];
  readonly issues: readonly Issue[];
  readonly changes: readonly LedgerChange[];
  /** The ledger to record: every complete placement, by system. */
  readonly ledger: readonly LedgerEntry[];
}

const EPS = 1e-9;

/** Running totals of one site. */
interface SiteState {
  readonly info: SiteInfo;
  readonly index: number;
  readonly node: number;
  /** Load that runs here in normal operation (primaries and active sides), vCPU and GiB. */
  committedVcpu: number;
  committedMemoryGiB: number;
  /** Room kept for standbys: the largest load any single node failure moves here, vCPU and GiB. */
  reservedVcpu: number;
  reservedMemoryGiB: number;
  /** Committed storage, GiB: primaries, active sides and the replicas of standbys here. */
  committedStorageGiB: number;
  /** node index -> load moved here when that node fails. */
  readonly moved: Map<number, { vcpu: number; memoryGiB: number }>;
  backupGiB: number;
  readonly contributors: { system: string; load: Load; trigger: number }[];
}

/** Where one system goes, as site indexes, while the pairing runs. */
interface Draft {
  primary?: number;
  active?: number;
  standby?: number;
  backup?: number;
  recorded: boolean;
}

/** The sites of the input, indexed, with their running totals, and what the pairing found so far. */
interface Table {
  readonly sites: SiteState[];
  readonly nodeIndex: Map<string, number>;
  readonly siteIndex: Map<string, number>;
  /** node index -> its site indexes. */
  readonly nodeSites: number[][];
  readonly issues: Issue[];
  readonly changes: LedgerChange[];
}

/** A system being placed, with its draft. */
interface Placing {
  readonly sys: SystemInfo;
  readonly d: Draft;
}

const round = roundMilli;
const cmp = compareStrings;

export function pairSystems(input: DrInput): Pairing {
  const t = siteTable(input.sites);
  const drafts = recordedDrafts(t, input);
  commitRecorded(t, input, drafts);
  const placed = placePrimaries(t, input, drafts);
  placeActives(t, placed);
  placeStandbys(t, placed);
  placeBackups(t, placed, drafts);
  for (const { sys, d } of placed) if (!drafts.has(sys.key)) drafts.set(sys.key, d);
  siteCapacityIssues(t);
  const { pairs, ledger } = pairsAndLedger(t, input, drafts);
  t.changes.sort((a, b) => cmp(a.system, b.system) || (a.entry ?? -1) - (b.entry ?? -1));
  t.issues.sort(
    (a, b) => cmp(a.system ?? "", b.system ?? "") || cmp(a.site ?? "", b.site ?? "") || cmp(a.role, b.role),
  );
  return { pairs, sites: siteUses(t), issues: t.issues, changes: t.changes, ledger };
}

// --- the sites and their running totals ------------------------------------------------------------

/** The sites (the first of a repeated name), indexed by name and by node, with empty totals. */
function siteTable(infos: readonly SiteInfo[]): Table {
  const t: Table = { sites: [], nodeIndex: new Map(), siteIndex: new Map(), nodeSites: [], issues: [], changes: [] };
  for (const info of infos) {
    if (t.siteIndex.has(info.name)) continue;
    let n = t.nodeIndex.get(info.node);
    if (n === undefined) {
      n = t.nodeIndex.size;
      t.nodeIndex.set(info.node, n);
      t.nodeSites.push([]);
    }
    const i = t.sites.length;
    t.siteIndex.set(info.name, i);
    t.nodeSites[n]!.push(i);
    t.sites.push({
      info,
      index: i,
      node: n,
      committedVcpu: info.committed?.vcpu ?? 0,
      committedMemoryGiB: info.committed?.memoryGiB ?? 0,
      reservedVcpu: 0,
      reservedMemoryGiB: 0,
      committedStorageGiB: info.committed?.storageGiB ?? 0,
      moved: new Map(),
      backupGiB: 0,
      contributors: [],
    });
  }
  return t;
}

/** The site is graded for the system's MLPS level and is on a platform tier offering its services. */
const hosts = (s: SiteState, sys: SystemInfo) =>
  s.info.maxMlpsLevel >= sys.mlpsLevel && sys.tiers.includes(s.info.tier);

/** The site's use (the larger of vCPU and memory, as a share of capacity) with `add` more and the given reservation. */
function use(
  s: SiteState,
  addVcpu: number,
  addMemoryGiB: number,
  reservedVcpu = s.reservedVcpu,
  reservedMemoryGiB = s.reservedMemoryGiB,
): number {
  const u = (c: number, cap: number) => (cap > 0 ? c / cap : c > EPS ? Infinity : 0);
  return Math.max(
    u(s.committedVcpu + addVcpu + reservedVcpu, s.info.capacity.vcpu),
    u(s.committedMemoryGiB + addMemoryGiB + reservedMemoryGiB, s.info.capacity.memoryGiB),
  );
}

/** What the site would lack, in vCPU and memory, with `add` more and the given reservation. */
function deficit(
  s: SiteState,
  addVcpu: number,
  addMemoryGiB: number,
  reservedVcpu: number,
  reservedMemoryGiB: number,
): Load {
  return {
    vcpu: Math.max(0, s.committedVcpu + addVcpu + reservedVcpu - s.info.capacity.vcpu),
    memoryGiB: Math.max(0, s.committedMemoryGiB + addMemoryGiB + reservedMemoryGiB - s.info.capacity.memoryGiB),
  };
}

const fitsWith = (d: Load) => d.vcpu <= EPS && d.memoryGiB <= EPS;

/** Storage the site lacks to hold `add` GiB more (0 when it fits, or when its storage is not declared). */
const storageShort = (s: SiteState, add: number) =>
  s.info.storageGiB === undefined ? 0 : Math.max(0, s.committedStorageGiB + add - s.info.storageGiB);

/** The system runs here (primary or active side): its load and its storage are committed. */
function commit(s: SiteState, sys: SystemInfo): void {
  s.committedVcpu += sys.load.vcpu;
  s.committedMemoryGiB += sys.load.memoryGiB;
  s.committedStorageGiB += sys.storageGiB;
  s.contributors.push({ system: sys.key, load: sys.load, trigger: -1 });
}

/** Undoes `commit` (a recorded placement that is placed again). */
function uncommit(s: SiteState, sys: SystemInfo): void {
  s.committedVcpu -= sys.load.vcpu;
  s.committedMemoryGiB -= sys.load.memoryGiB;
  s.committedStorageGiB -= sys.storageGiB;
  const at = s.contributors.findIndex((c) => c.system === sys.key && c.trigger === -1);
  if (at >= 0) s.contributors.splice(at, 1);
}

/** The reservation a standby at `s` for a failure of node `trigger` would leave (negative trigger: none). */
function reservationWith(s: SiteState, sys: SystemInfo, trigger: number): { vcpu: number; memoryGiB: number } {
  if (trigger < 0) return { vcpu: s.reservedVcpu, memoryGiB: s.reservedMemoryGiB };
  const m = s.moved.get(trigger);
  return {
    vcpu: Math.max(s.reservedVcpu, (m?.vcpu ?? 0) + sys.load.vcpu),
    memoryGiB: Math.max(s.reservedMemoryGiB, (m?.memoryGiB ?? 0) + sys.load.memoryGiB),
  };
}

/** The system's warm standby is here: its storage is committed, its load reserved for the failure of `trigger`. */
function reserve(s: SiteState, sys: SystemInfo, trigger: number): void {
  s.contributors.push({ system: sys.key, load: sys.load, trigger });
  // A warm standby keeps the replicated data: its storage is used at all times, wherever it fails from.
  s.committedStorageGiB += sys.storageGiB;
  if (trigger < 0) return;
  const m = s.moved.get(trigger) ?? { vcpu: 0, memoryGiB: 0 };
  m.vcpu += sys.load.vcpu;
  m.memoryGiB += sys.load.memoryGiB;
  s.moved.set(trigger, m);
  s.reservedVcpu = Math.max(s.reservedVcpu, m.vcpu);
  s.reservedMemoryGiB = Math.max(s.reservedMemoryGiB, m.memoryGiB);
}

/** The node whose failure makes the standby take over: the node of every active side, if they share one. */
function triggerOf(t: Table, sys: SystemInfo, d: Draft): number {
  const p = t.sites[d.primary!]!.node;
  if (sys.mode !== "active-active") return p;
  return d.active !== undefined && t.sites[d.active]!.node === p ? p : -1;
}

/** The sites running the system (primary and active side). */
const sides = (d: Draft) => [d.primary, d.active].filter((x): x is number => x !== undefined);
/** The cities of the sides running the system. */
const cities = (t: Table, d: Draft) => sides(d).map((i) => t.sites[i]!.info.city);
/** The nodes (indexes) of the sides running the system. */
const nodes = (t: Table, d: Draft) => sides(d).map((i) => t.sites[i]!.node);

const nodeName = (t: Table, n: number) => t.sites[t.nodeSites[n]![0]!]!.info.node;

/** The node whose failure moves the most vCPU here (then memory, then by name); -1 when none. */
function worstTrigger(t: Table, s: SiteState): number {
  let worst = -1;
  let v = -1;
  let mem = -1;
  for (const [n, m] of s.moved) {
    if (
      m.vcpu > v ||
      (m.vcpu === v && (m.memoryGiB > mem || (m.memoryGiB === mem && nodeName(t, n) < nodeName(t, worst))))
    )
      [worst, v, mem] = [n, m.vcpu, m.memoryGiB];
  }
  return worst;
}

// --- what the ledger records: keep every entry that still satisfies the rules ----------------------

/** The drafts of the ledger's valid entries; removed, duplicate and invalid entries are noted as changes. */
function recordedDrafts(t: Table, input: DrInput): Map<string, Draft> {
  const systems = new Map(input.systems.map((s) => [s.key, s]));
  const drafts = new Map<string, Draft>();
  const seen = new Set<string>();
  input.ledger.forEach((e, entry) => {
    const sys = systems.get(e.system);
    if (!sys) {
      t.changes.push({ system: e.system, change: "removed", reason: "the system no longer exists", entry });
      return;
    }
    if (seen.has(e.system)) {
      t.changes.push({
        system: e.system,
        change: "duplicate",
        reason: "a second entry for the system; the first is kept",
        entry,
      });
      return;
    }
    seen.add(e.system);
    const reason = invalidEntry(t, e, sys);
    if (reason) {
      t.changes.push({ system: e.system, change: "replaced", reason, entry });
      return;
    }
    const d: Draft = { primary: t.siteIndex.get(e.primary)!, backup: t.siteIndex.get(e.backup)!, recorded: true };
    if (e.active !== undefined) d.active = t.siteIndex.get(e.active)!;
    if (e.standby !== undefined) d.standby = t.siteIndex.get(e.standby)!;
    drafts.set(e.system, d);
  });
  return drafts;
}

/** Why a ledger entry no longer satisfies the pairing's rules, or undefined when it does. */
function invalidEntry(t: Table, e: LedgerEntry, sys: SystemInfo): string | undefined {
  const site = (name: string | undefined) => (name === undefined ? undefined : t.sites[t.siteIndex.get(name) ?? -1]);
  const p = site(e.primary);
  if (!p) return `primary site ${e.primary} does not exist`;
  if (p.info.node !== sys.node) return `primary site ${e.primary} is not on ${sys.node}`;
  if (sys.site !== undefined && sys.site !== e.primary) return `the request now pins its primary to ${sys.site}`;
  const wantActive = sys.mode === "active-active";
  const wantStandby = sys.mode !== "backup";
  if ((e.active !== undefined) !== wantActive)
    return wantActive ? "level 6 needs an active site" : `a level ${sys.level} system has no active site`;
  if ((e.standby !== undefined) !== wantStandby)
    return wantStandby ? `a level ${sys.level} system needs a standby` : `a level ${sys.level} system has no standby`;
  const a = site(e.active);
  if (e.active !== undefined) {
    if (!a) return `active site ${e.active} does not exist`;
    if (a === p || a.info.city !== p.info.city)
      return `active site ${e.active} is not another site in the primary's city`;
    if (!hosts(a, sys))
      return `active site ${e.active} cannot host an MLPS level ${sys.mlpsLevel} system with its services`;
  }
  const sideCities = [p.info.city, ...(a ? [a.info.city] : [])];
  const sideNodes = [p.node, ...(a ? [a.node] : [])];
  if (e.standby !== undefined) {
    const s = site(e.standby);
    if (!s) return `standby site ${e.standby} does not exist`;
    if (sideNodes.includes(s.node) || sideCities.includes(s.info.city))
      return `standby site ${e.standby} shares a node or city with the primary`;
    if (!hosts(s, sys))
      return `standby site ${e.standby} cannot host an MLPS level ${sys.mlpsLevel} system with its services`;
  }
  const b = site(e.backup);
  if (!b) return `backup site ${e.backup} does not exist`;
  if (!b.info.objectStorage) return `backup site ${e.backup} has no object storage`;
  if (sideCities.includes(b.info.city)) return `backup site ${e.backup} is in the primary's city`;
  return undefined;
}

/**
 * The recorded placements take their room: primaries and active sides first; then, in ledger order,
 * standbys keep their site while its storage holds their replicas. One that no longer fits is placed
 * again (a standby without room for its data is no standby): its draft is dropped and its sides freed.
 */
function commitRecorded(t: Table, input: DrInput, drafts: Map<string, Draft>): void {
  for (const sys of input.systems) {
    const d = drafts.get(sys.key);
    if (!d) continue;
    commit(t.sites[d.primary!]!, sys);
    if (d.active !== undefined) commit(t.sites[d.active]!, sys);
  }
  const ledgerOrder = new Map(input.ledger.map((e, i) => [e.system, i]));
  for (const sys of [...input.systems].sort((a, b) => (ledgerOrder.get(a.key) ?? 0) - (ledgerOrder.get(b.key) ?? 0))) {
    const d = drafts.get(sys.key);
    if (!d) continue;
    if (d.standby !== undefined) {
      const s = t.sites[d.standby]!;
      if (storageShort(s, sys.storageGiB) > EPS) {
        t.changes.push({
          system: sys.key,
          change: "replaced",
          reason: `standby site ${s.info.name} has no room left for its ${round(sys.storageGiB / 1024)} TiB of replicated data`,
          entry: ledgerOrder.get(sys.key)!,
        });
        for (const i of sides(d)) uncommit(t.sites[i]!, sys);
        drafts.delete(sys.key);
        continue;
      }
      reserve(s, sys, triggerOf(t, sys, d));
    }
    t.sites[d.backup!]!.backupGiB += sys.storageGiB;
  }
}

// --- new placements: primaries first (they are given), then the most constrained and largest -------

/**
 * The systems without a kept placement, noted as added (unless replaced), get their primary: a pinned
 * one is given, committed before the others choose; else the least used site of their node (for level
 * 6, one that has a sibling in its city). Returned in placement order: active-active first, then largest.
 */
function placePrimaries(t: Table, input: DrInput, drafts: ReadonlyMap<string, Draft>): Placing[] {
  const fresh = input.systems.filter((s) => !drafts.has(s.key));
  const replaced = new Set(t.changes.filter((c) => c.change === "replaced").map((c) => c.system));
  for (const sys of fresh) if (!replaced.has(sys.key)) t.changes.push({ system: sys.key, change: "added" });
  const order = [...fresh].sort(
    (a, b) =>
      (a.mode === "active-active" ? 0 : 1) - (b.mode === "active-active" ? 0 : 1) ||
      b.load.vcpu - a.load.vcpu ||
      b.load.memoryGiB - a.load.memoryGiB ||
      cmp(a.key, b.key),
  );
  const placed: Placing[] = [];
  // Pinned primaries are given: commit them before choosing sites for the others.
  const pinnedFirst = [...order.filter((s) => s.site !== undefined), ...order.filter((s) => s.site === undefined)];
  for (const sys of pinnedFirst) {
    const d: Draft = { recorded: false };
    const n = t.nodeIndex.get(sys.node);
    const own = n === undefined ? [] : t.nodeSites[n]!.map((i) => t.sites[i]!);
    if (sys.site !== undefined) {
      const s = own.find((x) => x.info.name === sys.site);
      if (s) d.primary = s.index;
    } else if (own.length) {
      const paired = (s: SiteState) => t.sites.some((o) => o !== s && o.info.city === s.info.city && hosts(o, sys));
      const pool = sys.mode === "active-active" && own.some(paired) ? own.filter(paired) : own;
      d.primary = best(pool, (s) => [use(s, sys.load.vcpu, sys.load.memoryGiB)])!.index;
    }
    if (d.primary === undefined) {
      t.issues.push({
        constraint: "primary-site",
        role: "primary",
        system: sys.key,
        node: sys.node,
        message: `${sys.key}: ${sys.site !== undefined ? `site ${sys.site} is not a site of ${sys.node}` : `cloud node ${sys.node} has no sites`}`,
      });
      continue;
    }
    commit(t.sites[d.primary]!, sys);
    placed.push({ sys, d });
  }
  const rank = new Map(order.map((s, i) => [s.key, i]));
  return placed.sort((a, b) => rank.get(a.sys.key)! - rank.get(b.sys.key)!);
}

/** Level 6: the second active side, on another site of the primary's city with room (same node preferred). */
function placeActives(t: Table, placed: readonly Placing[]): void {
  for (const { sys, d } of placed) {
    if (sys.mode !== "active-active") continue;
    const p = t.sites[d.primary!]!;
    const pool = t.sites.filter((s) => s !== p && s.info.city === p.info.city && hosts(s, sys));
    if (!pool.length) {
      t.issues.push({
        constraint: "active-same-city",
        role: "active",
        system: sys.key,
        message: `${sys.key}: level 6 needs a second active site in city ${p.info.city}, and ${p.info.name} has no sibling there that may host it`,
      });
      continue;
    }
    const short = (s: SiteState) => deficit(s, sys.load.vcpu, sys.load.memoryGiB, s.reservedVcpu, s.reservedMemoryGiB);
    const fit = pool.filter((s) => fitsWith(short(s)));
    if (!fit.length) {
      t.issues.push(capacityIssue(sys, "active", pool, short));
      continue;
    }
    const s = best(fit, (x) => [x.node === p.node ? 0 : 1, use(x, sys.load.vcpu, sys.load.memoryGiB)])!;
    d.active = s.index;
    commit(s, sys);
  }
}

/**
 * The warm standby (levels 3-6): on a site of another node and another city that may host the system,
 * where its reservation for the failure of its sides' node fits and its replicated data fits the
 * storage; the least used afterwards.
 */
function placeStandbys(t: Table, placed: readonly Placing[]): void {
  for (const { sys, d } of placed) {
    if (sys.mode === "backup" || (sys.mode === "active-active" && d.active === undefined)) continue;
    const avoidCities = cities(t, d);
    const avoidNodes = nodes(t, d);
    const pool = t.sites.filter(
      (s) => !avoidNodes.includes(s.node) && !avoidCities.includes(s.info.city) && hosts(s, sys),
    );
    if (!pool.length) {
      t.issues.push({
        constraint: "partner-city",
        role: "standby",
        system: sys.key,
        message: `${sys.key}: no site outside ${avoidCities.join(", ")} and off ${[...new Set(avoidNodes)].map((i) => nodeName(t, i)).join(", ")} can host an MLPS level ${sys.mlpsLevel} system offering its services (${sys.tiers.join(", ")} clouds)`,
      });
      continue;
    }
    const trigger = triggerOf(t, sys, d);
    const short = (s: SiteState) => {
      const r = reservationWith(s, sys, trigger);
      return deficit(s, 0, 0, r.vcpu, r.memoryGiB);
    };
    const fit = pool.filter((s) => fitsWith(short(s)) && storageShort(s, sys.storageGiB) <= EPS);
    if (!fit.length) {
      const computeFits = pool.filter((s) => fitsWith(short(s)));
      t.issues.push(
        computeFits.length > 0
          ? // Room to run it at failover, but nowhere to keep its data: the storage is the constraint.
            storageIssue(sys, computeFits)
          : capacityIssue(sys, "standby", pool, short),
      );
      continue;
    }
    const s = best(fit, (x) => {
      const r = reservationWith(x, sys, trigger);
      return [use(x, 0, 0, r.vcpu, r.memoryGiB)];
    })!;
    d.standby = s.index;
    reserve(s, sys, trigger);
  }
}

/**
 * Backups: object storage in another city than the sides, preferably off their node and on the
 * standby's site, else the least filled; a system gets its draft once its backup is placed.
 */
function placeBackups(t: Table, placed: readonly Placing[], drafts: Map<string, Draft>): void {
  const objectStores = t.sites.filter((s) => s.info.objectStorage);
  for (const { sys, d } of placed) {
    const avoidCities = cities(t, d);
    const avoidNodes = nodes(t, d);
    const pool = objectStores.filter((s) => !avoidCities.includes(s.info.city));
    if (!pool.length) {
      t.issues.push({
        constraint: "backup-city",
        role: "backup",
        system: sys.key,
        message: `${sys.key}: no site outside ${avoidCities.join(", ")} offers object storage for its backups`,
      });
      continue;
    }
    const s = best(pool, (x) => [
      avoidNodes.includes(x.node) ? 1 : 0,
      x.index === d.standby ? 0 : 1,
      x.backupGiB / Math.max(1, x.info.capacity.vcpu),
    ])!;
    d.backup = s.index;
    s.backupGiB += sys.storageGiB;
    drafts.set(sys.key, d);
  }
}

/** No site in the pool has room for the system's side `role`: the issue names the closest and its shortfall. */
function capacityIssue(sys: SystemInfo, role: Role, pool: SiteState[], short: (s: SiteState) => Load): Issue {
  const s = best(pool, (x) => {
    const d = short(x);
    return [Math.max(d.vcpu / Math.max(1, sys.load.vcpu), d.memoryGiB / Math.max(1, sys.load.memoryGiB))];
  })!;
  const d = short(s);
  return {
    constraint: "capacity",
    role,
    system: sys.key,
    site: s.info.name,
    node: s.info.node,
    shortfall: { vcpu: round(d.vcpu), memoryGiB: round(d.memoryGiB) },
    message: `${sys.key}: no eligible site has room for its ${role} (${round(sys.load.vcpu)} vCPU, ${round(sys.load.memoryGiB)} GiB); the closest, ${s.info.name} of ${s.info.node}, is short by ${round(d.vcpu)} vCPU and ${round(d.memoryGiB)} GiB`,
  };
}

/** Sites with room to run the standby at failover, but none to keep its data: the closest in storage. */
function storageIssue(sys: SystemInfo, computeFits: readonly SiteState[]): Issue {
  const s = best(computeFits, (x) => [storageShort(x, sys.storageGiB)])!;
  return {
    constraint: "capacity",
    role: "standby",
    system: sys.key,
    site: s.info.name,
    node: s.info.node,
    shortfall: { vcpu: 0, memoryGiB: 0 },
    message: `${sys.key}: no eligible site has room for its standby's ${round(sys.storageGiB / 1024)} TiB of replicated data; the closest, ${s.info.name} of ${s.info.node}, is short by ${round(storageShort(s, sys.storageGiB) / 1024)} TiB of storage`,
  };
}

// --- every site within capacity under its worst single failure -------------------------------------

/** A site whose own load and worst single failure exceed its vCPU or memory: an issue naming who fills it. */
function siteCapacityIssues(t: Table): void {
  for (const s of t.sites) {
    const d = deficit(s, 0, 0, s.reservedVcpu, s.reservedMemoryGiB);
    if (fitsWith(d)) continue;
    const worst = worstTrigger(t, s);
    const who = s.contributors
      .filter((c) => c.trigger === -1 || c.trigger === worst)
      .sort((a, b) => b.load.vcpu - a.load.vcpu || b.load.memoryGiB - a.load.memoryGiB || cmp(a.system, b.system))
      .map((c) => c.system);
    t.issues.push({
      constraint: "site-capacity",
      role: "standby",
      site: s.info.name,
      node: s.info.node,
      shortfall: { vcpu: round(d.vcpu), memoryGiB: round(d.memoryGiB) },
      systems: who,
      message: `site ${s.info.name} of ${s.info.node} needs ${round(s.committedVcpu + s.reservedVcpu)} vCPU and ${round(s.committedMemoryGiB + s.reservedMemoryGiB)} GiB for its own load and the worst single failure${worst >= 0 ? ` (of ${nodeName(t, worst)})` : ""}, but has ${round(s.info.capacity.vcpu)} vCPU and ${round(s.info.capacity.memoryGiB)} GiB: short by ${round(d.vcpu)} vCPU and ${round(d.memoryGiB)} GiB`,
    });
  }
}

// --- results ----------------------------------------------------------------------------------------

/** One pair per system with a primary, in input order; a ledger entry for every complete placement. */
function pairsAndLedger(
  t: Table,
  input: DrInput,
  drafts: ReadonlyMap<string, Draft>,
): { pairs: Pair[]; ledger: LedgerEntry[] } {
  const at = (i: number | undefined): Placement | undefined =>
    i === undefined
      ? undefined
      : { site: t.sites[i]!.info.name, node: t.sites[i]!.info.node, city: t.sites[i]!.info.city };
  const pairs: Pair[] = [];
  const ledger: LedgerEntry[] = [];
  for (const sys of input.systems) {
    const d = drafts.get(sys.key);
    if (!d || d.primary === undefined) continue;
    const active = at(d.active);
    const standby = at(d.standby);
    const backup = at(d.backup);
    pairs.push({
      system: sys.key,
      level: sys.level,
      mode: sys.mode,
      rpo: sys.rpo,
      rto: sys.rto,
      load: sys.load,
      storageGiB: sys.storageGiB,
      primary: at(d.primary)!,
      ...(active ? { active } : {}),
      ...(standby ? { standby } : {}),
      ...(backup ? { backup } : {}),
      recorded: d.recorded,
    });
    const complete = backup && (sys.mode === "backup" || (standby && (sys.mode !== "active-active" || active)));
    if (complete) {
      ledger.push({
        system: sys.key,
        primary: t.sites[d.primary]!.info.name,
        ...(active ? { active: active.site } : {}),
        ...(standby ? { standby: standby.site } : {}),
        backup: backup.site,
      });
    }
  }
  return { pairs, ledger };
}

/** Every site's capacity, commitments, reservation and storage, rounded to thousandths. */
function siteUses(t: Table): SiteUse[] {
  return t.sites.map((s) => {
    const worst = worstTrigger(t, s);
    return {
      site: s.info.name,
      node: s.info.node,
      city: s.info.city,
      capacity: s.info.capacity,
      committed: { vcpu: round(s.committedVcpu), memoryGiB: round(s.committedMemoryGiB) },
      reserved: { vcpu: round(s.reservedVcpu), memoryGiB: round(s.reservedMemoryGiB) },
      free: {
        vcpu: round(s.info.capacity.vcpu - s.committedVcpu - s.reservedVcpu),
        memoryGiB: round(s.info.capacity.memoryGiB - s.committedMemoryGiB - s.reservedMemoryGiB),
      },
      ...(worst >= 0 ? { worstFailure: nodeName(t, worst) } : {}),
      storage: {
        capacityGiB: round(s.info.storageGiB ?? 0),
        committedGiB: round(s.committedStorageGiB),
        freeGiB: round((s.info.storageGiB ?? 0) - s.committedStorageGiB),
      },
    };
  });
}

/** The item with the smallest score (compared element by element), ties by site name. */
function best(pool: readonly SiteState[], score: (s: SiteState) => readonly number[]): SiteState | undefined {
  let top: SiteState | undefined;
  let topScore: readonly number[] = [];
  for (const s of pool) {
    const sc = score(s);
    let c = 0;
    if (top)
      for (let i = 0; i < sc.length && c === 0; i++) c = sc[i]! < topScore[i]! ? -1 : sc[i]! > topScore[i]! ? 1 : 0;
    if (!top || c < 0 || (c === 0 && s.info.name < top.info.name)) [top, topScore] = [s, sc];
  }
  return top;
}
