/**
 * How far the JavaScript heap of a long-running operator may grow past its live data between full
 * garbage collections.
 *
 * After each full collection V8 sets the next one's threshold at the live heap times a growing factor,
 * between 1.1 and 4, that it derives from how fast it collects compared with how fast the program
 * allocates. A controller's live heap is mostly its informer caches, which grow with the cluster and never
 * shrink, while a reconcile burst allocates fast: V8 then picks a large factor and the process holds about
 * twice its live data in memory. Measured on the 10x estate's catalog operator (bench/catalog-operator.md):
 * 111 MiB live after a full collection, a 222 MiB heap and 330–346 MiB peak RSS with V8's own factor;
 * with a fixed 1.2 (`--heap-growing-percent=20`) the heap follows the live data and the peak RSS is
 * ~265 MiB, for no more CPU time. The factor is relative to the live heap, so unlike a fixed
 * `--max-old-space-size` it never makes a larger cluster run out of heap.
 *
 * Node does not accept this V8 flag in NODE_OPTIONS, so `govcloud operators run` sets it when it starts
 * (`--heap-growth`), unless the process was started with the flag itself.
 */
import { setFlagsFromString } from "node:v8";

/** Percent the heap may grow past the live heap between full collections: the operators' default. */
export const DEFAULT_HEAP_GROWTH_PERCENT = 20;

const V8_FLAG = "--heap-growing-percent";

/**
 * The V8 flag that sets the heap growth to `percent`, or undefined when it is to be left alone: percent 0
 * (V8's own factor), or the process started with the flag (the command line wins, as for every Node flag).
 */
export function heapGrowthFlag(percent: number, execArgv: readonly string[] = process.execArgv): string | undefined {
  if (!Number.isSafeInteger(percent) || percent < 0)
    throw new RangeError(`heap growth ${percent}: expected a whole number of percent (0 or more)`);
  if (percent === 0) return undefined;
  if (execArgv.some((a) => a === V8_FLAG || a.startsWith(`${V8_FLAG}=`) || a.startsWith("--heap_growing_percent")))
    return undefined;
  return `${V8_FLAG}=${percent}`;
}

/**
 * Sets this process's heap growth (see the module's comment). Returns the flag set, or undefined when it
 * was left alone. Process-wide: call it once, from the program's entry point, never from a library.
 */
export function limitHeapGrowth(percent: number = DEFAULT_HEAP_GROWTH_PERCENT): string | undefined {
  const flag = heapGrowthFlag(percent);
  if (flag) setFlagsFromString(flag);
  return flag;
}
