/**
 * The platform's own duties at MLPS level 2 and above: it hosts no system graded above itself, it
 * makes the Pod Security admission controller enforce the workload profile, and audit logs are kept
 * for at least 180 days (网络安全法 art. 23(3) since the 2025 amendment, formerly art. 21(3): no less than six months).
 */
import { namespaceOf } from "../../../catalog/index.js";
import { isTenantNamespace, LABELS, podSecurityEnforce } from "../../../kube/index.js";
import { NONE } from "../workload.js";
import { cite, mlps } from "../../sources.js";
import { catalogSubject } from "../support.js";
import type { Rule } from "../../types.js";

/** The Cybersecurity Law's minimum: six months. */
export const MIN_AUDIT_RETENTION_DAYS = 180;
/**
 * The retention duty is the Cybersecurity Law's (art. 23(3) since the 2025 amendment, formerly art. 21(3)):
 * GB/T 22239-2019 7.1.4.3 c) asks that audit records be protected and backed up, but sets no duration.
 */
const AUDIT = cite("中华人民共和国网络安全法", "2025", "art. 23");
const BASELINE_OR_STRICTER: ReadonlySet<string> = new Set(["baseline", "restricted"]);

export const rules: readonly Rule[] = [
  {
    id: "MLPS2-PLT-001",
    title: "Platform hosts no system above its level",
    pack: "mlps2",
    severity: "critical",
    clause: mlps("7.2.2.1"),
    target: "object",
    kinds: ["Namespace"],
    description: "A system's namespace (its primary, or a DR standby placed on a partner node) may only live on a cloud node whose own MLPS level (maxMlpsLevel) is at least the system's.",
    remediation: "Place the system (or its standby) on a cloud node graded at the system's level or above, or regrade the system.",
    check(ctx) {
      const { object, estate } = ctx;
      if (!estate || !isTenantNamespace(object.metadata.name)) return NONE;
      const cloud = object.metadata.labels?.[LABELS.cloud];
      const node = cloud === undefined ? undefined : estate.index.cloud.get(cloud);
      if (!node) return NONE;
      const level = ctx.level;
      const max = node.doc.spec.maxMlpsLevel;
      if (level <= max) return NONE;
      return [{ message: `namespace ${object.metadata.name} holds an MLPS level ${level} system on ${cloud}, a level ${max} platform`, path: ["metadata", "labels", LABELS.cloud] }];
    },
  },
  {
    id: "MLPS2-PSA-001",
    title: "Pod Security admission enforces at least baseline",
    pack: "mlps2",
    severity: "high",
    clause: mlps("7.1.4.2", "GB/T 22239-2019 7.1.4.2 (access control): the Pod Security admission controller enforcing the baseline profile the workload rules check"),
    target: "object",
    kinds: ["Namespace"],
    description: "The workload rules judge manifests; the Pod Security admission controller enforces the same profile on every pod the cluster admits. A tenant namespace of a level 2 system enforces baseline or restricted.",
    remediation: "Label the namespace pod-security.kubernetes.io/enforce: baseline (restricted for level 3), with a pinned enforce-version.",
    check(ctx) {
      const { object } = ctx;
      if (!isTenantNamespace(object.metadata.name) || ctx.level < 2) return NONE;
      const mode = podSecurityEnforce(object);
      if (mode !== undefined && BASELINE_OR_STRICTER.has(mode)) return NONE;
      return [{ message: `namespace ${object.metadata.name} ${mode === undefined ? "has no" : `enforces "${mode}" as its`} Pod Security admission level`, path: ["metadata", "labels"] }];
    },
  },
  {
    id: "MLPS2-AUD-001",
    title: "Audit logs kept at least 180 days",
    pack: "mlps2",
    severity: "high",
    clause: AUDIT,
    target: "request",
    description: "Audit records must be kept centrally for at least six months (网络安全法 art. 23(3) as amended in 2025, formerly art. 21(3): 180 days) — longer if the estate's policy says so (estate.spec.policy.auditRetentionDays).",
    remediation: "Declare spec.audit.retentionDays of at least 180 (and at least the estate's auditRetentionDays) and ship the system's audit logs to the central log store.",
    check({ estate, request }) {
      const min = Math.max(MIN_AUDIT_RETENTION_DAYS, estate.estate.doc.spec.policy.auditRetentionDays);
      const audit = request.doc.spec.audit;
      if (!audit) return [{ message: `${namespaceOf(request.doc)} declares no audit log retention (spec.audit.retentionDays); at least ${min} days are required`, path: ["spec"] }];
      if (audit.retentionDays >= min) return NONE;
      return [{ message: `audit logs are kept ${audit.retentionDays} days; at least ${min} are required`, path: ["spec", "audit", "retentionDays"] }];
    },
  },
  {
    id: "MLPS2-AUD-002",
    title: "Estate audit retention at least 180 days",
    pack: "mlps2",
    severity: "high",
    clause: AUDIT,
    target: "estate",
    description: "The estate's default audit retention is what every system inherits; it may not fall below the legal six months.",
    remediation: `Set estate.spec.policy.auditRetentionDays to ${MIN_AUDIT_RETENTION_DAYS} or more.`,
    check({ estate }) {
      const days = estate.estate.doc.spec.policy.auditRetentionDays;
      if (days >= MIN_AUDIT_RETENTION_DAYS) return NONE;
      return [
        {
          message: `the estate keeps audit logs ${days} days; at least ${MIN_AUDIT_RETENTION_DAYS} are required`,
          subject: catalogSubject(estate.estate.locate(["spec", "policy", "auditRetentionDays"])),
        },
      ];
    },
  },
];
