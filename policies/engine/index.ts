/**
 * The rule engine: request rules once per request, estate rules once, object rules once per object
 * of their kinds (through the ObjectJudge); then exceptions. Pure: the estate, the objects and the
 * date in, findings out.
 *
 * Object rules are indexed by kind, so an object costs one map lookup plus the checks that apply to
 * it; passes are counted, not materialised (a 10x estate plans hundreds of thousands of objects).
 */
import {
  neverOnCloud,
  type Estate,
  type Loaded,
  type SourcePosition,
  type SystemRequest,
} from "../../catalog/index.js";
import { namespaceOf, namespaceOfObject, systemKey, type KubeObject } from "../../kube/index.js";
import { judgeContext, type EstateJudgeContext, type JudgeContext } from "../context.js";
import type { Finding, Rule, RuleMeta, Subject, Target, Violation } from "../types.js";
import { applyExceptions, type StaleException } from "./exceptions.js";
import { crashed, makeFinding, ObjectJudge, objectSubject } from "./judge.js";
import { Scope, SubjectIndex, type SubjectFacts } from "./subjects.js";

export { applyExceptions, exceptionMatches, isExpired, type StaleException } from "./exceptions.js";
export { Scope, SubjectIndex, type SubjectFacts } from "./subjects.js";
export {
  ObjectJudge,
  objectContext,
  objectSubject,
  fieldPath,
  type Judgement,
  type ObjectOrigin,
  type ObjectRule,
} from "./judge.js";

/** An object to judge, with where it was read from (`check --objects`) or the node it is planned on. */
export interface ObjectInput {
  readonly object: KubeObject;
  readonly source?: SourcePosition;
  /** Position of a field inside the object, when it was read from a file. */
  readonly locate?: (path: readonly (string | number)[]) => SourcePosition;
  readonly node?: string;
}

export interface EvaluateInput {
  readonly rules: readonly Rule[];
  readonly estate?: Estate;
  /** The context the rules read (`judgeContext`); built here from `today` and `estate` when absent. */
  readonly context?: JudgeContext;
  /** The object rules indexed by kind; built here from `rules` when absent. */
  readonly judge?: ObjectJudge;
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
  /** Objects no rule judges (their kind is named by no rule and they carry no pod template), by apiVersion and kind, sorted. */
  readonly notJudged: readonly NotJudgedKind[];
}

/** Objects of one apiVersion and kind that no rule judged. */
export interface NotJudgedKind {
  readonly apiVersion: string;
  readonly kind: string;
  readonly count: number;
}

function requestSubject(r: Loaded<SystemRequest>, path: readonly (string | number)[] | undefined): Subject {
  const at = r.locate(path ?? []);
  const s = r.doc.spec;
  return {
    type: "catalog",
    department: s.department,
    system: r.doc.metadata.name,
    cloud: s.cloud,
    file: at.file,
    line: at.line,
    column: at.column,
  };
}

/** What the sections of one evaluation share: where results go, and how passes are counted. */
interface Run {
  readonly input: EvaluateInput;
  readonly subjects: SubjectIndex;
  readonly scope: Scope | undefined;
  readonly findings: Finding[];
  readonly passes: PassCounts;
  readonly evaluated: Set<string>;
  /** Object labels of findings, kept aside since the subject does not carry them. */
  readonly labelsOf: WeakMap<Finding, Readonly<Record<string, string>>>;
  /** Objects no rule judges, by `apiVersion kind`. */
  readonly notJudged: Map<string, NotJudgedKind>;
  checks: number;
}

function pass(run: Run, rule: RuleMeta, namespace: string, n: number, subject?: () => Subject): void {
  if (n === 0) return;
  const { passes } = run;
  passes.total += n;
  passes.byNamespace.set(namespace, (passes.byNamespace.get(namespace) ?? 0) + n);
  passes.byRule.set(rule.id, (passes.byRule.get(rule.id) ?? 0) + n);
  if (run.input.listPasses && subject) run.findings.push(makeFinding(rule, "pass", `${rule.title}: passed`, subject()));
}

/** Request rules: once per request in scope. Returns the requests judged. */
function evaluateRequests(run: Run, context: EstateJudgeContext): number {
  const { estate } = context;
  const requests = estate.requests.filter((r) => !run.scope || run.scope.systems.has(systemKey(r.doc)));
  // Each request's namespace once, not once per rule that passes it.
  const namespaces = requests.map((r) => namespaceOf(r.doc));
  for (const rule of run.input.rules) {
    if (rule.target !== "request") continue;
    run.evaluated.add(rule.id);
    for (let i = 0; i < requests.length; i++) {
      const request = requests[i]!;
      if (!rule.offCloud && neverOnCloud(request.doc.spec)) continue;
      run.checks++;
      let violations: readonly Violation[];
      try {
        violations = rule.check({ ...context, request });
      } catch (e) {
        run.findings.push(makeFinding(rule, "error", crashed(e), requestSubject(request, [])));
        continue;
      }
      if (violations.length === 0) pass(run, rule, namespaces[i]!, 1, () => requestSubject(request, []));
      for (const v of violations)
        run.findings.push(
          makeFinding(rule, v.result ?? "fail", v.message, v.subject ?? requestSubject(request, v.path)),
        );
    }
  }
  return requests.length;
}

