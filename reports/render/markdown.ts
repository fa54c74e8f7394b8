/** Markdown rendering of a report (also the PR comment's quota and DR pieces). */
import { t } from "../i18n.js";
import type { Lang, Report, Table } from "../model.js";
import { formatCell, formatDelta, formatTarget, formatValue } from "./format.js";

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

export function markdownTable(table: Table, lang: Lang, level = 3): string {
  const head = `${"#".repeat(level)} ${table.title}\n\n`;
  if (table.rows.length === 0) return `${head}${table.empty}\n`;
  const cols = table.columns;
  const lines = [
    `| ${cols.map((c) => esc(c.label)).join(" | ")} |`,
    `| ${cols.map((c) => (c.unit ? "---:" : "---")).join(" | ")} |`,
  ];
  for (const r of table.rows) lines.push(`| ${r.map((c, i) => esc(formatCell(c, cols[i]?.unit, lang))).join(" | ")} |`);
  return `${head}${lines.join("\n")}\n`;
}

export function renderMarkdown(r: Report): string {
  const L = (k: Parameters<typeof t>[1]) => t(r.lang, k);
  const out: string[] = [
    `# ${r.title}`,
    "",
    `${r.subtitle} · ${L("generated")}: ${r.at}${r.rangeStart ? ` · ${L("range")}: ${r.rangeStart} – ${r.at}` : ""}`,
    "",
  ];
  for (const n of r.notices) out.push(`> **${n}**`, "");
  out.push(
    `## ${L("kpis")}`,
    "",
    `| ${L("kpi")} | ${L("value")} | ${L("target")} | ${L("met")} | ${L("trend")} | ${L("source")} |`,
    "| --- | ---: | --- | --- | --- | --- |",
  );
  for (const k of r.kpis) {
    const met = k.target?.met === undefined ? "—" : k.target.met ? `✅ ${L("yes")}` : `❌ ${L("no")}`;
    out.push(
      `| ${esc(k.label)} | ${formatValue(k.value, k.unit, r.lang)} | ${formatTarget(k.target, k.unit, r.lang)} | ${met} | ${formatDelta(k.delta, k.unit, r.lang)} | ${esc(k.source)} |`,
    );
  }
  out.push("");
  for (const s of r.sections) {
    out.push(`## ${s.heading}`, "");
    for (const n of s.notes) out.push(`_${n}_`, "");
    for (const c of s.charts) out.push(`*${c.title}*: ${c.alt}`, "");
    for (const tb of s.tables) out.push(markdownTable(tb, r.lang));
  }
  return `${out.join("\n").trimEnd()}\n`;
}
