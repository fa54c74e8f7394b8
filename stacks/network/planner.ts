/**
 * The network planner: per tenant namespace, the allow rules of the flow matrix as NetworkPolicies,
 * next to the tenancy planner's default deny. What a namespace gets:
 *
 * - `allow-dns`: egress to the cluster DNS (kube-system/kube-dns, port 53 UDP and TCP);
 * - a department's shared namespace (public zone, as the tenancy planner places it) gets the public
 *   zone's rules limited to the department's own namespaces;
 * - `allow-zone-<zone>` for each zone of the system: ingress from and egress to the system's own pods
 *   of that zone, and the peers the matrix allows: in-cluster peers by namespace labels
 *   (zone.govcloud.io/<zone>, and govcloud.io/department for same-department flows), the node's
 *   address ranges of the peer zone as dual-stack ipBlocks on every plane, the node's reverse proxy
 *   for through-reverse-proxy flows, the node's unified exit for the internet. Declared service ports limit the flows that carry them.
 *
 * Nothing else: no rule ever names the intranet, and the internet is only the unified exit's address.
 *
 * A system in several zones: its namespace carries zone.govcloud.io/<zone>: "true" for each, and each
 * zone's policy selects the pods labelled govcloud.io/zone=<zone>; a single-zone system's policy
 * selects every pod of the namespace.
 */
import {
  namespaceOf,
  type DeepReadonly,
  type Diagnostic,
  type Estate,
  type Loaded,
  type SystemRequest,
  type Zone,
  diagnostic,
} from "../../catalog/index.js";
import { LABELS, sharedNamespace, type KubeObject } from "../../kube/index.js";
import type { PlannedObject, Planner, PlannerOutput, PlanOptions } from "../plan/types.js";
import { zoneLabel } from "../tenancy/index.js";
import { addressPlan, type AddressPlan } from "./address-plan.js";
import { networkSummary, type NetworkSummary } from "./summary.js";
import { ENDPOINTS, ZONES, type Endpoint, type Flow } from "./flows.js";
import { FAMILIES } from "./ipam.js";
import { formatCidr } from "./prefix.js";
import type { CloudRanges, DualStack } from "./zones.js";

/**
 * The namespace label that says a namespace is in a zone (the tenancy planner sets one per zone of
 * the system, value "true"); `govcloud.io/zone` on a pod says which of its namespace's zones it is in.
 */
export const zoneMemberLabel: (zone: Zone) => string = zoneLabel;

type Peer = Record<string, unknown>;
type Port = { port: number; protocol: string };
/** A rule's peers and ports; `key` names what it opens, so that two flows opening the same thing give one rule. */
type Rule = { key: string; peers: Peer[]; ports?: Port[] };

/** CIDR texts of a node's ranges, formatted once per node and range (fresh peer objects every time). */
const cidrTexts = new WeakMap<CloudRanges, Map<string, string[]>>();
function ipBlocks(ranges: CloudRanges, key: "gateway" | "reverseProxy" | Zone): Peer[] {
  let perNode = cidrTexts.get(ranges);
  if (!perNode) cidrTexts.set(ranges, (perNode = new Map()));
  let texts = perNode.get(key);
  if (!texts) {
    const source: Iterable<DualStack> =
      key === "gateway"
        ? ranges.gateway.values()
        : key === "reverseProxy"
          ? ranges.reverseProxy.values()
          : (ranges.zones.get(key)?.values() ?? []);
    texts = [...source].flatMap((r) => FAMILIES.map((f) => formatCidr(f, r[f])));
    perNode.set(key, texts);
  }
  return texts.map((cidr) => ({ ipBlock: { cidr } }));
}

/**
 * In-cluster peers of a zone: every pod of a namespace in that zone alone, and the pods labelled with
 * the zone in a namespace of several zones.
 */
function zonePeers(zone: Zone, department: string | undefined): Peer[] {
  const member = {
    [zoneMemberLabel(zone)]: "true",
    ...(department === undefined ? {} : { [LABELS.department]: department }),
  };
  return [
    {
      namespaceSelector: {
        matchLabels: member,
        matchExpressions: ZONES.filter((z) => z !== zone).map((z) => ({
          key: zoneMemberLabel(z),
          operator: "DoesNotExist",
        })),
      },
    },
    { namespaceSelector: { matchLabels: { ...member } }, podSelector: { matchLabels: { [LABELS.zone]: zone } } },
  ];
}

