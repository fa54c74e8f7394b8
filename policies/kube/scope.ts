/**
 * Who and what a rule is about: the MLPS level (等保级别) of the system an object belongs to, whether a
 * namespace belongs to a tenant, and whether an RBAC subject is a tenant's identity. Everything is
 * derived from the context a rule is given (the estate when there is one, labels otherwise), and
 * what is derived from an estate is computed once per estate.
 */
import { namespaceOf, type Estate } from "../../catalog/index.js";
import { LABELS, type KubeObject } from "../../stacks/plan/types.js";
import type { ObjectContext } from "../types.js";

/** Namespaces of the Kubernetes control plane itself; no tenant runs there. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["kube-system", "kube-public", "kube-node-lease"]);
/** The platform's own namespaces (operators, gateways) start with this prefix. */
export const PLATFORM_NAMESPACE_PREFIX = "govcloud-";

/** Level a workload is held to when neither the estate nor any label tells it: the strictest (就高从严). */
export const DEFAULT_LEVEL = 3;

/** Whether a namespace is a tenant's: anything but the control plane's and the platform's own. */
export function isTenantNamespace(ns: string | undefined): boolean {
  if (ns === undefined || ns === "") return true;
  return !SYSTEM_NAMESPACES.has(ns) && !ns.startsWith(PLATFORM_NAMESPACE_PREFIX);
}

/** What the rules need from an estate, computed once per (frozen) estate. */
interface EstateFacts {
  /** Namespace -> MLPS level of the system (a department's shared namespace: its highest, at least 2). */
  readonly levels: ReadonlyMap<string, number>;
  /** Department id -> its developers and auditors groups. */
  readonly groups: ReadonlyMap<string, { readonly developers: string; readonly auditors: string }>;
  /** Every department group -> the department. */
  readonly groupDepartment: ReadonlyMap<string, string>;
  readonly auditorGroups: ReadonlySet<string>;
  readonly developerGroups: ReadonlySet<string>;
  /** Approved registry prefixes, each ending in '/'. */
  readonly registries: readonly string[];
}

const facts = new WeakMap<Estate, EstateFacts>();

/** The groups a department declares, with the defaults `<dept>:developers` and `<dept>:auditors`. */
export function departmentGroups(dept: { readonly metadata: { readonly name: string }; readonly spec: { readonly groups?: { readonly developers?: string; readonly auditors?: string } } }): {
  developers: string;
  auditors: string;
} {
  const id = dept.metadata.name;
  return { developers: dept.spec.groups?.developers ?? `${id}:developers`, auditors: dept.spec.groups?.auditors ?? `${id}:auditors` };
}

/** Normalises an approved-registry entry to a prefix that matches whole path segments. */
export function registryPrefix(entry: string): string {
  return entry.endsWith("/") ? entry : `${entry}/`;
}

/** The last estate asked about: rules ask about the same one over and over. */
let lastEstate: Estate | undefined;
let lastFacts: EstateFacts | undefined;

export function estateFacts(estate: Estate): EstateFacts {
  if (estate === lastEstate) return lastFacts!;
  let f = facts.get(estate);
  if (f) {
    lastEstate = estate;
    lastFacts = f;
    return f;
  }
  const levels = new Map<string, number>();
  const shared = new Map<string, number>();
  for (const r of estate.requests) {
    const level = r.doc.spec.mlpsLevel;
    levels.set(namespaceOf(r.doc), level);
    const d = r.doc.spec.department;
    shared.set(d, Math.max(shared.get(d) ?? 0, level));
  }
  const groups = new Map<string, { developers: string; auditors: string }>();
  const groupDepartment = new Map<string, string>();
  const auditorGroups = new Set<string>();
  const developerGroups = new Set<string>();
  for (const d of estate.departments) {
    const id = d.doc.metadata.name;
    // The shared services serve all of the department's systems: the highest level among them, at least 2
    // (as the tenancy planner grades the namespace).
    if (d.doc.spec.sharedNamespace && !levels.has(`${id}-shared`)) levels.set(`${id}-shared`, Math.max(2, shared.get(id) ?? 2));
    const g = departmentGroups(d.doc);
    groups.set(id, g);
    groupDepartment.set(g.developers, id);
    groupDepartment.set(g.auditors, id);
    developerGroups.add(g.developers);
    auditorGroups.add(g.auditors);
  }
  f = {
    levels,
    groups,
    groupDepartment,
    auditorGroups,
    developerGroups,
    registries: estate.estate.doc.spec.policy.approvedRegistries.map(registryPrefix),
  };
  facts.set(estate, f);
  lastEstate = estate;
  lastFacts = f;
  return f;
}

