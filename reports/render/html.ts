/**
 * The HTML report: one self-contained file (inline CSS and SVG, no external request, no script),
 * printable on A4, accessible (headings, caption and scoped headers, figures with text alternatives).
 */
import { t } from "../i18n.js";
import type { Kpi, Lang, Report, Table } from "../model.js";
import { chartSvg, FONT } from "./charts.js";
import { formatCell, formatDelta, formatTarget, formatValue } from "./format.js";

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const CSS = `
*{box-sizing:border-box}
body{font-family:${FONT};color:#1a1a1a;margin:0 auto;max-width:1200px;padding:24px;line-height:1.5;font-size:14px}
h1{font-size:24px;margin:0 0 4px;color:#1f4e79}h2{font-size:19px;border-bottom:2px solid #1f4e79;padding-bottom:4px;margin-top:28px;color:#1f4e79}h3{font-size:15px;margin:16px 0 6px}
.meta{color:#555;margin:0 0 12px}
.notice{border-left:6px solid #c00000;background:#fff4f4;padding:10px 14px;font-weight:bold;margin:12px 0}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:10px;margin:12px 0}
.kpi{border:1px solid #c9d3df;border-radius:6px;padding:10px;break-inside:avoid}
.kpi .v{font-size:26px;font-weight:bold;color:#1f4e79;font-variant-numeric:tabular-nums}
.kpi .l{font-size:13px;font-weight:bold}.kpi .s{font-size:11px;color:#555;overflow-wrap:anywhere}
.met,.kpi .v.met{color:#2e7d32}.unmet,.kpi .v.unmet{color:#c00000}.nodata,.kpi .v.nodata{color:#888}
table{border-collapse:collapse;width:100%;margin:6px 0 14px;font-size:12.5px}
caption{text-align:left;font-weight:bold;padding:4px 0}
th,td{border:1px solid #d0d7de;padding:4px 6px;vertical-align:top;overflow-wrap:anywhere}
thead th{background:#eef3f8}tbody th{text-align:left;font-weight:normal}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}
figure{margin:10px 0;break-inside:avoid}figure svg{max-width:100%;height:auto}figcaption{font-size:12px;color:#444}
.note{font-size:12px;color:#444}
@page{size:A4;margin:14mm 12mm}
@media print{body{max-width:none;padding:0;font-size:11px}h2{break-after:avoid}table{font-size:10px}tr{break-inside:avoid}.kpis{grid-template-columns:repeat(3,1fr)}}
`;

function tableHtml(tb: Table, lang: Lang): string {
  if (tb.rows.length === 0) return `<h3>${esc(tb.title)}</h3><p class="note">${esc(tb.empty)}</p>`;
  const head = tb.columns.map((c) => `<th scope="col">${esc(c.label)}</th>`).join("");
  const rows = tb.rows
    .map(
      (r) =>
        `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${esc(formatCell(c, tb.columns[i]?.unit, lang))}</th>` : `<td class="${tb.columns[i]?.unit ? "n" : ""}${c === null ? " nodata" : ""}" data-key="${esc(tb.columns[i]?.key ?? "")}">${esc(formatCell(c, tb.columns[i]?.unit, lang))}</td>`)).join("")}</tr>`,
    )
    .join("\n");
  return `<table id="t-${esc(tb.id)}"><caption>${esc(tb.title)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function kpiHtml(k: Kpi, lang: Lang): string {
  const cls =
    k.value === undefined ? "nodata" : k.target?.met === true ? "met" : k.target?.met === false ? "unmet" : "";
  const met =
    k.target?.met === undefined ? "" : k.target.met ? ` ✔ ${t(lang, "met")}` : ` ✘ ${t(lang, "no")}${t(lang, "met")}`;
  return `<div class="kpi" data-kpi="${esc(k.id)}"><div class="l">${esc(k.label)}</div><div class="v ${cls}" data-value>${esc(formatValue(k.value, k.unit, lang))}</div><div class="s">${esc(t(lang, "target"))}: ${esc(formatTarget(k.target, k.unit, lang))}${esc(met)} · ${esc(t(lang, "trend"))}: ${esc(formatDelta(k.delta, k.unit, lang))}${k.previous !== undefined ? ` · ${esc(t(lang, "previous"))}: ${esc(formatValue(k.previous, k.unit, lang))}` : ""}</div><div class="s">${esc(t(lang, "source"))}: ${esc(k.source)}</div></div>`;
}

export function renderHtml(r: Report): string {
  const L = (k: Parameters<typeof t>[1]) => t(r.lang, k);
  const body: string[] = [];
  body.push(
    `<header><h1>${esc(r.title)}</h1><p class="meta">${esc(r.subtitle)} · ${esc(L("generated"))}: ${esc(r.at)}${r.rangeStart ? ` · ${esc(L("range"))}: ${esc(r.rangeStart)} – ${esc(r.at)}` : ""}</p></header>`,
  );
  for (const n of r.notices) body.push(`<p class="notice" role="note">${esc(n)}</p>`);
  body.push(
    `<section aria-labelledby="h-kpis"><h2 id="h-kpis">${esc(L("kpis"))}</h2><div class="kpis">${r.kpis.map((k) => kpiHtml(k, r.lang)).join("")}</div></section>`,
  );
  for (const s of r.sections) {
    body.push(`<section aria-labelledby="h-${esc(s.id)}"><h2 id="h-${esc(s.id)}">${esc(s.heading)}</h2>`);
    for (const n of s.notes) body.push(`<p class="note">${esc(n)}</p>`);
    for (const c of s.charts) {
      const svg = chartSvg(c, r.lang).replace(
        /^<svg /,
        `<svg role="img" aria-labelledby="c-${esc(c.id)}-t c-${esc(c.id)}-d" `,
      );
      body.push(
        `<figure id="c-${esc(c.id)}"><figcaption id="c-${esc(c.id)}-t"><strong>${esc(c.title)}</strong></figcaption>${svg}<p class="note" id="c-${esc(c.id)}-d">${esc(c.alt)}</p></figure>`,
      );
    }
    for (const tb of s.tables) body.push(tableHtml(tb, r.lang));
    body.push("</section>");
  }
  return `<!DOCTYPE html>
<html lang="${r.lang === "zh" ? "zh-CN" : "en"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>${esc(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.join("\n")}
</main>
</body>
</html>
`;
}
