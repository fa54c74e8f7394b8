/** NetworkPolicy semantics (networking.k8s.io/v1) the tenant-isolation rules need. */
import type { INetworkPolicySpec } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicySpec";
import type { KubeObject } from "../../stacks/plan/types.js";

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

/** A place where a policy opens its pods to every namespace. */
export interface OpenPeer {
  /** Index of the rule in spec.ingress / spec.egress. */
  readonly rule: number;
  /** Index of the peer whose namespaceSelector is empty; undefined when the rule names no peer at all (every source or destination). */
  readonly peer?: number;
  /** The ports of the rule (empty: every port). */
  readonly ports: readonly { readonly port?: number | string }[];
  readonly path: readonly (string | number)[];
}

/**
 * Where a policy, in the directions it governs, opens to every namespace: a rule without peers, or
 * a peer with an empty namespaceSelector.
 */
export function openToAllNamespaces(s: Readonly<INetworkPolicySpec>, direction: "ingress" | "egress"): OpenPeer[] {
  if (!policyTypes(s)[direction]) return [];
  const out: OpenPeer[] = [];
  const peersKey = direction === "ingress" ? "from" : "to";
  const rules = (s[direction] ?? []) as readonly { readonly from?: unknown; readonly to?: unknown; readonly ports?: readonly { port?: number | string }[] }[];
  rules.forEach((r, i) => {
    const peers = r[peersKey] as readonly { namespaceSelector?: LabelSelector }[] | undefined;
    const ports = r.ports ?? [];
    if (!peers || peers.length === 0) {
      out.push({ rule: i, ports, path: ["spec", direction, i] });
      return;
    }
    peers.forEach((p, j) => {
      if (isEmptySelector(p.namespaceSelector)) out.push({ rule: i, peer: j, ports, path: ["spec", direction, i, peersKey, j, "namespaceSelector"] });
    });
  });
  return out;
}
