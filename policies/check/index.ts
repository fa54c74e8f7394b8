/**
 * The `check` use case: judge a catalog change, a whole estate, or Kubernetes objects read from files.
 *
 * - With `changed`: the systems the changed catalog files touch are judged, with the whole estate as
 *   context; the object rules judge what the catalog plans for those systems (their namespaces and
 *   their DR copies on the partner nodes): nothing else is planned, since the scope would drop it.
 * - Without `changed`: the whole estate and every planned object.
 * - With `objects` (`check --objects`): only the object rules, over those objects; the estate, when
 *   there is one, is context.
 *
 * Pure apart from the planner's and rules' own work: no I/O, no printing. The caller (bin/) reads the
 * files, prints what comes back and chooses the exit code.
 */
import type { Diagnostic, Estate } from "../../catalog/index.js";
import { sortDiagnostics } from "../../catalog/index.js";
import { planEstate } from "../../stacks/index.js";
import { judgeContext, type JudgeContext } from "../context.js";
import { evaluate, type Evaluation, type ObjectInput } from "../engine/index.js";
import { touchedSystems } from "../engine/changes.js";
import { Context, drEffect, summarizeFindings, type ReportSummary, type ReportContext } from "../formats/index.js";
import { rules as registry } from "../rules/index.js";
import type { Rule } from "../types.js";

export interface CheckChangeInput {
  /** The date judged by, YYYY-MM-DD. */
  readonly today: string;
  /** The estate; required unless `objects` are given (then it is context when present). */
  readonly estate?: Estate;
  /** Catalog-relative paths the change adds or modifies (`--changed`); absent: judge everything. */
  readonly changed?: readonly string[];
  /** Objects read from files (`--objects`): judged by the object rules instead of the planned objects. */
  readonly objects?: readonly ObjectInput[];
  /** The rules (default: the registry). */
  readonly rules?: readonly Rule[];
  /** List passed results as findings too (text `--show-passed`). */
  readonly listPasses?: boolean;
  /** Add the DR placement of the judged systems as an extra section (the Markdown PR comment). */
  readonly drSection?: boolean;
  /** For the report: the catalog root relative to the repository root, and the tool's version. */
  readonly catalogPath?: string;
  readonly toolVersion?: string;
}

export interface CheckChangeResult {
  readonly evaluation: Evaluation;
  /** What the formatters need besides the findings (`formatReport(format, evaluation.findings, report)`). */
  readonly report: ReportContext;
  readonly summary: ReportSummary;
  /** The systems judged (`<department>/<system>`), when only part of the estate was. */
  readonly systems?: readonly string[];
  /** Changed paths that are not documents of the estate, or were deleted: not judged. */
  readonly ignored: readonly string[];
  /** What planning reported; the objects it could plan were judged. */
  readonly planDiagnostics: readonly Diagnostic[];
}

/**
 * The objects the catalog plans: every node's, or in a scoped run only the judged systems' (their
 * namespaces and DR copies, wherever they go): the rest of their nodes would be planned only to be
 * dropped by the scope.
 */
function plannedObjects(
  context: JudgeContext & { readonly estate: Estate },
  systems: ReadonlySet<string> | undefined,
): { objects: ObjectInput[]; diagnostics: Diagnostic[] } {
  // Judged, never written: the objects as the planners built them (rules read content, not key order).
  const plan = planEstate(context.estate, { canonical: false, ...(systems ? { systems } : {}) });
  const objects: ObjectInput[] = [];
  for (const n of plan.nodes) for (const object of n.objects) objects.push({ object, node: n.node });
  return { objects, diagnostics: sortDiagnostics(plan.diagnostics) };
}

/** Judges a change (or everything, or objects from files); see the module comment. */
export function checkChange(input: CheckChangeInput): CheckChangeResult {
  const { estate, today } = input;
  const rules = input.rules ?? registry;
  const context = judgeContext({ today, ...(estate ? { estate } : {}) });

  let systems: Set<string> | undefined;
  let ignored: string[] = [];
  if (estate && input.changed) {
    const touched = touchedSystems(estate, input.changed);
    ignored = [...touched.ignored];
    if (!touched.whole) systems = new Set(touched.systems);
  }

  let objects = input.objects;
  let planDiagnostics: Diagnostic[] = [];
  if (estate && !objects) {
    const planned = plannedObjects({ ...context, estate }, systems);
    planDiagnostics = planned.diagnostics;
    objects = planned.objects;
  }

  const evaluation = evaluate({
    rules,
    today,
    context,
    ...(estate ? { estate } : {}),
    ...(objects ? { objects } : {}),
    ...(input.objects ? { targets: new Set(["object"] as const) } : {}),
    ...(systems ? { systems } : {}),
    ...(input.listPasses ? { listPasses: true } : {}),
  });
  const judged = systems ? [...systems].sort() : undefined;
  const report: ReportContext = {
    rules,
    today,
    ...(estate ? { estate } : {}),
    ...(judged ? { systems: judged } : {}),
    staleExceptions: evaluation.stale,
    passes: evaluation.passes,
    ...(estate && judged && input.drSection
      ? { extraSections: [drEffect(context.drPlan!, judged)].filter((x) => x !== "") }
      : {}),
    ...(input.toolVersion !== undefined ? { toolVersion: input.toolVersion } : {}),
    ...(input.catalogPath !== undefined ? { catalogPath: input.catalogPath } : {}),
    ...(input.objects
      ? { objects: { total: input.objects.length, judged: evaluation.stats.objects, notJudged: evaluation.notJudged } }
      : {}),
  };
  return {
    evaluation,
    report,
    summary: summarizeFindings(evaluation.findings, new Context(report)),
    ...(judged ? { systems: judged } : {}),
    ignored,
    planDiagnostics,
  };
}
