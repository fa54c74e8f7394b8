/**
 * `govcloud validate` at 1x, 10x and 50x the embedded estate: the command as a user runs it (process
 * start, schema compilation, reading, checking, printing), beside the in-process load it is built on.
 * The budget: validate at 10x in at most 1 s on this machine.
 */
import { join } from "node:path";
import { loadCatalog } from "../../catalog/index.js";
import { countSystems } from "../systems.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const SCALES = [1, 10, 50] as const;

const cases = SCALES.flatMap((scale): BenchCase[] => [
  {
    name: `govcloud validate ${scale}x`,
    group: `${scale}x`,
    ...(scale === 10 ? { target: { seconds: 1 } } : {}),
    command: (ctx: BenchContext) => ({
      argv: [process.execPath, join(ctx.root, "dist/bin/govcloud.js"), "validate", "--catalog", ctx.catalog(scale)],
      units: countSystems(ctx.catalog(scale)),
      unit: "systems",
    }),
  },
  {
    name: `loadCatalog ${scale}x (in-process)`,
    group: `${scale}x`,
    run: async (ctx: BenchContext) => {
      const r = await loadCatalog(ctx.catalog(scale));
      if (!r.estate)
        throw new Error(
          `the ${scale}x catalog does not validate: ${r.diagnostics[0]?.code} at ${r.diagnostics[0]?.file}:${r.diagnostics[0]?.line}`,
        );
      const warnings = r.diagnostics.length;
      return {
        units: r.estate.requests.length,
        unit: "systems",
        note: `${r.estate.clouds.length} clouds, ${warnings} warning${warnings === 1 ? "" : "s"}`,
      };
    },
  },
]);

const suite: BenchSuite = { id: "validate", title: "load and validate the catalog", cases };
export default suite;
