/**
 * The whole-process floor of `govcloud plan`: one process that starts, loads the catalog, plans,
 * serialises the Plan once (JSON.stringify) and writes the same number of bytes to the same files
 * `govcloud plan --engine all` writes (their paths and sizes are listed in <files.json>, taken from a
 * real plan output before the timed run), into a temporary folder renamed into place at the end. No
 * engine could do less: every output is at least one serialisation of the Plan, written.
 *
 *     node dist/bench/floor.js <catalog> <files.json> <outdir>
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadCatalog } from "../catalog/index.js";
import { planEstate } from "../stacks/index.js";

const [catalog, list, outdir] = process.argv.slice(2);
if (!catalog || !list || !outdir) throw new Error("usage: floor.js <catalog> <files.json> <outdir>");
const files = JSON.parse(readFileSync(list, "utf8")) as [path: string, bytes: number][];
const loaded = await loadCatalog(catalog);
if (!loaded.estate) throw new Error(`catalog ${catalog} does not load`);
const plan = planEstate(loaded.estate);
const bytes = Buffer.from(JSON.stringify(plan), "utf8");
const tmp = `${outdir}.tmp-${process.pid}`;
rmSync(tmp, { recursive: true, force: true });
let at = 0;
for (const [rel, size] of files) {
  const path = join(tmp, rel);
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  for (let left = size; left > 0;) {
    if (at === bytes.length) at = 0;
    const n = writeSync(fd, bytes, at, Math.min(left, bytes.length - at));
    at += n;
    left -= n;
  }
  closeSync(fd);
}
rmSync(outdir, { recursive: true, force: true });
renameSync(tmp, outdir);
