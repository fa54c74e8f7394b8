/**
 * The service-catalogue operator against the test API server, with an in-test controller playing CNPG,
 * KubeVirt, the bucket provisioner, the workload controllers and Velero: every offering becomes objects
 * valid against their schemas and goes Ready; quota, bad parameters, forbidden changes, dependents that
 * never get ready, failing backups, deletion while provisioning and the namespace deleted under the
 * instance each give the right condition, lose nothing and converge once fixed.
 */
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, type Estate } from "../../../catalog/index.js";
import type { KObject } from "../../../operators/index.js";
import { ROOT } from "../../support/cli.js";
import { crdErrors, CRD_FILES } from "../../support/crds.js";
import type { KubeApi } from "../../support/kube-api/index.js";
import { validateObject } from "../../stacks/validate.js";
import { effectiveParams } from "../../stacks/imports.js";
import { startCluster, startDependents, startOperator, VELERO, type Dependents, type Operator } from "./harness.js";
import { waitFor } from "../../support/wait.js";

let estate: Estate;
beforeAll(async () => {
  const r = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
  estate = r.estate!;
});

const SI = ["govcloud.io/v1alpha1", "ServiceInstance"] as const;

function instance(
  ns: string,
  name: string,
  offering: string,
  params: object,
  extra: object = {},
): Record<string, unknown> {
  const [department, ...rest] = ns.split("-");
  return {
    apiVersion: SI[0],
    kind: SI[1],
    metadata: {
      name,
      namespace: ns,
      labels: {
        "govcloud.io/department": department,
        "govcloud.io/system": rest.join("-"),
        "govcloud.io/cloud": "province",
      },
    },
    spec: { system: rest.join("-"), department, offering, params, ...extra },
  };
}

function quota(ns: string, cpu: string, memory: string, storage: string, lbs = "4"): Record<string, unknown> {
  return {
    apiVersion: "v1",
    kind: "ResourceQuota",
    metadata: { name: "govcloud-quota", namespace: ns },
    spec: {
      hard: {
        "requests.cpu": cpu,
        "requests.memory": memory,
        "requests.storage": storage,
        "services.loadbalancers": lbs,
      },
    },
  };
}

interface Env {
  api: KubeApi;
  op: Operator;
  deps: Dependents;
}
let env: Env | undefined;
afterEach(async () => {
  if (!env) return;
  env.deps.stop();
  await env.op.stop();
  await env.api.stop();
  env = undefined;
});

async function setup(
  namespaces: string[],
  objects: Record<string, unknown>[],
  options: Parameters<typeof startOperator>[2] = {},
): Promise<Env> {
  const { api, client } = await startCluster(namespaces);
  api.load(objects);
  const deps = startDependents(api, client);
  const op = await startOperator(api, estate, options);
  env = { api, op, deps };
  return env;
}

const get = (api: KubeApi, ns: string, name: string) =>
  api.store.get(SI[0], SI[1], ns, name) as (KObject & { status?: any; spec: any }) | undefined;
const cond = (o: { status?: any } | undefined, type: string) =>
  (o?.status?.conditions ?? []).find((c: { type: string }) => c.type === type);
const phaseIs = (api: KubeApi, ns: string, name: string, phase: string) => () =>
  get(api, ns, name)?.status?.phase === phase && get(api, ns, name);
const owned = (api: KubeApi, ns: string, instanceName: string) => {
  const out: KObject[] = [];
  for (const k of Object.keys(CRD_FILES).concat([
    "v1/PersistentVolumeClaim",
    "v1/Service",
    "apps/v1/StatefulSet",
    "apps/v1/Deployment",
  ])) {
    const kind = k.split("/").at(-1)!;
    for (const o of api.store.list(k.slice(0, k.length - kind.length - 1), kind) as KObject[])
      if (o.metadata.annotations?.["govcloud.io/instance-of"] === `${ns}/${instanceName}` && o.kind !== "Backup")
        out.push(o);
  }
  return out;
};

