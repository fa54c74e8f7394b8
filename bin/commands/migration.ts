import { Command, Option } from "commander";
import { migrationView, type MigrationView } from "../../stacks/migration/index.js";
import {
  ExitCode,
  loadOrExit,
  out,
  table,
  todayOf,
  UsageError,
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
    "completed",
    "daysOverdue",
    "warning",
    "budgetHold",
  ] as const;
  return [head.join(","), ...v.systems.map((r) => head.map((h) => csvCell(r[h])).join(","))].join("\n");
}

export function migrationText(v: MigrationView): string {
  const lines: string[] = [];
  lines.push(
    `migration to the cloud (迁移上云) as of ${v.today}; early warning ${v.warnDays} days before the deadline (a convention)`,
    "",
  );
  const open = v.systems.filter((r) => r.phase !== "migrated" || r.deadline !== null);
  lines.push(
    table(
      ["system", "phase", "deadline", "overdue (days)", "status", "legacy location"],
      open.map((r) => [
        r.system,
        r.phase,
        r.deadline ?? "-",
        r.daysOverdue || "-",
        r.budgetHold
          ? "BUDGET HOLD"
          : r.daysOverdue
            ? "OVERDUE"
            : r.warning
              ? "due soon"
              : r.phase === "migrated"
                ? "done"
                : "on track",
        r.legacyLocation ?? "-",
      ]),
    ),
  );
  lines.push("", "budget holds (预算冻结, 长治市加快数字政府建设实施方案 三(二)4):");
  if (!v.holds.length) lines.push("  none");
  for (const h of v.holds)
    lines.push(
      `  ${h.department}: ${h.systems.map((s) => `${s.system} due ${s.deadline}, ${s.daysOverdue} days overdue`).join("; ")}`,
    );
  lines.push(
    "",
    "migration rate (上云率) by division:",
    table(
      ["division", "systems", "migrated", "rate"],
      v.byDivision.map((r) => [r.key, r.systems, r.migrated, pct(r.rate)]),
    ),
  );
  const partial = v.byDepartment.filter((r) => r.rate < 1);
  lines.push(
    "",
    "departments below 100%:",
    partial.length
      ? table(
          ["department", "systems", "migrated", "rate"],
          partial.map((r) => [r.key, r.systems, r.migrated, pct(r.rate)]),
        )
      : "  none",
  );
  lines.push(
    "",
    `province ${v.province.key}: ${v.province.migrated} of ${v.province.systems} systems on the cloud (${pct(v.province.rate)}); ${v.systems.filter((r) => r.daysOverdue > 0).length} overdue; ${v.holds.length} department(s) on budget hold`,
  );
  return lines.join("\n");
}

export function register(program: Command): void {
  withCatalogOptions(
    program
      .command("migration")
      .description(
        "migration to the cloud (迁移上云) from the catalog: phases, deadlines, overdue days, budget holds, migration rate",
      )
      .addOption(new Option("--format <format>", "output format").choices(["table", "json", "csv"]).default("table"))
      .option("--department <name>", "only this department's systems")
      .option("--warn-days <days>", "early-warning window before a deadline (a convention)", "90"),
  ).action(async (opts: MigrationCliOptions) => {
    const warnDays = Number(opts.warnDays);
    if (!Number.isInteger(warnDays) || warnDays < 0)
      throw new UsageError(`--warn-days ${opts.warnDays}: expected a whole number of days`);
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
