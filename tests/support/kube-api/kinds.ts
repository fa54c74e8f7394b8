/**
 * The one table of kinds the test API server serves. Discovery, OpenAPI, routing, generation and
 * status-subresource behaviour are all read from it; a CustomResourceDefinition adds a row at runtime.
 */

/**
 * The fields of ObjectMeta (metav1.ObjectMeta), in the order the real API server writes them. Custom
 * resources keep exactly these under `metadata` when pruned; responses write them in this order.
 */
export const OBJECT_META_FIELDS: readonly string[] = [
  "name",
  "generateName",
  "namespace",
  "selfLink",
  "uid",
  "resourceVersion",
  "generation",
  "creationTimestamp",
  "deletionTimestamp",
  "deletionGracePeriodSeconds",
  "labels",
  "annotations",
  "ownerReferences",
  "finalizers",
  "managedFields",
];

export interface PrinterColumn {
  readonly name: string;
  readonly type: string;
  readonly jsonPath: string;
  readonly description?: string;
  readonly format?: string;
  readonly priority?: number;
}

export interface KindSpec {
  readonly group: string; // "" for core
  readonly version: string;
  readonly kind: string;
  readonly plural: string;
  readonly singular: string;
  readonly namespaced: boolean;
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Has the `/status` subresource: main-resource writes keep the old status, `/status` writes only change status. */
  readonly status?: boolean;
  /** `metadata.generation` is kept (1 on create, +1 on every change outside metadata and status). */
  readonly generation?: boolean;
  /** Served from a CustomResourceDefinition (structural-schema validation, no strategic merge patch). */
  readonly custom?: boolean;
  /** Structural OpenAPI v3 schema (custom kinds only). */
  readonly schema?: Record<string, unknown>;
  readonly printerColumns?: readonly PrinterColumn[];
  /** Name of the owning CRD (custom kinds only). */
  readonly crdName?: string;
}

export function apiVersionOf(k: { group: string; version: string }): string {
  return k.group ? `${k.group}/${k.version}` : k.version;
}

const core = (kind: string, plural: string, namespaced: boolean, extra: Partial<KindSpec> = {}): KindSpec => ({
  group: "",
  version: "v1",
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  ...extra,
});
const g = (
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<KindSpec> = {},
): KindSpec => ({
  group,
  version,
  kind,
  plural,
  singular: kind.toLowerCase(),
  namespaced,
  ...extra,
});