describe("the catalog operator", () => {
  it("takes every offering of the catalogue to Ready, through objects valid against their schemas", async () => {
    const ns = "health-portal";
    // Each at its defaults (the required parameters given as a request gives them).
    const all = estate.offerings.map((o) =>
      instance(ns, o.doc.metadata.name, o.doc.metadata.name, effectiveParams(o.doc, {})),
    );
    const { api } = await setup([ns], [quota(ns, "2000", "8000Gi", "200000Gi", "10"), ...all]);
    for (const o of estate.offerings) {
      const si = await waitFor(
        () => `${o.doc.metadata.name} Ready: ${JSON.stringify(get(api, ns, o.doc.metadata.name)?.status?.conditions)}`,
        phaseIs(api, ns, o.doc.metadata.name, "Ready"),
        60_000,
      );
      expect(cond(si, "Ready")).toMatchObject({ status: "True", reason: "AllReady" });
      expect(cond(si, "ParametersValid")).toMatchObject({ status: "True" });
      expect(cond(si, "QuotaAvailable")).toMatchObject({ status: "True", reason: "Granted" });
      expect(cond(si, "Synced")).toMatchObject({ status: "True", reason: "Applied" });
      expect(si.metadata.finalizers).toContain("govcloud.io/service-exit");
      expect(si.status.observedGeneration).toBe(si.metadata.generation);
      for (const obj of owned(api, ns, o.doc.metadata.name)) {
        const key = `${obj.apiVersion}/${obj.kind}`;
        const { status: _s, metadata, ...rest } = obj;
        const clean = {
          ...rest,
          metadata: {
            name: metadata.name,
            namespace: metadata.namespace,
            labels: metadata.labels,
            annotations: metadata.annotations,
          },
        };
        if (CRD_FILES[key]) expect(crdErrors(clean as never), key).toEqual([]);
        else expect(validateObject(clean as never), key).toBe(true);
        if (obj.metadata.namespace === ns)
          expect(obj.metadata.ownerReferences?.[0]).toMatchObject({
            kind: "ServiceInstance",
            name: o.doc.metadata.name,
            uid: si.metadata.uid,
            controller: true,
          });
      }
    }
    expect(api.store.count("postgresql.cnpg.io/v1", "Cluster", ns)).toBe(1);
    expect(api.store.count("kubevirt.io/v1", "VirtualMachine", ns)).toBe(6);
    expect(api.store.count("objectbucket.io/v1alpha1", "ObjectBucketClaim", ns)).toBe(1);
    const metrics = await env!.op.registry.getSingleMetricAsString("govcloud_serviceinstances");
    expect(metrics).toContain('govcloud_serviceinstances{offering="postgresql",phase="Ready"} 1');
  }, 300_000);

  it("refuses bad parameters with the JSON path and the schema's message, and goes on once they are fixed", async () => {
    const ns = "health-portal";
    const { api, client } = {
      ...(await setup(
        [ns],
        [
          quota(ns, "100", "400Gi", "10000Gi"),
          instance(ns, "db", "postgresql", { vcpu: 8, memoryGiB: 32, storageGiB: 505, replicas: 2 }),
        ],
      )),
      client: undefined,
    };
    const si = await waitFor(
      "ParametersValid=False",
      () => cond(get(api, ns, "db"), "ParametersValid")?.status === "False" && get(api, ns, "db"),
    );
    expect(cond(si, "ParametersValid")).toMatchObject({
      reason: "InvalidParameters",
      message: "spec.params.storageGiB: must be multiple of 10",
    });
    expect(si.status.phase).toBe("Pending");
    expect(owned(api, ns, "db")).toEqual([]);
    void client;
    await env!.op.client.mergePatch(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        kind: "ServiceInstance",
        plural: "serviceinstances",
        namespaced: true,
      },
      "db",
      ns,
      { spec: { params: { storageGiB: 500, extra: 1 } } },
    );
    const si2 = await waitFor(
      "unknown field refused",
      () => /extra/.test(cond(get(api, ns, "db"), "ParametersValid")?.message ?? "") && get(api, ns, "db"),
    );
    expect(cond(si2, "ParametersValid")!.message).toBe("spec.params.extra: must NOT have additional properties");
    await env!.op.client.mergePatch(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        kind: "ServiceInstance",
        plural: "serviceinstances",
        namespaced: true,
      },
      "db",
      ns,
      { spec: { params: { extra: null } } },
    );
    await waitFor("Ready after the fix", phaseIs(api, ns, "db", "Ready"));
  }, 240_000);

  it("holds an instance the quota cannot take, naming the resource, what is asked and what is left", async () => {
    const ns = "health-portal";
    const { api } = await setup(
      [ns],
      [
        quota(ns, "20", "400Gi", "10000Gi"),
        instance(ns, "db", "postgresql", { vcpu: 8, memoryGiB: 32, storageGiB: 500, replicas: 2 }),
      ],
    );
    await waitFor("db Ready", phaseIs(api, ns, "db", "Ready"));
    api.load([instance(ns, "db2", "dameng", { vcpu: 4, memoryGiB: 16, storageGiB: 100, replicas: 2 })]);
    const si = await waitFor(
      "QuotaAvailable=False",
      () => cond(get(api, ns, "db2"), "QuotaAvailable")?.status === "False" && get(api, ns, "db2"),
    );
    expect(cond(si, "QuotaAvailable")).toMatchObject({
      reason: "QuotaExceeded",
      message: "requests.cpu in ResourceQuota health-portal/govcloud-quota: asks 8 vCPU, 4 of 20 left",
    });
    expect(si.status.phase).toBe("Pending");
    expect(owned(api, ns, "db2")).toEqual([]);
    // The department's quota is raised (a changed request, planned again): the instance goes on by itself.
    await env!.op.client.mergePatch(
      { group: "", version: "v1", kind: "ResourceQuota", plural: "resourcequotas", namespaced: true },
      "govcloud-quota",
      ns,
      { spec: { hard: { "requests.cpu": "24" } } },
    );
    await waitFor("db2 Ready", phaseIs(api, ns, "db2", "Ready"));
    const failures = await env!.op.registry.getSingleMetricAsString("govcloud_serviceinstance_failures_total");
    expect(failures).toContain('govcloud_serviceinstance_failures_total{offering="dameng",reason="QuotaExceeded"} 1');
  }, 240_000);

  it("refuses a forbidden change on the claim and touches nothing; an allowed change rolls forward", async () => {
    const ns = "health-portal";
    const { api } = await setup(
      [ns],
      [
        quota(ns, "100", "400Gi", "10000Gi"),
        instance(ns, "db", "mysql", { vcpu: 4, memoryGiB: 16, storageGiB: 500, replicas: 2 }),
      ],
    );
    await waitFor("db Ready", phaseIs(api, ns, "db", "Ready"));
    const writes = api.store.writes("apps/v1", "StatefulSet", ns, "db");
    const patch = (params: object) =>
      env!.op.client.mergePatch(
        {
          group: "govcloud.io",
          version: "v1alpha1",
          kind: "ServiceInstance",
          plural: "serviceinstances",
          namespaced: true,
        },
        "db",
        ns,
        { spec: { params } },
      );
    await patch({ storageGiB: 200 });
    const si = await waitFor(
      "Synced=False",
      () => cond(get(api, ns, "db"), "Synced")?.status === "False" && get(api, ns, "db"),
    );
    expect(cond(si, "Synced")).toMatchObject({
      reason: "ForbiddenChange",
      message:
        "spec.params.storageGiB: 200 is smaller than the provisioned 500; volumes cannot shrink; nothing was changed",
    });
    expect(si.status.phase).toBe("Ready");
    expect(api.store.writes("apps/v1", "StatefulSet", ns, "db")).toBe(writes);
    await patch({ storageGiB: 500, replicas: 3 });
    await waitFor(
      "scaled to 3",
      () =>
        (api.store.get("apps/v1", "StatefulSet", ns, "db")?.spec as { replicas?: number } | undefined)?.replicas === 3,
    );
    const ready = await waitFor(
      "Ready again",
      () => cond(get(api, ns, "db"), "Synced")?.status === "True" && phaseIs(api, ns, "db", "Ready")(),
    );
    expect(ready.status.applied.params.replicas).toBe(3);
    expect(ready.status.quota).toMatchObject({ vcpu: 12, memoryGiB: 48, storageGiB: 1500 });
  }, 240_000);

  it("marks a dependent that never gets ready with a timeout condition, from a timer and not a busy loop", async () => {
    const ns = "health-portal";
    const { api, deps } = await setup(
      [ns],
      [
        quota(ns, "100", "400Gi", "10000Gi"),
        instance(ns, "pg", "postgresql", { vcpu: 2, memoryGiB: 4, storageGiB: 50, replicas: 1 }),
      ],
      { readyTimeoutMs: 1500 },
    );
    deps.never.add(`Cluster/${ns}/pg`);
    const si = await waitFor(
      "timeout",
      () => cond(get(api, ns, "pg"), "Ready")?.reason === "ProvisioningTimeout" && get(api, ns, "pg"),
    );
    expect(cond(si, "Ready")!.message).toMatch(/^not ready after 2 s: Cluster pg: 0\/1 instances ready/);
    expect(si.status.phase).toBe("Provisioning");
    // No busy loop: the instance is not reconciled again without a change.
    const total = async () =>
      Number(
        /result="success"[^\n]*\} (\d+)/.exec(
          await env!.op.registry.getSingleMetricAsString("govcloud_controller_reconcile_total"),
        )?.[1] ?? 0,
      ) +
      Number(
        /result="requeue_after"[^\n]*\} (\d+)/.exec(
          await env!.op.registry.getSingleMetricAsString("govcloud_controller_reconcile_total"),
        )?.[1] ?? 0,
      );
    // Let the timeout's own status write and the earlier requeue timers play out — until the controller has
    // nothing queued, nothing in hand and no timer pending, and the store took no write since the last look
    // (state, not a fixed pause: a loaded machine may take longer) — then watch for 2 s: a busy loop would
    // never settle (a requeue is a pending timer) or would reconcile hundreds of times; at most a stray event
    // still on its way may wake it once.
    const queue = env!.op.manager.controllerList.find((c) => c.name === "catalog")!.queue;
    let lastRv = -1;
    await waitFor(
      () => `the controller to settle (queued ${queue.length}, in hand ${queue.inFlight}, timers ${queue.scheduled})`,
      () => {
        const rv = api.store.resourceVersion();
        const settled = queue.length === 0 && queue.inFlight === 0 && queue.scheduled === 0 && rv === lastRv;
        lastRv = rv;
        return settled;
      },
      { intervalMs: 250 },
    );
    const before = await total();
    await new Promise((r) => setTimeout(r, 2000));
    expect(await total()).toBeLessThanOrEqual(before + 1);
    deps.never.clear();
    await waitFor("Ready once the cluster is", phaseIs(api, ns, "pg", "Ready"));
  }, 240_000);

  it("exits with a Velero backup first; a failing backup blocks the exit with the reason, and it converges once fixed", async () => {
    const ns = "health-portal";
    const { api, deps } = await setup(
      [ns],
      [
        quota(ns, "100", "400Gi", "10000Gi"),
        instance(ns, "db", "kingbase", { vcpu: 2, memoryGiB: 4, storageGiB: 50, replicas: 1 }),
      ],
    );
    await waitFor("db Ready", phaseIs(api, ns, "db", "Ready"));
    deps.backupsFail = true;
    const si0 = get(api, ns, "db")!;
    await env!.op.client.delete(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        kind: "ServiceInstance",
        plural: "serviceinstances",
        namespaced: true,
      },
      "db",
      ns,
    );
    const blocked = await waitFor(
      "BackupFailed",
      () => cond(get(api, ns, "db"), "BackupCompleted")?.reason === "BackupFailed" && get(api, ns, "db"),
    );
    expect(blocked.status.phase).toBe("Exiting");
    expect(cond(blocked, "BackupCompleted")!.message).toMatch(
      /^Velero Backup velero\/exit-health-portal-db-[0-9a-f]{8} ended Failed: backup storage location default is unavailable; nothing was deleted/,
    );
    expect(api.store.count("apps/v1", "StatefulSet", ns)).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    expect(get(api, ns, "db")).toBeDefined();
    // Fixed: the storage location is back; the failed Backup is deleted and the operator takes another.
    deps.backupsFail = false;
    const backupName = blocked.status.backup.name as string;
    await env!.op.client.delete(
      { group: "velero.io", version: "v1", kind: "Backup", plural: "backups", namespaced: true },
      backupName,
      VELERO,
    );
    await waitFor("instance gone", () => !get(api, ns, "db"));
    expect(deps.completed.has(`${VELERO}/${backupName}`)).toBe(true);
    expect(owned(api, ns, "db")).toEqual([]);
    const b = api.store.get("velero.io/v1", "Backup", VELERO, backupName)!;
    expect((b.spec as any).labelSelector).toEqual({ matchLabels: { "govcloud.io/instance": "db" } });
    expect(si0.metadata.uid).toBeDefined();
    // The exit's duration is observed once the finalizer removal has answered: the instance is gone from the
    // store a moment before that, so wait for the observation instead of reading the metric at once.
    const exits = await waitFor("the exit's duration observed", async () => {
      const text = await env!.op.registry.getSingleMetricAsString("govcloud_serviceinstance_exit_duration_seconds");
      return /_count\{offering="kingbase"\} [1-9]/.test(text) && text;
    });
    expect(exits).toMatch(/^govcloud_serviceinstance_exit_duration_seconds_count\{offering="kingbase"\} 1$/m);
  }, 240_000);

  it("exits an instance deleted while still provisioning, with its backup, and one whose namespace is deleted under it", async () => {
    const a = "health-portal";
    const b = "health-archive";
    const { api, deps } = await setup(
      [a, b],
      [
        quota(a, "100", "400Gi", "10000Gi"),
        quota(b, "100", "400Gi", "10000Gi"),
        instance(a, "vm", "vm-kunpeng", { vcpu: 2, memoryGiB: 4, count: 2 }),
        instance(b, "files", "file-storage", { capacityGiB: 200 }),
        instance(b, "lb", "load-balancer", { spec: "small" }),
      ],
    );
    deps.never.add(`VirtualMachine/${a}/vm-1`);
    await waitFor(
      "vm provisioning",
      () =>
        get(api, a, "vm")?.status?.phase === "Provisioning" &&
        api.store.count("kubevirt.io/v1", "VirtualMachine", a) === 2,
    );
    await waitFor("files Ready", phaseIs(api, b, "files", "Ready"));
    await env!.op.client.delete(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        kind: "ServiceInstance",
        plural: "serviceinstances",
        namespaced: true,
      },
      "vm",
      a,
    );
    await waitFor("vm gone", () => !get(api, a, "vm"));
    expect([...deps.completed.keys()].some((k) => k.startsWith(`${VELERO}/exit-health-portal-vm-`))).toBe(true);
    expect(api.store.count("kubevirt.io/v1", "VirtualMachine", a)).toBe(0);
    // The department's namespace deleted: the file volume is backed up, the load balancer (Delete) is not.
    await env!.op.client.delete(
      { group: "", version: "v1", kind: "Namespace", plural: "namespaces", namespaced: false },
      b,
    );
    await waitFor("namespace gone", () => !api.store.get("v1", "Namespace", undefined, b));
    const backups = [...deps.completed.keys()];
    expect(backups.some((k) => k.startsWith(`${VELERO}/exit-health-archive-files-`))).toBe(true);
    expect(backups.some((k) => k.startsWith(`${VELERO}/exit-health-archive-lb-`))).toBe(false);
  }, 240_000);
});

afterAll(() => undefined);
