/**
 * The ZombieCandidate hook of the migration controller: seed 003 二(一)'s five criteria per system, measured
 * in Prometheus by the shared evaluation (stacks/migration zombies: zombieQueries + judgeZombies) with the
 * declared facts of the SystemMigration's spec.zombie (the catalog's declared usage, as the planner copied it)
 * turned into verdict inputs by the same function plan time uses (zombieFactsOf), on the reconcile's day. The queries are aggregated by namespace over every
 * namespace, so one round of them serves every system: the results are kept for `resyncMs` and each system
 * is judged from them (a failed round is not kept). Prometheus unreachable, or data missing: "unknown", never
 * a false zombie.
 */
import { systemKeyOf } from "../../kube/index.js";
import { PrometheusClient, PrometheusError } from "../../metrics/index.js";
import {
  judgeZombies,
  zombieFactsOf,
  zombieQueries,
  ZOMBIE_CRITERIA,
  ZOMBIE_CLAUSE,
  type DeclaredZombieUsage,
  type ZombieQueryId,
  type ZombieQueryResults,
  type ZombieThresholds,
} from "../../stacks/migration/index.js";
import type { ZombieHook } from "./controller.js";
import { utcDate } from "./deadline.js";

/** Query results are reused this long (ms on the controller's clock): a convention. */
export const DEFAULT_ZOMBIE_RESYNC_MS = 60 * 60_000;

export function zombieHook(
  prometheusUrl: string,
  options: {
    readonly resyncMs?: number;
    readonly thresholds?: Partial<ZombieThresholds>;
    readonly timeoutMs?: number;
  } = {},
): ZombieHook {
  const client = new PrometheusClient(
    prometheusUrl,
    options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {},
  );
  const resyncMs = options.resyncMs ?? DEFAULT_ZOMBIE_RESYNC_MS;
  const queries = zombieQueries(options.thresholds);
  let round: { at: number; results: Promise<ZombieQueryResults | PrometheusError> } | undefined;

  const fetchAll = async (at: number): Promise<ZombieQueryResults | PrometheusError> => {
    try {
      const entries = await Promise.all(
        (Object.keys(queries) as ZombieQueryId[]).map(
          async (id) => [id, await client.values(queries[id], at)] as const,
        ),
      );
      return Object.fromEntries(entries) as unknown as ZombieQueryResults;
    } catch (e) {
      if (e instanceof PrometheusError) return e;
      throw e;
    }
  };

  return async ({ system, department, namespace, spec, now }) => {
    if (!round || now - round.at >= resyncMs || now < round.at) round = { at: now, results: fetchAll(now / 1000) };
    const mine = round;
    const at = mine.at;
    let results: ZombieQueryResults | PrometheusError;
    try {
      results = await mine.results;
    } catch (e) {
      // Only a successful round is reused: a failed one is asked again (the runtime's backoff paces it).
      if (round === mine) round = undefined;
      throw e;
    }
    if (results instanceof PrometheusError) {
      if (round === mine) round = undefined; // asked again at the next reconcile
      return { candidate: "unknown", met: [], message: `zombie criteria not measured: ${results.message}` };
    }
    // The declared facts as plan time turns them (zombieFactsOf), from what the planner copied of the catalog's
    // spec.usage into spec.zombie, on the day of this reconcile.
    const declared = zombieFactsOf(spec.zombie as DeclaredZombieUsage | undefined, utcDate(now), options.thresholds);
    const [v] = judgeZombies(
      results,
      [{ system: systemKeyOf(department, system), namespaces: [namespace], declared }],
      at / 1000,
      options.thresholds,
    );
    const verdict = v!;
    const parts = ZOMBIE_CRITERIA.map(
      (c) => `${c} ${verdict.criteria[c].state} [${verdict.criteria[c].source}]: ${verdict.criteria[c].reason}`,
    );
    const head =
      verdict.candidate === true
        ? `zombie candidate (${ZOMBIE_CLAUSE}): ${verdict.met.length} criteria met (${verdict.met.join(", ")})`
        : verdict.candidate === false
          ? `not a zombie candidate: ${verdict.met.length} criteria met`
          : `unknown: ${verdict.met.length} met, ${verdict.unknown.length} without data (${verdict.unknown.join(", ")})`;
    return { candidate: verdict.candidate, met: verdict.met, message: `${head}; ${parts.join("; ")}` };
  };
}
