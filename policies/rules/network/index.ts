/**
 * The network pack (一张网): zone separation by the flow matrix, nothing reaches the classified
 * intranet, internet egress only through the unified exit, IPv6 on every plane and the backbone
 * targets. Estate rules judge the catalog's Network; object rules judge NetworkPolicies, planned or
 * live, with the estate's matrix when it is at hand and the baseline matrix of domain.md §3 otherwise.
 */
import type { Estate, Loaded, Network, SourcePosition } from "../../../catalog/index.js";
import { LABELS, type KubeObject } from "../../../kube/index.js";
import type { EstateFacts } from "../../context.js";
import {
  backbone,
  contains,
  formatCidr,
  parseCidr,
  zoneMemberLabel,
  type Cidr,
  type Endpoint,
  type Family,
  type Flow,
} from "../../../stacks/network/index.js";
import { cite, mlps } from "../../sources.js";
import type { Rule, Subject, Violation } from "../../types.js";
import { catalogSubject } from "../support.js";

type Condition = NonNullable<Flow["conditions"]>[number];

/**
 * The baseline flow matrix of domain.md §3 (a convention derived from the zone purposes): the only
 * pairs that may be allowed, each with the conditions it must at least carry.
 */
export const BASELINE: ReadonlyMap<string, readonly Condition[]> = new Map([
  ["public->public", []],
  ["public->dedicated", ["declared-service-ports"]],
  ["dedicated->dedicated", ["same-department"]],
  ["dedicated->public", []],
  ["internet-access->public", ["through-reverse-proxy"]],
  ["internet-access->dedicated", ["through-reverse-proxy"]],
  ["internet-access->internet", ["through-unified-exit"]],
  ["internet->internet-access", ["through-unified-exit"]],
]);

/** Cross-boundary traffic only through the boundary's controlled interfaces: here, the unified exit. */
const MLPS_BOUNDARY = mlps(
  "8.1.3.1",
  "GB/T 22239-2019 8.1.3.1 a) (traffic crossing the boundary passes the controlled interfaces of boundary devices): the cloud node's unified-exit gateway as the only egress ipBlock outside the extranet",
);
/** Access-control rules between the zones that network architecture (8.1.2.1) divides the network into. */
const MLPS_ACCESS = mlps(
  "8.1.3.2",
  "GB/T 22239-2019 8.1.3.2 a) (access-control rules at the boundaries between zones; everything else denied by default) over the zones of 8.1.2.1 (划分网络区域); the baseline flow matrix is the project's convention from the zones' purposes",
);
const PLAN_2023 = (clause: string, derivedFrom?: string) => cite("晋政办发〔2023〕82号", "2023-12-28", clause, derivedFrom);

const ZONE_MEMBER = zoneMemberLabel("public").slice(0, -"public".length);
const at = (pos: SourcePosition): Subject => catalogSubject(pos);
const flowsOf = (net: Loaded<Network>) => net.doc.spec.flows ?? [];

/** The matrix an object is judged by: the estate's, or the baseline. */
function matrix(estate: Estate | undefined): (from: Endpoint, to: Endpoint) => readonly Condition[] | undefined {
  if (estate && estate.network.doc.spec.flows) {
    const flows = estate.network.doc.spec.flows;
    return (from, to) => {
      const f = flows.find((x) => x.from === from && x.to === to);
      return f?.allowed ? (f.conditions ?? []) : undefined;
    };
  }
  return (from, to) => BASELINE.get(`${from}->${to}`);
}

// --- estate rules ----------------------------------------------------------------------------------

