/**
 * The migration controller (迁移上云): one SystemMigration per inventoried system (cluster-scoped, planned by
 * `govcloud plan` from the catalog), its phase established from evidence (operators/migration/phase.ts),
 * its deadline a requeueAfter timer on the work queue's clock (operators/migration/deadline.ts), and one
 * cluster-scoped BudgetHold per department while one of its systems is past its deadline and not migrated.
 *
 * Keys: `<name>` for a SystemMigration; `budgethold:<department>` for a department's hold. Watches map
 * changes of Namespaces, ServiceInstances and Ingresses to the SystemMigrations of their namespace, and a
 * SystemMigration's changes to itself and its department's hold. A SystemMigration reconcile:
 * 1. gathers the evidence from the cache (namespace, ServiceInstances and their readiness, Ingresses) and,
 *    where it matters and `--prometheus-url` is given, the traffic (operators/migration/traffic.ts);
 * 2. evaluates the phase; a change is an Event (Warning `Regressed` when it goes back, with why) and the
 *    evidence conditions CloudProvisioned, CutOver, MigrationCompleted, LegacyDecommissioned;
 * 3. judges the deadline: DeadlineApproaching (early-warning window, default MIGRATION_WARN_DAYS = 90 days,
 *    the project's convention), Overdue, BudgetHold; Events when they turn True;
 * 4. writes status through /status when it changed, on the precondition of the resourceVersion read (a cache
 *    behind the server, e.g. behind this controller's own last write, gets 409: nothing written or told, and
 *    reconciled again), records the Events of the turns it writes (once each), updates the metrics, and asks
 *    to be reconciled again at the next instant its deadline state changes (and, with Prometheus, when traffic
 *    is due a re-measure).
 * A hold reconcile lists the department's SystemMigrations from the cache, judges each one's deadline on the
 * same clock with its established phase, and applies the BudgetHold (or deletes it when none is left),
 * with its own timer at the next crossing.
 */
import type { Registry } from "prom-client";
import { sameJson } from "../../kube/index.js";
import { CRD_RESOURCES } from "../crds/index.js";
import { MIGRATION_WARN_DAYS, ZOMBIE_CRITERIA } from "../../stacks/migration/index.js";
import {
  addResource,
  applyStatus,
  hasResource,
  isConflict,
  isNotFound,
  metaTime,
  resourceFor,
  setCondition,
  migrationMetrics,
  type CacheReader,
  type Condition,
  type ControllerDefinition,
  type KObject,
  type ReconcileContext,
  type ReconcileResult,
  type WatchSpec,
} from "../runtime/index.js";
import { dateMs, deadlineState, utcDate } from "./deadline.js";
import { evaluatePhase, PHASES, type Evidence, type MigrationSpec, type Phase, type Step } from "./phase.js";
import { noTraffic, type TrafficSource } from "./traffic.js";

// The operators' own kinds (SystemMigration, BudgetHold, ServiceInstance), as loadRuntime() registers them.
for (const r of CRD_RESOURCES) if (!hasResource(r.kind)) addResource(r);

export const FIELD_MANAGER = "govcloud-migration";
export const HOLD_PREFIX = "budgethold:";
export const SYSTEM_MIGRATION = { apiVersion: "govcloud.io/v1alpha1", kind: "SystemMigration" } as const;
export const BUDGET_HOLD = { apiVersion: "govcloud.io/v1alpha1", kind: "BudgetHold" } as const;
/** Early warning before a deadline, days: the project's convention (MIGRATION_WARN_DAYS), no seed sets it. */
export const DEFAULT_WARN_DAYS = MIGRATION_WARN_DAYS;
/** Traffic is measured over this window (a convention). */
export const DEFAULT_TRAFFIC_WINDOW = "1d";
/** With Prometheus, traffic evidence is measured again this often (a convention). */
export const DEFAULT_TRAFFIC_RESYNC_MS = 10 * 60_000;

/** A zombie verdict for one system (the measured evaluation is plugged in by the caller). */
export interface ZombieResult {
  /** true: candidate; false: not; "unknown": not enough data, or Prometheus failed. */
  readonly candidate: boolean | "unknown";
  /** Criteria met (seed 003 二(一) ids). */
  readonly met: readonly string[];
  /** One sentence per criterion: what was measured or declared. */
  readonly message: string;
}

