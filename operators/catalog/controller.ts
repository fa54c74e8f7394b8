/**
 * The service-catalogue controller: a ServiceInstance from request to ready to exit (申请、使用、退出).
 * Keys are `<namespace>/<name>` of ServiceInstances; changes of the realised objects, of the exit Backup,
 * of the namespace's ResourceQuota and of the namespace map back to their instances. A reconcile:
 *
 * 1. deleted instance → exit: phase Exiting; with exit policy Backup, a Velero Backup of the instance's
 *    objects and volumes must complete first (a failed one blocks the exit with `BackupCompleted=False`
 *    and the reason; nothing is deleted); then the realised objects are deleted (Retain: released from
 *    their owner instead), the quota released, an Event and the exit metric recorded, the finalizer removed;
 * 2. the offering must exist and the parameters validate against its parameter schema, else
 *    `ParametersValid=False` with the JSON path and the schema's message; nothing is touched;
 * 3. a change the offering forbids (another offering, a smaller volume, another engine mode, an older
 *    version) is refused on the claim: `Synced=False` reason ForbiddenChange, nothing touched;
 * 4. quota: what the instance adds must fit in the namespace's ResourceQuota and the cloud node's
 *    capacity, else `QuotaAvailable=False` naming the resource, what is asked and what is left;
 * 5. the realised objects (stacks/services `realise`) are server-side applied, objects no longer
 *    wanted deleted; phase Provisioning (first time) or Updating (parameters changed);
 * 6. readiness from the objects' own status; `Ready=True` and phase Ready when all are; a dependent
 *    never ready gives `Ready=False` reason ProvisioningTimeout after the timeout — a requeueAfter
 *    timer, never a busy loop.
 * Level-triggered and idempotent: a reconcile that finds nothing to change writes nothing.
 */
import type { Registry } from "prom-client";
import {
  createAjv,
  QUOTA_RESOURCES,
  serviceQuota,
  zeroQuota,
  type DeepReadonly,
  type Estate,
  type Offering,
  type Quota,
  type ServiceInstance,
} from "../../catalog/index.js";
import { serviceCatalog, registerMetrics } from "../../metrics/index.js";
import {
  backupOutcome,
  DEFAULT_VELERO_NAMESPACE,
  effectiveParams,
  exitBackup,
  exitPolicyOf,
  INSTANCE_LABELS,
  PLATFORM_MANAGED,
  readiness,
  realise,
  type KubeObject,
  type RealiseContext,
  type StorageClasses,
} from "../../stacks/index.js";
import {
  addFinalizer,
  addResource,
  applyStatus,
  hasResource,
  controllerReference,
  isConflict,
  isNotFound,
  metaTime,
  removeFinalizer,
  resourceOf,
  setCondition,
  type CacheReader,
  type ChangeType,
  type Condition,
  type ControllerDefinition,
  type KObject,
  type ReconcileContext,
  type ReconcileResult,
  type WatchSpec,
} from "../runtime/index.js";
import { sameJson } from "../../kube/index.js";
import { CRD_RESOURCES } from "../crds/index.js";
import { hardLimits, QuotaBook, shortfall, shortfallMessage } from "./quota.js";

export const FINALIZER = "govcloud.io/service-exit";
export const FIELD_MANAGER = "govcloud-catalog";
/** Annotation on every realised object: the instance it belongs to, `<namespace>/<name>`. */
export const INSTANCE_OF = "govcloud.io/instance-of";

/** The kinds instances are realised as, registered with the runtime (beside its built-in table). */
export const REALISED_KINDS = [
  { group: "", version: "v1", kind: "PersistentVolumeClaim", plural: "persistentvolumeclaims", namespaced: true },
  { group: "postgresql.cnpg.io", version: "v1", kind: "Cluster", plural: "clusters", namespaced: true },
  { group: "kubevirt.io", version: "v1", kind: "VirtualMachine", plural: "virtualmachines", namespaced: true },
  {
    group: "objectbucket.io",
    version: "v1alpha1",
    kind: "ObjectBucketClaim",
    plural: "objectbucketclaims",
    namespaced: true,
  },
  { group: "velero.io", version: "v1", kind: "Schedule", plural: "schedules", namespaced: true },
  { group: "velero.io", version: "v1", kind: "Backup", plural: "backups", namespaced: true },
] as const;
for (const t of REALISED_KINDS) addResource(t);
// The operators' own kinds (the ServiceInstance CRD), as loadRuntime() registers them.
for (const r of CRD_RESOURCES) if (!hasResource(r.kind)) addResource(r);