const zoneFlows: Rule = {
  id: "NET-ZONE-001",
  title: "The flow matrix keeps the extranet's zones apart",
  pack: "network",
  severity: "high",
  clause: MLPS_ACCESS,
  target: "estate",
  description:
    "The public (公用网络区), dedicated (专用网络区) and internet access (互联网接入区) zones exist to keep traffic apart: dedicated zones only within one department, public -> dedicated only on declared service ports, the internet access zone only through reverse proxies and the unified exit.",
  remediation: "Deny the flow, or add the condition the baseline requires (same-department, declared-service-ports, through-reverse-proxy, through-unified-exit).",
  check({ estate }) {
    const net = estate.network;
    const out: Violation[] = [];
    flowsOf(net).forEach((f, i) => {
      if (!f.allowed || f.to === "intranet") return;
      const required = BASELINE.get(`${f.from}->${f.to}`);
      const subject = at(net.locate(["spec", "flows", i]));
      if (!required) {
        out.push({ message: `the flow ${f.from} -> ${f.to} is allowed, but the zones' baseline never allows it`, subject });
        return;
      }
      const missing = required.filter((c) => !(f.conditions ?? []).includes(c));
      if (missing.length) out.push({ message: `the flow ${f.from} -> ${f.to} is allowed without ${missing.join(", ")}`, subject });
    });
    return out;
  },
};

const intranet: Rule = {
  id: "NET-INTRANET-001",
  title: "Nothing reaches the classified intranet except through declared one-way channels",
  pack: "network",
  severity: "critical",
  clause: cite("中办发〔2002〕17号", "2002", "政务内网与政务外网物理隔离"),
  target: "estate",
  description:
    "The e-government intranet (电子政务内网) is classified and physically isolated: no flow of the matrix may reach it. Data crosses only through declared one-way channels (data diode or one-way exchange gateway) with an approval.",
  remediation: "Deny every flow to the intranet; move data through a declared data-diode or exchange-gateway channel with its approval.",
  check({ estate }) {
    const net = estate.network;
    const out: Violation[] = [];
    flowsOf(net).forEach((f, i) => {
      if (f.allowed && (f.to === "intranet" || f.from === "intranet")) {
        out.push({ message: `the flow ${f.from} -> ${f.to} is allowed: the intranet is never routed to or from`, subject: at(net.locate(["spec", "flows", i])) });
      }
    });
    (net.doc.spec.channels ?? []).forEach((c, i) => {
      if (c.from !== "intranet" && c.to !== "intranet") return;
      if (c.kind !== "data-diode" && c.kind !== "exchange-gateway") {
        out.push({ message: `channel ${c.name} joins the intranet through an ${c.kind}, not a data diode or one-way exchange gateway`, subject: at(net.locate(["spec", "channels", i, "kind"])) });
      }
      if (c.approval.expires !== undefined && c.approval.expires < c.approval.approved) {
        out.push({ message: `channel ${c.name}'s approval expires (${c.approval.expires}) before it was given (${c.approval.approved})`, subject: at(net.locate(["spec", "channels", i, "approval"])) });
      }
    });
    return out;
  },
};

const unifiedExit: Rule = {
  id: "NET-EGRESS-002",
  title: "The internet is reached only through the unified internet exit",
  pack: "network",
  severity: "high",
  clause: cite("晋政办发〔2019〕92号", "2019", "二(二)6"),
  target: "estate",
  description: "Internet exits are consolidated and centrally controlled: every flow to or from the internet passes the cloud node's unified exit, through an internet-exit channel.",
  remediation: "Give the flow the through-unified-exit condition and an internet-exit channel, declare spec.internetExit, or deny the flow.",
  check({ estate }) {
    const net = estate.network;
    const spec = net.doc.spec;
    const channels = new Map((spec.channels ?? []).map((c) => [c.name, c]));
    const out: Violation[] = [];
    flowsOf(net).forEach((f, i) => {
      if (!f.allowed || (f.from !== "internet" && f.to !== "internet")) return;
      const subject = at(net.locate(["spec", "flows", i]));
      if (!(f.conditions ?? []).includes("through-unified-exit")) out.push({ message: `the flow ${f.from} -> ${f.to} does not pass the unified exit`, subject });
      const c = f.channel === undefined ? undefined : channels.get(f.channel);
      if (!c || c.kind !== "internet-exit") out.push({ message: `the flow ${f.from} -> ${f.to} names no internet-exit channel`, subject });
      if (!spec.internetExit) out.push({ message: "the network declares no internetExit, so cloud nodes have no unified exit address", subject: at(net.locate(["spec"], { key: true })) });
    });
    return out;
  },
};

