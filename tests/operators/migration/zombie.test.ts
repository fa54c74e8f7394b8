/**
 * The zombie hook's round of Prometheus queries: a successful round serves every system until the resync,
 * a failed one is not kept (the next reconcile asks again).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { PrometheusClient } from "../../../metrics/index.js";
import { zombieHook } from "../../../operators/migration/index.js";

afterEach(() => vi.restoreAllMocks());

describe("zombieHook", () => {
  it("does not remember a round that failed with an error other than a Prometheus error", async () => {
    // Nothing listens on port 1: once the injected fault is spent, the queries fail as unreachable.
    const hook = zombieHook("http://127.0.0.1:1", { timeoutMs: 30_000 });
    const fault = new TypeError("injected fault: not a PrometheusError");
    vi.spyOn(PrometheusClient.prototype, "values").mockRejectedValueOnce(fault);
    const system = { name: "portal", department: "health", system: "portal", namespace: "health-portal", spec: {} };
    const now = Date.parse("2026-11-23T00:00:00Z");
    await expect(hook({ ...system, now })).rejects.toBe(fault);
    // A minute later, within the resync hour: asked again, not the remembered failure.
    const again = await hook({ ...system, now: now + 60_000 });
    expect(again).toMatchObject({ candidate: "unknown", met: [] });
    expect(again!.message).toMatch(
      /^zombie criteria not measured: Prometheus at http:\/\/127\.0\.0\.1:1 is not reachable/,
    );
  });
});
