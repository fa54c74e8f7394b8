/**
 * Governance pack: the plans' rules on how the cloud is used rather than secured — migrations on time
 * or a budget hold (Changzhi's rule, seed 001 三(二)4, applied where estate.spec.policy.budgetHoldScope
 * says), no new clouds outside the "1+11+N" (seed 002 四(一)), and zombie systems (僵尸信息系统) found
 * from declared usage data by the five criteria of seed 003 二(一).
 */
import { migrationSettled, phaseAtLeast } from "../../../catalog/index.js";
import {
  budgetHoldApplies,
  migrationDeadline,
  MIGRATION_WARN_DAYS,
  ZOMBIE_FEW_TRANSACTIONS,
  ZOMBIE_FEW_USERS,
  ZOMBIE_IDLE_CPU,
  ZOMBIE_MIN_CRITERIA,
  ZOMBIE_STALE_DAYS,
  type ResolvedDeadline,
} from "../../../stacks/migration/index.js";
import { cite } from "../../sources.js";
import type { Rule, Violation } from "../../types.js";
import { daysBetween, docSubject, percent } from "../support.js";

const none: readonly Violation[] = [];

// The zombie conventions live with the measured evaluation (stacks/migration zombies.ts), one set for both.
export { ZOMBIE_STALE_DAYS, ZOMBIE_IDLE_CPU, ZOMBIE_FEW_USERS, ZOMBIE_FEW_TRANSACTIONS, ZOMBIE_MIN_CRITERIA };
const CHANGZHI = "长治市加快数字政府建设实施方案";
const CHANGZHI_EDITION = "2020-09-11";

/** "due on 2026-09-30" or "due on 2019-12-31 (the provincial default: 晋政办发〔2019〕92号 一(二))". */
function dueText(d: ResolvedDeadline): string {
  if (d.source === "record") return `due on ${d.deadline}`;
  const tier = d.tier === "provincial" ? "provincial departments'" : `city ${d.city ?? ""} municipal departments'`;
  const clause = d.clause ?? "";
  const convention = d.convention && !clause.startsWith("convention") ? "a convention: " : "";
  return `due on ${d.deadline} (the default for ${tier} systems: ${convention}${clause})`;
}

