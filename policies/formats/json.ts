/** The JSON report: `{summary, findings: [{rule, pack, severity, result, clause, message, remediation, subject}]}`. */
import type { Finding, Pack, Result, Severity } from "../types.js";
import {
  clauseText,
  Context,
  joinPath,
  ownerOf,
  sortFindings,
  summarizeFindings,
  type ReportContext,
  type ReportSummary,
} from "./common.js";

export type JsonSubject =
  | {
      readonly file: string;
      readonly line: number;
      readonly column: number;
      readonly department?: string;
      readonly system?: string;
      readonly cloud?: string;
    }
  | {
      readonly apiVersion: string;
      readonly kind: string;
      readonly namespace?: string;
      readonly name: string;
      readonly fieldPath?: string;
      readonly file?: string;
      readonly line?: number;
      readonly column?: number;
    };

export interface JsonFinding {
  readonly rule: string;
  readonly title: string;
  readonly pack: Pack;
  readonly severity: Severity;
  readonly result: Result;
  readonly clause: string;
  readonly message: string;
  readonly remediation: string;
  readonly system?: string;
  /** The system's owner (系统负责人), `name <email>`. */
  readonly owner?: string;
  readonly subject: JsonSubject;
  readonly exception?: Finding["exception"];
}

export interface JsonReport {
  readonly summary: ReportSummary;
  readonly findings: readonly JsonFinding[];
  readonly staleExceptions: readonly {
    readonly name: string;
    readonly rule: string;
    readonly message: string;
    readonly file?: string;
    readonly line?: number;
  }[];
}

export function toJsonReport(findings: readonly Finding[], input: ReportContext): JsonReport {
  const ctx = new Context(input);
  return {
    summary: summarizeFindings(findings, ctx),
    findings: sortFindings(findings, ctx).map((f) => {
      const rule = ctx.rules.get(f.rule);
      const s = f.subject;
      const at = ctx.locationOf(f);
      const system = ctx.systemOf(f);
      const owner = ownerOf(f, ctx);
      const subject: JsonSubject =
        s.type === "catalog"
          ? {
              file: at!.uri,
              line: s.line,
              column: s.column,
              ...(s.department ? { department: s.department } : {}),
              ...(s.system ? { system: s.system } : {}),
              ...(s.cloud ? { cloud: s.cloud } : {}),
            }
          : {
              apiVersion: s.apiVersion,
              kind: s.kind,
              ...(s.namespace !== undefined ? { namespace: s.namespace } : {}),
              name: s.name,
              ...(s.fieldPath !== undefined ? { fieldPath: s.fieldPath } : {}),
              ...(s.source ? { file: s.source.file, line: s.source.line, column: s.source.column } : {}),
            };
      return {
        rule: f.rule,
        title: rule.title,
        pack: rule.pack,
        severity: rule.severity,
        result: f.result,
        clause: clauseText(rule),
        message: f.message,
        remediation: rule.remediation,
        ...(system ? { system } : {}),
        ...(owner ? { owner } : {}),
        subject,
        ...(f.exception ? { exception: f.exception } : {}),
      };
    }),
    staleExceptions: (input.staleExceptions ?? []).map((e) => ({
      name: e.name,
      rule: e.rule,
      message: e.message,
      ...(e.source ? { file: joinPath(ctx.catalogPath, e.source.file), line: e.source.line } : {}),
    })),
  };
}

export function formatJson(findings: readonly Finding[], input: ReportContext): string {
  return JSON.stringify(toJsonReport(findings, input), null, 2) + "\n";
}
