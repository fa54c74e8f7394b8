/**
 * The department roles inside a tenant namespace (MLPS: least privilege, separate system and audit
 * roles, no cluster-admin for tenants). Verbs and resources are spelled out: no wildcards, no
 * cluster-scoped kinds, no access to RBAC or NetworkPolicy writes (the platform owns isolation).
 */

export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

export const READ = ["get", "list", "watch"] as const;
export const WRITE = ["create", "delete", "get", "list", "patch", "update", "watch"] as const;

/**
 * Developers (edit): run and change the system's workloads and their configuration; read what the
 * platform sets (quota, limits, network policies, events). At MLPS level 3 and above no interactive
 * access to containers (exec, attach, port-forward): changes go through the workload definitions;
 * and Secrets are write-only for people (create, update, delete; no get, list, watch or patch, whose
 * answers carry the stored data): pods read them through volumes (MLPS3-RBAC-001).
 */
export function developerRules(mlpsLevel: number): PolicyRule[] {
  const l3 = mlpsLevel >= 3;
  const podAccess = l3 ? [] : ["pods/attach", "pods/exec", "pods/portforward"];
  return [
    {
      apiGroups: [""],
      resources: [
        "configmaps",
        "persistentvolumeclaims",
        "pods",
        ...(l3 ? [] : ["secrets"]),
        "services",
        ...podAccess,
      ].sort(),
      verbs: [...WRITE],
    },
    ...(l3 ? [{ apiGroups: [""], resources: ["secrets"], verbs: ["create", "delete", "update"] }] : []),
    {
      apiGroups: [""],
      resources: ["endpoints", "events", "limitranges", "pods/log", "resourcequotas", "serviceaccounts"],
      verbs: [...READ],
    },
    {
      apiGroups: ["apps"],
      resources: ["deployments", "deployments/scale", "statefulsets", "statefulsets/scale"],
      verbs: [...WRITE],
    },
    { apiGroups: ["apps"], resources: ["replicasets"], verbs: [...READ] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...WRITE] },
    { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: [...WRITE] },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: [...READ] },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: [...READ] },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: [...WRITE] },
    { apiGroups: ["networking.k8s.io"], resources: ["networkpolicies"], verbs: [...READ] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...WRITE] },
  ];
}

/**
 * Auditors (read-only): everything that shows what runs and who may do what — workloads, events,
 * quotas, network policies, roles and bindings — but never Secrets or a shell.
 */
export function auditorRules(): PolicyRule[] {
  return [
    {
      apiGroups: [""],
      resources: [
        "configmaps",
        "endpoints",
        "events",
        "limitranges",
        "persistentvolumeclaims",
        "pods",
        "pods/log",
        "resourcequotas",
        "serviceaccounts",
        "services",
      ],
      verbs: [...READ],
    },
    { apiGroups: ["apps"], resources: ["daemonsets", "deployments", "replicasets", "statefulsets"], verbs: [...READ] },
    { apiGroups: ["autoscaling"], resources: ["horizontalpodautoscalers"], verbs: [...READ] },
    { apiGroups: ["batch"], resources: ["cronjobs", "jobs"], verbs: [...READ] },
    { apiGroups: ["discovery.k8s.io"], resources: ["endpointslices"], verbs: [...READ] },
    { apiGroups: ["events.k8s.io"], resources: ["events"], verbs: [...READ] },
    { apiGroups: ["networking.k8s.io"], resources: ["ingresses", "networkpolicies"], verbs: [...READ] },
    { apiGroups: ["policy"], resources: ["poddisruptionbudgets"], verbs: [...READ] },
    { apiGroups: ["rbac.authorization.k8s.io"], resources: ["rolebindings", "roles"], verbs: [...READ] },
  ];
}
