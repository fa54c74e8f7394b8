/**
 * What rules read besides their subject, computed once by the caller and passed in: the date, the
 * estate, the facts the rules derive from it, the network address plan and the DR plan. No rule (and
 * no formatter) plans anything itself, and nothing here is remembered between calls: a caller that
 * judges many objects builds one JudgeContext (`judgeContext`) and hands it to every call.
 */
import type { Estate } from "../catalog/index.js";
import { sharedNamespace } from "../kube/index.js";
import {
  addressPlan as planAddresses,
  formatCidr,
  parseCidr,
  type AddressPlan,
  type Cidr,
  type Family,
} from "../stacks/network/index.js";
import { drPlan as planDr, type DrPlan, type Pair } from "../stacks/dr/index.js";
import { sharedMlpsLevel } from "../stacks/index.js";

/** What the rules derive from an estate (and its plans), once per JudgeContext. */
export interface EstateFacts {
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
  /** Cloud node -> its zone ranges (CIDR text on every plane and family -> zone). */
  readonly zoneCidrs: ReadonlyMap<string, ReadonlyMap<string, string>>;
  /** System key `<department>/<system>` -> its DR pair. */
  readonly drPairs: ReadonlyMap<string, Pair>;
  /** Every range and address of the address plan the planned policies write (zones, exits, proxies), parsed once. */
  readonly cidrs: ReadonlyMap<string, { readonly family: Family; readonly cidr: Cidr }>;
}

/** A CIDR text as IPv4 or IPv6, or undefined when it is neither. */
export function parseAnyCidr(text: string): { family: Family; cidr: Cidr } | undefined {
  for (const family of ["ipv4", "ipv6"] as const) {
    const cidr = parseCidr(family, text);
    if (cidr) return { family, cidr };
  }
  return undefined;
}

/** The context every rule may read, built once by whoever judges (check, the operators, a test). */
export interface JudgeContext {
  /** The date judged by (YYYY-MM-DD), for deadlines and ages: rules never read the clock. */
  readonly today: string;
  /** The estate, when there is one (planned objects, or a cluster judged with its catalog). */
  readonly estate?: Estate;
  /** Derived from the estate; present exactly when `estate` is. */
  readonly facts?: EstateFacts;
  /** The estate's network address plan; present exactly when `estate` is. */
  readonly addressPlan?: AddressPlan;
  /** The estate's DR plan; present exactly when `estate` is. */
  readonly drPlan?: DrPlan;
}

/** A JudgeContext with an estate: what request and estate rules are given. */
export interface EstateJudgeContext extends JudgeContext {
  readonly estate: Estate;
  readonly facts: EstateFacts;
  readonly addressPlan: AddressPlan;
  readonly drPlan: DrPlan;
}

/** The groups a department declares, with the defaults `<dept>:developers` and `<dept>:auditors`. */
export function departmentGroups(dept: {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly groups?: { readonly developers?: string; readonly auditors?: string } };
}): {
  developers: string;
  auditors: string;
} {
  const id = dept.metadata.name;
  return {
    developers: dept.spec.groups?.developers ?? `${id}:developers`,
    auditors: dept.spec.groups?.auditors ?? `${id}:auditors`,
  };
}

/** Normalises an approved-registry entry to a prefix that matches whole path segments. */
export function registryPrefix(entry: string): string {
  return entry.endsWith("/") ? entry : `${entry}/`;
}

/** The facts of an estate, given its address plan and DR plan. */
export function estateFacts(estate: Estate, addresses: AddressPlan, dr: DrPlan): EstateFacts {
  const levels = new Map<string, number>();
  const byDepartment = new Map<string, number[]>();
  for (const r of estate.requests) {
    const d = r.doc.spec.department;
    (byDepartment.get(d) ?? byDepartment.set(d, []).get(d)!).push(r.doc.spec.mlpsLevel);
  }
  for (const [ns, r] of estate.index.namespace) levels.set(ns, r.doc.spec.mlpsLevel);
  const groups = new Map<string, { developers: string; auditors: string }>();
  const groupDepartment = new Map<string, string>();
  const auditorGroups = new Set<string>();
  const developerGroups = new Set<string>();
  for (const d of estate.departments) {
    const id = d.doc.metadata.name;
    // The shared services' namespace is graded as the tenancy planner grades it.
    if (d.doc.spec.sharedNamespace && !levels.has(sharedNamespace(id)))
      levels.set(sharedNamespace(id), sharedMlpsLevel(byDepartment.get(id) ?? []));
    const g = departmentGroups(d.doc);
    groups.set(id, g);
    groupDepartment.set(g.developers, id);
    groupDepartment.set(g.auditors, id);
    developerGroups.add(g.developers);
    auditorGroups.add(g.auditors);
  }
  const zoneCidrs = new Map<string, ReadonlyMap<string, string>>();
  const cidrs = new Map<string, { family: Family; cidr: Cidr }>();
  const remember = (text: string) => {
    if (cidrs.has(text)) return;
    const parsed = parseAnyCidr(text);
    if (parsed) cidrs.set(text, parsed);
  };
  for (const [node, ranges] of addresses.cloudIndex) {
    const out = new Map<string, string>();
    for (const [zone, perPlane] of ranges.zones) {
      for (const r of perPlane.values()) {
        for (const f of ["ipv4", "ipv6"] as const) {
          const text = formatCidr(f, r[f]);
          out.set(text, zone);
          remember(text);
        }
      }
    }
    for (const stacks of [ranges.gateway, ranges.reverseProxy])
      for (const r of stacks.values()) for (const f of ["ipv4", "ipv6"] as const) remember(formatCidr(f, r[f]));
    zoneCidrs.set(node, out);
  }
  return {
    levels,
    groups,
    groupDepartment,
    auditorGroups,
    developerGroups,
    registries: estate.estate.doc.spec.policy.approvedRegistries.map(registryPrefix),
    zoneCidrs,
    drPairs: new Map(dr.pairing.pairs.map((p) => [p.system, p])),
    cidrs,
  };
}

/**
 * Builds the context for judging: the estate's plans and facts are worked out here, once. Pass the
 * address plan or DR plan when the caller has them already (they are pure functions of the estate).
 */
export function judgeContext(input: {
  readonly today: string;
  readonly estate: Estate;
  readonly addressPlan?: AddressPlan;
  readonly drPlan?: DrPlan;
}): EstateJudgeContext;
export function judgeContext(input: {
  readonly today: string;
  readonly estate?: Estate;
  readonly addressPlan?: AddressPlan;
  readonly drPlan?: DrPlan;
}): JudgeContext;
export function judgeContext(input: {
  readonly today: string;
  readonly estate?: Estate;
  readonly addressPlan?: AddressPlan;
  readonly drPlan?: DrPlan;
}): JudgeContext {
  const { today, estate } = input;
  if (!estate) return { today };
  const addresses = input.addressPlan ?? planAddresses(estate);
  const dr = input.drPlan ?? planDr(estate);
  return { today, estate, facts: estateFacts(estate, addresses, dr), addressPlan: addresses, drPlan: dr };
}

/** Narrows a JudgeContext to one with an estate. */
export const hasEstate = (c: JudgeContext): c is EstateJudgeContext => c.estate !== undefined;
