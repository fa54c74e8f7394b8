/**
 * Exceptions (catalog/exceptions/): the security team's time-limited acceptance of one rule's finding
 * on one subject. A matched failure becomes `skip` with the justification and approver; an expired
 * exception leaves the failure standing and says so; an exception that matches nothing is stale.
 */
import type { Loaded, PolicyException, SourcePosition } from "../../catalog/index.js";
import type { Finding } from "../types.js";
import type { Scope, SubjectFacts } from "./subjects.js";

/** An exception that matched no finding of the run: it should be removed (or its subject corrected). */
export interface StaleException {
  readonly name: string;
  readonly rule: string;
  readonly message: string;
  /** Position of the exception document, catalog-relative. */
  readonly source?: SourcePosition;
}

const FIELDS = ["department", "system", "cloud", "namespace", "kind", "name"] as const;

/** Whether every field the exception names equals the finding's. */
export function exceptionMatches(e: PolicyException["spec"]["subject"], facts: SubjectFacts): boolean {
  for (const k of FIELDS) {
    const want = e[k];
    if (want !== undefined && facts[k] !== want) return false;
  }
  return true;
}

export const isExpired = (expires: string, today: string): boolean => expires < today;

const describe = (s: PolicyException["spec"]["subject"]) =>
  FIELDS.filter((k) => s[k] !== undefined)
    .map((k) => `${k} ${s[k]}`)
    .join(", ");

export interface ExceptionOptions {
  readonly today: string;
  /** Ids of every rule known to the registry. */
  readonly known: ReadonlySet<string>;
  /** Ids of the rules this run evaluated: an exception for another rule is not judged stale. */
  readonly evaluated: ReadonlySet<string>;
  /** The facts of a finding's subject (department, system, namespace, ...). */
  readonly facts: (f: Finding) => SubjectFacts;
  /** Set when only part of the estate was judged: exceptions outside it are not judged stale. */
  readonly scope?: Scope;
}

/** The exceptions by rule, in catalog order: built once per catalog load (see `exceptionIndex`). */
export type ExceptionIndex = ReadonlyMap<string, readonly Loaded<PolicyException>[]>;

/** Indexes exceptions by the rule they name. */
export function exceptionIndex(exceptions: readonly Loaded<PolicyException>[]): ExceptionIndex {
  const byRule = new Map<string, Loaded<PolicyException>[]>();
  for (const e of exceptions) {
    const list = byRule.get(e.doc.spec.rule);
    if (list) list.push(e);
    else byRule.set(e.doc.spec.rule, [e]);
  }
  return byRule;
}

/**
 * The findings with the exceptions of `index` applied (a matched failure becomes `skip`, an expired
 * exception says so on the failure); `used` collects the exceptions that matched a finding.
 */
export function matchExceptions(
  findings: readonly Finding[],
  index: ExceptionIndex,
  options: Pick<ExceptionOptions, "today" | "facts">,
  used?: Set<Loaded<PolicyException>>,
): Finding[] {
  return findings.map((f) => {
    if (f.result === "pass" || f.result === "skip") return f;
    const candidates = index.get(f.rule);
    if (!candidates) return f;
    const facts = options.facts(f);
    let expired: Loaded<PolicyException> | undefined;
    for (const e of candidates) {
      if (!exceptionMatches(e.doc.spec.subject, facts)) continue;
      used?.add(e);
      const s = e.doc.spec;
      if (isExpired(s.expires, options.today)) {
        expired ??= e;
        continue;
      }
      return {
        ...f,
        result: "skip" as const,
        exception: {
          name: e.doc.metadata.name,
          justification: s.justification,
          approver: s.approver.name,
          expires: s.expires,
          expired: false,
        },
      };
    }
    if (!expired) return f;
    const s = expired.doc.spec;
    return {
      ...f,
      message: `${f.message} (exception ${expired.doc.metadata.name} expired on ${s.expires})`,
      exception: {
        name: expired.doc.metadata.name,
        justification: s.justification,
        approver: s.approver.name,
        expires: s.expires,
        expired: true,
      },
    };
  });
}

export function applyExceptions(
  findings: readonly Finding[],
  exceptions: readonly Loaded<PolicyException>[],
  options: ExceptionOptions,
): { findings: Finding[]; stale: StaleException[] } {
  const used = new Set<Loaded<PolicyException>>();
  const out = matchExceptions(findings, exceptionIndex(exceptions), options, used);

  const stale: StaleException[] = [];
  for (const e of exceptions) {
    if (used.has(e)) continue;
    const s = e.doc.spec;
    const where = e.locate(["spec", "rule"]);
    if (options.scope && !options.scope.covers(s.subject)) continue;
    if (!options.known.has(s.rule)) {
      stale.push({ name: e.doc.metadata.name, rule: s.rule, message: `no rule ${s.rule} exists`, source: where });
      continue;
    }
    if (!options.evaluated.has(s.rule)) continue;
    stale.push({
      name: e.doc.metadata.name,
      rule: s.rule,
      message: `${s.rule} finds nothing on ${describe(s.subject)}${isExpired(s.expires, options.today) ? ` (and the exception expired on ${s.expires})` : ""}`,
      source: where,
    });
  }
  return { findings: out, stale };
}
