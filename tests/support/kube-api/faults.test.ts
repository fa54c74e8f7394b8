import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { startKubeApi, type KubeApi } from "./index.js";
import { call, cm, openWatch } from "./test-helpers.js";

let api: KubeApi;
beforeAll(async () => {
  api = await startKubeApi({ bookmarkIntervalMs: 100 });
});
afterEach(() => api.faults.clear());
afterAll(async () => {
  await api.stop();
});

const CM = "/api/v1/namespaces/default/configmaps";
const watchPath = (): string => `${CM}?watch=1&resourceVersion=${api.store.resourceVersion()}&allowWatchBookmarks=true`;

describe("fault injection", () => {
  it("fails the next N requests with the given status, then recovers", async () => {
    api.faults.failNext(2, 503);
    const a = await call(api, "GET", CM);
    expect(a.status).toBe(503);
    expect(a.body).toMatchObject({ kind: "Status", reason: "ServiceUnavailable", code: 503 });
    expect((await call(api, "GET", CM)).status).toBe(503);
    expect((await call(api, "GET", CM)).status).toBe(200);
    expect(api.faults.counters.failed).toBe(2);
  });

  it("fails only writes, or only a matching path, with 409 Conflict when asked", async () => {
    api.faults.failNext(1, 409, { writesOnly: true });
    expect((await call(api, "GET", CM)).status).toBe(200);
    const w = await call(api, "POST", CM, cm("f1"));
    expect(w.status).toBe(409);
    expect(w.body.reason).toBe("Conflict");
    expect((await call(api, "POST", CM, cm("f1"))).status).toBe(201);
    api.faults.failNext(1, 500, { path: /\/leases/ });
    expect((await call(api, "GET", CM)).status).toBe(200);
    expect((await call(api, "GET", "/apis/coordination.k8s.io/v1/namespaces/default/leases")).status).toBe(500);
  });

  it("fails a reproducible share of writes with failRate", async () => {
    api.faults.failRate(0.3, [409, 503], { writesOnly: true });
    const codes: number[] = [];
    for (let i = 0; i < 40; i++) codes.push((await call(api, "POST", CM, cm(`rate${i}`))).status);
    const failed = codes.filter((c) => c !== 201);
    expect(failed.length).toBeGreaterThan(4);
    expect(failed.length).toBeLessThan(24);
    expect(new Set(failed)).toEqual(new Set([409, 503]));
  });

  it("adds latency to every request", async () => {
    api.faults.latency(150);
    const t = Date.now();
    await call(api, "GET", CM);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    api.faults.latency(0);
  });

  it("drops every open watch abruptly, now and every N ms", async () => {
    const w = await openWatch(api, watchPath());
    expect(api.store.openWatches()).toBeGreaterThanOrEqual(1);
    api.faults.dropWatches();
    expect(await w.closed).toBe("error");
    api.faults.dropWatches({ everyMs: 100 });
    const w2 = await openWatch(api, watchPath());
    expect(await w2.closed).toBe("error");
    api.faults.clear();
    const w3 = await openWatch(api, watchPath());
    await new Promise((r) => setTimeout(r, 250));
    expect(api.store.openWatches()).toBe(1);
    w3.abort();
  });

  it("expires resourceVersions: open watches get an in-stream 410 and a watch from an old resourceVersion too", async () => {
    const rv = api.store.resourceVersion();
    const w = await openWatch(api, `${CM}?watch=1&resourceVersion=${rv}`);
    api.faults.expireResourceVersions();
    const [err] = await w.next(1);
    expect(err).toMatchObject({ type: "ERROR", object: { reason: "Expired", code: 410 } });
    expect(await w.closed).toBe("end");
    const again = await openWatch(api, `${CM}?watch=1&resourceVersion=${rv}`);
    expect((await again.next(1))[0]?.object.code).toBe(410);
    // A fresh list gives a resourceVersion that can be watched from.
    const list = await call(api, "GET", CM);
    const fresh = await openWatch(api, `${CM}?watch=1&resourceVersion=${list.body.metadata.resourceVersion}`);
    await call(api, "POST", CM, cm("after-expiry"));
    expect((await fresh.next(1))[0]?.type).toBe("ADDED");
    fresh.abort();
    // Continue tokens from before the expiry are 410 too.
    const page = await call(api, "GET", `${CM}?limit=1`);
    api.faults.expireResourceVersions();
    const cont = await call(api, "GET", `${CM}?limit=1&continue=${encodeURIComponent(page.body.metadata.continue)}`);
    expect(cont.status).toBe(410);
    expect(cont.body.reason).toBe("Expired");
  });

  it("stalls watches silently: the connection stays, nothing arrives (no events, no bookmarks)", async () => {
    const w = await openWatch(api, watchPath());
    await w.next(1); // a bookmark shows the watch is alive
    api.faults.stallWatches();
    const before = w.events.length;
    await call(api, "POST", CM, cm("unseen"));
    await new Promise((r) => setTimeout(r, 400));
    expect(w.events.length).toBe(before);
    expect(api.store.openWatches()).toBe(1);
    api.faults.stallWatches({ newWatches: true });
    const w2 = await openWatch(api, `${CM}?watch=1&allowWatchBookmarks=true`);
    await new Promise((r) => setTimeout(r, 300));
    expect(w2.events).toEqual([]);
    api.faults.dropWatches();
    expect(await w.closed).toBe("error");
  });

  it("stops cleanly with watches open", async () => {
    const other = await startKubeApi();
    const w = await openWatch(other, `${CM}?watch=1`);
    // stop() ends the open watch instead of waiting for it (its timeout is 30 minutes): it resolves well
    // before this minute, however loaded the machine.
    const stopped = await Promise.race([
      other.stop().then(() => "stopped"),
      new Promise((r) => setTimeout(() => r("still waiting for the watch"), 60_000).unref()),
    ]);
    expect(stopped).toBe("stopped");
    expect(await w.closed).not.toBeUndefined();
  });
});
