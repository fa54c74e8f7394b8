import { Command, Option } from "commander";
import type { EstateSummary } from "../../catalog/index.js";
import { rules } from "../../policies/index.js";
import { validateCatalog } from "../../stacks/index.js";
import { ExitCode, err, out, printDiagnostics, table, todayOf, withCatalogOptions, type CatalogOptions } from "../cli.js";

const pct = (used: number, cap: number) => (cap > 0 ? `${Math.round((used / cap) * 100)}%` : "-");

export function summaryText(s: EstateSummary): string {
  const rows = s.usage.map((u) => [
    u.cloud,
    u.tier,
    u.systems,
    u.requested.vcpu,
    u.capacity.vcpu,
    pct(u.requested.vcpu, u.capacity.vcpu),
    u.requested.memoryGiB,
    u.capacity.memoryGiB,
    pct(u.requested.memoryGiB, u.capacity.memoryGiB),
  ]);
  return [
    `estate ${s.estate}: ${s.clouds} cloud nodes (${s.sites} sites), ${s.departments} departments, ${s.systems} systems, ${s.offerings} offerings, ${s.exceptions} exceptions`,
    "",
    table(["cloud", "tier", "systems", "vCPU", "of", "used", "memory GiB", "of", "used"], rows),
  ].join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("validate")
      .description("check the catalog against its schemas and cross-references; print a summary")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option("--changed <files...>", "catalog-relative paths this change adds or modifies (an expired exception among them is an error)"),
  ).action(async (opts: CatalogOptions & { format: "text" | "json"; changed?: string[] }) => {
    const result = await validateCatalog(opts.catalog, { estate: opts.estate, changed: opts.changed ?? [], today: todayOf(opts), ruleIds: rules.map((r) => r.id) });
    const summary = result.summary;
    if (opts.format === "json") {
      out(JSON.stringify({ valid: Boolean(result.estate), diagnostics: result.diagnostics, ...(summary ? { summary } : {}) }, null, 2));
    } else {
      printDiagnostics(result.diagnostics);
      if (summary) out(summaryText(summary));
      else err(`catalog ${opts.catalog} is not valid`);
    }
    process.exitCode = result.estate ? ExitCode.ok : ExitCode.invalid;
  });
}
