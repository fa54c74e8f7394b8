import { describe, expect, it } from "vitest";
import {
  applyStatus,
  FakeClock,
  Recorder,
  setCondition,
  controllerReference,
  type KObject,
} from "../../../operators/runtime/index.js";

describe("setCondition", () => {
  it("changes lastTransitionTime only when the status changes", () => {
    const t0 = Date.UTC(2026, 0, 1, 0, 0, 0);
    let c = setCondition(undefined, { type: "Ready", status: "False", reason: "Provisioning", message: "waiting" }, t0);
    expect(c).toEqual([
      {
        type: "Ready",
        status: "False",
        reason: "Provisioning",
        message: "waiting",
        lastTransitionTime: "2026-01-01T00:00:00Z",
      },
    ]);
    c = setCondition(c, { type: "Ready", status: "False", reason: "Quota", message: "quota exhausted" }, t0 + 60_000);
    expect(c[0]).toMatchObject({ reason: "Quota", lastTransitionTime: "2026-01-01T00:00:00Z" });
    c = setCondition(
      c,
      { type: "Ready", status: "True", reason: "Ready", message: "ok", observedGeneration: 2 },
      t0 + 120_000,
    );
    expect(c[0]).toMatchObject({ status: "True", observedGeneration: 2, lastTransitionTime: "2026-01-01T00:02:00Z" });
    c = setCondition(c, { type: "Synced", status: "True", reason: "Applied", message: "" }, t0 + 180_000);
    expect(c.map((x) => x.type)).toEqual(["Ready", "Synced"]);
  });

  it("an owner reference needs the owner's uid", () => {
    const owner: KObject = {
      apiVersion: "govcloud.io/v1alpha1",
      kind: "ServiceInstance",
      metadata: { name: "db", namespace: "n", uid: "u-1" },
    };
    expect(controllerReference(owner)).toEqual({
      apiVersion: "govcloud.io/v1alpha1",
      kind: "ServiceInstance",
      name: "db",
      uid: "u-1",
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(() => controllerReference({ ...owner, metadata: { name: "db" } })).toThrow(/no uid/);
  });
});

describe("Recorder", () => {
  it("creates an Event, bumps its count for a repeat within 10 minutes, and never throws", async () => {
    const clock = new FakeClock();
    const created: KObject[] = [];
    const patched: unknown[] = [];
    let fail = false;
    const client = {
      create: async (o: KObject) => {
        if (fail) throw new Error("down");
        created.push(o);
        return o;
      },
      mergePatch: async (_t: unknown, name: string, ns: string | undefined, p: unknown) => {
        patched.push({ name, ns, p });
        return {} as KObject;
      },
    };
    const r = new Recorder({ client, component: "govcloud-operators", instance: "a", clock });
    const np: KObject = {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "deny", namespace: "ns", uid: "u" },
    };
    await r.event(np, "Warning", "DriftReverted", "changed");
    await clock.advance(1000);
    await r.event(np, "Warning", "DriftReverted", "changed");
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      kind: "Event",
      metadata: { namespace: "ns" },
      involvedObject: { kind: "NetworkPolicy", name: "deny", uid: "u" },
      reason: "DriftReverted",
      type: "Warning",
      count: 1,
      source: { component: "govcloud-operators" },
    });
    expect(patched).toEqual([
      { name: created[0]!.metadata.name, ns: "ns", p: { count: 2, lastTimestamp: "2026-01-01T00:00:01Z" } },
    ]);
    await clock.advance(11 * 60_000);
    await r.event(np, "Warning", "DriftReverted", "changed");
    expect(created).toHaveLength(2);
    fail = true;
    await expect(r.event(np, "Normal", "Other", "x")).resolves.toBeUndefined();
  });
});

describe("applyStatus", () => {
  const sm: KObject = {
    apiVersion: "govcloud.io/v1alpha1",
    kind: "SystemMigration",
    metadata: { name: "health-portal", generation: 3, resourceVersion: "41" },
  };
  const capture = () => {
    const sent: { object: KObject; options: unknown }[] = [];
    const client = {
      apply: async (object: KObject, _manager: string, options?: unknown) => {
        sent.push({ object, options });
        return object;
      },
    };
    return { sent, client };
  };
  it("carries the read resourceVersion only with a precondition, and refuses a precondition without one", async () => {
    const { sent, client } = capture();
    await applyStatus(client, sm, { phase: "assessed" }, "m");
    await applyStatus(client, sm, { phase: "assessed" }, "m", { precondition: true });
    expect(sent.map((s) => s.object.metadata)).toEqual([
      { name: "health-portal" },
      { name: "health-portal", resourceVersion: "41" },
    ]);
    expect(sent[1]!.object.status).toEqual({ phase: "assessed", observedGeneration: 3 });
    expect(sent[1]!.options).toEqual({ subresource: "status" });
    const fresh = { ...sm, metadata: { name: "new" } };
    expect(() => applyStatus(client, fresh, {}, "m", { precondition: true })).toThrow(
      "SystemMigration new: a status write with a precondition needs the object's resourceVersion",
    );
  });
});
