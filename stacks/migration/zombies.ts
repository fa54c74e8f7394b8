/**
 * Zombie systems (僵尸信息系统), measured: seed 003 二(一)'s five criteria per system — 与实际业务流程长期脱节
 * (disconnected), 功能可被其他系统替代 (superseded), 所占用资源长期处于空闲状态 (idle), 运行维护停止更新服务
 * (unmaintained), 使用范围小、频度低 (unused) — three measured from the standard series every cluster has
 * (kube-state-metrics, cAdvisor, ingress-nginx) and two declared in the catalog.
 *
 * Structure: `zombieQueries` (the PromQL, one query per series for all namespaces), `judgeZombies` (a pure
 * function from the query results, as plain data, to the verdicts) and `evaluateZombies` (runs the queries
 * through the shared PrometheusClient, then judges). Absent data is "unknown", never "idle"; an unreachable
 * or failing Prometheus gives an error state, never a verdict. Every threshold is a convention of this
 * project (seed 003 says 长期, 空闲, 小, 低 without numbers), with the defaults of DEFAULT_ZOMBIE_THRESHOLDS.
 */
import { daysBetween, systemKey, type Estate, type Loaded, type SystemRequest } from "../../catalog/index.js";
import { systemNamespace } from "../../kube/index.js";
import {
  PrometheusError,
  type LabelledValue,
  type PrometheusClient,
  type PrometheusErrorKind,
} from "../../metrics/index.js";
import { ZOMBIE_CRITERIA } from "../../metrics/index.js";

/** Days after which business inactivity or a missing update counts as "long" (seed 003 says 长期): a convention. */
export const ZOMBIE_STALE_DAYS = 365;
/** Average CPU utilisation below which resources count as idle: a convention. */
export const ZOMBIE_IDLE_CPU = 0.05;
/** Few users and low frequency of use: both below these monthly figures (declared usage): conventions. */
export const ZOMBIE_FEW_USERS = 50;
export const ZOMBIE_FEW_TRANSACTIONS = 1000;
/** How many of the five criteria make a candidate: a convention. */
export const ZOMBIE_MIN_CRITERIA = 2;

/** The five criteria, in seed 003's order; the same values as the `criterion` label of govcloud_zombie_candidates. */
export type ZombieCriterion = (typeof ZOMBIE_CRITERIA)[number];
export { ZOMBIE_CRITERIA };

/** Seed 003's words for each criterion (the clause is 山西省政务信息系统整合共享工作方案 二(一)). */
export const ZOMBIE_CRITERION_TEXT: Readonly<Record<ZombieCriterion, { zh: string; en: string }>> = {
  disconnected: { zh: "系统使用与实际业务流程长期脱节", en: "long disconnected from real business" },
  superseded: { zh: "功能可被其他系统替代", en: "function can be replaced by another system" },
  idle: { zh: "所占用资源长期处于空闲状态", en: "resources idle for long" },
  unmaintained: { zh: "运行维护停止更新服务", en: "maintenance and updates stopped" },
  unused: { zh: "使用范围小、频度低", en: "few users and low frequency of use" },
};

export const ZOMBIE_CLAUSE = "山西省政务信息系统整合共享工作方案 二(一)";

/**
 * Thresholds: all conventions of this project, not seed facts (seed 003 gives no numbers). Defaults are
 * DEFAULT_ZOMBIE_THRESHOLDS; any field may be overridden.
 */
export interface ZombieThresholds {
  /** The window "long" is measured over, days (default 90: the issue's "over 90 days"). */
  readonly windowDays: number;
  /** CPU used / requested below this over the window is idle (default ZOMBIE_IDLE_CPU = 0.05, the governance rule's). */
  readonly idleRatio: number;
  /** No rollout for more than this many days is maintenance stopped (default ZOMBIE_STALE_DAYS = 365). */
  readonly rolloutDays: number;
  /**
   * Ingress requests per day below this are few users and low frequency (default 1000 / 30 ≈ 33.3: derived from
   * the governance rule's convention of under ZOMBIE_FEW_TRANSACTIONS = 1000 transactions a month).
   */
  readonly requestsPerDay: number;
  /** Share of the window a series must cover before its average counts (default 0.9); less is "unknown". */
  readonly minCoverage: number;
  /** Criteria that make a candidate (default ZOMBIE_MIN_CRITERIA = 2). */
  readonly minCriteria: number;
  /** A declared last business activity older than this many days is "disconnected" (default ZOMBIE_STALE_DAYS). */
  readonly disconnectedDays: number;
}

