import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
import { call, cm, openWatch } from "./test-helpers.js";
import { waitFor } from "../wait.js";

let api: KubeApi;
beforeAll(async () => {
  api = await startKubeApi();
});
afterAll(async () => {
  await api.stop();
});

const CM = "/api/v1/namespaces/default/configmaps";
const RS = "/apis/apps/v1/namespaces/default/replicasets";

function eventually(cond: () => Promise<boolean> | boolean): Promise<true> {
  return waitFor("the condition", async () => (await cond()) || undefined, { intervalMs: 20 });
}

const owned = (
  name: string,
  owner: { kind: string; name: string; uid: string; apiVersion: string },
): Record<string, unknown> => ({
  ...cm(name),
  metadata: { name, namespace: "default", ownerReferences: [{ ...owner, controller: true, blockOwnerDeletion: true }] },
});

describe("delete", () => {
  it("keeps an object with finalizers (deletionTimestamp set, still 200 as on a real server) until the last finalizer goes, then removes it", async () => {
    await call(api, "POST", CM, { ...cm("fin"), metadata: { name: "fin", finalizers: ["govcloud.io/cleanup"] } });
    const w = await openWatch(
      api,
      `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}&fieldSelector=metadata.name%3Dfin`,
    );
    const del = await call(api, "DELETE", `${CM}/fin`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toMatch(/Z$/);
    const still = (await call(api, "GET", `${CM}/fin`)).body;
    expect(still.metadata.finalizers).toEqual(["govcloud.io/cleanup"]);
    // Deleting again changes nothing; new finalizers cannot be added any more.
    expect((await call(api, "DELETE", `${CM}/fin`)).body.metadata.resourceVersion).toBe(still.metadata.resourceVersion);
    const add = await call(api, "PUT", `${CM}/fin`, {
      ...still,
      metadata: { ...still.metadata, finalizers: ["govcloud.io/cleanup", "other.io/x"] },
    });
    expect(add.status).toBe(422);
    // Spec/data edits are still allowed while terminating.
    const edited = (await call(api, "PUT", `${CM}/fin`, { ...still, data: { a: "2" } })).body;
    const done = await call(api, "PUT", `${CM}/fin`, { ...edited, metadata: { ...edited.metadata, finalizers: [] } });
    expect(done.status).toBe(200);
    expect((await call(api, "GET", `${CM}/fin`)).status).toBe(404);
    expect((await w.next(3)).map((e) => e.type)).toEqual(["MODIFIED", "MODIFIED", "DELETED"]);
    w.abort();
  });

  it("checks preconditions and the propagation policy value", async () => {
    const o = (await call(api, "POST", CM, cm("pre"))).body;
    const wrong = await call(api, "DELETE", `${CM}/pre`, {
      apiVersion: "v1",
      kind: "DeleteOptions",
      preconditions: { resourceVersion: "1" },
    });
    expect(wrong.status).toBe(409);
    expect((await call(api, "DELETE", `${CM}/pre?propagationPolicy=Sometimes`)).status).toBe(422);
    const ok = await call(api, "DELETE", `${CM}/pre`, {
      apiVersion: "v1",
      kind: "DeleteOptions",
      preconditions: { uid: o.metadata.uid },
      propagationPolicy: "Background",
    });
    expect(ok.status).toBe(200);
    expect((await call(api, "DELETE", `${CM}/pre`)).status).toBe(404);
  });

  it("deletes a collection by label selector", async () => {
    for (const n of ["dc1", "dc2", "dc3"])
      await call(api, "POST", CM, cm(n, {}, { batch: n === "dc3" ? "keep" : "drop" }));
    const r = await call(api, "DELETE", `${CM}?labelSelector=batch%3Ddrop`);
    expect(r.status).toBe(200);
    expect(r.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["dc1", "dc2"]);
    expect(
      (await call(api, "GET", `${CM}?labelSelector=batch`)).body.items.map(
        (i: { metadata: { name: string } }) => i.metadata.name,
      ),
    ).toEqual(["dc3"]);
  });
});

describe("garbage collection", () => {
  it("deletes dependents in the background when their owner goes", async () => {
    const rs = (
      await call(api, "POST", RS, {
        apiVersion: "apps/v1",
        kind: "ReplicaSet",
        metadata: { name: "owner" },
        spec: { selector: { matchLabels: { a: "b" } }, template: { metadata: { labels: { a: "b" } } } },
      })
    ).body;
    const ref = { apiVersion: "apps/v1", kind: "ReplicaSet", name: "owner", uid: rs.metadata.uid as string };
    await call(api, "POST", CM, owned("dep1", ref));
    await call(api, "POST", CM, owned("dep2", ref));
    expect((await call(api, "DELETE", `${RS}/owner?propagationPolicy=Background`)).status).toBe(200);
    await eventually(
      async () =>
        (await call(api, "GET", `${CM}/dep1`)).status === 404 && (await call(api, "GET", `${CM}/dep2`)).status === 404,
    );
  });

  it("keeps a dependent that still has a live owner, dropping only the dangling reference", async () => {
    const a = (await call(api, "POST", CM, cm("owner-a"))).body;
    const b = (await call(api, "POST", CM, cm("owner-b"))).body;
    await call(api, "POST", CM, {
      ...cm("shared"),
      metadata: {
        name: "shared",
        ownerReferences: [
          { apiVersion: "v1", kind: "ConfigMap", name: "owner-a", uid: a.metadata.uid },
          { apiVersion: "v1", kind: "ConfigMap", name: "owner-b", uid: b.metadata.uid },
        ],
      },
    });
    await call(api, "DELETE", `${CM}/owner-a`);
    await eventually(
      async () => ((await call(api, "GET", `${CM}/shared`)).body.metadata.ownerReferences ?? []).length === 1,
    );
    expect((await call(api, "GET", `${CM}/shared`)).body.metadata.ownerReferences[0].name).toBe("owner-b");
  });

  it("orphans dependents with propagationPolicy=Orphan", async () => {
    const o = (await call(api, "POST", CM, cm("orph-owner"))).body;
    await call(
      api,
      "POST",
      CM,
      owned("orphan", { apiVersion: "v1", kind: "ConfigMap", name: "orph-owner", uid: o.metadata.uid }),
    );
    await call(api, "DELETE", `${CM}/orph-owner?propagationPolicy=Orphan`);
    await eventually(async () => (await call(api, "GET", `${CM}/orph-owner`)).status === 404);
    const dep = (await call(api, "GET", `${CM}/orphan`)).body;
    expect(dep.metadata.ownerReferences).toBeUndefined();
  });

  it("with Foreground, deletes the dependents first and the owner last", async () => {
    const o = (await call(api, "POST", CM, cm("fg-owner"))).body;
    await call(
      api,
      "POST",
      CM,
      owned("fg-dep", { apiVersion: "v1", kind: "ConfigMap", name: "fg-owner", uid: o.metadata.uid }),
    );
    const w = await openWatch(api, `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}`);
    const del = await call(api, "DELETE", `${CM}/fg-owner?propagationPolicy=Foreground`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await eventually(async () => (await call(api, "GET", `${CM}/fg-owner`)).status === 404);
    const deleted = w.events.filter((e) => e.type === "DELETED").map((e) => e.object.metadata.name);
    expect(deleted).toEqual(["fg-dep", "fg-owner"]);
    w.abort();
  });
});

describe("namespaces", () => {
  it("deleting a namespace marks it Terminating, refuses new content, deletes its objects, then goes", async () => {
    await call(api, "POST", "/api/v1/namespaces", {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "doomed" },
    });
    const ns = (await call(api, "GET", "/api/v1/namespaces/doomed")).body;
    expect(ns.status.phase).toBe("Active");
    expect(ns.spec.finalizers).toEqual(["kubernetes"]);
    await call(api, "POST", "/api/v1/namespaces/doomed/configmaps", cm("c1", {}, undefined, "doomed"));
    await call(api, "POST", "/api/v1/namespaces/doomed/configmaps", {
      ...cm("held", {}, undefined, "doomed"),
      metadata: { name: "held", finalizers: ["x.io/hold"] },
    });
    const del = await call(api, "DELETE", "/api/v1/namespaces/doomed", {
      apiVersion: "v1",
      kind: "DeleteOptions",
      orphanDependents: false,
    });
    expect(del.status).toBe(202);
    expect(del.body.status.phase).toBe("Terminating");
    const refused = await call(
      api,
      "POST",
      "/api/v1/namespaces/doomed/configmaps",
      cm("late", {}, undefined, "doomed"),
    );
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("because it is being terminated");
    await eventually(async () => (await call(api, "GET", "/api/v1/namespaces/doomed/configmaps/c1")).status === 404);
    // The object with a finalizer holds the namespace.
    await new Promise((r) => setTimeout(r, 100));
    expect((await call(api, "GET", "/api/v1/namespaces/doomed")).status).toBe(200);
    const held = (await call(api, "GET", "/api/v1/namespaces/doomed/configmaps/held")).body;
    expect(held.metadata.deletionTimestamp).toBeTruthy();
    await call(
      api,
      "PATCH",
      "/api/v1/namespaces/doomed/configmaps/held",
      { metadata: { finalizers: null } },
      "application/merge-patch+json",
    );
    await eventually(async () => (await call(api, "GET", "/api/v1/namespaces/doomed")).status === 404);
  });
});
