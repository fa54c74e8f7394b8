/**
 * Tenant isolation (租户隔离) at MLPS level 2 and above: every tenant namespace denies all traffic by
 * default, in and out, and no NetworkPolicy opens a tenant to every namespace of the cluster. (Egress
 * to every namespace or every address is the network pack's: NET-ZONE-002 and NET-EGRESS-001.)
 */
import { defaultDenies, isTenantNamespace, networkPolicySpec, openIngress } from "../../../kube/index.js";
import { NONE } from "../workload.js";
import { mlps } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";

const ISOLATION = mlps("7.2.2.1", "GB/T 22239-2019 7.2.2.1 b) (isolation between cloud service customers' virtual networks): a NetworkPolicy opening a tenant to every namespace undoes it");
const BOUNDARY = mlps("7.2.3.1", "GB/T 22239-2019 7.2.3.1 a) (access control at virtual network boundaries, with rules): a default-deny NetworkPolicy per tenant namespace as the rule set's base");

export const rules: readonly Rule[] = [
  {
    id: "MLPS2-NET-001",
    title: "Default deny in every tenant namespace",
    pack: "mlps2",
    severity: "high",
    clause: BOUNDARY,
    target: "estate",
    description: "Without a NetworkPolicy that selects every pod and allows nothing, a namespace accepts traffic from, and sends it to, every other tenant on the cluster; allow rules are only meaningful on top of a default deny. Judged on each cloud node's planned (or live) objects.",
    remediation: "Add a NetworkPolicy with podSelector: {} and policyTypes [Ingress, Egress] and no rules to the namespace (the tenancy planner does this for every system it places); put allowed flows in separate NetworkPolicies.",
    check({ objects }) {
      if (!objects) return NONE;
      const denied = new Map<string, { ingress: boolean; egress: boolean }>();
      const namespaces: { node: string; name: string }[] = [];
      for (const { node, object } of objects) {
        // Only a node's whole object set says whether a namespace lacks its default deny: objects read
        // from files (`check --objects`, a department's manifests) are placed on no node and say nothing.
        if (node === "") continue;
        if (object.kind === "Namespace") {
          if (isTenantNamespace(object.metadata.name)) namespaces.push({ node, name: object.metadata.name });
        } else if (object.kind === "NetworkPolicy") {
          const spec = networkPolicySpec(object);
          if (!spec) continue;
          const d = defaultDenies(spec);
          if (!d.ingress && !d.egress) continue;
          const key = `${node}\u0000${object.metadata.namespace ?? ""}`;
          const seen = denied.get(key);
          denied.set(key, { ingress: d.ingress || (seen?.ingress ?? false), egress: d.egress || (seen?.egress ?? false) });
        }
      }
      const out: Violation[] = [];
      for (const { node, name } of namespaces) {
        const d = denied.get(`${node}\u0000${name}`);
        const missing = [!d?.ingress && "ingress", !d?.egress && "egress"].filter(Boolean);
        if (missing.length === 0) continue;
        out.push({
          message: `namespace ${name} on ${node} has no default-deny NetworkPolicy for ${missing.join(" and ")}`,
          subject: { type: "object", apiVersion: "v1", kind: "Namespace", name },
        });
      }
      return out;
    },
  },
  {
    id: "MLPS2-NET-002",
    title: "No ingress from every namespace",
    pack: "mlps2",
    severity: "high",
    clause: ISOLATION,
    target: "object",
    kinds: ["NetworkPolicy"],
    description: "An ingress rule with an empty namespaceSelector, or with no 'from' at all, admits every pod of every namespace: other tenants' workloads reach the system directly.",
    remediation: "Name the peers: a podSelector for the same namespace, or a namespaceSelector on govcloud.io/department / kubernetes.io/metadata.name for a declared flow.",
    check({ object }) {
      const spec = networkPolicySpec(object);
      if (!spec || !isTenantNamespace(object.metadata.namespace)) return NONE;
      return openIngress(spec).map((o) => ({
        message: o.peer === undefined ? `ingress rule ${o.rule + 1} has no 'from': it admits every source, every other tenant included` : `ingress rule ${o.rule + 1} admits every namespace (namespaceSelector: {})`,
        path: o.path,
      }));
    },
  },
];
