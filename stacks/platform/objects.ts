/**
 * The operators' own deployment on one cloud node: namespace govcloud-system (restricted Pod Security),
 * ServiceAccount, least-privilege RBAC, a Deployment of 2 replicas with leader election and probes, its
 * Service and ServiceMonitor, and the monitoring objects it is given (the mixin's PrometheusRule and
 * dashboard ConfigMaps, from dashboards/). Pure data.
 */
import type { KubeObject } from "../../kube/index.js";

export const PLATFORM_NAMESPACE = "govcloud-system";
export const OPERATOR_NAME = "govcloud-operators";
export const METRICS_PORT = 8080;

export interface PlatformOptions {
  /** The cloud node planned. */
  readonly cloud: string;
  /** The operator image, pinned by digest in production. */
  readonly image?: string;
  /** PrometheusRule and dashboard ConfigMaps to ship beside the operators (namespace govcloud-system). */
  readonly monitoring?: readonly KubeObject[];
}

export const DEFAULT_IMAGE = "registry.gov.sx.example/govcloud/govcloud:0.1.0";

const labels = (cloud: string) => ({
  "app.kubernetes.io/name": OPERATOR_NAME,
  "app.kubernetes.io/part-of": "govcloud",
  "app.kubernetes.io/managed-by": "govcloud",
  "govcloud.io/cloud": cloud,
});
const selector = { "app.kubernetes.io/name": OPERATOR_NAME };

/**
 * What the operators read and write, and nothing more: the catalog and baseline custom resources, the
 * planned kinds they apply and revert (server-side apply: get, list, watch, patch, create), events; the
 * migration controller's evidence (Namespaces, ServiceInstances, Ingresses: read only) and its BudgetHolds,
 * which it deletes when lifted (the only govcloud.io kind it may delete).
 * No secrets beyond their own namespace, no escalate/bind/impersonate, no wildcard verb.
 */
