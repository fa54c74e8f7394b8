/**
 * Least privilege (最小权限) and separation of duties (三权分立: system, audit and security
 * administrators) in RBAC, at MLPS level 2 and above: tenants never hold cluster-wide or wildcard
 * grants, never cluster-admin, never the verbs that step around RBAC; auditors only read; each
 * department's developers and auditors are different, unshared groups.
 */
import { isBootstrapDefault, isTenantRole, policyRules, roleRef, subjectLabel, subjects, BINDING_KINDS, ROLE_KINDS } from "../../../kube/index.js";
import { departmentGroups } from "../../context.js";
import { groupDepartment, isAuditorGroup, isDeveloperGroup, isTenantSubject } from "../scope.js";
import { NONE } from "../workload.js";
import { mlps } from "../../sources.js";
import { catalogSubject } from "../support.js";
import type { Rule, Violation } from "../../types.js";

const LEAST_PRIVILEGE = mlps("7.1.4.2", "GB/T 22239-2019 7.1.4.2 a), c), d) (accounts and permissions assigned, no shared accounts, least privilege and separated administrator permissions), with Kubernetes RBAC grants as their concrete form");
const AUDIT_ADMIN = mlps("7.1.5.2", "GB/T 22239-2019 7.1.5.2 (the audit administrator works only through specific operations; audit separated from system administration): read-only auditor roles in groups of their own");

/** Built-in cluster roles that carry write access (the API server's defaults). */
const SUPERUSER = "cluster-admin";
const CLUSTER_WIDE_ADMIN: ReadonlySet<string> = new Set(["cluster-admin", "admin", "edit"]);
const WRITE_ROLES: ReadonlySet<string> = CLUSTER_WIDE_ADMIN;
/** Verbs that step around RBAC itself: grant more than one holds, bind any role, act as someone else. */
const ESCALATION_VERBS: ReadonlySet<string> = new Set(["escalate", "bind", "impersonate"]);
const WILDCARD_FIELDS = ["verbs", "resources", "apiGroups", "nonResourceURLs"] as const;

