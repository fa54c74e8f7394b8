/**
 * The DR objects of the Plan, per cloud node:
 *
 * - on the partner node, the system's warm standby (levels 3-6) or second active side (level 6) as a
 *   tenant namespace (quota sized to take the whole load, labels govcloud.io/dr-role and /dr-peer),
 *   pinned to its site with the PodNodeSelector annotation; a same-node active side (a cluster
 *   stretched over two sites of one city) gets its own namespace `<dept>-<system>-active`;
 * - on the primary node, a Velero `Schedule` backing the system's namespaces up at an interval within
 *   its RPO into a `BackupStorageLocation` on the backup site's object storage, in another city;
 * - on the partner and backup nodes, the same location read-only, so that they can restore.
 */
import {
  namespaceOf,
  diagnostic,
  requestQuota,
  type Diagnostic,
  type Estate,
  type Loaded,
  type Quota,
  type SystemRequest,
} from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import type { PlannedObject, PlannedReservation } from "../plan/types.js";
import type { DrPlan } from "./plan.js";
import type { Pair, Placement } from "./pairing.js";

/** What the tenancy planner offers (stacks/tenancy `tenantObjects`): one system's namespace objects on a given node. */
export type TenantObjects = (
  estate: Estate,
  request: Loaded<SystemRequest>,
  options: {
    readonly node: string;
    readonly drRole: "standby" | "active";
    readonly drPeer: string;
    /** The quota of the copy: the system's own, sized to take its whole load. */
    readonly quota: Readonly<Quota>;
  },
) => KubeObject[];

export const VELERO_NAMESPACE = "velero";
/** Secret (in the velero namespace) holding the object-storage credentials, provisioned with Velero. */
export const VELERO_CREDENTIALS = { name: "velero-dr-credentials", key: "cloud" } as const;
export const BACKUP_BUCKET = "govcloud-dr";
export const ZONE_LABEL = "topology.kubernetes.io/zone";
const NODE_SELECTOR = "scheduler.alpha.kubernetes.io/node-selector";
const MANAGED = { "app.kubernetes.io/managed-by": "govcloud" };

/** FNV-1a: a stable small hash to spread backup start times. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * A cron schedule whose interval stays within the RPO: hourly down to RPOs of an hour (finer RPOs
 * are met by the data services' replication to the standby, not by backups), every few hours,
 * daily, or weekly from a week up. Start minutes are spread by the namespace's hash.
 */
export function backupCron(rpoMinutes: number, seed: string): { cron: string; ttl: string } {
  const h = hash(seed);
  const minute = h % 60;
  const hour = 1 + ((h >>> 8) % 5); // 01:00-05:59, off-peak
  const interval = Math.max(60, rpoMinutes);
  if (interval < 24 * 60) {
    const every = [12, 8, 6, 4, 3, 2, 1].find((x) => x * 60 <= interval)!;
    return { cron: every === 1 ? `${minute} * * * *` : `${minute} */${every} * * *`, ttl: "720h0m0s" };
  }
  if (interval < 7 * 24 * 60) return { cron: `${minute} ${hour} * * *`, ttl: "720h0m0s" };
  return { cron: `${minute} ${hour} * * 0`, ttl: "2160h0m0s" };
}

/** S3 endpoint of a site's object storage: declared, or https://s3.<site>.govcloud.internal. */
export function objectStorageEndpoint(estate: Estate, site: string): string {
  const s = estate.index.siteCloud.get(site)?.doc.spec.sites.find((x) => x.name === site);
  return s?.objectStorageEndpoint ?? `https://s3.${site}.govcloud.internal`;
}

const locationName = (backup: Placement, primary: Placement) => `dr-${backup.site}-${primary.node}`;

function backupStorageLocation(estate: Estate, backup: Placement, primary: Placement, readOnly: boolean): KubeObject {
  return {
    apiVersion: "velero.io/v1",
    kind: "BackupStorageLocation",
    metadata: {
      name: locationName(backup, primary),
      namespace: VELERO_NAMESPACE,
      labels: { ...MANAGED, "govcloud.io/dr-site": backup.site, "govcloud.io/dr-peer": primary.node },
    },
    spec: {
      provider: "aws",
      objectStorage: { bucket: BACKUP_BUCKET, prefix: primary.node },
      config: { region: backup.city, s3Url: objectStorageEndpoint(estate, backup.site), s3ForcePathStyle: "true" },
      credential: { ...VELERO_CREDENTIALS },
      accessMode: readOnly ? "ReadOnly" : "ReadWrite",
    },
  };
}

