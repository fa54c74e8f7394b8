/**
 * A fast Prometheus text-format (0.0.4) renderer over plain samples, for exporters that render a whole
 * state at once (the estate exporter renders on reload and serves the same bytes to every scrape).
 * HELP and TYPE come from the definitions, so the page can only carry defined metrics.
 */
import type { MetricDefinition } from "./types.js";

export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

const escapeHelp = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
const escapeValue = (s: string) => s.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

export function formatValue(v: number): string {
  if (Number.isNaN(v)) return "NaN";
  if (v === Infinity) return "+Inf";
  if (v === -Infinity) return "-Inf";
  return String(v);
}

/**
 * Renders samples per metric. Throws (a programming error) when a sample's labels differ from the
 * definition's label set, or a metric is not a counter/gauge: histograms come from prom-client.
 */
export function renderExposition(
  families: ReadonlyArray<{ readonly def: MetricDefinition; readonly samples: readonly Sample[] }>,
): string {
  const parts: string[] = [];
  for (const { def, samples } of families) {
    if (def.type === "histogram") throw new Error(`${def.name}: renderExposition renders counters and gauges only`);
    parts.push(`# HELP ${def.name} ${escapeHelp(def.help)}\n# TYPE ${def.name} ${def.type}\n`);
    const names = def.labels;
    for (const s of samples) {
      let line = def.name;
      if (names.length) {
        const kv: string[] = [];
        for (const n of names) {
          const v = s.labels[n];
          if (v === undefined) throw new Error(`${def.name}: sample lacks label ${n}`);
          kv.push(`${n}="${escapeValue(v)}"`);
        }
        if (Object.keys(s.labels).length !== names.length)
          throw new Error(`${def.name}: sample has labels outside ${names.join(",")}`);
        line += `{${kv.join(",")}}`;
      }
      parts.push(`${line} ${formatValue(s.value)}\n`);
    }
  }
  return parts.join("");
}
