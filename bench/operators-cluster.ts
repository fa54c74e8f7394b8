/**
 * The cluster the operators bench runs against: every planned baseline object of an estate (namespaces,
 * quotas, limit ranges, RBAC, network policies: `desiredState` of every node) plus a Deployment and a
 * Pod per system namespace, namespaces first. Built inside the test server's process
 * (kube-api-serve.ts), so the operator's process, whose CPU time and peak memory the bench measures,
 * never holds the fixture.
 */
import { loadCatalog, type Estate } from "../catalog/index.js";
import { desiredState } from "../operators/baseline/index.js";
import type { KObject } from "../operators/runtime/index.js";

/** A Deployment and a Pod of namespace number `i`: a third pull from docker.io, a fifth run privileged. */
export const workload = (ns: string, i: number): KObject[] => [
  {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "app", namespace: ns, labels: { app: "app" } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: "app" } },
      template: {
        metadata: { labels: { app: "app" } },
        spec: {
          containers: [
            {
              name: "app",
              image: i % 3 ? "registry.gov.sx.cn/app:1.0" : "docker.io/nginx:latest",
              resources: { limits: { cpu: "500m", memory: "512Mi" } },
            },
          ],
        },
      },
    },
  },
  {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name: "app-0", namespace: ns, labels: { app: "app" } },
    spec: {
      containers: [
        { name: "app", image: "registry.gov.sx.cn/app:1.0", securityContext: { privileged: podPrivileged(i) } },
      ],
    },
  },
];

/** Whether the Pod `app-0` of namespace number `i` starts privileged. */
export const podPrivileged = (i: number): boolean => i % 5 === 0;

export interface OperatorsCluster {
  readonly objects: KObject[];
  /** The planned namespaces, in the order they were numbered (`workload(ns, i)`). */
  readonly namespaces: string[];
  /** The cloud node whose plan the cluster holds where nodes differ (`busiest`), if asked. */
  readonly node?: string;
}

/** The cloud node with the most systems. */
export function busiestNode(estate: Estate): string {
  const count = new Map<string, number>();
  for (const r of estate.requests) count.set(r.doc.spec.cloud, (count.get(r.doc.spec.cloud) ?? 0) + 1);
  return [...count].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
}

/**
 * The cluster of the estate in `catalog` (see the module comment); throws when the catalog does not
 * validate. A namespace planned on several nodes (a DR standby repeats its system's) holds the first
 * node's objects, or with `busiest` those of the node with the most systems wherever it plans them: the
 * cluster an operator of that node (`--cloud`) finds in step with its plan.
 */
export async function operatorsCluster(catalog: string, today: string, busiest = false): Promise<OperatorsCluster> {
  const loaded = await loadCatalog(catalog, { today });
  if (!loaded.estate) throw new Error(`the catalog ${catalog} does not validate`);
  const node = busiest ? busiestNode(loaded.estate) : undefined;
  const own = node ? desiredState(loaded.estate, node).byNamespace : new Map<string, never>();
  const objects: KObject[] = [];
  const namespaces: string[] = [];
  let i = 0;
  for (const [ns, list] of desiredState(loaded.estate).byNamespace) {
    namespaces.push(ns);
    objects.push(...((own.get(ns) ?? list) as unknown as KObject[]));
    objects.push(...workload(ns, i++));
  }
  // Namespaces first, as a cluster would hold them.
  objects.sort((a, b) => (a.kind === "Namespace" ? 0 : 1) - (b.kind === "Namespace" ? 0 : 1));
  return { objects, namespaces, ...(node ? { node } : {}) };
}
