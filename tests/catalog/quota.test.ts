import { describe, expect, it } from "vitest";
import { requestQuota, reservedQuota, serviceQuota, type Offering, type SystemRequest } from "../../catalog/index.js";

const offering = (parameters: Record<string, unknown>, quota: Offering["spec"]["quota"]): Offering => ({
  apiVersion: "govcloud.io/v1alpha1",
  kind: "Offering",
  metadata: { name: "o" },
  spec: {
    displayName: "o",
    category: "compute",
    description: "o",
    domestic: true,
    maxMlpsLevel: 3,
    cloudKinds: ["city"],
    parameters: { type: "object", ...parameters },
    quota,
  },
});

const vm = offering(
  {
    properties: {
      vcpu: { type: "integer", default: 4 },
      memoryGiB: { type: "integer" },
      count: { type: "integer", default: 2 },
      diskGiB: { type: "integer", default: 100 },
      tier: { type: "string", default: "ssd" },
    },
  },
  {
    vcpu: { param: "vcpu", times: "count" },
    memoryGiB: { param: "memoryGiB", times: "count" },
    storageGiB: { param: "diskGiB", times: "count", factor: 2 },
    loadBalancers: 1,
  },
);

describe("the quota of a service", () => {
  it("multiplies parameters and applies the factor", () => {
    expect(serviceQuota(vm, { vcpu: 8, memoryGiB: 32, count: 3, diskGiB: 50 })).toEqual({
      vcpu: 24,
      memoryGiB: 96,
      storageGiB: 300,
      loadBalancers: 1,
    });
  });

  it("counts an omitted parameter at its schema default, so leaving out `count` does not make a service free", () => {
    expect(serviceQuota(vm, { memoryGiB: 16 })).toEqual({ vcpu: 8, memoryGiB: 32, storageGiB: 400, loadBalancers: 1 });
  });

  it("counts an omitted parameter without a numeric default as 0", () => {
    expect(serviceQuota(vm, { vcpu: 2, count: 1 }).memoryGiB).toBe(0);
    const noProps = offering({}, { vcpu: { param: "cpu" } });
    expect(serviceQuota(noProps, {}).vcpu).toBe(0);
  });

  it("ignores a given value that is not a finite number", () => {
    expect(serviceQuota(vm, { vcpu: "8", memoryGiB: Number.NaN, count: 1 })).toMatchObject({ vcpu: 0, memoryGiB: 0 });
  });

  it("adds up the services of a request and skips unknown offerings", () => {
    const request = {
      spec: {
        services: [
          { name: "a", offering: "o", params: { vcpu: 1, memoryGiB: 2, count: 1, diskGiB: 10 } },
          { name: "b", offering: "o", params: {} },
          { name: "c", offering: "missing", params: { vcpu: 100 } },
        ],
      },
    } as unknown as SystemRequest;
    expect(requestQuota(request, new Map([["o", { doc: vm }]]))).toEqual({
      vcpu: 9,
      memoryGiB: 2,
      storageGiB: 420,
      loadBalancers: 2,
    });
  });
});

describe("reservedQuota: what a node's namespaces reserve", () => {
  const q = (vcpu: number, memoryGiB: number, storageGiB: number, loadBalancers = 0) => ({
    vcpu,
    memoryGiB,
    storageGiB,
    loadBalancers,
  });

  it("counts tenants in full, standbys' storage in full and their compute once per failing node", () => {
    const total = reservedQuota([
      { namespace: "a-own", quota: q(10, 40, 500, 1) },
      // two standbys woken by node x, one by node y: x's group (8 + 4 vCPU) is the worst vCPU,
      // y's (30 GiB) the worst memory
      { namespace: "b-one", quota: q(8, 16, 1000), standbyFor: "x" },
      { namespace: "b-two", quota: q(4, 8, 2000, 1), standbyFor: "x" },
      { namespace: "c-one", quota: q(6, 30, 3000), standbyFor: "y" },
    ]);
    expect(total).toEqual({ vcpu: 10 + 12, memoryGiB: 40 + 30, storageGiB: 6500, loadBalancers: 2 });
  });

  it("is zero for no namespaces", () => {
    expect(reservedQuota([])).toEqual({ vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 });
  });
});
