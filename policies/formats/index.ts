/** The output formats of `govcloud check`: text, JSON, SARIF 2.1.0, Markdown and PolicyReports. */
import type { Finding } from "../types.js";
import type { ReportContext } from "./common.js";
import { formatJson } from "./json.js";
import { formatMarkdown } from "./markdown.js";
import { formatPolicyReports } from "./policyreport.js";
import { formatSarif } from "./sarif.js";
import { formatText, type TextOptions } from "./text.js";

export * from "./common.js";
export { formatJson, toJsonReport, type JsonFinding, type JsonReport, type JsonSubject } from "./json.js";
export { formatText, type TextOptions } from "./text.js";
export { formatSarif, toSarif, SARIF_SCHEMA, STALE_EXCEPTION_RULE } from "./sarif.js";
export { formatMarkdown, quotaTables, MARKDOWN_MARKER } from "./markdown.js";
export { drEffect, drPartnerNodes, drPlacementTable } from "./dr.js";
export {
  formatCell,
  formatValue,
  markdownTable,
  type Cell,
  type Column,
  type Lang,
  type Table,
  type Unit,
} from "./table.js";
export { formatPolicyReports, toPolicyReports, POLICY_REPORT_API, type PolicyReportDoc } from "./policyreport.js";

export const FORMATS = ["text", "json", "sarif", "markdown", "policyreport"] as const;
export type Format = (typeof FORMATS)[number];

/** Renders findings in one of the formats. */
export function formatReport(
  format: Format,
  findings: readonly Finding[],
  input: ReportContext,
  text: TextOptions = {},
): string {
  switch (format) {
    case "text":
      return formatText(findings, input, text);
    case "json":
      return formatJson(findings, input);
    case "sarif":
      return formatSarif(findings, input);
    case "markdown":
      return formatMarkdown(findings, input);
    case "policyreport":
      return formatPolicyReports(findings, input);
  }
}
