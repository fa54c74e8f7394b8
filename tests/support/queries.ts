/**
 * The metric-name check of queries: a query may name only a govcloud_ metric of metrics/definitions,
 * an external series of metrics/external.ts, or a series recorded by a rule; label matchers only
 * labels those series carry. Reports call queryProblems on their own queries.
 */
import { knownSeries, selectors, seriesLabels } from "../../metrics/index.js";

/** Labels every scraped series has, or that federation adds. */
const TARGET_LABELS = new Set(["job", "instance", "__name__", "cloud"]);

/** The problems of one query: unknown series, or matchers on labels the series does not carry. */
export function queryProblems(where: string, expr: string, recorded: ReadonlySet<string>): string[] {
  const known = knownSeries();
  const problems: string[] = [];
  for (const s of selectors(expr)) {
    if (s.name === "") {
      problems.push(`${where}: a selector without a metric name ({...}) can match anything`);
      continue;
    }
    if (recorded.has(s.name)) continue;
    if (!known.has(s.name)) {
      problems.push(`${where}: ${s.name} is neither defined in metrics/definitions nor listed in metrics/external.ts`);
      continue;
    }
    const labels = new Set([...(seriesLabels(s.name) ?? []), ...TARGET_LABELS]);
    for (const l of s.labels) if (!labels.has(l)) problems.push(`${where}: ${s.name} has no label ${l}`);
  }
  return problems;
}

