import { join, relative } from "node:path";
import { Command, Option } from "commander";
import { hasErrors } from "../../catalog/index.js";
import {
  addressPlan,
  checkNetwork,
  ipamReport,
  isLevel,
  ledgerYaml,
  LEVELS,
  sameLedger,
  type IpamReport,
  type Level,
} from "../../stacks/network/index.js";
import {
  ExitCode,
  err,
  loadOrExit,
  out,
  printDiagnostics,
  table,
  UsageError,
  withCatalogOptions,
  writeFileAtomic,
  type CatalogOptions,
} from "../cli.js";

interface IpamOptions extends CatalogOptions {
  format: "table" | "json" | "csv";
  level?: string;
  code?: string;
  writeLedger?: boolean;
}

const csvCell = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const n = (x: number) => x.toLocaleString("en-US");

function overview(
  estateName: string,
  report: IpamReport,
  planes: readonly string[],
  lengths: Record<"ipv4" | "ipv6", Record<string, number>>,
  provinceLengths: string,
): string {
  const cov = report.coverage;
  const count = (l: Level) => cov[l].nodes;
  const total = LEVELS.reduce((s, l) => s + count(l), 0);
  const levels = table(
    [
      "level",
      "nodes",
      "IPv4",
      "IPv6",
      "slots per parent",
      "fullest parent",
      "connected",
      ...planes.map((p) => `IPv6 ${p}`),
    ],
    LEVELS.map((l) => {
      const cap = l === "province" ? undefined : report.capacity[l];
      return [
        l,
        count(l),
        l === "province" ? provinceLengths.split(" ")[0]! : `/${lengths.ipv4[l]}`,
        l === "province" ? provinceLengths.split(" ")[1]! : `/${lengths.ipv6[l]}`,
        cap ? cap.slots : "-",
        cap?.fullest ? `${cap.fullest} (${cap.maxUsed} used)` : "-",
        cov[l].connected,
        ...planes.map((p) => cov[l].ipv6[p] ?? 0),
      ];
    }),
  );
  const clouds = report.clouds.filter((c) => c.plane === planes[0]);
  const below = report.links.filter((l) => !l.meetsTarget || l.ipv6Planes.length < planes.length);
  const parts = [
    `address plan of estate ${estateName}: ${n(total)} nodes x ${planes.length} planes (${planes.join(", ")}) x 2 families = ${n(report.allocations.length)} prefixes`,
    "",
    levels,
  ];
  if (clouds.length) {
    parts.push(
      "",
      `cloud nodes (plane ${planes[0]}; every plane has the same layout):`,
      table(
        ["cloud", "division", "family", "block", "public", "dedicated", "internet-access", "exit", "reverse proxy"],
        clouds.map((c) => [
          c.cloud,
          c.division,
          c.family,
          c.block,
          c.zones.public ?? "-",
          c.zones.dedicated ?? "-",
          c.zones["internet-access"] ?? "-",
          c.gateway || "-",
          c.reverseProxy || "-",
        ]),
      ),
    );
  }
  parts.push(
    "",
    `backbone: ${report.links.length} links, ${report.links.filter((l) => !l.meetsTarget).length} below target, ${report.links.filter((l) => l.ipv6Planes.length < planes.length).length} without IPv6 on every plane`,
  );
  if (below.length) {
    parts.push(
      table(
        ["from", "to", "name", "Gbit/s", "target", "IPv6 planes"],
        below.map((l) => [l.from, l.to, l.toName, l.bandwidthGbps, l.targetGbps, l.ipv6Planes.join(", ") || "none"]),
      ),
    );
  }
  return parts.join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("ipam")
      .description(
        "show the address plan of the five levels (IPAM), the cloud nodes' zone ranges, the backbone and its coverage; --write-ledger records new allocations",
      )
      .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
      .addOption(new Option("--level <level>", "only nodes of this level").choices([...LEVELS]))
      .option("--code <code>", "only this division (or cloud node) and the nodes below it")
      .option(
        "--write-ledger",
        "allocate new nodes, release removed ones and write the estate's ipam-ledger.yaml (atomically)",
      ),
  ).action(async (opts: IpamOptions) => {
    const { estate, diagnostics: loadDiagnostics } = await loadOrExit(opts);
    if (opts.level !== undefined && !isLevel(opts.level))
      throw new UsageError(`--level ${opts.level}: use one of ${LEVELS.join(", ")}`);
    const plan = addressPlan(estate);
    if (
      opts.code !== undefined &&
      !plan.ipam.allocations.some((a) => a.code === opts.code) &&
      !plan.cloudIndex.has(opts.code)
    ) {
      throw new UsageError(
        `--code ${opts.code}: no division or cloud node has this code (a township has nine digits, a village twelve)`,
      );
    }

    if (opts.writeLedger) {
      const problems = [...loadDiagnostics, ...plan.diagnostics];
      printDiagnostics(problems);
      if (hasErrors(problems)) {
        err("the ledger was not written: fix the errors above first");
        process.exitCode = ExitCode.invalid;
        return;
      }
      const file = estate.ipamLedger
        ? join(estate.root, estate.ipamLedger.source.file)
        : join(estate.root, "estates", estate.name, "ipam-ledger.yaml");
      const names = new Map(plan.ipam.allocations.map((a) => [a.code, a.name]));
      const text = ledgerYaml(estate.name, plan.ipam.ledger, names);
      const { added, removed, reassigned } = plan.ipam.changes;
      if (estate.ipamLedger && sameLedger(estate.ipamLedger.doc.spec, plan.ipam.ledger)) {
        err(
          `${relative(process.cwd(), file) || file}: up to date (${n(plan.ipam.allocations.length)} divisions, ${n(plan.clouds.length)} cloud nodes)`,
        );
        return;
      }
      await writeFileAtomic(file, text, "--write-ledger");
      err(
        `wrote ${relative(process.cwd(), file) || file}: ${n(added.length)} allocated, ${n(removed.length)} released, ${n(reassigned.length)} reassigned; every other slot kept`,
      );
      return;
    }

    const diagnostics = [...loadDiagnostics, ...checkNetwork(estate)];
    const filter = { ...(opts.level ? { level: opts.level as Level } : {}), ...(opts.code ? { code: opts.code } : {}) };
    const report = ipamReport(estate, filter, plan);
    const planes = estate.network.doc.spec.planes.map((p) => p.name);
    if (opts.format === "json") {
      out(JSON.stringify(report, null, 2));
    } else if (opts.format === "csv") {
      const head = ["level", "code", "name", "parent", "plane", "family", "prefix"] as const;
      out([head.join(","), ...report.allocations.map((r) => head.map((k) => csvCell(r[k])).join(","))].join("\n"));
    } else if (opts.level === undefined && opts.code === undefined) {
      const spec = estate.network.doc.spec;
      const first = spec.planes[0]!;
      out(
        overview(
          estate.name,
          report,
          planes,
          spec.prefixLengths as unknown as Record<"ipv4" | "ipv6", Record<string, number>>,
          `/${first.ipv4.split("/")[1]} /${first.ipv6.split("/")[1]}`,
        ),
      );
    } else {
      const byNode = new Map<
        string,
        { level: string; code: string; name: string; parent: string; prefixes: string[] }
      >();
      for (const r of report.allocations) {
        const row = byNode.get(r.code) ?? {
          level: r.level,
          code: r.code,
          name: r.name,
          parent: r.parent,
          prefixes: [],
        };
        row.prefixes.push(r.prefix);
        byNode.set(r.code, row);
      }
      const heads = planes.flatMap((p) => [`${p} IPv4`, `${p} IPv6`]);
      out(
        table(
          ["level", "code", "name", "parent", ...heads],
          [...byNode.values()].map((r) => [r.level, r.code, r.name, r.parent, ...r.prefixes]),
        ),
      );
    }
    printDiagnostics(diagnostics);
    process.exitCode = hasErrors(diagnostics) ? ExitCode.invalid : ExitCode.ok;
  });
}
