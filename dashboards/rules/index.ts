/** The mixin's Prometheus rules: KPI recording rules and alerts, and their renderings. */
export * from "./rules.js";
export * from "./render.js";
