/**
 * Migration deadlines (迁移上云期限) and budget holds, resolved once for everyone who needs them: the
 * `govcloud migration` view, the governance rules GOV-MIG-*, the migration operator and the plan's
 * SystemMigration objects. A record's own deadline wins; otherwise the estate's default for the department's
 * tier (estate.spec.policy.migrationDeadlines, defaults below). Pure over the estate.
 */
import {
  daysBetween,
  migrationSettled,
  type DeepReadonly,
  type Estate,
  type EstateMigrationDeadline,
  type Loaded,
  type SystemRequest,
} from "../../catalog/index.js";

/** An early warning this many days before a deadline: the project's convention, no seed sets it. */
export const MIGRATION_WARN_DAYS = 90;

/** Where the budget hold applies when the estate does not say: Changzhi (140400), whose rule it is. */
export const DEFAULT_BUDGET_HOLD_SCOPE: readonly string[] = ["140400"];

/** The clause of the budget hold, as every output quotes it. */
export const BUDGET_HOLD_CLAUSE = "长治市加快数字政府建设实施方案 三(二)4: 未按期迁移的不得申请财政预算";

/**
 * The tier defaults when the estate names none (the same as estate.schema.json's `default`):
 * provincial departments from seed 000 一(二), Changzhi's municipal departments from seed 001 二; any other
 * city's municipal departments by convention. Departments are provincial or municipal in this catalog: county
 * departments are not modelled, so there is no county tier.
 */
export const DEFAULT_MIGRATION_DEADLINES: {
  readonly provincial: EstateMigrationDeadline;
  readonly municipal: EstateMigrationDeadline;
  readonly cities: Readonly<Record<string, EstateMigrationDeadline>>;
} = {
  provincial: {
    deadline: "2019-12-31",
    source: "晋政办发〔2019〕92号 一(二): 2019年底前…省直单位政务信息系统全部迁移上云",
  },
  municipal: {
    deadline: "2020-12-31",
    source:
      "convention: Changzhi's date (长治市加快数字政府建设实施方案 二) applied to a city whose own plan is not in the catalog",
    convention: true,
  },
  cities: {
    "140400": {
      deadline: "2020-12-31",
      source: "长治市加快数字政府建设实施方案 二: 2020年底前…市直单位政务信息系统上云实现“应上尽上”",
    },
  },
};

/** A system's deadline and where it comes from. */
export interface ResolvedDeadline {
  /** YYYY-MM-DD. */
  readonly deadline: string;
  /** `record`: the migration record's own deadline; `tier-default`: the estate's default for its tier. */
  readonly source: "record" | "tier-default";
  /** provincial (省直) or municipal (市直) department. */
  readonly tier: "provincial" | "municipal";
  /** The municipal department's city code. */
  readonly city?: string;
  /** For a tier default: the clause that dates it, or the convention it is (`convention: true`). */
  readonly clause?: string;
  readonly convention: boolean;
}

/** The department's tier and city, as the deadlines and the budget hold read them. */
function tierOf(estate: Estate, department: string): { tier: "provincial" | "municipal"; city?: string } {
  const d = estate.index.department.get(department)?.doc.spec;
  return d?.level === "municipal" && d.city !== undefined
    ? { tier: "municipal", city: d.city }
    : { tier: "provincial" };
}

/**
 * The deadline of a system's migration: the record's own, else the estate's default for the department's tier
 * (a city's own entry, else the municipal default), with its source. `undefined` for a system with no
 * migration record (built on the cloud). Exempt and retired systems still resolve (their deadline no longer
 * binds: see `migrationSettled`).
 */
export function migrationDeadline(
  estate: Estate,
  request: Loaded<SystemRequest> | DeepReadonly<SystemRequest>,
): ResolvedDeadline | undefined {
  const spec = "doc" in request ? request.doc.spec : request.spec;
  const m = spec.migration;
  if (m === undefined) return undefined;
  const { tier, city } = tierOf(estate, spec.department);
  const where = city !== undefined ? { city } : {};
  if (m.deadline !== undefined) return { deadline: m.deadline, source: "record", tier, ...where, convention: false };
  const d = estate.estate.doc.spec.policy.migrationDeadlines;
  const entry =
    tier === "provincial"
      ? (d?.provincial ?? DEFAULT_MIGRATION_DEADLINES.provincial)
      : (d?.cities?.[city!] ??
        (d === undefined ? DEFAULT_MIGRATION_DEADLINES.cities[city!] : undefined) ??
        d?.municipal ??
        DEFAULT_MIGRATION_DEADLINES.municipal);
  return {
    deadline: entry.deadline,
    source: "tier-default",
    tier,
    ...where,
    clause: entry.source,
    convention: entry.convention ?? false,
  };
}

/**
 * Days past the deadline on `today` for a migration that is not settled (not migrated, decommissioned, exempt
 * or retired); 0 when it is not overdue or has no record.
 */
export function daysOverdue(estate: Estate, request: Loaded<SystemRequest>, today: string): number {
  const m = request.doc.spec.migration;
  if (m === undefined || migrationSettled(m.phase)) return 0;
  const d = migrationDeadline(estate, request)!;
  return Math.max(0, daysBetween(d.deadline, today));
}

/**
 * Whether the budget hold of seed 001 三(二)4 (a Changzhi rule) binds the request's department: its city
 * (a municipal department's spec.city; the province's code for provincial departments) is in
 * estate.spec.policy.budgetHoldScope, default Changzhi only.
 */
export function budgetHoldApplies(estate: Estate, request: Loaded<SystemRequest>): boolean {
  const policy = estate.estate.doc.spec.policy;
  if (policy.budgetHoldOnOverdueMigration === false) return false;
  const scope = policy.budgetHoldScope ?? DEFAULT_BUDGET_HOLD_SCOPE;
  const dept = estate.index.department.get(request.doc.spec.department)?.doc.spec;
  const where = dept?.level === "municipal" ? dept.city : estate.estate.doc.spec.province.code;
  return where !== undefined && scope.includes(where);
}
