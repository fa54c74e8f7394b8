import { join, relative } from "node:path";
import { Command, Option } from "commander";
import { hasErrors, usePercent } from "../../catalog/index.js";
import {
  canonicalJsonPieces,
  manifestFiles,
  planEstate,
  pulumiFiles,
  writeCdktf,
  writeTree,
  type NodePlan,
  type Plan,
} from "../../stacks/index.js";
import {
  checkOutsideCatalog,
  checkReplaceable,
  checkWritable,
  ExitCode,
  interactive,
  loadOrExit,
  out,
  printDiagnostics,
  replaceTreeAtomic,
  table,
  UsageError,
  withCatalogOptions,
  type CatalogOptions,
} from "../cli.js";

type EngineChoice = "cdktf" | "pulumi" | "manifests" | "all";

interface PlanOptions extends CatalogOptions {
  engine: EngineChoice;
  out: string;
  node?: string;
}

/** A file in every plan output folder: replacing a folder without it would destroy someone's work. */
const MARKER = ".govcloud-plan";

const pct = (used: number, cap: number) => usePercent(used, cap);
const num = (n: number) => (Number.isInteger(n) ? n : +n.toFixed(1));

/** The summary; with `node` (plan --node), the lines about that node only, none about the whole estate. */
export function planSummary(plan: Plan, node?: string): string {
  const rows = plan.nodes.map((n: NodePlan) => {
    const t = n.totals;
    return [
      n.node,
      n.tier,
      t.namespaces,
      t.objects,
      `${num(t.requested.vcpu)}/${t.capacity.vcpu}`,
      pct(t.requested.vcpu, t.capacity.vcpu),
      `${num(t.requested.memoryGiB)}/${t.capacity.memoryGiB}`,
      pct(t.requested.memoryGiB, t.capacity.memoryGiB),
      `${num(t.requested.storageGiB / 1024)}/${num(t.capacity.storageGiB / 1024)}`,
      pct(t.requested.storageGiB, t.capacity.storageGiB),
      t.requested.loadBalancers,
    ];
  });
  const sum = (f: (n: NodePlan) => number) => plan.nodes.reduce((a, n) => a + f(n), 0);
  return [
    node !== undefined
      ? `plan of cloud node ${node} (estate ${plan.estate}): ${sum((n) => n.totals.namespaces)} namespaces, ${sum((n) => n.totals.objects)} objects`
      : `plan of estate ${plan.estate}: ${plan.nodes.length} cloud node${plan.nodes.length === 1 ? "" : "s"}, ${sum((n) => n.totals.namespaces)} namespaces, ${sum((n) => n.totals.objects)} objects`,
    "",
    table(
      ["node", "tier", "namespaces", "objects", "vCPU", "used", "memory GiB", "used", "storage TiB", "used", "LBs"],
      rows,
    ),
    // The address plan and the backbone are the estate's, whichever node was asked for.
    ...(plan.network && node === undefined ? ["", networkLine(plan.network)] : []),
  ].join("\n");
}

