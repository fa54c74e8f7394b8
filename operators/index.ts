/**
 * The operators module: the controller runtime, the CRDs, and the registry of controllers that
 * `govcloud operators run --controllers …` starts. A controller plugs in with one entry in CONTROLLERS.
 */
import type { Registry } from "prom-client";
import type { Estate } from "../catalog/index.js";
import { baselineController } from "./baseline/index.js";
import { catalogController } from "./catalog/index.js";
import type { ControllerDefinition, Logger } from "./runtime/index.js";

export * from "./runtime/index.js";
export { crds, crdsYaml, CRDS } from "./crds/index.js";
export { catalogController, catalogMetrics, FINALIZER as CATALOG_FINALIZER, INSTANCE_OF, REALISED_KINDS, type CatalogOptions } from "./catalog/index.js";
export { baselineController, desiredState, driftOf, BASELINE_KINDS, CLUSTER_KEY, FIELD_MANAGER, SYSTEM_LABEL } from "./baseline/index.js";

/** What a controller is built from. */
export interface ControllerInput {
  readonly estate: Estate;
  readonly registry: Registry;
  readonly log: Logger;
  /** The cloud node this cluster is (`--cloud`); undefined: every node's plan. */
  readonly node?: string;
  /** `--remediate` (baseline: revert drift). */
  readonly remediate: boolean;
  /** The date judged by (tests); default today. */
  readonly today?: () => string;
}

export type ControllerFactory = (input: ControllerInput) => ControllerDefinition;

/** Every controller `operators run` can start, by name. */
export const CONTROLLERS: Readonly<Record<string, ControllerFactory>> = {
  catalog: (i) => catalogController({ estate: i.estate, registry: i.registry, ...(i.node ? { node: i.node } : {}) }),
  baseline: (i) => baselineController({ estate: i.estate, registry: i.registry, remediate: i.remediate, ...(i.node ? { node: i.node } : {}), ...(i.today ? { today: i.today } : {}) }),
};
