import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { realCluster, startKubeApi, type KubeApi } from "./index.js";
import { call, cm } from "./test-helpers.js";

let api: KubeApi;
beforeAll(async () => {
  api = await startKubeApi();
});
afterAll(async () => {
  await api.stop();
});

const CM = "/api/v1/namespaces/default/configmaps";
const DEPLOY = "/apis/apps/v1/namespaces/default/deployments";
const deployment = (name: string, replicas = 1): Record<string, unknown> => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "app", image: "nginx:1" }] } },
  },
});

describe("discovery", () => {
  it("serves /version, /api, /apis and per-group resource lists with status subresources, verbs and short names", async () => {
    const v = await call(api, "GET", "/version");
    expect(v.body.major).toBe("1");
    const core = await call(api, "GET", "/api");
    expect(core.body).toMatchObject({ kind: "APIVersions", versions: ["v1"] });
    const groups = await call(api, "GET", "/apis");
    const names = groups.body.groups.map((g: { name: string }) => g.name);
    for (const g of ["apps", "batch", "networking.k8s.io", "rbac.authorization.k8s.io", "coordination.k8s.io", "events.k8s.io", "apiextensions.k8s.io", "wgpolicyk8s.io"]) expect(names).toContain(g);
    const apps = await call(api, "GET", "/apis/apps/v1");
    const deploy = apps.body.resources.find((r: { name: string }) => r.name === "deployments");
    expect(deploy).toMatchObject({ kind: "Deployment", namespaced: true, shortNames: ["deploy"] });
    expect(deploy.verbs).toEqual(expect.arrayContaining(["create", "get", "list", "watch", "patch", "update", "delete", "deletecollection"]));
    expect(apps.body.resources.find((r: { name: string }) => r.name === "deployments/status")?.verbs).toEqual(["get", "patch", "update"]);
    const v1 = await call(api, "GET", "/api/v1");
    expect(v1.body.resources.find((r: { name: string }) => r.name === "namespaces")).toMatchObject({ namespaced: false, shortNames: ["ns"] });
    expect((await call(api, "GET", "/apis/nope.example.com/v1")).status).toBe(404);
  });

  it("serves an OpenAPI v3 index and per-group documents tagged with group-version-kinds", async () => {
    const idx = await call(api, "GET", "/openapi/v3");
    expect(Object.keys(idx.body.paths)).toEqual(expect.arrayContaining(["api/v1", "apis/apps/v1", "apis/wgpolicyk8s.io/v1alpha2"]));
    const url = idx.body.paths["apis/wgpolicyk8s.io/v1alpha2"].serverRelativeURL as string;
    const doc = await call(api, "GET", url);
    const schema = Object.values(doc.body.components.schemas as Record<string, { "x-kubernetes-group-version-kind"?: unknown[] }>).find((s) =>
      JSON.stringify(s["x-kubernetes-group-version-kind"] ?? []).includes('"PolicyReport"'),
    );
    expect(schema).toBeDefined();
    const v2 = await fetch(`${api.url}/openapi/v2`);
    expect(v2.status).toBe(200);
    expect(v2.headers.get("content-type")).toContain("protobuf");
  });
});

