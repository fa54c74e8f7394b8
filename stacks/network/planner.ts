/**
 * The network planner: per tenant namespace, the allow rules of the flow matrix as NetworkPolicies,
 * next to the tenancy planner's default deny. What a namespace gets:
 *
 * - `allow-dns`: egress to the cluster DNS (kube-system/kube-dns, port 53 UDP and TCP);
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
import { namespaceOf, type DeepReadonly, type Diagnostic, type Estate, type Loaded, type SystemRequest, type Zone, diagnostic } from "../../catalog/index.js";
import { LABELS, type KubeObject, type PlannedObject, type PlannerResult } from "../plan/types.js";
import { addressPlan, type AddressPlan } from "./address-plan.js";
import { ENDPOINTS, ZONES, type Endpoint, type Flow } from "./flows.js";
import { FAMILIES } from "./ipam.js";
import { formatCidr } from "./prefix.js";
import type { CloudRanges, DualStack } from "./zones.js";

/**
 * The namespace label that says a namespace is in a zone (the tenancy planner sets one per zone of
 * the system, value "true"); `govcloud.io/zone` on a pod says which of its namespace's zones it is in.
 */
export const zoneMemberLabel = (zone: Zone) => `zone.govcloud.io/${zone}`;

type Peer = Record<string, unknown>;
type Port = { port: number; protocol: string };
type Rule = { peers: Peer[]; ports?: Port[] };

const ipBlocks = (ranges: Iterable<DualStack>): Peer[] => {
  const out: Peer[] = [];
  for (const r of ranges) for (const f of FAMILIES) out.push({ ipBlock: { cidr: formatCidr(f, r[f]) } });
  return out;
};

/**
 * In-cluster peers of a zone: every pod of a namespace in that zone alone, and the pods labelled with
 * the zone in a namespace of several zones.
 */
function zonePeers(zone: Zone, department: string | undefined): Peer[] {
  const member = { [zoneMemberLabel(zone)]: "true", ...(department === undefined ? {} : { [LABELS.department]: department }) };
  return [
    { namespaceSelector: { matchLabels: member, matchExpressions: ZONES.filter((z) => z !== zone).map((z) => ({ key: zoneMemberLabel(z), operator: "DoesNotExist" })) } },
    { namespaceSelector: { matchLabels: { ...member } }, podSelector: { matchLabels: { [LABELS.zone]: zone } } },
  ];
}

/** The peers and ports of one allowed flow, seen from `zone`'s side, toward `other`. */
function flowRule(flow: Flow, other: Endpoint, department: string, ranges: CloudRanges | undefined): Rule | undefined {
  const conditions = flow.conditions ?? [];
  const ports = conditions.includes("declared-service-ports") && flow.ports ? flow.ports.map((p) => ({ port: p.port, protocol: p.protocol })) : undefined;
  const withPorts = (peers: Peer[]): Rule | undefined => (peers.length === 0 ? undefined : ports ? { peers, ports } : { peers });
  if (other === "intranet") return undefined;
  if (other === "internet") return withPorts(ranges ? ipBlocks(ranges.gateway.values()) : []);
  if (conditions.includes("through-reverse-proxy")) return withPorts(ranges ? ipBlocks(ranges.reverseProxy.values()) : []);
  const sameDepartment = conditions.includes("same-department");
  const peers = zonePeers(other as Zone, sameDepartment ? department : undefined);
  // The node's range of a zone holds every department's hosts: a same-department flow stays label-based.
  if (!sameDepartment && ranges) peers.push(...ipBlocks(ranges.zones.get(other as Zone)?.values() ?? []));
  return withPorts(peers);
}

/** Rules without repeats (two flows through the same reverse proxy give the same rule), first kept. */
function unique(rules: readonly Rule[]): Rule[] {
  const seen = new Set<string>();
  return rules.filter((r) => {
    const key = JSON.stringify(r);
    return !seen.has(key) && Boolean(seen.add(key));
  });
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
          to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } }, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
          ports: [
            { port: 53, protocol: "UDP" },
            { port: 53, protocol: "TCP" },
          ],
        },
      ],
    },
  };
}

