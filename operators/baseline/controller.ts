/**
 * The security-baseline controller. Keys are namespaces (plus `@cluster` for cluster-scoped objects);
 * any change of a watched object enqueues its namespace after a short debounce, so a burst of changes
 * is judged once. A reconcile of a namespace labelled `govcloud.io/system`:
 * 1. judges the namespace and every object in it of a kind the object rules look at, with the
 *    estate's exceptions (BaselineJudge), and server-side-applies its PolicyReport when the results
 *    changed; findings become the `govcloud_baseline_findings` gauge;
 * 2. compares the planned baseline objects of the namespace (desiredState: what planEstate gives) with
 *    the live ones and, when one is missing or a planned field differs, records a Warning Event
 *    `DriftDetected`, counts it and (unless remediation is off) re-applies the planned object with
 *    the plan's field manager (Event `DriftReverted`).
 * Level-triggered and idempotent: a reconcile that finds nothing to change writes nothing.
 */
import type { Registry } from "prom-client";
import type { Estate } from "../../catalog/index.js";
import { today as todayUtc } from "../../catalog/index.js";
import { sameJson, type KubeObject } from "../../kube/index.js";
import {
  baselineMetrics,
  hasResource,
  resourceFor,
  type ControllerDefinition,
  type KObject,
  type ReconcileContext,
  type WatchSpec,
} from "../runtime/index.js";
import { BASELINE_KINDS, desiredState, driftOf, type DesiredState } from "./desired.js";
import { BaselineJudge } from "./judge.js";
import { buildReport, FindingAges, sameReport } from "./reports.js";

export const CLUSTER_KEY = "@cluster";
export const SYSTEM_LABEL = "govcloud.io/system";
/** The field manager of the plan's objects (apply the manifests with `--field-manager=govcloud`) and of this operator's writes. */
export const FIELD_MANAGER = "govcloud";

export interface BaselineOptions {
  readonly estate: Estate;
  /** The cloud node this cluster is (its planned objects are the desired state); default: every node's. */
  readonly node?: string;
  /** Revert drift (default true); false only reports it. */
  readonly remediate?: boolean;
  /** Changes of a namespace are judged together after this long (ms). Default 300. */
  readonly debounceMs?: number;
  readonly registry: Registry;
  /** The date judged by (YYYY-MM-DD); default today in UTC at each reconcile. */
  readonly today?: () => string;
  readonly concurrency?: number;
}

const nsOf = (o: Readonly<KObject>) => o.metadata.namespace;
const isLabelled = (o: Readonly<KObject> | undefined) => Boolean(o?.metadata.labels?.[SYSTEM_LABEL]);

