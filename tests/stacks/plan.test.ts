import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalize,
  canonicalJson,
  compareObjects,
  cpuQuantity,
  gibQuantity,
  isDnsLabel,
  KIND_RANK,
  objectKey,
  parseQuantity,
  planEstate,
  requestQuotaOf,
  SHARED_QUOTA,
  tenancyPlanner,
  type KubeObject,
  type Planner,
} from "./imports.js";
import { generatedEstate, PERMITS, tinyEstate } from "./estates.js";
import { networkPlanner, planNetwork } from "../../stacks/network/index.js";

const estate = tinyEstate(PERMITS);

const extra = (id: string, objects: { node: string; object: KubeObject }[]): Planner => ({
  id,
  plan: () => ({ objects, diagnostics: [] }),
});
const cm = (ns: string, name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: ns },
  data: { b: "2", a: "1" },
});

describe("planEstate", () => {
  it("orders each node's objects canonically: kind rank, namespace, name", () => {
    const plan = planEstate(generatedEstate(4));
    for (const n of plan.nodes) {
      expect(n.objects[0]!.kind).toBe("Namespace");
      expect([...n.objects].sort(compareObjects)).toEqual(n.objects);
      const ranks = n.objects.map((o) => KIND_RANK[o.kind]!);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
    expect(plan.nodes.map((n) => n.node)).toEqual(["city-140200", "province"]);
  });

  it("sorts keys of every object and leaves no undefined members", () => {
    const plan = planEstate(estate, {
      planners: [
        tenancyPlanner,
        extra("x", [{ node: "province", object: { ...cm("health-portal", "settings"), extra: undefined } }]),
      ],
    });
    const o = plan.nodes[1]!.objects.find((x) => x.kind === "ConfigMap")!;
    expect(Object.keys(o)).toEqual(["apiVersion", "data", "kind", "metadata"]);
    expect(Object.keys(o.data as object)).toEqual(["a", "b"]);
  });

  it("reports two planners planning the same object as a collision, at the second one's source, and keeps the first", () => {
    const source = { file: "requests/health/portal.yaml", line: 4, column: 9 };
    const dup = {
      node: "province",
      object: { apiVersion: "v1", kind: "Namespace", metadata: { name: "health-portal", labels: { other: "x" } } },
      source,
    };
    const plan = planEstate(estate, {
      planners: [tenancyPlanner, { id: "dr", plan: () => ({ objects: [dup], diagnostics: [] }) }],
    });
    expect(plan.diagnostics).toHaveLength(1);
    expect(plan.diagnostics[0]).toMatchObject({ code: "plan-collision", severity: "error", ...source });
    expect(plan.diagnostics[0]!.message).toContain("by tenancy and by dr");
    const namespaces = plan.nodes[1]!.objects.filter((o) => o.kind === "Namespace");
    expect(namespaces).toHaveLength(1);
    expect(namespaces[0]!.metadata.labels!.other).toBeUndefined();
  });

  it("lets objects of different kinds or namespaces share a name", () => {
    const plan = planEstate(estate, {
      planners: [
        tenancyPlanner,
        extra("x", [
          { node: "province", object: cm("health-portal", "default-deny") },
          { node: "province", object: cm("other", "default-deny") },
        ]),
      ],
    });
    expect(plan.diagnostics).toEqual([]);
  });

  it("reports an object planned on a node the estate does not have", () => {
    const plan = planEstate(estate, { planners: [extra("x", [{ node: "mars", object: cm("a", "b") }])] });
    expect(plan.diagnostics.map((d) => d.code)).toEqual(["plan-unknown-node"]);
    expect(plan.diagnostics[0]!.file).toBe("estates/t/estate.yaml");
  });

  it("passes planners' diagnostics and sections through", () => {
    const d = {
      file: "requests/x.yaml",
      line: 1,
      column: 1,
      code: "x-y",
      severity: "warning" as const,
      message: "m",
      hint: "h",
    };
    const plan = planEstate(estate, {
      planners: [{ id: "s", plan: () => ({ objects: [], diagnostics: [d], sections: {} }) }],
    });
    expect(plan.diagnostics).toEqual([d]);
    expect(plan.nodes.every((n) => n.objects.length === 0)).toBe(true);
  });

  it("plans one node on request, identical to that node in the whole plan", () => {
    const whole = planEstate(estate);
    const one = planEstate(estate, { node: "city-140200" });
    expect(one.nodes.map((n) => n.node)).toEqual(["city-140200"]);
    expect(one.nodes[0]).toEqual(whole.nodes[0]);
  });

  it("plans only some kinds on request: exactly the whole plan's objects of those kinds, skipping planners that plan none", () => {
    const generated = generatedEstate(2);
    const whole = planEstate(generated);
    const kinds = new Set(["Namespace", "ResourceQuota", "NetworkPolicy"]);
    let ran = false;
    const other: Planner = {
      id: "other",
      kinds: ["ConfigMap"],
      plan: () => ((ran = true), { objects: [], diagnostics: [] }),
    };
    const some = planEstate(generated, { kinds, planners: [tenancyPlanner, networkPlanner, other] });
    expect(ran).toBe(false);
    const only = (objects: readonly KubeObject[]) => objects.filter((o) => kinds.has(o.kind));
    const full = planEstate(generated, { planners: [tenancyPlanner, networkPlanner] });
    expect(some.nodes.map((n) => n.node)).toEqual(whole.nodes.map((n) => n.node));
    for (const [i, n] of some.nodes.entries()) {
      expect(n.objects.length).toBeGreaterThan(0);
      expect(n.objects).toEqual(only(full.nodes[i]!.objects));
      expect(n.objects.every((o) => kinds.has(o.kind))).toBe(true);
    }
  });

  it("sums the node's quotas into its totals beside its capacity", () => {
    const city = planEstate(estate, { planners: [tenancyPlanner, networkPlanner] }).nodes[0]!.totals;
    // permits (7 vCPU, 10 GiB, 400 GiB) + the shared namespace (4 vCPU, 16 GiB, 100 GiB).
    const network = planNetwork(estate).objects.filter((o) => o.node === "city-140200").length;
    expect(city).toEqual({
      namespaces: 2,
      objects: 16 + network,
      requested: { vcpu: 11, memoryGiB: 26, storageGiB: 500, loadBalancers: 0 },
      capacity: { vcpu: 50, memoryGiB: 200, storageGiB: 5120 },
    });
  });

  it("is deterministic: the same estate, loaded twice, gives byte-identical canonical JSON", () => {
    expect(canonicalJson(planEstate(generatedEstate(5)))).toBe(canonicalJson(planEstate(generatedEstate(5))));
  });

  it("adding one request changes only that system's objects and its node's totals", () => {
    // Tenancy and network; what adding a system changes in the DR objects is tested in tests/stacks/dr.
    const before = planEstate(tinyEstate(), { planners: [tenancyPlanner, networkPlanner] });
    const after = planEstate(tinyEstate(PERMITS), { planners: [tenancyPlanner, networkPlanner] });
    const byKey = (p: typeof before) =>
      new Map(
        p.nodes.flatMap((n) =>
          n.objects.map((o) => [
            `${n.node}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`,
            JSON.stringify(o),
          ]),
        ),
      );
    const b = byKey(before);
    const a = byKey(after);
    const changed = [...a.keys()].filter((k) => a.get(k) !== b.get(k));
    expect([...b.keys()].filter((k) => !a.has(k))).toEqual([]);
    // 8 tenancy objects and 3 network policies (allow-dns, allow-zone-dedicated, allow-zone-public)
    expect(changed.length).toBe(8 + 3);
    for (const k of changed) {
      const [node, kind, ns, name] = k.split("/");
      expect(node).toBe("city-140200");
      expect(kind === "Namespace" ? name : ns).toBe("datong-approval-permits");
    }
    expect(after.nodes[1]).toEqual(before.nodes[1]);
    expect(after.nodes[0]!.totals.requested.vcpu - before.nodes[0]!.totals.requested.vcpu).toBe(7);
  });
});

describe("planEstate over random generated estates", () => {
  it("puts every system's namespace on its node, names everything validly, never collides, and sums the quotas", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), (scale, seed) => {
        const e = generatedEstate(scale, seed);
        const plan = planEstate(e);
        // The tiny estate has no MLPS level 3 node in another city for the portal's standby: DR warns.
        expect(plan.diagnostics.filter((d) => d.severity === "error" || !d.code.startsWith("dr-"))).toEqual([]);
        const primary = (o: KubeObject) =>
          o.kind === "Namespace" && o.metadata.labels?.["govcloud.io/dr-role"] === undefined;
        const where = new Map(
          plan.nodes.flatMap((n) => n.objects.filter(primary).map((o) => [o.metadata.name, n.node] as const)),
        );
        for (const r of e.requests)
          expect(where.get(`${r.doc.spec.department}-${r.doc.metadata.name}`)).toBe(r.doc.spec.cloud);
        for (const n of plan.nodes) {
          const keys = n.objects.map(objectKey);
          expect(new Set(keys).size).toBe(keys.length);
          for (const o of n.objects)
            expect(
              isDnsLabel(o.metadata.name) && (o.metadata.namespace === undefined || isDnsLabel(o.metadata.namespace)),
            ).toBe(true);
          const vcpu = e.requests
            .filter((r) => r.doc.spec.cloud === n.node)
            .reduce((a, r) => a + requestQuotaOf(e, r).vcpu, 0);
          const shared =
            e.departments.filter((d) => d.doc.spec.sharedNamespace && d.doc.spec.homeCloud === n.node).length *
            SHARED_QUOTA.vcpu;
          expect(n.totals.requested.vcpu).toBeCloseTo(vcpu + shared, 6);
        }
      }),
      { numRuns: 12 },
    );
  });
});

describe("canonical form", () => {
  it("quantities read back to what was written", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (milli) => {
        expect(parseQuantity(cpuQuantity(milli / 1000))).toBeCloseTo(milli / 1000, 9);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000_000 }), (mib) => {
        expect(parseQuantity(gibQuantity(mib / 1024)) / 2 ** 30).toBeCloseTo(mib / 1024, 9);
      }),
    );
    expect(parseQuantity("1.5e3")).toBe(1500);
    expect(parseQuantity("2k")).toBe(2000);
    expect(Number.isNaN(parseQuantity("12 GB"))).toBe(true);
  });

  it("canonicalize is idempotent and independent of key order", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalize(v);
        expect(canonicalize(c)).toEqual(c);
        expect(JSON.stringify(canonicalize(JSON.parse(JSON.stringify(v))))).toBe(JSON.stringify(c));
      }),
    );
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
