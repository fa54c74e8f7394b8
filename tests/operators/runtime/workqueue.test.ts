import { describe, expect, it } from "vitest";
import { FakeClock, settle, WorkQueue } from "../../../operators/runtime/index.js";

/** A worker whose calls stay open until released, recording what ran and how many ran at once. */
function gatedWorker() {
  const calls: string[] = [];
  const open = new Map<string, () => void>();
  let active = 0;
  let maxActive = 0;
  const perKey = new Map<string, number>();
  let maxPerKey = 0;
  const worker = (key: string) =>
    new Promise<void>((resolve) => {
      calls.push(key);
      active++;
      maxActive = Math.max(maxActive, active);
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      maxPerKey = Math.max(maxPerKey, perKey.get(key)!);
      open.set(key, () => {
        active--;
        perKey.set(key, perKey.get(key)! - 1);
        open.delete(key);
        resolve();
      });
    });
  return { worker, calls, open, stats: () => ({ maxActive, maxPerKey }) };
}

describe("WorkQueue", () => {
  it("merges a key added again while it waits", async () => {
    const q = new WorkQueue();
    const seen: string[] = [];
    q.add("a");
    q.add("b");
    q.add("a");
    q.add("a");
    expect(q.length).toBe(2);
    q.start(async (k) => void seen.push(k));
    await q.idle();
    expect(seen).toEqual(["a", "b"]);
  });

  it("never runs two workers on one key: a key added while processing runs once more afterwards", async () => {
    const q = new WorkQueue({ concurrency: 4 });
    const w = gatedWorker();
    q.start(w.worker);
    q.add("a");
    await settle();
    q.add("a");
    q.add("a");
    await settle();
    expect(w.calls).toEqual(["a"]);
    w.open.get("a")!();
    await settle();
    expect(w.calls).toEqual(["a", "a"]);
    w.open.get("a")!();
    await q.idle();
    expect(w.calls).toEqual(["a", "a"]);
    expect(w.stats().maxPerKey).toBe(1);
  });

  it("bounds concurrency", async () => {
    const q = new WorkQueue({ concurrency: 2 });
    const w = gatedWorker();
    q.start(w.worker);
    for (const k of ["a", "b", "c", "d", "e"]) q.add(k);
    await settle();
    expect(w.calls).toEqual(["a", "b"]);
    expect(q.length).toBe(3);
    while (w.open.size > 0) {
      [...w.open.values()][0]!();
      await settle();
    }
    await q.idle();
    expect(w.calls.sort()).toEqual(["a", "b", "c", "d", "e"]);
    expect(w.stats().maxActive).toBe(2);
  });

  it("backs off per key exponentially on the injected clock, and forget resets it", async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock, baseDelayMs: 100, maxDelayMs: 350 });
    const times: number[] = [];
    const t0 = clock.now();
    q.start(async () => void times.push(clock.now() - t0));
    q.addRateLimited("a"); // 100
    await clock.advance(99);
    expect(times).toEqual([]);
    await clock.advance(1);
    expect(times).toEqual([100]);
    q.addRateLimited("a"); // 200
    await clock.advance(200);
    q.addRateLimited("a"); // 400 capped at 350
    await clock.advance(350);
    expect(times).toEqual([100, 300, 650]);
    expect(q.retries("a")).toBe(3);
    q.forget("a");
    q.addRateLimited("a");
    await clock.advance(100);
    expect(times).toEqual([100, 300, 650, 750]);
    // Another key's backoff is its own.
    expect(q.retries("b")).toBe(0);
  });

  it("addAfter keeps one timer per key, the earliest deadline winning", async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const seen: [string, number][] = [];
    const t0 = clock.now();
    q.start(async (k) => void seen.push([k, clock.now() - t0]));
    q.addAfter("a", 1000);
    q.addAfter("a", 500);
    q.addAfter("a", 2000);
    q.addAfter("b", 300);
    expect(q.scheduled).toBe(2);
    await clock.advance(5000);
    expect(seen).toEqual([
      ["b", 300],
      ["a", 500],
    ]);
  });

  it("shutDown cancels timers, drops waiting keys and waits for running workers", async () => {
    const clock = new FakeClock();
    const q = new WorkQueue({ clock });
    const w = gatedWorker();
    q.start(w.worker);
    q.add("a");
    q.add("b");
    q.addAfter("c", 100);
    await settle();
    let stopped = false;
    const done = q.shutDown().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    w.open.get("a")!();
    await done;
    await clock.advance(1000);
    expect(w.calls).toEqual(["a"]);
    q.add("d");
    await settle();
    expect(w.calls).toEqual(["a"]);
  });

  it("keeps going when a worker throws", async () => {
    const q = new WorkQueue();
    const seen: string[] = [];
    q.start(async (k) => {
      seen.push(k);
      if (k === "bad") throw new Error("boom");
    });
    q.add("bad");
    q.add("good");
    await q.idle();
    expect(seen).toEqual(["bad", "good"]);
  });
});
