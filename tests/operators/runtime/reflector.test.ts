import { describe, expect, it } from "vitest";
import { ApiError, FakeClock, Reflector, resourceFor, type ChangeType, type RestartReason } from "../../../operators/runtime/index.js";
import { FakeSource, pod } from "./fakes.js";

function setup(opts: { relistMs?: number; stallMs?: number } = {}) {
  const clock = new FakeClock();
  const source = new FakeSource();
  const restarts: RestartReason[] = [];
  let relists = 0;
  const r = new Reflector({
    client: source,
    resource: resourceFor("Pod"),
    clock,
    random: () => 0.5,
    pageSize: 2,
    stallMs: opts.stallMs ?? 60_000,
    relistMs: opts.relistMs ?? 0,
    onRestart: (reason) => restarts.push(reason),
    onRelist: () => relists++,
  });
  const changes: [ChangeType, string][] = [];
  r.onChange((t, o) => changes.push([t, `${o.metadata.namespace}/${o.metadata.name}`]));
  return { clock, source, r, restarts, changes, relists: () => relists };
}

describe("Reflector", () => {
  it("lists in pages, caches by namespace/name without managedFields, then watches with bookmarks and a random timeout", async () => {
    const { clock, source, r, changes } = setup();
    source.objects = [pod("a", "p1", "1"), pod("a", "p2", "2"), pod("b", "p3", "3")];
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    expect(source.lists.map((l) => [l.limit, l.continue])).toEqual([
      [2, undefined],
      [2, "2"],
    ]);
    expect(r.store.list("a").map((o) => o.metadata.name).sort()).toEqual(["p1", "p2"]);
    expect(r.store.get("p3", "b")).toMatchObject({ apiVersion: "v1", kind: "Pod" });
    expect(r.store.get("p3", "b")!.metadata).not.toHaveProperty("managedFields");
    expect(changes).toHaveLength(3);
    const w = source.lastWatch;
    expect(w.path).toBe("/api/v1/pods");
    expect(w.params).toMatchObject({ resourceVersion: "100", allowWatchBookmarks: true });
    expect(w.params.timeoutSeconds).toBeGreaterThanOrEqual(300);
    expect(w.params.timeoutSeconds).toBeLessThanOrEqual(600);
    w.send("ADDED", pod("a", "p4", "101"));
    w.send("MODIFIED", pod("a", "p1", "102"));
    w.send("DELETED", pod("b", "p3", "103"));
    w.send("BOOKMARK", { kind: "Pod", apiVersion: "v1", metadata: { resourceVersion: "150" } });
    expect(changes.slice(3)).toEqual([
      ["added", "a/p4"],
      ["updated", "a/p1"],
      ["deleted", "b/p3"],
    ]);
    expect(r.lastResourceVersion).toBe("150");
    await r.stop();
  });

  it("restarts a watch the server ended from the last resourceVersion (bookmark included), without listing", async () => {
    const { clock, source, r, restarts } = setup();
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    source.lastWatch.send("BOOKMARK", { metadata: { resourceVersion: "120" } });
    await clock.advance(2_000);
    source.lastWatch.end(null);
    await clock.advance(0);
    expect(source.watches).toHaveLength(2);
    expect(source.lastWatch.params.resourceVersion).toBe("120");
    expect(source.lists).toHaveLength(1);
    expect(restarts).toEqual(["closed"]);
    await r.stop();
  });

  it("re-lists on 410, in-stream or as HTTP status, and reports what changed meanwhile", async () => {
    const { clock, source, r, restarts, changes } = setup();
    source.objects = [pod("a", "p1", "1"), pod("a", "p2", "2")];
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    changes.length = 0;
    // Meanwhile p1 changed, p2 was deleted and p5 created; the watch learns nothing but a 410.
    source.objects = [pod("a", "p1", "7"), pod("a", "p5", "8")];
    source.resourceVersion = "200";
    source.lastWatch.send("ERROR", { kind: "Status", code: 410, reason: "Expired" });
    await clock.advance(0);
    expect(changes).toEqual([
      ["updated", "a/p1"],
      ["added", "a/p5"],
      ["deleted", "a/p2"],
    ]);
    expect(source.lastWatch.params.resourceVersion).toBe("200");
    const err = Object.assign(new Error("Gone"), { statusCode: 410 });
    source.lastWatch.end(err);
    await clock.advance(0);
    expect(restarts).toEqual(["expired", "expired"]);
    expect(source.lists.filter((l) => !l.continue)).toHaveLength(3);
    await r.stop();
  });

  it("an expired continue token restarts the list without paging", async () => {
    const { clock, source, r } = setup();
    source.objects = [pod("a", "p1", "1"), pod("a", "p2", "2"), pod("a", "p3", "3")];
    source.expireContinue = true;
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    expect(source.lists.map((l) => [l.limit, l.continue])).toEqual([
      [2, undefined],
      [2, "2"],
      [undefined, undefined],
    ]);
    expect(r.store.size).toBe(3);
    await r.stop();
  });

  it("reconnects after errors with jittered backoff from 1 s doubling to 30 s, and resets it after success", async () => {
    const { clock, source, r, restarts } = setup();
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    const t: number[] = [];
    for (let i = 0; i < 7; i++) {
      const before = clock.now();
      source.lastWatch.end(new ApiError(500, "InternalError", "boom"));
      const n = source.watches.length;
      while (source.watches.length === n) await clock.advance(100);
      t.push(clock.now() - before);
    }
    // random() = 0.5 → each delay × 1.25, capped at 30 s.
    expect(t).toEqual([1300, 2500, 5000, 10000, 20000, 30000, 30000]);
    expect(restarts.every((x) => x === "error")).toBe(true);
    source.lastWatch.send("ADDED", pod("a", "x", "300"));
    const before = clock.now();
    source.lastWatch.end(new ApiError(500, "InternalError", "boom"));
    const n = source.watches.length;
    while (source.watches.length === n) await clock.advance(100);
    expect(clock.now() - before).toBe(1300);
    await r.stop();
  });

  it("a silent watch is abandoned by the watchdog; late events of the dead watch are ignored", async () => {
    const { clock, source, r, restarts } = setup({ stallMs: 5_000 });
    source.objects = [pod("a", "p1", "1")];
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    const stalled = source.lastWatch;
    await clock.advance(4_000);
    stalled.send("BOOKMARK", { metadata: { resourceVersion: "110" } }); // keeps it alive
    await clock.advance(4_000);
    expect(source.watches).toHaveLength(1);
    await clock.advance(1_100);
    expect(restarts).toEqual(["stall"]);
    expect(stalled.aborted).toBe(true);
    await clock.advance(2_000);
    expect(source.watches).toHaveLength(2);
    expect(source.lastWatch.params.resourceVersion).toBe("110");
    // A late event of the abandoned watch must not change the cache.
    stalled.send("DELETED", pod("a", "p1", "111"));
    expect(r.store.get("p1", "a")).toBeDefined();
    await r.stop();
  });

  it("re-lists periodically as a safety net and finds a change the watch lost", async () => {
    const { clock, source, r, changes, relists } = setup({ relistMs: 60_000 });
    source.objects = [pod("a", "p1", "1")];
    r.start();
    await r.hasSynced;
    await clock.advance(0);
    changes.length = 0;
    source.objects = [pod("a", "p1", "9")];
    await clock.advance(59_000);
    expect(relists()).toBe(1);
    // keep the watch alive past the watchdog
    source.lastWatch.send("BOOKMARK", { metadata: { resourceVersion: "101" } });
    await clock.advance(1_100);
    expect(relists()).toBe(2);
    expect(changes).toEqual([["updated", "a/p1"]]);
    await r.stop();
  });

  it("keeps retrying a list that fails (API server down at start) and syncs when it comes back", async () => {
    const { clock, source, r } = setup();
    source.listError = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    r.start();
    await clock.advance(10_000);
    expect(r.isSynced).toBe(false);
    expect(source.lists.length).toBeGreaterThanOrEqual(3);
    source.listError = undefined;
    source.objects = [pod("a", "p1", "1")];
    await clock.advance(30_000);
    expect(r.isSynced).toBe(true);
    await r.stop();
  });
});
