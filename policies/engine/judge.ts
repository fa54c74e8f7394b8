/**
 * The ObjectJudge: the object rules, indexed by kind once, judging one Kubernetes object at a time —
 * for `govcloud check` (planned objects, or `--objects` files) and for the baseline operator (live
 * objects). A rule that throws gives an `error` result instead of stopping the others.
 *
 *   const judge = new ObjectJudge(rules);                       // once
 *   const context = judgeContext({ today, estate });            // once per estate and day
 *   const j = judge.judge(object, context, { namespaceLabels }); // per object
 *   j.findings   // fail, warn and error results (Findings: rule, clause, severity, message, subject)
 *   j.passed     // the rules the object passed
 *   judge.results(j, object)                // every result, passes included (e.g. for a PolicyReport)
 *   judge.applyExceptions(j.findings, context) // the catalog's exceptions, as `govcloud check` applies them
 */
import type { Estate, SourcePosition } from "../../catalog/index.js";
import { customPodTemplateOf, POD_KINDS, podTemplateOf, type KubeObject } from "../../kube/index.js";
import type { JudgeContext } from "../context.js";
import { levelOf } from "../rules/scope.js";
import type { Finding, ObjectContext, Result, Rule, RuleMeta, Subject, Violation } from "../types.js";
import { exceptionIndex, matchExceptions, type ExceptionIndex } from "./exceptions.js";
import { SubjectIndex } from "./subjects.js";

export type ObjectRule = Extract<Rule, { target: "object" }>;

/** Where an object comes from, and what is known around it. */
export interface ObjectOrigin {
  /** Where the object was read from (`check --objects`). */
  readonly source?: SourcePosition;
  /** Position of a field inside the object, when it was read from a file. */
  readonly locate?: (path: readonly (string | number)[]) => SourcePosition;
  /** Labels of the object's namespace (an operator reads them from its cache; check from the objects judged). */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
}

/** The results of one object. */
export interface Judgement {
  /** Fail, warn and error results, in rule order; each a Finding with the object (and offending field) as subject. */
  readonly findings: readonly Finding[];
  /** The rules the object passed, in rule order. */
  readonly passed: readonly ObjectRule[];
}

const POD_KIND_SET: ReadonlySet<string> = new Set(POD_KINDS);

/**
 * What applying an estate's exceptions needs, built once per catalog load (an Estate is immutable and
 * a reload gives a new one): the exceptions by rule and the subjects' facts.
 */
const exceptionsOf = new WeakMap<Estate, { readonly index: ExceptionIndex; readonly subjects: SubjectIndex }>();
const NO_RULES: readonly ObjectRule[] = [];

