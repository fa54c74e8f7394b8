/**
 * `govcloud plan` at 1x, 10x and 50x the embedded estate, measured as a process (its own CPU time and
 * peak RSS), beside the whole-process floor (bench/floor.ts: start, load, plan, JSON.stringify once,
 * write the same bytes to the same files) and the peers on the same Plan: a naive cdktf program
 * (bench/naive-cdktf.ts, under tsx as cdktf.json's app usually runs) and cdk8s for the manifests
 * (bench/cdk8s-peer.ts). Each group's first row is the reference its ratios are taken to.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { countSystems } from "../systems.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

type Scale = 1 | 10 | 50;

/** DESIGN.md and issue 18: wall time on a quiet machine, peak memory, and ≤ 2× the floor's CPU time. */
const TARGETS: Record<Scale, { seconds?: number; megabytes?: number; ratio: number }> = {
  1: { seconds: 1.5, ratio: 2 },
  10: { seconds: 6, ratio: 2 },
  50: { seconds: 35, megabytes: 1024, ratio: 2 },
};

const cli = (ctx: BenchContext) => join(ctx.root, "dist/bin/govcloud.js");
const planOut = (ctx: BenchContext, scale: Scale, engine: string) => join(ctx.work, `plan-${engine}-${scale}x`);

const govcloud = (ctx: BenchContext, scale: Scale, engine: string) => ({
  argv: [
    process.execPath,
    cli(ctx),
    "plan",
    "--catalog",
    ctx.catalog(scale),
    "--engine",
    engine,
    "--out",
    planOut(ctx, scale, engine),
  ],
  cwd: ctx.root,
  units: countSystems(ctx.catalog(scale)),
  unit: "systems",
});

/** Paths and sizes of what `plan --engine all` writes, from a run made here (untimed). */
function outputFiles(ctx: BenchContext, scale: Scale): string {
  const reference = join(ctx.work, "reference");
  const r = spawnSync(
    process.execPath,
    [cli(ctx), "plan", "--catalog", ctx.catalog(scale), "--engine", "all", "--out", reference],
    { env: { ...process.env, CI: "true" }, encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(`govcloud plan for the floor's file list exited with ${r.status}\n${r.stderr}`);
  const files: [string, number][] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else files.push([relative(reference, p), st.size]);
    }
  };
  walk(reference);
  const list = join(ctx.work, "files.json");
  writeFileSync(list, JSON.stringify(files));
  return list;
}

function cases(scale: Scale): BenchCase[] {
  const group = `${scale}x`;
  const units = (ctx: BenchContext) => ({ cwd: ctx.root, units: countSystems(ctx.catalog(scale)), unit: "systems" });
  return [
    {
      name: `whole-process floor ${group}`,
      group,
      command: (ctx) => {
        const list = outputFiles(ctx, scale);
        return {
          argv: [
            process.execPath,
            join(ctx.root, "dist/bench/floor.js"),
            ctx.catalog(scale),
            list,
            join(ctx.work, "out"),
          ],
          ...units(ctx),
          note: "start, load, plan, JSON.stringify once, write the same bytes to the same files",
        };
      },
    },
    {
      name: `plan --engine all ${group}`,
      group,
      target: TARGETS[scale],
      command: (ctx) => govcloud(ctx, scale, "all"),
    },
    {
      name: `naive cdktf ${group}`,
      group,
      command: (ctx) => ({
        argv: [
          process.execPath,
          join(ctx.root, "node_modules/tsx/dist/cli.mjs"),
          join(ctx.root, "bench/naive-cdktf.ts"),
          ctx.catalog(scale),
          join(ctx.work, `naive-${scale}x`),
        ],
        ...units(ctx),
        note: "the Terraform stacks only",
      }),
    },
  ];
}

/** Each engine alone at 10x, and cdk8s beside the manifests. */
const engines: BenchCase[] = [
  ...(["manifests", "pulumi", "cdktf"] as const).map((engine) => ({
    name: `plan --engine ${engine} 10x`,
    group: "engines 10x",
    command: (ctx: BenchContext) => govcloud(ctx, 10, engine),
  })),
  {
    name: "cdk8s, a chart per node 10x",
    group: "engines 10x",
    command: (ctx: BenchContext) => ({
      argv: [
        process.execPath,
        join(ctx.root, "dist/bench/cdk8s-peer.js"),
        ctx.catalog(10),
        join(ctx.work, "cdk8s-10x"),
      ],
      cwd: ctx.root,
      note: "the same objects as --engine manifests (ratio to it)",
    }),
  },
];

const suite: BenchSuite = {
  id: "plan",
  title: "govcloud plan against the whole-process floor, naive cdktf and cdk8s",
  cases: [...cases(1), ...cases(10), ...cases(50), ...engines],
};

export default suite;
