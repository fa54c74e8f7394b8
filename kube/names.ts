/**
 * Names: the namespace and key of a system, the platform's and the control plane's namespaces, and
 * the DNS-1123 check. `<department>-<system>` is spelled here only.
 */
import type { KubeObject } from "./object.js";

/** A system as its request names it (structurally: a SystemRequest document). */
export interface SystemRef {
  readonly metadata: { readonly name: string };
  readonly spec: { readonly department: string };
}

/** The Kubernetes namespace of a system: `<department>-<system>` (DESIGN.md, Kubernetes names). */
export const systemNamespace = (department: string, system: string): string => `${department}-${system}`;

/** `<department>/<system>`: the stable key of a system across the project. */
export const systemKeyOf = (department: string, system: string): string => `${department}/${system}`;

/** The namespace of a system's request. */
export const namespaceOf = (r: SystemRef): string => systemNamespace(r.spec.department, r.metadata.name);

/** The key of a system's request, `<department>/<system>`. */
export const systemKey = (r: SystemRef): string => systemKeyOf(r.spec.department, r.metadata.name);

/** The shared namespace of a department that declares one: `<department>-shared`. */
export const sharedNamespace = (department: string): string => `${department}-shared`;

/** A valid DNS-1123 label: lower-case alphanumerics and '-', alphanumeric at both ends, at most 63 characters. */
export const isDnsLabel = (s: string): boolean => s.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(s);

/** Namespaces of the Kubernetes control plane itself; no tenant runs there. */
export const SYSTEM_NAMESPACES: ReadonlySet<string> = new Set(["kube-system", "kube-public", "kube-node-lease"]);
/** The platform's own namespaces (operators, gateways) start with this prefix. */
export const PLATFORM_NAMESPACE_PREFIX = "govcloud-";

/** Whether a namespace is a tenant's: anything but the control plane's and the platform's own. */
export function isTenantNamespace(ns: string | undefined): boolean {
  if (ns === undefined || ns === "") return true;
  return !SYSTEM_NAMESPACES.has(ns) && !ns.startsWith(PLATFORM_NAMESPACE_PREFIX);
}

/** The namespace an object lives in (a Namespace: its own name). */
export function namespaceOfObject(object: KubeObject): string | undefined {
  return object.kind === "Namespace" ? object.metadata.name : object.metadata.namespace;
}
