import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
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
const MERGE = "application/merge-patch+json";
const JSONP = "application/json-patch+json";
const SMP = "application/strategic-merge-patch+json";
const APPLY = "application/apply-patch+yaml";

const deployment = (name: string): Record<string, unknown> => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: {
        containers: [
          { name: "app", image: "app:1", env: [{ name: "A", value: "1" }], ports: [{ containerPort: 80 }] },
          { name: "sidecar", image: "proxy:1" },
        ],
        volumes: [{ name: "data", emptyDir: {} }],
      },
    },
  },
});

describe("patch", () => {
  it("merge patch: maps merge, null deletes, lists replace; a resourceVersion in the patch is a precondition", async () => {
    const created = (await call(api, "POST", CM, cm("mp", { a: "1", b: "2" }))).body;
    const r = await call(
      api,
      "PATCH",
      `${CM}/mp`,
      { data: { b: null, c: "3" }, metadata: { labels: { x: "y" } } },
      MERGE,
    );
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ a: "1", c: "3" });
    expect(r.body.metadata.labels).toEqual({ x: "y" });
    const stale = await call(
      api,
      "PATCH",
      `${CM}/mp`,
      { metadata: { resourceVersion: created.metadata.resourceVersion }, data: { d: "4" } },
      MERGE,
    );
    expect(stale.status).toBe(409);
    expect((await call(api, "PATCH", `${CM}/nope`, { data: {} }, MERGE)).status).toBe(404);
  });

  it("JSON patch: add, replace, remove, test; a failing test or a missing path is 422", async () => {
    await call(api, "POST", CM, cm("jp", { a: "1" }));
    const ops = [
      { op: "test", path: "/data/a", value: "1" },
      { op: "add", path: "/data/b", value: "2" },
      { op: "replace", path: "/data/a", value: "9" },
      { op: "add", path: "/metadata/labels", value: { "app.kubernetes.io/name": "x" } },
    ];
    const r = await call(api, "PATCH", `${CM}/jp`, ops, JSONP);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ a: "9", b: "2" });
    const rm = await call(
      api,
      "PATCH",
      `${CM}/jp`,
      [{ op: "remove", path: "/metadata/labels/app.kubernetes.io~1name" }],
      JSONP,
    );
    expect(rm.body.metadata.labels).toBeUndefined();
    expect((await call(api, "PATCH", `${CM}/jp`, [{ op: "test", path: "/data/a", value: "1" }], JSONP)).status).toBe(
      422,
    );
    expect((await call(api, "PATCH", `${CM}/jp`, [{ op: "remove", path: "/data/zzz" }], JSONP)).status).toBe(422);
  });

  it("strategic merge patch: containers, env, ports and volumes merge by key; $patch: delete removes an item", async () => {
    await call(api, "POST", DEPLOY, deployment("smp"));
    const r = await call(
      api,
      "PATCH",
      `${DEPLOY}/smp`,
      {
        spec: {
          template: {
            spec: {
              containers: [
                { name: "app", image: "app:2", env: [{ name: "B", value: "2" }] },
                { name: "sidecar", $patch: "delete" },
              ],
              volumes: [{ name: "cache", emptyDir: {} }],
            },
          },
        },
      },
      SMP,
    );
    expect(r.status).toBe(200);
    const pod = r.body.spec.template.spec;
    expect(pod.containers).toEqual([
      {
        name: "app",
        image: "app:2",
        env: [
          { name: "A", value: "1" },
          { name: "B", value: "2" },
        ],
        ports: [{ containerPort: 80 }],
      },
    ]);
    expect(pod.volumes.map((v: { name: string }) => v.name)).toEqual(["data", "cache"]);
    expect(r.body.metadata.generation).toBe(2);
    const fin = await call(api, "PATCH", `${DEPLOY}/smp`, { metadata: { finalizers: ["a.example.com/x"] } }, SMP);
    const fin2 = await call(api, "PATCH", `${DEPLOY}/smp`, { metadata: { finalizers: ["b.example.com/y"] } }, SMP);
    expect(fin2.body.metadata.finalizers).toEqual(["a.example.com/x", "b.example.com/y"]);
    expect(fin.body.metadata.generation).toBe(2);
    const dropped = await call(
      api,
      "PATCH",
      `${DEPLOY}/smp`,
      { metadata: { "$deleteFromPrimitiveList/finalizers": ["a.example.com/x", "b.example.com/y"] } },
      SMP,
    );
    expect(dropped.body.metadata.finalizers).toBeUndefined();
  });

  it("answers an unknown patch type with 415 and force on a non-apply patch with 422", async () => {
    expect((await call(api, "PATCH", `${CM}/mp`, "{}", "application/xml")).status).toBe(415);
    expect((await call(api, "PATCH", `${CM}/mp?force=true`, {}, MERGE)).status).toBe(422);
  });
});

