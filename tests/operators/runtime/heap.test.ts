/**
 * The operators' heap growth (operators/runtime/heap.ts): which V8 flag `govcloud operators run` sets,
 * and when it leaves V8 alone.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_HEAP_GROWTH_PERCENT, heapGrowthFlag } from "../../../operators/runtime/index.js";

describe("heapGrowthFlag", () => {
  it("sets V8's heap growing percent, the operators' default being 20", () => {
    expect(DEFAULT_HEAP_GROWTH_PERCENT).toBe(20);
    expect(heapGrowthFlag(DEFAULT_HEAP_GROWTH_PERCENT, [])).toBe("--heap-growing-percent=20");
    expect(heapGrowthFlag(150, ["--expose-gc"])).toBe("--heap-growing-percent=150");
  });

  it("leaves V8's own factor with 0, and a flag given on the command line wins", () => {
    expect(heapGrowthFlag(0, [])).toBeUndefined();
    expect(heapGrowthFlag(20, ["--heap-growing-percent=50"])).toBeUndefined();
    expect(heapGrowthFlag(20, ["--heap-growing-percent", "50"])).toBeUndefined();
    expect(heapGrowthFlag(20, ["--heap_growing_percent=50"])).toBeUndefined();
    // A flag that only starts alike is another flag.
    expect(heapGrowthFlag(20, ["--heap-growing-percentage-of-nothing"])).toBe("--heap-growing-percent=20");
  });

  it("refuses what is not a whole number of percent", () => {
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      expect(() => heapGrowthFlag(bad, [])).toThrow(/expected a whole number of percent/);
  });
});