const ipv6: Rule = {
  id: "NET-IPV6-001",
  title: "IPv6 on every plane of every backbone link (一网双平面)",
  pack: "network",
  severity: "medium",
  clause: PLAN_2023("四(二)", "晋政办发〔2023〕82号 四(二) (IPv6 transformation of the extranet under 一网双平面, data and video on one network): IPv6 on every plane of every backbone link"),
  target: "estate",
  description: "The extranet's IPv6 transformation carries data and video traffic on two planes: every backbone link must carry IPv6 on every plane, so that every level below it is IPv6-enabled.",
  remediation: "Enable IPv6 on the link's missing planes and list them (or drop the ipv6: list to mean every plane).",
  check({ estate }) {
    const net = estate.network;
    const planes = net.doc.spec.planes.map((p) => p.name);
    const out: Violation[] = [];
    net.doc.spec.backbone.forEach((l, i) => {
      const missing = planes.filter((p) => l.ipv6 !== undefined && !l.ipv6.includes(p));
      if (missing.length) out.push({ message: `link ${l.from} -> ${l.to} carries no IPv6 on plane ${missing.join(", ")}`, subject: at(net.locate(["spec", "backbone", i])) });
    });
    return out;
  },
};

const bandwidth: Rule = {
  id: "NET-BACKBONE-001",
  title: "Backbone links meet their bandwidth targets (province-city 10 Gbit/s, city-county 1 Gbit/s)",
  pack: "network",
  severity: "medium",
  clause: PLAN_2023("四(二)"),
  target: "estate",
  description: "The e-government backbone is upgraded so that province-city links reach 10 Gbit/s (万兆) and city-county links 1 Gbit/s (千兆).",
  remediation: "Upgrade the circuit, then raise bandwidthGbps in network.yaml.",
  check({ estate, addressPlan }) {
    const net = estate.network;
    const { links } = backbone(estate, addressPlan);
    const out: Violation[] = [];
    links.forEach((l, i) => {
      if (!l.meetsTarget) out.push({ message: `link ${l.from} -> ${l.to} (${l.toName}) has ${l.bandwidthGbps} Gbit/s, below the ${l.targetGbps} Gbit/s target`, subject: at(net.locate(["spec", "backbone", i, "bandwidthGbps"])) });
    });
    return out;
  },
};

const connected: Rule = {
  id: "NET-BACKBONE-002",
  title: "Every city and county is connected to the backbone (纵向到底)",
  pack: "network",
  severity: "high",
  clause: PLAN_2023("专栏10"),
  target: "estate",
  description: "The extranet reaches all five levels: every city needs a link to the province and every county a link to its city; townships and villages hang off their county.",
  remediation: "Add the missing backbone link to network.yaml once the circuit exists.",
  check({ estate, addressPlan }) {
    const net = estate.network;
    const { coverage } = backbone(estate, addressPlan);
    const names = new Map(estate.divisions.doc.spec.cities.flatMap((c) => [[c.code, c.name] as const, ...c.counties.map((k) => [k.code, `${c.name}${k.name}`] as const)]));
    const subject = at(net.locate(["spec", "backbone"], { key: true }));
    return [...coverage.city.unconnected, ...coverage.county.unconnected].map((code) => ({ message: `${names.get(code) ?? code} (${code}) has no backbone link to its parent`, subject }));
  },
};

// --- object rules ----------------------------------------------------------------------------------

