/**
 * Tables as a view model, and their Markdown: the one implementation the reports (usage, situation)
 * and the PR comment of `govcloud check` share for their quota and DR tables. It lives here, below
 * reports/ (which imports policies through dashboards), so both can import it without a cycle.
 */

export type Lang = "zh" | "en";

/** How a number is shown: a share (0-1, shown as %), a count, cores, bytes. */
export type Unit = "ratio" | "count" | "cores" | "bytes";

/** A cell: a number (undefined = no data, never 0), or text. */
export type Cell = number | string | null;

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly unit?: Unit;
}

export interface Table {
  readonly id: string;
  readonly title: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Shown when rows is empty. */
  readonly empty: string;
}

const GIB = 1024 ** 3;
const NO_DATA: Record<Lang, string> = { zh: "无数据", en: "no data" };

/** Number formatting shared by every renderer: the same text for the same number everywhere. */
export function formatValue(v: number | undefined | null, unit: Unit | undefined, lang: Lang): string {
  if (v === undefined || v === null || Number.isNaN(v)) return NO_DATA[lang];
  switch (unit) {
    case "ratio":
      return `${(v * 100).toFixed(1)}%`;
    case "cores":
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
    case "bytes":
      return v >= 1024 * GIB ? `${(v / 1024 / GIB).toFixed(2)} TiB` : `${(v / GIB).toFixed(1)} GiB`;
    case "count":
    default:
      return Number.isInteger(v) ? String(v) : v.toFixed(2);
  }
}

export function formatCell(c: Cell, unit: Unit | undefined, lang: Lang): string {
  if (typeof c === "string") return c;
  return formatValue(c, unit, lang);
}

const mdCell = (s: string) => s.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");

/** A table in Markdown under a heading of `level` (#, ##, ###…): numbers right-aligned, text escaped. */
export function markdownTable(table: Table, lang: Lang, level = 3): string {
  const head = `${"#".repeat(level)} ${table.title}\n\n`;
  if (table.rows.length === 0) return `${head}${table.empty}\n`;
  const cols = table.columns;
  const lines = [
    `| ${cols.map((c) => mdCell(c.label)).join(" | ")} |`,
    `| ${cols.map((c) => (c.unit ? "---:" : "---")).join(" | ")} |`,
  ];
  for (const r of table.rows)
    lines.push(`| ${r.map((c, i) => mdCell(formatCell(c, cols[i]?.unit, lang))).join(" | ")} |`);
  return `${head}${lines.join("\n")}\n`;
}