export const DEFAULT_ZOMBIE_THRESHOLDS: ZombieThresholds = {
  windowDays: 90,
  idleRatio: ZOMBIE_IDLE_CPU,
  rolloutDays: ZOMBIE_STALE_DAYS,
  requestsPerDay: Math.round((ZOMBIE_FEW_TRANSACTIONS / 30) * 10) / 10,
  minCoverage: 0.9,
  minCriteria: ZOMBIE_MIN_CRITERIA,
  disconnectedDays: ZOMBIE_STALE_DAYS,
};

/** Declared facts (the two criteria no metric can show), as the catalog records them. */
export interface DeclaredZombieFacts {
  /** Declared no longer linked to live business (与实际业务流程长期脱节). */
  readonly disconnected?: boolean;
  /** The date of the last real business activity, when declared (YYYY-MM-DD). */
  readonly disconnectedSince?: string;
  /** The system (`<department>/<system>`) whose function replaces this one (功能可被其他系统替代). */
  readonly replacedBy?: string;
}

/** One system to evaluate: its key, the namespaces its workloads run in, and its declared facts. */
export interface ZombieSystem {
  /** `<department>/<system>`. */
  readonly system: string;
  /** Usually one: `<department>-<system>`. */
  readonly namespaces: readonly string[];
  readonly declared?: DeclaredZombieFacts;
}

export type CriterionState = "met" | "not-met" | "unknown";

export interface CriterionVerdict {
  readonly state: CriterionState;
  readonly source: "measured" | "declared";
  /** The numbers the verdict rests on (measured) or what was declared; the threshold included. */
  readonly figures: Readonly<Record<string, number | string>>;
  /** One English sentence: what was measured or declared, against which threshold. */
  readonly reason: string;
}

export interface ZombieVerdict {
  readonly system: string;
  readonly namespaces: readonly string[];
  readonly criteria: Readonly<Record<ZombieCriterion, CriterionVerdict>>;
  /** Criteria met, in seed order. */
  readonly met: readonly ZombieCriterion[];
  readonly unknown: readonly ZombieCriterion[];
  /** true: at least minCriteria met; false: cannot reach it even if every unknown were met; else "unknown". */
  readonly candidate: boolean | "unknown";
}

export type ZombieEvaluation =
  | {
      readonly state: "ok";
      /** Unix seconds the evaluation is taken at. */
      readonly at: number;
      readonly thresholds: ZombieThresholds;
      readonly systems: readonly ZombieVerdict[];
      /** Seconds spent waiting for Prometheus. */
      readonly seconds: number;
    }
  | {
      readonly state: "error";
      readonly at: number;
      readonly thresholds: ZombieThresholds;
      readonly error: { readonly kind: PrometheusErrorKind; readonly message: string };
    };

/** The query ids; each query is aggregated `by (namespace)` over every namespace. */
export type ZombieQueryId =
  | "cpuUsed"
  | "cpuRequested"
  | "cpuHours"
  | "lastRollout"
  | "generationChanges"
  | "generationSince"
  | "requests"
  | "requestHours";

/** Query results as plain data (what PrometheusClient.values returns), by query id. */
export type ZombieQueryResults = Readonly<Record<ZombieQueryId, readonly LabelledValue[]>>;

/**
 * The PromQL the evaluation sends, evaluated as instant queries at `at`. Subqueries step by 1 h, so a
 * window of 90 days is 2,160 evaluations per query; every query is one per series for all namespaces.
 */