function labelLevel(labels: Readonly<Record<string, string>> | undefined): number | undefined {
  const v = labels?.[LABELS.mlpsLevel];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : undefined;
}

/** The namespace an object lives in (a Namespace: its own name). */
export function namespaceOfObject(object: KubeObject): string | undefined {
  return object.kind === "Namespace" ? object.metadata.name : object.metadata.namespace;
}

/**
 * The MLPS level an object is held to, from the first source that tells it: the estate (the system
 * owning the namespace), the namespace's labels, the object's own govcloud.io/mlps-level label (a
 * Namespace's, or a workload's or its pod template's), and otherwise DEFAULT_LEVEL.
 */
export function levelOf(ctx: ObjectContext, podLabels?: Readonly<Record<string, string>>): number {
  // The engine runs every rule of a kind on one object in a row: remember the last answer.
  if (ctx.object === lastLevel.object && ctx.estate === lastLevel.estate && ctx.namespaceLabels === lastLevel.namespaceLabels && podLabels === lastLevel.podLabels) {
    return lastLevel.level;
  }
  const level = resolveLevel(ctx, podLabels);
  lastLevel = { object: ctx.object, estate: ctx.estate, namespaceLabels: ctx.namespaceLabels, podLabels, level };
  return level;
}

let lastLevel: {
  readonly object?: KubeObject;
  readonly estate?: Estate;
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly podLabels?: Readonly<Record<string, string>>;
  readonly level: number;
} = { level: DEFAULT_LEVEL };

function resolveLevel(ctx: ObjectContext, podLabels: Readonly<Record<string, string>> | undefined): number {
  const ns = namespaceOfObject(ctx.object);
  if (ctx.estate && ns !== undefined) {
    const l = estateFacts(ctx.estate).levels.get(ns);
    if (l !== undefined) return l;
  }
  return labelLevel(ctx.namespaceLabels) ?? labelLevel(ctx.object.metadata.labels) ?? labelLevel(podLabels) ?? DEFAULT_LEVEL;
}

/** An RBAC subject as it appears in a binding. */
export interface RbacSubject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** Identities every tenant is part of. */
const EVERYONE: ReadonlySet<string> = new Set(["system:authenticated", "system:unauthenticated", "system:anonymous", "system:serviceaccounts"]);
/** Group prefixes that never name a department. */
const NON_TENANT_PREFIXES: ReadonlySet<string> = new Set(["system", "govcloud"]);

/**
 * Whether a subject is (or includes) a tenant's identity: a service account of a tenant namespace, a
 * department's group (from the estate; without one, any `<prefix>:<role>` name whose prefix is not
 * `system` or `govcloud`, the estate's convention `<dept>:developers`), or everyone.
 */
export function isTenantSubject(s: RbacSubject, bindingNamespace: string | undefined, estate: Estate | undefined): boolean {
  const name = s.name ?? "";
  if (s.kind === "ServiceAccount") return isTenantNamespace(s.namespace ?? bindingNamespace);
  if (EVERYONE.has(name)) return true;
  if (name.startsWith("system:serviceaccounts:")) return isTenantNamespace(name.slice("system:serviceaccounts:".length));
  if (name.startsWith("system:serviceaccount:")) return isTenantNamespace(name.split(":")[2]);
  if (name.startsWith("system:")) return false;
  const colon = name.indexOf(":");
  if (estate) {
    const f = estateFacts(estate);
    return f.groupDepartment.has(name) || (colon > 0 && f.groups.has(name.slice(0, colon)));
  }
  return colon > 0 && !NON_TENANT_PREFIXES.has(name.slice(0, colon));
}

/** Whether a group is a department's auditors group (without an estate: named `<dept>:auditors`). */
export function isAuditorGroup(name: string, estate: Estate | undefined): boolean {
  return estate ? estateFacts(estate).auditorGroups.has(name) : name.endsWith(":auditors");
}

/** Whether a group is a department's developers group (without an estate: named `<dept>:developers`). */
export function isDeveloperGroup(name: string, estate: Estate | undefined): boolean {
  return estate ? estateFacts(estate).developerGroups.has(name) : name.endsWith(":developers");
}

/** The department a group belongs to (from the estate, else the prefix before ':'). */
export function groupDepartment(name: string, estate: Estate | undefined): string | undefined {
  if (estate) return estateFacts(estate).groupDepartment.get(name);
  const colon = name.indexOf(":");
  return colon > 0 ? name.slice(0, colon) : undefined;
}