function schedule(pair: Pair, request: Loaded<SystemRequest>, namespaces: readonly string[]): KubeObject {
  const ns = namespaceOf(request.doc);
  const { cron, ttl } = backupCron(pair.rpo, ns);
  return {
    apiVersion: "velero.io/v1",
    kind: "Schedule",
    metadata: {
      name: ns,
      namespace: VELERO_NAMESPACE,
      labels: {
        ...MANAGED,
        "govcloud.io/department": request.doc.spec.department,
        "govcloud.io/system": request.doc.metadata.name,
        "govcloud.io/dr-role": "primary",
        "govcloud.io/dr-peer": pair.backup!.node,
      },
      annotations: { "govcloud.io/dr-level": String(pair.level), "govcloud.io/rpo-minutes": String(pair.rpo) },
    },
    spec: {
      schedule: cron,
      useOwnerReferencesInBackup: false,
      template: {
        includedNamespaces: [...namespaces],
        storageLocation: locationName(pair.backup!, pair.primary),
        ttl,
        snapshotVolumes: false,
        defaultVolumesToFsBackup: true,
        metadata: { labels: { "govcloud.io/system": request.doc.metadata.name } },
      },
    },
  };
}

/** Renames a namespace in a tenant's objects (the Namespace itself and everything placed in it). */
function renamed(objects: readonly KubeObject[], from: string, to: string): KubeObject[] {
  const walk = (v: unknown, key?: string): unknown => {
    if (Array.isArray(v)) return v.map((x) => walk(x));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v === from && (key === "namespace" || key === "kubernetes.io/metadata.name") ? to : v;
  };
  return objects.map((o) => {
    const w = walk(o) as KubeObject;
    return o.kind === "Namespace" && o.metadata.name === from ? { ...w, metadata: { ...w.metadata, name: to } } : w;
  });
}

/** Pins a tenant's namespace to a site, and notes both sites. */
function pinned(objects: readonly KubeObject[], site: string, peerSite: string): KubeObject[] {
  return objects.map((o) =>
    o.kind === "Namespace"
      ? {
          ...o,
          metadata: {
            ...o.metadata,
            annotations: {
              ...o.metadata.annotations,
              [NODE_SELECTOR]: `${ZONE_LABEL}=${site}`,
              "govcloud.io/dr-site": site,
              "govcloud.io/dr-peer-site": peerSite,
            },
          },
        }
      : o,
  );
}

export interface DrObjects {
  readonly objects: PlannedObject[];
  readonly diagnostics: Diagnostic[];
  /** What the copies' ResourceQuotas reserve on their nodes (a standby's compute only when its peer fails). */
  readonly reservations: PlannedReservation[];
}

/** A DR copy of a system's tenant namespace on a partner node: its second active side, or its warm standby. */
interface DrCopy {
  readonly role: "active" | "standby";
  readonly at: Placement;
  /** The copy's namespace: the system's own, or `<namespace>-active` for an active side on the primary's node. */
  readonly namespace: string;
  readonly quota: Readonly<Quota>;
}

/** The pairs to plan (all, or those of `systems`) with their requests. */
function pairsOf(
  estate: Estate,
  plan: DrPlan,
  systems: ReadonlySet<string> | undefined,
): { pair: Pair; request: Loaded<SystemRequest> }[] {
  const out: { pair: Pair; request: Loaded<SystemRequest> }[] = [];
  for (const pair of plan.pairing.pairs) {
    if (systems && !systems.has(pair.system)) continue;
    const request = estate.index.request.get(pair.system);
    if (request) out.push({ pair, request });
  }
  return out;
}

/**
 * The system's copies: its active side (unless its same-node namespace name is too long: a diagnostic
 * instead) and its standby. Every node's, whatever node is being planned.
 */
