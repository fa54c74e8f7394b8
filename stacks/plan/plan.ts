/** planEstate: runs every planner over the Estate and merges their objects per cloud node. */
import { diagnostic, runsOnCloud, sortDiagnostics, type Diagnostic, type Estate } from "../../catalog/index.js";
import {
  apiGroup,
  canonicalize,
  compareObjects,
  objectKey,
  parseQuantity,
  roundMilli,
  type KubeObject,
} from "../../kube/index.js";
import { planners as defaultPlanners } from "./planners.js";
import type { Plan, PlanSections } from "./sections.js";
import type { NodePlan, NodeTotals, PlanOptions, Planner } from "./types.js";

const GIB = 2 ** 30;

/**
 * What a node's ResourceQuotas reserve, and its namespaces. A warm standby's namespace (label
 * `govcloud.io/dr-role: standby`) reserves its storage in full, because the replicated data lives
 * there at all times, but its vCPU and memory only as a share of the room kept for the worst single
 * failure: standbys for different nodes never take over together, so the node keeps room for the
 * largest group of standbys one node's failure (`govcloud.io/dr-peer`) wakes, not for their sum.
 */
export function nodeTotals(objects: readonly KubeObject[], capacity: NodeTotals["capacity"]): NodeTotals {
  const requested = { vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 };
  let namespaces = 0;
  const standbyOf = new Map<string, string>(); // namespace -> the node whose failure wakes it
  for (const o of objects) {
    if (o.kind !== "Namespace" || apiGroup(o.apiVersion) !== "") continue;
    namespaces++;
    const labels = o.metadata.labels ?? {};
    if (labels["govcloud.io/dr-role"] === "standby")
      standbyOf.set(o.metadata.name, labels["govcloud.io/dr-peer"] ?? "");
  }
  const wakes = new Map<string, { vcpu: number; memoryGiB: number }>();
  for (const o of objects) {
    if (o.kind !== "ResourceQuota" || apiGroup(o.apiVersion) !== "") continue;
    const hard = ((o.spec as { hard?: Record<string, string> } | undefined)?.hard ?? {}) as Record<string, string>;
    const q = (k: string) => (hard[k] === undefined ? 0 : parseQuantity(hard[k]!) || 0);
    requested.storageGiB += q("requests.storage") / GIB;
    requested.loadBalancers += q("services.loadbalancers");
    const peer = standbyOf.get(o.metadata.namespace ?? "");
    if (peer === undefined) {
      requested.vcpu += q("requests.cpu");
      requested.memoryGiB += q("requests.memory") / GIB;
    } else {
      const w = wakes.get(peer) ?? { vcpu: 0, memoryGiB: 0 };
      w.vcpu += q("requests.cpu");
      w.memoryGiB += q("requests.memory") / GIB;
      wakes.set(peer, w);
    }
  }
  requested.vcpu += Math.max(0, ...[...wakes.values()].map((w) => w.vcpu));
  requested.memoryGiB += Math.max(0, ...[...wakes.values()].map((w) => w.memoryGiB));
  const round = roundMilli;
  return {
    namespaces,
    objects: objects.length,
    requested: {
      vcpu: round(requested.vcpu),
      memoryGiB: round(requested.memoryGiB),
      storageGiB: round(requested.storageGiB),
      loadBalancers: requested.loadBalancers,
    },
    capacity,
  };
}

export interface PlanEstateOptions extends PlanOptions {
  /** The planners to run (default: stacks/plan/planners.ts). */
  readonly planners?: readonly Planner[];
}

/**
 * The estate as the planners see it: only the systems that run on the cloud (catalog/migration.ts
 * `runsOnCloud`: no migration record, or from `migrating` to `decommissioned`). An `inventoried` or
 * `assessed` system still runs in its legacy location, an `exempt` one stays there and a `retired` one is
 * gone: none gets a namespace, services, network policies or a DR copy. Policy rules, the views and the
 * planners marked `allSystems` (the migration planner's SystemMigrations) still see every request.
 */
