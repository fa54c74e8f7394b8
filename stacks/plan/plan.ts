/** planEstate: runs every planner over the Estate and merges their objects per cloud node. */
import { diagnostic, sortDiagnostics, type Diagnostic, type Estate } from "../../catalog/index.js";
import { canonicalize, compareObjects, objectKey, type KubeObject } from "../../kube/index.js";
import { planners as defaultPlanners } from "./planners.js";
import type { Plan, PlanSections } from "./sections.js";
import { onCloudEstate } from "./on-cloud.js";
import { nodeTotals, overCapacity } from "./reservations.js";
import type { NodePlan, PlannedReservation, PlanOptions, Planner } from "./types.js";

export interface PlanEstateOptions extends PlanOptions {
  /** The planners to run (default: stacks/plan/planners.ts). */
  readonly planners?: readonly Planner[];
  /**
   * false: keep each object as its planner built it instead of in canonical form (sorted keys, undefined
   * members dropped), for a plan that is only judged (`govcloud check`, the reports' evaluation) and
   * never written or compared: the same objects, content and order, about a third less planning time
   * at 10x. Default true.
   */
  readonly canonical?: boolean;
}

/**
 * The Plan of an estate: for every cloud node (sorted by id) its objects in canonical order (kind rank,
 * namespace, name) with sorted keys. Two objects with the same identity on one node are a collision:
 * the first planner's object stays and the other is reported. Never throws on bad input.
 */
export function planEstate(all: Estate, options: PlanEstateOptions = {}): Plan {
  const estate = onCloudEstate(all);
  const run = options.planners ?? defaultPlanners;
  const diagnostics: Diagnostic[] = [];
  const perNode = new Map<string, Map<string, { object: KubeObject; planner: string }>>();
  for (const c of estate.clouds) perNode.set(c.doc.metadata.name, new Map());
  let sections: object = {};
  const reserved: { reservation: PlannedReservation; planner: string }[] = [];
  const kinds = options.kinds;
  const canonical = options.canonical ?? true;
  for (const planner of run) {
    if (kinds && planner.kinds && !planner.kinds.some((k) => kinds.has(k))) continue;
    const result = planner.plan(planner.allSystems ? all : estate, options);
    diagnostics.push(...result.diagnostics);
    for (const reservation of result.reservations ?? []) reserved.push({ reservation, planner: planner.id });
    if (result.sections) sections = { ...sections, ...result.sections };
    for (const p of result.objects) {
      if (options.node !== undefined && p.node !== options.node) continue;
      if (kinds && !kinds.has(p.object.kind)) continue;
      const at = p.source ?? estate.index.cloud.get(p.node)?.source ?? estate.estate.source;
      const objects = perNode.get(p.node);
      // Said only in a diagnostic: not built for every object.
      const what = () =>
        `${p.object.kind} ${p.object.metadata.namespace ? `${p.object.metadata.namespace}/` : ""}${p.object.metadata.name}`;
      if (!objects) {
        diagnostics.push(
          diagnostic(
            at,
            "plan-unknown-node",
            `planner ${planner.id} put ${what()} on cloud node "${p.node}", which does not exist`,
            "plan objects only on cloud nodes of the estate",
          ),
        );
        continue;
      }
      const key = objectKey(p.object);
      const first = objects.get(key);
      if (first) {
        diagnostics.push(
          diagnostic(
            at,
            "plan-collision",
            `${what()} on ${p.node} is planned twice (by ${first.planner} and by ${planner.id})`,
            "two planners may not create the same object: rename one, or let one planner own it",
          ),
        );
        continue;
      }
      objects.set(key, { object: canonical ? canonicalize(p.object) : p.object, planner: planner.id });
    }
  }
  // What a namespace reserves counts where its Namespace was planned, by the planner that planned it
  // (a colliding copy is not planned, so it reserves nothing).
  const reservations = new Map<string, PlannedReservation[]>();
  for (const { reservation: r, planner } of reserved) {
    const ns = objectKey({ apiVersion: "v1", kind: "Namespace", metadata: { name: r.namespace } });
    if (perNode.get(r.node)?.get(ns)?.planner !== planner) continue;
    const list = reservations.get(r.node) ?? [];
    list.push(r);
    reservations.set(r.node, list);
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
      backend:
        s.backend?.type === "pg"
          ? {
              type: "pg",
              connStr: s.backend.connStr ?? "",
              schemaName: s.backend.schemaName ?? `govcloud_${id.replace(/-/g, "_")}`,
            }
          : { type: "local" },
      objects,
      totals: nodeTotals(objects, reservations.get(id) ?? [], c.doc.spec.capacity),
    });
  }
  for (const n of nodes) diagnostics.push(...overCapacity(estate, n.node, n.totals, reservations.get(n.node) ?? []));
  return {
    estate: estate.name,
    nodes,
    diagnostics: sortDiagnostics(diagnostics),
    ...(sections as Partial<PlanSections>),
  };
}
