/**
 * The migration view (迁移上云) from the catalog alone: per system its phase, deadline (with its source: the
 * record, or the estate's tier default and its clause), days overdue and early warning; per department the
 * budget hold (seed 001 三(二)4, scoped by estate.spec.policy.budgetHoldScope as GOV-MIG-001 scopes it);
 * migration rate (上云率) per department, city and the province. Pure over the estate.
 */
import {
  daysBetween,
  MIGRATION_PHASES,
  migrationSettled,
  rateClass,
  systemKey,
  type Estate,
} from "../../catalog/index.js";
import type { MigrationPhase } from "../../catalog/index.js";
import {
  BUDGET_HOLD_CLAUSE,
  budgetHoldApplies,
  migrationDeadline,
  MIGRATION_WARN_DAYS,
  type ResolvedDeadline,
} from "./deadline.js";

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
  /** The record's phase; `native` for a system built on the cloud (no migration record). */
  phase: MigrationPhase | "native";
  legacyLocation: string | null;
  deadline: string | null;
  /** `record`, `tier-default` (the estate's default for the department's tier) or null without a record. */
  deadlineSource: ResolvedDeadline["source"] | null;
  /** For a tier default: the clause that dates it (or the convention it is). */
  deadlineClause: string | null;
  completed: string | null;
  /** Days past the deadline when not settled (migrated, decommissioned, exempt, retired); 0 otherwise. */
  daysOverdue: number;
  /** Not settled and the deadline within the warning window. */
  warning: boolean;
  budgetHold: boolean;
  /** How the system counts for the rate: on the cloud, off it (must move), or excluded (exempt, retired). */
  rate: "on" | "off" | "excluded";
}

export interface Hold {
  department: string;
  systems: { system: string; deadline: string; daysOverdue: number }[];
  clause: string;
}

export interface Rate {
  key: string;
  /** The division's name (山西省, 长治市, ...) for the division and province rates. */
  name?: string;
  /** Systems that must be on the cloud: all but exempt and retired ones (the denominator). */
  systems: number;
  /** Of those, on the cloud: no migration record, migrated or decommissioned (the numerator). */
  migrated: number;
  /** Exempt and retired systems, outside the rate. */
  excluded: number;
  /** migrated / systems, 0..1; 1 when no system must move. */
  rate: number;
}

export interface MigrationView {
  today: string;
  warnDays: number;
  /** Systems per phase (native = no migration record), every phase listed. */
  phases: Record<MigrationPhase | "native", number>;
  systems: SystemMigrationRow[];
  holds: Hold[];
  byDepartment: Rate[];
  byDivision: Rate[];
  province: Rate;
}

/** The phases in the order the view lists them: built on the cloud first, then the catalog's phases in order. */
const PHASE_ORDER = ["native", ...MIGRATION_PHASES] as const;

function rate(key: string, rows: readonly SystemMigrationRow[], name?: string): Rate {
  const counted = rows.filter((r) => r.rate !== "excluded");
  const migrated = counted.filter((r) => r.rate === "on").length;
  return {
    key,
    ...(name !== undefined ? { name } : {}),
    systems: counted.length,
    migrated,
    excluded: rows.length - counted.length,
    rate: counted.length ? migrated / counted.length : 1,
  };
}

function group(
  rows: readonly SystemMigrationRow[],
  key: (r: SystemMigrationRow) => string,
  name: (key: string) => string | undefined = () => undefined,
): Rate[] {
  const m = new Map<string, SystemMigrationRow[]>();
  for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
  return [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, rs]) => rate(k, rs, name(k)));
}

export function migrationView(estate: Estate, options: MigrationOptions): MigrationView {
  const warnDays = options.warnDays ?? MIGRATION_WARN_DAYS;
  const province = estate.estate.doc.spec.province.code;
  const names = new Map<string, string>([
    [province, estate.estate.doc.spec.province.name],
    ...estate.divisions.doc.spec.cities.map((c) => [c.code, c.name] as [string, string]),
  ]);
  const divisionName = (code: string) => names.get(code);
  const systems: SystemMigrationRow[] = [];
  for (const r of estate.requests) {
    const s = r.doc.spec;
    if (options.department !== undefined && s.department !== options.department) continue;
    const dept = estate.index.department.get(s.department)?.doc.spec;
    const division = dept?.level === "municipal" && dept.city !== undefined ? dept.city : province;
    const m = s.migration;
    const d = migrationDeadline(estate, r);
    const open = m !== undefined && !migrationSettled(m.phase);
    const late = open && d ? daysBetween(d.deadline, options.today) : 0;
    const daysOverdue = Math.max(0, late);
    systems.push({
      system: systemKey(r.doc),
      department: s.department,
      division,
      phase: m?.phase ?? "native",
      legacyLocation: m?.legacyLocation ?? null,
      deadline: d?.deadline ?? null,
      deadlineSource: d?.source ?? null,
      deadlineClause: d?.clause ?? null,
      completed: m?.completed ?? null,
      daysOverdue,
      warning: open && late <= 0 && -late <= warnDays,
      budgetHold: daysOverdue > 0 && budgetHoldApplies(estate, r),
      rate: rateClass(s),
    });
  }
  systems.sort((a, b) => a.system.localeCompare(b.system));
  const holds = new Map<string, Hold>();
  for (const r of systems.filter((x) => x.budgetHold)) {
    const h = holds.get(r.department) ?? { department: r.department, systems: [], clause: BUDGET_HOLD_CLAUSE };
    h.systems.push({ system: r.system, deadline: r.deadline!, daysOverdue: r.daysOverdue });
    holds.set(r.department, h);
  }
  const phases = Object.fromEntries(PHASE_ORDER.map((p) => [p, 0])) as Record<MigrationPhase | "native", number>;
  for (const r of systems) phases[r.phase]++;
  return {
    today: options.today,
    warnDays,
    phases,
    systems,
    holds: [...holds.values()].sort((a, b) => a.department.localeCompare(b.department)),
    byDepartment: group(systems, (r) => r.department),
    byDivision: group(systems, (r) => r.division, divisionName),
    province: rate(province, systems, divisionName(province)),
  };
}
