/**
 * The desired state the baseline keeps: the planned baseline objects of each system's namespace —
 * the Namespace (its Pod Security Admission and govcloud.io labels), ResourceQuota, LimitRange, RBAC
 * Roles and RoleBindings, default-deny and allow NetworkPolicies — exactly as `planEstate` gives them.
 * Drift is judged field by field on what the plan sets: fields the API server or others add (defaults,
 * status, other labels) are not drift; a planned field missing or different is.
 */
import type { Estate } from "../../catalog/index.js";
import { parseQuantity, type KubeObject } from "../../kube/index.js";
import { planEstate } from "../../stacks/index.js";

/** Kinds of the planned objects the baseline reverts when they drift. */
export const BASELINE_KINDS: readonly string[] = ["Namespace", "ResourceQuota", "LimitRange", "Role", "RoleBinding", "NetworkPolicy"];
const KIND_SET = new Set(BASELINE_KINDS);

export interface DesiredState {
  /** Planned baseline objects by namespace; the Namespace object itself under its own name. */
  readonly byNamespace: ReadonlyMap<string, readonly KubeObject[]>;
  /** The cloud node each namespace is planned on (first node when a DR standby repeats it). */
  readonly nodeOf: ReadonlyMap<string, string>;
}

/**
 * The baseline objects the plan gives for the cluster of cloud node `node` (all nodes when undefined:
 * a namespace planned on several nodes keeps the first node's objects).
 */
export function desiredState(estate: Estate, node?: string): DesiredState {
  const plan = planEstate(estate, node ? { node } : {});
  const byNamespace = new Map<string, KubeObject[]>();
  const nodeOf = new Map<string, string>();
  for (const n of plan.nodes) {
    const seen = new Set<string>();
    for (const o of n.objects) {
      if (!KIND_SET.has(o.kind)) continue;
      const ns = o.kind === "Namespace" ? o.metadata.name : o.metadata.namespace;
      if (!ns) continue;
      const owner = nodeOf.get(ns);
      if (owner !== undefined && owner !== n.node) continue;
      nodeOf.set(ns, n.node);
      seen.add(ns);
      let list = byNamespace.get(ns);
      if (!list) byNamespace.set(ns, (list = []));
      list.push(o);
    }
  }
  return { byNamespace, nodeOf };
}

const isQuantityPath = (path: readonly string[]) => path.includes("hard") || path.includes("default") || path.includes("defaultRequest") || path.includes("max") || path.includes("min");

/**
 * Where `live` differs from `desired` on a field the plan sets: the first differing path, or undefined
 * when every planned field holds (quantities compare by value: "1000m" is "1").
 */
export function driftOf(desired: unknown, live: unknown, path: string[] = []): string | undefined {
  if (desired === null || typeof desired !== "object") {
    if (desired === live) return undefined;
    if (isQuantityPath(path) && (typeof desired === "string" || typeof desired === "number") && (typeof live === "string" || typeof live === "number")) {
      try {
        if (parseQuantity(desired) === parseQuantity(live)) return undefined;
      } catch {
        // not a quantity: a plain difference
      }
    }
    return path.join(".") || "(object)";
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return path.join(".");
    for (let i = 0; i < desired.length; i++) {
      const d = driftOf(desired[i], live[i], [...path, String(i)]);
      if (d) return d;
    }
    return undefined;
  }
  if (live === null || typeof live !== "object" || Array.isArray(live)) return path.join(".") || "(object)";
  for (const [k, v] of Object.entries(desired)) {
    if (path.length === 0 && (k === "apiVersion" || k === "kind")) continue;
    const d = driftOf(v, (live as Record<string, unknown>)[k], [...path, k]);
    if (d) return d;
  }
  return undefined;
}