export function zombieQueries(thresholds: Partial<ZombieThresholds> = {}): Record<ZombieQueryId, string> {
  const t = { ...DEFAULT_ZOMBIE_THRESHOLDS, ...thresholds };
  const w = `${t.windowDays}d`;
  const roll = `${t.rolloutDays}d`;
  const requests = 'sum by (namespace) (kube_pod_container_resource_requests{resource="cpu"})';
  return {
    // average cores used over the window, hour by hour (hours without series are not counted)
    cpuUsed: `avg_over_time((sum by (namespace) (rate(container_cpu_usage_seconds_total{container!=""}[1h])))[${w}:1h])`,
    // average cores requested over the window, hour by hour
    cpuRequested: `avg_over_time((${requests})[${w}:1h])`,
    // hours of the window in which the namespace's requests were seen: the coverage of the idle criterion
    cpuHours: `count_over_time((${requests})[${w}:1h])`,
    // the newest ReplicaSet's creation time: the last rollout of a Deployment
    lastRollout: "max by (namespace) (kube_replicaset_created)",
    // without ReplicaSets: changes of the observed generation over the rollout window, and since when it is seen
    generationChanges: `sum by (namespace) (changes(kube_deployment_status_observed_generation[${roll}]))`,
    generationSince: `min by (namespace) (min_over_time(timestamp(kube_deployment_status_observed_generation)[${roll}:1d]))`,
    // ingress requests over the window, and the hours the counter was seen (its coverage)
    requests: `sum by (namespace) (increase(nginx_ingress_controller_requests[${w}]))`,
    requestHours: `count_over_time((sum by (namespace) (nginx_ingress_controller_requests))[${w}:1h])`,
  };
}

const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;
const isoDay = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

/** Per namespace, the finite values of one query. */
function byNamespace(values: readonly LabelledValue[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) {
    const ns = v.labels.namespace;
    if (ns !== undefined && Number.isFinite(v.value)) m.set(ns, v.value);
  }
  return m;
}

function pick(m: Map<string, number>, namespaces: readonly string[], combine: (a: number, b: number) => number) {
  let out: number | undefined;
  for (const ns of namespaces) {
    const v = m.get(ns);
    if (v !== undefined) out = out === undefined ? v : combine(out, v);
  }
  return out;
}
const sum = (a: number, b: number) => a + b;

function idleVerdict(
  used: number | undefined,
  requested: number | undefined,
  hours: number | undefined,
  t: ZombieThresholds,
): CriterionVerdict {
  const base = { threshold: t.idleRatio, windowDays: t.windowDays };
  const days = hours === undefined ? 0 : round(hours / 24, 1);
  if (requested === undefined || hours === undefined)
    return {
      state: "unknown",
      source: "measured",
      figures: base,
      reason: "no CPU requests (kube_pod_container_resource_requests) for its namespaces: no data, not idle",
    };
  if (days < t.minCoverage * t.windowDays)
    return {
      state: "unknown",
      source: "measured",
      figures: { ...base, daysObserved: days },
      reason: `only ${days} of ${t.windowDays} days observed (at least ${round(t.minCoverage * t.windowDays, 1)} needed)`,
    };
  if (used === undefined)
    return {
      state: "unknown",
      source: "measured",
      figures: { ...base, requestedCores: round(requested), daysObserved: days },
      reason: "CPU requested but no CPU usage series (container_cpu_usage_seconds_total): no data, not idle",
    };
  if (requested <= 0)
    return {
      state: "unknown",
      source: "measured",
      figures: { ...base, usedCores: round(used), requestedCores: 0, daysObserved: days },
      reason: "no CPU requested: the ratio of used to requested is undefined",
    };
  const ratio = used / requested;
  const figures = {
    ...base,
    usedCores: round(used),
    requestedCores: round(requested),
    ratio: round(ratio),
    daysObserved: days,
  };
  const pct = (x: number) => `${round(x * 100, 2)}%`;
  return ratio < t.idleRatio
    ? {
        state: "met",
        source: "measured",
        figures,
        reason: `CPU used ${round(used, 3)} of ${round(requested, 3)} cores requested (${pct(ratio)}) over ${days} days, below ${pct(t.idleRatio)}`,
      }
    : {
        state: "not-met",
        source: "measured",
        figures,
        reason: `CPU used ${round(used, 3)} of ${round(requested, 3)} cores requested (${pct(ratio)}) over ${days} days, not below ${pct(t.idleRatio)}`,
      };
}

