import { join } from "node:path";
import { Command, Option } from "commander";
import { formatDiagnostic, systemKey } from "../../catalog/index.js";
import {
  allDrills,
  drill,
  drillIndex,
  drPlan,
  formatMinutes,
  ledgerPath,
  ledgerYaml,
  levelSixNote,
  type Drill,
  type Pair,
  type Pairing,
  type Placement,
} from "../../stacks/dr/index.js";
import {
  ExitCode,
  err,
  loadOrExit,
  out,
  table,
  UsageError,
  withCatalogOptions,
  writeFileAtomic,
  type CatalogOptions,
} from "../cli.js";

interface DrOptions extends CatalogOptions {
  format: "table" | "json";
  fail?: string;
  failSite?: string;
  writeLedger?: boolean;
}

const where = (p: Placement | undefined) => (p ? { node: p.node, site: p.site } : null);
const at = (p: Placement | undefined) => (p ? `${p.node}/${p.site}` : "-");
/** The partner of a pair: the other active side (level 6), the warm standby (3-5), or the backup store (1-2). */
const partnerOf = (p: Pair) =>
  p.mode === "active-active" ? p.active : p.mode === "active-standby" ? p.standby : p.backup;

export function drJson(pairing: Pairing, drills: readonly Drill[]) {
  return {
    pairs: pairing.pairs.map((p) => ({
      system: p.system,
      level: p.level,
      mode: p.mode,
      primary: where(p.primary),
      partner: where(partnerOf(p)),
      standby: where(p.standby),
      backup: where(p.backup),
      rpo: p.rpo,
      rto: p.rto,
      vcpu: p.load.vcpu,
      memoryGiB: p.load.memoryGiB,
      storageGiB: p.storageGiB,
      recorded: p.recorded,
    })),
    sites: pairing.sites,
    issues: pairing.issues,
    drills,
  };
}

/** A share of a capacity, to one decimal: 435.2, not 435.20000000000005 (binary floating point). */
const dec = (n: number) => +n.toFixed(1);
const failName = (d: Drill) =>
  d.fail.site !== undefined ? `site ${d.fail.site} (${d.fail.node})` : `node ${d.fail.node}`;
/** A storage shortfall, when there is one: ", 3 TiB storage". */
const storageText = (s: { readonly storageGiB: number }) =>
  s.storageGiB > 0 ? `, ${dec(s.storageGiB / 1024)} TiB storage` : "";
const shortText = (d: Drill) =>
  Object.entries(d.shortfall)
    .map(([node, s]) => `${node} short by ${dec(s.vcpu)} vCPU, ${dec(s.memoryGiB)} GiB${storageText(s)}`)
    .join("; ");

/**
 * `level6`: what each level 6 system's claim amounts to (same-city active-active, and whether the remote
 * centre loses no data), keyed by `<department>/<system>`.
 */