export function baselineController(
  options: BaselineOptions,
): ControllerDefinition & { readonly desired: DesiredState; readonly judge: BaselineJudge } {
  const judge = new BaselineJudge(options.estate);
  const desired = desiredState(options.estate, options.node);
  const metrics = baselineMetrics(options.registry);
  const remediate = options.remediate ?? true;
  const today = options.today ?? todayUtc;
  const reportInput = { rules: judge.rules, estate: options.estate };
  /** Kinds whose objects are judged or kept, watched in every namespace (Namespace apart). */
  const kinds = [...new Set([...judge.kinds, ...BASELINE_KINDS])]
    .filter((k) => k !== "Namespace" && hasResource(k))
    .sort();
  const namespaced = kinds.filter((k) => resourceFor(k).namespaced);
  const clusterScoped = kinds.filter((k) => !resourceFor(k).namespaced);
  /** Label sets of the findings gauge per namespace, to remove those that went away. */
  const gaugeSeries = new Map<string, Set<string>>();
  /** Open findings by first-seen age (govcloud_baseline_findings_by_age, computed at scrape). */
  const ages = new FindingAges(metrics.govcloud_baseline_findings_by_age);
  /**
   * Writes whose watch event the cache may not show yet: key → what was written (a report's summary
   * and results; nothing for a planned object) and the resourceVersion seen before the write.
   */
  const written = new Map<string, { content?: readonly unknown[]; before: string | undefined }>();
  /**
   * This controller's own writes: key → the resourceVersion the server gave the written object. Their
   * watch events change nothing a reconcile would act on (the reconcile that wrote them already saw
   * everything else), so they enqueue nothing: a cold start reconciles each namespace once, not twice.
   * Any other change of the object (another version) or its deletion is reconciled as usual.
   */
  const ownWrites = new Map<string, string>();
  const objectKey = (o: Readonly<KObject>) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
  const remember = (applied: KObject | undefined) => {
    const rv = applied?.metadata?.resourceVersion;
    if (applied && rv !== undefined) ownWrites.set(objectKey(applied), rv);
  };
  const unlessOwnWrite =
    (map: NonNullable<WatchSpec["map"]>): NonNullable<WatchSpec["map"]> =>
    (o, t, old) => {
      if (t !== "deleted" && ownWrites.size > 0) {
        const key = objectKey(o);
        const rv = ownWrites.get(key);
        if (rv !== undefined) {
          ownWrites.delete(key);
          // The write is in the cache now: nothing of it is pending any more.
          if (rv === o.metadata.resourceVersion) return (written.delete(key), []);
        }
      }
      return map(o, t, old);
    };

  const namespaceKeys = (o: Readonly<KObject>, _t: unknown, old?: Readonly<KObject>) =>
    isLabelled(o) || isLabelled(old) || desired.byNamespace.has(o.metadata.name) ? [o.metadata.name] : [];
  const objectKeys = (o: Readonly<KObject>) => [nsOf(o) ?? CLUSTER_KEY];
  const watches: WatchSpec[] = [
    { resource: "Namespace", map: unlessOwnWrite(namespaceKeys) },
    ...kinds.map((k) => ({ resource: k, map: unlessOwnWrite(objectKeys) })),
    { resource: "PolicyReport", map: unlessOwnWrite(objectKeys) },
    { resource: "ClusterPolicyReport", map: unlessOwnWrite(() => [CLUSTER_KEY]) },
  ];

  function setFindings(namespace: string, findings: ReturnType<BaselineJudge["judge"]>["findings"]) {
    const counts = new Map<string, { rule: string; severity: string; n: number }>();
    for (const f of findings) {
      if (f.result !== "fail") continue;
      const k = `${f.rule}|${f.severity ?? "info"}`;
      const c = counts.get(k);
      if (c) c.n++;
      else counts.set(k, { rule: f.rule, severity: f.severity ?? "info", n: 1 });
    }
    const before = gaugeSeries.get(namespace) ?? new Set();
    const now = new Set<string>();
    for (const [k, c] of counts) {
      metrics.govcloud_baseline_findings.set({ rule: c.rule, severity: c.severity, namespace }, c.n);
      now.add(k);
    }
    for (const k of before) {
      if (now.has(k)) continue;
      const [rule, severity] = k.split("|") as [string, string];
      metrics.govcloud_baseline_findings.remove({ rule, severity, namespace });
    }
    if (now.size) gaugeSeries.set(namespace, now);
    else {
      gaugeSeries.delete(namespace);
      ages.forget(namespace);
    }
  }

  /**
   * What each key's report was last made from, and the version of the report that says it: when a
   * reconcile finds the same inputs (every judged object at the same resourceVersion, the same day) and
   * that report still live, judging again would give the same results and write nothing (judging is a
   * pure function of them), so it is skipped. The echo of the operator's own report write, a change to
   * an object no rule reads and a periodic re-list cost a fingerprint, not a judgement.
   */
  const judged = new Map<string, { inputs: string; report: string | undefined }>();
  const fingerprint = (day: string, objects: readonly Readonly<KObject>[]) => {
    let s = day;
    for (const o of objects) s += `|${o.kind}/${o.metadata.name}@${o.metadata.resourceVersion ?? ""}`;
    return s;
  };

  /** Judges `objects` and writes the report of `key` when its results changed (unless nothing did since the last time). */
  async function judgeAndReport(
    ctx: ReconcileContext,
    key: string,
    day: string,
    objects: readonly Readonly<KObject>[],
    labels: Readonly<Record<string, string>> | undefined,
    current: () => Readonly<KObject> | undefined,
  ): Promise<void> {
    const inputs = fingerprint(day, objects);
    const live = current();
    const last = judged.get(key);
    if (last && last.inputs === inputs && last.report !== undefined && last.report === live?.metadata.resourceVersion)
      return;
    judged.delete(key);
    const namespace = key === CLUSTER_KEY ? undefined : key;
    const j = judge.judge(objects, day, labels);
    metrics.govcloud_baseline_objects_judged_total.inc(j.objects);
    setFindings(namespace ?? "", j.findings);
    const report = buildReport(namespace, j.findings, j.passes, { ...reportInput, today: day }, ctx.clock.now(), live);
    const version = await writeReport(ctx, report, live);
    judged.set(key, { inputs, report: version });
  }

  /** Writes the report unless the live one says the same; the version of the report that says it (undefined: not known yet). */
  async function writeReport(
    ctx: ReconcileContext,
    report: KObject,
    live: Readonly<KObject> | undefined,
  ): Promise<string | undefined> {
    ages.record(report, ctx.clock);
    if (sameReport(report, live)) return live?.metadata.resourceVersion;
    const key = `${report.kind}/${report.metadata.namespace ?? ""}/${report.metadata.name}`;
    const content = [report.summary, report.results];
    const w = written.get(key);
    // Written already, and the cache still shows the version from before that write: its event is on the way.
    if (w?.content && sameJson(w.content, content) && w.before === live?.metadata.resourceVersion) return undefined;
    const applied = await ctx.client.apply(report, FIELD_MANAGER);
    remember(applied);
    written.set(key, { content, before: live?.metadata.resourceVersion });
    const s = report.summary as Record<string, number>;
    ctx.log.info("policy report written", {
      report: `${report.kind} ${report.metadata.namespace ? `${report.metadata.namespace}/` : ""}${report.metadata.name}`,
      pass: s.pass,
      fail: s.fail,
      warn: s.warn,
      error: s.error,
      skip: s.skip,
    });
    return applied?.metadata?.resourceVersion;
  }

  async function reconcileDrift(
    ctx: ReconcileContext,
    namespace: string,
    planned: readonly KubeObject[],
  ): Promise<void> {
    for (const want of planned) {
      const ns = want.kind === "Namespace" ? undefined : namespace;
      const live = ctx.cache.get(want.kind, want.metadata.name, ns);
      const field = live ? driftOf(want, live) : "deleted";
      const key = `${want.kind}/${ns ?? ""}/${want.metadata.name}`;
      const pending = written.get(key);
      if (!field) {
        written.delete(key);
        continue;
      }
      if (pending && pending.before === (live?.metadata.resourceVersion ?? "absent")) continue; // reverted; the cache has not caught up
      const what = `${want.kind} ${ns ? `${ns}/` : ""}${want.metadata.name}`;
      const how = live ? `changed (${field} differs from the plan)` : "deleted";
      metrics.govcloud_baseline_drift_detected_total.inc({ kind: want.kind });
      // Events name the object itself (after a revert, the re-created one: `kubectl describe` finds them by uid).
      const subject = live ?? (want as KObject);
      ctx.log.info("drift detected", { object: what, drift: how, remediate });
      if (!remediate) {
        await ctx.events.event(
          subject,
          "Warning",
          "DriftDetected",
          `${what} was ${how}; not reverted (--remediate=false)`,
        );
        written.set(key, { before: live?.metadata.resourceVersion ?? "absent" });
        continue;
      }
      const applied = await ctx.client.apply(want as KObject, FIELD_MANAGER);
      remember(applied);
      written.set(key, { before: live?.metadata.resourceVersion ?? "absent" });
      metrics.govcloud_baseline_drift_reverted_total.inc({ kind: want.kind });
      ctx.log.info("drift reverted", { object: what });
      await ctx.events.event(
        applied ?? subject,
        "Warning",
        "DriftReverted",
        `${what} was ${how}; re-applied as planned by govcloud`,
      );
    }
  }

  async function reconcile(key: string, ctx: ReconcileContext): Promise<void> {
    const day = today();
    if (key === CLUSTER_KEY) {
      const objects = clusterScoped.flatMap((k) => ctx.cache.list(k));
      await judgeAndReport(ctx, key, day, objects, undefined, () =>
        ctx.cache.get("ClusterPolicyReport", "govcloud-cluster"),
      );
      return;
    }
    const ns = ctx.cache.get("Namespace", key);
    const planned = desired.byNamespace.get(key);
    if (ns?.metadata.deletionTimestamp) {
      judged.delete(key);
      setFindings(key, []);
      return;
    }
    if (ns && isLabelled(ns)) {
      const objects = [ns, ...namespaced.flatMap((k) => ctx.cache.list(k, key))];
      const name = `govcloud-${key}`.slice(0, 253);
      await judgeAndReport(ctx, key, day, objects, ns.metadata.labels, () => ctx.cache.get("PolicyReport", name, key));
    } else {
      judged.delete(key);
      setFindings(key, []);
    }
    if (planned) await reconcileDrift(ctx, key, planned);
  }

  return {
    name: "baseline",
    watches,
    reconcile,
    debounceMs: options.debounceMs ?? 300,
    concurrency: options.concurrency ?? 8,
    backoff: { baseMs: 100, maxMs: 30_000 },
    // Planned namespaces that do not exist yet (or were deleted) are drift too.
    initialKeys: () => [...desired.byNamespace.keys(), CLUSTER_KEY],
    desired,
    judge,
  };
}
