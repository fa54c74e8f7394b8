/** Markdown rendering of a report; its tables through `markdownTable`, the one the PR comment of `govcloud check` uses. */
import { markdownTable } from "../../policies/index.js";
import { t } from "../i18n.js";
import type { Report } from "../model.js";
import { formatDelta, formatTarget, formatValue } from "./format.js";

export { markdownTable };

const esc = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

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
