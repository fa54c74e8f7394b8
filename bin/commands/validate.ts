import { Command, Option } from "commander";
import { usePercent, type EstateSummary } from "../../catalog/index.js";
import { rules } from "../../policies/index.js";
import { validateCatalog } from "../../stacks/index.js";
import {
  cacheOption,
  ExitCode,
  err,
  out,
  printDiagnostics,
  table,
  todayOf,
  withCatalogOptions,
  type CatalogOptions,
} from "../cli.js";

const pct = (used: number, cap: number) => usePercent(used, cap);

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
    "",
    ...seedDemandLines(s.seedDemands),
  ].join("\n");
}

const results = (r: Readonly<Record<string, number>>) =>
  Object.entries(r)
    .map(([k, n]) => `${n} ${k}`)
    .join(", ") || "none";

/** One line per demand of the seeds the catalog records. */
export function seedDemandLines(d: EstateSummary["seedDemands"]): string[] {
  const a = d.mlpsAssessed;
  const c = d.cryptoAssessed;
  const p = d.privateNetworks;
  return [
    `MLPS filing (备案, seed 001 三(五)14): ${d.mlpsFiled.filed} of ${d.mlpsFiled.of} level 2+ systems filed`,
    `MLPS testing (等级测评): ${a.assessed} of ${a.of} level 3 systems assessed (${results(a.results)})${a.oldest ? `, oldest ${a.oldest}` : ""}`,
    `commercial-crypto assessment (密评, seed 002 专栏13): ${c.assessed} of ${c.of} level 3 systems assessed (${results(c.results)})${c.oldest ? `, oldest ${c.oldest}` : ""}`,
    `private networks (业务专网, seed 002 四(二)): ${p.operating} operating, ${p.folding} folding, ${p.folded} folded into the extranet; ${p.builtSincePlan} built since 2023-12-28`,
    `data-sharing exchange platform (seed 003 二(四)): ${d.dataSharing.connected} of ${d.dataSharing.of} systems connected`,
    `big-data and AI offerings (seed 004): ${d.offerings.bigData} big-data, ${d.offerings.ai} AI`,
  ];
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("validate")
      .description("check the catalog against its schemas and cross-references; print a summary")
      .addOption(new Option("--format <format>", "output format").choices(["text", "json"]).default("text"))
      .option(
        "--changed <files...>",
        "catalog-relative paths this change adds or modifies (an expired exception among them is an error)",
      ),
  ).action(async (opts: CatalogOptions & { format: "text" | "json"; changed?: string[] }) => {
    const result = await validateCatalog(opts.catalog, {
      estate: opts.estate,
      changed: opts.changed ?? [],
      today: todayOf(opts),
      ruleIds: rules.map((r) => r.id),
      ...cacheOption(),
    });
    const summary = result.summary;
    if (opts.format === "json") {
      out(
        JSON.stringify(
          { valid: Boolean(result.estate), diagnostics: result.diagnostics, ...(summary ? { summary } : {}) },
          null,
          2,
        ),
      );
    } else {
      printDiagnostics(result.diagnostics);
      if (summary) out(summaryText(summary));
      else err(`catalog ${opts.catalog} is not valid`);
    }
    process.exitCode = result.estate ? ExitCode.ok : ExitCode.invalid;
  });
}
