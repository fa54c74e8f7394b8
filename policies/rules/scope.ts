/**
 * Who and what a rule is about: the MLPS level (等保级别) of the system an object belongs to, and
 * whether an RBAC subject is a tenant's identity. Everything is derived from the context a rule is
 * given (the estate's facts when there is an estate, labels otherwise); nothing is remembered here.
 */
import { mlpsLevelLabel, namespaceOfObject, isTenantNamespace, type KubeObject } from "../../kube/index.js";
import type { EstateFacts } from "../context.js";

/** Level a workload is held to when neither the estate nor any label tells it: the strictest (就高从严). */
export const DEFAULT_LEVEL = 3;

/** What `levelOf` reads: the object, the estate's facts and the labels of the object's namespace. */
export interface LevelSources {
  readonly object: KubeObject;
  readonly facts?: EstateFacts;
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/**
 * The MLPS level an object is held to, from the first source that tells it: the estate (the system
 * owning the namespace), the namespace's labels, the object's own govcloud.io/mlps-level label (a
 * Namespace's, or a workload's or its pod template's), and otherwise DEFAULT_LEVEL. The ObjectJudge
 * works it out once per object (`ObjectContext.level`).
 */
export function levelOf(ctx: LevelSources, podLabels?: Readonly<Record<string, string>>): number {
  const ns = namespaceOfObject(ctx.object);
  if (ctx.facts && ns !== undefined) {
    const l = ctx.facts.levels.get(ns);
    if (l !== undefined) return l;
  }
  return (
    mlpsLevelLabel(ctx.namespaceLabels) ??
    mlpsLevelLabel(ctx.object.metadata.labels) ??
    mlpsLevelLabel(podLabels) ??
    DEFAULT_LEVEL
  );
}

/** An RBAC subject as it appears in a binding. */
export interface RbacSubject {
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
}

/** Identities every tenant is part of. */
const EVERYONE: ReadonlySet<string> = new Set([
  "system:authenticated",
  "system:unauthenticated",
  "system:anonymous",
  "system:serviceaccounts",
]);
/** Group prefixes that never name a department. */
const NON_TENANT_PREFIXES: ReadonlySet<string> = new Set(["system", "govcloud"]);

/**
 * Whether a subject is (or includes) a tenant's identity: a service account of a tenant namespace, a
 * department's group (from the estate's facts; without them, any `<prefix>:<role>` name whose prefix
 * is not `system` or `govcloud`, the estate's convention `<dept>:developers`), or everyone.
 */
export function isTenantSubject(
  s: RbacSubject,
  bindingNamespace: string | undefined,
  facts: EstateFacts | undefined,
): boolean {
  const name = s.name ?? "";
  if (s.kind === "ServiceAccount") return isTenantNamespace(s.namespace ?? bindingNamespace);
  if (EVERYONE.has(name)) return true;
  if (name.startsWith("system:serviceaccounts:"))
    return isTenantNamespace(name.slice("system:serviceaccounts:".length));
  if (name.startsWith("system:serviceaccount:")) return isTenantNamespace(name.split(":")[2]);
  if (name.startsWith("system:")) return false;
  const colon = name.indexOf(":");
  if (facts) return facts.groupDepartment.has(name) || (colon > 0 && facts.groups.has(name.slice(0, colon)));
  return colon > 0 && !NON_TENANT_PREFIXES.has(name.slice(0, colon));
}

/** Whether a group is a department's auditors group (without an estate: named `<dept>:auditors`). */
export function isAuditorGroup(name: string, facts: EstateFacts | undefined): boolean {
  return facts ? facts.auditorGroups.has(name) : name.endsWith(":auditors");
}

/** Whether a group is a department's developers group (without an estate: named `<dept>:developers`). */
export function isDeveloperGroup(name: string, facts: EstateFacts | undefined): boolean {
  return facts ? facts.developerGroups.has(name) : name.endsWith(":developers");
}

/** The department a group belongs to (from the estate's facts, else the prefix before ':'). */
export function groupDepartment(name: string, facts: EstateFacts | undefined): string | undefined {
  if (facts) return facts.groupDepartment.get(name);
  const colon = name.indexOf(":");
  return colon > 0 ? name.slice(0, colon) : undefined;
}
