/**
 * The DR plan of an estate: its pairing with every problem as a Diagnostic at the line that
 * causes it (the request, the cloud node, the ledger entry), and the ledger document to record.
 * A placement problem is a warning here: the rest of the Plan stays valid to apply without the
 * missing standby; `govcloud dr` exits 1 on it and the policy rule DR-PAIR-001 judges it.
 */
import { createRequire } from "node:module";
import type * as YamlLib from "yaml";
import type { YAMLMap, YAMLSeq } from "yaml";
import { diagnostic, runsOnCloud, sortDiagnostics, type Diagnostic, type Estate } from "../../catalog/index.js";
import { checkObjectives } from "./levels.js";
import { pairSystems, type Issue, type Pairing } from "./pairing.js";
import { drInput, type DrInput, type LedgerEntry } from "./topology.js";

// `yaml` is required when first used, not at every start of the CLI (about 80 ms).
const yamlLib = (): typeof YamlLib => createRequire(import.meta.url)("yaml") as typeof YamlLib;

export interface DrPlan {
  readonly input: DrInput;
  readonly pairing: Pairing;
  readonly diagnostics: readonly Diagnostic[];
}

const HINTS: Record<Issue["constraint"], string> = {
  "primary-site": "name a site of the system's cloud node in spec.site, or leave it out",
  "active-same-city":
    "level 6 (双活) needs two sites in one city: run the system on a node with two sites in the same city (the provincial cloud), or lower dr.level to 5",
  "partner-city":
    "a standby needs a node in another city graded at the system's MLPS level and offering its services: add one, or lower dr.level to 2 (backups only)",
  "backup-city": "enable objectStorage on a site in another city",
  capacity: "add capacity to a node in another city, free some by moving systems, or lower dr.level",
  "site-capacity":
    "add capacity to the node (or raise the site's capacityShare), or move one of the systems listed to another node",
};

const memo = new WeakMap<Estate, DrPlan>();

/**
 * Pairings remembered per estate index, with the parts of the estate they were worked out from: the
 * pairing reads the cloud nodes, the departments (their shared namespaces), the offerings, the DR ledger
 * and the requests of the systems on the cloud (`drInput`), nothing else. An estate and a copy of it
 * that differs only in requests not on the cloud (stacks/plan `onCloudEstate`) share one pairing; their
 * diagnostics are each their own (they cover every request of the estate).
 */
const pairings = new WeakMap<
  object,
  { readonly inputs: readonly unknown[]; readonly input: DrInput; readonly pairing: Pairing }
>();

function pairingOf(estate: Estate): { input: DrInput; pairing: Pairing } {
  const inputs: unknown[] = [estate.clouds, estate.departments, estate.index.offering, estate.drLedger];
  for (const r of estate.requests) if (runsOnCloud(r.doc.spec)) inputs.push(r);
  const hit = pairings.get(estate.index);
  if (hit && hit.inputs.length === inputs.length && hit.inputs.every((x, i) => x === inputs[i])) return hit;
  const input = drInput(estate);
  const pairing = pairSystems(input);
  pairings.set(estate.index, { inputs, input, pairing });
  return { input, pairing };
}

/** Pairs every system of the estate, keeping what its ledger records. Memoized per Estate. */
export function drPlan(estate: Estate): DrPlan {
  const hit = memo.get(estate);
  if (hit) return hit;
  const { input, pairing } = pairingOf(estate);
  const diagnostics: Diagnostic[] = [];
  for (const r of estate.requests) diagnostics.push(...checkObjectives(r));
  for (const issue of pairing.issues) {
    if (issue.system !== undefined) {
      const r = estate.index.request.get(issue.system);
      if (!r) continue;
      const path =
        issue.constraint === "primary-site"
          ? r.doc.spec.site !== undefined
            ? ["spec", "site"]
            : ["spec", "cloud"]
          : ["spec", "dr", "level"];
      diagnostics.push(
        diagnostic(r.locate(path), `dr-${issue.constraint}`, issue.message, HINTS[issue.constraint], "warning"),
      );
    } else if (issue.node !== undefined) {
      const c = estate.index.cloud.get(issue.node);
      if (!c) continue;
      const si = c.doc.spec.sites.findIndex((s) => s.name === issue.site);
      const largest = (issue.systems ?? []).slice(0, 5).join(", ");
      diagnostics.push(
        diagnostic(
          c.locate(si >= 0 ? ["spec", "sites", si] : ["spec", "capacity"]),
          `dr-${issue.constraint}`,
          issue.message,
          `${HINTS[issue.constraint]}${largest ? `; the largest there: ${largest}` : ""}`,
          "warning",
        ),
      );
    }
  }
  const ledger = estate.drLedger;
  if (ledger) {
    for (const c of pairing.changes) {
      if (c.change === "added") {
        const r = estate.index.request.get(c.system);
        if (r)
          diagnostics.push(
            diagnostic(
              r.locate(["spec", "dr"], { key: true }),
              "dr-ledger-missing",
              `${c.system} has no entry in the DR ledger; its placement is proposed, not yet recorded`,
              "nothing to change in the request: the operators record the placement after it is merged (`govcloud dr --write-ledger`; CODEOWNERS gives the ledger to them)",
              "warning",
            ),
          );
        continue;
      }
      const at = ledger.locate(["spec", "pairs", c.entry ?? 0]);
      const what = c.change === "removed" ? "stale" : c.change === "duplicate" ? "duplicate" : "outdated";
      diagnostics.push(
        diagnostic(
          at,
          `dr-ledger-${what}`,
          `DR ledger entry for ${c.system}: ${c.reason}`,
          "run `govcloud dr --write-ledger` and commit the ledger",
          "warning",
        ),
      );
    }
  }
  const plan = { input, pairing, diagnostics: sortDiagnostics(diagnostics) };
  memo.set(estate, plan);
  return plan;
}

/** The ledger document (dr-ledger.yaml): one flow mapping per system, so that a review sees one line change per pair. */
export function ledgerYaml(estateName: string, entries: readonly LedgerEntry[]): string {
  const doc = new (yamlLib().Document)({
    apiVersion: "govcloud.io/v1alpha1",
    kind: "DrLedger",
    metadata: { name: estateName },
    spec: { pairs: [] },
  });
  const pairs = doc.createNode(
    entries.map((e) => ({
      system: e.system,
      primary: e.primary,
      ...(e.active ? { active: e.active } : {}),
      ...(e.standby ? { standby: e.standby } : {}),
      backup: e.backup,
    })),
  ) as YAMLSeq;
  for (const item of pairs.items) (item as YAMLMap).flow = true;
  doc.setIn(["spec", "pairs"], pairs);
  doc.commentBefore =
    " DR placements (灾备配对), written by `govcloud dr --write-ledger`. Entries are kept as they are while they\n" +
    " satisfy the rules, so adding a system never moves another; delete an entry to have it placed again.";
  return doc.toString({ lineWidth: 0 });
}

/** Where the ledger lives: the file it was loaded from, or estates/<name>/dr-ledger.yaml. */
export function ledgerPath(estate: Estate): string {
  return estate.drLedger?.source.file ?? `estates/${estate.name}/dr-ledger.yaml`;
}
