import { existsSync, readFileSync } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { Command, Option } from "commander";
import { readResult, sortDiagnostics, writeResult, type Diagnostic, type Estate } from "../../catalog/index.js";
import { addressPlan, addressPlanData, addressPlanKey, restoreAddressPlan } from "../../stacks/network/index.js";
import {
  checkChange,
  FORMATS,
  formatReport,
  notJudgedText,
  parseObjects,
  type Format,
  type ObjectInput,
} from "../../policies/index.js";
import {
  cacheOption,
  checkOutsideCatalog,
  checkWritable,
  ExitCode,
  err,
  loadOrExit,
  out,
  printDiagnostics,
  printInvalid,
  todayOf,
  UsageError,
  withCatalogOptions,
  writeFileAtomic,
  type CatalogOptions,
} from "../cli.js";

interface CheckOptions extends CatalogOptions {
  format: Format;
  output?: string;
  changed?: string[];
  objects?: string[];
  showPassed?: boolean;
}

/**
 * Largest object file read by --objects: a rendered chart with many objects is large, but not this
 * large (each object is bounded too, by parseObjects).
 */
const MAX_OBJECT_FILE_BYTES = 16 * 1024 * 1024;
const OBJECT_FILE = /\.(ya?ml|json)$/i;

async function objectFiles(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new UsageError(`--objects ${path}: no such file or directory`);
  }
  if (info.isFile()) return [path];
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = join(dir, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.isFile() && OBJECT_FILE.test(entry.name)) found.push(p);
    }
  };
  await walk(path);
  return found;
}

