/**
 * Series the project reads but does not define, with the labels its queries rely on. A rule, dashboard
 * or report query may name a metric only if it is here, in DEFINITION_FILES, or recorded by a rule.
 */
import type { ExternalSeries } from "./types.js";

const ksm = (name: string, type: ExternalSeries["type"], labels: string[], help: string): ExternalSeries => ({
  name,
  source: "kube-state-metrics",
  type,
  labels,
  help,
});
const cadvisor = (name: string, type: ExternalSeries["type"], labels: string[], help: string): ExternalSeries => ({
  name,
  source: "cadvisor",
  type,
  labels,
  help,
});

export const EXTERNAL_SERIES: readonly ExternalSeries[] = [
  // kube-state-metrics (v2 names)
  ksm(
    "kube_pod_container_resource_requests",
    "gauge",
    ["namespace", "pod", "container", "node", "resource", "unit"],
    "Requested resources per container (resource cpu|memory, unit core|byte).",
  ),
  ksm(
    "kube_pod_container_resource_limits",
    "gauge",
    ["namespace", "pod", "container", "node", "resource", "unit"],
    "Resource limits per container.",
  ),
  ksm(
    "kube_resourcequota",
    "gauge",
    ["namespace", "resourcequota", "resource", "type"],
    "ResourceQuota hard and used values (type hard|used).",
  ),
  ksm(
    "kube_namespace_labels",
    "info",
    ["namespace", "label_govcloud_io_department", "label_govcloud_io_system", "label_govcloud_io_cloud"],
    "Namespace labels, exported with --metric-labels-allowlist=namespaces=[govcloud.io/department,govcloud.io/system,govcloud.io/cloud].",
  ),
  ksm("kube_pod_info", "info", ["namespace", "pod", "node", "created_by_kind", "created_by_name"], "Pod placement."),
  ksm(
    "kube_node_status_allocatable",
    "gauge",
    ["node", "resource", "unit"],
    "Allocatable resources per Kubernetes node.",
  ),
  ksm(
    "kube_deployment_status_observed_generation",
    "gauge",
    ["namespace", "deployment"],
    "Generation observed by the Deployment controller.",
  ),
  ksm("kube_deployment_metadata_generation", "gauge", ["namespace", "deployment"], "Deployment's generation."),
  ksm(
    "kube_deployment_status_replicas_available",
    "gauge",
    ["namespace", "deployment"],
    "Available replicas of a Deployment.",
  ),
  ksm("kube_deployment_spec_replicas", "gauge", ["namespace", "deployment"], "Desired replicas of a Deployment."),
  ksm(
    "kube_replicaset_created",
    "gauge",
    ["namespace", "replicaset"],
    "ReplicaSet creation time (Unix time): the last rollout.",
  ),
  ksm(
    "kube_persistentvolumeclaim_resource_requests_storage_bytes",
    "gauge",
    ["namespace", "persistentvolumeclaim"],
    "Storage a PVC requests.",
  ),
  // cAdvisor (kubelet /metrics/cadvisor)
  cadvisor(
    "container_cpu_usage_seconds_total",
    "counter",
    ["namespace", "pod", "container", "node"],
    'CPU time consumed; container="" is the pod cgroup and is excluded.',
  ),
  cadvisor(
    "container_memory_working_set_bytes",
    "gauge",
    ["namespace", "pod", "container", "node"],
    "Working-set memory (what the OOM killer sees).",
  ),
  cadvisor(
    "container_fs_usage_bytes",
    "gauge",
    ["namespace", "pod", "container", "node", "device"],
    "Bytes used on container filesystems.",
  ),
  // kubelet
  {
    name: "kubelet_volume_stats_used_bytes",
    source: "kubelet",
    type: "gauge",
    labels: ["namespace", "persistentvolumeclaim", "node"],
    help: "Bytes used on a mounted PVC.",
  },
  {
    name: "kubelet_volume_stats_capacity_bytes",
    source: "kubelet",
    type: "gauge",
    labels: ["namespace", "persistentvolumeclaim", "node"],
    help: "Capacity of a mounted PVC.",
  },
  // ingress-nginx
  {
    name: "nginx_ingress_controller_requests",
    source: "ingress-nginx",
    type: "counter",
    labels: ["namespace", "ingress", "host", "status"],
    help: "Requests served per ingress and status code: business activity of a system.",
  },
  // Prometheus itself
  {
    name: "up",
    source: "prometheus",
    type: "gauge",
    labels: ["job", "instance", "namespace", "pod"],
    help: "1 when the last scrape of a target succeeded.",
  },
  {
    name: "ALERTS",
    source: "prometheus",
    type: "gauge",
    labels: ["alertname", "alertstate", "severity"],
    help: "Pending and firing alerts.",
  },
  {
    name: "ALERTS_FOR_STATE",
    source: "prometheus",
    type: "gauge",
    labels: ["alertname"],
    help: "Since when each alert is active.",
  },
];