export const CLUSTER_RULES = [
  {
    apiGroups: [""],
    resources: ["namespaces", "resourcequotas", "limitranges", "serviceaccounts", "configmaps"],
    verbs: ["get", "list", "watch", "create", "patch"],
  },
  { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "watch"] },
  { apiGroups: [""], resources: ["events"], verbs: ["create", "patch"] },
  {
    apiGroups: ["networking.k8s.io"],
    resources: ["networkpolicies"],
    verbs: ["get", "list", "watch", "create", "patch"],
  },
  { apiGroups: ["networking.k8s.io"], resources: ["ingresses"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["rbac.authorization.k8s.io"], resources: ["roles", "rolebindings"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["apps"], resources: ["deployments", "statefulsets", "daemonsets"], verbs: ["get", "list", "watch"] },
  { apiGroups: ["govcloud.io"], resources: ["*"], verbs: ["get", "list", "watch", "create", "patch", "update"] },
  { apiGroups: ["govcloud.io"], resources: ["*/status", "*/finalizers"], verbs: ["get", "patch", "update"] },
  { apiGroups: ["govcloud.io"], resources: ["budgetholds"], verbs: ["delete"] },
  {
    apiGroups: ["wgpolicyk8s.io"],
    resources: ["policyreports", "clusterpolicyreports"],
    verbs: ["get", "list", "watch", "create", "patch", "delete"],
  },
] as const;

export function platformObjects(o: PlatformOptions): KubeObject[] {
  const ns = PLATFORM_NAMESPACE;
  const l = labels(o.cloud);
  const meta = (name: string) => ({ name, namespace: ns, labels: l });
  const objects: KubeObject[] = [
    {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: ns,
        labels: {
          ...l,
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/warn": "restricted",
        },
      },
    },
    { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(OPERATOR_NAME), automountServiceAccountToken: true },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRole",
      metadata: { name: OPERATOR_NAME, labels: l },
      rules: CLUSTER_RULES.map((r) => ({
        apiGroups: [...r.apiGroups],
        resources: [...r.resources],
        verbs: [...r.verbs],
      })),
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "ClusterRoleBinding",
      metadata: { name: OPERATOR_NAME, labels: l },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: OPERATOR_NAME },
      subjects: [{ kind: "ServiceAccount", name: OPERATOR_NAME, namespace: ns }],
    },
    // leader election: Leases in its own namespace only
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(`${OPERATOR_NAME}-leader-election`),
      rules: [
        {
          apiGroups: ["coordination.k8s.io"],
          resources: ["leases"],
          verbs: ["get", "list", "watch", "create", "update", "patch"],
        },
      ],
    },
    {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(`${OPERATOR_NAME}-leader-election`),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: `${OPERATOR_NAME}-leader-election` },
      subjects: [{ kind: "ServiceAccount", name: OPERATOR_NAME, namespace: ns }],
    },
    {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(OPERATOR_NAME),
      spec: {
        replicas: 2,
        selector: { matchLabels: selector },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 1, maxSurge: 1 } },
        template: {
          metadata: { labels: l },
          spec: {
            serviceAccountName: OPERATOR_NAME,
            securityContext: {
              runAsNonRoot: true,
              runAsUser: 65532,
              runAsGroup: 65532,
              seccompProfile: { type: "RuntimeDefault" },
            },
            topologySpreadConstraints: [
              {
                maxSkew: 1,
                topologyKey: "kubernetes.io/hostname",
                whenUnsatisfiable: "ScheduleAnyway",
                labelSelector: { matchLabels: selector },
              },
            ],
            containers: [
              {
                name: "operators",
                image: o.image ?? DEFAULT_IMAGE,
                args: [
                  "operators",
                  "run",
                  "--controllers",
                  "baseline,catalog,migration",
                  "--leader-elect",
                  // The node's identity: its own planned objects are the operators' desired state
                  // (planning every node's would cost the whole estate's plan at each start).
                  `--cloud=${o.cloud}`,
                  // /metrics, /healthz and /readyz on one address, reachable from the kubelet and Prometheus.
                  `--metrics-addr=0.0.0.0:${METRICS_PORT}`,
                ],
                ports: [{ name: "metrics", containerPort: METRICS_PORT, protocol: "TCP" }],
                livenessProbe: {
                  httpGet: { path: "/healthz", port: "metrics" },
                  initialDelaySeconds: 15,
                  periodSeconds: 20,
                },
                readinessProbe: {
                  httpGet: { path: "/readyz", port: "metrics" },
                  initialDelaySeconds: 5,
                  periodSeconds: 10,
                },
                resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { cpu: "1", memory: "512Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ["ALL"] },
                },
              },
            ],
          },
        },
      },
    },
    {
      apiVersion: "v1",
      kind: "Service",
      metadata: meta(OPERATOR_NAME),
      spec: { selector, ports: [{ name: "metrics", port: METRICS_PORT, targetPort: "metrics", protocol: "TCP" }] },
    },
    {
      apiVersion: "monitoring.coreos.com/v1",
      kind: "ServiceMonitor",
      metadata: meta(OPERATOR_NAME),
      spec: {
        selector: { matchLabels: selector },
        // honorLabels: the operators' series describe other objects (govcloud_baseline_findings{namespace}
        // is the tenant namespace of the finding). Without it Prometheus keeps its target label
        // namespace="govcloud-system" and renames ours exported_namespace, and the alert
        // GovcloudCriticalBaselineFinding and the wall's per-namespace panel see only govcloud-system.
        // The kube-state-metrics mixin's monitor does the same, for the same reason.
        endpoints: [{ port: "metrics", interval: "30s", path: "/metrics", honorLabels: true }],
        jobLabel: "app.kubernetes.io/name",
      },
    },
  ];
  for (const m of o.monitoring ?? []) objects.push({ ...m, metadata: { ...m.metadata, namespace: ns } } as KubeObject);
  return objects;
}
