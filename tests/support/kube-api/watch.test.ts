import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
import { call, cm as cmIn, openWatch } from "./test-helpers.js";

const cm = (
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): Record<string, unknown> => cmIn(name, data, labels, "w");

let api: KubeApi;
beforeAll(async () => {
  api = await startKubeApi({ bookmarkIntervalMs: 200, compactionWindow: 50 });
  await call(api, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "w" } });
});
afterAll(async () => {
  await api.stop();
});

const CM = "/api/v1/namespaces/w/configmaps";

describe("watch", () => {
  it("flushes headers at once, then streams ADDED, MODIFIED and DELETED from a resourceVersion", async () => {
    const list = await call(api, "GET", CM);
    const rv = list.body.metadata.resourceVersion as string;
    // Headers arrive before any event exists: the watch opens (fetch resolves on the headers) although nothing
    // is written until it has, long before the watch's 30-minute timeout would end an unflushed response.
    const w = await Promise.race([
      openWatch(api, `${CM}?watch=1&resourceVersion=${rv}`),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error("no headers before the first event")), 60_000).unref(),
      ),
    ]);
    expect(w.status).toBe(200);
    const created = (await call(api, "POST", CM, cm("a"))).body;
    await call(api, "PUT", `${CM}/a`, { ...created, data: { a: "2" } });
    await call(api, "DELETE", `${CM}/a`);
    const evs = await w.next(3);
    expect(evs.map((e) => e.type)).toEqual(["ADDED", "MODIFIED", "DELETED"]);
    expect(evs.map((e) => e.object.kind)).toEqual(["ConfigMap", "ConfigMap", "ConfigMap"]);
    const rvs = evs.map((e) => Number(e.object.metadata.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((x, y) => x - y));
    expect(new Set(rvs).size).toBe(3);
    w.abort();
  });

  it("replays what happened after the given resourceVersion, and sends the current state when none is given", async () => {
    const rv0 = String(api.store.resourceVersion());
    await call(api, "POST", CM, cm("b"));
    await call(api, "POST", CM, cm("c"));
    const replay = await openWatch(api, `${CM}?watch=true&resourceVersion=${rv0}`);
    expect((await replay.next(2)).map((e) => [e.type, e.object.metadata.name])).toEqual([
      ["ADDED", "b"],
      ["ADDED", "c"],
    ]);
    replay.abort();
    const fresh = await openWatch(api, `${CM}?watch=true`);
    expect((await fresh.next(2)).map((e) => e.type)).toEqual(["ADDED", "ADDED"]);
    fresh.abort();
  });

  it("sends bookmarks when asked, periodically and before it ends at timeoutSeconds", async () => {
    const w = await openWatch(
      api,
      `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    const end = await w.closed;
    expect(end).toBe("end");
    const bookmarks = w.events.filter((e) => e.type === "BOOKMARK");
    expect(bookmarks.length).toBeGreaterThanOrEqual(2);
    expect(bookmarks[0]!.object).toEqual({
      kind: "ConfigMap",
      apiVersion: "v1",
      metadata: { resourceVersion: String(api.store.resourceVersion()) },
    });
    const none = await openWatch(api, `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}&timeoutSeconds=1`);
    await none.closed;
    expect(none.events).toEqual([]);
  });

  it("filters by label selector, turning objects that leave the selection into DELETED and joining ones into ADDED", async () => {
    const w = await openWatch(
      api,
      `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}&labelSelector=team%3Dx`,
    );
    const o = (await call(api, "POST", CM, cm("sel", {}, { team: "y" }))).body;
    const joined = (await call(api, "PUT", `${CM}/sel`, { ...o, metadata: { ...o.metadata, labels: { team: "x" } } }))
      .body;
    await call(api, "PUT", `${CM}/sel`, { ...joined, metadata: { ...joined.metadata, labels: { team: "z" } } });
    expect((await w.next(2)).map((e) => e.type)).toEqual(["ADDED", "DELETED"]);
    w.abort();
  });

  it("answers a resourceVersion older than the compaction window with an in-stream ERROR 410 Expired", async () => {
    // The window keeps 50 events: push the old ones out.
    const old = 1;
    for (let i = 0; i < 60; i++) await call(api, "POST", CM, cm(`fill${i}`));
    const w = await openWatch(api, `${CM}?watch=1&resourceVersion=${old}`);
    const [ev] = await w.next(1);
    expect(w.status).toBe(200);
    expect(ev).toMatchObject({
      type: "ERROR",
      object: { kind: "Status", apiVersion: "v1", status: "Failure", reason: "Expired", code: 410 },
    });
    expect(ev!.object.message).toMatch(/^too old resource version: 1 \(\d+\)$/);
    expect(await w.closed).toBe("end");
    // Lists: an Exact match at that resourceVersion is 410 too.
    const exact = await call(api, "GET", `${CM}?resourceVersion=${old}&resourceVersionMatch=Exact`);
    expect(exact.status).toBe(410);
    expect(exact.body.reason).toBe("Expired");
  });

  it("watches one object by name (fieldSelector metadata.name) and across namespaces", async () => {
    const rv = api.store.resourceVersion();
    const one = await openWatch(api, `${CM}?watch=1&resourceVersion=${rv}&fieldSelector=metadata.name%3Done`);
    const all = await openWatch(api, `/api/v1/configmaps?watch=1&resourceVersion=${rv}`);
    await call(api, "POST", CM, cm("other"));
    await call(api, "POST", CM, cm("one"));
    await call(api, "POST", "/api/v1/namespaces/default/configmaps", cmIn("elsewhere"));
    expect((await one.next(1))[0]!.object.metadata.name).toBe("one");
    expect((await all.next(3)).map((e) => e.object.metadata.name)).toEqual(["other", "one", "elsewhere"]);
    expect(await one.next(1, 300)).toEqual([]);
    one.abort();
    all.abort();
  });
});
