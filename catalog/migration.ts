/**
 * The migration record's phases (迁移上云) and what each one means for the rest of the catalog: whether the
 * system runs on the cloud (so the planners give it a namespace and services), whether it counts as on the
 * cloud for the migration rate (上云率), and which dated evidence each phase needs. Pure; docs/migration.md.
 */
import type { DeepReadonly } from "./model.js";
import type { SystemRequest } from "./schema/types.js";

export type MigrationRecord = DeepReadonly<NonNullable<SystemRequest["spec"]["migration"]>>;
export type MigrationPhase = MigrationRecord["phase"];

/** The phases in order; exempt and retired leave the line. */
export const MIGRATION_PHASES = [
  "inventoried",
  "assessed",
  "migrating",
  "cutover",
  "migrated",
  "decommissioned",
  "exempt",
  "retired",
] as const satisfies readonly MigrationPhase[];

/** The line a migration follows, in order. */
export const MIGRATION_LINE = [
  "inventoried",
  "assessed",
  "migrating",
  "cutover",
  "migrated",
  "decommissioned",
] as const satisfies readonly MigrationPhase[];

const lineIndex = (p: MigrationPhase): number => (MIGRATION_LINE as readonly string[]).indexOf(p);

/** Whether phase `p` is on the line at or after `q` (exempt and retired are on no line: false). */
export const phaseAtLeast = (p: MigrationPhase, q: (typeof MIGRATION_LINE)[number]): boolean =>
  lineIndex(p) >= lineIndex(q);

/**
 * Whether the system runs on the cloud, so the planners give it its namespace and ServiceInstances: a system
 * with no migration record (built on the cloud), or from `migrating` to `decommissioned`. An `inventoried` or
 * `assessed` system still runs only in its legacy location; an `exempt` one stays there; a `retired` one is
 * gone. (The migration operator reads "the namespace and ServiceInstances exist" as the evidence of
 * `migrating`, so the plan must create them from that phase on.)
 */
export function runsOnCloud(spec: { readonly migration?: MigrationRecord | undefined }): boolean {
  const m = spec.migration;
  return m === undefined || phaseAtLeast(m.phase, "migrating");
}

/**
 * Whether the system will never run on the cloud: `exempt` (stays in its legacy location) or `retired`
 * (cleaned up). Such a system reserves no capacity, and the cloud's own requirements (MLPS controls, crypto,
 * DR, data sharing) do not judge it; it stays in the catalog as the inventory's record.
 */
export function neverOnCloud(spec: { readonly migration?: MigrationRecord | undefined }): boolean {
  const p = spec.migration?.phase;
  return p === "exempt" || p === "retired";
}

/**
 * Whether the migration is done for deadlines and budget holds: migrated or decommissioned, or out of the
 * duty (exempt, retired). Every other phase past its deadline is overdue (cutover included: the issue's
 * "past its deadline and not migrated").
 */
export function migrationSettled(phase: MigrationPhase): boolean {
  return phaseAtLeast(phase, "migrated") || phase === "exempt" || phase === "retired";
}

/**
 * How a system counts for the migration rate (上云率): `on` (no record, migrated, decommissioned), `off`
 * (inventoried to cutover: must move, has not finished) or `excluded` (exempt: classified or approved to
 * stay, outside seed 001 三(二)4's 自建非涉密信息系统; retired: no longer exists). The rate is on / (on + off),
 * seed 001 二's “应上尽上” (everything that should be on the cloud is).
 */
export function rateClass(spec: { readonly migration?: MigrationRecord | undefined }): "on" | "off" | "excluded" {
  const m = spec.migration;
  if (m === undefined) return "on";
  if (m.phase === "exempt" || m.phase === "retired") return "excluded";
  return phaseAtLeast(m.phase, "migrated") ? "on" : "off";
}

/** One missing or misplaced piece of evidence: the field to point at, what is wrong, how to fix it. */
export interface EvidenceProblem {
  readonly path: readonly string[];
  /** The diagnostic's code when not `migration-phase-without-evidence`. */
  readonly code?: string;
  readonly message: string;
  readonly hint: string;
}

const at = (field: string) => ["spec", "migration", field];

/**
 * What the record lacks for its phase, or holds that its phase has not reached (the catalog's check
 * `migration-phase-without-evidence`): assessed from `assessed` on, cutover from `cutover` on, completed from
 * `migrated` on, legacySwitchedOff for `decommissioned`, exemption for `exempt`, zombieReview and retired for
 * `retired`. Dates must follow each other: inventoried ≤ assessed ≤ cutover ≤ completed ≤ legacySwitchedOff.
 * Given `today` (YYYY-MM-DD), no evidence may be dated after it: a `migrated` record whose `completed` is still
 * ahead would count as on the cloud (上云率) before it is.
 */