type Peer = {
  ipBlock?: { cidr?: string };
  namespaceSelector?: { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
  podSelector?: { matchLabels?: Record<string, string> };
};
type PolicyRule = { from?: Peer[]; to?: Peer[] };
type PolicySpec = { podSelector?: { matchLabels?: Record<string, string> }; ingress?: PolicyRule[]; egress?: PolicyRule[]; policyTypes?: string[] };

/** A CIDR text as IPv4 or IPv6, or undefined when it is neither. */
const isCidr = (s: string): { family: Family; cidr: Cidr } | undefined => {
  for (const family of ["ipv4", "ipv6"] as const) {
    const cidr = parseCidr(family, s);
    if (cidr) return { family, cidr };
  }
  return undefined;
};

/**
 * The zones a namespace selector restricts its peers to (zone.govcloud.io/<zone> membership labels, or
 * the govcloud.io/zone label); undefined when it does not restrict them.
 */
function selectedZones(sel: NonNullable<Peer["namespaceSelector"]>): string[] | undefined {
  const members = Object.entries(sel.matchLabels ?? {})
    .filter(([k, v]) => k.startsWith(ZONE_MEMBER) && v === "true")
    .map(([k]) => k.slice(ZONE_MEMBER.length));
  if (members.length) return members;
  const label = sel.matchLabels?.[LABELS.zone];
  if (label !== undefined) return [label];
  const expr = sel.matchExpressions?.find((e) => e.key === LABELS.zone && e.operator === "In");
  return expr ? [...(expr.values ?? [])] : undefined;
}

/** The zones a policy's own pods are in: from its pod selector or label, or the system's zones. */
function ownZones(object: KubeObject, estate: Estate | undefined): { zones: string[]; department?: string } | undefined {
  const spec = object["spec"] as PolicySpec | undefined;
  const ns = object.metadata.namespace;
  const request = estate && ns ? estate.index.namespace.get(ns) : undefined;
  const department = request?.doc.spec.department ?? object.metadata.labels?.[LABELS.department];
  const fromPods = spec?.podSelector?.matchLabels?.[LABELS.zone];
  const fromLabel = object.metadata.labels?.[LABELS.zone];
  const zones = fromPods ? [fromPods] : request ? [...request.doc.spec.zones] : fromLabel ? [fromLabel] : undefined;
  return zones ? { zones, ...(department !== undefined ? { department } : {}) } : undefined;
}

const NO_RANGES: ReadonlyMap<string, string> = new Map();

/** The node's zone ranges (CIDR text -> zone), when the estate is at hand (worked out once in its facts). */
function zoneRanges(object: KubeObject, estate: Estate | undefined, facts: EstateFacts | undefined): ReadonlyMap<string, string> {
  if (!estate || !facts) return NO_RANGES;
  const ns = object.metadata.namespace;
  const request = ns ? estate.index.namespace.get(ns) : undefined;
  const node = request?.doc.spec.cloud ?? object.metadata.labels?.[LABELS.cloud];
  if (node === undefined) return NO_RANGES;
  return facts.zoneCidrs.get(node) ?? NO_RANGES;
}

const isDnsPeer = (p: Peer) => p.namespaceSelector?.matchLabels?.["kubernetes.io/metadata.name"] === "kube-system";

const policyFlows: Rule = {
  id: "NET-ZONE-002",
  title: "NetworkPolicies open only the flows the zone matrix allows",
  pack: "network",
  severity: "high",
  clause: MLPS_ACCESS,
  target: "object",
  kinds: ["NetworkPolicy"],
  description:
    "An allow rule in a tenant namespace may only open peers in zones the flow matrix allows for the namespace's zones: same-department peers for dedicated-to-dedicated flows, never in-cluster peers where the reverse proxy is required, never every namespace.",
  remediation: "Restrict the peer to the allowed zones with a govcloud.io/zone namespace selector (and govcloud.io/department for dedicated zones), or remove the rule.",
  check({ object, estate, facts }) {
    const own = ownZones(object, estate);
    const spec = object["spec"] as PolicySpec | undefined;
    if (!own || !spec) return [];
    const allowedBy = matrix(estate);
    const out: Violation[] = [];
    const ranges = zoneRanges(object, estate, facts);
    const judge = (peers: Peer[] | undefined, direction: "ingress" | "egress") => {
      for (const p of peers ?? []) {
        if (isDnsPeer(p)) continue;
        if (p.ipBlock) {
          // A whole zone range of the node: judged like an in-cluster peer of that zone.
          const zone = p.ipBlock.cidr === undefined ? undefined : ranges.get(p.ipBlock.cidr);
          if (zone === undefined) continue;
          for (const mine of own.zones) {
            const [from, to] = (direction === "ingress" ? [zone, mine] : [mine, zone]) as [Endpoint, Endpoint];
            const conditions = allowedBy(from, to);
            if (conditions === undefined) out.push({ message: `${direction} opens ${p.ipBlock.cidr}, the node's ${zone} range: ${from} -> ${to} is denied` });
            else if (conditions.includes("through-reverse-proxy") || conditions.includes("same-department")) {
              out.push({ message: `${direction} opens ${p.ipBlock.cidr}, the node's whole ${zone} range: ${from} -> ${to} is allowed only ${conditions.includes("same-department") ? "within one department" : "through the reverse proxy"}` });
            }
          }
          continue;
        }
        if (!p.namespaceSelector) continue; // the namespace's own pods
        const podZone = p.podSelector?.matchLabels?.[LABELS.zone];
        const zones = podZone !== undefined ? [podZone] : selectedZones(p.namespaceSelector);
        if (!zones) {
          out.push({ message: `a ${direction} peer selects namespaces whatever their zone` });
          continue;
        }
        for (const mine of own.zones) {
          for (const theirs of zones) {
            const [from, to] = (direction === "ingress" ? [theirs, mine] : [mine, theirs]) as [Endpoint, Endpoint];
            const conditions = allowedBy(from, to);
            if (conditions === undefined) out.push({ message: `${direction} opens ${from} -> ${to}, which the flow matrix denies` });
            else if (conditions.includes("through-reverse-proxy")) out.push({ message: `${direction} opens ${from} -> ${to} directly; the matrix requires the reverse proxy` });
            else if (conditions.includes("same-department") && p.namespaceSelector.matchLabels?.[LABELS.department] !== own.department) {
              out.push({ message: `${direction} opens ${from} -> ${to} beyond department ${own.department ?? "(unknown)"}; the matrix allows it within one department only` });
            }
          }
        }
      }
    };
    for (const r of spec.ingress ?? []) judge(r.from, "ingress");
    for (const r of spec.egress ?? []) judge(r.to, "egress");
    return out;
  },
};

const egressGateway: Rule = {
  id: "NET-EGRESS-001",
  title: "No egress to the whole internet: only to the cloud node's unified exit",
  pack: "network",
  severity: "critical",
  clause: MLPS_BOUNDARY,
  target: "object",
  kinds: ["NetworkPolicy"],
  description:
    "Traffic leaving the extranet passes the unified internet exit. A NetworkPolicy must not allow egress to every address (no `to`, 0.0.0.0/0, ::/0); with the estate at hand, an egress ipBlock outside the extranet's planes must be exactly the node's exit gateway.",
  remediation: "Replace the broad ipBlock by the cloud node's gateway address (govcloud ipam shows it), or by the extranet ranges the system needs.",
  check({ object, estate, addressPlan }) {
    const spec = object["spec"] as PolicySpec | undefined;
    if (!spec) return [];
    const out: Violation[] = [];
    const plan = estate ? addressPlan : undefined;
    const ns = object.metadata.namespace;
    const request = estate && ns ? estate.index.namespace.get(ns) : undefined;
    const node = request?.doc.spec.cloud ?? object.metadata.labels?.[LABELS.cloud];
    const ranges = node ? plan?.cloudIndex.get(node) : undefined;
    (spec.egress ?? []).forEach((r, i) => {
      if (r.to === undefined || r.to.length === 0) {
        out.push({ message: `egress rule ${i + 1} has no 'to': it allows every destination, the internet included` });
        return;
      }
      for (const p of r.to) {
        const text = p.ipBlock?.cidr;
        if (text === undefined) continue;
        const parsed = isCidr(text);
        if (!parsed) {
          out.push({ message: `egress ipBlock ${text} is not a CIDR` });
          continue;
        }
        const { family, cidr } = parsed;
        if (cidr.len === 0) {
          out.push({ message: `egress to ${text} opens the whole ${family === "ipv4" ? "IPv4" : "IPv6"} internet; only the unified exit may be reached` });
          continue;
        }
        // The node's exit gateway is an extranet address (in its internet-access range): anything
        // outside the planes' prefixes is the internet reached around the exit.
        if (!plan || plan.table.planes.some((pl) => contains(family, pl[family], cidr))) continue;
        const gateway = ranges?.gateway.get(plan.table.planes[0]!.name)?.[family];
        out.push({ message: `egress to ${text} leaves the extranet around the unified exit${gateway ? ` (${node}'s exit is ${formatCidr(family, gateway)})` : ""}` });
      }
    });
    return out;
  },
};

// --- private networks (业务专网) ----------------------------------------------------------------------

/** Seed 002 (晋政办发〔2023〕82号) was issued on this date: 原则上不再新建业务专网 from then on. */
export const NO_NEW_PRIVATE_NETWORKS_SINCE = "2023-12-28";

const deptAt = (pos: SourcePosition, department: string): Subject => ({ type: "catalog", department, file: pos.file, line: pos.line, column: pos.column });

const privateNetworksOf = (estate: Estate) =>
  estate.departments.flatMap((d) => (d.doc.spec.privateNetworks ?? []).map((n, i) => ({ d, n, i })).filter((x) => !x.n.classified));

const noNewPrivateNetworks: Rule = {
  id: "NET-PRIV-001",
  title: "No new private networks (不再新建业务专网)",
  pack: "network",
  severity: "high",
  clause: PLAN_2023("四(二)", `晋政办发〔2023〕82号 四(二) (各市、省直各部门原则上不再新建业务专网): a non-classified private network that went into service after the plan was issued (${NO_NEW_PRIVATE_NETWORKS_SINCE}) is a new one`),
  target: "estate",
  description: `Cities and provincial departments build no new business private networks (业务专网): their traffic belongs on the extranet. A non-classified private network in service since ${NO_NEW_PRIVATE_NETWORKS_SINCE} (seed 002's date of issue) breaks that. Classified networks fold into the intranet under the secrecy rules and are not judged here.`,
  remediation: "Carry the traffic on the extranet (a dedicated-zone VPN of the department, 专用网络区) and retire the new network; record its folding in the department's privateNetworks (status folding, foldDeadline).",
  check({ estate }) {
    return privateNetworksOf(estate)
      .filter(({ n }) => n.built > NO_NEW_PRIVATE_NETWORKS_SINCE && n.status !== "folded")
      .map(({ d, n, i }) => ({
        message: `${d.doc.metadata.name}'s private network ${n.name} (${n.displayName}) went into service on ${n.built}, after seed 002 ruled out new ones (${NO_NEW_PRIVATE_NETWORKS_SINCE})`,
        subject: deptAt(d.locate(["spec", "privateNetworks", i, "built"]), d.doc.metadata.name),
      }));
  },
};

const foldPrivateNetworks: Rule = {
  id: "NET-PRIV-002",
  title: "Non-classified private networks fold into the extranet",
  pack: "network",
  severity: "medium",
  clause: PLAN_2023("四(二)"),
  target: "estate",
  description:
    "Non-classified business private networks migrate into the extranet (有序推进非涉密业务专网向电子政务外网整合迁移; also seed 000 二(二)6 and seed 003 二(三)). One still operating on its own is a warning to plan its folding; one whose agreed fold deadline has passed fails.",
  remediation: "Plan the network's migration into the extranet (status folding, with a foldDeadline) and mark it folded once retired.",
  check({ estate, today }) {
    const out: Violation[] = [];
    for (const { d, n, i } of privateNetworksOf(estate)) {
      const department = d.doc.metadata.name;
      if (n.status === "folded") continue;
      if (n.foldDeadline !== undefined && today !== undefined && n.foldDeadline < today) {
        out.push({ message: `${department}'s private network ${n.name} (${n.displayName}) was due to fold into the extranet by ${n.foldDeadline} and is still ${n.status}`, subject: deptAt(d.locate(["spec", "privateNetworks", i, "foldDeadline"]), department) });
      } else if (n.status === "operating") {
        out.push({ result: "warn", message: `${department}'s private network ${n.name} (${n.displayName}) still operates outside the extranet${n.foldDeadline ? ` (fold deadline ${n.foldDeadline})` : ", with no fold deadline"}`, subject: deptAt(d.locate(["spec", "privateNetworks", i, "status"]), department) });
      }
    }
    return out;
  },
};

export const rules: readonly Rule[] = [zoneFlows, policyFlows, intranet, unifiedExit, egressGateway, ipv6, bandwidth, connected, noNewPrivateNetworks, foldPrivateNetworks];
