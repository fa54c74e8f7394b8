import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
import { call, openWatch, widgetCrd } from "./test-helpers.js";

let api: KubeApi;
beforeAll(async () => {
  api = await startKubeApi();
});
afterAll(async () => {
  await api.stop();
});


const W = "/apis/govcloud.io/v1alpha1/namespaces/default/widgets";
const widget = (name: string, spec: Record<string, unknown>): Record<string, unknown> => ({ apiVersion: "govcloud.io/v1alpha1", kind: "Widget", metadata: { name }, spec });

describe("CustomResourceDefinitions", () => {
  it("registers the kind on create: discovery, OpenAPI, established status", async () => {
    expect((await call(api, "GET", W)).status).toBe(404);
    const r = await call(api, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", widgetCrd);
    expect(r.status).toBe(201);
    expect(r.body.status.conditions.find((c: { type: string }) => c.type === "Established")?.status).toBe("True");
    const groups = await call(api, "GET", "/apis");
    expect(groups.body.groups.find((g: { name: string }) => g.name === "govcloud.io")?.preferredVersion.version).toBe("v1alpha1");
    const res = await call(api, "GET", "/apis/govcloud.io/v1alpha1");
    expect(res.body.resources.map((x: { name: string }) => x.name)).toEqual(["widgets", "widgets/status"]);
    const idx = await call(api, "GET", "/openapi/v3");
    const doc = await call(api, "GET", idx.body.paths["apis/govcloud.io/v1alpha1"].serverRelativeURL);
    expect(doc.body.components.schemas["io.govcloud.v1alpha1.Widget"]["x-kubernetes-group-version-kind"]).toEqual([{ group: "govcloud.io", kind: "Widget", version: "v1alpha1" }]);
    expect((await call(api, "GET", W)).body.kind).toBe("WidgetList");
  });

  it("refuses a malformed CRD with 422", async () => {
    const bad = await call(api, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", { ...widgetCrd, metadata: { name: "wrong.govcloud.io" } });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes[0].field).toBe("metadata.name");
  });

  it("prunes unknown fields (keeping x-kubernetes-preserve-unknown-fields), or refuses them with fieldValidation=Strict", async () => {
    const r = await call(api, "POST", W, { ...widget("w1", { size: 2, bogus: true, extra: { anything: { goes: 1 } } }), topLevel: "x" });
    expect(r.status).toBe(201);
    expect(r.body.spec).toEqual({ size: 2, extra: { anything: { goes: 1 } } });
    expect(r.body.topLevel).toBeUndefined();
    expect(r.body.metadata.generation).toBe(1);
    const strict = await call(api, "POST", `${W}?fieldValidation=Strict`, widget("w2", { size: 2, bogus: true }));
    expect(strict.status).toBe(400);
    expect(strict.body.message).toContain('unknown field "spec.bogus"');
  });

  it("answers type and constraint errors with 422 Invalid naming each field", async () => {
    const r = await call(api, "POST", W, widget("w3", { size: "big", mode: "warp" }));
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ kind: "Status", reason: "Invalid", code: 422, details: { name: "w3", group: "govcloud.io", kind: "Widget" } });
    const fields = r.body.details.causes.map((c: { field: string; reason: string }) => `${c.field}:${c.reason}`);
    expect(fields).toEqual(expect.arrayContaining(["spec.size:FieldValueTypeInvalid", "spec.mode:FieldValueNotSupported"]));
    expect(r.body.message).toContain('Widget.govcloud.io "w3" is invalid');
    const missing = await call(api, "POST", W, widget("w4", {}));
    expect(missing.body.details.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value", field: "spec.size" }]);
    const min = await call(api, "POST", W, widget("w5", { size: 0 }));
    expect(min.status).toBe(422);
  });

  it("keeps the status subresource for custom kinds and requires a resourceVersion on update", async () => {
    const w = (await call(api, "POST", W, { ...widget("st", { size: 1 }), status: { ready: true } })).body;
    expect(w.status).toBeUndefined();
    const noRv = await call(api, "PUT", `${W}/st`, { ...w, metadata: { ...w.metadata, resourceVersion: undefined } });
    expect(noRv.status).toBe(422);
    const s = await call(api, "PUT", `${W}/st/status`, { ...w, status: { ready: true, observedGeneration: 1 } });
    expect(s.body.status).toEqual({ ready: true, observedGeneration: 1 });
    expect(s.body.metadata.generation).toBe(1);
    const badStatus = await call(api, "PUT", `${W}/st/status`, { ...s.body, status: { ready: "yes" } });
    expect(badStatus.status).toBe(422);
    const spec = await call(api, "PUT", `${W}/st`, { ...s.body, spec: { size: 4 }, status: { ready: false } });
    expect(spec.body.metadata.generation).toBe(2);
    expect(spec.body.status.ready).toBe(true);
  });

  it("deletes every custom object (DELETED events) and the kind when the CRD goes", async () => {
    const w = await openWatch(api, `${W}?watch=1&resourceVersion=${api.store.resourceVersion()}`);
    const del = await call(api, "DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.govcloud.io");
    expect(del.status).toBe(200);
    const evs = await w.next(2);
    expect(evs.every((e) => e.type === "DELETED")).toBe(true);
    expect((await call(api, "GET", W)).status).toBe(404);
    expect((await call(api, "GET", "/apis/govcloud.io/v1alpha1")).status).toBe(404);
    w.abort();
  });

  it("serves the PolicyReport CRDs from the reference schema out of the box", async () => {
    const ok = await call(api, "POST", "/apis/wgpolicyk8s.io/v1alpha2/namespaces/default/policyreports", {
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      kind: "PolicyReport",
      metadata: { name: "polr-default" },
      summary: { pass: 1, fail: 1 },
      results: [{ policy: "NET-001", result: "fail", severity: "high", source: "govcloud" }],
    });
    expect(ok.status).toBe(201);
    const bad = await call(api, "POST", "/apis/wgpolicyk8s.io/v1alpha2/namespaces/default/policyreports", {
      apiVersion: "wgpolicyk8s.io/v1alpha2",
      kind: "PolicyReport",
      metadata: { name: "polr-bad" },
      results: [{ policy: "NET-001", result: "maybe" }],
    });
    expect(bad.status).toBe(422);
    expect(bad.body.details.causes[0].field).toBe("results[0].result");
  });
});
