/** JSON and CSV renderings: the view model itself (numbers unformatted, no data = null). */
import type { Report } from "../model.js";
import { formatCell } from "./format.js";

export function renderJson(r: Report): string {
  return `${JSON.stringify(r, (_k, v: unknown) => (v === undefined ? null : v), 2)}\n`;
}

const csvCell = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** CSV: every table of the report, one block per table (section,table,columns...), raw numbers. */
export function renderCsv(r: Report): string {
  const lines: string[] = ["section,table,kpi,value,unit,target"];
  for (const k of r.kpis)
    lines.push(
      [
        "kpis",
        "kpis",
        k.label,
        k.value === undefined ? "" : String(k.value),
        k.unit,
        k.target ? `${k.target.op}${k.target.value}` : "",
      ]
        .map(csvCell)
        .join(","),
    );
  for (const s of r.sections)
    for (const tb of s.tables) {
      lines.push("");
      lines.push([s.id, tb.id, ...tb.columns.map((c) => c.label)].map(csvCell).join(","));
      for (const row of tb.rows)
        lines.push(
          [
            s.id,
            tb.id,
            ...row.map((c) => (c === null ? "" : typeof c === "number" ? String(c) : formatCell(c, undefined, r.lang))),
          ]
            .map(csvCell)
            .join(","),
        );
    }
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}
