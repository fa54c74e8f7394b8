/**
 * Policy evaluation: `govcloud check --changed` of one request on the 10x estate as a pull request runs
 * it (budget: 2 s), the whole-estate check beside it, and the engine's in-process cost on the same input.
 */
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import { evaluate, judgeContext, ObjectJudge, rules, touchedSystems, type JudgeContext, type ObjectInput } from "../../policies/index.js";
import { planEstate } from "../../stacks/index.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";

/** The first request file of a catalog (catalog-relative), a stand-in for the one a PR changes. */
function oneRequest(catalog: string): string {
  const dept = readdirSync(join(catalog, "requests")).sort()[0]!;
  const file = readdirSync(join(catalog, "requests", dept)).sort()[0]!;
  return `requests/${dept}/${file}`;
}

/** Runs the built CLI; exit 1 (blocking findings) is a normal outcome of a check. */
function cli(ctx: BenchContext, args: readonly string[]): { note: string } {
  const r = spawnSync(process.execPath, [join(ctx.root, "dist/bin/govcloud.js"), ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "true", GOVCLOUD_TODAY: TODAY },
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 1) throw new Error(`govcloud ${args.join(" ")} exited with ${r.status}\n${r.stderr}`);
  return { note: `exit ${r.status}` };
}

async function estate10x(ctx: BenchContext): Promise<Estate> {
  const loaded = await loadCatalog(ctx.catalog(10), { today: TODAY });
  if (!loaded.estate) throw new Error("the 10x catalog does not validate");
  return loaded.estate;
}

/** Passes over the planned objects per timed run, so that a run lasts long enough to time well. */
const PASSES = 20;

const cases: BenchCase[] = [
  {
    name: "object rules over the 10x estate's planned objects",
    group: "throughput 10x",
    target: { perSecond: 50_000 },
    setup: async (ctx) => {
      const estate = await estate10x(ctx);
      const objects: ObjectInput[] = planEstate(estate).nodes.flatMap((n) => n.objects.map((object) => ({ object, node: n.node })));
      // What a caller that judges again and again (the baseline operator) builds once: the context and the judge.
      return { estate, objects, context: judgeContext({ today: TODAY, estate }), judge: new ObjectJudge(rules) };
    },
    run: (_ctx, prepared) => {
      const { estate, objects, context, judge } = prepared as { estate: Estate; objects: ObjectInput[]; context: JudgeContext; judge: ObjectJudge };
      let findings = 0;
      let checks = 0;
      for (let i = 0; i < PASSES; i++) {
        const r = evaluate({ rules, estate, objects, today: TODAY, targets: new Set(["object"]), context, judge });
        findings = r.findings.length;
        checks += r.stats.checks;
      }
      const objectRules = rules.filter((r) => r.target === "object").length;
      return { units: objects.length * PASSES, unit: "objects", note: `${objects.length} objects x ${PASSES} passes, ${objectRules} object rules, ${checks / PASSES} checks and ${findings} findings a pass` };
    },
  },
  {
    name: "govcloud check --changed <one request> 10x",
    group: "check 10x",
    target: { seconds: 2 },
    run: (ctx) => {
      const catalog = ctx.catalog(10);
      const file = oneRequest(catalog);
      const { note } = cli(ctx, ["check", "--catalog", catalog, "--changed", file, "--format", "markdown", "--output", join(ctx.work, "comment.md")]);
      return { units: 1, unit: "systems", note: `${file}, ${note} (process spawn to exit)` };
    },
  },
  {
    name: "govcloud check (whole estate) 10x",
    group: "check 10x",
    run: (ctx) => {
      const { note } = cli(ctx, ["check", "--catalog", ctx.catalog(10), "--format", "json", "--output", join(ctx.work, "check.json")]);
      return { note: `${note} (process spawn to exit)` };
    },
  },
  {
    name: "evaluate --changed scope 10x (in-process, catalog loaded)",
    group: "engine 10x",
    setup: (ctx) => estate10x(ctx),
    run: (ctx, prepared) => {
      const estate = prepared as Estate;
      const touched = touchedSystems(estate, [oneRequest(ctx.catalog(10))]);
      const r = evaluate({ rules, estate, today: TODAY, systems: new Set(touched.systems) });
      return { units: r.stats.checks, unit: "checks", note: `${r.findings.length} findings` };
    },
  },
  {
    name: "evaluate whole estate 10x (in-process, catalog loaded)",
    group: "engine 10x",
    setup: (ctx) => estate10x(ctx),
    run: (_ctx, prepared) => {
      const estate = prepared as Estate;
      const r = evaluate({ rules, estate, today: TODAY });
      return { units: r.stats.checks, unit: "checks", note: `${r.stats.requests} systems, ${r.findings.length} findings` };
    },
  },
];

const suite: BenchSuite = { id: "policies", title: "policy evaluation and govcloud check", cases };
export default suite;