/** The NetworkPolicies of one system on its cloud node. */
export function systemPolicies(estate: Estate, request: Loaded<SystemRequest> | DeepReadonly<{ doc: SystemRequest }>, plan: AddressPlan = addressPlan(estate)): KubeObject[] {
  const s = request.doc.spec;
  const namespace = namespaceOf(request.doc);
  const flows = estate.network.doc.spec.flows ?? [];
  const ranges = plan.cloudIndex.get(s.cloud);
  const labels = { [LABELS.department]: s.department, [LABELS.system]: request.doc.metadata.name, [LABELS.cloud]: s.cloud };
  const zones = ZONES.filter((z) => s.zones.includes(z));
  const objects: KubeObject[] = [dnsPolicy(namespace, labels)];
  for (const zone of zones) {
    const own = () => (zones.length === 1 ? {} : { matchLabels: { [LABELS.zone]: zone } });
    // A system's own pods of one zone always reach one another.
    const ingress: Rule[] = [{ peers: [{ podSelector: own() }] }];
    const egress: Rule[] = [{ peers: [{ podSelector: own() }] }];
    for (const other of ENDPOINTS) {
      const inbound = flows.find((f) => f.allowed && f.from === other && f.to === zone);
      if (inbound) {
        const r = flowRule(inbound, other, s.department, ranges);
        if (r) ingress.push(r);
      }
      const outbound = flows.find((f) => f.allowed && f.from === zone && f.to === other);
      if (outbound) {
        const r = flowRule(outbound, other, s.department, ranges);
        if (r) egress.push(r);
      }
    }
    objects.push({
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: base(`allow-zone-${zone}`, namespace, { ...labels, [LABELS.zone]: zone }),
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

/** The shared namespace of a department: its own systems may reach it, and it them; plus DNS. */
function sharedPolicies(department: string, node: string): KubeObject[] {
  const namespace = `${department}-shared`;
  const labels = { [LABELS.department]: department, [LABELS.cloud]: node };
  const peers = () => [{ namespaceSelector: { matchLabels: { [LABELS.department]: department } } }];
  return [
    dnsPolicy(namespace, labels),
    {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: base("allow-department", namespace, labels),
      spec: { podSelector: {}, policyTypes: ["Ingress", "Egress"], ingress: [{ from: peers() }], egress: [{ to: peers() }] },
    },
  ];
}

/** The network planner (stacks/plan/planners.ts runs it with the others). Pure. */
export function planNetwork(estate: Estate): PlannerResult {
  const plan = addressPlan(estate);
  const objects: PlannedObject[] = [];
  const diagnostics: Diagnostic[] = [];
  const net = estate.network;
  if (!net.doc.spec.flows || !net.doc.spec.zones) {
    diagnostics.push(
      diagnostic(net.locate(["spec"], { key: true }), "network-no-flow-matrix", "the network declares no zones or flow matrix: tenant namespaces get DNS only and stay default-deny otherwise", "add spec.zones and spec.flows (see docs/network.md)", "warning"),
    );
  }
  const warned = new Set<string>();
  for (const r of estate.requests) {
    const cloud = r.doc.spec.cloud;
    if (!estate.index.cloud.has(cloud)) continue;
    if (!plan.cloudIndex.has(cloud) && net.doc.spec.cloudBlocks && !warned.has(cloud)) {
      warned.add(cloud);
      diagnostics.push(diagnostic(r.locate(["spec", "cloud"]), "network-no-ranges", `cloud node ${cloud} has no address ranges, so its tenants' policies carry no ipBlocks`, "see the ipam diagnostics of the estate: the node's division must be the province or a city with room in its local block", "warning"));
    }
    for (const object of systemPolicies(estate, r, plan)) objects.push({ node: cloud, object });
  }
  for (const d of estate.departments) {
    if (d.doc.spec.sharedNamespace && estate.index.cloud.has(d.doc.spec.homeCloud)) {
      for (const object of sharedPolicies(d.doc.metadata.name, d.doc.spec.homeCloud)) objects.push({ node: d.doc.spec.homeCloud, object });
    }
  }
  return { objects, diagnostics };
}