/** Estate rules: once; in a scoped run only what concerns the judged systems is kept. */
function evaluateEstate(run: Run, context: EstateJudgeContext): void {
  const { estate } = context;
  const planned = run.input.objects?.map((o) => ({ node: o.node ?? "", object: o.object }));
  const estateSubject = (): Subject => ({ type: "catalog", ...estate.estate.source });
  for (const rule of run.input.rules) {
    if (rule.target !== "estate") continue;
    run.evaluated.add(rule.id);
    run.checks++;
    let violations: readonly Violation[];
    try {
      violations = rule.check({ ...context, ...(planned ? { objects: planned } : {}) });
    } catch (e) {
      run.findings.push(makeFinding(rule, "error", crashed(e), estateSubject()));
      continue;
    }
    let kept = 0;
    for (const v of violations) {
      const subject = v.subject ?? estateSubject();
      if (run.scope && !run.scope.covers(run.subjects.facts(subject))) continue;
      kept++;
      run.findings.push(makeFinding(rule, v.result ?? "fail", v.message, subject));
    }
    if (kept === 0) pass(run, rule, "", 1, estateSubject);
  }
}

/** Object rules, through the ObjectJudge. Returns the objects judged. */
function evaluateObjects(run: Run, context: JudgeContext, objects: readonly ObjectInput[]): number {
  const judge = run.input.judge ?? new ObjectJudge(run.input.rules);
  for (const rule of judge.rules) run.evaluated.add(rule.id);
  // The labels of the namespaces among the objects, for rules that read the namespace's level.
  const namespaceLabels = new Map<string, Readonly<Record<string, string>>>();
  for (const o of objects) {
    if (o.object.kind === "Namespace" && o.object.metadata.labels)
      namespaceLabels.set(o.object.metadata.name, o.object.metadata.labels);
  }
  let count = 0;
  // One sink for every object (not two closures per object), reading the object being judged.
  let current: ObjectInput = objects[0]!;
  let labels: Readonly<Record<string, string>> | undefined;
  let namespace = "";
  const subjectOf = () => objectSubject(current.object, current.source);
  const sink = {
    finding(f: Finding) {
      if (labels) run.labelsOf.set(f, labels);
      run.findings.push(f);
    },
    // `pass` calls the subject at once (when passes are listed), while `current` is this object.
    pass: (rule: RuleMeta) => pass(run, rule, namespace, 1, subjectOf),
  };
  for (const o of objects) {
    const object = o.object;
    if (judge.rulesForObject(object).length === 0) {
      const key = `${object.apiVersion}\u0000${object.kind}`;
      const seen = run.notJudged.get(key);
      run.notJudged.set(key, { apiVersion: object.apiVersion, kind: object.kind, count: (seen?.count ?? 0) + 1 });
      continue;
    }
    if (run.scope && !run.scope.covers(run.subjects.facts(objectSubject(object), object.metadata.labels))) continue;
    count++;
    current = o;
    namespace = namespaceOfObject(object) ?? "";
    labels = object.metadata.labels;
    const nsLabels =
      object.metadata.namespace !== undefined ? namespaceLabels.get(object.metadata.namespace) : undefined;
    run.checks += judge.judgeInto(
      object,
      context,
      { source: o.source, locate: o.locate, namespaceLabels: nsLabels },
      sink,
    );
  }
  return count;
}

export function evaluate(input: EvaluateInput): Evaluation {
  const { today } = input;
  const estate = input.estate ?? input.context?.estate;
  const targets =
    input.targets ??
    new Set<Target>([
      ...(estate ? (["request", "estate"] as const) : []),
      ...(input.objects ? (["object"] as const) : []),
    ]);
  const context = input.context ?? judgeContext({ today, ...(estate ? { estate } : {}) });
  const subjects = new SubjectIndex(estate);
  const scope = input.systems ? new Scope(input.systems, estate) : undefined;
  const run: Run = {
    input,
    subjects,
    scope,
    findings: [],
    passes: { total: 0, byNamespace: new Map(), byRule: new Map() },
    evaluated: new Set(),
    labelsOf: new WeakMap(),
    notJudged: new Map(),
    checks: 0,
  };
  const withEstate = estate ? (context as EstateJudgeContext) : undefined;
  const requests = withEstate && targets.has("request") ? evaluateRequests(run, withEstate) : 0;
  if (withEstate && targets.has("estate")) evaluateEstate(run, withEstate);
  const objects = input.objects && targets.has("object") ? evaluateObjects(run, context, input.objects) : 0;

  const notJudged = [...run.notJudged.values()].sort((a, b) =>
    a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : a.apiVersion < b.apiVersion ? -1 : a.apiVersion > b.apiVersion ? 1 : 0,
  );
  const factsOf = (f: Finding): SubjectFacts => subjects.facts(f.subject, run.labelsOf.get(f));
  const known = new Set(input.rules.map((r) => r.id));
  const applied = estate
    ? applyExceptions(run.findings, estate.exceptions, {
        today,
        known,
        evaluated: run.evaluated,
        facts: factsOf,
        ...(scope ? { scope } : {}),
      })
    : { findings: run.findings, stale: [] };
  return {
    findings: applied.findings,
    passes: run.passes,
    stale: applied.stale,
    evaluated: run.evaluated,
    stats: { requests, objects, checks: run.checks },
    notJudged,
  };
}

export { touchedSystems, type Touched } from "./changes.js";
