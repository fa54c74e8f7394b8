/** Number formatting shared by every renderer (and the PR comment): the same text for the same number everywhere. */
import { formatValue } from "../../policies/index.js";
import type { Lang, Unit } from "../model.js";

export { formatCell, formatValue } from "../../policies/index.js";

export function formatTarget(tg: { op: ">=" | "<="; value: number } | undefined, unit: Unit, lang: Lang): string {
  return tg ? `${tg.op === ">=" ? "≥" : "≤"} ${formatValue(tg.value, unit, lang)}` : "—";
}

export function formatDelta(d: number | undefined, unit: Unit, lang: Lang): string {
  if (d === undefined) return "—";
  const s = unit === "ratio" ? `${(d * 100).toFixed(1)} pp` : formatValue(Math.abs(d), unit, lang);
  return `${d > 0 ? "▲ +" : d < 0 ? "▼ " : "＝ "}${unit === "ratio" ? (d < 0 ? s : s) : d < 0 ? `-${s}` : s}`;
}