function unmaintainedVerdict(
  at: number,
  lastRollout: number | undefined,
  changes: number | undefined,
  since: number | undefined,
  t: ZombieThresholds,
): CriterionVerdict {
  const threshold = t.rolloutDays;
  if (lastRollout !== undefined && lastRollout > 0) {
    const days = Math.floor((at - lastRollout) / 86_400);
    const figures = {
      threshold,
      lastRollout: isoDay(lastRollout),
      daysSinceRollout: days,
      via: "kube_replicaset_created",
    };
    return days > threshold
      ? {
          state: "met",
          source: "measured",
          figures,
          reason: `last rollout ${isoDay(lastRollout)}, ${days} days ago (more than ${threshold})`,
        }
      : {
          state: "not-met",
          source: "measured",
          figures,
          reason: `last rollout ${isoDay(lastRollout)}, ${days} days ago`,
        };
  }
  if (changes !== undefined && since !== undefined) {
    const days = Math.floor((at - since) / 86_400);
    const via = "kube_deployment_status_observed_generation";
    if (changes > 0)
      return {
        state: "not-met",
        source: "measured",
        figures: { threshold, generationChanges: changes, daysObserved: days, via },
        reason: `the Deployments' observed generation changed ${changes} times in ${threshold} days (a rollout or a scale)`,
      };
    if (days >= t.minCoverage * threshold)
      return {
        state: "met",
        source: "measured",
        figures: { threshold, generationChanges: 0, daysObserved: days, via },
        reason: `no change of the Deployments' generation in the ${days} days observed (no rollout for at least that long)`,
      };
    return {
      state: "unknown",
      source: "measured",
      figures: { threshold, generationChanges: 0, daysObserved: days, via },
      reason: `no rollout in the ${days} days observed, fewer than ${threshold}: not long enough to say`,
    };
  }
  return {
    state: "unknown",
    source: "measured",
    figures: { threshold },
    reason: "no ReplicaSet (kube_replicaset_created) or Deployment generation series for its namespaces: no data",
  };
}

function unusedVerdict(requests: number | undefined, hours: number | undefined, t: ZombieThresholds): CriterionVerdict {
  const base = { threshold: t.requestsPerDay, windowDays: t.windowDays };
  if (requests === undefined || hours === undefined)
    return {
      state: "unknown",
      source: "measured",
      figures: base,
      reason: "no ingress request counter (nginx_ingress_controller_requests) for its namespaces: no data, not unused",
    };
  const days = round(Math.min(hours / 24, t.windowDays), 1);
  if (days < t.minCoverage * t.windowDays)
    return {
      state: "unknown",
      source: "measured",
      figures: { ...base, daysObserved: days },
      reason: `ingress requests seen on only ${days} of ${t.windowDays} days (at least ${round(t.minCoverage * t.windowDays, 1)} needed)`,
    };
  const perDay = requests / days;
  const figures = { ...base, requests: Math.round(requests), requestsPerDay: round(perDay, 2), daysObserved: days };
  return perDay < t.requestsPerDay
    ? {
        state: "met",
        source: "measured",
        figures,
        reason: `${round(perDay, 1)} ingress requests a day over ${days} days, below ${t.requestsPerDay}`,
      }
    : {
        state: "not-met",
        source: "measured",
        figures,
        reason: `${round(perDay, 1)} ingress requests a day over ${days} days`,
      };
}

