/**
 * The DR effect of a change, for the PR comment: where each judged system's recovery runs (GB/T 20988
 * level, mode, RPO/RTO, primary, active, standby and backup placements) and what could not be placed.
 */
import { formatMinutes, type DrPlan, type Placement } from "../../stacks/dr/index.js";
import { markdownTable, type Table } from "./table.js";

type DrPair = DrPlan["pairing"]["pairs"][number];

const code = (s: string) => `\`${s}\``;
const where = (p: Placement | undefined) => (p ? `${p.node} / ${p.site} (${p.city})` : "–");

/** The nodes the systems' recovery runs on besides their own: active and standby partners. */
export function drPartnerNodes(plan: DrPlan, systems: ReadonlySet<string>): string[] {
  const nodes = new Set<string>();
  for (const p of plan.pairing.pairs) {
    if (!systems.has(p.system)) continue;
    if (p.active) nodes.add(p.active.node);
    if (p.standby) nodes.add(p.standby.node);
  }
  return [...nodes].sort();
}

/** Where each system's recovery runs, as a table of the view model the reports use (policies/formats/table.ts). */
export function drPlacementTable(pairs: readonly DrPair[]): Table {
  return {
    id: "dr-placement",
    title: "Disaster recovery (GB/T 20988)",
    columns: [
      { key: "system", label: "system" },
      { key: "level", label: "level", unit: "count" },
      { key: "mode", label: "mode" },
      { key: "rpo", label: "RPO" },
      { key: "rto", label: "RTO" },
      { key: "primary", label: "primary" },
      { key: "active", label: "active" },
      { key: "standby", label: "standby" },
      { key: "backup", label: "backup" },
    ],
    rows: pairs.map((p) => [
      code(p.system),
      p.level,
      p.mode,
      formatMinutes(p.rpo),
      formatMinutes(p.rto),
      where(p.primary),
      where(p.active),
      where(p.standby),
      where(p.backup),
    ]),
    empty: "No system of this change needs a DR partner.",
  };
}

/** A Markdown section on the DR placement of the systems, or "" when there are none. */
export function drEffect(plan: DrPlan, systems: readonly string[]): string {
  if (systems.length === 0) return "";
  const wanted = new Set(systems);
  const { pairs, issues } = plan.pairing;
  const mine = pairs.filter((p) => wanted.has(p.system)).sort((a, b) => (a.system < b.system ? -1 : 1));
  const problems = issues.filter((i) => i.system !== undefined && wanted.has(i.system));
  if (mine.length === 0 && problems.length === 0) return "";
  const lines = [markdownTable(drPlacementTable(mine), "en", 3).trimEnd()];
  if (problems.length > 0) {
    lines.push("", "Could not be placed:", "");
    for (const i of problems)
      lines.push(`- ${code(i.system!)} (${i.role}, ${i.constraint}): ${i.message.replace(/\|/g, "\\|")}`);
  }
  return lines.join("\n");
}