export function migrationEvidenceProblems(m: MigrationRecord, today?: string): EvidenceProblem[] {
  const out: EvidenceProblem[] = [];
  if (today !== undefined) {
    const dated: [path: string[], date: string | undefined][] = [
      ...(["inventoried", "assessed", "cutover", "completed", "legacySwitchedOff", "retired"] as const).map(
        (f) => [[f], m[f]] as [string[], string | undefined],
      ),
      [["exemption", "date"], m.exemption?.date],
      [["zombieReview", "date"], m.zombieReview?.date],
      [["approval", "date"], m.approval?.date],
    ];
    for (const [path, date] of dated)
      if (date !== undefined && date > today)
        out.push({
          path: ["spec", "migration", ...path],
          message: `${path.join(".")} (${date}) is after today (${today}): evidence cannot be dated in the future`,
          hint: `use the date it happened; until then keep the phase before it and leave ${path.join(".")} out`,
          code: "migration-evidence-in-future",
        });
  }
  const needs: [field: keyof MigrationRecord, from: (typeof MIGRATION_LINE)[number], what: string][] = [
    ["assessed", "assessed", "the date the migration assessment was agreed"],
    ["cutover", "cutover", "the date business traffic was switched to the cloud"],
    ["completed", "migrated", "the date the migration completed"],
    ["legacySwitchedOff", "decommissioned", "the date the legacy installation was switched off"],
  ];
  const onLine = lineIndex(m.phase) >= 0;
  for (const [field, from, what] of needs) {
    if (onLine && phaseAtLeast(m.phase, from) && m[field] === undefined)
      out.push({
        path: at("phase"),
        message: `the migration is declared ${m.phase} without its evidence ${field} (${what})`,
        hint: `add ${field}: <YYYY-MM-DD>, or keep the phase before ${from} until it has happened`,
      });
    if (onLine && !phaseAtLeast(m.phase, from) && m[field] !== undefined)
      out.push({
        path: at(field),
        message: `${field} (${String(m[field])}) is recorded but the phase is still ${m.phase}`,
        hint: `set the phase to ${from} (or later), or remove ${field}`,
      });
  }
  if (m.phase === "exempt" && m.exemption === undefined)
    out.push({
      path: at("phase"),
      message: "the system is declared exempt without its exemption (reason, approvedBy, date)",
      hint: "add exemption: { reason: classified|approved, approvedBy: <body>, date: <YYYY-MM-DD> }, or give it a migration phase",
    });
  if (m.phase !== "exempt" && m.exemption !== undefined)
    out.push({
      path: at("exemption"),
      message: `an exemption is recorded but the phase is ${m.phase}`,
      hint: "set phase: exempt, or remove the exemption",
    });
  if (m.phase === "retired" && m.zombieReview === undefined)
    out.push({
      path: at("phase"),
      message: "the system is declared retired without the zombie review that decided it (zombieReview)",
      hint: "add zombieReview: { date, reviewedBy, criteria: [...] } (seed 003 二(一)), or keep its phase",
    });
  if (m.phase === "retired" && m.retired === undefined)
    out.push({
      path: at("phase"),
      message: "the system is declared retired without the date it was switched off (retired)",
      hint: "add retired: <YYYY-MM-DD>",
    });
  if (m.phase !== "retired" && m.retired !== undefined)
    out.push({
      path: at("retired"),
      message: `a retirement date (${m.retired}) is recorded but the phase is ${m.phase}`,
      hint: "set phase: retired (with its zombieReview), or remove retired",
    });
  const order: (keyof MigrationRecord)[] = ["inventoried", "assessed", "cutover", "completed", "legacySwitchedOff"];
  let prev: { field: string; date: string } | undefined;
  for (const f of order) {
    const d = m[f] as string | undefined;
    if (d === undefined) continue;
    if (prev && d < prev.date)
      out.push({
        path: at(f),
        message: `${f} (${d}) is before ${prev.field} (${prev.date})`,
        hint: `the phases follow each other: ${order.join(" ≤ ")}`,
      });
    prev = { field: f, date: d };
  }
  if (m.zombieReview !== undefined && m.retired !== undefined && m.retired < m.zombieReview.date)
    out.push({
      path: at("retired"),
      message: `retired (${m.retired}) is before the zombie review that decided it (${m.zombieReview.date})`,
      hint: "correct either date",
    });
  return out;
}
