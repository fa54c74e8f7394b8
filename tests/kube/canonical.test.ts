/**
 * `jsonPieces` writes large outputs (plan.json, Pulumi's resources.json) in pieces; joined, the pieces
 * must be exactly `JSON.stringify(value, null, 2)` at every split depth, including the runs of array
 * members it writes with one JSON.stringify each.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, canonicalJsonPieces, jsonPieces } from "../../kube/index.js";

const joined = (pieces: Iterable<string>) => [...pieces].join("");

describe("jsonPieces", () => {
  it("joins to JSON.stringify(value, null, 2) for any JSON value and split depth", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 0, max: 6 }), (v, depth) => {
        expect(joined(jsonPieces(v, depth))).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 500 },
    );
  });

  it("writes long arrays of objects (several runs, sized by their text) as JSON.stringify does", () => {
    const member = (i: number) => ({
      metadata: { name: `system-${i}`, labels: { "govcloud.io/department": i % 3 ? "health" : "卫生健康委员会" } },
      spec: { replicas: i % 5, ports: i % 7 ? [80, 443] : [], empty: {}, note: i % 11 ? undefined : null },
    });
    for (const count of [1, 2, 17, 1000, 5000]) {
      const value = {
        estate: "t",
        nodes: [{ node: "a", objects: Array.from({ length: count }, (_, i) => member(i)) }],
      };
      for (const depth of [1, 2, 3, 4, 5])
        expect(joined(jsonPieces(value, depth)), `${count} members, depth ${depth}`).toBe(
          JSON.stringify(value, null, 2),
        );
      expect(joined(canonicalJsonPieces(value))).toBe(canonicalJson(value));
    }
  });

  it("writes members JSON.stringify writes as null (undefined, functions) as null, and honours toJSON", () => {
    const value = { list: [1, undefined, () => 2, { toJSON: () => "at" }, new Date(0)], at: new Date(0) };
    for (const depth of [0, 1, 2, 3]) expect(joined(jsonPieces(value, depth))).toBe(JSON.stringify(value, null, 2));
  });
});