export function drText(
  pairing: Pairing,
  drills: readonly Drill[],
  detailed: boolean,
  level6: ReadonlyMap<string, string> = new Map(),
): string {
  const lines: string[] = [];
  lines.push(
    table(
      ["system", "level", "mode", "primary", "partner", "standby", "backup", "RPO", "RTO", "vCPU", "GiB"],
      pairing.pairs.map((p) => [
        p.system,
        p.level,
        p.mode,
        at(p.primary),
        at(partnerOf(p)),
        at(p.standby),
        at(p.backup),
        formatMinutes(p.rpo),
        formatMinutes(p.rto),
        p.load.vcpu,
        p.load.memoryGiB,
      ]),
    ),
  );
  const sixes = pairing.pairs.filter((p) => p.level === 6 && level6.has(p.system));
  if (sixes.length) lines.push("", ...sixes.map((p) => `level 6 ${p.system}: ${level6.get(p.system)}`));
  lines.push(
    "",
    table(
      [
        "site",
        "node",
        "capacity vCPU",
        "committed",
        "reserved",
        "free",
        "capacity GiB",
        "committed",
        "reserved",
        "free",
        "worst failure",
      ],
      pairing.sites.map((s) => [
        s.site,
        s.node,
        ...[
          s.capacity.vcpu,
          s.committed.vcpu,
          s.reserved.vcpu,
          s.free.vcpu,
          s.capacity.memoryGiB,
          s.committed.memoryGiB,
          s.reserved.memoryGiB,
          s.free.memoryGiB,
        ].map(dec),
        s.worstFailure ?? "-",
      ]),
    ),
  );
  lines.push(
    "",
    table(
      ["drill", "result", "moved", "lost", "shortfall"],
      drills.map((d) => [failName(d), d.ok ? "ok" : "FAILED", d.moved.length, d.lost.length, shortText(d) || "-"]),
    ),
  );
  if (detailed) {
    for (const d of drills) {
      lines.push("", `fail ${failName(d)}: ${d.ok ? "ok" : "FAILED"}`);
      if (d.moved.length)
        lines.push(
          table(
            ["system", "level", "how", "from", "to", "vCPU", "GiB"],
            d.moved.map((m) => [
              m.system,
              m.level,
              m.how,
              m.from,
              `${m.toNode}/${m.to}`,
              dec(m.vcpu),
              dec(m.memoryGiB),
            ]),
          ),
        );
      for (const l of d.lost) lines.push(`lost ${l.system} (level ${l.level}): ${l.reason}`);
      for (const [node, s] of Object.entries(d.shortfall)) {
        for (const [site, x] of Object.entries(s.sites))
          lines.push(`short ${node}/${site}: ${dec(x.vcpu)} vCPU, ${dec(x.memoryGiB)} GiB${storageText(x)}`);
      }
    }
  }
  const failed = drills.filter((d) => !d.ok).length;
  lines.push(
    "",
    `${pairing.pairs.length} systems paired, ${pairing.issues.length} placement problem${pairing.issues.length === 1 ? "" : "s"}; ${drills.length - failed} of ${drills.length} drills pass`,
  );
  return lines.join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("dr")
      .description(
        "disaster-recovery pairs (灾备) and failure drills: where every system's partner runs and what a node or site failure does",
      )
      .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
      .addOption(new Option("--fail <node>", "simulate the failure of one cloud node").conflicts("failSite"))
      .addOption(new Option("--fail-site <site>", "simulate the failure of one site"))
      .option("--write-ledger", "record the placements in the estate's DR ledger (dr-ledger.yaml), atomically"),
  ).action(async (opts: DrOptions) => {
    const { estate } = await loadOrExit(opts);
    const plan = drPlan(estate);
    const index = drillIndex(plan.pairing);
    let drills: Drill[];
    if (opts.fail !== undefined) {
      if (!estate.index.cloud.has(opts.fail))
        throw new UsageError(
          `--fail ${opts.fail}: no such cloud node; use one of: ${[...estate.index.cloud.keys()].join(", ")}`,
        );
      drills = [drill(index, { node: opts.fail })];
    } else if (opts.failSite !== undefined) {
      if (!estate.index.siteCloud.has(opts.failSite))
        throw new UsageError(
          `--fail-site ${opts.failSite}: no such site; use one of: ${[...estate.index.siteCloud.keys()].sort().join(", ")}`,
        );
      drills = [drill(index, { site: opts.failSite })];
    } else {
      drills = allDrills(plan.pairing);
    }
    for (const d of plan.diagnostics) err(formatDiagnostic(d));
    if (opts.format === "json") out(JSON.stringify(drJson(plan.pairing, drills), null, 2));
    else {
      const level6 = new Map(
        estate.requests
          .filter((r) => r.doc.spec.dr.level === 6)
          .map((r) => [systemKey(r.doc), levelSixNote(r.doc)] as const),
      );
      out(drText(plan.pairing, drills, opts.fail !== undefined || opts.failSite !== undefined, level6));
    }
    if (opts.writeLedger) {
      const rel = ledgerPath(estate);
      await writeFileAtomic(join(estate.root, rel), ledgerYaml(estate.name, plan.pairing.ledger), "--write-ledger");
      const count = (c: string) => plan.pairing.changes.filter((x) => x.change === c).length;
      err(
        `wrote ${rel}: ${plan.pairing.ledger.length} pairs (${count("added")} added, ${count("replaced")} replaced, ${count("removed") + count("duplicate")} removed)`,
      );
    }
    const failing =
      drills.some((d) => !d.ok) ||
      plan.pairing.issues.length > 0 ||
      plan.diagnostics.some((d) => d.severity === "error");
    process.exitCode = failing ? ExitCode.findings : ExitCode.ok;
  });
}
