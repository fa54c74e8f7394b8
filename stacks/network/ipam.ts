/**
 * IPAM as code: a stable allocator driven by the estate's ledger (IpamLedger).
 *
 * The ledger records one number per node, its slot under its parent; every prefix derives from the
 * slots, the planes and the prefix lengths (prefix.ts). Slot 0 of every parent is the parent's own
 * local block (where its cloud nodes live), so children number from 1. A slot is shared by all
 * planes and both families, so a node has the same position everywhere, and its capacity is the
 * smallest of theirs.
 *
 * Allocation keeps every valid slot of the ledger, drops the entries of nodes that no longer exist
 * and gives each new node the lowest free slot of its parent: inserting or deleting a node never
 * renumbers another, and allocating again from the result changes nothing.
 */
import {
  diagnostic,
  type DeepReadonly,
  type Diagnostic,
  type IpamLedger,
  type Network,
  type SourcePosition,
} from "../../catalog/index.js";
import { CHILD_LEVELS, type ChildLevel, type DivisionNode, type DivisionTree, type Level } from "./tree.js";
import { compareStrings } from "../../kube/index.js";

export type LedgerData = IpamLedger["spec"];
export type NetworkSpec = DeepReadonly<Network["spec"]>;
export type Family = "ipv4" | "ipv6";
export const FAMILIES: readonly Family[] = ["ipv4", "ipv6"];
export const WIDTH: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

export const emptyLedger = (): LedgerData => ({ cities: {}, counties: {}, townships: {}, villages: {}, clouds: {} });

/** One allocated division: its slot under its parent and where its parent is in the list. */
export interface Allocation {
  readonly level: Level;
  readonly code: string;
  readonly name: string;
  readonly parent: string | undefined;
  /** 0 for the province. */
  readonly depth: number;
  /** Slot under the parent (0 for the province). */
  readonly slot: number;
  /** Index of the parent in `allocations` (-1 for the province). */
  readonly parentIndex: number;
}

export interface CloudAllocation {
  readonly cloud: string;
  /** Division code of the node (the province or a city). */
  readonly division: string;
  /** Index of the division in `allocations`. */
  readonly divisionIndex: number;
  readonly slot: number;
}

/** What allocation changed against the ledger it started from (codes and cloud ids). */
export interface LedgerChanges {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** Entries the ledger had but that were invalid (out of range or a slot taken twice) and were given a new slot. */
  readonly reassigned: readonly string[];
}

export interface IpamResult {
  /** Allocated divisions, parents before children (the province first). */
  readonly allocations: readonly Allocation[];
  readonly clouds: readonly CloudAllocation[];
  /** The ledger after allocation, keys sorted. */
  readonly ledger: LedgerData;
  readonly changes: LedgerChanges;
  /** Slots per parent at each child level (the smallest over planes and families), and the fullest parent. */
  readonly capacity: Readonly<
    Record<ChildLevel, { readonly slots: number; readonly maxUsed: number; readonly fullest?: string }>
  >;
  readonly diagnostics: readonly Diagnostic[];
}

export interface IpamInput {
  readonly tree: DivisionTree;
  readonly network: NetworkSpec;
  /** Cloud nodes; new ones get free slots in this order. */
  readonly clouds: readonly { readonly id: string; readonly division: string }[];
  readonly ledger?: DeepReadonly<LedgerData> | undefined;
  /** Where to point diagnostics: paths inside network.yaml and the ledger. */
  readonly at?: {
    readonly network?: (path: readonly (string | number)[]) => SourcePosition;
    readonly ledger?: (path: readonly (string | number)[]) => SourcePosition;
  };
}

/** A parent is reported as short on headroom when less than this share of its slots is free. */
export const HEADROOM_WARNING_SHARE = 0.1;

