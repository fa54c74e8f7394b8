/**
 * The API resources the operators read and write: group, version, kind, plural and scope, and the
 * REST paths built from them. One table; a kind missing here is a programming error, reported by name.
 */

export interface ResourceType {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly namespaced: boolean;
}

const r = (group: string, version: string, kind: string, plural: string, namespaced: boolean): ResourceType => ({ group, version, kind, plural, namespaced });

export const RESOURCES: readonly ResourceType[] = [
  r("", "v1", "Namespace", "namespaces", false),
  r("", "v1", "Pod", "pods", true),
  r("", "v1", "PodTemplate", "podtemplates", true),
  r("", "v1", "ReplicationController", "replicationcontrollers", true),
  r("", "v1", "Service", "services", true),
  r("", "v1", "ServiceAccount", "serviceaccounts", true),
  r("", "v1", "ConfigMap", "configmaps", true),
  r("", "v1", "Secret", "secrets", true),
  r("", "v1", "ResourceQuota", "resourcequotas", true),
  r("", "v1", "LimitRange", "limitranges", true),
  r("", "v1", "Event", "events", true),
  r("apps", "v1", "Deployment", "deployments", true),
  r("apps", "v1", "StatefulSet", "statefulsets", true),
  r("apps", "v1", "DaemonSet", "daemonsets", true),
  r("apps", "v1", "ReplicaSet", "replicasets", true),
  r("batch", "v1", "Job", "jobs", true),
  r("batch", "v1", "CronJob", "cronjobs", true),
  r("networking.k8s.io", "v1", "Ingress", "ingresses", true),
  r("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true),
  r("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  r("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  r("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  r("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  r("coordination.k8s.io", "v1", "Lease", "leases", true),
  r("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false),
  r("wgpolicyk8s.io", "v1alpha2", "PolicyReport", "policyreports", true),
  r("wgpolicyk8s.io", "v1alpha2", "ClusterPolicyReport", "clusterpolicyreports", false),
];

export function apiVersionOf(t: ResourceType): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

const byKind = new Map<string, ResourceType>();
const byApiVersionKind = new Map<string, ResourceType>();
for (const t of RESOURCES) addResource(t);

/** Registers a resource (an operator's own govcloud.io kinds come from operators/crds). */
export function addResource(t: ResourceType): void {
  if (!byKind.has(t.kind)) byKind.set(t.kind, t);
  byApiVersionKind.set(`${apiVersionOf(t)}/${t.kind}`, t);
}


/** The resource of a kind (the first registered version), or of an apiVersion and kind. */
export function resourceFor(kind: string, apiVersion?: string): ResourceType {
  const t = apiVersion !== undefined ? byApiVersionKind.get(`${apiVersion}/${kind}`) : byKind.get(kind);
  if (!t) throw new Error(`unknown resource kind ${apiVersion ? `${apiVersion} ` : ""}${kind}: add it to operators/runtime/resources.ts`);
  return t;
}

export function hasResource(kind: string): boolean {
  return byKind.has(kind);
}

/** `/api/v1/namespaces/ns/pods` or `/apis/apps/v1/deployments` (all namespaces). */
export function collectionPath(t: ResourceType, namespace?: string): string {
  const base = t.group ? `/apis/${t.group}/${t.version}` : `/api/${t.version}`;
  return t.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${t.plural}` : `${base}/${t.plural}`;
}

export function objectPath(t: ResourceType, name: string, namespace?: string, subresource?: string): string {
  if (t.namespaced && !namespace) throw new Error(`${t.kind} ${name} is namespaced: a namespace is required`);
  return `${collectionPath(t, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ""}`;
}

/** A short name for logs and metric labels: `pods`, `deployments.apps`. */
export const resourceName = (t: ResourceType): string => (t.group ? `${t.plural}.${t.group}` : t.plural);

/** The `resource` metric label: `<group>/<version>/<plural>` (`v1/pods` for the core group). */
export const resourceLabel = (t: ResourceType): string => `${apiVersionOf(t)}/${t.plural}`;
