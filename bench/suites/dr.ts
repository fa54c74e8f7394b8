/**
 * DR pairing at 1x, 10x and 50x the embedded estate: placing every system from scratch, re-checking a
 * recorded ledger (what a pull request pays), all single node and site drills, and `govcloud dr` as a
 * user runs it. Pairing is O(systems x candidate sites) with per-site running totals.
 */
import { join } from "node:path";
import { loadCatalog } from "../../catalog/index.js";
import { allDrills, drInput, pairSystems, type DrInput } from "../../stacks/dr/index.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const SCALES = [1, 10, 50] as const;

async function input(ctx: BenchContext, scale: 1 | 10 | 50): Promise<DrInput> {
  const r = await loadCatalog(ctx.catalog(scale));
  if (!r.estate)
    throw new Error(
      `the ${scale}x catalog does not validate: ${r.diagnostics[0]?.code} at ${r.diagnostics[0]?.file}:${r.diagnostics[0]?.line}`,
    );
  return drInput(r.estate);
}

const note = (p: ReturnType<typeof pairSystems>) =>
  `${p.pairs.length} pairs, ${p.issues.length} issues, ${p.sites.length} sites`;

const cases = SCALES.flatMap((scale): BenchCase[] => [
  {
    name: `pair from scratch ${scale}x`,
    group: `${scale}x`,
    ...(scale === 50 ? { target: { seconds: 1 } } : {}),
    setup: (ctx) => input(ctx, scale),
    run: (_ctx, prepared) => {
      const p = pairSystems(prepared as DrInput);
      return { units: p.pairs.length, unit: "systems", note: note(p) };
    },
  },
  {
    name: `re-check recorded ledger ${scale}x`,
    group: `${scale}x`,
    setup: async (ctx) => {
      const i = await input(ctx, scale);
      return { ...i, ledger: pairSystems(i).ledger };
    },
    run: (_ctx, prepared) => {
      const p = pairSystems(prepared as DrInput);
      return { units: p.pairs.length, unit: "systems", note: note(p) };
    },
  },
  {
    name: `pair + every node and site drill ${scale}x`,
    group: `${scale}x`,
    setup: (ctx) => input(ctx, scale),
    run: (_ctx, prepared) => {
      const p = pairSystems(prepared as DrInput);
      const drills = allDrills(p);
      return {
        units: p.pairs.length,
        unit: "systems",
        note: `${drills.length} drills, ${drills.filter((d) => !d.ok).length} failing`,
      };
    },
  },
  ...(scale === 1
    ? []
    : [
        {
          name: `govcloud dr --format json ${scale}x`,
          group: `${scale}x`,
          ...(scale === 10 ? { target: { seconds: 2 } } : {}),
          command: (ctx: BenchContext) => ({
            argv: [
              process.execPath,
              join(ctx.root, "dist/bin/govcloud.js"),
              "dr",
              "--format",
              "json",
              "--catalog",
              ctx.catalog(scale),
            ],
          }),
        },
      ]),
]);

const suite: BenchSuite = { id: "dr", title: "disaster-recovery pairing and drills", cases };
export default suite;
