/**
 * What a PromQL expression reads: the series names it selects and the label matchers on each. A
 * tokenizer, not a parser (promtool parses): strings, durations, grouping clauses and function calls
 * are told apart from selectors, which is all the metric-name checks need.
 */

export interface Selector {
  readonly name: string;
  /** Labels named in the selector's matchers. */
  readonly labels: readonly string[];
}

const KEYWORDS = new Set(["by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "atan2", "start", "end"]);
const GROUPING = new Set(["by", "without", "on", "ignoring", "group_left", "group_right"]);

export function selectors(expr: string): Selector[] {
  const out: Selector[] = [];
  let i = 0;
  const n = expr.length;
  const skipString = () => {
    const q = expr[i]!;
    i++;
    while (i < n && expr[i] !== q) i += expr[i] === "\\" ? 2 : 1;
    i++;
  };
  const matcherLabels = (): string[] => {
    // at '{': read label names up to the matching '}'
    const labels: string[] = [];
    i++;
    while (i < n && expr[i] !== "}") {
      const c = expr[i]!;
      if (c === '"' || c === "'" || c === "`") skipString();
      else if (/[a-zA-Z_]/.test(c)) {
        const m = /^[a-zA-Z_][a-zA-Z0-9_]*/.exec(expr.slice(i))!;
        labels.push(m[0]);
        i += m[0].length;
        // skip operator and value
        while (i < n && /[\s=!~]/.test(expr[i]!)) i++;
        if (expr[i] === '"' || expr[i] === "'" || expr[i] === "`") skipString();
      } else i++;
    }
    i++;
    return labels;
  };
  while (i < n) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === "`") {
      skipString();
      continue;
    }
    if (c === "[") {
      while (i < n && expr[i] !== "]") i++;
      i++;
      continue;
    }
    if (c === "{") {
      out.push({ name: "", labels: matcherLabels() });
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(expr[i + 1] ?? ""))) {
      const m = /^(0x[0-9a-fA-F]+|[0-9]*\.?[0-9]+(e[+-]?[0-9]+)?([smhdwy]|ms)*)/.exec(expr.slice(i))!;
      i += Math.max(1, m[0].length);
      continue;
    }
    if (/[a-zA-Z_:]/.test(c)) {
      const m = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(expr.slice(i))!;
      const word = m[0];
      i += word.length;
      let j = i;
      while (j < n && /\s/.test(expr[j]!)) j++;
      if (GROUPING.has(word)) {
        if (expr[j] === "(") {
          while (j < n && expr[j] !== ")") j++;
          i = j + 1;
        }
        continue;
      }
      if (KEYWORDS.has(word.toLowerCase())) continue;
      if (expr[j] === "(" || /^(by|without)\s*\(/.test(expr.slice(j))) continue; // a function, or an aggregation (sum by (...) (...))
      if (expr[j] === "{") {
        i = j;
        out.push({ name: word, labels: matcherLabels() });
      } else out.push({ name: word, labels: [] });
      continue;
    }
    i++;
  }
  return out;
}
