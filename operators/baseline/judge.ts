/**
 * How the baseline judges live objects: the policies module's `ObjectJudge` (the object rules of the
 * registry, indexed by kind once) in the estate's context (`judgeContext`, built once a day), with the
 * catalog's exceptions applied exactly as `govcloud check` applies them (a matched failure becomes
 * `skip`). Nothing of a rule is re-implemented here.
 */
import type { Estate } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import { judgeContext, ObjectJudge, rules as allRules, type Finding, type JudgeContext, type Rule } from "../../policies/index.js";
import type { KObject } from "../runtime/index.js";

export interface NamespaceJudgement {
  /** Fail, warn, error and skip results, exceptions applied. */
  readonly findings: readonly Finding[];
  /** Passed checks. */
  readonly passes: number;
  /** Objects judged. */
  readonly objects: number;
}

export class BaselineJudge {
  private readonly objectJudge: ObjectJudge;
  /** The kinds the object rules look at. */
  readonly kinds: ReadonlySet<string>;
  private context: { readonly today: string; readonly context: JudgeContext } | undefined;

  constructor(
    readonly estate: Estate,
    rules: readonly Rule[] = allRules,
  ) {
    this.objectJudge = new ObjectJudge(rules);
    this.kinds = new Set(this.objectJudge.rules.flatMap((r) => r.kinds));
  }

  /** The object rules, in registry order. */
  get rules() {
    return this.objectJudge.rules;
  }

  private contextFor(today: string): JudgeContext {
    if (this.context?.today !== today) this.context = { today, context: judgeContext({ today, estate: this.estate }) };
    return this.context.context;
  }

  /**
   * Judges a set of live objects (one namespace's, or the cluster-scoped ones); `namespaceLabels` are
   * the labels of their namespace (department, system, MLPS level) as the rules and exceptions read them.
   */
  judge(objects: readonly Readonly<KObject>[], today: string, namespaceLabels?: Readonly<Record<string, string>>): NamespaceJudgement {
    const context = this.contextFor(today);
    const findings: Finding[] = [];
    let passes = 0;
    let judged = 0;
    const origin = namespaceLabels ? { namespaceLabels } : {};
    for (const o of objects) {
      if (!this.kinds.has(o.kind)) continue;
      judged++;
      const j = this.objectJudge.judge(o as unknown as KubeObject, context, origin);
      for (const f of j.findings) findings.push(f);
      passes += j.passed.length;
    }
    const excepted = this.objectJudge.applyExceptions(findings, context, namespaceLabels ? () => namespaceLabels : undefined);
    return { findings: excepted, passes, objects: judged };
  }
}
