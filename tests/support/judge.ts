/** Contexts for calling a rule's check directly, built as a caller of the engine builds them: once per estate. */
import type { Estate } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";
import { judgeContext, objectContext, type EstateJudgeContext, type ObjectContext } from "../../policies/index.js";
import { TODAY } from "./tiny-catalog.js";

const contexts = new WeakMap<Estate, EstateJudgeContext>();

/** The JudgeContext of an estate (judged as of TODAY). */
export function ctxOf(estate: Estate): EstateJudgeContext {
  let c = contexts.get(estate);
  if (!c) contexts.set(estate, (c = judgeContext({ today: TODAY, estate })));
  return c;
}

/** An object rule's context: the object, with the estate's context when there is one. */
export function objCtx(
  object: KubeObject,
  estate?: Estate,
  namespaceLabels?: Readonly<Record<string, string>>,
): ObjectContext {
  return objectContext(object, estate ? ctxOf(estate) : { today: TODAY }, namespaceLabels ? { namespaceLabels } : {});
}
