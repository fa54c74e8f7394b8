/**
 * The phase machine of a system's migration, pure: declared facts (the SystemMigration's spec) and evidence
 * (namespace, ServiceInstances, Ingresses, traffic measured in Prometheus) in; the phase and the conditions
 * that carry the evidence out. Phases move from evidence, never from a declaration alone:
 *
 * | phase | evidence |
 * |---|---|
 * | inventoried | the record (declared; nothing in a cluster can show it) |
 * | assessed | the declared assessment date (paper, as above) |
 * | migrating | the system's namespace exists with at least one ServiceInstance (`CloudProvisioned`) |
 * | cutover | + every ServiceInstance Ready, an Ingress in the namespace and requests on it over the traffic window (`CutOver`) |
 * | migrated | + the department's declared completion (acceptance, 验收: `declared.completed`, on or before today) (`MigrationCompleted`) |
 * | decommissioned | + the declared legacy switch-off (`declared.legacySwitchedOff`) and no request to the legacy hosts over the window (`LegacyDecommissioned`) |
 * | exempt | the declared exemption (classified or approved to stay) |
 * | retired | the declared zombie retirement, and no ServiceInstance left (nor legacy traffic, where measured) |
 *
 * Evidence is True, False or Unknown (Prometheus not configured or unreachable, no series, no legacy host
 * declared). Unknown evidence neither advances nor regresses a phase: the phase is the previous one clamped
 * between what the known evidence proves (unknown read as False) and what it allows (unknown read as True).
 * Known missing evidence regresses: instances deleted move a cut-over system back, and say why.
 */

import { MIGRATION_LINE, MIGRATION_PHASES } from "../../catalog/index.js";

/** The line of phases and every phase: the catalog's (catalog/migration.ts), one definition. */
export const LINE = MIGRATION_LINE;
export const PHASES = MIGRATION_PHASES;
export type Phase = (typeof PHASES)[number];
export type LinePhase = (typeof LINE)[number];

/** The spec fields the machine reads (catalog/schema/systemmigration.schema.json). */
export interface MigrationSpec {
  readonly namespace: string;
  readonly legacyLocation: string;
  readonly legacyHosts?: readonly string[];
  readonly deadline: string;
  readonly declared: {
    readonly phase: string;
    readonly assessed?: string;
    readonly cutover?: string;
    readonly completed?: string;
    readonly legacySwitchedOff?: string;
    readonly retired?: string;
  };
  readonly exemption?: { readonly reason: string; readonly approvedBy: string; readonly date: string };
  readonly zombie?: { readonly review?: { readonly date: string; readonly reviewedBy: string } };
}

/** A measurement: a number, or unknown and why. */
export type Measured =
  { readonly known: true; readonly value: number } | { readonly known: false; readonly why: string };

export interface InstanceEvidence {
  readonly name: string;
  readonly ready: boolean;
  /** What its Ready condition or phase says. */
  readonly detail: string;
}

export interface Evidence {
  /** The namespace exists and is not terminating. */
  readonly namespace: boolean;
  readonly instances: readonly InstanceEvidence[];
  readonly ingresses: readonly string[];
  /** Requests on the namespace's Ingresses over the window. */
  readonly cloudTraffic: Measured;
  /** Requests to the legacy hosts over the window. */
  readonly legacyTraffic: Measured;
  /** The traffic window, as a Prometheus duration (for messages). */
  readonly window: string;
}

export type Tri = "True" | "False" | "Unknown";

export interface Step {
  readonly type: "CloudProvisioned" | "CutOver" | "MigrationCompleted" | "LegacyDecommissioned";
  readonly phase: LinePhase;
  readonly status: Tri;
  readonly reason: string;
  readonly message: string;
}

export interface PhaseResult {
  readonly phase: Phase;
  /** The evidence steps of the line, in order (none for exempt). */
  readonly steps: readonly Step[];
  /** Set when the phase went back on the line: from where and why. */
  readonly regression?: { readonly from: Phase; readonly why: string };
  /** The declared phase against the established one. */
  readonly declaration: { readonly status: Tri; readonly reason: string; readonly message: string };
  /** For a declared retirement: whether the evidence bears it out, else why not. */
  readonly retirement?: { readonly ok: boolean; readonly message: string };
}

const rank = (p: string): number => (LINE as readonly string[]).indexOf(p);
const isPhase = (p: string | undefined): p is Phase => p !== undefined && (PHASES as readonly string[]).includes(p);
const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;