/** The built-in kinds (the CRD-defined PolicyReports are installed as CRDs at start, see `crds/`). */
export const BUILTIN_KINDS: readonly KindSpec[] = [
  core("Namespace", "namespaces", false, { shortNames: ["ns"], status: true }),
  core("Pod", "pods", true, { shortNames: ["po"], status: true, categories: ["all"] }),
  core("Service", "services", true, { shortNames: ["svc"], status: true, categories: ["all"] }),
  core("ConfigMap", "configmaps", true, { shortNames: ["cm"] }),
  core("Secret", "secrets", true),
  core("ServiceAccount", "serviceaccounts", true, { shortNames: ["sa"] }),
  core("Event", "events", true, { shortNames: ["ev"] }),
  core("PersistentVolumeClaim", "persistentvolumeclaims", true, { shortNames: ["pvc"], status: true }),
  core("ResourceQuota", "resourcequotas", true, { shortNames: ["quota"], status: true }),
  core("LimitRange", "limitranges", true, { shortNames: ["limits"] }),
  g("apps", "v1", "Deployment", "deployments", true, {
    shortNames: ["deploy"],
    status: true,
    generation: true,
    categories: ["all"],
  }),
  g("apps", "v1", "StatefulSet", "statefulsets", true, {
    shortNames: ["sts"],
    status: true,
    generation: true,
    categories: ["all"],
  }),
  g("apps", "v1", "DaemonSet", "daemonsets", true, {
    shortNames: ["ds"],
    status: true,
    generation: true,
    categories: ["all"],
  }),
  g("apps", "v1", "ReplicaSet", "replicasets", true, {
    shortNames: ["rs"],
    status: true,
    generation: true,
    categories: ["all"],
  }),
  g("batch", "v1", "Job", "jobs", true, { status: true, generation: true, categories: ["all"] }),
  g("batch", "v1", "CronJob", "cronjobs", true, {
    shortNames: ["cj"],
    status: true,
    generation: true,
    categories: ["all"],
  }),
  g("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, { shortNames: ["netpol"], generation: true }),
  g("networking.k8s.io", "v1", "Ingress", "ingresses", true, { shortNames: ["ing"], status: true, generation: true }),
  g("rbac.authorization.k8s.io", "v1", "Role", "roles", true),
  g("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true),
  g("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false),
  g("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false),
  g("coordination.k8s.io", "v1", "Lease", "leases", true),
  g("events.k8s.io", "v1", "Event", "events", true, { shortNames: ["ev"] }),
  g("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, {
    shortNames: ["crd", "crds"],
    status: true,
    generation: true,
    categories: ["api-extensions"],
  }),
];

/** Preferred order of groups in `/apis`, as a real server lists them (built-ins first, then CRD groups). */
export const GROUP_ORDER = [
  "apps",
  "events.k8s.io",
  "batch",
  "networking.k8s.io",
  "rbac.authorization.k8s.io",
  "coordination.k8s.io",
  "apiextensions.k8s.io",
];

/** The registry of served kinds: by group/version/plural and by group/kind. */
export class KindRegistry {
  private readonly byResource = new Map<string, KindSpec>();
  private readonly byKind = new Map<string, KindSpec>();
  private readonly listeners: Array<() => void> = [];

  constructor(kinds: readonly KindSpec[]) {
    for (const k of kinds) this.add(k);
  }

  add(k: KindSpec): void {
    this.byResource.set(`${k.group}/${k.version}/${k.plural}`, k);
    this.byKind.set(`${apiVersionOf(k)}/${k.kind}`, k);
    for (const l of this.listeners) l();
  }

  remove(k: KindSpec): void {
    this.byResource.delete(`${k.group}/${k.version}/${k.plural}`);
    this.byKind.delete(`${apiVersionOf(k)}/${k.kind}`);
    for (const l of this.listeners) l();
  }

  onChange(l: () => void): void {
    this.listeners.push(l);
  }

  resource(group: string, version: string, plural: string): KindSpec | undefined {
    return this.byResource.get(`${group}/${version}/${plural}`);
  }

  kind(apiVersion: string, kind: string): KindSpec | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  all(): KindSpec[] {
    return [...this.byResource.values()];
  }

  /** group → versions (each with its kinds), groups in the real server's order. */
  groups(): Array<{ group: string; versions: Array<{ version: string; kinds: KindSpec[] }> }> {
    const map = new Map<string, Map<string, KindSpec[]>>();
    for (const k of this.byResource.values()) {
      let vs = map.get(k.group);
      if (!vs) map.set(k.group, (vs = new Map()));
      let ks = vs.get(k.version);
      if (!ks) vs.set(k.version, (ks = []));
      ks.push(k);
    }
    const rank = (grp: string): number => {
      const i = GROUP_ORDER.indexOf(grp);
      return i < 0 ? GROUP_ORDER.length : i;
    };
    return [...map.entries()]
      .sort((a, b) => rank(a[0]) - rank(b[0]) || a[0].localeCompare(b[0]))
      .map(([group, vs]) => ({
        group,
        versions: [...vs.entries()]
          .sort((a, b) => compareVersions(b[0], a[0]))
          .map(([version, kinds]) => ({ version, kinds: kinds.sort((a, b) => a.plural.localeCompare(b.plural)) })),
      }));
  }
}

/** Kubernetes version priority: GA > beta > alpha, higher numbers first. Positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
    if (!m) return [-1, 0, 0];
    const stage = m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2;
    return [stage, Number(m[1]), Number(m[3] ?? 0)];
  };
  const [sa, ma, na] = parse(a);
  const [sb, mb, nb] = parse(b);
  return sa - sb || ma - mb || na - nb || a.localeCompare(b);
}
