/** sameJson: the one comparison of JSON values the operators use (baseline reports, catalog and migration status). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, sameJson } from "../../kube/index.js";

describe("sameJson", () => {
  it("says what comparing canonical texts says: key order and undefined members do not matter", () => {
    expect(sameJson({ a: 1, b: [1, { c: "x" }] }, { b: [1, { c: "x" }], a: 1 })).toBe(true);
    expect(sameJson({ a: 1, gone: undefined }, { a: 1 })).toBe(true);
    expect(sameJson({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(sameJson([1, 2], [2, 1])).toBe(false);
    expect(sameJson({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameJson(undefined, null)).toBe(true);
    expect(sameJson("1", 1)).toBe(false);
  });

  it("agrees with canonicalJson on arbitrary JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJson(a, b)).toBe(canonicalJson(a) === canonicalJson(b));
        expect(sameJson(a, structuredClone(a))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
