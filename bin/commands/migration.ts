import { Command, Option } from "commander";
import { migrationView, type MigrationView, type Rate } from "../../stacks/migration/index.js";
import {
  ExitCode,
  loadOrExit,
  out,
  table,
  todayOf,
  UsageError,
  wholeNumber,
  withCatalogOptions,
  type CatalogOptions,
} from "../cli.js";

interface MigrationCliOptions extends CatalogOptions {
  format: "table" | "json" | "csv";
  department?: string;
  warnDays: string;
}

const pct = (r: number) => `${(r * 100).toFixed(1)}%`;
const csvCell = (v: string | number | boolean | null) => {
  const s = v === null ? "" : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function migrationCsv(v: MigrationView): string {
  const head = [
    "system",
    "department",
    "division",
    "phase",
    "legacyLocation",
    "deadline",
    "deadlineSource",
    "deadlineClause",
    "completed",
    "daysOverdue",
    "warning",
    "budgetHold",
    "rate",
  ] as const;
  return [head.join(","), ...v.systems.map((r) => head.map((h) => csvCell(r[h])).join(","))].join("\n");
}

/** What a row's status column says. */
function status(r: MigrationView["systems"][number]): string {
  if (r.budgetHold) return "BUDGET HOLD";
  if (r.daysOverdue) return "OVERDUE";
  if (r.warning) return "due soon";
  switch (r.phase) {
    case "migrated":
    case "decommissioned":
      return "done";
    case "exempt":
      return "exempt";
    case "retired":
      return "retired";
    default:
      return "on track";
  }
}

/** "record", or the tier default's clause in short (the clause up to its colon). */
const source = (r: MigrationView["systems"][number]): string =>
  r.deadlineSource === "tier-default"
    ? `default: ${(r.deadlineClause ?? "").split(":")[0]}`
    : (r.deadlineSource ?? "-");

const rateRow = (r: Rate) => [r.key, r.systems, r.migrated, r.excluded, pct(r.rate)];
/** A division's row: the province's code stands for its provincial departments (省直), a city's for its 市直. */
const divisionRow = (province: string) => (r: Rate) => [
  `${r.key} ${r.name ?? ""} ${r.key === province ? "省直 (provincial departments)" : "市直 (municipal departments)"}`,
  ...rateRow(r).slice(1),
];
const settledOff = (r: MigrationView["systems"][number]) => r.phase === "exempt" || r.phase === "retired";

export function migrationText(v: MigrationView): string {
  const lines: string[] = [];
  lines.push(
    `migration to the cloud (迁移上云) as of ${v.today}; early warning ${v.warnDays} days before the deadline (a convention)`,
    "",
  );
  const tracked = v.systems.filter((r) => r.phase !== "native");
  lines.push(
    table(
      ["system", "phase", "deadline", "source", "overdue (days)", "status", "legacy location"],
      tracked.map((r) => [
        r.system,
        r.phase,
        settledOff(r) ? "-" : (r.deadline ?? "-"),
        settledOff(r) ? "-" : source(r),
        r.daysOverdue || "-",
        status(r),
        r.legacyLocation ?? "-",
      ]),
    ),
  );
  lines.push(
    "",
    `systems by phase: ${Object.entries(v.phases)
      .map(([p, n]) => `${p} ${n}`)
      .join(", ")} (native = built on the cloud, no migration record)`,
  );
  const defaults = [
    ...new Set(tracked.filter((r) => r.deadlineSource === "tier-default").map((r) => r.deadlineClause)),
  ];
  if (defaults.length) {
    lines.push("deadlines from the estate's tier defaults (estate.spec.policy.migrationDeadlines):");
    for (const d of defaults) lines.push(`  ${d}`);
  }
  lines.push("", "budget holds (预算冻结, 长治市加快数字政府建设实施方案 三(二)4):");
  if (!v.holds.length) lines.push("  none");
  for (const h of v.holds)
    lines.push(
      `  ${h.department}: ${h.systems.map((s) => `${s.system} due ${s.deadline}, ${s.daysOverdue} days overdue`).join("; ")}`,
    );
  lines.push(
    "",
    "migration rate (上云率) = on the cloud (no record, migrated, decommissioned) / systems that must be (all but exempt and retired);",
    "seed 001 二 “应上尽上”: classified or approved-to-stay (exempt) and retired systems are outside it; cutover counts once migrated.",
    "",
    "by division:",
    table(["division", "systems", "on the cloud", "excluded", "rate"], v.byDivision.map(divisionRow(v.province.key))),
  );
  const partial = v.byDepartment.filter((r) => r.rate < 1);
  lines.push(
    "",
    "departments below 100%:",
    partial.length
      ? table(["department", "systems", "on the cloud", "excluded", "rate"], partial.map(rateRow))
      : "  none",
  );
  lines.push(
    "",
    `province ${v.province.key}${v.province.name ? ` ${v.province.name}` : ""}: ${v.province.migrated} of ${v.province.systems} systems on the cloud (${pct(v.province.rate)}), ${v.province.excluded} exempt or retired; ${v.systems.filter((r) => r.daysOverdue > 0).length} overdue; ${v.holds.length} department(s) on budget hold`,
  );
  return lines.join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("migration")
      .description(
        "migration to the cloud (迁移上云) from the catalog: phases, deadlines and their source, overdue days, budget holds, migration rate (上云率)",
      )
      .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
      .option("--department <name>", "only this department's systems")
      .option("--warn-days <days>", "early-warning window before a deadline (a convention)", "90"),
  ).action(async (opts: MigrationCliOptions) => {
    const warnDays = wholeNumber("--warn-days", opts.warnDays, "a whole number of days");
    const today = todayOf(opts);
    const { estate } = await loadOrExit(opts);
    if (opts.department !== undefined && !estate.index.department.has(opts.department)) {
      throw new UsageError(
        `--department ${opts.department}: no such department; use one of: ${[...estate.index.department.keys()].sort().join(", ")}`,
      );
    }
    const view = migrationView(estate, {
      today,
      warnDays,
      ...(opts.department !== undefined ? { department: opts.department } : {}),
    });
    out(
      opts.format === "json"
        ? JSON.stringify(view, null, 2)
        : opts.format === "csv"
          ? migrationCsv(view)
          : migrationText(view),
    );
    process.exitCode = ExitCode.ok;
  });
}
