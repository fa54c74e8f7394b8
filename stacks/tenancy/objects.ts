/**
 * The objects of one tenant namespace: the namespace with its labels and Pod Security admission level,
 * its ResourceQuota, LimitRange, the department's developer and auditor roles, and a default-deny
 * NetworkPolicy (the network planner adds the allow rules as separate NetworkPolicies).
 */
import {
  namespaceOf,
  requestQuota,
  type DeepReadonly,
  type Department,
  type Estate,
  type Loaded,
  type Quota,
  type SystemRequest,
} from "../../catalog/index.js";
import { cpuQuantity, gibQuantity, LABELS, sharedNamespace, type KubeObject } from "../../kube/index.js";
import { auditorRules, developerRules } from "./rbac.js";

/** Pod Security Standards version the namespaces pin, so a cluster upgrade does not change what is enforced. */
export const DEFAULT_POD_SECURITY_VERSION = "v1.31";

export const MANAGED_BY = "govcloud";

/** Names of the objects every tenant namespace gets (all DNS-1123 labels). */
export const NAMES = {
  quota: "govcloud-quota",
  limits: "govcloud-limits",
  developerRole: "govcloud-developer",
  auditorRole: "govcloud-auditor",
  developerBinding: "govcloud-developers",
  auditorBinding: "govcloud-auditors",
  defaultDeny: "default-deny",
} as const;

/** Per-zone label, `zone.govcloud.io/<zone>: "true"`, for selectors when a system sits in several zones. */
export const zoneLabel = (zone: string) => `zone.govcloud.io/${zone}`;

/**
 * How object counts follow from the requested capacity (a convention: no standard gives them). A
 * namespace may run 10 pods plus 4 per requested vCPU, hold one volume claim per 100 GiB (at least 4),
 * 5 services plus 2 per requested catalogue item, no NodePort services.
 */
export const COUNT_CONVENTION = {
  basePods: 10,
  podsPerVcpu: 4,
  gibPerClaim: 100,
  minClaims: 4,
  baseServices: 5,
  servicesPerItem: 2,
} as const;

/** Container defaults of the LimitRange, lowered to the quota when the quota is smaller. */
export const CONTAINER_DEFAULTS = {
  limitCpu: 0.5,
  limitMemoryGiB: 0.5,
  requestCpu: 0.1,
  requestMemoryGiB: 0.125,
} as const;

/** Quota of a department's shared namespace (no request sizes it): a convention, small on purpose. */
export const SHARED_QUOTA: Readonly<Quota> = { vcpu: 4, memoryGiB: 16, storageGiB: 100, loadBalancers: 0 };

export type DrRole = "primary" | "standby" | "active";

export interface TenantOptions {
  /** Cloud node the namespace is planned on (default: the request's cloud). */
  readonly node?: string;
  /** Role of this copy in a DR pair: labels `govcloud.io/dr-role`. */
  readonly drRole?: DrRole;
  /** The cloud node of the other side of the DR pair: labels `govcloud.io/dr-peer`. */
  readonly drPeer?: string;
  /** Pod Security Standards version to pin (default DEFAULT_POD_SECURITY_VERSION). */
  readonly podSecurityVersion?: string;
  /** Quota to give instead of the request's own (e.g. a standby sized to take the load). */
  readonly quota?: Readonly<Quota>;
}

/** What a tenant namespace is for: the facts its labels and objects are made of. */
interface Tenant {
  readonly namespace: string;
  readonly department: DeepReadonly<Department>;
  readonly system: string;
  readonly node: string;
  readonly zones: readonly string[];
  readonly mlpsLevel: number;
  readonly dataLevel: string;
  readonly quota: Readonly<Quota>;
  readonly items: number;
  readonly annotations: Readonly<Record<string, string>>;
}

const podSecurityLevel = (mlps: number) => (mlps >= 3 ? "restricted" : "baseline");

function namespaceLabels(t: Tenant, options: TenantOptions): Record<string, string> {
  const level = podSecurityLevel(t.mlpsLevel);
  const version = options.podSecurityVersion ?? DEFAULT_POD_SECURITY_VERSION;
  const labels: Record<string, string> = {
    ...commonLabels(t),
    [LABELS.zone]: t.zones[0]!,
    [LABELS.mlpsLevel]: String(t.mlpsLevel),
    [LABELS.dataLevel]: t.dataLevel,
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": version,
    "pod-security.kubernetes.io/audit": level,
    "pod-security.kubernetes.io/audit-version": version,
    "pod-security.kubernetes.io/warn": level,
    "pod-security.kubernetes.io/warn-version": version,
  };
  for (const z of t.zones) labels[zoneLabel(z)] = "true";
  if (options.drRole !== undefined) labels[LABELS.drRole] = options.drRole;
  if (options.drPeer !== undefined) labels[LABELS.drPeer] = options.drPeer;
  return labels;
}

function commonLabels(t: Tenant): Record<string, string> {
  return {
    [LABELS.department]: t.department.metadata.name,
    [LABELS.system]: t.system,
    [LABELS.cloud]: t.node,
    [LABELS.managedBy]: MANAGED_BY,
  };
}

function hardQuota(q: Readonly<Quota>, items: number): Record<string, string> {
  const c = COUNT_CONVENTION;
  return {
    "limits.cpu": cpuQuantity(q.vcpu),
    "limits.memory": gibQuantity(q.memoryGiB),
    persistentvolumeclaims: String(Math.max(c.minClaims, Math.ceil(q.storageGiB / c.gibPerClaim))),
    pods: String(c.basePods + c.podsPerVcpu * Math.ceil(q.vcpu)),
    "requests.cpu": cpuQuantity(q.vcpu),
    "requests.memory": gibQuantity(q.memoryGiB),
    "requests.storage": gibQuantity(q.storageGiB),
    services: String(c.baseServices + c.servicesPerItem * items),
    "services.loadbalancers": String(q.loadBalancers),
    "services.nodeports": "0",
  };
}