/** The peers and ports of one allowed flow, seen from `zone`'s side, toward `other`. */
function flowRule(
  flow: Flow,
  other: Endpoint,
  department: string,
  ranges: CloudRanges | undefined,
  departmentOnly = false,
): Rule | undefined {
  const conditions = flow.conditions ?? [];
  const ports =
    conditions.includes("declared-service-ports") && flow.ports
      ? flow.ports.map((p) => ({ port: p.port, protocol: p.protocol }))
      : undefined;
  const portsKey = ports ? ports.map((p) => `${p.port}/${p.protocol}`).join(",") : "*";
  const rule = (what: string, peers: Peer[]): Rule | undefined =>
    peers.length === 0 ? undefined : { key: `${what} ${portsKey}`, peers, ...(ports ? { ports } : {}) };
  if (other === "intranet") return undefined;
  if (other === "internet") return rule("exit", ranges ? ipBlocks(ranges, "gateway") : []);
  if (conditions.includes("through-reverse-proxy"))
    return rule("proxy", ranges ? ipBlocks(ranges, "reverseProxy") : []);
  const sameDepartment = departmentOnly || conditions.includes("same-department");
  const peers = zonePeers(other as Zone, sameDepartment ? department : undefined);
  // The node's range of a zone holds every department's hosts: a same-department flow stays label-based.
  if (!sameDepartment && ranges) peers.push(...ipBlocks(ranges, other as Zone));
  return rule(`zone ${other}${sameDepartment ? ` of ${department}` : ""}`, peers);
}

/** Rules without repeats (two flows through the same reverse proxy open the same thing), first kept. */
function unique(rules: readonly Rule[]): Rule[] {
  const seen = new Set<string>();
  return rules.filter((r) => !seen.has(r.key) && Boolean(seen.add(r.key)));
}

const base = (name: string, namespace: string, labels: Record<string, string>): KubeObject["metadata"] => ({
  name,
  namespace,
  labels: { [LABELS.managedBy]: "govcloud", ...labels },
});

function dnsPolicy(namespace: string, labels: Record<string, string>): KubeObject {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: base("allow-dns", namespace, labels),
    spec: {
      podSelector: {},
      policyTypes: ["Egress"],
      egress: [
        {
          to: [
            {
              namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
              podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
            },
          ],
          ports: [
            { port: 53, protocol: "UDP" },
            { port: 53, protocol: "TCP" },
          ],
        },
      ],
    },
  };
}

const allowedCache = new WeakMap<Estate, Map<string, Flow>>();
/** The allowed flows of the matrix by `from->to`. */
function allowedFlows(estate: Estate): Map<string, Flow> {
  let m = allowedCache.get(estate);
  if (!m)
    allowedCache.set(
      estate,
      (m = new Map(
        (estate.network.doc.spec.flows ?? []).filter((f) => f.allowed).map((f) => [`${f.from}->${f.to}`, f]),
      )),
    );
  return m;
}

/** What a namespace's allow rules are made from. */
interface NamespaceNetwork {
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly zones: readonly Zone[];
  readonly department: string;
  readonly ranges: CloudRanges | undefined;
  /** Open in-cluster peers of the department only, and no zone ranges (a department's shared namespace). */
  readonly departmentOnly?: boolean;
}

function namespacePolicies(estate: Estate, n: NamespaceNetwork): KubeObject[] {
  const flows = allowedFlows(estate);
  const zones = ZONES.filter((z) => n.zones.includes(z));
  const objects: KubeObject[] = [dnsPolicy(n.namespace, n.labels)];
  for (const zone of zones) {
    const own = () => (zones.length === 1 ? {} : { matchLabels: { [LABELS.zone]: zone } });
    // A system's own pods of one zone always reach one another.
    const ingress: Rule[] = [{ key: "own", peers: [{ podSelector: own() }] }];
    const egress: Rule[] = [{ key: "own", peers: [{ podSelector: own() }] }];
    for (const other of ENDPOINTS) {
      const inbound = flows.get(`${other}->${zone}`);
      const inRule = inbound && flowRule(inbound, other, n.department, n.ranges, n.departmentOnly);
      if (inRule) ingress.push(inRule);
      const outbound = flows.get(`${zone}->${other}`);
      const outRule = outbound && flowRule(outbound, other, n.department, n.ranges, n.departmentOnly);
      if (outRule) egress.push(outRule);
    }
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: base(`allow-zone-${zone}`, n.namespace, { ...n.labels, [LABELS.zone]: zone }),
      spec: {
        podSelector: own(),
        policyTypes: ["Ingress", "Egress"],
        ingress: unique(ingress).map((r) => ({ from: r.peers, ...(r.ports ? { ports: r.ports } : {}) })),
        egress: unique(egress).map((r) => ({ to: r.peers, ...(r.ports ? { ports: r.ports } : {}) })),
      },
    });
  }
  return objects;
}