export const rules: readonly Rule[] = [
  {
    id: "MLPS2-RBAC-001",
    title: "No cluster-admin for tenants",
    pack: "mlps2",
    severity: "critical",
    clause: LEAST_PRIVILEGE,
    target: "object",
    kinds: BINDING_KINDS,
    description: "A tenant bound to cluster-admin (anywhere), or to admin or edit cluster-wide, controls every tenant's workloads and secrets and can lift its own quota and network isolation.",
    remediation: "Bind the department's groups to its own namespaced Roles (RoleBinding in <dept>-<system>); keep cluster-admin for the platform operators.",
    check({ object, facts }) {
      if (isBootstrapDefault(object)) return NONE;
      const ref = roleRef(object);
      if (ref?.kind !== "ClusterRole") return NONE;
      const bad = ref.name === SUPERUSER || (object.kind === "ClusterRoleBinding" && CLUSTER_WIDE_ADMIN.has(ref.name));
      if (!bad) return NONE;
      const out: Violation[] = [];
      subjects(object).forEach((s, i) => {
        if (isTenantSubject(s, object.metadata.namespace, facts)) {
          out.push({
            message: `${subjectLabel(s)} is bound to ${ref.name}${object.kind === "ClusterRoleBinding" ? " in every namespace" : ` in ${object.metadata.namespace ?? "its namespace"}`}`,
            path: ["subjects", i],
          });
        }
      });
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-002",
    title: "No cluster-wide grants to tenants",
    pack: "mlps2",
    severity: "high",
    clause: LEAST_PRIVILEGE,
    target: "object",
    kinds: ["ClusterRoleBinding"],
    description: "A ClusterRoleBinding grants its role in every namespace, other tenants' included; a tenant's rights end at its own namespaces.",
    remediation: "Replace the ClusterRoleBinding with a RoleBinding in each of the department's namespaces.",
    check({ object, facts }) {
      if (isBootstrapDefault(object)) return NONE;
      const ref = roleRef(object);
      const out: Violation[] = [];
      subjects(object).forEach((s, i) => {
        if (isTenantSubject(s, undefined, facts)) out.push({ message: `${subjectLabel(s)} is granted ${ref?.kind ?? "role"} ${ref?.name ?? "?"} cluster-wide`, path: ["subjects", i] });
      });
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-003",
    title: "No wildcard grants to tenants",
    pack: "mlps2",
    severity: "high",
    clause: LEAST_PRIVILEGE,
    target: "object",
    kinds: ROLE_KINDS,
    description: "A '*' in verbs, resources or API groups grants everything, including kinds and verbs added later; a tenant's role names what it grants.",
    remediation: "List the API groups, resources and verbs the department needs explicitly instead of '*'.",
    check({ object }) {
      if (!isTenantRole(object)) return NONE;
      const out: Violation[] = [];
      policyRules(object).forEach((r, i) => {
        for (const field of WILDCARD_FIELDS) {
          const list = r[field];
          if (!Array.isArray(list)) continue;
          list.forEach((v, j) => {
            if (v.includes("*")) out.push({ message: `rule ${i + 1} grants ${field} "${v}"`, path: ["rules", i, field, j] });
          });
        }
      });
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-004",
    title: "No escalate, bind or impersonate for tenants",
    pack: "mlps2",
    severity: "high",
    clause: LEAST_PRIVILEGE,
    target: "object",
    kinds: ROLE_KINDS,
    description: "escalate and bind let the holder grant roles beyond its own rights; impersonate lets it act as any user, group or service account. Each defeats least privilege.",
    remediation: "Remove escalate, bind and impersonate from the tenant's roles; role changes go through the catalog and the platform operators.",
    check({ object }) {
      if (!isTenantRole(object)) return NONE;
      const out: Violation[] = [];
      policyRules(object).forEach((r, i) => {
        (r.verbs ?? []).forEach((v, j) => {
          if (ESCALATION_VERBS.has(v)) out.push({ message: `rule ${i + 1} grants ${v}${r.resources?.length ? ` on ${r.resources.join(", ")}` : ""}`, path: ["rules", i, "verbs", j] });
        });
      });
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-005",
    title: "Auditors only read",
    pack: "mlps2",
    severity: "high",
    clause: AUDIT_ADMIN,
    target: "object",
    kinds: BINDING_KINDS,
    description: "The audit role is separate from the system administrator's: an auditors group holds read-only access and is never bound together with the developers who make the changes it audits.",
    remediation: "Bind the auditors group only to read-only roles (e.g. view or the platform's auditor Role), in a binding of its own.",
    check({ object, facts }) {
      if (isBootstrapDefault(object)) return NONE;
      const subs = subjects(object);
      const ref = roleRef(object);
      const out: Violation[] = [];
      subs.forEach((s, i) => {
        if (s.kind !== "Group" || !isAuditorGroup(s.name, facts)) return;
        if (ref?.kind === "ClusterRole" && WRITE_ROLES.has(ref.name)) {
          out.push({ message: `auditors group "${s.name}" is bound to ${ref.name}, which can change what it audits`, path: ["subjects", i] });
        }
        const dept = groupDepartment(s.name, facts);
        const j = subs.findIndex((o) => o.kind === "Group" && isDeveloperGroup(o.name, facts) && groupDepartment(o.name, facts) === dept);
        if (j >= 0) out.push({ message: `auditors group "${s.name}" shares binding to ${ref?.name ?? "a role"} with developers group "${subs[j]!.name}"`, path: ["subjects", j] });
      });
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-006",
    title: "Developers and auditors are different groups",
    pack: "mlps2",
    severity: "high",
    clause: AUDIT_ADMIN,
    target: "estate",
    description: "When a department's developers and auditors are one identity group, the people who change the system also audit it.",
    remediation: "Declare distinct groups in spec.groups.developers and spec.groups.auditors (or remove both to get <dept>:developers and <dept>:auditors).",
    check({ estate }) {
      const out: Violation[] = [];
      for (const d of estate.departments) {
        const g = departmentGroups(d.doc);
        if (g.developers === g.auditors) {
          out.push({
            message: `department ${d.doc.metadata.name} uses group "${g.auditors}" both for its developers and for its auditors`,
            subject: catalogSubject(d.locate(["spec", "groups", "auditors"]), { department: d.doc.metadata.name }),
          });
        }
      }
      return out;
    },
  },
  {
    id: "MLPS2-RBAC-007",
    title: "Identity groups are not shared between departments",
    pack: "mlps2",
    severity: "high",
    clause: LEAST_PRIVILEGE,
    target: "estate",
    description: "A group declared by two departments gives each department's people the other's rights: a shared account across tenants.",
    remediation: "Give each department its own identity-provider groups in spec.groups.",
    check({ estate }) {
      // Every department holding a group, by group: a group held by more than one is shared.
      const holders = new Map<string, string[]>();
      for (const d of estate.departments) {
        const g = departmentGroups(d.doc);
        for (const group of new Set([g.developers, g.auditors])) holders.set(group, [...(holders.get(group) ?? []), d.doc.metadata.name]);
      }
      const out: Violation[] = [];
      for (const d of estate.departments) {
        const id = d.doc.metadata.name;
        const g = departmentGroups(d.doc);
        for (const role of ["developers", "auditors"] as const) {
          const others = (holders.get(g[role]) ?? []).filter((h) => h !== id);
          if (others.length === 0) continue;
          out.push({
            message: `the ${role} group "${g[role]}" of department ${id} is also the group of ${others.length === 1 ? "department" : "departments"} ${others.join(", ")}`,
            subject: catalogSubject(d.locate(["spec", "groups", role]), { department: id }),
          });
        }
      }
      return out;
    },
  },
];
