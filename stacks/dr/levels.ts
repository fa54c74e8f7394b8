/**
 * Disaster-recovery capability levels of GB/T 20988 (信息系统灾难恢复规范) and what each means here:
 * the DR mode that delivers it and the recovery objectives (RPO/RTO) it can achieve.
 */
import { diagnostic, type Diagnostic, type Loaded, type SystemRequest } from "../../catalog/index.js";

export type DrLevel = 1 | 2 | 3 | 4 | 5 | 6;

/**
 * - `backup`: levels 1-2, backups to another city's object storage; restored on demand.
 * - `active-standby` (主备): levels 3-5, a warm standby on a node in another city, with quota reserved
 *   to take the whole load.
 * - `active-active` (双活): level 6, two sites of the same city serving at once, plus a remote
 *   standby cluster and backups in another city. Same-city active-active is not level 6 by itself:
 *   level 6 is zero data loss at the remote centre, i.e. synchronous replication to it
 *   (`spec.dr.remoteReplication: synchronous`, see `remoteZeroDataLoss`).
 */
export type DrMode = "backup" | "active-standby" | "active-active";

export interface LevelSpec {
  readonly level: DrLevel;
  readonly name: string;
  readonly mode: DrMode;
  /** The best (smallest) RPO the level can achieve, and the worst it allows; minutes. */
  readonly rpo: readonly [number, number];
  /** The best (smallest) RTO the level can achieve, and the worst it allows (Infinity: open); minutes. */
  readonly rto: readonly [number, number];
  /** The objectives a request of this level gets when it declares none. */
  readonly defaults: { readonly rpo: number; readonly rto: number };
}

const H = 60;
const D = 24 * H;

/**
 * The six levels as GB/T 20988-2007 Annex A defined them (GB/T 20988-2025, in force since 2026-01-01,
 * replaced that edition); the RTO/RPO ranges are that edition's informative example (domain.md section 7),
 * used as plausibility bounds, not as the level definitions.
 */
export const LEVELS: Readonly<Record<DrLevel, LevelSpec>> = {
  1: { level: 1, name: "basic support (基本支持)", mode: "backup", rpo: [1 * D, 7 * D], rto: [2 * D, Infinity], defaults: { rpo: 7 * D, rto: 7 * D } },
  2: { level: 2, name: "standby site (备用场地支持)", mode: "backup", rpo: [1 * D, 7 * D], rto: [1 * D, Infinity], defaults: { rpo: 1 * D, rto: 2 * D } },
  3: { level: 3, name: "electronic transfer and partial equipment (电子传输和部分设备支持)", mode: "active-standby", rpo: [1 * H, 1 * D], rto: [12 * H, Infinity], defaults: { rpo: 1 * D, rto: 1 * D } },
  4: { level: 4, name: "electronic transfer and full equipment (电子传输及完整设备支持)", mode: "active-standby", rpo: [1 * H, 1 * D], rto: [1 * H, 2 * D], defaults: { rpo: 4 * H, rto: 12 * H } },
  5: { level: 5, name: "real-time transfer and full equipment (实时数据传输及完整设备支持)", mode: "active-standby", rpo: [0, 30], rto: [1, 2 * D], defaults: { rpo: 15, rto: 2 * H } },
  6: { level: 6, name: "zero data loss and remote cluster (数据零丢失和远程集群支持)", mode: "active-active", rpo: [0, 0], rto: [0, 1 * H], defaults: { rpo: 0, rto: 15 } },
};

export const levelSpec = (level: number): LevelSpec => LEVELS[level as DrLevel];
export const modeOf = (level: number): DrMode => levelSpec(level).mode;

/** The request's recovery objectives: declared, or its level's defaults. */
export function objectives(r: SystemRequest | Loaded<SystemRequest>["doc"]): { rpo: number; rto: number } {
  const spec = levelSpec(r.spec.dr.level);
  return { rpo: r.spec.dr.rpoMinutes ?? spec.defaults.rpo, rto: r.spec.dr.rtoMinutes ?? spec.defaults.rto };
}

