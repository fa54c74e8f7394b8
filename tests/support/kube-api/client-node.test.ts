/** The second real client: @kubernetes/client-node 1.4.0 (1.x APIs take one object parameter). */
import {
  ApiException,
  CoordinationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  V1MicroTime,
  Watch,
  type V1ConfigMap,
} from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { widgetCrd } from "./test-helpers.js";
import { waitFor } from "../wait.js";
import { startKubeApi, type KubeApi } from "./index.js";

let api: KubeApi;
let kc: KubeConfig;
beforeAll(async () => {
  api = await startKubeApi({ bookmarkIntervalMs: 100 });
  kc = api.kubeConfig();
});
afterAll(async () => {
  await api.stop();
});

async function statusOf(p: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string } }> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiException)
      return { code: e.code, body: typeof e.body === "string" ? JSON.parse(e.body) : e.body };
    throw e;
  }
  throw new Error("expected the call to fail");
}

describe("@kubernetes/client-node against the test server", () => {
  it("loads the kubeconfig file and does CRUD through CoreV1Api, with Status errors as ApiException", async () => {
    const fromFile = new KubeConfig();
    fromFile.loadFromFile(api.kubeconfigPath);
    expect(fromFile.getCurrentCluster()?.server).toBe(api.url);
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "cn" }, data: { a: "1" } },
    });
    expect(created.metadata?.uid).toBeTruthy();
    const read = await core.readNamespacedConfigMap({ name: "cn", namespace: "default" });
    expect(read.data).toEqual({ a: "1" });
    const replaced = await core.replaceNamespacedConfigMap({
      name: "cn",
      namespace: "default",
      body: { ...read, data: { a: "2" } },
    });
    expect(replaced.data).toEqual({ a: "2" });
    const stale = await statusOf(
      core.replaceNamespacedConfigMap({ name: "cn", namespace: "default", body: { ...read, data: { a: "3" } } }),
    );
    expect(stale.code).toBe(409);
    expect(stale.body.reason).toBe("Conflict");
    const dup = await statusOf(
      core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "cn" } } }),
    );
    expect(dup.body.reason).toBe("AlreadyExists");
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "" });
    expect(list.items.map((i) => i.metadata?.name)).toContain("cn");
    await core.deleteNamespacedConfigMap({ name: "cn", namespace: "default" });
    expect((await statusOf(core.readNamespacedConfigMap({ name: "cn", namespace: "default" }))).code).toBe(404);
  });

  it("patches with merge patch and server-side apply (fieldManager, force)", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "pt" }, data: { a: "1", b: "2" } },
    });
    const merged = await core.patchNamespacedConfigMap(
      { name: "pt", namespace: "default", body: { data: { b: null, c: "3" } } },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    );
    expect(merged.data).toEqual({ a: "1", c: "3" });
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const applied = await objects.patch<V1ConfigMap>(
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "ssa", namespace: "default" }, data: { x: "1" } },
      undefined,
      undefined,
      "govcloud-baseline",
      true,
      PatchStrategy.ServerSideApply,
    );
    expect(applied.data).toEqual({ x: "1" });
    expect(applied.metadata?.managedFields?.[0]).toMatchObject({
      manager: "govcloud-baseline",
      operation: "Apply",
      fieldsV1: { "f:data": { "f:x": {} } },
    });
  });

  it("creates, reads and patches custom objects through CustomObjectsApi", async () => {
    await api.store.kinds();
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.create(widgetCrd);
    const custom = kc.makeApiClient(CustomObjectsApi);
    const body = { apiVersion: "govcloud.io/v1alpha1", kind: "Widget", metadata: { name: "w" }, spec: { size: 1 } };
    await custom.createNamespacedCustomObject({
      group: "govcloud.io",
      version: "v1alpha1",
      namespace: "default",
      plural: "widgets",
      body,
    });
    const patched = (await custom.patchNamespacedCustomObject(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        namespace: "default",
        plural: "widgets",
        name: "w",
        body: { spec: { size: 5 } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { spec: { size: number }; metadata: { generation: number } };
    expect(patched.spec.size).toBe(5);
    expect(patched.metadata.generation).toBe(2);
    const status = (await custom.patchNamespacedCustomObjectStatus(
      {
        group: "govcloud.io",
        version: "v1alpha1",
        namespace: "default",
        plural: "widgets",
        name: "w",
        body: { status: { ready: true, observedGeneration: 2 } },
      },
      setHeaderOptions("Content-Type", PatchStrategy.MergePatch),
    )) as { status: unknown; metadata: { generation: number } };
    expect(status.status).toEqual({ ready: true, observedGeneration: 2 });
    expect(status.metadata.generation).toBe(2);
    const smp = await statusOf(
      custom.patchNamespacedCustomObject(
        {
          group: "govcloud.io",
          version: "v1alpha1",
          namespace: "default",
          plural: "widgets",
          name: "w",
          body: { spec: { size: 6 } },
        },
        setHeaderOptions("Content-Type", PatchStrategy.StrategicMergePatch),
      ),
    );
    expect(smp.code).toBe(415);
  });

  it("writes Leases with V1MicroTime (6-digit fractions); a plain Date (3 digits) is refused as by a real server", async () => {
    const coord = kc.makeApiClient(CoordinationV1Api);
    const t = new Date("2026-01-01T00:00:00.123Z");
    const spec = (time: Date): Record<string, unknown> => ({
      holderIdentity: "a",
      leaseDurationSeconds: 15,
      acquireTime: time,
      renewTime: time,
    });
    const refused = await statusOf(
      coord.createNamespacedLease({ namespace: "default", body: { metadata: { name: "plain-date" }, spec: spec(t) } }),
    );
    expect(refused.code).toBe(400);
    expect(refused.body.message).toContain('cannot parse ".123Z" as ".000000"');
    const lease = await coord.createNamespacedLease({
      namespace: "default",
      body: { metadata: { name: "leader" }, spec: spec(new V1MicroTime(t.getTime())) },
    });
    const raw = api.store.get("coordination.k8s.io/v1", "Lease", "default", "leader") as {
      spec: { renewTime: string };
    };
    expect(raw.spec.renewTime).toBe("2026-01-01T00:00:00.123000Z");
    expect(lease.spec?.holderIdentity).toBe("a");
  });

  it("streams watch events to Watch, with bookmarks, and reports an in-stream 410 through the callback", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedConfigMap({ namespace: "default" });
    const seen: string[] = [];
    let doneErr: unknown = "not yet";
    const watch = new Watch(kc);
    const ac = await watch.watch(
      "/api/v1/namespaces/default/configmaps",
      { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (phase, obj) => seen.push(`${phase}:${(obj as { metadata?: { name?: string } }).metadata?.name ?? ""}`),
      (err) => (doneErr = err),
    );
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "watched" } } });
    await waitFor(
      "ADDED and a BOOKMARK",
      () => seen.includes("ADDED:watched") && seen.some((s) => s.startsWith("BOOKMARK")),
    );
    api.faults.expireResourceVersions();
    await waitFor(
      "the 410 ERROR and the watch ended",
      () => seen.some((s) => s.startsWith("ERROR")) && doneErr !== "not yet",
    );
    ac.abort();
  });
});
