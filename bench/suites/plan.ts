/**
 * `govcloud plan` at 1x, 10x and 50x the embedded estate, beside the same Plan rendered by a naive
 * cdktf program (barrel import, full construct tree, under tsx) and by JSON.stringify (the floor).
 */
import { join } from "node:path";
import { countSystems } from "../systems.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

type Scale = 1 | 10 | 50;

const TARGETS: Record<Scale, { seconds?: number; megabytes?: number } | undefined> = {
  1: { seconds: 3 },
  10: { seconds: 20, megabytes: 1024 },
  50: undefined,
};

const govcloud = (ctx: BenchContext, scale: Scale, engine: string) => ({
  argv: [process.execPath, join(ctx.root, "dist/bin/govcloud.js"), "plan", "--catalog", ctx.catalog(scale), "--engine", engine, "--out", join(ctx.work, `plan-${engine}-${scale}x`)],
  cwd: ctx.root,
  units: countSystems(ctx.catalog(scale)),
  unit: "systems",
});

function cases(scale: Scale): BenchCase[] {
  const group = `${scale}x`;
  const target = TARGETS[scale];
  return [
    { name: `plan --engine all ${group}`, group, ...(target ? { target } : {}), command: (ctx) => govcloud(ctx, scale, "all") },
    {
      name: `naive cdktf ${group}`,
      group,
      command: (ctx) => ({
        argv: [process.execPath, join(ctx.root, "node_modules/tsx/dist/cli.mjs"), join(ctx.root, "bench/naive-cdktf.ts"), ctx.catalog(scale), join(ctx.work, `naive-${scale}x`)],
        cwd: ctx.root,
        units: countSystems(ctx.catalog(scale)),
        unit: "systems",
      }),
    },
    {
      name: `JSON.stringify(plan) ${group}`,
      group,
      setup: async (ctx) => {
        const { loadCatalog } = await import("../../catalog/index.js");
        const { planEstate } = await import("../../stacks/index.js");
        const loaded = await loadCatalog(ctx.catalog(scale));
        if (!loaded.estate) throw new Error(`catalog at ${scale}x does not load`);
        return planEstate(loaded.estate);
      },
      run: (_ctx, plan) => {
        const text = JSON.stringify(plan);
        const objects = (plan as { nodes: { objects: unknown[] }[] }).nodes.reduce((n, node) => n + node.objects.length, 0);
        return { units: objects, unit: "objects", note: `${(text.length / 1e6).toFixed(1)} MB of JSON` };
      },
    },
  ];
}

/** Each engine alone at 10x, to see where the time goes. */
const engines: BenchCase[] = (["manifests", "pulumi", "cdktf"] as const).map((engine) => ({
  name: `plan --engine ${engine} 10x`,
  group: "engines 10x",
  command: (ctx: BenchContext) => govcloud(ctx, 10, engine),
}));

const suite: BenchSuite = {
  id: "plan",
  title: "govcloud plan: all engines, against naive cdktf and the JSON floor",
  cases: [...cases(1), ...cases(10), ...cases(50), ...engines],
};

export default suite;