function declaredVerdicts(
  d: DeclaredZombieFacts | undefined,
): Pick<Record<ZombieCriterion, CriterionVerdict>, "disconnected" | "superseded"> {
  const since: Record<string, string> = d?.disconnectedSince !== undefined ? { since: d.disconnectedSince } : {};
  return {
    disconnected: d?.disconnected
      ? {
          state: "met",
          source: "declared",
          figures: { declared: "disconnected", ...since },
          reason: `declared no longer linked to live business${d.disconnectedSince ? ` (last business activity ${d.disconnectedSince})` : ""}`,
        }
      : {
          state: "not-met",
          source: "declared",
          figures: { ...since },
          reason: d?.disconnectedSince
            ? `last business activity declared ${d.disconnectedSince}`
            : "not declared disconnected",
        },
    superseded: d?.replacedBy
      ? {
          state: "met",
          source: "declared",
          figures: { replacedBy: d.replacedBy },
          reason: `declared replaced by ${d.replacedBy}`,
        }
      : { state: "not-met", source: "declared", figures: {}, reason: "no replacing system declared" },
  };
}

/**
 * The verdicts, purely from the query results (plain data) at `at` (unix seconds). Declared facts are
 * met when declared and not met otherwise (the catalog is the register); measured criteria without data
 * are unknown.
 */
export function judgeZombies(
  results: ZombieQueryResults,
  systems: readonly ZombieSystem[],
  at: number,
  thresholds: Partial<ZombieThresholds> = {},
): ZombieVerdict[] {
  const t = { ...DEFAULT_ZOMBIE_THRESHOLDS, ...thresholds };
  const r = Object.fromEntries(
    (Object.keys(results) as ZombieQueryId[]).map((k) => [k, byNamespace(results[k])]),
  ) as Record<ZombieQueryId, Map<string, number>>;
  const max = Math.max;
  const min = Math.min;
  return systems.map((s) => {
    const ns = s.namespaces;
    const criteria: Record<ZombieCriterion, CriterionVerdict> = {
      ...declaredVerdicts(s.declared),
      idle: idleVerdict(pick(r.cpuUsed, ns, sum), pick(r.cpuRequested, ns, sum), pick(r.cpuHours, ns, max), t),
      unmaintained: unmaintainedVerdict(
        at,
        pick(r.lastRollout, ns, max),
        pick(r.generationChanges, ns, sum),
        pick(r.generationSince, ns, min),
        t,
      ),
      unused: unusedVerdict(pick(r.requests, ns, sum), pick(r.requestHours, ns, max), t),
    };
    const met = ZOMBIE_CRITERIA.filter((c) => criteria[c].state === "met");
    const unknown = ZOMBIE_CRITERIA.filter((c) => criteria[c].state === "unknown");
    const candidate =
      met.length >= t.minCriteria ? true : met.length + unknown.length < t.minCriteria ? false : ("unknown" as const);
    return { system: s.system, namespaces: ns, criteria, met, unknown, candidate };
  });
}

/**
 * Runs zombieQueries at `at` (unix seconds) through the shared client and judges every system. A Prometheus
 * that cannot be reached, times out or answers garbage gives `{state: "error"}` with the client's message:
 * never a verdict, so never a false zombie. Other errors (bugs) are thrown.
 */
