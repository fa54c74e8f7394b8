/** Least privilege over secrets at MLPS level 3: access control (访问控制, 8.1.4.2) down to the named secret. */
import { coversCoreResource, grantsVerb, isTenantRole, policyRules, ROLE_KINDS } from "../../../kube/index.js";
import { NONE } from "../workload.js";
import { mlps } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";

/** Verbs that return a secret's content: get (unless limited by resourceNames), and list and watch, which return them all. */
const READ_VERBS = ["get", "list", "watch"] as const;

export const rules: readonly Rule[] = [
  {
    id: "MLPS3-RBAC-001",
    title: "Secrets read only by name",
    pack: "mlps3",
    severity: "medium",
    clause: mlps("8.1.4.2", "GB/T 22239-2019 8.1.4.2 d), f) (least privilege; access control down to the object: here a secret named in resourceNames rather than every secret of the namespace)"),
    target: "object",
    kinds: ROLE_KINDS,
    description: "Listing or watching secrets returns every credential of the namespace at once; at level 3 a tenant's role reads only the secrets it names (resourceNames), and pods get theirs through volumes.",
    remediation: "Remove list and watch on secrets from the role; grant get only with resourceNames naming the secrets the holder needs.",
    check(ctx) {
      const { object } = ctx;
      if (!isTenantRole(object) || ctx.level < 3) return NONE;
      const out: Violation[] = [];
      policyRules(object).forEach((r, i) => {
        if (!coversCoreResource(r, "secrets")) return;
        const named = r.resourceNames !== undefined && r.resourceNames.length > 0;
        const reads = READ_VERBS.filter((v) => grantsVerb(r, v) && (v !== "get" || !named));
        if (reads.length > 0) out.push({ message: `rule ${i + 1} lets the holder read every secret of the namespace (${reads.map((v) => (v === "get" ? "get without resourceNames" : v)).join(", ")})`, path: ["rules", i, "verbs"] });
      });
      return out;
    },
  },
];
