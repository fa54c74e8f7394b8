import { Command } from "commander";
import { assembleEstate, generateCatalog, readCatalog, type Area } from "../../catalog/index.js";
import { drPlan, ledgerPath, ledgerYaml } from "../../stacks/dr/index.js";
import {
  checkOutsideCatalog,
  checkReplaceable,
  ExitCode,
  out,
  printDiagnostics,
  todayOf,
  UsageError,
  withCatalogOptions,
  writeTreeAtomic,
  type CatalogOptions,
} from "../cli.js";

/** Written at the root of every generated catalog, so that a later run may replace the folder. */
const MARKER = ".govcloud-generated";

const positiveInt = (name: string) => (v: string) => {
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`${name} ${v}: expected a whole number >= 1`);
  return Number(v);
};

/**
 * The target may be new, an empty folder, or a catalog this command generated before (replaced as a
 * whole). Anything else (a file, a folder with other content, the source catalog) is refused untouched.
 */
function checkTarget(target: string, catalog: string): void {
  checkOutsideCatalog("--out", target, catalog);
  checkReplaceable(target, MARKER, "govcloud estate generate");
}

export function register(program: Command): void {
  const estate = program.command("estate").description("work with whole estates");
  withCatalogOptions(
    estate
      .command("generate")
      .description(
        "write a deterministic synthetic catalog with N times the estate's requests (for benchmarks and tests)",
      )
      .requiredOption("--scale <n>", "how many times the requests", positiveInt("--scale"))
      .requiredOption(
        "--out <dir>",
        "new or empty folder, or one generated before, to write the catalog to (replaced atomically)",
      )
      .option("--seed <n>", "random seed", positiveInt("--seed"), 1),
  ).action(async (opts: CatalogOptions & { scale: number; out: string; seed: number }) => {
    const day = todayOf(opts);
    checkTarget(opts.out, opts.catalog);
    const read = await readCatalog(opts.catalog, opts.estate);
    const result = read.files.length
      ? assembleEstate(read.root, read.files, { estate: opts.estate, today: day })
      : { diagnostics: [] };
    if (!("estate" in result) || !result.estate || read.diagnostics.length) {
      printDiagnostics([...read.diagnostics, ...result.diagnostics]);
      process.exitCode = ExitCode.invalid;
      return;
    }
    const files = generateCatalog(result.estate, read.files, { scale: opts.scale, seed: opts.seed });
    recordDrPlacements(read.root, files, opts.estate, day);
    files.set(
      MARKER,
      `${JSON.stringify({ generator: "govcloud estate generate", estate: opts.estate, scale: opts.scale, seed: opts.seed })}\n`,
    );
    try {
      await writeTreeAtomic(opts.out, files);
    } catch (e) {
      if (e instanceof UsageError) throw e; // the user's environment (permissions, read-only, not a folder), named already
      throw new UsageError(
        `cannot write ${opts.out}: ${(e as Error).message}; nothing was changed there`,
        ExitCode.internal,
      );
    }
    const requests = [...files.keys()].filter((f) => f.startsWith("requests/")).length;
    out(`wrote ${opts.out}: estate ${opts.estate} x${opts.scale} (seed ${opts.seed}), ${requests} request files`);
  });
}

const AREAS: Readonly<Record<string, Area>> = {
  estates: "estate",
  offerings: "offerings",
  requests: "requests",
  exceptions: "exceptions",
};

/**
 * Records every system's DR placement in the generated estate's DR ledger, as `govcloud dr
 * --write-ledger` does for a committed estate: the copies would otherwise all be unrecorded, which no
 * real estate is (and a pull request against it would report every one of them).
 */
function recordDrPlacements(
  root: string,
  files: Map<string, string | Uint8Array>,
  estateName: string,
  day: string,
): void {
  const encoder = new TextEncoder();
  const catalogFiles = [...files].flatMap(([path, content]) => {
    const area = AREAS[path.split("/")[0]!];
    return area ? [{ path, area, bytes: typeof content === "string" ? encoder.encode(content) : content }] : [];
  });
  const generated = assembleEstate(root, catalogFiles, { estate: estateName, today: day });
  if (!generated.estate) return;
  const plan = drPlan(generated.estate);
  files.set(ledgerPath(generated.estate), ledgerYaml(generated.estate.name, plan.pairing.ledger));
}