/** Kinds whose changes are mapped back to their instance (the exit Backup apart). */
export const WATCHED_KINDS = [
  "StatefulSet",
  "Deployment",
  "Service",
  "PersistentVolumeClaim",
  "Cluster",
  "VirtualMachine",
  "ObjectBucketClaim",
  "Schedule",
] as const;

export interface CatalogOptions {
  readonly estate: Estate;
  readonly registry: Registry;
  /** The cloud node this cluster is: its capacity bounds the instances (default: the instance's cloud label). */
  readonly node?: string;
  /** Images come from this registry prefix (default: the estate's first approved registry). */
  readonly registryPrefix?: string;
  readonly storageClasses?: StorageClasses;
  readonly veleroNamespace?: string;
  /** A dependent not ready after this long gives `Ready=False` reason ProvisioningTimeout. Default 15 min. */
  readonly readyTimeoutMs?: number;
  /** Re-check of an instance held back by quota (beside the watch of quotas and instances). Default 5 min. */
  readonly quotaRetryMs?: number;
  readonly concurrency?: number;
}

type Phase = NonNullable<NonNullable<ServiceInstance["status"]>["phase"]>;
type Status = NonNullable<ServiceInstance["status"]>;
type Instance = KObject & { spec: ServiceInstance["spec"]; status?: Status };

const SI = { apiVersion: "govcloud.io/v1alpha1", kind: "ServiceInstance" } as const;
/** Parameters whose value may only grow (volumes cannot shrink). */
const GROW_ONLY = /(storage|disk|size|capacity)/i;
/** Parameters that choose the engine or its topology: changing one means a new service and a migration. */
const ENGINE_PARAMS = new Set(["mode", "deployment", "tenantMode", "architecture", "protocol", "model"]);

const keyOf = (namespace: string | undefined, name: string) => `${namespace ?? ""}/${name}`;
const quotaOf = (s: Status | undefined): Quota => ({ ...zeroQuota(), ...((s?.quota ?? {}) as Partial<Quota>) });
const subtract = (a: Quota, b: Quota): Quota =>
  Object.fromEntries(QUOTA_RESOURCES.map((r) => [r, Math.max(0, a[r] - b[r])])) as Quota;

/** Whether every field of `want` has the same value in `live` (extra fields in live: defaults, status). */
function contains(live: unknown, want: unknown): boolean {
  if (want === null || typeof want !== "object") return live === want;
  if (Array.isArray(want))
    return Array.isArray(live) && live.length === want.length && want.every((w, i) => contains(live[i], w));
  if (live === null || typeof live !== "object") return false;
  return Object.entries(want).every(([k, v]) => contains((live as Record<string, unknown>)[k], v));
}

const registeredMetrics = new WeakMap<Registry, ReturnType<typeof registerMetrics<typeof serviceCatalog.metrics>>>();

/** The service catalogue's metrics (metrics/definitions/catalog.ts) in `registry`, registered once per registry. */
export function catalogMetrics(registry: Registry) {
  let m = registeredMetrics.get(registry);
  if (!m) registeredMetrics.set(registry, (m = registerMetrics(registry, serviceCatalog.metrics)));
  return m;
}