/** The network section of the summary (stacks/network): address plan, exits, backbone. */
function networkLine(n: NonNullable<Plan["network"]>): string {
  const count = (x: number) => x.toLocaleString("en-US");
  return [
    `network: ${count(n.nodes)} divisions x ${n.planes.length} plane${n.planes.length === 1 ? "" : "s"} (${n.planes.join(", ")}) x 2 families = ${count(n.prefixes)} prefixes; ${n.cloudNodes} cloud node${n.cloudNodes === 1 ? "" : "s"} with zone ranges and a unified exit`,
    `backbone: ${n.links} links, ${n.linksBelowTarget} below target; ${count(n.unconnected)} divisions unconnected, ${count(n.ipv6Missing)} without IPv6 on every plane (govcloud ipam for details)`,
  ].join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("plan")
      .description(
        "plan every cloud node's Kubernetes objects and write them as cdktf stacks, Pulumi programs and manifests",
      )
      .addOption(
        new Option("--engine <engine>", "what to write")
          .choices(["cdktf", "pulumi", "manifests", "all"])
          .default("all"),
      )
      .addOption(new Option("--out <dir>", "output folder, replaced atomically").default("./out"))
      .addOption(new Option("--node <id>", "plan only this cloud node")),
  ).action(async (opts: PlanOptions) => {
    // An output that cannot be written fails before any work is done.
    checkOutsideCatalog("--out", opts.out, opts.catalog);
    checkReplaceable(opts.out, MARKER, "govcloud plan");
    await checkWritable("--out", opts.out);
    const { estate, diagnostics: loadDiagnostics } = await loadOrExit(opts);
    if (opts.node !== undefined && !estate.index.cloud.has(opts.node)) {
      throw new UsageError(
        `--node ${opts.node}: no such cloud node; the estate has ${[...estate.index.cloud.keys()].join(", ")}`,
      );
    }
    // The platform stack's inputs need dashboards/ (the Grafana SDK): built by npm run build, read here.
    const { loadPlatformInputs } = await import("../platform-inputs.js");
    const plan = planEstate(estate, {
      ...(opts.node !== undefined ? { node: opts.node } : {}),
      platform: await loadPlatformInputs(),
    });
    const diagnostics = [...loadDiagnostics, ...plan.diagnostics];
    printDiagnostics(diagnostics);
    if (hasErrors(diagnostics)) {
      process.exitCode = ExitCode.invalid;
      return;
    }
    const want = (e: Exclude<EngineChoice, "all">) => opts.engine === "all" || opts.engine === e;
    const steps =
      plan.nodes.length * ((want("cdktf") ? 1 : 0) + (want("pulumi") ? 1 : 0) + (want("manifests") ? 1 : 0));
    // cli-progress is loaded only when a bar is shown (a terminal), not at every start of the CLI.
    const cliProgress = interactive() ? (await import("cli-progress")).default : undefined;
    const bar = cliProgress
      ? new cliProgress.SingleBar(
          {
            format: "planning {bar} {value}/{total}  {step}",
            clearOnComplete: true,
            hideCursor: true,
            stream: process.stderr,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(steps, 0, { step: "" });
    const tick = (step: string) => bar?.increment(1, { step });
    const written: string[] = [];
    try {
      await replaceTreeAtomic(opts.out, async (tmp) => {
        // One file at a time, each written as it is rendered, in pieces: no output is ever whole in memory.
        writeTree(tmp, [
          [MARKER, "Written by govcloud plan; the whole folder is replaced by the next run.\n"],
          ["plan.json", canonicalJsonPieces(plan)],
        ]);
        const perNode = (engine: string) => {
          let last: string | undefined;
          return (rel: string) => {
            const node = rel.split("/")[1];
            if (node !== last) tick(`${engine} ${node}`);
            last = node;
          };
        };
        if (want("manifests")) {
          writeTree(tmp, manifestFiles(plan), perNode("manifests"));
          written.push(`manifests/<node>/            kubectl apply -k, or an Argo CD / Flux application per node`);
        }
        if (want("pulumi")) {
          writeTree(tmp, pulumiFiles(plan), perNode("pulumi"));
          written.push(`pulumi/<node>/               a Pulumi program per node: npm install && pulumi up`);
        }
        if (want("cdktf")) {
          writeCdktf(plan, join(tmp, "cdktf.out"), (node) => tick(`cdktf ${node}`));
          written.push(`cdktf.out/stacks/<node>/     terraform (or tofu) init && apply in each stack folder`);
        }
      });
    } finally {
      bar?.stop();
    }
    out(planSummary(plan, opts.node));
    out("");
    const where = relative(process.cwd(), opts.out) || ".";
    out(
      `wrote ${where}/ (${plan.nodes.length === 1 ? `cloud node ${plan.nodes[0]!.node}` : `${plan.nodes.length} cloud nodes`}):`,
    );
    for (const w of [`plan.json                    the Plan, canonical JSON`, ...written]) out(`  ${where}/${w}`);
  });
}
