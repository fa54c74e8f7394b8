/**
 * The controller runtime of the govcloud operators: controller-runtime's semantics in TypeScript on
 * @kubernetes/client-node 1.4.0 (see docs/operators.md).
 */
export * from "./clock.js";
export * from "./client.js";
export * from "./controller.js";
export * from "./events.js";
export * from "./heap.js";
export * from "./leader.js";
export * from "./log.js";
export * from "./manager.js";
export * from "./metrics.js";
export * from "./objects.js";
export * from "./reflector.js";
export * from "./resources.js";
export * from "./workqueue.js";
