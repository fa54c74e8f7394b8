/**
 * The address plan of an estate in one call: the division tree, the allocation against the estate's
 * ledger, every prefix, and the ranges of every cloud node. Memoised per estate (estates are frozen),
 * since the planner, `govcloud ipam`, validation and the network rules all ask for it.
 */
import { diagnostic, type DeepReadonly, type Diagnostic, type Estate } from "../../catalog/index.js";
import { allocate, WIDTH, FAMILIES, type IpamResult, type LedgerData, type NetworkSpec } from "./ipam.js";
import { deriveAddresses, parsePlanes, type AddressTable } from "./prefix.js";
import { divisionTree, CHILD_LEVELS, type DivisionTree } from "./tree.js";
import { checkZoneAddressing, cloudRanges, type CloudRanges } from "./zones.js";

export interface AddressPlan {
  /** The Network spec the plan derives from. */
  readonly network: NetworkSpec;
  readonly tree: DivisionTree;
  readonly ipam: IpamResult;
  readonly table: AddressTable;
  readonly clouds: readonly CloudRanges[];
  readonly cloudIndex: ReadonlyMap<string, CloudRanges>;
  /** Problems with the inputs: prefix lengths, planes, zones, exhaustion (not ledger drift: see checkLedger). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface AddressPlanOptions {
  /** Start from this ledger instead of the estate's (e.g. `emptyLedger()` to allocate from scratch). */
  readonly ledger?: DeepReadonly<LedgerData>;
}

/**
 * Address plans by what they are computed from: the network, the divisions, the clouds, the estate
 * document and the IPAM ledger, by identity (an Estate is deep-frozen). Not by the Estate object itself:
 * the planners see `onCloudEstate` (the same estate without the systems not yet on the cloud, a new
 * object with the same parts), and the address plan, which reads no request, is the same for both; a
 * `check` used to allocate it twice.
 */
const cache = new WeakMap<object, { readonly parts: readonly unknown[]; readonly plan: AddressPlan }[]>();
const partsOf = (estate: Estate): readonly unknown[] => [
  estate.divisions,
  estate.clouds,
  estate.estate,
  estate.ipamLedger,
];
const samePart = (a: readonly unknown[], b: readonly unknown[]) => a.every((x, i) => x === b[i]);
const TIER_ORDER = { provincial: 0, city: 1, industry: 2 } as const;

export function addressPlan(estate: Estate, options: AddressPlanOptions = {}): AddressPlan {
  const memo = options.ledger === undefined;
  if (memo) {
    const hit = cache.get(estate.network)?.find((e) => samePart(e.parts, partsOf(estate)));
    if (hit) return hit.plan;
  }
  const net = estate.network;
  const at = (path: readonly (string | number)[]) => net.locate(path);
  const diagnostics: Diagnostic[] = [];
  const { tree, diagnostics: treeProblems } = divisionTree(estate);
  diagnostics.push(...treeProblems);
  for (const family of FAMILIES) {
    for (const level of CHILD_LEVELS) {
      const len = net.doc.spec.prefixLengths[family][level];
      if (len > WIDTH[family]) {
        diagnostics.push(
          diagnostic(
            at(["spec", "prefixLengths", family, level]),
            "ipam-prefix-length",
            `/${len} is longer than an ${family === "ipv4" ? "IPv4" : "IPv6"} address`,
            `use at most /${WIDTH[family]}`,
          ),
        );
      }
    }
  }
  const { planes, diagnostics: planeProblems } = parsePlanes(net.doc.spec, at);
  diagnostics.push(...planeProblems);
  const ledgerDoc = estate.ipamLedger;
  const ipam = allocate({
    tree,
    network: net.doc.spec,
    // the provincial cloud first in the province's block, then the industry clouds, each by id
    clouds: [...estate.clouds]
      .sort(
        (a, b) =>
          TIER_ORDER[a.doc.spec.tier] - TIER_ORDER[b.doc.spec.tier] ||
          (a.doc.metadata.name < b.doc.metadata.name ? -1 : 1),
      )
      .map((c) => ({ id: c.doc.metadata.name, division: c.doc.spec.division })),
    ledger: options.ledger ?? ledgerDoc?.doc.spec,
    at: {
      network: at,
      ...(ledgerDoc && options.ledger === undefined
        ? { ledger: (p: readonly (string | number)[]) => ledgerDoc.locate(p) }
        : {}),
    },
  });
  diagnostics.push(...ipam.diagnostics);
  const table = deriveAddresses(ipam, net.doc.spec, planes);
  diagnostics.push(...checkZoneAddressing(net.doc.spec, table, at));
  const clouds = cloudRanges(net.doc.spec, ipam, table);
  const plan: AddressPlan = {
    network: net.doc.spec,
    tree,
    ipam,
    table,
    clouds,
    cloudIndex: new Map(clouds.map((c) => [c.cloud, c])),
    diagnostics,
  };
  if (memo) {
    const list = cache.get(estate.network) ?? [];
    list.push({ parts: partsOf(estate), plan });
    cache.set(estate.network, list);
  }
  return plan;
}

/**
 * Drift between the estate's ledger and its divisions and cloud nodes: every node without a slot,
 * every slot of a node that no longer exists. `govcloud ipam --write-ledger` resolves it.
 */
export function checkLedger(estate: Estate, plan: AddressPlan = addressPlan(estate)): Diagnostic[] {
  const ledger = estate.ipamLedger;
  if (!ledger) return [];
  const out: Diagnostic[] = [];
  const { added, removed } = plan.ipam.changes;
  const show = (codes: readonly string[]) =>
    codes.slice(0, 5).join(", ") + (codes.length > 5 ? `, … (${codes.length} in all)` : "");
  if (added.length) {
    out.push(
      diagnostic(
        ledger.locate(["spec"], { key: true }),
        "ipam-ledger-missing",
        `the IPAM ledger has no slot for ${added.length} node${added.length === 1 ? "" : "s"} of the estate: ${show(added)}`,
        "run govcloud ipam --write-ledger and commit the ledger with the change",
      ),
    );
  }
  if (removed.length) {
    out.push(
      diagnostic(
        ledger.locate(["spec"], { key: true }),
        "ipam-ledger-stale",
        `the IPAM ledger holds slots for ${removed.length} node${removed.length === 1 ? "" : "s"} the estate no longer has: ${show(removed)}`,
        "run govcloud ipam --write-ledger to release them, and commit the ledger with the change",
      ),
    );
  }
  return out;
}
