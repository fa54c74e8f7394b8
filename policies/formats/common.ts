/**
 * What every output format shares: the report input, rule lookup, where a finding points, which
 * system and namespace it belongs to, the blocking verdict and the counts. Pure functions only.
 */
import { daysBetween, type Estate } from "../../catalog/index.js";
import { systemKey, systemKeyOf, systemNamespace } from "../../kube/index.js";
import type { PassCounts, StaleException } from "../engine/index.js";
import { citation, citationLong } from "../sources.js";
import type { Finding, Result, RuleMeta, Severity } from "../types.js";

export type { StaleException } from "../engine/index.js";

/** Everything a formatter may use besides the findings themselves. */
export interface ReportContext {
  /** Metadata of the rules (at least every rule a finding names). */
  readonly rules: readonly RuleMeta[];
  /** The estate judged, for context: file positions of systems, namespaces, capacity. */
  readonly estate?: Estate;
  /** The date judged by, YYYY-MM-DD. */
  readonly today: string;
  /** Path of the catalog root relative to the repository root, '/'-separated (default `catalog`). */
  readonly catalogPath?: string;
  /** Systems (`<department>/<system>`) judged when only part of the estate was (`check --changed`). */
  readonly systems?: readonly string[];
  readonly staleExceptions?: readonly StaleException[];
  /** Passed checks as counted by the engine (passes are not listed as findings unless asked for). */
  readonly passes?: PassCounts;
  /** Further Markdown sections for the PR comment (e.g. the DR placement of the changed systems). */
  readonly extraSections?: readonly string[];
  /** Version of the tool, for the SARIF driver. */
  readonly toolVersion?: string;
}

export const SEVERITIES: readonly Severity[] = ["critical", "high", "medium", "low", "info"];
export const RESULTS: readonly Result[] = ["pass", "fail", "warn", "error", "skip"];

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** Severities that block a change when an unexcepted finding of them remains. */
export const BLOCKING_SEVERITIES: ReadonlySet<Severity> = new Set(["critical", "high"]);

export class RuleIndex {
  private readonly byId: ReadonlyMap<string, RuleMeta>;
  constructor(rules: readonly RuleMeta[]) {
    this.byId = new Map(rules.map((r) => [r.id, r]));
  }
  /** The rule's metadata; an unknown id (never expected from the engine) gets neutral metadata. */
  get(id: string): RuleMeta {
    return (
      this.byId.get(id) ?? {
        id,
        title: id,
        pack: "governance",
        severity: "info",
        clause: { standard: "govcloud", edition: "convention", clause: "-", title: "", derived: false },
        target: "estate",
        description: `Rule ${id}.`,
        remediation: "See the rule's documentation.",
      }
    );
  }
}

/** A finding that is neither passed nor excepted, of a failing kind. */
export const isViolation = (f: Finding): boolean => f.result === "fail" || f.result === "error" || f.result === "warn";

/** Blocking: an unexcepted failure (or rule error) of severity high or critical. */
export function isBlocking(f: Finding, rules: RuleIndex): boolean {
  return (f.result === "fail" || f.result === "error") && BLOCKING_SEVERITIES.has(rules.get(f.rule).severity);
}

/** "GB/T 22239-2019 8.1.3.1", with "(derived)" when the rule is the project's derivation from the clause. */
export function clauseText(r: RuleMeta): string {
  return `${citation(r.clause)}${r.clause.derived ? " (derived)" : ""}`;
}

/** The clause with its title and, for a derived rule, what it is derived from: for help texts. */
export function clauseHelp(r: RuleMeta): string {
  return citationLong(r.clause);
}

/** A repository-relative location: catalog files under the catalog path, object files as given. */
export interface Location {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

/** `base/rel`, or `rel` when the base is the current folder. */
export const joinPath = (base: string, rel: string) => (base === "" || base === "." ? rel : `${base.replace(/\/+$/, "")}/${rel}`);

/** Lookups over the estate that every formatter needs, built once per report. */
export class Context {
  readonly rules: RuleIndex;
  readonly catalogPath: string;

  constructor(readonly input: ReportContext) {
    this.rules = new RuleIndex(input.rules);
    this.catalogPath = input.catalogPath ?? "catalog";
  }

  /** The request whose namespace an object lives in (or, for a Namespace, is). */
  private ownerRequest(s: Extract<Finding["subject"], { type: "object" }>): Estate["requests"][number] | undefined {
    const ns = s.kind === "Namespace" && s.apiVersion === "v1" ? s.name : s.namespace;
    return ns !== undefined ? this.input.estate?.index.namespace.get(ns) : undefined;
  }

  /** The system (`<department>/<system>`) a finding is about, if any. */
  systemOf(f: Finding): string | undefined {
    const s = f.subject;
    if (s.type === "catalog") return s.department && s.system ? systemKeyOf(s.department, s.system) : undefined;
    const r = this.ownerRequest(s);
    return r ? systemKey(r.doc) : undefined;
  }

  /** The namespace a finding belongs to: the object's, or its system's `<department>-<system>`. */
  namespaceOf(f: Finding): string | undefined {
    const s = f.subject;
    if (s.type === "object") return s.namespace;
    return s.department && s.system ? systemNamespace(s.department, s.system) : undefined;
  }

