/**
 * Failure drills over a pairing: fail one cloud node or one site and see where every affected
 * system goes, which site runs short and by how much, and which systems lose service.
 *
 * - An active-active system that loses one side keeps serving from the other (sized for the
 *   whole load, so it needs no extra room).
 * - A system whose every active side is down fails over to its warm standby, which must find its
 *   load free on the standby's site (capacity minus what already runs there). Its storage does not
 *   move: the replica is already there, committed in full (see the pairing), so the failover needs
 *   the site's storage to hold what it already holds; a site whose storage is over-committed runs
 *   short in storage when a failover lands there.
 * - Otherwise it is restored from backups on the backup site, where room is left after the
 *   failovers: vCPU, memory and its whole storage (a restore writes all its data). Levels 1-2
 *   promise no reserved capacity (RTO of a day or more): when there is no room they wait for the
 *   primary's repair, and that does not fail the drill.
 *
 * A site whose storage capacity is 0 has none declared: storage is not checked there.
 *
 * A drill fails when a system of level 3 or above loses service, or a failover runs a site short.
 */
import type { DrLevel } from "./levels.js";
import type { Load } from "./topology.js";
import type { Pair, Pairing } from "./pairing.js";
import { compareStrings, roundMilli } from "../../kube/index.js";

export type Failure = { readonly node: string } | { readonly site: string };

export interface Move {
  readonly system: string;
  readonly level: DrLevel;
  /** active: the other active side carries on; failover: the standby takes over; restore: from backups. */
  readonly how: "active" | "failover" | "restore";
  readonly from: string;
  readonly to: string;
  readonly toNode: string;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Storage the move writes on the target: 0 for a failover (the replica is there), all of it for a restore. */
  readonly storageGiB: number;
}

export interface Lost {
  readonly system: string;
  readonly level: DrLevel;
  readonly reason: string;
}

/** What a site or node lacks: vCPU, memory and storage (GiB). */
export interface SiteShortfall extends Load {
  readonly storageGiB: number;
}

export interface Shortfall extends SiteShortfall {
  readonly sites: Readonly<Record<string, SiteShortfall>>;
}

export interface Drill {
  readonly fail: { readonly node?: string; readonly site?: string };
  readonly ok: boolean;
  readonly moved: readonly Move[];
  readonly lost: readonly Lost[];
  /** Per node that runs short: by how much, in total and per site. */
  readonly shortfall: Readonly<Record<string, Shortfall>>;
}

const EPS = 1e-9;
const round = roundMilli;
const cmp = compareStrings;

/** Pairs indexed by the sites their active sides run at, and the sites by name: build once, drill many. */
export interface DrillIndex {
  readonly pairing: Pairing;
  readonly bySite: ReadonlyMap<string, readonly Pair[]>;
  readonly sitesOfNode: ReadonlyMap<string, readonly string[]>;
}

export function drillIndex(pairing: Pairing): DrillIndex {
  const bySite = new Map<string, Pair[]>();
  const add = (site: string, p: Pair) => (bySite.get(site) ?? bySite.set(site, []).get(site)!).push(p);
  for (const p of pairing.pairs) {
    add(p.primary.site, p);
    if (p.active) add(p.active.site, p);
  }
  const sitesOfNode = new Map<string, string[]>();
  for (const s of pairing.sites) (sitesOfNode.get(s.node) ?? sitesOfNode.set(s.node, []).get(s.node)!).push(s.site);
  return { pairing, bySite, sitesOfNode };
}