describe("create, get, update", () => {
  it("creates with uid, creationTimestamp and a resourceVersion; a second create is 409 AlreadyExists", async () => {
    const r = await call(api, "POST", CM, cm("one"));
    expect(r.status).toBe(201);
    expect(r.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(r.body.metadata.resourceVersion)).toBeGreaterThan(0);
    const again = await call(api, "POST", CM, cm("one"));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ kind: "Status", status: "Failure", reason: "AlreadyExists", code: 409, message: 'configmaps "one" already exists', details: { name: "one", kind: "configmaps" } });
  });

  it("answers 404 NotFound with a Status for a missing object, namespace or path", async () => {
    const r = await call(api, "GET", `${CM}/missing`);
    expect(r.status).toBe(404);
    expect(r.body).toMatchObject({ kind: "Status", reason: "NotFound", message: 'configmaps "missing" not found' });
    const ns = await call(api, "POST", "/api/v1/namespaces/nowhere/configmaps", cm("x", {}, undefined, "nowhere"));
    expect(ns.status).toBe(404);
    expect(ns.body.message).toBe('namespaces "nowhere" not found');
    expect((await call(api, "GET", "/api/v1/nonsense")).status).toBe(404);
  });

  it("rejects bad input with the real status codes: 400 mismatches and bad JSON, 415 protobuf, 422 invalid names", async () => {
    expect((await call(api, "POST", CM, "{not json")).status).toBe(400);
    const mismatch = await call(api, "POST", CM, { ...cm("x"), apiVersion: "apps/v1" });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.message).toContain("does not match the expected API version");
    expect((await call(api, "POST", CM, "\x00k8s", "application/vnd.kubernetes.protobuf")).status).toBe(415);
    const bad = await call(api, "POST", CM, cm("Bad_Name"));
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ reason: "Invalid", details: { causes: [{ field: "metadata.name", reason: "FieldValueInvalid" }] } });
    const noName = await call(api, "POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: {} });
    expect(noName.status).toBe(422);
    const gen = await call(api, "POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } });
    expect(gen.status).toBe(201);
    expect(gen.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it("updates with the current resourceVersion and answers 409 Conflict on a stale one", async () => {
    const created = (await call(api, "POST", CM, cm("upd"))).body;
    const u1 = await call(api, "PUT", `${CM}/upd`, { ...created, data: { a: "2" } });
    expect(u1.status).toBe(200);
    expect(Number(u1.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(u1.body.metadata.uid).toBe(created.metadata.uid);
    const stale = await call(api, "PUT", `${CM}/upd`, { ...created, data: { a: "3" } });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      reason: "Conflict",
      message: 'Operation cannot be fulfilled on configmaps "upd": the object has been modified; please apply your changes to the latest version and try again',
    });
    const wrongName = await call(api, "PUT", `${CM}/upd`, { ...u1.body, metadata: { ...u1.body.metadata, name: "other" } });
    expect(wrongName.status).toBe(400);
    // An update that changes nothing keeps the resourceVersion (no event, no write).
    const same = await call(api, "PUT", `${CM}/upd`, u1.body);
    expect(same.body.metadata.resourceVersion).toBe(u1.body.metadata.resourceVersion);
  });

  it("bumps metadata.generation on spec changes only; status goes through /status only", async () => {
    const d = (await call(api, "POST", DEPLOY, { ...deployment("gen"), status: { replicas: 9 } })).body;
    expect(d.metadata.generation).toBe(1);
    expect(d.status).toBeUndefined();
    const labelled = (await call(api, "PUT", `${DEPLOY}/gen`, { ...d, metadata: { ...d.metadata, labels: { x: "y" } } })).body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (await call(api, "PUT", `${DEPLOY}/gen`, { ...labelled, spec: { ...labelled.spec, replicas: 3 }, status: { replicas: 5 } })).body;
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toBeUndefined();
    const st = await call(api, "PUT", `${DEPLOY}/gen/status`, { ...scaled, spec: { ...scaled.spec, replicas: 7 }, status: { replicas: 3, observedGeneration: 2 } });
    expect(st.status).toBe(200);
    expect(st.body.status).toEqual({ replicas: 3, observedGeneration: 2 });
    expect(st.body.spec.replicas).toBe(3);
    expect(st.body.metadata.generation).toBe(2);
    const got = (await call(api, "GET", `${DEPLOY}/gen/status`)).body;
    expect(got.status.replicas).toBe(3);
    expect((await call(api, "PUT", `${CM}/upd/status`, {})).status).toBe(404);
  });
});

describe("list", () => {
  it("pages with limit/continue, gives remainingItemCount and one resourceVersion", async () => {
    await call(api, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "paging" } });
    for (let i = 0; i < 25; i++) await call(api, "POST", "/api/v1/namespaces/paging/configmaps", cm(`c${String(i).padStart(2, "0")}`, {}, { i: String(i % 3) }, "paging"));
    const seen: string[] = [];
    let cont = "";
    let pages = 0;
    let firstRV = "";
    do {
      const r = await call(api, "GET", `/api/v1/namespaces/paging/configmaps?limit=10${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
      expect(r.status).toBe(200);
      expect(r.body.kind).toBe("ConfigMapList");
      if (!firstRV) firstRV = r.body.metadata.resourceVersion;
      expect(r.body.metadata.resourceVersion).toBe(firstRV);
      if (pages === 0) expect(r.body.metadata.remainingItemCount).toBe(15);
      // As on the wire: items of built-in lists carry no apiVersion/kind.
      expect(r.body.items[0].kind).toBeUndefined();
      seen.push(...r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name));
      cont = r.body.metadata.continue ?? "";
      pages++;
    } while (cont);
    expect(pages).toBe(3);
    expect(seen).toEqual([...seen].sort());
    expect(new Set(seen).size).toBe(25);
    expect((await call(api, "GET", "/api/v1/namespaces/paging/configmaps?continue=garbage")).status).toBe(400);
  });

  it("filters with label selectors (=, !=, in, notin, exists, !exists) and metadata field selectors", async () => {
    const names = async (q: string): Promise<number> => (await call(api, "GET", `/api/v1/namespaces/paging/configmaps?${q}`)).body.items.length;
    expect(await names("labelSelector=i%3D0")).toBe(9);
    expect(await names("labelSelector=i!%3D0")).toBe(16);
    expect(await names(`labelSelector=${encodeURIComponent("i in (0,1)")}`)).toBe(17);
    expect(await names(`labelSelector=${encodeURIComponent("i notin (0,1)")}`)).toBe(8);
    expect(await names("labelSelector=i")).toBe(25);
    expect(await names("labelSelector=!i")).toBe(0);
    expect(await names("fieldSelector=metadata.name%3Dc03")).toBe(1);
    expect(await names("fieldSelector=metadata.namespace%3Dpaging")).toBe(25);
    const all = await call(api, "GET", "/api/v1/configmaps?fieldSelector=metadata.namespace!%3Dpaging");
    expect(all.body.items.every((i: { metadata: { namespace: string } }) => i.metadata.namespace !== "paging")).toBe(true);
    expect((await call(api, "GET", "/api/v1/namespaces/paging/configmaps?fieldSelector=spec.x%3D1")).status).toBe(400);
    expect((await call(api, "GET", `/api/v1/namespaces/paging/configmaps?labelSelector=${encodeURIComponent("a in (")}`)).status).toBe(400);
  });
});

describe("Leases and Events", () => {
  it("accepts 6-digit MicroTime and refuses 3-digit fractions like the real server (400 BadRequest)", async () => {
    const lease = (t: string): Record<string, unknown> => ({
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: `l-${t.length}` },
      spec: { holderIdentity: "a", leaseDurationSeconds: 15, acquireTime: t, renewTime: t },
    });
    const ok = await call(api, "POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", lease("2026-01-02T03:04:05.123456Z"));
    expect(ok.status).toBe(201);
    const bad = await call(api, "POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", lease("2026-01-02T03:04:05.123Z"));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('Lease in version "v1" cannot be handled as a Lease: parsing time "2026-01-02T03:04:05.123Z" as "2006-01-02T15:04:05.000000Z07:00": cannot parse ".123Z" as ".000000"');
    const ev = await call(api, "POST", "/apis/events.k8s.io/v1/namespaces/default/events", {
      apiVersion: "events.k8s.io/v1",
      kind: "Event",
      metadata: { name: "e1" },
      eventTime: "2026-01-02T03:04:05.000001Z",
      reason: "Drift",
      action: "Revert",
      type: "Normal",
      reportingController: "govcloud.io/baseline",
      reportingInstance: "x",
    });
    expect(ev.status).toBe(201);
    expect((await call(api, "POST", "/api/v1/namespaces/default/events", { apiVersion: "v1", kind: "Event", metadata: { name: "e2" }, reason: "X", involvedObject: { kind: "Pod", name: "p" } })).status).toBe(201);
  });
});

describe("store inspection", () => {
  it("gets, lists and counts objects and their writes without HTTP", async () => {
    await call(api, "POST", CM, cm("counted"));
    const got = (await call(api, "GET", `${CM}/counted`)).body;
    await call(api, "PUT", `${CM}/counted`, { ...got, data: { a: "9" } });
    expect(api.store.writes("v1", "ConfigMap", "default", "counted")).toBe(2);
    expect(api.store.get("v1", "ConfigMap", "default", "counted")?.data).toEqual({ a: "9" });
    expect(api.store.count("v1", "ConfigMap", "paging")).toBe(25);
    expect(api.store.list("v1", "Namespace").map((n) => (n.metadata as { name: string }).name)).toContain("paging");
    const [loaded] = api.load([cm("loaded")]);
    expect(loaded?.metadata).toMatchObject({ name: "loaded", namespace: "default" });
    expect((await call(api, "GET", `${CM}/loaded`)).status).toBe(200);
  });
});

describe("realCluster", () => {
  it("reads the first KUBECONFIG file, and is undefined without the variable", () => {
    const saved = process.env.KUBECONFIG;
    try {
      delete process.env.KUBECONFIG;
      expect(realCluster()).toBeUndefined();
      process.env.KUBECONFIG = `${api.kubeconfigPath}:/nonexistent`;
      const real = realCluster();
      expect(real?.kubeconfigPath).toBe(api.kubeconfigPath);
      expect(real?.kubeConfig().getCurrentCluster()?.server).toBe(api.url);
    } finally {
      if (saved === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = saved;
    }
  });
});
