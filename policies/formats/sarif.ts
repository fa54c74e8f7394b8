/**
 * SARIF 2.1.0 for code scanning: one run, the rules with help text and `security-severity`, a result
 * per finding located at the exact line of the catalog file (or of the object's file). Excepted findings
 * are kept as suppressed results; stale exceptions are results of their own rule at the exception's line.
 */
import { createHash } from "node:crypto";
import type { Finding, RuleMeta, Severity } from "../types.js";
import { clauseHelp, clauseText, Context, joinPath, sortFindings, type ReportContext } from "./common.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's code scanning reads `security-severity` (0-10): >= 9 critical, >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: "9.5", high: "8.0", medium: "5.5", low: "3.0", info: "1.0" };
const LEVEL: Readonly<Record<Severity, "error" | "warning" | "note">> = { critical: "error", high: "error", medium: "warning", low: "note", info: "note" };

/** The pseudo-rule under which stale exceptions are reported. */
export const STALE_EXCEPTION_RULE: RuleMeta = {
  id: "GOV-EXC-001",
  title: "Stale policy exception",
  pack: "governance",
  severity: "low",
  clause: { standard: "govcloud", edition: "convention", clause: "exceptions", title: "exceptions are time-limited and specific", derived: false },
  target: "estate",
  description: "An exception in catalog/exceptions/ matches no finding: the problem was fixed, or the exception names the wrong rule or subject. Left in place it would silently except a future finding.",
  remediation: "Delete the exception file, or correct its rule and subject.",
};

const pascal = (title: string) =>
  title
    .replace(/\([^)]*\)/g, "")
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => /^[A-Za-z]/.test(w))
    .map((w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase())
    .join("");

function ruleDescriptor(r: RuleMeta) {
  const clause = clauseHelp(r);
  return {
    id: r.id,
    name: pascal(r.title) || r.id,
    shortDescription: { text: r.title },
    fullDescription: { text: r.description },
    help: {
      text: `${r.description}\n\nClause: ${clause}\n\nRemediation: ${r.remediation}`,
      markdown: `${r.description}\n\n**Clause:** ${clause}\n\n**Remediation:** ${r.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: {
      "security-severity": SECURITY_SEVERITY[r.severity],
      precision: "high",
      "problem.severity": r.severity === "critical" || r.severity === "high" ? "error" : r.severity === "medium" ? "warning" : "recommendation",
      tags: [...new Set(["security", "govcloud", r.pack, r.clause.standard, ...(r.clause.derived ? ["derived"] : [])])],
    },
  };
}

const fingerprint = (...parts: string[]) => createHash("sha256").update(parts.join("\0")).digest("hex").slice(0, 32);

export function toSarif(findings: readonly Finding[], input: ReportContext): object {
  const ctx = new Context(input);
  const shown = sortFindings(
    findings.filter((f) => f.result !== "pass"),
    ctx,
  );
  const stale = input.staleExceptions ?? [];
  const ids = new Set([...input.rules.map((r) => r.id), ...shown.map((f) => f.rule)]);
  const used = [...ids].sort().map((id) => ctx.rules.get(id));
  if (stale.length > 0) used.push(STALE_EXCEPTION_RULE);
  const ruleIndex = new Map(used.map((r, i) => [r.id, i]));

  const results = shown.map((f) => {
    const rule = ctx.rules.get(f.rule);
    const at = ctx.locationOf(f);
    const level = f.result === "warn" ? "warning" : f.result === "skip" ? "note" : LEVEL[rule.severity];
    const subject = ctx.subjectLabel(f);
    const text = `${f.message} [${subject}] — ${clauseText(rule)}. Fix: ${rule.remediation}`;
    return {
      ruleId: f.rule,
      ruleIndex: ruleIndex.get(f.rule)!,
      level,
      message: { text },
      ...(at
        ? { locations: [{ physicalLocation: { artifactLocation: { uri: at.uri, uriBaseId: "%SRCROOT%" }, region: { startLine: at.line, startColumn: at.column } } }] }
        : {}),
      partialFingerprints: { "govcloudFinding/v1": fingerprint(f.rule, ctx.subjectKey(f), f.message) },
      ...(f.result === "skip" && f.exception
        ? {
            suppressions: [
              {
                kind: "external",
                status: "accepted",
                justification: `${f.exception.justification} (exception ${f.exception.name}, approved by ${f.exception.approver}, until ${f.exception.expires})`,
              },
            ],
          }
        : {}),
      properties: {
        result: f.result,
        severity: rule.severity,
        pack: rule.pack,
        clause: clauseText(rule),
        subject,
        ...(f.exception?.expired ? { expiredException: f.exception.name } : {}),
      },
    };
  });
  for (const s of stale) {
    results.push({
      ruleId: STALE_EXCEPTION_RULE.id,
      ruleIndex: ruleIndex.get(STALE_EXCEPTION_RULE.id)!,
      level: "note",
      message: { text: `Exception ${s.name} is stale: ${s.message}. Fix: ${STALE_EXCEPTION_RULE.remediation}` },
      ...(s.source
        ? {
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: joinPath(ctx.catalogPath, s.source.file), uriBaseId: "%SRCROOT%" },
                  region: { startLine: s.source.line, startColumn: s.source.column },
                },
              },
            ],
          }
        : {}),
      partialFingerprints: { "govcloudFinding/v1": fingerprint(STALE_EXCEPTION_RULE.id, s.name) },
      properties: { result: "fail", severity: STALE_EXCEPTION_RULE.severity, pack: STALE_EXCEPTION_RULE.pack, clause: clauseText(STALE_EXCEPTION_RULE), subject: `exception ${s.name}` },
    });
  }

  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "govcloud",
            ...(input.toolVersion ? { version: input.toolVersion, semanticVersion: input.toolVersion } : {}),
            informationUri: "https://govcloud.io/docs/policies",
            rules: used.map(ruleDescriptor),
          },
        },
        automationDetails: { id: `govcloud/check/${input.estate?.name ?? "objects"}/` },
        columnKind: "unicodeCodePoints",
        results,
      },
    ],
  };
}

export function formatSarif(findings: readonly Finding[], input: ReportContext): string {
  return JSON.stringify(toSarif(findings, input), null, 2) + "\n";
}