/** The steps of the line from the evidence, each True, False or Unknown on its own. */
export function evidenceSteps(spec: MigrationSpec, e: Evidence, today: string): Step[] {
  const ns = spec.namespace;
  const d = spec.declared;
  const steps: Step[] = [];
  // migrating: the namespace and its ServiceInstances exist.
  steps.push(
    !e.namespace
      ? {
          type: "CloudProvisioned",
          phase: "migrating",
          status: "False",
          reason: "NamespaceMissing",
          message: `namespace ${ns} does not exist`,
        }
      : e.instances.length === 0
        ? {
            type: "CloudProvisioned",
            phase: "migrating",
            status: "False",
            reason: "NoServiceInstances",
            message: `namespace ${ns} exists but holds no ServiceInstance`,
          }
        : {
            type: "CloudProvisioned",
            phase: "migrating",
            status: "True",
            reason: "InstancesExist",
            message: `namespace ${ns} holds ${plural(e.instances.length, "ServiceInstance")}: ${e.instances.map((i) => i.name).join(", ")}`,
          },
  );
  // cutover: all Ready, an Ingress, traffic on it.
  const waiting = e.instances.filter((i) => !i.ready);
  const t = e.cloudTraffic;
  steps.push(
    e.instances.length === 0
      ? {
          type: "CutOver",
          phase: "cutover",
          status: "False",
          reason: "NoServiceInstances",
          message: `no ServiceInstance in ${ns}`,
        }
      : waiting.length > 0
        ? {
            type: "CutOver",
            phase: "cutover",
            status: "False",
            reason: "InstancesNotReady",
            message: `${e.instances.length - waiting.length} of ${e.instances.length} ServiceInstances Ready; not Ready: ${waiting.map((i) => `${i.name} (${i.detail})`).join(", ")}`,
          }
        : e.ingresses.length === 0
          ? {
              type: "CutOver",
              phase: "cutover",
              status: "False",
              reason: "NoIngress",
              message: `all ${plural(e.instances.length, "ServiceInstance")} Ready, but namespace ${ns} has no Ingress to carry the system's traffic`,
            }
          : !t.known
            ? {
                type: "CutOver",
                phase: "cutover",
                status: "Unknown",
                reason: "TrafficUnknown",
                message: `all ${plural(e.instances.length, "ServiceInstance")} Ready; traffic on the Ingresses of ${ns} is unknown: ${t.why}`,
              }
            : t.value > 0
              ? {
                  type: "CutOver",
                  phase: "cutover",
                  status: "True",
                  reason: "ServingTraffic",
                  message: `all ${plural(e.instances.length, "ServiceInstance")} Ready; Ingress ${e.ingresses.join(", ")} served ${Math.round(t.value)} requests over the last ${e.window} (nginx_ingress_controller_requests{namespace="${ns}"})`,
                }
              : {
                  type: "CutOver",
                  phase: "cutover",
                  status: "False",
                  reason: "NoTraffic",
                  message: `all ${plural(e.instances.length, "ServiceInstance")} Ready, but Ingress ${e.ingresses.join(", ")} served no request over the last ${e.window}`,
                },
  );
  // migrated: the declared completion (acceptance).
  steps.push(
    d.completed !== undefined && d.completed <= today
      ? {
          type: "MigrationCompleted",
          phase: "migrated",
          status: "True",
          reason: "CompletionDeclared",
          message: `the department declared the migration complete on ${d.completed} (spec.declared.completed), borne out by the cut-over evidence`,
        }
      : {
          type: "MigrationCompleted",
          phase: "migrated",
          status: "False",
          reason: "CompletionNotDeclared",
          message:
            d.completed !== undefined
              ? `the declared completion date ${d.completed} is still ahead`
              : "the catalog declares no completion (spec.migration.completed): the department has not accepted the migration",
        },
  );
  // decommissioned: the declared switch-off and no legacy traffic.
  const l = e.legacyTraffic;
  const hosts = spec.legacyHosts ?? [];
  steps.push(
    d.legacySwitchedOff === undefined || d.legacySwitchedOff > today
      ? {
          type: "LegacyDecommissioned",
          phase: "decommissioned",
          status: "False",
          reason: "SwitchOffNotDeclared",
          message:
            d.legacySwitchedOff !== undefined
              ? `the declared switch-off date ${d.legacySwitchedOff} is still ahead`
              : `the catalog declares no switch-off of the legacy installation at ${spec.legacyLocation} (spec.migration.legacySwitchedOff)`,
        }
      : hosts.length === 0
        ? {
            type: "LegacyDecommissioned",
            phase: "decommissioned",
            status: "Unknown",
            reason: "NoLegacyHosts",
            message: `switch-off declared on ${d.legacySwitchedOff}, but no legacy host is declared (spec.legacyHosts): legacy traffic cannot be measured`,
          }
        : !l.known
          ? {
              type: "LegacyDecommissioned",
              phase: "decommissioned",
              status: "Unknown",
              reason: "TrafficUnknown",
              message: `switch-off declared on ${d.legacySwitchedOff}; traffic to ${hosts.join(", ")} is unknown: ${l.why}`,
            }
          : l.value > 0
            ? {
                type: "LegacyDecommissioned",
                phase: "decommissioned",
                status: "False",
                reason: "LegacyTraffic",
                message: `switch-off declared on ${d.legacySwitchedOff}, but ${hosts.join(", ")} served ${Math.round(l.value)} requests over the last ${e.window}`,
              }
            : {
                type: "LegacyDecommissioned",
                phase: "decommissioned",
                status: "True",
                reason: "LegacySilent",
                message: `switch-off declared on ${d.legacySwitchedOff}; no request to ${hosts.join(", ")} over the last ${e.window}`,
              },
  );
  return steps;
}

