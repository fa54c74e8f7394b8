/**
 * Diagnostics: bad input is a value, not an exception. Every problem found in the catalog becomes a
 * Diagnostic pointing at the offending file, line and column, with a hint on how to fix it.
 */
import type { SourcePosition } from "./model.js";

export type DiagnosticSeverity = "error" | "warning";

export interface Diagnostic extends SourcePosition {
  /** Stable machine-readable code, e.g. `schema-required` or `ref-unknown-cloud`. */
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  /** How to fix it. */
  readonly hint: string;
}

export function diagnostic(
  at: SourcePosition,
  code: string,
  message: string,
  hint: string,
  severity: DiagnosticSeverity = "error",
): Diagnostic {
  return { file: at.file, line: at.line, column: at.column, code, severity, message, hint };
}

/** Sorted by file, line, column, then code; exact duplicates removed. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of list) {
    const key = `${d.file}\0${d.line}\0${d.column}\0${d.code}\0${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column ||
      (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
  );
}

export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** `file:line:col  code  message` and an indented hint line: the one text form of a diagnostic. */
export function formatDiagnostic(d: Diagnostic): string {
  const sev = d.severity === "warning" ? "warning " : "";
  return `${d.file}:${d.line}:${d.column}  ${sev}${d.code}  ${d.message}\n    hint: ${d.hint}`;
}
