/**
 * Governance pack: the plans' rules on how the cloud is used rather than secured — migrations on time
 * or a budget hold (seed 001), no new clouds outside the "1+11+N" (seed 002 §4), and zombie systems
 * (僵尸信息系统) found from declared usage data by the five criteria of seed 003.
 */
import type { Rule, Violation } from "../../types.js";
import { daysBetween, docSubject, percent } from "../support.js";

const none: readonly Violation[] = [];

/** Days after which business inactivity or a missing update counts as "long" (seed 003 says 长期). */
export const ZOMBIE_STALE_DAYS = 365;
/** Average CPU utilisation below which resources count as idle. */
export const ZOMBIE_IDLE_CPU = 0.05;
/** Few users and low frequency of use: both below these monthly figures. */
export const ZOMBIE_FEW_USERS = 50;
export const ZOMBIE_FEW_TRANSACTIONS = 1000;
/** How many of the five criteria make a candidate. */
export const ZOMBIE_MIN_CRITERIA = 2;
/** A planned migration not started this close to its deadline is at risk. */
export const MIGRATION_WARN_DAYS = 90;

export const rules: readonly Rule[] = [
  {
    id: "GOV-MIG-001",
    title: "Migration overdue: budget hold",
    pack: "governance",
    severity: "high",
    clause: { standard: "山西省政务信息系统迁移上云 (seed 001)", clause: "budget hold", title: "a department whose system misses its migration deadline may not apply for budget" },
    target: "request",
    description: "Every non-classified system migrates onto the cloud by its deadline; a department with a system past the deadline is put on budget hold (预算冻结) until it completes.",
    remediation: "Finish the migration and set spec.migration.phase to migrated with the completed date, or obtain a new deadline from the big-data bureau and record it.",
    check: ({ request, estate, today }) => {
      const m = request.doc.spec.migration;
      if (!m || m.phase === "migrated" || today === undefined) return none;
      const late = daysBetween(m.deadline, today);
      if (late <= 0) return none;
      const hold = estate.estate.doc.spec.policy.budgetHoldOnOverdueMigration !== false;
      return [
        {
          message: `the migration from ${m.legacyLocation} was due on ${m.deadline} (${late} days ago) and is still ${m.phase}${hold ? `: department ${request.doc.spec.department} is on budget hold until it completes` : ""}`,
          path: ["spec", "migration", "deadline"],
        },
      ];
    },
  },
  {
    id: "GOV-MIG-002",
    title: "Migration not started close to its deadline",
    pack: "governance",
    severity: "medium",
    clause: { standard: "山西省政务信息系统迁移上云 (seed 001)", clause: "budget hold", title: "a migration at risk of missing its deadline" },
    target: "request",
    description: `A migration still planned (not started) within ${MIGRATION_WARN_DAYS} days of its deadline is likely to miss it and put the department on budget hold.`,
    remediation: "Start the migration (phase: migrating) with the cloud operator now, or agree a realistic deadline before this one passes.",
    check: ({ request, today }) => {
      const m = request.doc.spec.migration;
      if (!m || m.phase !== "planned" || today === undefined) return none;
      const left = daysBetween(today, m.deadline);
      if (left < 0 || left > MIGRATION_WARN_DAYS) return none;
      return [{ result: "warn", message: `the migration from ${m.legacyLocation} has not started and is due in ${left} days (${m.deadline})`, path: ["spec", "migration", "phase"] }];
    },
  },
  {
    id: "GOV-ZOMBIE-001",
    title: "Zombie-system candidate (僵尸信息系统)",
    pack: "governance",
    severity: "medium",
    clause: { standard: "山西省政务信息系统整合共享工作方案 (seed 003)", clause: "二(一)", title: "clean up zombie systems: five criteria" },
    target: "request",
    description:
      `A system meeting at least ${ZOMBIE_MIN_CRITERIA} of seed 003's five criteria is a zombie candidate: (1) long disconnected from real business, (2) function covered by another system, (3) resources idle for long, (4) maintenance and updates stopped, (5) few users and low frequency of use. Judged from the declared spec.usage.`,
    remediation: "Review the system with its owner: decommission it or merge it into the system that covers it, and release its quota; if it is alive, correct spec.usage.",
    check: ({ request, today }) => {
      const u = request.doc.spec.usage;
      if (!u) return none;
      const met: { readonly text: string; readonly field: string }[] = [];
      if (u.lastBusinessActivity !== undefined && today !== undefined && daysBetween(u.lastBusinessActivity, today) > ZOMBIE_STALE_DAYS) {
        met.push({ text: `no business activity since ${u.lastBusinessActivity}`, field: "lastBusinessActivity" });
      }
      if (u.supersededBy !== undefined) met.push({ text: `its function is covered by ${u.supersededBy}`, field: "supersededBy" });
      if (u.avgCpuUtilisation !== undefined && u.avgCpuUtilisation < ZOMBIE_IDLE_CPU) met.push({ text: `resources idle (average CPU ${percent(u.avgCpuUtilisation)})`, field: "avgCpuUtilisation" });
      if (u.lastUpdate !== undefined && today !== undefined && daysBetween(u.lastUpdate, today) > ZOMBIE_STALE_DAYS) met.push({ text: `no update since ${u.lastUpdate}`, field: "lastUpdate" });
      const fewUsers = u.monthlyActiveUsers === undefined || u.monthlyActiveUsers < ZOMBIE_FEW_USERS;
      const fewUses = u.monthlyTransactions === undefined || u.monthlyTransactions < ZOMBIE_FEW_TRANSACTIONS;
      if ((u.monthlyActiveUsers !== undefined || u.monthlyTransactions !== undefined) && fewUsers && fewUses) {
        const figures = [u.monthlyActiveUsers !== undefined ? `${u.monthlyActiveUsers} users` : "", u.monthlyTransactions !== undefined ? `${u.monthlyTransactions} transactions` : ""].filter(Boolean).join(", ");
        met.push({ text: `few users and low use (${figures} a month)`, field: u.monthlyActiveUsers !== undefined ? "monthlyActiveUsers" : "monthlyTransactions" });
      }
      if (met.length < ZOMBIE_MIN_CRITERIA) return none;
      // At the first criterion met, in seed 003's order.
      return [{ result: "warn", message: `meets ${met.length} of 5 zombie criteria: ${met.map((m) => m.text).join("; ")}`, path: ["spec", "usage", met[0]!.field] }];
    },
  },
  {
    id: "GOV-CLOUD-001",
    title: "No new clouds outside the 1+11+N",
    pack: "governance",
    severity: "high",
    clause: { standard: "山西省数字政府建设规划 (seed 002)", clause: "§4 一朵云", title: "no department or city builds a new cloud; no county builds any" },
    target: "estate",
    description: "The estate has one provincial cloud, at most one cloud per city and one per industry: a second node for the same place or sector is a new cloud the plans forbid.",
    remediation: "Fold the extra node into the existing cloud of its city or industry (as a further site), or remove it.",
    check: ({ estate }) => {
      const first = new Map<string, string>();
      const out: Violation[] = [];
      for (const c of estate.clouds) {
        const s = c.doc.spec;
        const slot = s.tier === "provincial" ? "the provincial cloud" : s.tier === "city" ? `city ${s.division}` : `industry ${s.industry ?? "(none)"}`;
        const prev = first.get(slot);
        if (prev === undefined) {
          first.set(slot, c.doc.metadata.name);
          continue;
        }
        out.push({
          message: `cloud ${c.doc.metadata.name} is a second cloud for ${slot}, which ${prev} already serves`,
          subject: docSubject(c, ["metadata", "name"], { cloud: c.doc.metadata.name }),
        });
      }
      return out;
    },
  },
];