function copiesOf(
  estate: Estate,
  pair: Pair,
  request: Loaded<SystemRequest>,
  diagnostics: Diagnostic[] | undefined,
): DrCopy[] {
  const ns = namespaceOf(request.doc);
  const quota = requestQuota(request.doc, estate.index.offering);
  const copies: DrCopy[] = [];
  if (pair.active) {
    const name = pair.active.node === pair.primary.node ? `${ns}-active` : ns;
    if (name.length > 63) {
      diagnostics?.push(
        diagnostic(
          request.locate(["metadata", "name"]),
          "dr-namespace-too-long",
          `the active-active namespace ${name} is ${name.length} characters, more than 63`,
          `shorten the system id to at most ${63 - request.doc.spec.department.length - 8} characters`,
        ),
      );
    } else copies.push({ role: "active", at: pair.active, namespace: name, quota });
  }
  if (pair.standby) copies.push({ role: "standby", at: pair.standby, namespace: ns, quota });
  return copies;
}

const reservationOf = (c: DrCopy, pair: Pair, request: Loaded<SystemRequest>): PlannedReservation => ({
  node: c.at.node,
  namespace: c.namespace,
  quota: c.quota,
  ...(c.role === "standby" ? { standbyFor: pair.primary.node } : {}),
  source: request.source,
});

/**
 * What the DR copies of the estate (or of one node, or of some systems) reserve, without planning their
 * objects (for `validate`): the same copies as `drObjects` plans.
 */
export function drReservations(
  estate: Estate,
  plan: DrPlan,
  only?: string,
  systems?: ReadonlySet<string>,
): PlannedReservation[] {
  const out: PlannedReservation[] = [];
  for (const { pair, request } of pairsOf(estate, plan, systems))
    for (const c of copiesOf(estate, pair, request, undefined))
      if (only === undefined || only === c.at.node) out.push(reservationOf(c, pair, request));
  return out;
}

/**
 * Every DR object of the estate (or of one node), from its DR plan; with `systems`, only those systems'
 * copies and schedules (the backup storage locations, shared by every system of a node, are left out).
 */
export function drObjects(
  estate: Estate,
  plan: DrPlan,
  tenant: TenantObjects,
  only?: string,
  systems?: ReadonlySet<string>,
): DrObjects {
  const objects: PlannedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const reservations: PlannedReservation[] = [];
  const locations = new Map<string, PlannedObject>();
  const want = (node: string) => only === undefined || only === node;
  const addLocation = (node: string, object: KubeObject, source: Loaded<SystemRequest>["source"]) => {
    if (!want(node)) return;
    const key = `${node}/${object.metadata.name}`;
    const prev = locations.get(key);
    if (
      !prev ||
      ((prev.object.spec as { accessMode: string }).accessMode === "ReadOnly" &&
        (object.spec as { accessMode: string }).accessMode === "ReadWrite")
    ) {
      locations.set(key, { node, object, source });
    }
  };
  for (const { pair, request } of pairsOf(estate, plan, systems)) {
    const ns = namespaceOf(request.doc);
    const source = request.source;
    const backedUp = [ns];
    for (const c of copiesOf(estate, pair, request, diagnostics)) {
      if (c.namespace !== ns) backedUp.push(c.namespace);
      if (!want(c.at.node)) continue;
      const peer = { node: c.at.node, drRole: c.role, drPeer: pair.primary.node, quota: c.quota };
      let objs = tenant(estate, request, peer);
      if (c.namespace !== ns) objs = renamed(objs, ns, c.namespace);
      for (const object of pinned(objs, c.at.site, pair.primary.site))
        objects.push({ node: c.at.node, object, source });
      reservations.push(reservationOf(c, pair, request));
    }
    if (pair.backup) {
      if (!systems)
        addLocation(pair.primary.node, backupStorageLocation(estate, pair.backup, pair.primary, false), source);
      if (want(pair.primary.node))
        objects.push({ node: pair.primary.node, object: schedule(pair, request, backedUp), source });
      if (!systems)
        for (const reader of new Set([pair.active?.node, pair.standby?.node, pair.backup.node])) {
          if (reader !== undefined && reader !== pair.primary.node)
            addLocation(reader, backupStorageLocation(estate, pair.backup, pair.primary, true), source);
        }
    }
  }
  objects.push(...locations.values());
  return { objects, diagnostics, reservations };
}