export function drill(index: DrillIndex, failure: Failure): Drill {
  const failed = new Set("node" in failure ? (index.sitesOfNode.get(failure.node) ?? []) : [failure.site]);
  const site = new Map(index.pairing.sites.map((s) => [s.site, s]));
  const affected = new Map<string, Pair>();
  for (const f of failed) for (const p of index.bySite.get(f) ?? []) affected.set(p.system, p);
  const order = [...affected.values()].sort((a, b) => b.level - a.level || cmp(a.system, b.system));

  const avail = new Map<string, { v: number; m: number }>();
  const room = (name: string) => {
    let a = avail.get(name);
    if (!a) {
      const s = site.get(name)!;
      a = { v: s.capacity.vcpu - s.committed.vcpu, m: s.capacity.memoryGiB - s.committed.memoryGiB };
      avail.set(name, a);
    }
    return a;
  };
  /** Storage a restore may still write at a site: its capacity less what is committed there (undefined: not declared). */
  const storageLeft = new Map<string, number>();
  const storageRoom = (name: string): number | undefined => {
    const st = site.get(name)!.storage;
    if (st.capacityGiB <= 0) return undefined;
    if (!storageLeft.has(name)) storageLeft.set(name, st.capacityGiB - st.committedGiB);
    return storageLeft.get(name)!;
  };
  const moved: Move[] = [];
  const lost: Lost[] = [];
  const demand = new Map<string, { v: number; m: number }>();
  const restores: { p: Pair; from: string }[] = [];
  const move = (p: Pair, how: Move["how"], from: string, to: string) =>
    moved.push({
      system: p.system,
      level: p.level,
      how,
      from,
      to,
      toNode: site.get(to)!.node,
      vcpu: p.load.vcpu,
      memoryGiB: p.load.memoryGiB,
      storageGiB: how === "restore" ? p.storageGiB : 0,
    });

  for (const p of order) {
    const sides = [p.primary, ...(p.active ? [p.active] : [])];
    const down = sides.filter((s) => failed.has(s.site));
    const up = sides.filter((s) => !failed.has(s.site));
    if (up.length) {
      move(p, "active", down[0]!.site, up[0]!.site);
      continue;
    }
    if (p.standby && !failed.has(p.standby.site)) {
      const to = p.standby.site;
      const d = demand.get(to) ?? { v: 0, m: 0 };
      d.v += p.load.vcpu;
      d.m += p.load.memoryGiB;
      demand.set(to, d);
      const a = room(to);
      if (p.load.vcpu <= a.v + EPS && p.load.memoryGiB <= a.m + EPS) {
        a.v -= p.load.vcpu;
        a.m -= p.load.memoryGiB;
        move(p, "failover", p.primary.site, to);
      } else {
        lost.push({
          system: p.system,
          level: p.level,
          reason: `its standby site ${to} (${site.get(to)!.node}) has no room left`,
        });
      }
      continue;
    }
    if (p.mode !== "backup" && !p.standby) {
      lost.push({ system: p.system, level: p.level, reason: "it has no standby placed (see the pairing diagnostics)" });
      continue;
    }
    restores.push({ p, from: p.primary.site });
  }
  for (const { p, from } of restores) {
    if (!p.backup || failed.has(p.backup.site)) {
      lost.push({
        system: p.system,
        level: p.level,
        reason: p.backup ? `its backups at ${p.backup.site} are down too` : "it has no backup location",
      });
      continue;
    }
    const a = room(p.backup.site);
    const storage = storageRoom(p.backup.site);
    const computeFits = p.load.vcpu <= a.v + EPS && p.load.memoryGiB <= a.m + EPS;
    const storageFits = storage === undefined || p.storageGiB <= storage + EPS;
    if (computeFits && storageFits) {
      a.v -= p.load.vcpu;
      a.m -= p.load.memoryGiB;
      if (storage !== undefined) storageLeft.set(p.backup.site, storage - p.storageGiB);
      move(p, "restore", from, p.backup.site);
    } else {
      lost.push({
        system: p.system,
        level: p.level,
        reason: `no room to restore its ${computeFits ? `${round(p.storageGiB / 1024)} TiB of ` : ""}backups at ${p.backup.site}; it waits for ${p.primary.node} to be repaired`,
      });
    }
  }

  const shortfall: Record<
    string,
    { vcpu: number; memoryGiB: number; storageGiB: number; sites: Record<string, SiteShortfall> }
  > = {};
  for (const [name, d] of [...demand].sort(([a], [b]) => cmp(a, b))) {
    const s = site.get(name)!;
    const v = round(Math.max(0, s.committed.vcpu + d.v - s.capacity.vcpu));
    const m = round(Math.max(0, s.committed.memoryGiB + d.m - s.capacity.memoryGiB));
    // The standbys' replicas are committed there already: a failover needs them to fit.
    const st = s.storage.capacityGiB > 0 ? round(Math.max(0, s.storage.committedGiB - s.storage.capacityGiB)) : 0;
    if (v <= EPS && m <= EPS && st <= EPS) continue;
    const n = (shortfall[s.node] ??= { vcpu: 0, memoryGiB: 0, storageGiB: 0, sites: {} });
    n.vcpu = round(n.vcpu + v);
    n.memoryGiB = round(n.memoryGiB + m);
    n.storageGiB = round(n.storageGiB + st);
    n.sites[name] = { vcpu: v, memoryGiB: m, storageGiB: st };
  }
  moved.sort((a, b) => cmp(a.system, b.system));
  lost.sort((a, b) => cmp(a.system, b.system));
  const ok = Object.keys(shortfall).length === 0 && !lost.some((l) => l.level >= 3);
  return {
    fail: "node" in failure ? { node: failure.node } : { site: failure.site, node: site.get(failure.site)?.node ?? "" },
    ok,
    moved,
    lost,
    shortfall,
  };
}

/** One drill per cloud node, then one per site, in name order. */
export function allDrills(pairing: Pairing): Drill[] {
  const index = drillIndex(pairing);
  const nodes = [...index.sitesOfNode.keys()].sort(cmp);
  const sites = pairing.sites.map((s) => s.site).sort(cmp);
  return [...nodes.map((node) => drill(index, { node })), ...sites.map((site) => drill(index, { site }))];
}
