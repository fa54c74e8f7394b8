/** NetworkPolicy semantics (networking.k8s.io/v1) the tenant-isolation rules need. */
import type { INetworkPolicySpec } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec";
import type { KubeObject } from "./object.js";

type LabelSelector = INetworkPolicySpec["podSelector"];

export function networkPolicySpec(o: KubeObject): Readonly<INetworkPolicySpec> | undefined {
  const s = o.spec as INetworkPolicySpec | undefined;
  return s && typeof s === "object" ? s : undefined;
}

/** An empty selector (`{}`) selects everything: every pod, or every namespace. */
export function isEmptySelector(s: Readonly<LabelSelector> | undefined): boolean {
  if (!s || typeof s !== "object") return false;
  const labels = s.matchLabels;
  const exprs = s.matchExpressions;
  return (labels === undefined || Object.keys(labels).length === 0) && (exprs === undefined || exprs.length === 0);
}

/**
 * The directions a policy governs: its policyTypes, or — as the API server defaults them — Ingress,
 * plus Egress when the policy has egress rules.
 */
export function policyTypes(s: Readonly<INetworkPolicySpec>): { ingress: boolean; egress: boolean } {
  if (Array.isArray(s.policyTypes) && s.policyTypes.length > 0) {
    return { ingress: s.policyTypes.includes("Ingress"), egress: s.policyTypes.includes("Egress") };
  }
  return { ingress: true, egress: Array.isArray(s.egress) && s.egress.length > 0 };
}

/** What a policy denies to every pod of its namespace: it selects all pods and allows nothing in that direction. */
export function defaultDenies(s: Readonly<INetworkPolicySpec>): { ingress: boolean; egress: boolean } {
  if (!isEmptySelector(s.podSelector ?? {})) return { ingress: false, egress: false };
  const t = policyTypes(s);
  return {
    ingress: t.ingress && (s.ingress === undefined || s.ingress.length === 0),
    egress: t.egress && (s.egress === undefined || s.egress.length === 0),
  };
}

/** A place where a policy admits every namespace. */
export interface OpenIngress {
  /** Index of the rule in spec.ingress. */
  readonly rule: number;
  /** Index of the peer whose namespaceSelector is empty; undefined when the rule has no 'from' at all (every source). */
  readonly peer?: number;
  readonly path: readonly (string | number)[];
}

/**
 * Where a policy that governs ingress admits every namespace: a rule without 'from', or a peer with
 * an empty namespaceSelector.
 */
export function openIngress(s: Readonly<INetworkPolicySpec>): OpenIngress[] {
  if (!policyTypes(s).ingress) return [];
  const out: OpenIngress[] = [];
  (s.ingress ?? []).forEach((r, i) => {
    if (!r.from || r.from.length === 0) {
      out.push({ rule: i, path: ["spec", "ingress", i] });
      return;
    }
    r.from.forEach((p, j) => {
      if (isEmptySelector(p.namespaceSelector))
        out.push({ rule: i, peer: j, path: ["spec", "ingress", i, "from", j, "namespaceSelector"] });
    });
  });
  return out;
}