export function onCloudEstate(estate: Estate): Estate {
  const requests = estate.requests.filter((r) => runsOnCloud(r.doc.spec));
  return requests.length === estate.requests.length ? estate : { ...estate, requests };
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
  const kinds = options.kinds;
  for (const planner of run) {
    if (kinds && planner.kinds && !planner.kinds.some((k) => kinds.has(k))) continue;
    const result = planner.plan(planner.allSystems ? all : estate, options);
    diagnostics.push(...result.diagnostics);
    if (result.sections) sections = { ...sections, ...result.sections };
    for (const p of result.objects) {
      if (options.node !== undefined && p.node !== options.node) continue;
      if (kinds && !kinds.has(p.object.kind)) continue;
      const at = p.source ?? estate.index.cloud.get(p.node)?.source ?? estate.estate.source;
      const objects = perNode.get(p.node);
      const what = `${p.object.kind} ${p.object.metadata.namespace ? `${p.object.metadata.namespace}/` : ""}${p.object.metadata.name}`;
      if (!objects) {
        diagnostics.push(
          diagnostic(
            at,
            "plan-unknown-node",
            `planner ${planner.id} put ${what} on cloud node "${p.node}", which does not exist`,
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
            `${what} on ${p.node} is planned twice (by ${first.planner} and by ${planner.id})`,
            "two planners may not create the same object: rename one, or let one planner own it",
          ),
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
      backend:
        s.backend?.type === "pg"
          ? {
              type: "pg",
              connStr: s.backend.connStr ?? "",
              schemaName: s.backend.schemaName ?? `govcloud_${id.replace(/-/g, "_")}`,
            }
          : { type: "local" },
      objects,
      totals: nodeTotals(objects, {
        vcpu: s.capacity.vcpu,
        memoryGiB: s.capacity.memoryGiB,
        storageGiB: s.capacity.storageTiB * 1024,
      }),
    });
  }
  for (const n of nodes) diagnostics.push(...overCapacity(estate, n));
  return {
    estate: estate.name,
    nodes,
    diagnostics: sortDiagnostics(diagnostics),
    ...(sections as Partial<PlanSections>),
  };
}

/**
 * A node whose planned reservations (its tenants' quotas, its standbys' storage and the room kept for
 * the worst single failure, see nodeTotals) exceed its capacity: an error at the node's capacity,
 * naming the namespaces that fill it, largest first.
 */
function overCapacity(estate: Estate, n: NodePlan): Diagnostic[] {
  const cloud = estate.index.cloud.get(n.node);
  if (!cloud) return [];
  const out: Diagnostic[] = [];
  const t = n.totals;
  const fields = [
    ["vcpu", "vcpu", "requests.cpu", 1, "vCPU"],
    ["memoryGiB", "memoryGiB", "requests.memory", GIB, "GiB memory"],
    ["storageGiB", "storageTiB", "requests.storage", GIB * 1024, "TiB storage"],
  ] as const;
  for (const [res, field, key, unit, label] of fields) {
    const scale = res === "storageGiB" ? 1024 : 1;
    if (t.requested[res] <= t.capacity[res] + 1e-6) continue;
    const byNamespace = n.objects
      .filter((o) => o.kind === "ResourceQuota" && apiGroup(o.apiVersion) === "")
      .map((o) => ({
        ns: o.metadata.namespace ?? "",
        q: parseQuantity(((o.spec as { hard?: Record<string, string> }).hard ?? {})[key] ?? "0") / unit,
      }))
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q || (a.ns < b.ns ? -1 : 1))
      .slice(0, 5);
    const r = (x: number) => +x.toFixed(1);
    out.push(
      diagnostic(
        cloud.locate(["spec", "capacity", field]),
        "node-over-capacity",
        `the plan reserves ${r(t.requested[res] / scale)} ${label} on ${n.node}, more than its capacity of ${r(t.capacity[res] / scale)} (${Math.round((t.requested[res] / t.capacity[res]) * 100)}%)`,
        `the largest: ${byNamespace.map((x) => `${x.ns} (${r(x.q)})`).join(", ")}; move systems or standbys to another node, or add capacity`,
      ),
    );
  }
  return out;
}
