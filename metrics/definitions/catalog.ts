/** The service-catalogue operator (operators/catalog): ServiceInstances from request to exit. */
import { defineMetrics, PROVISION_BUCKETS } from "./define.js";

export const serviceCatalog = defineMetrics("catalog", "operators/catalog", [
  {
    name: "govcloud_serviceinstances",
    type: "gauge",
    unit: "",
    labels: ["offering", "phase"],
    help: "ServiceInstances by offering and phase.",
  },
  {
    name: "govcloud_serviceinstance_provision_duration_seconds",
    type: "histogram",
    unit: "seconds",
    labels: ["offering"],
    buckets: PROVISION_BUCKETS,
    help: "Time from a ServiceInstance's creation to Ready.",
  },
  {
    name: "govcloud_serviceinstance_exit_duration_seconds",
    type: "histogram",
    unit: "seconds",
    labels: ["offering"],
    buckets: PROVISION_BUCKETS,
    help: "Time from a ServiceInstance's deletion to its finalizer being removed (resources released).",
  },
  {
    name: "govcloud_serviceinstance_failures_total",
    type: "counter",
    unit: "",
    labels: ["offering", "reason"],
    help: "ServiceInstances that failed, by reason.",
  },
] as const);
