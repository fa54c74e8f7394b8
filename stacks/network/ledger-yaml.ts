/**
 * The ledger as a catalog file: one line per city and county (with its name as a comment, for
 * review), one per township, one per township listing its villages' slots as runs ("1-17"), one per
 * cloud node. Adding a village changes one line; adding a county adds one. Runs keep the file small
 * (~80 KB for Shanxi) and quick to parse. Deterministic: keys sorted, no timestamps.
 */
import type { DeepReadonly } from "../../catalog/index.js";
import type { LedgerData } from "./ipam.js";
import { compareStrings } from "../../kube/index.js";

const q = (s: string) => JSON.stringify(s);

export function ledgerYaml(
  estateName: string,
  ledger: DeepReadonly<LedgerData>,
  names: ReadonlyMap<string, string> = new Map(),
): string {
  const lines = [
    `# IPAM ledger (IPAM as code) of estate ${estateName}: written by \`govcloud ipam --write-ledger\`; review it in`,
    "# pull requests, do not edit it by hand. Each number is a node's slot under its parent, the same in every plane",
    "# and family (slot 0 is the parent's own block); every prefix derives from the slots and network.yaml.",
    "# `govcloud ipam --code <code>` shows a node's prefixes.",
    "apiVersion: govcloud.io/v1alpha1",
    "kind: IpamLedger",
    "metadata:",
    `  name: ${estateName}`,
    "spec:",
  ];
  const section = (key: string, entries: [string, string][]) => {
    if (entries.length === 0) {
      lines.push(`  ${key}: {}`);
      return;
    }
    lines.push(`  ${key}:`);
    for (const [k, v] of entries) lines.push(`    ${k}: ${v}`);
  };
  const named = (code: string, v: number) => `${v}${names.has(code) ? `  # ${names.get(code)}` : ""}`;
  const sorted = <T>(r: Readonly<Record<string, T>>) => Object.entries(r).sort(([a], [b]) => compareStrings(a, b));
  section(
    "cities",
    sorted(ledger.cities).map(([c, s]) => [q(c), named(c, s!)]),
  );
  section(
    "counties",
    sorted(ledger.counties).map(([c, s]) => [q(c), named(c, s!)]),
  );
  section(
    "townships",
    sorted(ledger.townships).map(([c, s]) => [q(c), String(s)]),
  );
  section(
    "villages",
    sorted(ledger.villages).map(([c, runs]) => [q(c), q(runs ?? "")]),
  );
  section(
    "clouds",
    sorted(ledger.clouds).map(([c, s]) => [c, String(s)]),
  );
  return lines.join("\n") + "\n";
}