/** The paper phase: inventoried, or assessed with a declared assessment date on or before today. */
function paperPhase(spec: MigrationSpec, today: string): LinePhase {
  const a = spec.declared.assessed;
  return a !== undefined && a <= today ? "assessed" : "inventoried";
}

/** The phase and its evidence. `previous` is the phase last established (status.phase). */
export function evaluatePhase(spec: MigrationSpec, e: Evidence, today: string, previous?: string): PhaseResult {
  const declared = spec.declared.phase;
  if (declared === "exempt" && spec.exemption) {
    const x = spec.exemption;
    return {
      phase: "exempt",
      steps: [],
      declaration: {
        status: "True",
        reason: "Exempt",
        message: `exempt (${x.reason}), decided by ${x.approvedBy} on ${x.date}`,
      },
    };
  }
  const steps = evidenceSteps(spec, e, today);
  const paper = rank(paperPhase(spec, today));
  // The chain: a step counts only when every step before it holds.
  let pess = paper;
  let opt = paper;
  let chain: Tri = "True";
  for (const s of steps) {
    chain =
      chain === "False" || s.status === "False"
        ? "False"
        : chain === "Unknown" || s.status === "Unknown"
          ? "Unknown"
          : "True";
    if (chain === "True") pess = Math.max(pess, rank(s.phase));
    if (chain !== "False") opt = Math.max(opt, rank(s.phase));
  }
  const prevRank = isPhase(previous) ? rank(previous) : -1;
  // Paper phases follow the declaration; past them, the previous phase stays within what the evidence allows.
  const from = prevRank <= rank("assessed") ? paper : prevRank;
  const r = Math.min(Math.max(from, pess), opt);
  let retirement: PhaseResult["retirement"];
  if (declared === "retired" && spec.declared.retired !== undefined) {
    const leftover = e.instances.length;
    const legacy = e.legacyTraffic.known ? e.legacyTraffic.value : 0;
    retirement =
      leftover === 0 && legacy === 0
        ? {
            ok: true,
            message: `retired as a zombie system on ${spec.declared.retired}${spec.zombie?.review ? ` (review of ${spec.zombie.review.date} by ${spec.zombie.review.reviewedBy})` : ""}; no ServiceInstance left in ${spec.namespace}`,
          }
        : {
            ok: false,
            message:
              leftover > 0
                ? `declared retired on ${spec.declared.retired}, but ${spec.namespace} still holds ${plural(leftover, "ServiceInstance")}`
                : `declared retired on ${spec.declared.retired}, but its legacy hosts served ${Math.round(legacy)} requests over the last ${e.window}`,
          };
    if (retirement.ok)
      return {
        phase: "retired",
        steps,
        retirement,
        declaration: { status: "True", reason: "Retired", message: retirement.message },
      };
  }
  const phase = LINE[r]!;
  let regression: PhaseResult["regression"];
  if (prevRank > rank("assessed") && r < prevRank) {
    const broken = steps.find((s) => s.status === "False" && rank(s.phase) <= prevRank);
    regression = { from: previous as Phase, why: broken?.message ?? "the evidence no longer holds" };
  }
  // The declaration against the evidence.
  let declaration: PhaseResult["declaration"];
  if (declared === phase)
    declaration = {
      status: "True",
      reason: "Matches",
      message: `the catalog declares ${declared}, as the evidence shows`,
    };
  else if (declared === "exempt" || declared === "retired")
    declaration = {
      status: "False",
      reason: "DeclaredAhead",
      message:
        declared === "exempt"
          ? "the catalog declares the system exempt without an exemption"
          : (retirement?.message ?? "the catalog declares the system retired without a retirement date"),
    };
  else if (rank(declared) > r) {
    const missing = steps.find((s) => s.status !== "True" && rank(s.phase) > r && rank(s.phase) <= rank(declared));
    declaration = {
      status: "False",
      reason: "DeclaredAhead",
      message: `the catalog declares ${declared}, the evidence shows ${phase}: ${missing?.message ?? "the assessment date (spec.migration.assessed) is missing or ahead"}`,
    };
  } else
    declaration = {
      status: "False",
      reason: "EvidenceAhead",
      message: `the evidence shows ${phase}, the catalog still declares ${declared}: update spec.migration.phase and its dates`,
    };
  return { phase, steps, ...(regression ? { regression } : {}), ...(retirement ? { retirement } : {}), declaration };
}