/** The default, capped by the quota when the quota is positive and smaller. */
const capped = (value: number, quota: number) => (quota > 0 ? Math.min(value, quota) : value);

function tenantNamespaceObjects(t: Tenant, options: TenantOptions): KubeObject[] {
  const ns = t.namespace;
  const labels = commonLabels(t);
  const meta = (name: string) => ({ name, namespace: ns, labels });
  const d = CONTAINER_DEFAULTS;
  const limitCpu = capped(d.limitCpu, t.quota.vcpu);
  const limitMem = capped(d.limitMemoryGiB, t.quota.memoryGiB);
  const groups = t.department.spec.groups ?? {};
  const dept = t.department.metadata.name;
  const binding = (name: string, role: string, group: string): KubeObject => ({
    apiVersion: "rbac.authorization.k8s.io/v1",
    kind: "RoleBinding",
    metadata: meta(name),
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: role },
    subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: group }],
  });
  return [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: ns, labels: namespaceLabels(t, options), annotations: t.annotations },
    },
    {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: meta(NAMES.quota),
      spec: { hard: hardQuota(t.quota, t.items) },
    },
    {
      apiVersion: "v1",
      kind: "LimitRange",
      metadata: meta(NAMES.limits),
      spec: {
        limits: [
          {
            type: "Container",
            default: { cpu: cpuQuantity(limitCpu), memory: gibQuantity(limitMem) },
            defaultRequest: {
              cpu: cpuQuantity(Math.min(d.requestCpu, limitCpu)),
              memory: gibQuantity(Math.min(d.requestMemoryGiB, limitMem)),
            },
          },
          { type: "PersistentVolumeClaim", min: { storage: "1Gi" } },
        ],
      },
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(NAMES.developerRole),
      rules: developerRules(t.mlpsLevel),
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(NAMES.auditorRole),
      rules: auditorRules(),
    },
    binding(NAMES.developerBinding, NAMES.developerRole, groups.developers ?? `${dept}:developers`),
    binding(NAMES.auditorBinding, NAMES.auditorRole, groups.auditors ?? `${dept}:auditors`),
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(NAMES.defaultDeny),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"] },
    },
  ];
}

type RequestLike = Loaded<SystemRequest> | DeepReadonly<SystemRequest>;
const docOf = (r: RequestLike): DeepReadonly<SystemRequest> => ("doc" in r ? r.doc : r);

/**
 * The objects of one system's namespace `<dept>-<system>` on a cloud node: by default its own cloud;
 * with `node`, `drRole` and `drPeer`, a DR copy on a partner node (labelled with its role and peer).
 */
export function tenantObjects(estate: Estate, request: RequestLike, options: TenantOptions = {}): KubeObject[] {
  const r = docOf(request);
  const department = estate.index.department.get(r.spec.department);
  if (!department) throw new Error(`tenantObjects: department ${r.spec.department} is not in estate ${estate.name}`);
  const source = estate.index.request.get(`${r.spec.department}/${r.metadata.name}`)?.source.file;
  return tenantNamespaceObjects(
    {
      namespace: namespaceOf(r),
      department: department.doc,
      system: r.metadata.name,
      node: options.node ?? r.spec.cloud,
      zones: r.spec.zones,
      mlpsLevel: r.spec.mlpsLevel,
      dataLevel: r.spec.dataLevel,
      quota: options.quota ?? requestQuota(r, estate.index.offering),
      items: r.spec.services.length,
      annotations: {
        "govcloud.io/display-name": r.spec.displayName,
        "govcloud.io/owner": r.spec.owner.email,
        ...(source !== undefined ? { "govcloud.io/source": source } : {}),
      },
    },
    options,
  );
}

const DATA_RANK: Readonly<Record<string, number>> = { general: 0, important: 1, core: 2 };

/**
 * The MLPS level (等保级别) of a department's shared namespace, given its systems' levels: the common
 * services serve all of them, so they take the highest grading among them, and at least level 2.
 */
export const sharedMlpsLevel = (systemLevels: readonly number[]): number => Math.max(2, ...systemLevels);

/** The shared namespace `<dept>-shared` of a department that declares one, on its home cloud. */
export function sharedNamespaceObjects(
  estate: Estate,
  department: Loaded<Department>,
  options: TenantOptions = {},
): KubeObject[] {
  const dept = department.doc.metadata.name;
  const systems = estate.requests.filter((r) => r.doc.spec.department === dept);
  // The common services serve all of the department's systems: they take the highest grading among them.
  const mlpsLevel = sharedMlpsLevel(systems.map((r) => r.doc.spec.mlpsLevel));
  const dataLevel = systems
    .map((r) => r.doc.spec.dataLevel)
    .reduce((a, b) => (DATA_RANK[b]! > DATA_RANK[a]! ? b : a), "general");
  return tenantNamespaceObjects(
    {
      namespace: sharedNamespace(dept),
      department: department.doc,
      system: "shared",
      node: options.node ?? department.doc.spec.homeCloud,
      zones: ["public"],
      mlpsLevel,
      dataLevel,
      quota: options.quota ?? SHARED_QUOTA,
      items: 0,
      annotations: {
        "govcloud.io/display-name": `${department.doc.spec.displayName} shared services`,
        "govcloud.io/source": department.source.file,
      },
    },
    options,
  );
}
