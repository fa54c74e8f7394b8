/** Charts as inline SVG, rendered in Node by ECharts' server-side SVG renderer (deterministic: no animation, fixed size). */
import { createRequire } from "node:module";
import type { Chart, Lang } from "../model.js";
import { formatValue } from "./format.js";

type ECharts = typeof import("echarts");
let library: ECharts | undefined;
/**
 * ECharts, loaded on first use from its one-file build with the common charts and components (bar,
 * line, grid, legend, SVG renderer; the same version as the package): importing the package's
 * hundreds of ES modules cost about 1.3 s of CPU at every start of the CLI, the bundle about 0.4 s,
 * and only the HTML needs it.
 */
const echarts = (): ECharts =>
  (library ??= createRequire(import.meta.url)("echarts/dist/echarts.common.min.js") as ECharts);

export const FONT = '"WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif';

export function chartSvg(c: Chart, lang: Lang, width = 720, height = 300): string {
  const chart = echarts().init(null, null, { renderer: "svg", ssr: true, width, height });
  const axisFmt = (v: number) => (c.unit === "ratio" ? `${Math.round(v * 100)}%` : formatValue(v, c.unit, lang));
  const x = c.kind === "line" ? c.x.map((s) => new Date(Number(s) * 1000).toISOString().slice(5, 10)) : c.x.map(String);
  const grid = { left: 60, right: 16 };
  // Many bars: labels slanted. Few: each label wraps within its own bar's slot (long CJK labels such as
  // "IPv6 覆盖率（全省）" would otherwise run into their neighbours).
  const rotate = c.kind === "bar" && x.length > 6;
  const slot = Math.floor((width - grid.left - grid.right) / Math.max(1, x.length));
  const wrap = c.kind === "bar" && !rotate;
  chart.setOption({
    animation: false,
    textStyle: { fontFamily: FONT },
    color: ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000"],
    legend: { top: 0, textStyle: { fontFamily: FONT } },
    grid: { ...grid, top: 36, bottom: rotate ? 70 : wrap ? 46 : 30 },
    xAxis: {
      type: "category",
      data: x,
      axisLabel: {
        rotate: rotate ? 40 : 0,
        fontFamily: FONT,
        interval: 0,
        ...(wrap ? { width: slot - 8, overflow: "break", lineHeight: 14 } : {}),
      },
    },
    yAxis: { type: "value", ...(c.unit === "ratio" ? { max: 1, min: 0 } : {}), axisLabel: { formatter: axisFmt } },
    series: c.series.map((s) => ({ type: c.kind, name: s.name, data: s.values, showSymbol: false })),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  // zrender numbers its class names by instance (zr8-cls-3); renumber per chart so the output is deterministic.
  const names = new Map<string, string>();
  return svg.replace(/zr\d+-cls-\d+/g, (m) => {
    if (!names.has(m)) names.set(m, `${c.id}-k${names.size}`);
    return names.get(m)!;
  });
}
