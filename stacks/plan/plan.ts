/** planEstate: runs every planner over the Estate and merges their objects per cloud node. */
import { diagnostic, sortDiagnostics, type Diagnostic, type Estate } from "../../catalog/index.js";
import { apiGroup, canonicalize, compareObjects, objectKey, parseQuantity, type KubeObject } from "../../kube/index.js";
import { planners as defaultPlanners } from "./planners.js";
import type { Plan, PlanSections } from "./sections.js";
import type { NodePlan, NodeTotals, PlanOptions, Planner } from "./types.js";

const GIB = 2 ** 30;

/** Sums a node's ResourceQuotas and counts its namespaces. */
export function nodeTotals(objects: readonly KubeObject[], capacity: NodeTotals["capacity"]): NodeTotals {
  const requested = { vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 };
  let namespaces = 0;
  for (const o of objects) {
    if (o.kind === "Namespace" && apiGroup(o.apiVersion) === "") namespaces++;
    if (o.kind !== "ResourceQuota" || apiGroup(o.apiVersion) !== "") continue;
    const hard = ((o.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
    const q = (k: string) => (hard[k] === undefined ? 0 : parseQuantity(hard[k]!) || 0);
    requested.vcpu += q("requests.cpu");
    requested.memoryGiB += q("requests.memory") / GIB;
    requested.storageGiB += q("requests.storage") / GIB;
    requested.loadBalancers += q("services.loadbalancers");
  }
  const round = (n: number) => Math.round(n * 1000) / 1000;
  return {
    namespaces,
    objects: objects.length,
    requested: { vcpu: round(requested.vcpu), memoryGiB: round(requested.memoryGiB), storageGiB: round(requested.storageGiB), loadBalancers: requested.loadBalancers },
    capacity,
  };
}

export interface PlanEstateOptions extends PlanOptions {
  /** The planners to run (default: stacks/plan/planners.ts). */
  readonly planners?: readonly Planner[];
}

/**
 * The Plan of an estate: for every cloud node (sorted by id) its objects in canonical order (kind rank,
 * namespace, name) with sorted keys. Two objects with the same identity on one node are a collision:
 * the first planner's object stays and the other is reported. Never throws on bad input.
 */
export function planEstate(estate: Estate, options: PlanEstateOptions = {}): Plan {
  const run = options.planners ?? defaultPlanners;
  const diagnostics: Diagnostic[] = [];
  const perNode = new Map<string, Map<string, { object: KubeObject; planner: string }>>();
  for (const c of estate.clouds) perNode.set(c.doc.metadata.name, new Map());
  let sections: object = {};
  for (const planner of run) {
    const result = planner.plan(estate, options);
    diagnostics.push(...result.diagnostics);
    if (result.sections) sections = { ...sections, ...result.sections };
    for (const p of result.objects) {
      if (options.node !== undefined && p.node !== options.node) continue;
      const at = p.source ?? estate.index.cloud.get(p.node)?.source ?? estate.estate.source;
      const objects = perNode.get(p.node);
      const what = `${p.object.kind} ${p.object.metadata.namespace ? `${p.object.metadata.namespace}/` : ""}${p.object.metadata.name}`;
      if (!objects) {
        diagnostics.push(diagnostic(at, "plan-unknown-node", `planner ${planner.id} put ${what} on cloud node "${p.node}", which does not exist`, "plan objects only on cloud nodes of the estate"));
        continue;
      }
      const key = objectKey(p.object);
      const first = objects.get(key);
      if (first) {
        diagnostics.push(
          diagnostic(at, "plan-collision", `${what} on ${p.node} is planned twice (by ${first.planner} and by ${planner.id})`, "two planners may not create the same object: rename one, or let one planner own it"),
        );
        continue;
      }
      objects.set(key, { object: canonicalize(p.object), planner: planner.id });
    }
  }
  const nodes: NodePlan[] = [];
  for (const c of estate.clouds) {
    const id = c.doc.metadata.name;
    if (options.node !== undefined && id !== options.node) continue;
    const objects = [...perNode.get(id)!.values()].map((e) => e.object).sort(compareObjects);
    const s = c.doc.spec;
    nodes.push({
      node: id,
      tier: s.tier,
      kube: { context: s.kube.context, ...(s.kube.configPath !== undefined ? { configPath: s.kube.configPath } : {}) },
      backend: s.backend?.type === "pg" ? { type: "pg", connStr: s.backend.connStr ?? "", schemaName: s.backend.schemaName ?? `govcloud_${id.replace(/-/g, "_")}` } : { type: "local" },
      objects,
      totals: nodeTotals(objects, { vcpu: s.capacity.vcpu, memoryGiB: s.capacity.memoryGiB, storageGiB: s.capacity.storageTiB * 1024 }),
    });
  }
  return { estate: estate.name, nodes, diagnostics: sortDiagnostics(diagnostics), ...(sections as Partial<PlanSections>) };
}