describe("server-side apply", () => {
  const applyCm = (
    manager: string,
    data: Record<string, string>,
    extra = "",
    force = false,
  ): Promise<{ status: number; body: any }> =>
    call(
      api,
      "PATCH",
      `${CM}/ssa?fieldManager=${manager}${force ? "&force=true" : ""}`,
      `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n${extra}data:\n${Object.entries(data)
        .map(([k, v]) => `  ${k}: "${v}"`)
        .join("\n")}\n`,
      APPLY,
    );

  it("requires a fieldManager (422, as the real server), creates on first apply and records managedFields", async () => {
    const none = await call(
      api,
      "PATCH",
      `${CM}/ssa`,
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\n",
      APPLY,
    );
    expect(none.status).toBe(422);
    expect(none.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const r = await applyCm("alpha", { a: "1", b: "2" }, "  labels:\n    team: x\n");
    expect(r.status).toBe(201);
    expect(r.body.metadata.managedFields).toEqual([
      {
        manager: "alpha",
        operation: "Apply",
        apiVersion: "v1",
        time: expect.any(String),
        fieldsType: "FieldsV1",
        fieldsV1: { "f:data": { "f:a": {}, "f:b": {} }, "f:metadata": { "f:labels": { "f:team": {} } } },
      },
    ]);
    const again = await applyCm("alpha", { a: "1", b: "2" }, "  labels:\n    team: x\n");
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(r.body.metadata.resourceVersion);
  });

  it("removes a field its manager stops applying, unless another manager owns it too", async () => {
    await applyCm("beta", { b: "2", c: "3" });
    const r = await applyCm("alpha", { a: "1" });
    // a stays (alpha), b stays (beta co-owns it), the label went with alpha's apply.
    expect(r.body.data).toEqual({ a: "1", b: "2", c: "3" });
    expect(r.body.metadata.labels).toBeUndefined();
    const r2 = await applyCm("beta", { c: "3" });
    expect(r2.body.data).toEqual({ a: "1", c: "3" });
  });

  it("answers 409 Conflict when another manager owns a field with a different value, and takes it over with force", async () => {
    const conflict = await applyCm("gamma", { a: "changed" });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({
      reason: "Conflict",
      message: 'Apply failed with 1 conflict: conflict with "alpha": .data.a',
    });
    expect(conflict.body.details.causes).toEqual([
      { reason: "FieldManagerConflict", message: 'conflict with "alpha"', field: ".data.a" },
    ]);
    const forced = await applyCm("gamma", { a: "changed" }, "", true);
    expect(forced.status).toBe(200);
    expect(forced.body.data.a).toBe("changed");
    const owners = forced.body.metadata.managedFields.map(
      (m: { manager: string; fieldsV1: Record<string, unknown> }) => [
        m.manager,
        Object.keys((m.fieldsV1["f:data"] ?? {}) as object),
      ],
    );
    expect(owners).toEqual(expect.arrayContaining([["gamma", ["f:a"]]]));
    expect(owners.find((o: [string]) => o[0] === "alpha")).toBeUndefined();
  });

  it("an Update by another client takes the fields it changes from their appliers", async () => {
    const cur = (await call(api, "GET", `${CM}/ssa`)).body;
    const put = await call(api, "PUT", `${CM}/ssa?fieldManager=editor`, { ...cur, data: { ...cur.data, c: "edited" } });
    const editor = put.body.metadata.managedFields.find((m: { manager: string }) => m.manager === "editor");
    expect(editor).toMatchObject({ operation: "Update", fieldsV1: { "f:data": { "f:c": {} } } });
    // beta lost .data.c, so beta applying it again with another value is no conflict with beta itself, but with editor.
    const c = await applyCm("beta", { c: "back" });
    expect(c.status).toBe(409);
    expect(c.body.message).toContain('conflict with "editor"');
  });

  it("merges associative lists by key and keeps generation on metadata-only applies", async () => {
    const yaml = (image: string, extraLabel = ""): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: applied
${extraLabel}spec:
  replicas: 2
  selector:
    matchLabels: {app: applied}
  template:
    metadata:
      labels: {app: applied}
    spec:
      containers:
      - name: app
        image: ${image}
`;
    const first = await call(api, "PATCH", `${DEPLOY}/applied?fieldManager=govcloud`, yaml("app:1"), APPLY);
    expect(first.status).toBe(201);
    expect(first.body.metadata.generation).toBe(1);
    // Another manager adds a container: list items merge by name.
    const side = await call(
      api,
      "PATCH",
      `${DEPLOY}/applied?fieldManager=injector`,
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: applied\nspec:\n  template:\n    spec:\n      containers:\n      - name: proxy\n        image: proxy:1\n",
      APPLY,
    );
    expect(side.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(["app", "proxy"]);
    const fields = side.body.metadata.managedFields.find((m: { manager: string }) => m.manager === "injector").fieldsV1;
    expect(fields["f:spec"]["f:template"]["f:spec"]["f:containers"]['k:{"name":"proxy"}']).toEqual({
      ".": {},
      "f:name": {},
      "f:image": {},
    });
    const labelled = await call(
      api,
      "PATCH",
      `${DEPLOY}/applied?fieldManager=govcloud`,
      yaml("app:1", "  labels:\n    govcloud.io/system: x\n"),
      APPLY,
    );
    expect(labelled.body.metadata.generation).toBe(2);
    const bumped = await call(
      api,
      "PATCH",
      `${DEPLOY}/applied?fieldManager=govcloud`,
      yaml("app:2", "  labels:\n    govcloud.io/system: x\n"),
      APPLY,
    );
    expect(bumped.body.metadata.generation).toBe(3);
    expect(bumped.body.spec.template.spec.containers).toEqual([
      { name: "app", image: "app:2" },
      { name: "proxy", image: "proxy:1" },
    ]);
  });

  it("applies status through /status only, owned separately from the main resource", async () => {
    const st = await call(
      api,
      "PATCH",
      `${DEPLOY}/applied/status?fieldManager=govcloud`,
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: applied\nstatus:\n  observedGeneration: 3\n  replicas: 2\nspec:\n  replicas: 99\n",
      APPLY,
    );
    expect(st.status).toBe(200);
    expect(st.body.status).toEqual({ observedGeneration: 3, replicas: 2 });
    expect(st.body.spec.replicas).toBe(2);
    expect(st.body.metadata.generation).toBe(3);
    const entry = st.body.metadata.managedFields.find((m: { subresource?: string }) => m.subresource === "status");
    expect(entry).toMatchObject({
      manager: "govcloud",
      operation: "Apply",
      fieldsV1: { "f:status": { "f:observedGeneration": {}, "f:replicas": {} } },
    });
  });

  it("merge patch in-process (api.patch): /status changes only status, the main resource bumps the generation, stored objects are never changed in place", async () => {
    const created = (await call(api, "POST", DEPLOY, deployment("inproc"))).body;
    const v1 = api.patch(
      "apps/v1",
      "Deployment",
      "default",
      "inproc",
      { status: { replicas: 1 }, spec: { replicas: 5 } },
      {
        subresource: "status",
        fieldManager: "kubelet-sim",
      },
    );
    expect(v1.status).toEqual({ replicas: 1 });
    expect((v1.spec as any).replicas).toBe(1);
    expect((v1.metadata as any).generation).toBe(1);
    expect(Number((v1.metadata as any).resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(
      ((v1.metadata as any).managedFields as any[]).some(
        (m) => m.manager === "kubelet-sim" && m.subresource === "status",
      ),
    ).toBe(true);
    const v2 = api.patch("apps/v1", "Deployment", "default", "inproc", { spec: { replicas: 3 } });
    expect((v2.spec as any).replicas).toBe(3);
    expect((v2.metadata as any).generation).toBe(2);
    expect(v2.status).toEqual({ replicas: 1 });
    // The earlier version, shared with the event log, is as it was.
    expect((v1.spec as any).replicas).toBe(1);
    expect((v1.metadata as any).generation).toBe(1);
    // Over HTTP, the same object.
    const got = (await call(api, "GET", `${DEPLOY}/inproc`)).body;
    expect(got.spec.replicas).toBe(3);
    expect(got.metadata.resourceVersion).toBe((v2.metadata as any).resourceVersion);
    expect(() => api.patch("apps/v1", "Deployment", "default", "nope", { spec: {} })).toThrow(/not found/);
  });

  it("refuses an apply whose kind, apiVersion or name does not match the URL (400)", async () => {
    expect(
      (
        await call(
          api,
          "PATCH",
          `${CM}/x?fieldManager=m`,
          "apiVersion: v1\nkind: Secret\nmetadata:\n  name: x\n",
          APPLY,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await call(
          api,
          "PATCH",
          `${CM}/x?fieldManager=m`,
          "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\n",
          APPLY,
        )
      ).status,
    ).toBe(400);
    expect((await call(api, "PATCH", `${CM}/x?fieldManager=m`, "a: [", APPLY)).status).toBe(400);
  });
});