export function makeFinding(rule: RuleMeta, result: Result, message: string, subject: Subject): Finding {
  return {
    rule: rule.id,
    pack: rule.pack,
    severity: rule.severity,
    clause: rule.clause,
    remediation: rule.remediation,
    result,
    message,
    subject,
  };
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

/** `spec.containers[0].image` from ["spec", "containers", 0, "image"]. */
export const fieldPath = (path: readonly (string | number)[]): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");

/** The object's subject pointing at the offending field (and its line, when the object came from a file). */
function fieldSubject(object: KubeObject, origin: ObjectOrigin, path: readonly (string | number)[]): Subject {
  const base = objectSubject(object, origin.locate ? origin.locate(path) : origin.source);
  return { ...base, fieldPath: fieldPath(path) } as Subject;
}

export const crashed = (e: unknown) => `the rule failed to run: ${(e as Error)?.message ?? String(e)}`;

/** The context of one object: the JudgeContext plus the object, its pod template and its level, read once. */
export function objectContext(object: KubeObject, context: JudgeContext, origin: ObjectOrigin = {}): ObjectContext {
  // A kind of POD_KINDS by its known layout; any other kind by shape (a Rollout, a CloneSet…).
  const pod = POD_KIND_SET.has(object.kind) ? podTemplateOf(object) : customPodTemplateOf(object);
  const ctx = {
    today: context.today,
    estate: context.estate,
    facts: context.facts,
    addressPlan: context.addressPlan,
    drPlan: context.drPlan,
    object,
    source: origin.source,
    namespaceLabels: origin.namespaceLabels,
    pod,
    level: 0,
  };
  ctx.level = levelOf(ctx, pod?.metadata?.labels);
  return ctx;
}

export class ObjectJudge {
  /** The object rules, in registry order. */
  readonly rules: readonly ObjectRule[];
  private readonly byKind = new Map<string, ObjectRule[]>();
  /** The rules of the pod-controller kinds (POD_KINDS), each once: for kinds no rule names that carry a pod template. */
  private readonly podRules: readonly ObjectRule[];

  /** Indexes the object rules among `rules` by kind (other targets are ignored). */
  constructor(rules: readonly Rule[]) {
    this.rules = rules.filter((r): r is ObjectRule => r.target === "object");
    for (const rule of this.rules) {
      for (const kind of rule.kinds) {
        const list = this.byKind.get(kind);
        if (list) list.push(rule);
        else this.byKind.set(kind, [rule]);
      }
    }
    this.podRules = this.rules.filter((r) => r.kinds.some((k) => POD_KIND_SET.has(k)));
  }

  /**
   * The rules that judge this object: those of its kind; for a kind no rule names, the workload rules
   * when the object carries a pod template (`spec.template.spec`, `spec.jobTemplate.spec.template.spec`
   * or a bare `spec.containers`), so an Argo Rollout is judged as a Deployment is. Empty when none does.
   */
  rulesForObject(object: KubeObject): readonly ObjectRule[] {
    const rules = this.byKind.get(object.kind);
    if (rules) return rules;
    return this.podRules.length > 0 && customPodTemplateOf(object) ? this.podRules : NO_RULES;
  }

  /** The rules that judge objects of this kind by name (empty when none does; see rulesForObject for custom workloads). */
  rulesFor(kind: string): readonly ObjectRule[] {
    return this.byKind.get(kind) ?? NO_RULES;
  }

  /** Judges one object with every rule of its kind. */
  judge(object: KubeObject, context: JudgeContext, origin: ObjectOrigin = {}): Judgement {
    const findings: Finding[] = [];
    const passed: ObjectRule[] = [];
    this.judgeInto(object, context, origin, { finding: (f) => findings.push(f), pass: (rule) => passed.push(rule) });
    return { findings, passed: passed.length ? passed : NO_RULES };
  }

  /**
   * Judges one object, handing each result to `sink` as it comes, in rule order (`evaluate` counts
   * passes this way instead of materialising them). Returns the number of rules run.
   */
  judgeInto(
    object: KubeObject,
    context: JudgeContext,
    origin: ObjectOrigin,
    sink: { finding(f: Finding): void; pass(rule: ObjectRule): void },
  ): number {
    const rules = this.rulesForObject(object);
    if (rules.length === 0) return 0;
    const ctx = objectContext(object, context, origin);
    for (const rule of rules) {
      let violations: readonly Violation[];
      try {
        violations = rule.check(ctx);
      } catch (e) {
        sink.finding(makeFinding(rule, "error", crashed(e), objectSubject(object, origin.source)));
        continue;
      }
      if (violations.length === 0) {
        sink.pass(rule);
        continue;
      }
      for (const v of violations) {
        const subject =
          v.subject ??
          (v.path && v.path.length > 0 ? fieldSubject(object, origin, v.path) : objectSubject(object, origin.source));
        sink.finding(makeFinding(rule, v.result ?? "fail", v.message, subject));
      }
    }
    return rules.length;
  }

  /** Every result of a judgement, passes included (as `govcloud check --show-passed` lists them). */
  results(j: Judgement, object: KubeObject, source?: SourcePosition): Finding[] {
    return [
      ...j.findings,
      ...j.passed.map((rule) => makeFinding(rule, "pass", `${rule.title}: passed`, objectSubject(object, source))),
    ];
  }

  /**
   * Applies the estate's exceptions (catalog/exceptions/) to findings of objects, as `govcloud check`
   * does: a matched failure becomes `skip` with the exception, an expired exception re-raises it.
   * `labels` gives an object's labels (department, system, cloud) for objects whose namespace is not
   * one of the estate's. Without an estate the findings are returned as they are. (Which exceptions
   * are stale is a question about a whole run: `evaluate` answers it.)
   */
  applyExceptions(
    findings: readonly Finding[],
    context: JudgeContext,
    labels?: (f: Finding) => Readonly<Record<string, string>> | undefined,
  ): Finding[] {
    const estate = context.estate;
    if (!estate) return [...findings];
    let prepared = exceptionsOf.get(estate);
    if (!prepared)
      exceptionsOf.set(
        estate,
        (prepared = { index: exceptionIndex(estate.exceptions), subjects: new SubjectIndex(estate) }),
      );
    const { index, subjects } = prepared;
    return matchExceptions(findings, index, {
      today: context.today,
      facts: (f) => subjects.facts(f.subject, labels?.(f)),
    });
  }
}
