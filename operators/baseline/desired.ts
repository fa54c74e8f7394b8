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
export const BASELINE_KINDS: readonly string[] = [
  "Namespace",
  "ResourceQuota",
  "LimitRange",
  "Role",
  "RoleBinding",
  "NetworkPolicy",
];
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
  // Only the kinds kept: the plan's other objects (service instances, backup schedules) are not merged.
  const plan = planEstate(estate, { kinds: KIND_SET, ...(node ? { node } : {}) });
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

/** Fields whose values are quantities ("1000m" is "1"): anything under these keys. */
const QUANTITY_KEYS: ReadonlySet<string> = new Set(["hard", "default", "defaultRequest", "max", "min"]);

/**
 * Where `live` differs from `desired` on a field the plan sets: the first differing path, or undefined
 * when every planned field holds (quantities compare by value: "1000m" is "1").
 */
export function driftOf(desired: unknown, live: unknown): string | undefined {
  const path = differs(desired, live, false, true);
  return path === undefined ? undefined : path.reverse().join(".") || "(object)";
}

/**
 * The path (innermost key first) where `live` differs from `desired`, or undefined. The path is built
 * only on the way back from a difference: comparing equal objects allocates nothing.
 */
function differs(desired: unknown, live: unknown, quantity: boolean, top: boolean): string[] | undefined {
  if (desired === null || typeof desired !== "object") {
    if (desired === live) return undefined;
    if (
      quantity &&
      (typeof desired === "string" || typeof desired === "number") &&
      (typeof live === "string" || typeof live === "number")
    ) {
      try {
        if (parseQuantity(desired) === parseQuantity(live)) return undefined;
      } catch {
        // not a quantity: a plain difference
      }
    }
    return [];
  }
  if (Array.isArray(desired)) {
    if (!Array.isArray(live) || live.length !== desired.length) return [];
    for (let i = 0; i < desired.length; i++) {
      const d = differs(desired[i], live[i], quantity, false);
      if (d) return (d.push(String(i)), d);
    }
    return undefined;
  }
  if (live === null || typeof live !== "object" || Array.isArray(live)) return [];
  for (const k in desired) {
    if (!Object.prototype.hasOwnProperty.call(desired, k)) continue;
    if (top && (k === "apiVersion" || k === "kind")) continue;
    const d = differs(
      (desired as Record<string, unknown>)[k],
      (live as Record<string, unknown>)[k],
      quantity || QUANTITY_KEYS.has(k),
      false,
    );
    if (d) return (d.push(k), d);
  }
  return undefined;
}