/** Evaluates the zombie criteria of systems; undefined result: not evaluated (no Prometheus). */
export type ZombieHook = (system: {
  readonly name: string;
  readonly department: string;
  readonly system: string;
  readonly namespace: string;
  readonly spec: Readonly<Record<string, unknown>>;
  readonly now: number;
}) => Promise<ZombieResult | undefined>;

export interface MigrationControllerOptions {
  readonly registry: Registry;
  /** Where traffic evidence comes from (default none: traffic unknown). */
  readonly traffic?: TrafficSource;
  /** Whether a Prometheus is configured (a source beside noTraffic); decides the resync timer. */
  readonly trafficWindow?: string;
  readonly trafficResyncMs?: number;
  /** Early-warning window in days (default 90, a convention). */
  readonly warnDays?: number;
  readonly zombie?: ZombieHook;
  readonly concurrency?: number;
}

interface SmSpec extends MigrationSpec {
  readonly system: string;
  readonly department: string;
  readonly division: string;
  readonly tier?: string;
  readonly deadlineSource: { readonly source: string; readonly clause: string; readonly convention?: boolean };
  readonly budgetHold: { readonly applies: boolean; readonly clause: string };
}
interface SmStatus {
  phase?: Phase;
  phaseSince?: string;
  observedGeneration?: number;
  conditions?: Condition[];
  evidence?: Record<string, unknown>;
  deadline?: string;
  daysOverdue?: number;
  budgetHold?: boolean;
}
type Sm = KObject & { spec: SmSpec; status?: SmStatus };
interface HoldEntry {
  name: string;
  system: string;
  phase: string;
  deadline: string;
  daysOverdue: number;
  deadlineClause: string;
}
type Hold = KObject & {
  spec?: { department: string; clause: string };
  status?: { systems?: HoldEntry[]; overdueSystems?: number; heldSince?: string; conditions?: Condition[] };
};

const PHASE_EVENT: Readonly<Record<Phase, string>> = {
  inventoried: "Inventoried",
  assessed: "Assessed",
  migrating: "Migrating",
  cutover: "CutOver",
  migrated: "Migrated",
  decommissioned: "Decommissioned",
  exempt: "Exempt",
  retired: "Retired",
};

/** Status without the times that change on every write, to tell (with sameJson) whether anything changed. */
const comparable = (s: Record<string, unknown> | undefined): unknown => ({
  ...(s ?? {}),
  observedGeneration: undefined,
  conditions: ((s?.conditions ?? []) as Condition[]).map((c) => ({ ...c, lastTransitionTime: undefined })),
});

/** Traffic conditions whose message carries request counts. */
const TRAFFIC_CONDITIONS = new Set(["CutOver", "LegacyDecommissioned", "TrafficEvidence"]);
/**
 * A SystemMigration's status as compared before a write: request counts and measurement times left out, so a
 * re-measure that changes only the counts (not whether there is traffic) writes nothing.
 */
const quiet = (s: Record<string, unknown> | undefined) => {
  const ev = (s?.evidence ?? {}) as Record<string, unknown>;
  const flag = (v: unknown) => (typeof v === "number" ? v > 0 : undefined);
  return comparable({
    ...(s ?? {}),
    evidence: {
      ...ev,
      cloudRequests: flag(ev.cloudRequests),
      legacyRequests: flag(ev.legacyRequests),
      measuredAt: undefined,
    },
    conditions: ((s?.conditions ?? []) as Condition[]).map((c) =>
      TRAFFIC_CONDITIONS.has(c.type) && c.status !== "Unknown" ? { ...c, message: "" } : c,
    ),
  });
};

const holdKey = (department: string) => `${HOLD_PREFIX}${department}`;
const cond = (list: readonly Condition[] | undefined, type: string) => list?.find((c) => c.type === type);

