/**
 * Policy evaluation: `govcloud check --changed` of one request on the 10x estate as a pull request runs
 * it (budget: 1 s, flat in the estate's size: 1x, 10x, 50x), the whole-estate check beside it (3 s), and the engine's in-process cost on the same input.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadCatalog, type Estate } from "../../catalog/index.js";
import {
  evaluate,
  judgeContext,
  ObjectJudge,
  rules,
  touchedSystems,
  type JudgeContext,
  type ObjectInput,
} from "../../policies/index.js";
import { planEstate } from "../../stacks/index.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";

/** The first request file of a catalog (catalog-relative), a stand-in for the one a PR changes. */
function oneRequest(catalog: string): string {
  const dept = readdirSync(join(catalog, "requests")).sort()[0]!;
  const file = readdirSync(join(catalog, "requests", dept)).sort()[0]!;
  return `requests/${dept}/${file}`;
}

/** The built CLI as a measured process; exit 1 (blocking findings) is a normal outcome of a check. */
const check = (ctx: BenchContext, args: readonly string[], note: string) => ({
  argv: [process.execPath, join(ctx.root, "dist/bin/govcloud.js"), ...args],
  cwd: ctx.root,
  env: { GOVCLOUD_TODAY: TODAY },
  exitCodes: [0, 1],
  note,
});

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
      const objects: ObjectInput[] = planEstate(estate).nodes.flatMap((n) =>
        n.objects.map((object) => ({ object, node: n.node })),
      );
      // What a caller that judges again and again (the baseline operator) builds once: the context and the judge.
      return { estate, objects, context: judgeContext({ today: TODAY, estate }), judge: new ObjectJudge(rules) };
    },
    run: (_ctx, prepared) => {
      const { estate, objects, context, judge } = prepared as {
        estate: Estate;
        objects: ObjectInput[];
        context: JudgeContext;
        judge: ObjectJudge;
      };
      let findings = 0;
      let checks = 0;
      for (let i = 0; i < PASSES; i++) {
        const r = evaluate({ rules, estate, objects, today: TODAY, targets: new Set(["object"]), context, judge });
        findings = r.findings.length;
        checks += r.stats.checks;
      }
      const objectRules = rules.filter((r) => r.target === "object").length;
      return {
        units: objects.length * PASSES,
        unit: "objects",
        note: `${objects.length} objects x ${PASSES} passes, ${objectRules} object rules, ${checks / PASSES} checks and ${findings} findings a pass`,
      };
    },
  },
  ...([1, 10, 50] as const).map((scale): BenchCase => ({
    name: `govcloud check --changed <one request> ${scale}x`,
    group: "check --changed",
    target: { seconds: scale === 50 ? 1.2 : 1 },
    command: (ctx) => {
      const catalog = ctx.catalog(scale);
      const file = oneRequest(catalog);
      return check(
        ctx,
        [
          "check",
          "--catalog",
          catalog,
          "--changed",
          file,
          "--format",
          "markdown",
          "--output",
          join(ctx.work, "comment.md"),
        ],
        `${file}; exit 0 or 1`,
      );
    },
  })),
  {
    name: "govcloud check (whole estate) 10x",
    group: "check 10x",
    target: { seconds: 3 },
    command: (ctx) =>
      check(
        ctx,
        ["check", "--catalog", ctx.catalog(10), "--format", "json", "--output", join(ctx.work, "check.json")],
        "exit 0 or 1",
      ),
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
      return {
        units: r.stats.checks,
        unit: "checks",
        note: `${r.stats.requests} systems, ${r.findings.length} findings`,
      };
    },
  },
];

const suite: BenchSuite = { id: "policies", title: "policy evaluation and govcloud check", cases };
export default suite;