export const rules: readonly Rule[] = [
  {
    id: "GOV-MIG-001",
    offCloud: true,
    title: "Migration overdue: budget hold",
    pack: "governance",
    severity: "high",
    clause: cite(CHANGZHI, CHANGZHI_EDITION, "三(二)4"),
    target: "request",
    description:
      "Every non-classified system migrates onto the cloud by its deadline: the record's own, else the estate's default for its department's tier (estate.spec.policy.migrationDeadlines: provincial departments 晋政办发〔2019〕92号 一(二), Changzhi's municipal departments 长治市加快数字政府建设实施方案 二, other cities by convention). Migrated, decommissioned, exempt (classified or approved to stay) and retired systems are settled; every other phase, cutover included, is overdue past the deadline. Where the budget hold applies (seed 001 三(二)4 is Changzhi's rule: 未按期迁移的不得申请财政预算; estate.spec.policy.budgetHoldScope lists the cities that adopt it, default Changzhi 140400), a department with a system past the deadline may not apply for budget until it completes: a failure; elsewhere the overdue migration is a warning.",
    remediation:
      "Finish the migration and set spec.migration.phase to migrated with its evidence (assessed, cutover and completed dates), or obtain a new deadline from the big-data bureau and record it in spec.migration.deadline.",
    check: ({ request, estate, today }) => {
      const m = request.doc.spec.migration;
      if (!m || migrationSettled(m.phase) || today === undefined) return none;
      const d = migrationDeadline(estate, request)!;
      const late = daysBetween(d.deadline, today);
      if (late <= 0) return none;
      const hold = budgetHoldApplies(estate, request);
      return [
        {
          ...(hold ? {} : { result: "warn" as const }),
          message: `the migration from ${m.legacyLocation} was ${dueText(d)}, ${late} days ago, and is still ${m.phase}${hold ? `: department ${request.doc.spec.department} is on budget hold until it completes` : " (no budget hold here: estate.spec.policy.budgetHoldScope)"}`,
          path: ["spec", "migration", d.source === "record" ? "deadline" : "phase"],
        },
      ];
    },
  },
  {
    id: "GOV-MIG-002",
    offCloud: true,
    title: "Migration not started close to its deadline",
    pack: "governance",
    severity: "medium",
    clause: cite(
      CHANGZHI,
      CHANGZHI_EDITION,
      "三(二)4",
      `长治市加快数字政府建设实施方案 三(二)4 (migrate by the deadline, else no budget): the ${MIGRATION_WARN_DAYS}-day early warning is the project's convention, not the seed's`,
    ),
    target: "request",
    description: `A migration not started (inventoried or assessed) within ${MIGRATION_WARN_DAYS} days of its deadline (a convention) is likely to miss it and, where the budget hold applies, put the department on it.`,
    remediation:
      "Start the migration (phase: migrating, after the assessment) with the cloud operator now, or agree a realistic deadline before this one passes.",
    check: ({ request, estate, today }) => {
      const m = request.doc.spec.migration;
      if (!m || phaseAtLeast(m.phase, "migrating") || migrationSettled(m.phase) || today === undefined) return none;
      const d = migrationDeadline(estate, request)!;
      const left = daysBetween(today, d.deadline);
      if (left < 0 || left > MIGRATION_WARN_DAYS) return none;
      return [
        {
          result: "warn",
          message: `the migration from ${m.legacyLocation} has not started (${m.phase}) and is ${dueText(d)}, in ${left} days`,
          path: ["spec", "migration", "phase"],
        },
      ];
    },
  },
  {
    id: "GOV-ZOMBIE-001",
    title: "Zombie-system candidate (僵尸信息系统)",
    pack: "governance",
    severity: "medium",
    clause: cite(
      "山西省政务信息系统整合共享工作方案",
      "2017-09-28",
      "二(一)",
      `山西省政务信息系统整合共享工作方案 二(一) (the five criteria of a zombie system); the thresholds that make "long", "idle", "few" and "low" countable (${ZOMBIE_STALE_DAYS} days, CPU under ${ZOMBIE_IDLE_CPU * 100}%, under ${ZOMBIE_FEW_USERS} users and ${ZOMBIE_FEW_TRANSACTIONS} transactions a month, ${ZOMBIE_MIN_CRITERIA} criteria) are the project's conventions`,
    ),
    target: "request",
    description: `A system meeting at least ${ZOMBIE_MIN_CRITERIA} of seed 003's five criteria is a zombie candidate: (1) long disconnected from real business, (2) function covered by another system, (3) resources idle for long, (4) maintenance and updates stopped, (5) few users and low frequency of use. Judged from the declared spec.usage (criterion 1 from lastBusinessActivity or the declaration disconnectedFromBusiness, criterion 2 from supersededBy or replacedBy). A retired system (spec.migration.phase: retired) is already cleaned up and is not judged.`,
    remediation:
      "Review the system with its owner: decommission it or merge it into the system that covers it, and release its quota; if it is alive, correct spec.usage.",
    check: ({ request, today }) => {
      const u = request.doc.spec.usage;
      if (!u || request.doc.spec.migration?.phase === "retired") return none;
      const met: { readonly text: string; readonly field: string }[] = [];
      if (
        u.lastBusinessActivity !== undefined &&
        today !== undefined &&
        daysBetween(u.lastBusinessActivity, today) > ZOMBIE_STALE_DAYS
      ) {
        met.push({ text: `no business activity since ${u.lastBusinessActivity}`, field: "lastBusinessActivity" });
      } else if (u.disconnectedFromBusiness === true) {
        met.push({ text: "declared no longer linked to live business", field: "disconnectedFromBusiness" });
      }
      if (u.supersededBy !== undefined)
        met.push({ text: `its function is covered by ${u.supersededBy}`, field: "supersededBy" });
      else if (u.replacedBy !== undefined)
        met.push({ text: `its function is replaced by ${u.replacedBy}`, field: "replacedBy" });
      if (u.avgCpuUtilisation !== undefined && u.avgCpuUtilisation < ZOMBIE_IDLE_CPU)
        met.push({ text: `resources idle (average CPU ${percent(u.avgCpuUtilisation)})`, field: "avgCpuUtilisation" });
      if (u.lastUpdate !== undefined && today !== undefined && daysBetween(u.lastUpdate, today) > ZOMBIE_STALE_DAYS)
        met.push({ text: `no update since ${u.lastUpdate}`, field: "lastUpdate" });
      const fewUsers = u.monthlyActiveUsers === undefined || u.monthlyActiveUsers < ZOMBIE_FEW_USERS;
      const fewUses = u.monthlyTransactions === undefined || u.monthlyTransactions < ZOMBIE_FEW_TRANSACTIONS;
      if ((u.monthlyActiveUsers !== undefined || u.monthlyTransactions !== undefined) && fewUsers && fewUses) {
        const figures = [
          u.monthlyActiveUsers !== undefined ? `${u.monthlyActiveUsers} users` : "",
          u.monthlyTransactions !== undefined ? `${u.monthlyTransactions} transactions` : "",
        ]
          .filter(Boolean)
          .join(", ");
        met.push({
          text: `few users and low use (${figures} a month)`,
          field: u.monthlyActiveUsers !== undefined ? "monthlyActiveUsers" : "monthlyTransactions",
        });
      }
      if (met.length < ZOMBIE_MIN_CRITERIA) return none;
      // At the first criterion met, in seed 003's order.
      return [
        {
          result: "warn",
          message: `meets ${met.length} of 5 zombie criteria: ${met.map((m) => m.text).join("; ")}`,
          path: ["spec", "usage", met[0]!.field],
        },
      ];
    },
  },
  {
    id: "GOV-CLOUD-001",
    title: "No new clouds outside the 1+11+N",
    pack: "governance",
    severity: "high",
    clause: cite(
      "晋政办发〔2023〕82号",
      "2023-12-28",
      "四(一)",
      "晋政办发〔2023〕82号 四(一) and 晋政办发〔2019〕92号 二(二)5 (no city or department builds or extends a cloud, no county builds one): a second cloud node for the same city or industry counts as a new cloud",
    ),
    target: "estate",
    description:
      "The estate has one provincial cloud, at most one cloud per city and one per industry: a second node for the same place or sector is a new cloud the plans forbid.",
    remediation:
      "Fold the extra node into the existing cloud of its city or industry (as a further site), or remove it.",
    check: ({ estate }) => {
      const first = new Map<string, string>();
      const out: Violation[] = [];
      for (const c of estate.clouds) {
        const s = c.doc.spec;
        const slot =
          s.tier === "provincial"
            ? "the provincial cloud"
            : s.tier === "city"
              ? `city ${s.division}`
              : `industry ${s.industry ?? "(none)"}`;
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
  {
    id: "GOV-SHARE-001",
    title: "Every system is connected to the data-sharing exchange platform",
    pack: "governance",
    severity: "medium",
    clause: cite("山西省政务信息系统整合共享工作方案", "2017-09-28", "二(四)"),
    target: "request",
    description:
      "Integrated government systems connect to the shared data-exchange platform (seed 003 二(四): 统一接入省级数据共享交换平台): a provincial department's systems to the provincial platform, a city's systems to the city's (seed 000 二(三)8, seed 001 三(三)7). Judged from spec.dataSharing.",
    remediation:
      "Connect the system to its level's exchange platform and record it in spec.dataSharing (connected: true, platform, since).",
    check: ({ request, estate }) => {
      const s = request.doc.spec;
      const ds = s.dataSharing;
      const dept = estate.index.department.get(s.department)?.doc.spec;
      const want = dept?.level === "municipal" ? "municipal" : "provincial";
      if (!ds)
        return [
          {
            message: `the system declares no connection to the ${want} data-sharing exchange platform (spec.dataSharing)`,
            path: ["spec", "department"],
          },
        ];
      if (!ds.connected)
        return [
          {
            message: `the system is not connected to the ${want} data-sharing exchange platform`,
            path: ["spec", "dataSharing", "connected"],
          },
        ];
      if (ds.platform !== undefined && ds.platform !== want) {
        return [
          {
            message: `a ${dept?.level ?? "provincial"} department's system is connected to the ${ds.platform} platform, not the ${want} one`,
            path: ["spec", "dataSharing", "platform"],
          },
        ];
      }
      return none;
    },
  },
];
