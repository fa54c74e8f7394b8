import { Command } from "commander";
import { assembleEstate, generateCatalog, readCatalog, today } from "../../catalog/index.js";
import { ExitCode, out, printDiagnostics, UsageError, withCatalogOptions, writeTreeAtomic, type CatalogOptions } from "../cli.js";

const positiveInt = (name: string) => (v: string) => {
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`${name} ${v}: expected a whole number >= 1`);
  return Number(v);
};

export function register(program: Command): void {
  const estate = program.command("estate").description("work with whole estates");
  withCatalogOptions(
    estate
      .command("generate")
      .description("write a deterministic synthetic catalog with N times the estate's requests (for benchmarks and tests)")
      .requiredOption("--scale <n>", "how many times the requests", positiveInt("--scale"))
      .requiredOption("--out <dir>", "folder to write the generated catalog to (replaced atomically)")
      .option("--seed <n>", "random seed", positiveInt("--seed"), 1),
  ).action(async (opts: CatalogOptions & { scale: number; out: string; seed: number }) => {
    const read = await readCatalog(opts.catalog, opts.estate);
    const result = read.files.length ? assembleEstate(read.root, read.files, { estate: opts.estate, today: opts.today ?? today() }) : { diagnostics: [] };
    if (!("estate" in result) || !result.estate || read.diagnostics.length) {
      printDiagnostics([...read.diagnostics, ...result.diagnostics]);
      process.exitCode = ExitCode.invalid;
      return;
    }
    const files = generateCatalog(result.estate, read.files, { scale: opts.scale, seed: opts.seed });
    await writeTreeAtomic(opts.out, files);
    const requests = [...files.keys()].filter((f) => f.startsWith("requests/")).length;
    out(`wrote ${opts.out}: estate ${opts.estate} x${opts.scale} (seed ${opts.seed}), ${requests} request files`);
  });
}