export function catalogController(options: CatalogOptions): ControllerDefinition {
  const { estate } = options;
  const ajv = createAjv({ strict: false, useDefaults: false });
  const validators = new Map<string, ReturnType<typeof ajv.compile>>();
  const metrics = catalogMetrics(options.registry);
  const velero = options.veleroNamespace ?? DEFAULT_VELERO_NAMESPACE;
  const context: RealiseContext = {
    registry: options.registryPrefix ?? estate.estate.doc.spec.policy.approvedRegistries[0] ?? "",
    veleroNamespace: velero,
    ...(options.storageClasses ? { storageClasses: options.storageClasses } : {}),
  };
  const readyTimeoutMs = options.readyTimeoutMs ?? 15 * 60_000;
  const quotaRetryMs = options.quotaRetryMs ?? 5 * 60_000;
  /**
   * What every instance holds, by namespace and by node (the admission's book): kept from the changes of
   * the ServiceInstance cache and the grants of this replica, whose quota the cache may not show yet.
   */
  const book = new QuotaBook();
  const nodeOf = (o: Readonly<KObject>): string | undefined => options.node ?? o.metadata.labels?.["govcloud.io/cloud"];
  const observeInstance = (t: ChangeType, o: Readonly<KObject>): void => {
    const key = keyOf(o.metadata.namespace, o.metadata.name);
    const status = (o as Instance).status;
    if (t === "deleted") book.forget(key);
    else
      book.observe(
        key,
        o.metadata.namespace ?? "",
        nodeOf(o),
        status?.phase === "Released" ? zeroQuota() : quotaOf(status),
      );
  };
  /** Offering and phase of every instance seen, for the gauge. */
  const phases = new Map<string, { offering: string; phase: string }>();
  const gauge = new Map<string, number>();
  /** Failures counted once per instance and reason until the condition clears. */
  const failed = new Set<string>();

  function setPhase(key: string, offering: string, phase: string | undefined): void {
    const before = phases.get(key);
    if (before && before.offering === offering && before.phase === phase) return;
    const bump = (o: string, p: string, d: number) => {
      const k = `${o}|${p}`;
      const n = (gauge.get(k) ?? 0) + d;
      gauge.set(k, n);
      metrics.govcloud_serviceinstances.set({ offering: o, phase: p }, n);
    };
    if (before) bump(before.offering, before.phase, -1);
    if (phase === undefined) phases.delete(key);
    else {
      phases.set(key, { offering, phase });
      bump(offering, phase, 1);
    }
  }

  function countFailure(key: string, offering: string, reason: string): void {
    const k = `${key}|${reason}`;
    if (failed.has(k)) return;
    failed.add(k);
    metrics.govcloud_serviceinstance_failures_total.inc({ offering, reason });
  }
  const clearFailure = (key: string, reason: string) => failed.delete(`${key}|${reason}`);

  function validator(o: DeepReadonly<Offering>) {
    let v = validators.get(o.metadata.name);
    if (!v) {
      v = ajv.compile(structuredClone(o.spec.parameters) as object);
      validators.set(o.metadata.name, v);
    }
    return v;
  }

  /** The instance's key from a realised object: its annotation, else its namespace and instance label. */
  const instanceKeys = (o: Readonly<KObject>): string[] => {
    const a = o.metadata.annotations?.[INSTANCE_OF];
    if (a) return [a];
    const l = o.metadata.labels?.[INSTANCE_LABELS.instance];
    return l && o.metadata.namespace ? [keyOf(o.metadata.namespace, l)] : [];
  };
  let cacheRef: CacheReader | undefined;
  /**
   * The realised objects in the cache by the instance they belong to (`instance key → Kind|namespace|name`),
   * kept from the watched kinds' changes: an instance's objects without listing its namespace (or every
   * Schedule of Velero's namespace) on each reconcile.
   */
  const realisedBy = new Map<string, Map<string, { kind: string; namespace: string | undefined; name: string }>>();
  const observeRealised = (t: ChangeType, o: Readonly<KObject>, old?: Readonly<KObject>): void => {
    const ref = `${o.kind}|${o.metadata.namespace ?? ""}|${o.metadata.name}`;
    for (const prev of [old, t === "deleted" ? o : undefined]) {
      const k = prev && instanceKeys(prev)[0];
      const m = k ? realisedBy.get(k) : undefined;
      if (m && m.delete(ref) && m.size === 0) realisedBy.delete(k!);
    }
    const k = t === "deleted" ? undefined : instanceKeys(o)[0];
    if (!k) return;
    let m = realisedBy.get(k);
    if (!m) realisedBy.set(k, (m = new Map()));
    m.set(ref, { kind: o.kind, namespace: o.metadata.namespace, name: o.metadata.name });
  };
  /** Instances of a namespace (quota or namespace changes concern all of them). */
  const namespaceKeys = (ns: string | undefined): string[] =>
    cacheRef && ns ? cacheRef.list("ServiceInstance", ns).map((i) => keyOf(ns, i.metadata.name)) : [];

  /**
   * The status this replica last wrote per instance, until its watch event comes back: that event (the
   * instance unchanged but for exactly this status) wakes nobody, since the reconcile that wrote it saw
   * everything it says. Any other change (spec, metadata, a status someone else wrote) is reconciled.
   */
  const echoes = new Map<string, Status>();
  const ownEcho = (key: string, o: Readonly<KObject>, old: Readonly<KObject> | undefined): boolean => {
    const sent = echoes.get(key);
    if (!sent || !old) return false;
    const status = (o as Instance).status;
    if (!sameJson(status, sent)) return false;
    echoes.delete(key);
    for (const k of new Set([...Object.keys(o), ...Object.keys(old)])) {
      if (k === "status" || k === "metadata") continue;
      if (!sameJson(o[k], old[k])) return false;
    }
    for (const k of new Set([...Object.keys(o.metadata), ...Object.keys(old.metadata)])) {
      if (k === "resourceVersion" || k === "managedFields") continue;
      if (!sameJson(o.metadata[k], old.metadata[k])) return false;
    }
    return true;
  };

  const watches: WatchSpec[] = [
    {
      resource: "ServiceInstance",
      observe: observeInstance,
      // An instance released or shrunk frees quota: the others of its namespace waiting for it are looked at again.
      map: (o, t, old) => {
        const key = keyOf(o.metadata.namespace, o.metadata.name);
        if (t === "updated" && ownEcho(key, o, old)) return [];
        if (t === "deleted") echoes.delete(key);
        return [key, ...(t === "deleted" ? namespaceKeys(o.metadata.namespace) : [])];
      },
    },
    ...WATCHED_KINDS.map((k) => ({ resource: k, map: instanceKeys, observe: observeRealised }) as WatchSpec),
    { resource: "Backup", namespace: velero, map: instanceKeys },
    { resource: "ResourceQuota", map: (o: Readonly<KObject>) => namespaceKeys(o.metadata.namespace) },
    { resource: "Namespace", map: (o: Readonly<KObject>) => namespaceKeys(o.metadata.name) },
  ];

  /**
   * Writes the status when it differs from the live one (conditions compared without their times).
   * Returns the instance as written only when `keep` (else the answer is not parsed: a write's answer is
   * the whole object, managedFields included) or undefined when it is gone.
   */
  async function writeStatus(
    ctx: ReconcileContext,
    si: Instance,
    status: Status,
    keep = false,
  ): Promise<Instance | undefined> {
    const strip = (s: Status | undefined) => ({
      ...(s ?? {}),
      observedGeneration: undefined,
      conditions: (s?.conditions ?? []).map((c) => ({ ...c, lastTransitionTime: undefined })),
    });
    const key = keyOf(si.metadata.namespace, si.metadata.name);
    setPhase(key, si.spec.offering, status.phase);
    if (sameJson(strip(si.status), strip(status)) && si.status?.observedGeneration === si.metadata.generation)
      return si;
    const sent = {
      ...status,
      ...(si.metadata.generation !== undefined ? { observedGeneration: si.metadata.generation } : {}),
    };
    echoes.set(key, sent);
    try {
      const written = await applyStatus(ctx.client, si, status as Record<string, unknown>, FIELD_MANAGER, {
        discard: !keep,
      });
      return keep ? (written as Instance) : si;
    } catch (e) {
      echoes.delete(key);
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  function conditions(si: Instance, now: number, ...next: Omit<Condition, "lastTransitionTime">[]): Condition[] {
    let list = (si.status?.conditions ?? []) as Condition[];
    for (const c of next) list = setCondition(list, { ...c, observedGeneration: si.metadata.generation ?? 0 }, now);
    return list;
  }

  async function applyObject(ctx: ReconcileContext, want: KubeObject): Promise<void> {
    const live = ctx.cache.get(want.kind, want.metadata.name, want.metadata.namespace);
    if (live && contains(live, want)) return;
    await ctx.client.apply(want as KObject, FIELD_MANAGER, { force: true, discard: true });
  }

  async function deleteObject(ctx: ReconcileContext, o: Readonly<KObject>): Promise<void> {
    if (o.metadata.deletionTimestamp) return;
    try {
      await ctx.client.delete(resourceOf(o), o.metadata.name, o.metadata.namespace);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  /** The realised objects of an instance in the cache, wherever they are (its namespace, Velero's). */
  function liveObjects(cache: CacheReader, si: Instance): Readonly<KObject>[] {
    const key = keyOf(si.metadata.namespace, si.metadata.name);
    const mine = realisedBy.get(key);
    const out: Readonly<KObject>[] = [];
    if (!mine) return out;
    for (const kind of WATCHED_KINDS) {
      const ns = kind === "Schedule" ? velero : si.metadata.namespace;
      for (const r of mine.values()) {
        if (r.kind !== kind || r.namespace !== ns) continue;
        const o = cache.get(kind, r.name, r.namespace);
        if (o && instanceKeys(o)[0] === key) out.push(o);
      }
    }
    return out;
  }

  /** Instances (by uid) this replica released: the cache may show them with the finalizer a moment longer. */
  const released = new Set<string>();

  async function exit(
    ctx: ReconcileContext,
    si: Instance,
    offering: DeepReadonly<Offering> | undefined,
  ): Promise<ReconcileResult | void> {
    const key = keyOf(si.metadata.namespace, si.metadata.name);
    if (!si.metadata.finalizers?.includes(FINALIZER) || released.has(si.metadata.uid ?? "")) return;
    const now = ctx.clock.now();
    const policy = exitPolicyOf(offering?.spec.category ?? "", si.spec.exitPolicy);
    const base: Status = {
      ...(si.status ?? {}),
      phase: "Exiting",
      exitingSince: si.status?.exitingSince ?? metaTime(now),
    };
    const created = si.status?.applied !== undefined || liveObjects(ctx.cache, si).length > 0;
    if (policy === "Backup" && created) {
      const want = exitBackup(si, { veleroNamespace: velero });
      const live = ctx.cache.get("Backup", want.metadata.name, velero);
      if (!live) {
        try {
          await ctx.client.create({
            ...(want as KObject),
            metadata: {
              ...(want.metadata as KObject["metadata"]),
              annotations: { ...want.metadata.annotations, [INSTANCE_OF]: key },
            },
          });
          ctx.log.info("exit backup created", { backup: `${velero}/${want.metadata.name}` });
        } catch (e) {
          if (!isConflict(e) && (e as { status?: number }).status !== 409) throw e;
        }
        await writeStatus(ctx, si, {
          ...base,
          backup: { name: want.metadata.name, phase: "New" },
          conditions: conditions(si, now, {
            type: "BackupCompleted",
            status: "False",
            reason: "BackupInProgress",
            message: `Velero Backup ${velero}/${want.metadata.name} requested; the exit waits for it`,
          }),
        });
        return;
      }
      const phase = String((live.status as { phase?: string } | undefined)?.phase ?? "New");
      const outcome = backupOutcome(live as KubeObject);
      if (outcome !== "Completed") {
        const failedNow = outcome === "Failed";
        const s = live.status as { errors?: number; failureReason?: string } | undefined;
        const why = failedNow
          ? `Velero Backup ${velero}/${want.metadata.name} ended ${phase}${s?.failureReason ? `: ${s.failureReason}` : ""}${s?.errors ? ` (${s.errors} errors)` : ""}; nothing was deleted. Delete the Backup to try again, or set spec.exitPolicy to Retain or Delete`
          : `Velero Backup ${velero}/${want.metadata.name} is ${phase}; the exit waits for it`;
        if (failedNow && !failed.has(`${key}|BackupFailed`)) {
          await ctx.events.event(si, "Warning", "BackupFailed", why);
        }
        if (failedNow) countFailure(key, si.spec.offering, "BackupFailed");
        await writeStatus(ctx, si, {
          ...base,
          backup: { name: want.metadata.name, phase },
          conditions: conditions(si, now, {
            type: "BackupCompleted",
            status: "False",
            reason: failedNow ? "BackupFailed" : "BackupInProgress",
            message: why,
          }),
        });
        return;
      }
      clearFailure(key, "BackupFailed");
      base.backup = { name: want.metadata.name, phase };
      base.conditions = conditions(si, now, {
        type: "BackupCompleted",
        status: "True",
        reason: "BackupCompleted",
        message: `Velero Backup ${velero}/${want.metadata.name} completed`,
      });
    }
    // Release: the realised objects go (Retain: they stay, no longer owned by the instance).
    for (const o of liveObjects(ctx.cache, si)) {
      if (policy === "Retain") {
        if (o.metadata.ownerReferences?.length) {
          await ctx.client
            .mergePatch(resourceOf(o), o.metadata.name, o.metadata.namespace, { metadata: { ownerReferences: null } })
            .catch((e) => {
              if (!isNotFound(e)) throw e;
            });
        }
      } else await deleteObject(ctx, o);
    }
    const how =
      policy === "Retain"
        ? "its objects retained"
        : policy === "Backup" && created
          ? `its objects deleted after Velero Backup ${velero}/${base.backup?.name}`
          : "its objects deleted";
    const written = await writeStatus(
      ctx,
      si,
      {
        ...base,
        phase: "Released",
        quota: zeroQuota(),
        conditions: conditions(si, now, {
          type: "Ready",
          status: "False",
          reason: "Released",
          message: `released (${policy}): ${how}`,
        }),
      },
      true,
    );
    // The finalizer goes with the resourceVersion the status write returned (a stale one would answer 409).
    if (written) await removeFinalizer(ctx.client, written, FINALIZER);
    if (si.metadata.uid) released.add(si.metadata.uid);
    book.ungrant(key);
    const started = Date.parse(si.metadata.deletionTimestamp ?? "") || now;
    metrics.govcloud_serviceinstance_exit_duration_seconds.observe(
      { offering: si.spec.offering },
      Math.max(0, (now - started) / 1000),
    );
    await ctx.events.event(
      si,
      "Normal",
      "Released",
      `${si.spec.offering} ${si.metadata.name} released (exit policy ${policy}): ${how}; quota returned`,
    );
    setPhase(key, si.spec.offering, undefined);
    for (const r of [
      "QuotaExceeded",
      "InvalidParameters",
      "ForbiddenChange",
      "ProvisioningTimeout",
      "UnsupportedOffering",
    ])
      clearFailure(key, r);
  }

  async function reconcile(key: string, ctx: ReconcileContext): Promise<ReconcileResult | void> {
    cacheRef = ctx.cache;
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const si = ctx.cache.get("ServiceInstance", name, namespace) as Instance | undefined;
    if (!si) {
      book.ungrant(key);
      book.forget(key);
      const p = phases.get(key);
      if (p) setPhase(key, p.offering, undefined);
      return;
    }
    const offeringDoc = estate.index.offering.get(si.spec.offering)?.doc;
    if (si.metadata.deletionTimestamp) return exit(ctx, si, offeringDoc);

    const now = ctx.clock.now();
    let current = si;
    if (!si.metadata.finalizers?.includes(FINALIZER)) {
      const added = await addFinalizer(ctx.client, si, FINALIZER);
      if (!added) return;
      current = added as Instance;
    }
    const applied = current.status?.applied;
    const phaseNow: Phase = current.status?.phase ?? "Pending";
    const held = (
      reason: string,
      type: string,
      message: string,
      extra: Omit<Condition, "lastTransitionTime">[] = [],
    ): Status => ({
      ...(current.status ?? {}),
      phase: applied ? phaseNow : "Pending",
      conditions: conditions(current, now, { type, status: "False", reason, message }, ...extra),
    });

    // 2. The offering and the parameters.
    if (!offeringDoc) {
      countFailure(key, si.spec.offering, "UnknownOffering");
      await writeStatus(
        ctx,
        current,
        held(
          "UnknownOffering",
          "ParametersValid",
          `offering ${si.spec.offering} is not in the catalogue (offerings/${si.spec.offering}.yaml)`,
        ),
      );
      return;
    }
    const v = validator(offeringDoc);
    if (!v(si.spec.params)) {
      const e = v.errors![0]!;
      const path = `spec.params${e.instancePath.replace(/\//g, ".")}${e.keyword === "additionalProperties" ? `.${String((e.params as { additionalProperty?: string }).additionalProperty)}` : ""}`;
      const message = `${path}: ${e.message}${e.keyword === "enum" ? ` (${((e.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(", ")})` : ""}`;
      countFailure(key, si.spec.offering, "InvalidParameters");
      await ctx.events.event(current, "Warning", "InvalidParameters", message);
      await writeStatus(ctx, current, held("InvalidParameters", "ParametersValid", message));
      return;
    }
    clearFailure(key, "InvalidParameters");
    const params = effectiveParams(offeringDoc, si.spec.params);
    const paramsOk: Omit<Condition, "lastTransitionTime"> = {
      type: "ParametersValid",
      status: "True",
      reason: "Valid",
      message: `parameters valid against offering ${offeringDoc.metadata.name}`,
    };

    // 3. Forbidden changes.
    if (applied) {
      const before = applied.params as Record<string, unknown>;
      let refusal: string | undefined;
      if (applied.offering !== si.spec.offering)
        refusal = `spec.offering: ${applied.offering} cannot become ${si.spec.offering}; request a new service and migrate the data`;
      else {
        for (const [k, old] of Object.entries(before)) {
          const now2 = params[k];
          if (typeof old === "number" && typeof now2 === "number" && GROW_ONLY.test(k) && now2 < old)
            refusal = `spec.params.${k}: ${now2} is smaller than the provisioned ${old}; volumes cannot shrink`;
          else if (ENGINE_PARAMS.has(k) && now2 !== old)
            refusal = `spec.params.${k}: ${String(old)} cannot become ${String(now2)}; it changes the engine, request a new service and migrate`;
          else if (k === "version" && typeof old === "string" && typeof now2 === "string" && Number(now2) < Number(old))
            refusal = `spec.params.version: ${now2} is older than the provisioned ${old}; downgrades are not supported`;
          if (refusal) break;
        }
      }
      if (refusal) {
        if (!failed.has(`${key}|ForbiddenChange`))
          await ctx.events.event(current, "Warning", "ForbiddenChange", `${refusal}; nothing was changed`);
        countFailure(key, si.spec.offering, "ForbiddenChange");
        await writeStatus(
          ctx,
          current,
          held("ForbiddenChange", "Synced", `${refusal}; nothing was changed`, [paramsOk]),
        );
        return;
      }
      clearFailure(key, "ForbiddenChange");
    }

    // 4. Quota: what the instance adds must fit in its namespace and on its node.
    const need = serviceQuota(offeringDoc, params);
    const had = applied ? quotaOf(current.status) : zeroQuota();
    const grows = subtract(need, had);
    const rqs = ctx.cache.list("ResourceQuota", namespace);
    let short;
    const inNamespace = rqs.length ? book.taken({ namespace }, key) : undefined;
    for (const rq of rqs) {
      short = shortfall(
        `ResourceQuota ${namespace}/${rq.metadata.name}`,
        grows,
        inNamespace!,
        hardLimits(rq as { spec?: unknown }),
      );
      if (short) break;
    }
    const nodeId = nodeOf(si);
    const node = nodeId ? estate.index.cloud.get(nodeId)?.doc : undefined;
    if (!short && node) {
      const cap = node.spec.capacity;
      short = shortfall(`the capacity of cloud node ${nodeId}`, grows, book.taken({ node: nodeId! }, key), {
        vcpu: cap.vcpu,
        memoryGiB: cap.memoryGiB,
        storageGiB: cap.storageTiB * 1024,
      });
    }
    if (short) {
      const message = shortfallMessage(short);
      if (!failed.has(`${key}|QuotaExceeded`)) await ctx.events.event(current, "Warning", "QuotaExceeded", message);
      countFailure(key, si.spec.offering, "QuotaExceeded");
      await writeStatus(ctx, current, held("QuotaExceeded", "QuotaAvailable", message, [paramsOk]));
      return { requeueAfter: quotaRetryMs };
    }
    clearFailure(key, "QuotaExceeded");
    book.grant(key, need);
    const quotaOk: Omit<Condition, "lastTransitionTime"> = {
      type: "QuotaAvailable",
      status: "True",
      reason: "Granted",
      message: `${
        QUOTA_RESOURCES.filter((r) => need[r] > 0)
          .map((r) => `${need[r]} ${r}`)
          .join(", ") || "no quota"
      } granted in ${rqs.length ? `ResourceQuota ${namespace}/${rqs.map((r) => r.metadata.name).join(",")}` : `namespace ${namespace} (no ResourceQuota)`}`,
    };

    // 5. Realise and apply.
    const realisation = realise(offeringDoc, current, context);
    if (!realisation.ok) {
      countFailure(key, si.spec.offering, realisation.reason);
      await writeStatus(ctx, current, held(realisation.reason, "Synced", realisation.message, [paramsOk, quotaOk]));
      return;
    }
    const owner = controllerReference(current);
    const desired = realisation.objects.map((o) => {
      const md = o.metadata as KObject["metadata"];
      const sameNs = md.namespace === namespace;
      return {
        ...o,
        metadata: {
          ...md,
          annotations: { ...(md.annotations ?? {}), [INSTANCE_OF]: key },
          ...(sameNs ? { ownerReferences: [owner] } : {}),
        },
      } as KubeObject;
    });
    for (const o of desired) await applyObject(ctx, o);
    const wanted = new Set(desired.map((o) => `${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
    for (const o of liveObjects(ctx.cache, current))
      if (!wanted.has(`${o.kind}/${o.metadata.namespace}/${o.metadata.name}`)) await deleteObject(ctx, o);

    const changed = !applied || !sameJson(applied.params, params) || applied.offering !== si.spec.offering;
    const provisioningSince = changed ? metaTime(now) : (current.status?.provisioningSince ?? metaTime(now));
    const synced: Omit<Condition, "lastTransitionTime"> = {
      type: "Synced",
      status: "True",
      reason: "Applied",
      message: desired.length
        ? `${desired.length} object(s) applied: ${desired.map((o) => `${o.kind}/${o.metadata.name}`).join(", ")}`
        : `nothing to create: ${PLATFORM_MANAGED[offeringDoc.spec.category] ?? "the offering has no cluster objects"}`,
    };

    // 6. Readiness from the objects' own status.
    const waiting: string[] = [];
    const ready: string[] = [];
    for (const o of desired) {
      const live = ctx.cache.get(o.kind, o.metadata.name, o.metadata.namespace);
      const r = live
        ? readiness(live as KubeObject)
        : { ready: false, message: `${o.kind} ${o.metadata.name}: not created yet` };
      (r.ready ? ready : waiting).push(r.message);
    }
    const base: Status = {
      ...(current.status ?? {}),
      applied: { offering: si.spec.offering, params },
      quota: need,
      resources: desired.map((o) => `${o.kind}/${o.metadata.name}`),
      provisioningSince,
    };
    if (waiting.length === 0) {
      if (phaseNow !== "Ready") {
        const created = Date.parse(si.metadata.creationTimestamp ?? "") || now;
        if (!applied || phaseNow === "Provisioning" || phaseNow === "Pending")
          metrics.govcloud_serviceinstance_provision_duration_seconds.observe(
            { offering: si.spec.offering },
            Math.max(0, (now - created) / 1000),
          );
        await ctx.events.event(
          current,
          "Normal",
          "Ready",
          `${offeringDoc.spec.displayName} ${si.metadata.name} is ready`,
        );
      }
      clearFailure(key, "ProvisioningTimeout");
      await writeStatus(ctx, current, {
        ...base,
        phase: "Ready",
        conditions: conditions(current, now, paramsOk, quotaOk, synced, {
          type: "Ready",
          status: "True",
          reason: "AllReady",
          message: ready.join("; ") || synced.message,
        }),
      });
      return;
    }
    const since = Date.parse(provisioningSince);
    const elapsed = now - since;
    const timedOut = elapsed >= readyTimeoutMs;
    const phase: Phase = changed
      ? applied
        ? "Updating"
        : "Provisioning"
      : phaseNow === "Ready" || phaseNow === "Pending"
        ? applied
          ? "Updating"
          : "Provisioning"
        : phaseNow;
    if (timedOut) {
      if (!failed.has(`${key}|ProvisioningTimeout`))
        await ctx.events.event(
          current,
          "Warning",
          "ProvisioningTimeout",
          `not ready after ${Math.round(readyTimeoutMs / 1000)} s: ${waiting.join("; ")}`,
        );
      countFailure(key, si.spec.offering, "ProvisioningTimeout");
    }
    await writeStatus(ctx, current, {
      ...base,
      phase,
      conditions: conditions(current, now, paramsOk, quotaOk, synced, {
        type: "Ready",
        status: "False",
        reason: timedOut ? "ProvisioningTimeout" : "Waiting",
        message: timedOut
          ? `not ready after ${Math.round(readyTimeoutMs / 1000)} s: ${waiting.join("; ")}`
          : `waiting for ${waiting.join("; ")}`,
      }),
    });
    // The dependents' own status changes wake the instance; the timer only marks the timeout.
    return timedOut ? undefined : { requeueAfter: Math.max(1, readyTimeoutMs - elapsed) };
  }

  return {
    name: "catalog",
    watches,
    reconcile,
    concurrency: options.concurrency ?? 16,
    initialKeys: (cache) => cache.list("ServiceInstance").map((o) => keyOf(o.metadata.namespace, o.metadata.name)),
  };
}

export { SI as SERVICE_INSTANCE };
