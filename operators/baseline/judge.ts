/**
 * How the baseline judges live objects: the object rules of the registry, in the estate's context,
 * with the catalog's exceptions applied exactly as `govcloud check` applies them (a matched failure
 * becomes `skip`). The rules are the policies module's; nothing is re-implemented here.
 */
import type { Estate } from "../../catalog/index.js";
import { evaluate, rules as allRules, type Finding, type Rule } from "../../policies/index.js";
import type { KObject } from "../runtime/index.js";

export type ObjectRule = Extract<Rule, { target: "object" }>;

export interface NamespaceJudgement {
  /** Fail, warn, error and skip results, exceptions applied. */
  readonly findings: readonly Finding[];
  /** Passed checks. */
  readonly passes: number;
  /** Objects judged. */
  readonly objects: number;
}

export class BaselineJudge {
  readonly rules: readonly ObjectRule[];
  /** The kinds the object rules look at. */
  readonly kinds: ReadonlySet<string>;

  constructor(
    readonly estate: Estate,
    rules: readonly Rule[] = allRules,
  ) {
    this.rules = rules.filter((r): r is ObjectRule => r.target === "object");
    this.kinds = new Set(this.rules.flatMap((r) => r.kinds));
  }

  /** Judges a set of live objects (one namespace's, or the cluster-scoped ones). */
  judge(objects: readonly Readonly<KObject>[], today: string): NamespaceJudgement {
    const judged = objects.filter((o) => this.kinds.has(o.kind));
    const e = evaluate({ rules: this.rules, estate: this.estate, today, objects: judged.map((object) => ({ object: object as KObject })), targets: new Set(["object"] as const) });
    return { findings: e.findings, passes: e.passes.total, objects: judged.length };
  }
}