async function readObjects(paths: readonly string[]): Promise<{ objects: ObjectInput[]; diagnostics: Diagnostic[] }> {
  const objects: ObjectInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    for (const file of await objectFiles(p)) {
      const name = relative(process.cwd(), file).split(sep).join("/") || file;
      const info = await stat(file);
      if (info.size > MAX_OBJECT_FILE_BYTES) {
        diagnostics.push({
          file: name,
          line: 1,
          column: 1,
          code: "file-too-large",
          severity: "error",
          message: `the file is ${info.size} bytes, more than ${MAX_OBJECT_FILE_BYTES}`,
          hint: "split the manifests into several files",
        });
        continue;
      }
      const parsed = parseObjects(name, await readFile(file, "utf8"));
      objects.push(...parsed.objects);
      diagnostics.push(...parsed.diagnostics);
    }
  }
  return { objects, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * The estate's address plan through the cache folder (catalog/cache.ts `readResult`): it depends on the
 * estate files alone (addressPlanKey), so a change of requests finds the plan the last check worked out
 * and only restores it; otherwise it is worked out and kept. Either way it is the plan every planner and
 * rule of this run reads (remembered for the estate).
 */
function cachedAddressPlan(estate: Estate): void {
  const { cacheDir } = cacheOption();
  if (cacheDir === undefined) return;
  const key = addressPlanKey(estate);
  if (restoreAddressPlan(estate, readResult(cacheDir, estate.root, "address-plan", key))) return;
  const data = addressPlanData(estate, addressPlan(estate));
  if (data) writeResult(cacheDir, estate.root, "address-plan", key, data);
}

/** A changed path as given (repository- or cwd-relative, or catalog-relative) to a catalog-relative one. */
export function catalogRelative(catalogDir: string, path: string): string | undefined {
  const root = resolve(catalogDir);
  const abs = resolve(path);
  const inside = relative(root, abs);
  if (!inside.startsWith("..") && !isAbsolute(inside) && inside !== "") return inside.split(sep).join("/");
  if (!isAbsolute(path) && existsSync(join(root, path))) return path.split(sep).join("/");
  if (!isAbsolute(path) && /^(requests|exceptions|offerings|estates)\//.test(path)) return path;
  return undefined;
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("check")
      .description(
        "judge the catalog, its planned objects or Kubernetes YAML against the policy rules (MLPS, 国密, data, network, DR, 信创, governance)",
      )
      .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("text"))
      .option("--output <file>", "write the report to this file (atomically) instead of standard output")
      .option(
        "--changed <files...>",
        "judge only the systems these changed catalog files touch, with the whole estate as context (for pull requests)",
      )
      .option(
        "--objects <paths...>",
        "judge Kubernetes YAML files or folders (multi-document) against the object rules, as `kyverno apply` does",
      )
      .option("--show-passed", "text format: list passed checks too"),
  ).action(async (opts: CheckOptions) => {
    const today = todayOf(opts);

    if (opts.output) {
      checkOutsideCatalog("--output", opts.output, opts.catalog);
      await checkWritable("--output", opts.output);
    }

    let objects: ObjectInput[] | undefined;
    if (opts.objects) {
      const read = await readObjects(opts.objects);
      const bad = read.diagnostics.filter((d) => d.severity === "error");
      if (bad.length > 0 && read.objects.length === 0) {
        printInvalid(read.diagnostics, opts.format);
        process.exitCode = ExitCode.invalid;
        return;
      }
      if (read.diagnostics.length > 0) printDiagnostics(read.diagnostics);
      if (bad.length > 0) {
        const where = [...new Set(bad.map((d) => `${d.file}:${d.line}`))];
        err(
          `govcloud check: skipped ${where.length} document${where.length === 1 ? "" : "s"} that could not be read (${where.join(", ")}); the other ${read.objects.length} object${read.objects.length === 1 ? " is" : "s are"} judged`,
        );
      }
      objects = read.objects;
    }

    // The catalog: required unless only objects are judged (then used as context when present).
    let estate: Estate | undefined;
    const changed = (opts.changed ?? []).map((p) => ({ given: p, rel: catalogRelative(opts.catalog, p) }));
    const inside = changed.flatMap((c) => (c.rel ? [c.rel] : []));
    if (!opts.objects || existsSync(opts.catalog)) estate = (await loadOrExit({ ...opts, today }, inside)).estate;
    if (estate) cachedAddressPlan(estate);

    const result = checkChange({
      today,
      ...(estate ? { estate } : {}),
      ...(opts.changed ? { changed: inside } : {}),
      ...(objects ? { objects } : {}),
      ...(opts.showPassed && opts.format === "text" ? { listPasses: true } : {}),
      drSection: opts.format === "markdown",
      toolVersion: (
        JSON.parse(readFileSync(new URL("../../../package.json", import.meta.url), "utf8")) as { version: string }
      ).version,
      catalogPath: estate ? relative(process.cwd(), estate.root).split(sep).join("/") || "." : "catalog",
    });
    const ignored = [...changed.filter((c) => !c.rel).map((c) => c.given), ...result.ignored];
    if (estate && opts.changed && ignored.length > 0)
      err(
        `govcloud check: not judged (not a catalog document of estate ${estate.name}, or deleted): ${ignored.join(", ")}`,
      );
    if (result.planDiagnostics.length > 0) {
      err("govcloud check: planning reported problems (see govcloud plan); the objects it could plan are judged:");
      printDiagnostics(result.planDiagnostics);
    }

    const color = opts.format === "text" && !opts.output && Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
    const text = formatReport(opts.format, result.evaluation.findings, result.report, {
      color,
      ...(opts.showPassed ? { showPassed: true } : {}),
    });
    if (opts.output) await writeFileAtomic(opts.output, text);
    else if (text !== "") out(text);
    const summary = result.summary;
    // SARIF and PolicyReport have no summary to say what was judged: say it on stderr.
    if (
      summary.objects &&
      (opts.format === "sarif" || opts.format === "policyreport") &&
      (summary.objects.judged === 0 || summary.objects.notJudged.length > 0)
    ) {
      const left =
        summary.objects.notJudged.length > 0
          ? `; not judged (no rule covers their kind): ${notJudgedText(summary.objects.notJudged)}`
          : "";
      err(
        `govcloud check: ${summary.objects.judged} of ${summary.objects.total} object${summary.objects.total === 1 ? "" : "s"} judged${left}`,
      );
    }
    if (opts.output)
      err(
        `govcloud check: ${summary.verdict === "fail" ? `FAIL, ${summary.blocking} blocking` : "PASS"}; report written to ${opts.output}`,
      );
    process.exitCode = summary.blocking > 0 ? ExitCode.findings : ExitCode.ok;
  });
}
