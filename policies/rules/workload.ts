/** Builders for object rules over workloads, so that each rule states only its control. */
import { POD_KINDS, SYSTEM_NAMESPACES, type PodTemplate } from "../../kube/index.js";
import type { ObjectContext, Rule, RuleMeta, Violation } from "../types.js";

export const NONE: readonly Violation[] = Object.freeze([]);

export type WorkloadCheck = (
  t: PodTemplate,
  report: (message: string, path: readonly (string | number)[]) => void,
  ctx: ObjectContext,
) => void;

/**
 * An object rule over the pod of every workload kind (POD_KINDS), applied to systems graded at
 * `minLevel` or above. Workloads of the Kubernetes control plane's own namespaces are not judged.
 * Each report carries the path of the offending field: the engine shows it as the finding's field
 * path, and at its line when the object was read from a file. The pod template and the level come
 * from the context (the ObjectJudge reads them once per object).
 */
export function workloadRule(
  meta: Omit<RuleMeta, "target">,
  minLevel: number,
  check: WorkloadCheck,
  options: { readonly needsEstate?: boolean } = {},
): Rule {
  return {
    ...meta,
    target: "object",
    kinds: POD_KINDS,
    check(ctx) {
      if (options.needsEstate && !ctx.estate) return NONE;
      const ns = ctx.object.metadata.namespace;
      if (ns !== undefined && SYSTEM_NAMESPACES.has(ns)) return NONE;
      const t = ctx.pod;
      if (!t) return NONE;
      if (ctx.level < minLevel) return NONE;
      let out: Violation[] | undefined;
      check(t, (message, path) => (out ??= []).push({ message, path }), ctx);
      return out ?? NONE;
    },
  };
}