/** "15 min", "4 h", "2 d": minutes in the unit people state objectives in. */
export function formatMinutes(m: number): string {
  if (m === Infinity) return "open";
  if (m >= D && m % D === 0) return `${m / D} d`;
  if (m >= H && m % H === 0) return `${m / H} h`;
  return `${m} min`;
}

/** The lowest level whose best RPO and RTO meet the given objectives. */
export function lowestLevelFor(rpo: number, rto: number): DrLevel {
  for (const l of [1, 2, 3, 4, 5, 6] as const) if (LEVELS[l].rpo[0] <= rpo && LEVELS[l].rto[0] <= rto) return l;
  return 6;
}

export interface ObjectiveProblem {
  readonly field: "rpoMinutes" | "rtoMinutes";
  readonly code: "dr-objective-unreachable" | "dr-objective-loose";
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint: string;
}

/**
 * Declared RPO/RTO against the level. Tighter than the level can achieve is an error (the system
 * claims an objective its DR cannot deliver); looser than the level needs is a warning (paying for
 * a level the objectives do not ask for).
 */
export function objectiveProblems(r: Loaded<SystemRequest>["doc"]): ObjectiveProblem[] {
  const out: ObjectiveProblem[] = [];
  const { level, rpoMinutes, rtoMinutes } = r.spec.dr;
  const spec = levelSpec(level);
  const { rpo, rto } = objectives(r);
  const need = lowestLevelFor(rpo, rto);
  for (const [field, value, [best, worst], what] of [
    ["rpoMinutes", rpoMinutes, spec.rpo, "RPO"],
    ["rtoMinutes", rtoMinutes, spec.rto, "RTO"],
  ] as const) {
    if (value === undefined) continue;
    if (value < best) {
      out.push({
        field,
        code: "dr-objective-unreachable",
        severity: "error",
        message: `DR level ${level} (${spec.name}) achieves an ${what} of ${formatMinutes(best)} at best; ${formatMinutes(value)} needs level ${need}`,
        hint: `raise dr.level to ${need}, or relax ${field} to at least ${best}`,
      });
    } else if (value > worst) {
      out.push({
        field,
        code: "dr-objective-loose",
        severity: "warning",
        message: `an ${what} of ${formatMinutes(value)} is looser than DR level ${level} (${spec.name}) delivers (${formatMinutes(worst)} or better)`,
        hint: need < level ? `level ${need} meets these objectives; lower dr.level, or tighten ${field} to at most ${worst}` : `tighten ${field} to at most ${worst}`,
      });
    }
  }
  return out;
}

/** The objective problems of a loaded request, as diagnostics at their lines. */
export function checkObjectives(r: Loaded<SystemRequest>): Diagnostic[] {
  return objectiveProblems(r.doc).map((p) => diagnostic(r.locate(["spec", "dr", p.field]), p.code, p.message, p.hint, p.severity));
}

/**
 * Whether the system loses no data at its remote DR centre (GB/T 20988 level 6, 数据零丢失和远程集群支持):
 * only when it replicates synchronously to the remote centre. Same-city active-active with asynchronous
 * replication to another city is level 5 at best there.
 */
export function remoteZeroDataLoss(r: SystemRequest | Loaded<SystemRequest>["doc"]): boolean {
  return r.spec.dr.remoteReplication === "synchronous";
}

/** What `govcloud dr` says about a level 6 system: same-city active-active, and what reaches the remote centre. */
export function levelSixNote(r: SystemRequest | Loaded<SystemRequest>["doc"]): string {
  return remoteZeroDataLoss(r)
    ? "same-city active-active (双活); synchronous replication to the remote centre: zero data loss there (level 6)"
    : "same-city active-active (双活), but asynchronous replication to the remote centre: data is lost there when the city fails, so level 5 at best, not level 6 (set spec.dr.remoteReplication: synchronous, or claim level 5)";
}