const LEDGER_KEY: Readonly<Record<Exclude<ChildLevel, "village">, "cities" | "counties" | "townships">> = {
  city: "cities",
  county: "counties",
  township: "townships",
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Prefix length of a level in a plane and family: the plane's own for the province, else the Network's. */
export function levelLength(
  network: NetworkSpec,
  plane: NetworkSpec["planes"][number],
  family: Family,
  depth: number,
): number {
  if (depth === 0) return Number(plane[family].split("/")[1]);
  return network.prefixLengths[family][CHILD_LEVELS[depth - 1]!];
}

/** Bits a level's slots have under their parent: the smallest over planes and families. */
export function levelBits(network: NetworkSpec, depth: number): { bits: number; family: Family; plane: string } {
  let best = { bits: Infinity, family: "ipv4" as Family, plane: "" };
  for (const plane of network.planes) {
    for (const family of FAMILIES) {
      const bits = levelLength(network, plane, family, depth) - levelLength(network, plane, family, depth - 1);
      if (bits < best.bits) best = { bits, family, plane: plane.name };
    }
  }
  return best;
}

/** Slots 1 .. 2^bits - 1 (slot 0 is the parent's local block). */
const capacityOf = (bits: number) => (bits <= 0 ? 0 : 2 ** Math.min(bits, 30) - 1);

/**
 * Assigns slots to one parent's children: keeps valid ledger slots, gives new or invalid ones the
 * lowest free slot from `first`. Returns the slot per child (undefined when the parent is full).
 */
function assign(
  existing: readonly (number | undefined)[],
  first: number,
  last: number,
): { slots: (number | undefined)[]; invalid: number[]; unplaced: number } {
  const slots: (number | undefined)[] = new Array(existing.length);
  const used = new Set<number>();
  const invalid: number[] = [];
  existing.forEach((s, i) => {
    if (s === undefined) return;
    if (Number.isInteger(s) && s >= first && s <= last && !used.has(s)) {
      used.add(s);
      slots[i] = s;
    } else invalid.push(i);
  });
  let next = first;
  let unplaced = 0;
  for (let i = 0; i < existing.length; i++) {
    if (slots[i] !== undefined) continue;
    while (next <= last && used.has(next)) next++;
    if (next > last) {
      unplaced++;
      continue;
    }
    used.add(next);
    slots[i] = next++;
  }
  return { slots, invalid, unplaced };
}

const sortedRecord = <T>(entries: Iterable<[string, T]>): Record<string, T> =>
  Object.fromEntries([...entries].sort(([a], [b]) => compareStrings(a, b)));

type At = (path: readonly (string | number)[]) => SourcePosition;

/** The ledger being written: the slots kept or given, per ledger section. */
interface NextLedger {
  readonly cities: [string, number][];
  readonly counties: [string, number][];
  readonly townships: [string, number][];
  readonly villages: [string, number[]][];
}

/** One allocation run: its input, the child levels' bits and slots, and what it has found so far. */
interface Run {
  readonly network: NetworkSpec;
  readonly ledger: DeepReadonly<LedgerData>;
  readonly atNetwork: At;
  readonly atLedger: At;
  /** Per child level (index depth - 1): the narrowest plane and family's bits, and the slots they give. */
  readonly bits: readonly { bits: number; family: Family; plane: string }[];
  readonly caps: readonly number[];
  /** Per child level: the most slots a parent uses, and which parent. */
  readonly usage: { maxUsed: number; fullest: string | undefined }[];
  readonly diagnostics: Diagnostic[];
  readonly allocations: Allocation[];
  readonly added: string[];
  readonly reassigned: string[];
  /** Villages' townships the ledger has and that still exist (`v:<code>`), and their dropped villages (`v-removed:<code>`). */
  readonly seen: Set<string>;
  readonly next: NextLedger;
}

/** Allocates every division and cloud node, starting from the ledger (or an empty one). Pure. */
export function allocate(input: IpamInput): IpamResult {
  const { network } = input;
  const bits = CHILD_LEVELS.map((_, i) => levelBits(network, i + 1));
  const run: Run = {
    network,
    ledger: input.ledger ?? emptyLedger(),
    atNetwork: input.at?.network ?? (() => ({ file: "network.yaml", line: 1, column: 1 })),
    atLedger: input.at?.ledger ?? (() => ({ file: "ipam-ledger.yaml", line: 1, column: 1 })),
    bits,
    caps: bits.map((b) => capacityOf(b.bits)),
    usage: CHILD_LEVELS.map(() => ({ maxUsed: 0, fullest: undefined })),
    diagnostics: [],
    allocations: [],
    added: [],
    reassigned: [],
    seen: new Set(),
    next: { cities: [], counties: [], townships: [], villages: [] },
  };
  prefixOrderProblems(run);
  allocateDivision(run, input.tree.root, 0, 0, -1);
  const removed = removedDivisions(run);
  const { clouds, cloudLedger } = allocateClouds(run, input.clouds);
  const cloudIds = new Set(input.clouds.map((c) => c.id));
  for (const id of Object.keys(run.ledger.clouds)) if (!cloudIds.has(id)) removed.push(id);
  reassignedProblems(run);
  const { next } = run;
  return {
    allocations: run.allocations,
    clouds,
    ledger: {
      cities: sortedRecord(next.cities),
      counties: sortedRecord(next.counties),
      townships: sortedRecord(next.townships),
      villages: sortedRecord(next.villages.map(([k, row]) => [k, formatRuns(row)] as [string, string])),
      clouds: sortedRecord(cloudLedger),
    },
    changes: { added: run.added.sort(), removed: removed.sort(), reassigned: run.reassigned.sort() },
    capacity: capacitySummary(run),
    diagnostics: run.diagnostics,
  };
}

/** A child level whose prefix is not longer than its parent's on some plane and family has no slots. */
function prefixOrderProblems(run: Run): void {
  run.bits.forEach((b, i) => {
    if (b.bits > 0) return;
    const level = CHILD_LEVELS[i]!;
    run.diagnostics.push(
      diagnostic(
        run.atNetwork(["spec", "prefixLengths", b.family, level]),
        "ipam-prefix-order",
        `a ${level} prefix (${b.family}) must be longer than its parent's; on plane ${b.plane} it is not`,
        "give every level a longer prefix than the level above it, and the city level a longer one than each plane's prefix",
      ),
    );
  });
}

/**
 * Allocates a division at `slot` under its parent, then its children (depth first, parents before
 * children): their slots kept from the ledger or given, the ledger's new rows, and the parent's
 * exhaustion or shortage of headroom.
 */
function allocateDivision(run: Run, node: DivisionNode, depth: number, slot: number, parentIndex: number): void {
  const index = run.allocations.length;
  run.allocations.push({
    level: node.level,
    code: node.code,
    name: node.name,
    parent: node.parent,
    depth,
    slot,
    parentIndex,
  });
  if (depth >= CHILD_LEVELS.length) return;
  const level = CHILD_LEVELS[depth]!;
  const { existing, villageRow } = recordedChildSlots(run, node, level);
  const { slots, invalid, unplaced } = assign(existing, 1, run.caps[depth]!);
  for (const i of invalid) run.reassigned.push(node.children[i]!.code);
  node.children.forEach((c, i) => {
    if (existing[i] === undefined && slots[i] !== undefined) run.added.push(c.code);
  });
  const placed = slots.filter((s) => s !== undefined).length;
  if (placed > run.usage[depth]!.maxUsed) run.usage[depth] = { maxUsed: placed, fullest: node.code };
  slotProblems(run, node, depth, level, slots.length, placed, unplaced);
  node.children.forEach((c, i) => {
    const s = slots[i];
    if (villageRow) {
      if (s !== undefined) villageRow.push(s);
    } else if (s !== undefined) run.next[LEDGER_KEY[level as Exclude<ChildLevel, "village">]].push([c.code, s]);
    if (s !== undefined) allocateDivision(run, c, depth + 1, s, index);
  });
  if (villageRow && villageRow.length > 0) run.next.villages.push([node.code, villageRow]);
}

/**
 * The ledger's slots of a division's children (undefined where it has none). Villages are one row per
 * township: then also the row to fill, and the township noted as seen with any villages it lost.
 */
function recordedChildSlots(
  run: Run,
  node: DivisionNode,
  level: ChildLevel,
): { existing: (number | undefined)[]; villageRow?: number[] } {
  if (level !== "village") {
    const rec = run.ledger[LEDGER_KEY[level]];
    return { existing: node.children.map((c) => rec[c.code]) };
  }
  const text = run.ledger.villages[node.code];
  const row = text === undefined ? undefined : parseRuns(text);
  if (row) {
    run.seen.add(`v:${node.code}`);
    for (let i = node.children.length; i < row.length; i++)
      run.seen.add(`v-removed:${node.code}${String(i + 1).padStart(3, "0")}`);
  }
  return { existing: node.children.map((_, i) => row?.[i]), villageRow: [] };
}

/** A parent whose children did not all get a slot (error), or that has less than the headroom share left (warning). */
function slotProblems(
  run: Run,
  node: DivisionNode,
  depth: number,
  level: ChildLevel,
  children: number,
  placed: number,
  unplaced: number,
): void {
  const cap = run.caps[depth]!;
  const b = run.bits[depth]!;
  const { network } = run;
  if (unplaced > 0) {
    const need = node.children.length;
    const needBits = Math.ceil(Math.log2(need + 1));
    const parentLen = levelLength(
      network,
      network.planes.find((p) => p.name === b.plane)!,
      b.family,
      depth,
    );
    run.diagnostics.push(
      diagnostic(
        run.atNetwork(["spec", "prefixLengths", b.family, level]),
        "ipam-exhausted",
        `${node.name} (${node.code}) has ${need} ${level === "city" ? "cities" : `${level === "county" ? "counties" : `${level}s`}`} but room for ${cap}: its /${parentLen} (${b.family}, plane ${b.plane}) holds ${cap} blocks of /${parentLen + b.bits} besides its own; ${plural(unplaced, "node")} got no address`,
        `it needs ${needBits} bits for its children: set prefixLengths.${b.family}.${level} to /${parentLen + needBits} or shorter parent prefixes (the other levels shift with it)`,
      ),
    );
  } else if (cap > 0 && children > 0 && (cap - placed) / cap < HEADROOM_WARNING_SHARE) {
    run.diagnostics.push(
      diagnostic(
        run.atNetwork(["spec", "prefixLengths", b.family, level]),
        "ipam-headroom",
        `${node.name} (${node.code}) uses ${placed} of its ${cap} ${level} slots (${b.family}, plane ${b.plane}): less than ${HEADROOM_WARNING_SHARE * 100}% left for growth`,
        `plan a wider block before it fills up: a longer prefixLengths.${b.family}.${level}, or a shorter one above it`,
        "warning",
      ),
    );
  }
}

/** Divisions the ledger has that no longer exist: cities, counties, townships, and villages by code. */
function removedDivisions(run: Run): string[] {
  const { ledger, seen } = run;
  const removed: string[] = [];
  const present = new Set(run.allocations.map((a) => a.code));
  for (const key of ["cities", "counties", "townships"] as const) {
    for (const code of Object.keys(ledger[key])) if (!present.has(code)) removed.push(code);
  }
  for (const [township, text] of Object.entries(ledger.villages)) {
    if (!seen.has(`v:${township}`)) {
      parseRuns(text ?? "").forEach((_, i) => removed.push(township + String(i + 1).padStart(3, "0")));
    }
  }
  for (const k of seen) if (k.startsWith("v-removed:")) removed.push(k.slice("v-removed:".length));
  return removed;
}

/** Cloud nodes, in their division's local block (slots from 0), by division code. */
function allocateClouds(
  run: Run,
  input: IpamInput["clouds"],
): { clouds: CloudAllocation[]; cloudLedger: [string, number][] } {
  const { ledger } = run;
  const nodeBits = run.network.cloudBlocks?.nodeBits ?? 0;
  const cloudCap = 2 ** nodeBits;
  const indexOf = new Map<string, number>();
  run.allocations.forEach((a, i) => {
    if (a.depth <= 1) indexOf.set(a.code, i);
  });
  const byDivision = new Map<string, { id: string; division: string }[]>();
  for (const c of input) {
    if (!indexOf.has(c.division)) continue;
    const list = byDivision.get(c.division) ?? [];
    list.push(c);
    byDivision.set(c.division, list);
  }
  const clouds: CloudAllocation[] = [];
  const cloudLedger: [string, number][] = [];
  for (const [division, list] of [...byDivision].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const existing = list.map((c) => ledger.clouds[c.id]);
    const { slots, invalid, unplaced } = assign(existing, 0, cloudCap - 1);
    for (const i of invalid) run.reassigned.push(list[i]!.id);
    list.forEach((c, i) => {
      const s = slots[i];
      if (s === undefined) return;
      if (existing[i] === undefined) run.added.push(c.id);
      clouds.push({ cloud: c.id, division, divisionIndex: indexOf.get(division)!, slot: s });
      cloudLedger.push([c.id, s]);
    });
    if (unplaced > 0) {
      const d = run.allocations[indexOf.get(division)!]!;
      run.diagnostics.push(
        diagnostic(
          run.atNetwork(["spec", "cloudBlocks", "nodeBits"]),
          "ipam-exhausted",
          `${d.name} (${division}) has ${list.length} cloud nodes but its local block holds ${cloudCap} (nodeBits ${nodeBits}); ${plural(unplaced, "node")} got no address`,
          `set cloudBlocks.nodeBits to ${Math.ceil(Math.log2(list.length))} or more`,
        ),
      );
    }
  }
  return { clouds, cloudLedger };
}

/** Every ledger entry that was out of range or taken twice: a diagnostic at the entry. */
function reassignedProblems(run: Run): void {
  for (const code of run.reassigned) {
    const where =
      code.length === 12
        ? ["spec", "villages", code.slice(0, 9)]
        : /^[0-9]+$/.test(code)
          ? ["spec", ledgerKeyOf(code), code]
          : ["spec", "clouds", code];
    run.diagnostics.push(
      diagnostic(
        run.atLedger(where),
        "ipam-ledger-invalid-slot",
        `the ledger's slot for ${code} is out of range or taken twice under its parent`,
        "run govcloud ipam --write-ledger to give it a free slot, and review the change",
      ),
    );
  }
}

/** Slots per parent at each child level, with the most any parent uses and which. */
function capacitySummary(run: Run): IpamResult["capacity"] {
  return Object.fromEntries(
    CHILD_LEVELS.map((level, i) => [
      level,
      {
        slots: run.caps[i]!,
        maxUsed: run.usage[i]!.maxUsed,
        ...(run.usage[i]!.fullest ? { fullest: run.usage[i]!.fullest } : {}),
      },
    ]),
  ) as unknown as IpamResult["capacity"];
}

function ledgerKeyOf(code: string): "cities" | "counties" | "townships" {
  if (code.length === 9) return "townships";
  return code.endsWith("00") ? "cities" : "counties";
}

/** Whether two ledgers hold the same slots (key order aside). */
export function sameLedger(a: DeepReadonly<LedgerData>, b: DeepReadonly<LedgerData>): boolean {
  for (const key of ["cities", "counties", "townships", "clouds"] as const) {
    const x = Object.entries(a[key]);
    if (x.length !== Object.keys(b[key]).length || x.some(([k, v]) => b[key][k] !== v)) return false;
  }
  const v = Object.entries(a.villages);
  if (v.length !== Object.keys(b.villages).length) return false;
  return v.every(
    ([k, row]) =>
      row !== undefined && b.villages[k] !== undefined && parseRuns(row).join() === parseRuns(b.villages[k]!).join(),
  );
}

/** "1-3,5,4" -> [1, 2, 3, 5, 4]: the slots of a township's villages in village order. */
export function parseRuns(text: string): number[] {
  const out: number[] = [];
  if (text === "") return out;
  for (const part of text.split(",")) {
    const dash = part.indexOf("-");
    const from = Number(dash < 0 ? part : part.slice(0, dash));
    const to = dash < 0 ? from : Number(part.slice(dash + 1));
    if (to >= from) for (let s = from; s <= to; s++) out.push(s);
    else out.push(Number.NaN); // a descending run means nothing: an invalid slot, reported and reassigned
  }
  return out;
}

/** [1, 2, 3, 5, 4] -> "1-3,5,4": ascending runs of consecutive slots. */
export function formatRuns(slots: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < slots.length;) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j]! + 1) j++;
    parts.push(j === i ? String(slots[i]) : `${slots[i]}-${slots[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}
