import { describe, expect, it } from "vitest";
import { FakeClock, LeaderElector, microTime } from "../../../operators/runtime/index.js";
import { FakeLeases } from "./fakes.js";

const make = (leases: FakeLeases, clock: FakeClock, identity: string, release = true) =>
  new LeaderElector({ client: leases, clock, namespace: "govcloud-system", name: "govcloud-operators", identity, releaseOnStop: release });

describe("microTime", () => {
  it("writes RFC 3339 with exactly six fractional digits", () => {
    expect(microTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678) + 0.9)).toBe("2026-01-02T03:04:05.678900Z");
    expect(microTime(Date.UTC(2026, 0, 2))).toBe("2026-01-02T00:00:00.000000Z");
    expect(microTime(Date.UTC(2026, 0, 2) + 999.5)).toBe("2026-01-02T00:00:00.999500Z");
  });
});

describe("LeaderElector", () => {
  it("one of two replicas leads; the other takes over only after the lease duration when the leader dies", async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases();
    const a = make(leases, clock, "a", false);
    const b = make(leases, clock, "b");
    const events: string[] = [];
    a.onChange((l) => events.push(`a:${l}`));
    b.onChange((l) => events.push(`b:${l}`));
    a.start();
    await clock.advance(10);
    b.start();
    await clock.advance(10);
    expect(a.isLeader).toBe(true);
    expect(b.isLeader).toBe(false);
    const spec = leases.lease("govcloud-operators", "govcloud-system")!.spec as Record<string, unknown>;
    expect(spec).toMatchObject({ holderIdentity: "a", leaseDurationSeconds: 15, leaseTransitions: 0 });
    expect(spec.renewTime).toMatch(/\.\d{6}Z$/);
    // Renewals keep b out for a long time.
    await clock.advance(60_000);
    expect(b.isLeader).toBe(false);
    expect(a.isLeader).toBe(true);
    // a dies without releasing: its loop ends but the lease stays.
    await a.stop();
    const diedAt = clock.now();
    let tookOver = 0;
    b.onChange((l) => l && (tookOver = clock.now()));
    await clock.advance(20_000);
    expect(b.isLeader).toBe(true);
    expect(tookOver - diedAt).toBeGreaterThanOrEqual(13_000);
    expect(tookOver - diedAt).toBeLessThanOrEqual(15_000 + 2_000 + 10);
    expect(leases.lease("govcloud-operators", "govcloud-system")!.spec).toMatchObject({ holderIdentity: "b", leaseTransitions: 1 });
    expect(events).toEqual(["a:true", "b:true"]);
    await b.stop();
  });

  it("a graceful stop releases the lease so the standby takes over within one retry period", async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases();
    const a = make(leases, clock, "a");
    const b = make(leases, clock, "b");
    a.start();
    await clock.advance(10);
    b.start();
    await clock.advance(5_000);
    await a.stop();
    expect(leases.lease("govcloud-operators", "govcloud-system")!.spec).not.toHaveProperty("holderIdentity");
    await clock.advance(2_100);
    expect(b.isLeader).toBe(true);
    await b.stop();
  });

  it("a leader that cannot renew stops leading at the renew deadline, before anyone may take over", async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases();
    const a = make(leases, clock, "a");
    let lostAt = 0;
    a.onChange((l) => !l && (lostAt = clock.now()));
    a.start();
    await clock.advance(10);
    expect(a.isLeader).toBe(true);
    const lastRenew = clock.now();
    leases.failing = true;
    await clock.advance(20_000);
    expect(a.isLeader).toBe(false);
    // Lost within the renew deadline (10 s) of the last renewal, well inside the 15 s lease.
    expect(lostAt - lastRenew).toBeLessThanOrEqual(10_000);
    expect(lostAt - lastRenew).toBeGreaterThan(8_000);
    await a.stop();
  });

  it("two candidates racing for a missing lease: exactly one wins (409 for the other)", async () => {
    const clock = new FakeClock();
    const leases = new FakeLeases();
    const a = make(leases, clock, "a");
    const b = make(leases, clock, "b");
    const [ra, rb] = await Promise.all([a.tryAcquireOrRenew(), b.tryAcquireOrRenew()]);
    expect([ra, rb].filter(Boolean)).toHaveLength(1);
  });

  it("refuses timings that break the lease invariant", () => {
    expect(() => new LeaderElector({ client: new FakeLeases(), namespace: "n", name: "l", identity: "x", leaseDurationMs: 10_000, renewDeadlineMs: 10_000 })).toThrow(/leaseDuration > renewDeadline/);
  });
});