/**
 * The NetworkPolicies of one system's namespace: on its own cloud node, or with `node` on another
 * (a DR standby or active copy), where the peers' ranges, the exit and the reverse proxy are that
 * node's.
 */
export function systemPolicies(
  estate: Estate,
  request: Loaded<SystemRequest> | DeepReadonly<{ doc: SystemRequest }>,
  options: { readonly node?: string } = {},
  plan: AddressPlan = addressPlan(estate),
): KubeObject[] {
  const s = request.doc.spec;
  const node = options.node ?? s.cloud;
  return namespacePolicies(estate, {
    namespace: namespaceOf(request.doc),
    labels: { [LABELS.department]: s.department, [LABELS.system]: request.doc.metadata.name, [LABELS.cloud]: node },
    zones: s.zones,
    department: s.department,
    ranges: plan.cloudIndex.get(node),
  });
}

/**
 * The shared namespace `<dept>-shared` of a department (the tenancy planner puts it in the public
 * zone): the public zone's flows of the matrix, with in-cluster peers of the department alone and no
 * zone ranges, whose hosts belong to every department; the reverse proxy still reaches it.
 */
function sharedPolicies(estate: Estate, department: string, node: string, plan: AddressPlan): KubeObject[] {
  return namespacePolicies(estate, {
    namespace: sharedNamespace(department),
    labels: { [LABELS.department]: department, [LABELS.system]: "shared", [LABELS.cloud]: node },
    zones: ["public"],
    department,
    ranges: plan.cloudIndex.get(node),
    departmentOnly: true,
  });
}

/**
 * The network planner (stacks/plan/planners.ts runs it with the others): the allow rules of every
 * tenant namespace, and the network section of the Plan. Pure.
 */
export function planNetwork(
  estate: Estate,
  options: PlanOptions = {},
): PlannerOutput<{ readonly network: NetworkSummary }> {
  const plan = addressPlan(estate);
  const objects: PlannedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  // Without a flow matrix (spec.flows) a namespace gets DNS and its own pods: default deny otherwise.
  const net = estate.network;
  const warned = new Set<string>();
  for (const r of estate.requests) {
    const cloud = r.doc.spec.cloud;
    if (!estate.index.cloud.has(cloud) || (options.node !== undefined && cloud !== options.node)) continue;
    if (options.systems && !options.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) continue;
    if (!plan.cloudIndex.has(cloud) && net.doc.spec.cloudBlocks && !warned.has(cloud)) {
      warned.add(cloud);
      diagnostics.push(
        diagnostic(
          r.locate(["spec", "cloud"]),
          "network-no-ranges",
          `cloud node ${cloud} has no address ranges, so its tenants' policies carry no ipBlocks`,
          "see the ipam diagnostics of the estate: the node's division must be the province or a city with room in its local block",
          "warning",
        ),
      );
    }
    // The document's own position: locating a path inside it would parse its file again (~10 ms a file).
    const source = r.source;
    for (const object of systemPolicies(estate, r, {}, plan)) objects.push({ node: cloud, object, source });
  }
  for (const d of estate.departments) {
    const node = d.doc.spec.homeCloud;
    if (
      !d.doc.spec.sharedNamespace ||
      !estate.index.cloud.has(node) ||
      (options.node !== undefined && node !== options.node)
    )
      continue;
    if (options.systems && !options.systems.has(`${d.doc.metadata.name}/shared`)) continue;
    const source = d.source;
    for (const object of sharedPolicies(estate, d.doc.metadata.name, node, plan))
      objects.push({ node, object, source });
  }
  // The summary (backbone included) is for the whole estate: a scoped plan has no use for it.
  return { objects, diagnostics, ...(options.systems ? {} : { sections: { network: networkSummary(estate, plan) } }) };
}

export const networkPlanner: Planner<{ readonly network: NetworkSummary }> = { id: "network", plan: planNetwork };
