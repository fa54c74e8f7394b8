/**
 * The rule engine: request rules once per request, estate rules once, object rules once per object
 * of their kinds; then exceptions. Pure: the estate, the objects and the date in, findings out.
 *
 * Object rules are indexed by kind, so an object costs one map lookup plus the checks that apply to
 * it; passes are counted, not materialised (a 10x estate plans hundreds of thousands of objects).
 */
import type { Estate, Loaded, SourcePosition, SystemRequest } from "../../catalog/index.js";
import type { KubeObject } from "../../stacks/plan/types.js";
import type { Finding, ObjectContext, Result, Rule, RuleMeta, Subject, Target, Violation } from "../types.js";
import { applyExceptions, type StaleException } from "./exceptions.js";
import { Scope, SubjectIndex, type SubjectFacts } from "./subjects.js";

export { applyExceptions, exceptionMatches, isExpired, type StaleException } from "./exceptions.js";
export { Scope, SubjectIndex, type SubjectFacts } from "./subjects.js";

/** An object to judge, with where it was read from (`check --objects`) or the node it is planned on. */
export interface ObjectInput {
  readonly object: KubeObject;
  readonly source?: SourcePosition;
  /** Position of a field inside the object, when it was read from a file. */
  readonly locate?: (path: readonly (string | number)[]) => SourcePosition;
  readonly node?: string;
}

/** `spec.containers[0].image` from ["spec", "containers", 0, "image"]. */
export const fieldPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

export interface EvaluateInput {
  readonly rules: readonly Rule[];
  readonly estate?: Estate;
  readonly objects?: readonly ObjectInput[];
  /** The date judged by, YYYY-MM-DD. */
  readonly today: string;
  /** Judge only these systems (`<department>/<system>`), with the whole estate as context. */
  readonly systems?: ReadonlySet<string>;
  /** Targets to evaluate; default: request and estate rules when an estate is given, object rules when objects are. */
  readonly targets?: ReadonlySet<Target>;
  /** List passed results as findings too (default: only counted). */
  readonly listPasses?: boolean;
}

export interface PassCounts {
  total: number;
  /** Passes per namespace; "" for cluster-scoped and estate-wide subjects. */
  readonly byNamespace: Map<string, number>;
  readonly byRule: Map<string, number>;
}

export interface Evaluation {
  /** Every non-passing result (and passes when listPasses), exceptions applied, in evaluation order. */
  readonly findings: readonly Finding[];
  readonly passes: PassCounts;
  readonly stale: readonly StaleException[];
  /** Ids of the rules evaluated. */
  readonly evaluated: ReadonlySet<string>;
  readonly stats: { readonly requests: number; readonly objects: number; readonly checks: number };
}

type ObjectRule = Extract<Rule, { target: "object" }>;

function makeFinding(rule: RuleMeta, result: Result, message: string, subject: Subject): Finding {
  return { rule: rule.id, pack: rule.pack, severity: rule.severity, clause: rule.clause, remediation: rule.remediation, result, message, subject };
}

function requestSubject(r: Loaded<SystemRequest>, path: readonly (string | number)[] | undefined): Subject {
  const at = r.locate(path ?? []);
  const s = r.doc.spec;
  return { type: "catalog", department: s.department, system: r.doc.metadata.name, cloud: s.cloud, file: at.file, line: at.line, column: at.column };
}

export function objectSubject(object: KubeObject, source?: SourcePosition): Subject {
  const ns = object.metadata.namespace;
  return {
    type: "object",
    apiVersion: object.apiVersion,
    kind: object.kind,
    ...(ns !== undefined ? { namespace: ns } : {}),
    name: object.metadata.name,
    ...(source ? { source } : {}),
  };
}

/** The object's subject pointing at the offending field (and its line, when the object came from a file). */
function fieldSubject(object: KubeObject, o: ObjectInput, path: readonly (string | number)[]): Subject {
  const base = objectSubject(object, o.locate ? o.locate(path) : o.source);
  return { ...base, fieldPath: fieldPath(path) } as Subject;
}

const crashed = (e: unknown) => `the rule failed to run: ${(e as Error)?.message ?? String(e)}`;

