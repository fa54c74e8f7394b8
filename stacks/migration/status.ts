/**
 * The migration view (迁移上云) from the catalog alone: per system its phase, deadline, days overdue and early
 * warning; per department the budget hold (seed 001 三(二)4, scoped by estate.spec.policy.budgetHoldScope as
 * GOV-MIG-001 scopes it); migration rate (上云率) per department, city and the province. Pure over the estate.
 */
import { daysBetween, systemKey, type Estate } from "../../catalog/index.js";
import { budgetHoldApplies, MIGRATION_WARN_DAYS } from "../../policies/index.js";

export interface MigrationOptions {
  /** The day the view is taken (YYYY-MM-DD). */
  today: string;
  /** Early-warning window in days before the deadline (a convention, default MIGRATION_WARN_DAYS = 90). */
  warnDays?: number;
  /** Only this department. */
  department?: string;
}

export interface SystemMigrationRow {
  system: string;
  department: string;
  /** Province code for provincial departments, the city's code for municipal ones. */
  division: string;
  phase: "planned" | "migrating" | "migrated";
  legacyLocation: string | null;
  deadline: string | null;
  completed: string | null;
  /** Days past the deadline when not migrated; 0 otherwise. */
  daysOverdue: number;
  /** Not migrated and the deadline within the warning window. */
  warning: boolean;
  budgetHold: boolean;
}

export interface Hold {
  department: string;
  systems: { system: string; deadline: string; daysOverdue: number }[];
  clause: string;
}

export interface Rate {
  key: string;
  systems: number;
  migrated: number;
  /** migrated / systems, 0..1 (systems with no migration record count as on the cloud). */
  rate: number;
}

export interface MigrationView {
  today: string;
  warnDays: number;
  systems: SystemMigrationRow[];
  holds: Hold[];
  byDepartment: Rate[];
  byDivision: Rate[];
  province: Rate;
}

export const BUDGET_HOLD_CLAUSE = "长治市加快数字政府建设实施方案 三(二)4: 未按期迁移的不得申请财政预算";

function rate(key: string, rows: readonly SystemMigrationRow[]): Rate {
  const migrated = rows.filter((r) => r.phase === "migrated").length;
  return { key, systems: rows.length, migrated, rate: rows.length ? migrated / rows.length : 1 };
}

function group(rows: readonly SystemMigrationRow[], key: (r: SystemMigrationRow) => string): Rate[] {
  const m = new Map<string, SystemMigrationRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => rate(k, rs));
}

export function migrationView(estate: Estate, options: MigrationOptions): MigrationView {
  const warnDays = options.warnDays ?? MIGRATION_WARN_DAYS;
  const province = estate.estate.doc.spec.province.code;
  const systems: SystemMigrationRow[] = [];
  for (const r of estate.requests) {
    const s = r.doc.spec;
    if (options.department !== undefined && s.department !== options.department) continue;
    const dept = estate.index.department.get(s.department)?.doc.spec;
    const division = dept?.level === "municipal" && dept.city !== undefined ? dept.city : province;
    const m = s.migration;
    const phase = m?.phase ?? "migrated";
    const late = m && phase !== "migrated" ? daysBetween(m.deadline, options.today) : 0;
    const daysOverdue = Math.max(0, late);
    systems.push({
      system: systemKey(r.doc),
      department: s.department,
      division,
      phase,
      legacyLocation: m?.legacyLocation ?? null,
      deadline: m?.deadline ?? null,
      completed: m?.completed ?? null,
      daysOverdue,
      warning: m !== undefined && phase !== "migrated" && late <= 0 && -late <= warnDays,
      budgetHold: daysOverdue > 0 && budgetHoldApplies(estate, r),
    });
  }
  systems.sort((a, b) => a.system.localeCompare(b.system));
  const holds = new Map<string, Hold>();
  for (const r of systems.filter((x) => x.budgetHold)) {
    const h = holds.get(r.department) ?? { department: r.department, systems: [], clause: BUDGET_HOLD_CLAUSE };
    h.systems.push({ system: r.system, deadline: r.deadline!, daysOverdue: r.daysOverdue });
    holds.set(r.department, h);
  }
  return {
    today: options.today,
    warnDays,
    systems,
    holds: [...holds.values()].sort((a, b) => a.department.localeCompare(b.department)),
    byDepartment: group(systems, (r) => r.department),
    byDivision: group(systems, (r) => r.division),
    province: rate(province, systems),
  };
}
