/**
 * Where the pod spec lives in a workload object, and a walk over its containers. Works on a Pod and on
 * every pod controller — Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
 * CronJob, PodTemplate — and on any custom controller that follows the `spec.template` convention.
 */
import type { IContainer } from "kubernetes-models/v1/Container";
import type { IPodSpec } from "kubernetes-models/v1/PodSpec";
import type { KubeObject } from "./object.js";

export type Path = readonly (string | number)[];

/** Kinds whose objects hold a pod spec; the workload rules look at these. */
export const POD_KINDS: readonly string[] = [
  "Pod",
  "PodTemplate",
  "Deployment",
  "StatefulSet",
  "DaemonSet",
  "ReplicaSet",
  "ReplicationController",
  "Job",
  "CronJob",
];

/** One container of a pod, with where it is. */
export interface ContainerRef {
  readonly container: Readonly<IContainer>;
  readonly list: ContainerList;
  readonly index: number;
  /** The path of a field of this container, e.g. at("securityContext", "privileged"). */
  readonly at: (...rest: (string | number)[]) => Path;
}

export interface PodTemplate {
  /** The pod's metadata (for a controller: the template's), where AppArmor and seccomp annotations live. */
  readonly metadata:
    | { readonly labels?: Readonly<Record<string, string>>; readonly annotations?: Readonly<Record<string, string>> }
    | undefined;
  readonly spec: Readonly<IPodSpec>;
  /** Path of the pod spec inside the object, e.g. ["spec", "template", "spec"]. */
  readonly specPath: Path;
  /** Path of the pod metadata inside the object. */
  readonly metadataPath: Path;
  /** Containers, then init containers, then ephemeral containers: walked once, shared by every rule. */
  readonly containers: readonly ContainerRef[];
}

export type ContainerList = "containers" | "initContainers" | "ephemeralContainers";
export const CONTAINER_LISTS: readonly ContainerList[] = ["containers", "initContainers", "ephemeralContainers"];

type Obj = { readonly [k: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

const POD_SPEC: Path = ["spec"];
const POD_META: Path = ["metadata"];
const TEMPLATE_SPEC: Path = ["spec", "template", "spec"];
const TEMPLATE_META: Path = ["spec", "template", "metadata"];
const JOB_TEMPLATE_SPEC: Path = ["spec", "jobTemplate", "spec", "template", "spec"];
const JOB_TEMPLATE_META: Path = ["spec", "jobTemplate", "spec", "template", "metadata"];
const PODTEMPLATE_SPEC: Path = ["template", "spec"];
const PODTEMPLATE_META: Path = ["template", "metadata"];

function template(metadata: unknown, spec: unknown, specPath: Path, metadataPath: Path): PodTemplate | undefined {
  if (!isObj(spec)) return undefined;
  const containers: ContainerRef[] = [];
  for (const list of CONTAINER_LISTS) {
    const items = spec[list];
    if (!Array.isArray(items)) continue;
    for (let index = 0; index < items.length; index++) {
      const container = items[index] as IContainer;
      if (isObj(container))
        containers.push({ container, list, index, at: (...rest) => [...specPath, list, index, ...rest] });
    }
  }
  return {
    metadata: isObj(metadata) ? (metadata as PodTemplate["metadata"]) : undefined,
    spec: spec as unknown as IPodSpec,
    specPath,
    metadataPath,
    containers,
  };
}

/**
 * The pod template of a workload object, found generically: a Pod's own spec; `template` of a
 * PodTemplate; `spec.template` of a controller; `spec.jobTemplate.spec.template` of a CronJob.
 * Undefined for an object that holds no pod.
 */
export function podTemplateOf(object: KubeObject): PodTemplate | undefined {
  if (object.kind === "Pod") return template(object.metadata, object.spec, POD_SPEC, POD_META);
  if (object.kind === "PodTemplate") {
    const t = object.template;
    return isObj(t) ? template(t.metadata, t.spec, PODTEMPLATE_SPEC, PODTEMPLATE_META) : undefined;
  }
  const spec = object.spec;
  if (!isObj(spec)) return undefined;
  const t = spec.template;
  if (isObj(t) && isObj(t.spec)) return template(t.metadata, t.spec, TEMPLATE_SPEC, TEMPLATE_META);
  const jt = spec.jobTemplate;
  if (isObj(jt) && isObj(jt.spec) && isObj(jt.spec.template)) {
    const pt = jt.spec.template as Obj;
    return template(pt.metadata, pt.spec, JOB_TEMPLATE_SPEC, JOB_TEMPLATE_META);
  }
  return undefined;
}

const hasContainers = (spec: unknown): boolean => isObj(spec) && Array.isArray(spec.containers);

/**
 * The pod template of an object of a kind not in POD_KINDS (an Argo `Rollout`, an OpenKruise
 * `CloneSet`, any custom controller or pod-like resource), found by shape: `spec.template.spec`
 * (Deployment-like), `spec.jobTemplate.spec.template.spec` (CronJob-like), or a bare `spec.containers`
 * (Pod-like). Only a spec that lists `containers` counts, so that a custom resource whose
 * `spec.template` means something else is not taken for a workload. Undefined otherwise.
 */
export function customPodTemplateOf(object: KubeObject): PodTemplate | undefined {
  const spec = object.spec;
  if (!isObj(spec)) return undefined;
  const t = spec.template;
  if (isObj(t) && hasContainers(t.spec)) return template(t.metadata, t.spec, TEMPLATE_SPEC, TEMPLATE_META);
  const jt = spec.jobTemplate;
  if (isObj(jt) && isObj(jt.spec) && isObj(jt.spec.template) && hasContainers((jt.spec.template as Obj).spec)) {
    const pt = jt.spec.template as Obj;
    return template(pt.metadata, pt.spec, JOB_TEMPLATE_SPEC, JOB_TEMPLATE_META);
  }
  if (hasContainers(spec)) return template(object.metadata, spec, POD_SPEC, POD_META);
  return undefined;
}

/**
 * Calls `visit` for every container of the pod: containers, then initContainers, then
 * ephemeralContainers. `at(...rest)` builds the path of a field of that container; rules call it
 * only when they report, so no path is built for a container that passes. The containers are found
 * once per template (the ObjectJudge reads an object's template once for all its rules).
 */
export function forEachContainer(
  t: PodTemplate,
  visit: (
    c: Readonly<IContainer>,
    at: (...rest: (string | number)[]) => Path,
    list: ContainerList,
    index: number,
  ) => void,
  lists: readonly ContainerList[] = CONTAINER_LISTS,
): void {
  const all = lists === CONTAINER_LISTS;
  for (const ref of t.containers)
    if (all || lists.includes(ref.list)) visit(ref.container, ref.at, ref.list, ref.index);
}

/** How a container is named in a message: `container "web"`, `init container "migrate"`. */
export function containerLabel(c: Readonly<IContainer>, list: ContainerList): string {
  const what =
    list === "containers" ? "container" : list === "initContainers" ? "init container" : "ephemeral container";
  return `${what} "${c.name ?? "?"}"`;
}

/** Whether the pod declares Windows as its OS (some restricted controls are Linux-only). */
export function isWindowsPod(t: PodTemplate): boolean {
  return t.spec.os?.name === "windows";
}

/** The Pod Security admission level a Namespace enforces (label pod-security.kubernetes.io/enforce). */
export function podSecurityEnforce(namespace: KubeObject): string | undefined {
  return namespace.metadata.labels?.["pod-security.kubernetes.io/enforce"];
}