export async function evaluateZombies(
  client: PrometheusClient,
  systems: readonly ZombieSystem[],
  at: number,
  thresholds: Partial<ZombieThresholds> = {},
): Promise<ZombieEvaluation> {
  const t = { ...DEFAULT_ZOMBIE_THRESHOLDS, ...thresholds };
  const t0 = performance.now();
  const queries = zombieQueries(t);
  try {
    const entries = await Promise.all(
      (Object.keys(queries) as ZombieQueryId[]).map(async (id) => [id, await client.values(queries[id], at)] as const),
    );
    const results = Object.fromEntries(entries) as unknown as ZombieQueryResults;
    return {
      state: "ok",
      at,
      thresholds: t,
      systems: judgeZombies(results, systems, at, t),
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    if (e instanceof PrometheusError)
      return { state: "error", at, thresholds: t, error: { kind: e.kind, message: e.message } };
    throw e;
  }
}

const dayOf = (d: unknown): string => (d instanceof Date ? d.toISOString().slice(0, 10) : String(d));

/**
 * The declared usage facts the zombie judgement reads, as the catalog's `spec.usage` gives them and as the
 * SystemMigration's `spec.zombie` carries them to the migration operator (the same field names, dates as
 * YYYY-MM-DD): so plan time and the operator judge from the same facts with the same function.
 */
export interface DeclaredZombieUsage {
  /** `spec.usage.disconnectedFromBusiness`: declared no longer linked to live business. */
  readonly disconnected?: boolean;
  /** `spec.usage.lastBusinessActivity`, YYYY-MM-DD. */
  readonly lastBusinessActivity?: string;
  /** `spec.usage.supersededBy`: a system (`<department>/<system>`) of the catalog. */
  readonly supersededBy?: string;
  /** `spec.usage.replacedBy`: a system outside the catalog. */
  readonly replacedBy?: string;
}

/** A catalog request's declared usage facts (empty when it declares none): what the planner writes to spec.zombie. */
export function declaredZombieUsage(request: Loaded<SystemRequest>): DeclaredZombieUsage {
  const u = request.doc.spec.usage;
  return {
    ...(u?.disconnectedFromBusiness !== undefined ? { disconnected: u.disconnectedFromBusiness } : {}),
    ...(u?.lastBusinessActivity !== undefined ? { lastBusinessActivity: dayOf(u.lastBusinessActivity) } : {}),
    ...(u?.supersededBy !== undefined ? { supersededBy: u.supersededBy } : {}),
    ...(u?.replacedBy !== undefined ? { replacedBy: u.replacedBy } : {}),
  };
}

/**
 * The declared facts judgeZombies reads, from declared usage on `today` (YYYY-MM-DD): disconnected when declared
 * so or when the last business activity is older than `disconnectedDays` before `today`; replaced by
 * `supersededBy` (a system of the catalog) or else `replacedBy` (one outside it). Plan time (declaredZombieFacts)
 * and the migration operator (its ZombieCandidate hook, from spec.zombie) both call this.
 */
export function zombieFactsOf(
  usage: DeclaredZombieUsage | undefined,
  today: string,
  thresholds: Partial<ZombieThresholds> = {},
): DeclaredZombieFacts {
  const t = { ...DEFAULT_ZOMBIE_THRESHOLDS, ...thresholds };
  const last = usage?.lastBusinessActivity !== undefined ? dayOf(usage.lastBusinessActivity) : undefined;
  const stale = last !== undefined && daysBetween(last, today) > t.disconnectedDays;
  const replacedBy = usage?.supersededBy ?? usage?.replacedBy;
  return {
    ...(stale || usage?.disconnected === true ? { disconnected: true } : {}),
    ...(last !== undefined ? { disconnectedSince: last } : {}),
    ...(replacedBy !== undefined ? { replacedBy } : {}),
  };
}

/**
 * The declared facts of a catalog request on `today`: zombieFactsOf its declared usage (declaredZombieUsage), i.e.
 * disconnected when `spec.usage.disconnectedFromBusiness` is declared or the declared last business activity is
 * older than `disconnectedDays` before `today`; replaced by `spec.usage.supersededBy` or `replacedBy`.
 */
export function declaredZombieFacts(
  request: Loaded<SystemRequest>,
  today: string,
  thresholds: Partial<ZombieThresholds> = {},
): DeclaredZombieFacts {
  return zombieFactsOf(declaredZombieUsage(request), today, thresholds);
}

/**
 * The declared-usage judgement (no Prometheus): seed 003's criteria from `spec.usage` alone, with the conventions
 * of rule GOV-ZOMBIE-001 (older than ZOMBIE_STALE_DAYS, CPU under ZOMBIE_IDLE_CPU, under ZOMBIE_FEW_USERS users and
 * ZOMBIE_FEW_TRANSACTIONS transactions a month, ZOMBIE_MIN_CRITERIA criteria). Only criteria met are listed, all
 * `source: "declared"`; a retired system is never a candidate. Used by the estate exporter and the reports.
 */
export function declaredUsageZombie(
  request: Loaded<SystemRequest>,
  today: string,
): {
  readonly met: readonly ZombieCriterion[];
  readonly criteria: Partial<Record<ZombieCriterion, CriterionVerdict>>;
  readonly candidate: boolean;
} {
  const u = request.doc.spec.migration?.phase === "retired" ? undefined : request.doc.spec.usage;
  const c: Partial<Record<ZombieCriterion, CriterionVerdict>> = {};
  const met = (k: ZombieCriterion, figures: Record<string, number | string>, reason: string) =>
    (c[k] = { state: "met", source: "declared", figures, reason });
  if (u) {
    const last = u.lastBusinessActivity !== undefined ? dayOf(u.lastBusinessActivity) : undefined;
    if (last !== undefined && daysBetween(last, today) > ZOMBIE_STALE_DAYS)
      met("disconnected", { since: last, threshold: ZOMBIE_STALE_DAYS }, `no business activity since ${last}`);
    else if (u.disconnectedFromBusiness === true)
      met("disconnected", { declared: "disconnected" }, "declared no longer linked to live business");
    const by = u.supersededBy ?? u.replacedBy;
    if (by !== undefined) met("superseded", { replacedBy: by }, `its function is replaced by ${by}`);
    if (u.avgCpuUtilisation !== undefined && u.avgCpuUtilisation < ZOMBIE_IDLE_CPU)
      met(
        "idle",
        { declaredCpu: u.avgCpuUtilisation, threshold: ZOMBIE_IDLE_CPU },
        `declared average CPU ${u.avgCpuUtilisation}, below ${ZOMBIE_IDLE_CPU}`,
      );
    const upd = u.lastUpdate !== undefined ? dayOf(u.lastUpdate) : undefined;
    if (upd !== undefined && daysBetween(upd, today) > ZOMBIE_STALE_DAYS)
      met("unmaintained", { lastUpdate: upd, threshold: ZOMBIE_STALE_DAYS }, `no update since ${upd}`);
    const users = u.monthlyActiveUsers;
    const tx = u.monthlyTransactions;
    if (
      (users !== undefined || tx !== undefined) &&
      (users === undefined || users < ZOMBIE_FEW_USERS) &&
      (tx === undefined || tx < ZOMBIE_FEW_TRANSACTIONS)
    )
      met(
        "unused",
        {
          ...(users !== undefined ? { monthlyActiveUsers: users } : {}),
          ...(tx !== undefined ? { monthlyTransactions: tx } : {}),
          thresholdUsers: ZOMBIE_FEW_USERS,
          thresholdTransactions: ZOMBIE_FEW_TRANSACTIONS,
        },
        `few users and low use (${users ?? "?"} users, ${tx ?? "?"} transactions a month)`,
      );
  }
  const list = ZOMBIE_CRITERIA.filter((k) => c[k] !== undefined);
  return { met: list, criteria: c, candidate: list.length >= ZOMBIE_MIN_CRITERIA };
}

/** Every request of the estate (optionally one department's) but retired ones, as systems to evaluate with their declared facts. */
export function zombieSystems(
  estate: Estate,
  today: string,
  options: { readonly department?: string; readonly thresholds?: Partial<ZombieThresholds> } = {},
): ZombieSystem[] {
  return estate.requests
    .filter((r) => options.department === undefined || r.doc.spec.department === options.department)
    .filter((r) => r.doc.spec.migration?.phase !== "retired") // cleaned up already, as GOV-ZOMBIE-001 says
    .map((r) => ({
      system: systemKey(r.doc),
      namespaces: [systemNamespace(r.doc.spec.department, r.doc.metadata.name)],
      declared: declaredZombieFacts(r, today, options.thresholds),
    }))
    .sort((a, b) => a.system.localeCompare(b.system));
}
