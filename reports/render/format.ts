/** Number formatting shared by every renderer: the same text for the same number everywhere. */
import { t } from "../i18n.js";
import type { Cell, Lang, Unit } from "../model.js";

const GIB = 1024 ** 3;

export function formatValue(v: number | undefined | null, unit: Unit | undefined, lang: Lang): string {
  if (v === undefined || v === null || Number.isNaN(v)) return t(lang, "noData");
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

export function formatTarget(tg: { op: ">=" | "<="; value: number } | undefined, unit: Unit, lang: Lang): string {
  return tg ? `${tg.op === ">=" ? "≥" : "≤"} ${formatValue(tg.value, unit, lang)}` : "—";
}

export function formatDelta(d: number | undefined, unit: Unit, lang: Lang): string {
  if (d === undefined) return "—";
  const s = unit === "ratio" ? `${(d * 100).toFixed(1)} pp` : formatValue(Math.abs(d), unit, lang);
  return `${d > 0 ? "▲ +" : d < 0 ? "▼ " : "＝ "}${unit === "ratio" ? (d < 0 ? s : s) : d < 0 ? `-${s}` : s}`;
}