/** The deadline's clause as people read it. */
const deadlineClause = (s: SmSpec) =>
  s.deadlineSource.source === "record"
    ? `the record's own deadline (${s.deadlineSource.clause})`
    : `the default for ${s.tier ?? "its tier"}: ${s.deadlineSource.convention ? "a convention, " : ""}${s.deadlineSource.clause}`;

export function migrationController(options: MigrationControllerOptions): ControllerDefinition {
  const traffic = options.traffic ?? noTraffic;
  const measured = options.traffic !== undefined && options.traffic !== noTraffic;
  const window = options.trafficWindow ?? DEFAULT_TRAFFIC_WINDOW;
  const resyncMs = options.trafficResyncMs ?? DEFAULT_TRAFFIC_RESYNC_MS;
  const warnDays = options.warnDays ?? DEFAULT_WARN_DAYS;
  const metrics = migrationMetrics(options.registry);

  // --- metrics: one record per SystemMigration, gauges summed per department ---
  interface Rec {
    department: string;
    phase: Phase;
    overdue: boolean;
    held: boolean;
    zombie: readonly string[];
  }
  const recs = new Map<string, Rec>();
  const heldByDept = new Map<string, number>();
  function refresh(department: string): void {
    const mine = [...recs.values()].filter((r) => r.department === department);
    for (const p of PHASES)
      metrics.govcloud_migration_systems.set({ department, phase: p }, mine.filter((r) => r.phase === p).length);
    metrics.govcloud_migration_overdue_systems.set({ department }, mine.filter((r) => r.overdue).length);
    for (const c of ZOMBIE_CRITERIA)
      metrics.govcloud_zombie_candidates.set(
        { department, criterion: c },
        mine.filter((r) => r.zombie.includes(c)).length,
      );
  }
  function record(name: string, r: Rec | undefined): void {
    const before = recs.get(name);
    if (r) recs.set(name, r);
    else recs.delete(name);
    for (const d of new Set([before?.department, r?.department])) if (d !== undefined) refresh(d);
  }

  // --- which SystemMigrations a namespace concerns ---
  const byNamespace = new Map<string, Set<string>>();
  const namespaceOf = new Map<string, string>();
  function index(sm: Readonly<KObject>, deleted: boolean): void {
    const name = sm.metadata.name;
    const old = namespaceOf.get(name);
    if (old !== undefined) byNamespace.get(old)?.delete(name);
    namespaceOf.delete(name);
    const ns = (sm.spec as SmSpec | undefined)?.namespace;
    if (deleted || !ns) return;
    namespaceOf.set(name, ns);
    let set = byNamespace.get(ns);
    if (!set) byNamespace.set(ns, (set = new Set()));
    set.add(name);
  }
  const inNamespace = (ns: string | undefined): string[] => (ns ? [...(byNamespace.get(ns) ?? [])] : []);

  const watches: WatchSpec[] = [
    {
      resource: "SystemMigration",
      map: (o, t, old) => {
        index(o, t === "deleted");
        const depts = new Set(
          [(o.spec as SmSpec | undefined)?.department, (old?.spec as SmSpec | undefined)?.department].filter(
            (d): d is string => typeof d === "string",
          ),
        );
        return [o.metadata.name, ...[...depts].map(holdKey)];
      },
    },
    { resource: "Namespace", map: (o) => inNamespace(o.metadata.name) },
    { resource: "ServiceInstance", map: (o) => inNamespace(o.metadata.namespace) },
    { resource: "Ingress", map: (o) => inNamespace(o.metadata.namespace) },
    { resource: "BudgetHold", map: (o) => [holdKey(o.metadata.name)] },
  ];

  function gather(cache: CacheReader, spec: SmSpec): Omit<Evidence, "cloudTraffic" | "legacyTraffic"> {
    const ns = cache.get("Namespace", spec.namespace);
    const alive = (o: Readonly<KObject>) => !o.metadata.deletionTimestamp;
    const namespace = Boolean(
      ns && alive(ns) && (ns.status as { phase?: string } | undefined)?.phase !== "Terminating",
    );
    const instances = namespace
      ? cache
          .list("ServiceInstance", spec.namespace)
          .filter(alive)
          .map((si) => {
            const st = si.status as { phase?: string; conditions?: Condition[] } | undefined;
            const ready = cond(st?.conditions, "Ready");
            return {
              name: si.metadata.name,
              ready: ready?.status === "True",
              detail: ready ? `${ready.reason}: ${ready.message}` : (st?.phase ?? "no status yet"),
            };
          })
          .sort((a, b) => a.name.localeCompare(b.name))
      : [];
    const ingresses = namespace
      ? cache
          .list("Ingress", spec.namespace)
          .filter(alive)
          .map((i) => i.metadata.name)
          .sort()
      : [];
    return { namespace, instances, ingresses, window };
  }

  /**
   * Writes `status` computed from `o` when it differs from `o.status`, on the precondition that the object is
   * still the one read (its resourceVersion): "written"; "unchanged" (nothing to write, or the object is gone);
   * "stale" when the server has a newer object (409: e.g. the cache is behind this controller's own last
   * write): nothing is written, and the caller reconciles again (on fresh data) instead of acting on it.
   */
  async function writeStatus(
    ctx: ReconcileContext,
    o: KObject,
    status: Record<string, unknown>,
    view: (s: Record<string, unknown> | undefined) => unknown = comparable,
  ): Promise<"written" | "unchanged" | "stale"> {
    const live = o.status as Record<string, unknown> | undefined;
    if (sameJson(view(live), view(status)) && live?.observedGeneration === o.metadata.generation) return "unchanged";
    try {
      await applyStatus(ctx.client, o, status, FIELD_MANAGER, { precondition: true });
      return "written";
    } catch (e) {
      if (isNotFound(e)) return "unchanged";
      if (isConflict(e)) return "stale";
      throw e;
    }
  }

  async function reconcileSystem(name: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const sm = ctx.cache.get("SystemMigration", name) as Sm | undefined;
    if (!sm || sm.metadata.deletionTimestamp) {
      record(name, undefined);
      return;
    }
    const spec = sm.spec;
    const now = ctx.clock.now();
    const today = utcDate(now);
    const base = gather(ctx.cache, spec);
    const hosts = spec.legacyHosts ?? [];
    // Measure only what the phase machine will read.
    const allReady = base.instances.length > 0 && base.instances.every((i) => i.ready) && base.ingresses.length > 0;
    const d = spec.declared;
    const wantsLegacy =
      hosts.length > 0 &&
      ((d.legacySwitchedOff !== undefined && d.legacySwitchedOff <= today) || d.phase === "retired");
    const notNeeded = { known: false, why: "not measured (not needed for the phase)" } as const;
    const [cloudTraffic, legacyTraffic] = await Promise.all([
      allReady ? traffic.cloud(spec.namespace, window) : Promise.resolve(notNeeded),
      wantsLegacy ? traffic.legacy(hosts, window) : Promise.resolve(notNeeded),
    ]);
    const evidence: Evidence = { ...base, cloudTraffic, legacyTraffic };
    const previous = sm.status?.phase;
    const result = evaluatePhase(spec, evidence, today, previous);
    const phase = result.phase;
    const dl = deadlineState(spec.deadline, phase, now, warnDays);
    const gen = sm.metadata.generation ?? 0;
    let conditions = (sm.status?.conditions ?? []) as Condition[];
    const set = (c: Omit<Condition, "lastTransitionTime" | "observedGeneration">) =>
      (conditions = setCondition(conditions, { ...c, observedGeneration: gen }, now));
    const was = (type: string) => cond(sm.status?.conditions, type)?.status;

    // Evidence of each step of the line.
    for (const s of result.steps as Step[])
      set({ type: s.type, status: s.status, reason: s.reason, message: s.message });
    // Traffic evidence: what Prometheus could tell, when it was asked.
    const asked = [allReady ? cloudTraffic : undefined, wantsLegacy ? legacyTraffic : undefined].filter(
      (m): m is NonNullable<typeof m> => m !== undefined,
    );
    if (!measured)
      set({
        type: "TrafficEvidence",
        status: "Unknown",
        reason: "PrometheusNotConfigured",
        message:
          "no --prometheus-url: traffic evidence is unknown; the phase stops before cutover until it is measured",
      });
    else if (asked.length > 0) {
      const unknown = asked.find((m) => !m.known);
      set(
        unknown && !unknown.known
          ? { type: "TrafficEvidence", status: "Unknown", reason: "TrafficUnknown", message: unknown.why }
          : {
              type: "TrafficEvidence",
              status: "True",
              reason: "Measured",
              message: `measured at ${metaTime(now)} over ${window}${allReady && cloudTraffic.known ? `: ${Math.round(cloudTraffic.value)} requests on the cloud` : ""}${wantsLegacy && legacyTraffic.known ? `, ${Math.round(legacyTraffic.value)} to the legacy hosts` : ""}`,
            },
      );
    }
    set({ type: "DeclarationMatches", ...result.declaration });
    if (result.retirement && !result.retirement.ok)
      set({ type: "Retired", status: "False", reason: "EvidenceMissing", message: result.retirement.message });
    else if (result.retirement)
      set({ type: "Retired", status: "True", reason: "Retired", message: result.retirement.message });

    // The deadline.
    const due = `due on ${spec.deadline} (${deadlineClause(spec)})`;
    set(
      dl.warning
        ? {
            type: "DeadlineApproaching",
            status: "True",
            reason: "WithinWarningWindow",
            message: `${due}: within the ${warnDays}-day early-warning window (a convention of this project, MIGRATION_WARN_DAYS), and still ${phase}`,
          }
        : {
            type: "DeadlineApproaching",
            status: "False",
            reason: dl.settled ? "Settled" : dl.overdue ? "Overdue" : "NotYet",
            message: dl.settled
              ? `${phase}: the deadline no longer binds`
              : dl.overdue
                ? `${due}: passed`
                : `${due}: the early-warning window opens ${utcDate(dateMs(spec.deadline) - warnDays * 86_400_000)}`,
          },
    );
    set(
      dl.overdue
        ? {
            type: "Overdue",
            status: "True",
            reason: "DeadlinePassed",
            message: `${dl.daysOverdue} day(s) past the deadline: ${due}; still ${phase}`,
          }
        : {
            type: "Overdue",
            status: "False",
            reason: dl.settled ? "Settled" : "NotDue",
            message: dl.settled ? `${phase}: the deadline no longer binds` : due,
          },
    );
    const held = dl.overdue && spec.budgetHold.applies;
    set(
      held
        ? {
            type: "BudgetHold",
            status: "True",
            reason: "Overdue",
            message: `listed in BudgetHold ${spec.department}: ${dl.daysOverdue} day(s) past ${spec.deadline}; ${spec.budgetHold.clause}`,
          }
        : {
            type: "BudgetHold",
            status: "False",
            reason: phase === "exempt" ? "Exempt" : dl.settled ? "Settled" : !dl.overdue ? "NotOverdue" : "NotInScope",
            message:
              phase === "exempt"
                ? "exempt systems never hold a budget"
                : dl.settled
                  ? `${phase}: no budget hold`
                  : !dl.overdue
                    ? `not past ${spec.deadline}`
                    : `overdue, but the budget hold (${spec.budgetHold.clause}) does not bind this department (estate.spec.policy.budgetHoldScope)`,
          },
    );

    // Zombie candidates, measured (the hook) and declared.
    let zombie: ZombieResult | undefined;
    if (options.zombie && phase !== "retired") {
      zombie = await options.zombie({
        name,
        department: spec.department,
        system: spec.system,
        namespace: spec.namespace,
        spec: spec as unknown as Record<string, unknown>,
        now,
      });
      if (zombie)
        set({
          type: "ZombieCandidate",
          status: zombie.candidate === true ? "True" : zombie.candidate === false ? "False" : "Unknown",
          reason: zombie.candidate === true ? "CriteriaMet" : zombie.candidate === false ? "NotACandidate" : "Unknown",
          message: zombie.message,
        });
    }

    const changed = previous !== phase;
    const status: SmStatus = {
      phase,
      phaseSince: changed ? metaTime(now) : (sm.status?.phaseSince ?? metaTime(now)),
      conditions,
      evidence: {
        namespace: evidence.namespace,
        instances: evidence.instances.length,
        readyInstances: evidence.instances.filter((i) => i.ready).length,
        ...(cloudTraffic.known ? { cloudRequests: Math.round(cloudTraffic.value) } : {}),
        ...(legacyTraffic.known ? { legacyRequests: Math.round(legacyTraffic.value) } : {}),
        trafficWindow: window,
        ...(cloudTraffic.known || legacyTraffic.known
          ? { measuredAt: metaTime(now) }
          : sm.status?.evidence?.measuredAt
            ? { measuredAt: sm.status.evidence.measuredAt }
            : {}),
      },
      deadline: spec.deadline,
      daysOverdue: dl.daysOverdue,
      budgetHold: held,
    };
    const wrote = await writeStatus(ctx, sm, status as Record<string, unknown>, quiet);
    // Computed from an object the server has moved past (the cache behind a write, ours or another's): neither
    // recorded nor told in Events, but reconciled again; the watch brings the newer object.
    if (wrote === "stale") return { requeue: true };
    record(name, {
      department: spec.department,
      phase,
      overdue: dl.overdue,
      held,
      zombie: zombie?.candidate === true ? zombie.met : [],
    });

    // Events: phase changes and the deadline's turns, once each. The status write is the record of them: an
    // Event only with a write of the status that makes the turn, on the object as read (the precondition), so
    // a reconcile retried after a failed write, or run again on a cache behind that write, tells nothing twice.
    if (wrote === "written") {
      if (changed) {
        if (result.regression)
          await ctx.events.event(
            sm,
            "Warning",
            "Regressed",
            `${result.regression.from} → ${phase}: ${result.regression.why}`,
          );
        else {
          const step = result.steps.find((s) => s.phase === phase);
          const why =
            phase === "exempt" || phase === "retired"
              ? result.declaration.message
              : (step?.message ??
                (phase === "assessed" ? `assessment declared on ${d.assessed}` : "entered the inventory"));
          await ctx.events.event(sm, "Normal", PHASE_EVENT[phase], `${previous ?? "new"} → ${phase}: ${why}`);
        }
      }
      if (dl.warning && was("DeadlineApproaching") !== "True")
        await ctx.events.event(sm, "Warning", "DeadlineApproaching", `${due}; still ${phase}`);
      if (dl.overdue && was("Overdue") !== "True")
        await ctx.events.event(sm, "Warning", "DeadlinePassed", `${due}; still ${phase}`);
      if (held && was("BudgetHold") !== "True")
        await ctx.events.event(
          sm,
          "Warning",
          "BudgetHold",
          `department ${spec.department} on budget hold: ${spec.budgetHold.clause}`,
        );
      if (!held && was("BudgetHold") === "True")
        await ctx.events.event(
          sm,
          "Normal",
          "BudgetHoldReleased",
          `${phase}: no longer holds the budget of ${spec.department}`,
        );
    }
    const waits: number[] = [];
    if (dl.nextChange !== undefined) waits.push(dl.nextChange - now);
    if (measured && (allReady || wantsLegacy || options.zombie)) waits.push(resyncMs);
    return waits.length ? { requeueAfter: Math.max(1, Math.min(...waits)) } : undefined;
  }

  async function reconcileHold(department: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    const now = ctx.clock.now();
    const mine = (ctx.cache.list("SystemMigration") as readonly Sm[]).filter(
      (s) => s.spec?.department === department && !s.metadata.deletionTimestamp,
    );
    const entries: (HoldEntry & { overdueAt: number })[] = [];
    let next: number | undefined;
    let clause: string | undefined;
    for (const s of mine) {
      if (!s.spec.budgetHold.applies || !s.status?.phase) continue;
      clause ??= s.spec.budgetHold.clause;
      const dl = deadlineState(s.spec.deadline, s.status.phase, now, warnDays);
      if (dl.nextChange !== undefined) next = Math.min(next ?? Infinity, dl.nextChange);
      if (!dl.overdue) continue;
      entries.push({
        name: s.metadata.name,
        system: `${s.spec.department}/${s.spec.system}`,
        phase: s.status.phase,
        deadline: s.spec.deadline,
        daysOverdue: dl.daysOverdue,
        deadlineClause: deadlineClause(s.spec),
        overdueAt: dl.overdueAt,
      });
    }
    entries.sort((a, b) => a.name.localeCompare(b.name));
    const live = ctx.cache.get("BudgetHold", department) as Hold | undefined;
    const requeue = next !== undefined ? { requeueAfter: Math.max(1, next - now) } : undefined;
    metrics.govcloud_budget_hold_systems.set({ department }, entries.length);
    if (entries.length === 0) {
      if (live && !live.metadata.deletionTimestamp) {
        try {
          await ctx.client.delete(resourceFor("BudgetHold"), department);
        } catch (e) {
          // Gone already (the cache was behind): lifted before, and said so then.
          if (isNotFound(e)) return requeue;
          throw e;
        }
        await ctx.events.event(
          live,
          "Normal",
          "BudgetHoldLifted",
          `no system of ${department} is past its deadline and not migrated any more: the budget hold is lifted`,
        );
      }
      return requeue;
    }
    const systems: HoldEntry[] = entries.map(({ overdueAt: _o, ...e }) => e);
    const spec = { department, clause: clause! };
    // The hold as the status is computed from: the cache's, or the server's answer to the apply of its spec
    // (status included: a hold the cache does not know yet may exist, held, on the server).
    let hold: Hold | undefined = live;
    if (!live || !sameJson(live.spec, spec) || live.metadata.labels?.["govcloud.io/department"] !== department)
      hold = (await ctx.client.apply(
        {
          ...BUDGET_HOLD,
          metadata: {
            name: department,
            labels: { "govcloud.io/department": department, "app.kubernetes.io/managed-by": "govcloud" },
          },
          spec,
        },
        FIELD_MANAGER,
      )) as Hold;
    const before = new Set((hold!.status?.systems ?? []).map((s) => s.name));
    const wasHeld = cond(hold!.status?.conditions, "Held")?.status === "True";
    const list = systems.map((s) => `${s.system} (due ${s.deadline}, ${s.daysOverdue} day(s) overdue)`).join(", ");
    const status = {
      systems,
      overdueSystems: systems.length,
      heldSince: metaTime(Math.min(...entries.map((e) => e.overdueAt))),
      conditions: setCondition(
        hold!.status?.conditions,
        {
          type: "Held",
          status: "True",
          reason: "SystemsOverdue",
          message: `${spec.clause}: ${list}`,
          observedGeneration: hold!.metadata.generation ?? 1,
        },
        now,
      ),
    };
    const wrote = await writeStatus(ctx, hold!, status);
    if (wrote === "stale") return { requeue: true };
    // Events with the write that makes the turn (Held turning True, a system listed or released), once each.
    if (wrote !== "written") return requeue;
    if (!wasHeld)
      await ctx.events.event(hold!, "Warning", "BudgetHeld", `department ${department} on budget hold: ${list}`);
    else {
      for (const s of systems)
        if (!before.has(s.name))
          await ctx.events.event(hold!, "Warning", "SystemOverdue", `${s.system} passed its deadline ${s.deadline}`);
      for (const n of before)
        if (!systems.some((s) => s.name === n))
          await ctx.events.event(hold!, "Normal", "SystemReleased", `${n} no longer holds the budget`);
    }
    return requeue;
  }

  return {
    name: "migration",
    watches,
    concurrency: options.concurrency ?? 2,
    reconcile: (key, ctx) =>
      key.startsWith(HOLD_PREFIX) ? reconcileHold(key.slice(HOLD_PREFIX.length), ctx) : reconcileSystem(key, ctx),
    initialKeys: (cache) => {
      const sms = cache.list("SystemMigration") as readonly Sm[];
      for (const s of sms) index(s, false);
      const depts = new Set([
        ...sms.map((s) => s.spec?.department).filter(Boolean),
        ...cache.list("BudgetHold").map((h) => h.metadata.name),
      ]);
      return [...sms.map((s) => s.metadata.name), ...[...depts].map(holdKey)];
    },
  };
}
