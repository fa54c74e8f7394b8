/**
 * The operators module: the registry of controllers `govcloud operators run` starts, the CRDs of the
 * govcloud.io kinds, and — loaded on demand, as it pulls in @kubernetes/client-node — the controller
 * runtime (`loadRuntime()`; its types are exported here).
 */
import { CRD_RESOURCES } from "./crds/index.js";

export type * from "./runtime/index.js";
export {
  crds,
  crdsYaml,
  crdOf,
  crdFileName,
  readSchemas,
  CRDS,
  CRD_RESOURCES,
  GROUP,
  type CrdEntry,
} from "./crds/index.js";
export { CONTROLLERS, type ControllerFactory, type ControllerInput } from "./registry.js";
// Light (node:v8 only): the command sets the heap growth before it loads anything large.
export { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFlag, limitHeapGrowth } from "./runtime/heap.js";

/** The controller runtime, with the operators' own kinds registered as resources. */
export async function loadRuntime(): Promise<typeof import("./runtime/index.js")> {
  const runtime = await import("./runtime/index.js");
  for (const r of CRD_RESOURCES) if (!runtime.hasResource(r.kind)) runtime.addResource(r);
  return runtime;
}
