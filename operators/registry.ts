/**
 * The controllers `govcloud operators run --controllers …` can start: one entry each, loaded on
 * demand (a controller's rules and planners are only imported when it runs).
 */
import type { Registry } from "prom-client";
import type { Estate } from "../catalog/index.js";
import type { ControllerDefinition, Logger } from "./runtime/index.js";

/** What a controller is built from. */
export interface ControllerInput {
  readonly estate: Estate;
  readonly registry: Registry;
  readonly log: Logger;
  /** The cloud node this cluster is (`--cloud`); undefined: every node's plan. */
  readonly node?: string;
  /** `--remediate` (baseline: revert drift). */
  readonly remediate: boolean;
  /** The date judged by; default today. */
  readonly today?: () => string;
  /** `--prometheus-url`: where the migration controller measures traffic (and zombie criteria). */
  readonly prometheusUrl?: string;
  /** `--warn-days`: the migration controller's early-warning window (default 90, a convention). */
  readonly warnDays?: number;
}

export type ControllerFactory = (input: ControllerInput) => ControllerDefinition;

export const CONTROLLERS: Readonly<Record<string, () => Promise<ControllerFactory>>> = {
  catalog: async () => {
    const { catalogController } = await import("./catalog/index.js");
    return (i) => catalogController({ estate: i.estate, registry: i.registry, ...(i.node ? { node: i.node } : {}) });
  },
  baseline: async () => {
    const { baselineController } = await import("./baseline/index.js");
    return (i) =>
      baselineController({
        estate: i.estate,
        registry: i.registry,
        remediate: i.remediate,
        ...(i.node ? { node: i.node } : {}),
        ...(i.today ? { today: i.today } : {}),
      });
  },
  migration: async () => {
    const { migrationController, prometheusTraffic, zombieHook } = await import("./migration/index.js");
    return (i) =>
      migrationController({
        registry: i.registry,
        ...(i.prometheusUrl
          ? { traffic: prometheusTraffic(i.prometheusUrl), zombie: zombieHook(i.prometheusUrl) }
          : {}),
        ...(i.warnDays !== undefined ? { warnDays: i.warnDays } : {}),
      });
  },
};