  /** Where a finding points, relative to the repository root; planned objects point at their system's request. */
  locationOf(f: Finding): Location | undefined {
    const s = f.subject;
    if (s.type === "catalog") return { uri: joinPath(this.catalogPath, s.file), line: s.line, column: s.column };
    if (s.source) return { uri: s.source.file, line: s.source.line, column: s.source.column };
    const owner = this.ownerRequest(s);
    const at = owner?.source ?? this.input.estate?.estate.source;
    return at ? { uri: joinPath(this.catalogPath, at.file), line: at.line, column: at.column } : undefined;
  }

  /** A short label of the subject: the system, the cloud node, the department or the object. */
  subjectLabel(f: Finding): string {
    const s = f.subject;
    if (s.type === "object") return `${s.kind} ${s.namespace ? `${s.namespace}/` : ""}${s.name}${s.fieldPath !== undefined ? ` ${s.fieldPath}` : ""}`;
    if (s.department && s.system) return `${s.department}/${s.system}`;
    if (s.cloud) return `cloud ${s.cloud}`;
    if (s.department) return `department ${s.department}`;
    return joinPath(this.catalogPath, s.file);
  }

  /** Stable identity of the subject, independent of line numbers. */
  subjectKey(f: Finding): string {
    const s = f.subject;
    if (s.type === "object") return `object:${s.apiVersion}:${s.kind}:${s.namespace ?? ""}:${s.name}`;
    if (s.department || s.system || s.cloud) return `catalog:${s.department ?? ""}:${s.system ?? ""}:${s.cloud ?? ""}`;
    return `catalog-file:${s.file}`;
  }
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The one order of findings in every format: severity, rule, subject, position, message. */
export function sortFindings(findings: readonly Finding[], ctx: Context): Finding[] {
  const key = (f: Finding) => {
    const at = ctx.locationOf(f);
    return { sev: severityRank(ctx.rules.get(f.rule).severity), subject: ctx.subjectKey(f), uri: at?.uri ?? "", line: at?.line ?? 0, col: at?.column ?? 0 };
  };
  const keyed = findings.map((f) => ({ f, k: key(f) }));
  keyed.sort(
    (a, b) =>
      a.k.sev - b.k.sev ||
      cmp(a.f.rule, b.f.rule) ||
      cmp(a.k.subject, b.k.subject) ||
      cmp(a.k.uri, b.k.uri) ||
      a.k.line - b.k.line ||
      a.k.col - b.k.col ||
      cmp(a.f.result, b.f.result) ||
      cmp(a.f.message, b.f.message),
  );
  return keyed.map((x) => x.f);
}

export interface ReportSummary {
  readonly estate?: string;
  readonly today: string;
  /** Systems judged: the changed ones, or every system of the estate. */
  readonly systems?: number;
  readonly results: Record<Result, number>;
  /** Unexcepted failures (fail, warn, error) by severity. */
  readonly open: Record<Severity, number>;
  /** Unexcepted failures of severity high or critical: a change with any of these is blocked. */
  readonly blocking: number;
  readonly excepted: number;
  /** Findings re-raised because their exception expired. */
  readonly expiredExceptions: number;
  /** Excepted findings whose exception ends within EXPIRY_WARNING_DAYS: renew or fix them now. */
  readonly expiringExceptions: number;
  readonly staleExceptions: number;
  readonly verdict: "pass" | "fail";
}

export function summarizeFindings(findings: readonly Finding[], ctx: Context): ReportSummary {
  const results = Object.fromEntries(RESULTS.map((r) => [r, 0])) as Record<Result, number>;
  const open = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  let blocking = 0;
  let expired = 0;
  for (const f of findings) {
    if (f.result === "pass" && ctx.input.passes) continue;
    results[f.result]++;
    if (isViolation(f)) open[ctx.rules.get(f.rule).severity]++;
    if (isBlocking(f, ctx.rules)) blocking++;
    if (f.exception?.expired && f.result !== "skip") expired++;
  }
  if (ctx.input.passes) results.pass = ctx.input.passes.total;
  const systems = ctx.input.systems?.length ?? ctx.input.estate?.requests.length;
  return {
    ...(ctx.input.estate ? { estate: ctx.input.estate.name } : {}),
    today: ctx.input.today,
    ...(systems !== undefined ? { systems } : {}),
    results,
    open,
    blocking,
    excepted: results.skip,
    expiredExceptions: expired,
    expiringExceptions: findings.filter((f) => f.result === "skip" && f.exception && daysLeft(f.exception.expires, ctx.input.today) <= EXPIRY_WARNING_DAYS).length,
    staleExceptions: ctx.input.staleExceptions?.length ?? 0,
    verdict: blocking > 0 ? "fail" : "pass",
  };
}

/** Exceptions ending within this many days are called out as nearing expiry. */
export const EXPIRY_WARNING_DAYS = 30;

/** Days from today to an exception's last day (0 on the day itself). */
export const daysLeft = (expires: string, today: string): number => daysBetween(today, expires);

/** The system's owner, as `name <email>`, when the finding is about a system of the estate. */
export function ownerOf(f: Finding, ctx: Context): string | undefined {
  const system = ctx.systemOf(f);
  const o = system ? ctx.input.estate?.index.request.get(system)?.doc.spec.owner : undefined;
  return o ? `${o.name} <${o.email}>` : undefined;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
