/** The catalog module: load a catalog folder into a validated Estate, or explain what is wrong. */
import { assembleEstate, type LoadResult } from "./assemble.js";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { diagnostic, sortDiagnostics } from "./diagnostics.js";
import { readCatalog } from "./reader.js";
import { parseCache } from "./cache.js";
import { cachedParseFile } from "./source.js";
import { today } from "./dates.js";

export type { CatalogFile, LoadResult } from "./assemble.js";
export { assembleEstate } from "./assemble.js";
export { readCatalog } from "./reader.js";
export { DEFAULT_CACHE_DIR, readResult, writeResult } from "./cache.js";
export { parseYaml, MAX_FILE_BYTES, type ParsedDocument, type ParsedFile } from "./source.js";
export * from "./model.js";
export * from "./diagnostics.js";
export * from "./quota.js";
export { KINDS, OBJECT_SCHEMAS, createAjv, type Area } from "./kinds.js";
export { today, dateProblem, daysBetween } from "./dates.js";
export {
  MIGRATION_PHASES,
  MIGRATION_LINE,
  phaseAtLeast,
  runsOnCloud,
  neverOnCloud,
  migrationSettled,
  rateClass,
  migrationEvidenceProblems,
  type MigrationRecord,
  type MigrationPhase,
  type EvidenceProblem,
} from "./migration.js";

export const DEFAULT_ESTATE = "shanxi";

export interface LoadOptions {
  /** Estate name under estates/ (default shanxi). */
  readonly estate?: string;
  /** Today's date, YYYY-MM-DD (default: the GOVCLOUD_TODAY variable or the system date). */
  readonly today?: string;
  /** Paths (relative to the catalog root) the current change adds or modifies. */
  readonly changed?: readonly string[];
  /**
   * A folder to keep parsed files in between runs (catalog/cache.ts), keyed by their hashes; the CLI
   * passes `.govcloud-cache`. Without it every file is parsed.
   */
  readonly cacheDir?: string;
  /** The policy rules' ids: an exception naming another rule is an error (see AssembleOptions). */
  readonly ruleIds?: readonly string[];
}

/** Reads and validates a catalog folder. Never throws on bad input: problems come back as diagnostics. */
export async function loadCatalog(catalogDir: string, options: LoadOptions = {}): Promise<LoadResult> {
  const estate = options.estate ?? DEFAULT_ESTATE;
  const cache = options.cacheDir !== undefined ? parseCache(options.cacheDir, resolve(catalogDir)) : undefined;
  // The files a change names are always read and hashed, whatever their metadata says.
  const named = new Set(options.changed ?? []);
  const read = await readCatalog(
    catalogDir,
    estate,
    cache ? { known: (path, st) => (named.has(path) ? undefined : cache.known(path, st)) } : {},
  );
  if (read.files.length === 0) return { diagnostics: sortDiagnostics(read.diagnostics) };
  const result = assembleEstate(read.root, read.files, {
    estate,
    today: options.today ?? today(),
    changed: options.changed ?? [],
    ...(options.ruleIds ? { ruleIds: options.ruleIds } : {}),
    ...(cache ? { parse: cachedParseFile(cache) } : {}),
  });
  cache?.save();
  // A changed path that is not a document of the catalog is said, not ignored: a typo would
  // otherwise judge nothing and pass.
  const read_ = new Set(read.files.map((f) => f.path));
  const unknownChanged = (options.changed ?? [])
    .filter((p) => !read_.has(p))
    .map((p) =>
      diagnostic(
        { file: p, line: 1, column: 1 },
        "changed-not-found",
        existsSync(join(read.root, p))
          ? `named as changed, but not a catalog document of estate ${estate}`
          : "named as changed, but there is no such file in the catalog",
        "check the path (relative to the catalog folder, e.g. requests/<department>/<system>.yaml); a deleted file needs no --changed",
        "warning",
      ),
    );
  const diagnostics = sortDiagnostics([...read.diagnostics, ...result.diagnostics, ...unknownChanged]);
  const failed = diagnostics.some((d) => d.severity === "error");
  return failed ? { diagnostics } : { estate: result.estate!, diagnostics };
}
export {
  summarize,
  cloudUsage,
  seedDemands,
  usePercent,
  type EstateSummary,
  type CloudUsage,
  type SeedDemands,
} from "./summary.js";
export { generateCatalog, prng, type GenerateOptions } from "./generate.js";
