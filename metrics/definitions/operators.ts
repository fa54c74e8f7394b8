/** Operator runtime metrics (operators/runtime): controllers, work queues, reflectors, leader election. */
import { defineMetrics, LATENCY_BUCKETS } from "./define.js";

export const operators = defineMetrics("operators", "operators/runtime (every operator process)", [
  { name: "govcloud_controller_reconcile_total", type: "counter", unit: "", labels: ["controller", "result"], help: "Reconciles by controller and result (success, error, requeue, requeue_after)." },
  { name: "govcloud_controller_reconcile_errors_total", type: "counter", unit: "", labels: ["controller"], help: "Reconciles that returned an error." },
  {
    name: "govcloud_controller_reconcile_duration_seconds",
    type: "histogram",
    unit: "seconds",
    labels: ["controller"],
    buckets: LATENCY_BUCKETS,
    help: "Time one reconcile took.",
  },
  { name: "govcloud_workqueue_depth", type: "gauge", unit: "", labels: ["controller"], help: "Keys waiting in the work queue (not counting keys being processed)." },
  { name: "govcloud_workqueue_adds_total", type: "counter", unit: "", labels: ["controller"], help: "Keys added to the work queue (a merge into a pending key counts too)." },
  { name: "govcloud_workqueue_retries_total", type: "counter", unit: "", labels: ["controller"], help: "Keys re-queued with per-key backoff after an error." },
  {
    name: "govcloud_workqueue_queue_duration_seconds",
    type: "histogram",
    unit: "seconds",
    labels: ["controller"],
    buckets: LATENCY_BUCKETS,
    help: "Time a key waited in the queue before a worker took it.",
  },
  {
    name: "govcloud_workqueue_work_duration_seconds",
    type: "histogram",
    unit: "seconds",
    labels: ["controller"],
    buckets: LATENCY_BUCKETS,
    help: "Time a worker spent on one key.",
  },
  {
    name: "govcloud_reflector_watch_restarts_total",
    type: "counter",
    unit: "",
    labels: ["resource", "reason"],
    help: "Watches restarted, by reason (expired = 410 Gone and re-list, timeout, stall, error, closed).",
  },
  { name: "govcloud_reflector_relists_total", type: "counter", unit: "", labels: ["resource"], help: "Full re-lists (after 410 Gone or the periodic re-list)." },
  { name: "govcloud_leader_election_is_leader", type: "gauge", unit: "", labels: ["lease"], help: "1 while this process holds the Lease, else 0." },
  { name: "govcloud_controller_cache_synced", type: "gauge", unit: "", labels: ["controller"], help: "1 once every informer cache the controller reads has synced, else 0." },
] as const);
