/**
 * The estate exporter at 1x and 10x: rendering the page from the evaluated state (what a reload adds
 * after evaluation; target < 100 ms at 10x), serving scrapes of the rendered page over HTTP, and a whole
 * reload (load, plan, evaluate, render) as the worker thread does it. Series counts in the notes.
 */
import { checkEvaluation, estateFamilies, reloadEstate, seriesCount, startExporter, type Family } from "../../dashboards/index.js";
import { renderExposition } from "../../metrics/index.js";
import { loadCatalog } from "../../catalog/index.js";
import type { BenchCase, BenchContext, BenchSuite } from "../types.js";

const TODAY = "2026-11-23";
const SCRAPES = 50;

async function families(ctx: BenchContext, scale: 1 | 10): Promise<Family[]> {
  const r = await loadCatalog(ctx.catalog(scale), { today: TODAY });
  if (!r.estate) throw new Error(`the ${scale}x catalog does not validate`);
  return estateFamilies(r.estate, checkEvaluation(r.estate, TODAY), TODAY);
}

const cases = ([1, 10] as const).flatMap((scale): BenchCase[] => [
  {
    name: `render page ${scale}x`,
    group: `${scale}x`,
    ...(scale === 10 ? { target: { seconds: 0.1 } } : {}),
    setup: (ctx) => families(ctx, scale),
    run: (_ctx, prepared) => {
      const f = prepared as Family[];
      const text = renderExposition(f);
      return { units: seriesCount(f), unit: "series", note: `${(text.length / 1024).toFixed(0)} KiB` };
    },
  },
  {
    name: `${SCRAPES} scrapes over HTTP ${scale}x`,
    group: `${scale}x`,
    setup: async (ctx) => startExporter({ catalog: ctx.catalog(scale), estate: "shanxi", host: "127.0.0.1", port: 0, watch: false, today: () => TODAY }),
    run: async (_ctx, prepared) => {
      const exporter = prepared as Awaited<ReturnType<typeof startExporter>>;
      let bytes = 0;
      let slowest = 0;
      for (let i = 0; i < SCRAPES; i++) {
        const t = performance.now();
        bytes = (await (await fetch(`${exporter.url}/metrics`, { headers: { "accept-encoding": "gzip" } })).arrayBuffer()).byteLength;
        slowest = Math.max(slowest, performance.now() - t);
      }
      await exporter.close();
      return { units: SCRAPES, unit: "scrapes", note: `slowest ${slowest.toFixed(1)} ms, ${(bytes / 1024).toFixed(0)} KiB page, asked gzipped` };
    },
  },
  {
    name: `reload (load, plan, evaluate, render) ${scale}x`,
    group: `${scale}x`,
    run: async (ctx) => {
      const r = await reloadEstate({ catalog: ctx.catalog(scale), estate: "shanxi", today: TODAY });
      if (!r.ok) throw new Error(r.diagnostics.join("\n"));
      return { units: r.systems, unit: "systems", note: `${r.series} series` };
    },
  },
]);

const suite: BenchSuite = { id: "exporter", title: "Estate exporter (govcloud exporter)", cases };
export default suite;
