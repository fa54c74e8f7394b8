/**
 * The policy contract: rules are plain functions over plain data.
 *
 * Layout: `policies/rules/<pack>/index.ts` exports `rules: readonly Rule[]` for its pack; every rule
 * ships fixtures next to it, as Kyverno's policy library does:
 * `policies/rules/<pack>/fixtures/<RULE-ID>/pass*.yaml` and `fail*.yaml`. An object rule's fixture is
 * one or more Kubernetes objects (multi-document YAML); the suite asserts that every object of a
 * pass fixture passes and that a fail fixture gives at least one failure. A request or estate rule's
 * fixture is a multi-document YAML of catalog documents (SystemRequest, CloudNode, Department, ...)
 * laid over the small test estate of tests/support/tiny-catalog.ts, each replacing the document of
 * the same kind and name (a request: the same department and system) or adding it; the rule is then
 * judged on the resulting estate, and only the fixture's own documents count as its subjects. An estate rule that
 * judges sets of objects (EstateContext.objects) takes the fixture's Kubernetes objects (any apiVersion outside
 * govcloud.io) as those objects, each on the cloud node named by its govcloud.io/cloud label (else "fixture").
 * Object fixtures are judged with the tiny estate as context (a rule that needs the estate, e.g. for the
 * approved registries, says so by returning nothing without one). The same rule code runs in
 * `govcloud check` (over the catalog and the Plan) and inside the baseline operator (over one live
 * object), so a rule never does I/O and never reaches outside the context it is given.
 */
import type { Loaded, SourcePosition, SystemRequest } from "../catalog/index.js";
import type { KubeObject, PodTemplate } from "../kube/index.js";
import type { PlannedObject } from "../stacks/index.js";
import type { EstateJudgeContext, JudgeContext } from "./context.js";

export type Severity = "critical" | "high" | "medium" | "low" | "info";

/** Result values of the Kubernetes Policy WG PolicyReport (wgpolicyk8s.io/v1alpha2). */
export type Result = "pass" | "fail" | "warn" | "error" | "skip";

export type Pack = "mlps2" | "mlps3" | "crypto" | "data" | "network" | "dr" | "autonomy" | "governance";

/**
 * The clause a rule enforces, in one structured form: the source (designation + edition, one of
 * policies/sources.ts), the clause number and its title as the source titles it, and whether the rule
 * is the clause's own text (`derived: false`) or the project's derivation from it (`derived: true`,
 * with `derivedFrom` naming the source and the reasoning). Build it with `cite()` / `mlps()`.
 */
export interface Clause {
  /** Designation without edition, e.g. "GB/T 22239", "中华人民共和国网络安全法", "晋政办发〔2023〕82号". */
  readonly standard: string;
  /** Edition: "2019", "2025", a document's date of issue. */
  readonly edition: string;
  /** Clause number as the source numbers it: "8.1.3.1", "art. 23", "三(二)4", "8.2 a)". */
  readonly clause: string;
  /** The clause's title as the source titles it (with an English gloss). */
  readonly title: string;
  readonly derived: boolean;
  /** When derived: from what, and how. */
  readonly derivedFrom?: string;
}

/** What a finding is about: a place in a catalog file, or a Kubernetes object. */
export type Subject =
  | ({
      readonly type: "catalog";
      readonly department?: string;
      readonly system?: string;
      readonly cloud?: string;
    } & SourcePosition)
  | {
      readonly type: "object";
      readonly apiVersion: string;
      readonly kind: string;
      readonly namespace?: string;
      readonly name: string;
      /** Where the object came from, when it was read from a file (`check --objects`): the offending field's line when known. */
      readonly source?: SourcePosition;
      /** The offending field inside the object, e.g. `spec.template.spec.containers[0].securityContext`. */
      readonly fieldPath?: string;
    };

export interface Finding {
  readonly rule: string;
  /** The rule's pack, severity, clause and remediation, copied by the engine so a finding stands alone. */
  readonly pack?: Pack;
  readonly severity?: Severity;
  readonly clause?: Clause;
  readonly remediation?: string;
  readonly result: Result;
  readonly message: string;
  readonly subject: Subject;
  /** Set when an exception turned a failure into `skip`, or an expired one re-raised it. */
  readonly exception?: {
    readonly name: string;
    readonly justification: string;
    readonly approver: string;
    readonly expires: string;
    readonly expired: boolean;
  };
}

/** What the rule is evaluated on. */
export type Target = "request" | "estate" | "object";

export interface RuleMeta {
  /** Stable id, e.g. MLPS3-NET-001: PACK-AREA-NNN. */
  readonly id: string;
  readonly title: string;
  readonly pack: Pack;
  readonly severity: Severity;
  readonly clause: Clause;
  readonly target: Target;
  /** Why the rule exists, in a sentence or two (SARIF help text). */
  readonly description: string;
  /** What to do about a failure. */
  readonly remediation: string;
  /**
   * Request rules only: whether the rule also judges a system that will never run on the cloud (migration
   * phase exempt or retired). Default false: the cloud's requirements (MLPS controls, crypto, DR, data
   * sharing, ...) are about the system on the cloud, which an exempt or retired system is not.
   */
  readonly offCloud?: boolean;
}

/** A request rule's context: the JudgeContext (with its estate) and one request. */
export interface RequestContext extends EstateJudgeContext {
  readonly request: Loaded<SystemRequest>;
}

export interface EstateContext extends EstateJudgeContext {
  /**
   * The objects planned for (or, in an operator, living on) each cloud node, for rules over sets of
   * objects such as "every tenant namespace has a default-deny NetworkPolicy". Absent when only the
   * catalog is judged; such rules then report nothing.
   */
  readonly objects?: readonly PlannedObject[];
}

/** An object rule's context: the JudgeContext, the object, and what the ObjectJudge reads of it once. */
export interface ObjectContext extends JudgeContext {
  readonly object: KubeObject;
  readonly source?: SourcePosition;
  /**
   * Labels of the object's namespace, when known (an operator reads them from its informer cache):
   * govcloud.io/mlps-level there tells the system's level when no estate is given.
   */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  /** The pod template of a workload object (kube `podTemplateOf`), read once per object; undefined for other kinds. */
  readonly pod: PodTemplate | undefined;
  /** The MLPS level the object is held to (rules/scope.ts `levelOf`, with the pod template's labels), once per object. */
  readonly level: number;
}

/** A violation a check reports; the engine fills in rule, result and subject defaults. */
export interface Violation {
  readonly message: string;
  /**
   * Path inside the request document (catalog rules) to point at the exact line; for object rules, the
   * path of the offending field inside the object (e.g. spec.template.spec.containers[0].securityContext).
   */
  readonly path?: readonly (string | number)[];
  /** Override of the subject (estate-wide rules report on a specific node, department or system). */
  readonly subject?: Subject;
  /** `warn` for findings to review rather than violations (e.g. zombie-system candidates); default `fail`. */
  readonly result?: "fail" | "warn";
}

export type Rule =
  | (RuleMeta & { readonly target: "request"; readonly check: (ctx: RequestContext) => readonly Violation[] })
  | (RuleMeta & { readonly target: "estate"; readonly check: (ctx: EstateContext) => readonly Violation[] })
  | (RuleMeta & {
      readonly target: "object";
      /** Kinds the rule looks at; the engine only calls it on these. */
      readonly kinds: readonly string[];
      readonly check: (ctx: ObjectContext) => readonly Violation[];
    });