export function evaluate(input: EvaluateInput): Evaluation {
  const { estate, today } = input;
  const targets = input.targets ?? new Set<Target>([...(estate ? (["request", "estate"] as const) : []), ...(input.objects ? (["object"] as const) : [])]);
  const subjects = new SubjectIndex(estate);
  const scope = input.systems ? new Scope(input.systems, estate) : undefined;
  const findings: Finding[] = [];
  const passes: PassCounts = { total: 0, byNamespace: new Map(), byRule: new Map() };
  const evaluated = new Set<string>();
  let checks = 0;
  const pass = (rule: RuleMeta, namespace: string, n: number, subject?: () => Subject) => {
    if (n === 0) return;
    passes.total += n;
    passes.byNamespace.set(namespace, (passes.byNamespace.get(namespace) ?? 0) + n);
    passes.byRule.set(rule.id, (passes.byRule.get(rule.id) ?? 0) + n);
    if (input.listPasses && subject) findings.push(makeFinding(rule, "pass", `${rule.title}: passed`, subject()));
  };
  /** Facts per finding; object labels are kept aside since the subject does not carry them. */
  const labelsOf = new WeakMap<Finding, Readonly<Record<string, string>>>();
  const factsOf = (f: Finding): SubjectFacts => subjects.facts(f.subject, labelsOf.get(f));

  // Request rules: once per request in scope.
  const requests = estate && targets.has("request") ? estate.requests.filter((r) => !scope || scope.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) : [];
  const requestRules = input.rules.filter((r): r is Extract<Rule, { target: "request" }> => r.target === "request");
  if (estate && targets.has("request")) {
    for (const rule of requestRules) {
      evaluated.add(rule.id);
      for (const request of requests) {
        checks++;
        let violations: readonly Violation[];
        try {
          violations = rule.check({ estate, request, today });
        } catch (e) {
          findings.push(makeFinding(rule, "error", crashed(e), requestSubject(request, [])));
          continue;
        }
        const namespace = `${request.doc.spec.department}-${request.doc.metadata.name}`;
        if (violations.length === 0) pass(rule, namespace, 1, () => requestSubject(request, []));
        for (const v of violations) findings.push(makeFinding(rule, v.result ?? "fail", v.message, v.subject ?? requestSubject(request, v.path)));
      }
    }
  }

  // Estate rules: once; in a scoped run only what concerns the judged systems is kept.
  if (estate && targets.has("estate")) {
    const planned = input.objects?.map((o) => ({ node: o.node ?? "", object: o.object }));
    const estateSubject = (): Subject => ({ type: "catalog", ...estate.estate.source });
    for (const rule of input.rules) {
      if (rule.target !== "estate") continue;
      evaluated.add(rule.id);
      checks++;
      let violations: readonly Violation[];
      try {
        violations = rule.check({ estate, today, ...(planned ? { objects: planned } : {}) });
      } catch (e) {
        findings.push(makeFinding(rule, "error", crashed(e), estateSubject()));
        continue;
      }
      let kept = 0;
      for (const v of violations) {
        const subject = v.subject ?? estateSubject();
        if (scope && !scope.covers(subjects.facts(subject))) continue;
        kept++;
        findings.push(makeFinding(rule, v.result ?? "fail", v.message, subject));
      }
      if (kept === 0) pass(rule, "", 1, estateSubject);
    }
  }

  // Object rules: indexed by kind.
  let objectCount = 0;
  if (input.objects && targets.has("object")) {
    const byKind = new Map<string, ObjectRule[]>();
    for (const rule of input.rules) {
      if (rule.target !== "object") continue;
      evaluated.add(rule.id);
      for (const kind of rule.kinds) {
        const list = byKind.get(kind);
        if (list) list.push(rule);
        else byKind.set(kind, [rule]);
      }
    }
    // The labels of the namespaces among the objects, for rules that read the namespace's level.
    const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
    for (const o of input.objects) {
      if (o.object.kind === "Namespace" && o.object.metadata.labels) namespaceLabels.set(o.object.metadata.name, o.object.metadata.labels);
    }
    for (const o of input.objects) {
      const object = o.object;
      const rules = byKind.get(object.kind);
      if (!rules) continue;
      const namespace = object.kind === "Namespace" ? object.metadata.name : (object.metadata.namespace ?? "");
      if (scope && !scope.covers(subjects.facts(objectSubject(object), object.metadata.labels))) continue;
      objectCount++;
      const nsLabels = object.metadata.namespace !== undefined ? namespaceLabels.get(object.metadata.namespace) : undefined;
      // One small context per object; absent parts stay undefined rather than spread in.
      const ctx: ObjectContext = { object, estate, source: o.source, namespaceLabels: nsLabels };
      for (const rule of rules) {
        checks++;
        let violations: readonly Violation[];
        try {
          violations = rule.check(ctx);
        } catch (e) {
          const f = makeFinding(rule, "error", crashed(e), objectSubject(object, o.source));
          if (object.metadata.labels) labelsOf.set(f, object.metadata.labels);
          findings.push(f);
          continue;
        }
        if (violations.length === 0) {
          pass(rule, namespace, 1, () => objectSubject(object, o.source));
          continue;
        }
        for (const v of violations) {
          const subject = v.subject ?? (v.path && v.path.length > 0 ? fieldSubject(object, o, v.path) : objectSubject(object, o.source));
          const f = makeFinding(rule, v.result ?? "fail", v.message, subject);
          if (object.metadata.labels) labelsOf.set(f, object.metadata.labels);
          findings.push(f);
        }
      }
    }
  }

  const known = new Set(input.rules.map((r) => r.id));
  const applied = estate
    ? applyExceptions(findings, estate.exceptions, { today, known, evaluated, facts: factsOf, ...(scope ? { scope } : {}) })
    : { findings, stale: [] };
  return { findings: applied.findings, passes, stale: applied.stale, evaluated, stats: { requests: requests.length, objects: objectCount, checks } };
}
export { touchedSystems, type Touched } from "./changes.js";
