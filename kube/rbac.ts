/** RBAC semantics the least-privilege rules need: which roles tenants hold and what a rule grants. */
import type { IPolicyRule } from "kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule";
import type { IRoleRef } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleRef";
import type { ISubject } from "kubernetes-models/rbac.authorization.k8s.io/v1/Subject";
import { LABELS, type KubeObject } from "./object.js";
import { isTenantNamespace } from "./names.js";

export const ROLE_KINDS: readonly string[] = ["Role", "ClusterRole"];
export const BINDING_KINDS: readonly string[] = ["RoleBinding", "ClusterRoleBinding"];

/** The API server's own default roles and bindings carry this label; they are not the estate's to judge. */
const BOOTSTRAP_LABEL = "kubernetes.io/bootstrapping";

/** Labels that aggregate a ClusterRole into the built-in roles tenants are given. */
const TENANT_AGGREGATION = [
  "rbac.authorization.k8s.io/aggregate-to-admin",
  "rbac.authorization.k8s.io/aggregate-to-edit",
  "rbac.authorization.k8s.io/aggregate-to-view",
];

export function isBootstrapDefault(o: KubeObject): boolean {
  return o.metadata.labels?.[BOOTSTRAP_LABEL] === "rbac-defaults";
}

/**
 * Whether a Role or ClusterRole is held by tenants: a Role in a tenant namespace, or a ClusterRole
 * aggregated into admin/edit/view (which tenants are bound to) or labelled with a department.
 */
export function isTenantRole(o: KubeObject): boolean {
  if (isBootstrapDefault(o)) return false;
  if (o.kind === "Role") return isTenantNamespace(o.metadata.namespace);
  const labels = o.metadata.labels;
  if (!labels) return false;
  if (labels[LABELS.department] !== undefined) return true;
  for (const l of TENANT_AGGREGATION) if (labels[l] === "true") return true;
  return false;
}

export function policyRules(o: KubeObject): readonly Readonly<IPolicyRule>[] {
  return Array.isArray(o.rules) ? (o.rules as IPolicyRule[]) : [];
}

export function subjects(o: KubeObject): readonly Readonly<ISubject>[] {
  return Array.isArray(o.subjects) ? (o.subjects as ISubject[]) : [];
}

export function roleRef(o: KubeObject): Readonly<IRoleRef> | undefined {
  const r = o.roleRef as IRoleRef | undefined;
  return r && typeof r === "object" ? r : undefined;
}

const has = (list: readonly string[] | undefined, v: string): boolean => Array.isArray(list) && list.includes(v);

/** Whether a policy rule covers a core-group resource (directly or through a wildcard). */
export function coversCoreResource(r: Readonly<IPolicyRule>, resource: string): boolean {
  return (has(r.apiGroups, "") || has(r.apiGroups, "*")) && (has(r.resources, resource) || has(r.resources, "*"));
}

/** Whether a policy rule grants a verb (directly or through "*"). */
export function grantsVerb(r: Readonly<IPolicyRule>, verb: string): boolean {
  return has(r.verbs, verb) || has(r.verbs, "*");
}

/** A subject as people write it: `Group "health:developers"`, `ServiceAccount health-portal/default`. */
export function subjectLabel(s: Readonly<ISubject>): string {
  return s.kind === "ServiceAccount"
    ? `ServiceAccount ${s.namespace ? `${s.namespace}/` : ""}${s.name}`
    : `${s.kind} "${s.name}"`;
}
