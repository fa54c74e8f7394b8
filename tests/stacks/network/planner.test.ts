import ipaddr from "ipaddr.js";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../kube/index.js";
import {
  addressPlan,
  allowed,
  checkFlows,
  formatCidr,
  planNetwork,
  systemPolicies,
  zoneMemberLabel,
  ENDPOINTS,
  type Endpoint,
} from "../../../stacks/network/index.js";
import { load, networkCatalog } from "./support.js";

/**
 * A small NetworkPolicy evaluator (Kubernetes semantics: a pod is isolated in a direction once a
 * policy of that type selects it; traffic passes when some selecting policy's rule matches the peer
 * and the port).
 */
type Labels = Record<string, string>;
type Pod = { kind: "pod"; namespace: string; nsLabels: Labels; labels: Labels };
type Ip = { kind: "ip"; address: string };
type Party = Pod | Ip;
type Selector = { matchLabels?: Labels; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { ipBlock?: { cidr: string; except?: string[] }; namespaceSelector?: Selector; podSelector?: Selector };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: { port?: number; protocol?: string }[] };

const matches = (sel: Selector | undefined, labels: Labels) =>
  sel === undefined ||
  (Object.entries(sel.matchLabels ?? {}).every(([k, v]) => labels[k] === v) &&
    (sel.matchExpressions ?? []).every((e) => {
      if (e.operator === "In") return (e.values ?? []).includes(labels[e.key] ?? "\0");
      if (e.operator === "DoesNotExist") return !(e.key in labels);
      if (e.operator === "Exists") return e.key in labels;
      throw new Error(`operator ${e.operator}`);
    }));

function peerMatches(peer: Peer, self: Pod, other: Party): boolean {
  if (peer.ipBlock) {
    if (other.kind !== "ip") return false;
    const ip = ipaddr.parse(other.address);
    const [net, len] = ipaddr.parseCIDR(peer.ipBlock.cidr);
    return ip.kind() === net.kind() && ip.match(net, len);
  }
  if (other.kind !== "pod") return false;
  if (peer.namespaceSelector === undefined)
    return other.namespace === self.namespace && matches(peer.podSelector, other.labels);
  return matches(peer.namespaceSelector, other.nsLabels) && matches(peer.podSelector ?? {}, other.labels);
}

function permits(
  policies: readonly KubeObject[],
  self: Pod,
  other: Party,
  direction: "Ingress" | "Egress",
  port: number,
): boolean {
  const selecting = policies.filter((p) => {
    const spec = p["spec"] as { podSelector: Selector; policyTypes: string[] };
    return (
      p.metadata.namespace === self.namespace &&
      spec.policyTypes.includes(direction) &&
      matches(spec.podSelector, self.labels)
    );
  });
  return selecting.some((p) => {
    const spec = p["spec"] as { ingress?: Rule[]; egress?: Rule[] };
    const rules = (direction === "Ingress" ? spec.ingress : spec.egress) ?? [];
    return rules.some((r) => {
      const peers = (direction === "Ingress" ? r.from : r.to) ?? [];
      const portOk = r.ports === undefined || r.ports.some((x) => x.port === port);
      return portOk && peers.some((peer) => peerMatches(peer, self, other));
    });
  });
}

/** Whether a connection from `src` to `dst` on `port` passes both ends' policies. */
function reaches(policies: readonly KubeObject[], src: Party, dst: Party, port = 443): boolean {
  if (src.kind === "pod" && !permits(policies, src, dst, "Egress", port)) return false;
  if (dst.kind === "pod" && !permits(policies, dst, src, "Ingress", port)) return false;
  return src.kind === "pod" || dst.kind === "pod";
}

const files = networkCatalog();
const estate = load(files);
const result = planNetwork(estate);
const policies = result.objects.map((o) => o.object);
const plan = addressPlan(estate);

function pod(department: string, system: string, zones: string[], podZone?: string): Pod {
  const namespace = `${department}-${system}`;
  return {
    kind: "pod",
    namespace,
    // as the tenancy planner labels a namespace: its first zone, and one membership label per zone
    nsLabels: {
      "kubernetes.io/metadata.name": namespace,
      "govcloud.io/department": department,
      "govcloud.io/zone": zones[0]!,
      ...Object.fromEntries(zones.map((z) => [zoneMemberLabel(z as never), "true"])),
    },
    labels: podZone ? { "govcloud.io/zone": podZone } : {},
  };
}
const host = (cidr: string, n = 10): Ip => {
  const [net] = ipaddr.parseCIDR(cidr);
  const bytes = net.toByteArray();
  bytes[bytes.length - 1]! += n;
  return { kind: "ip", address: ipaddr.fromByteArray(bytes).toString() };
};
const ranges = plan.cloudIndex.get("province")!;
const zoneRange = (
  zone: "public" | "dedicated" | "internet-access",
  family: "ipv4" | "ipv6" = "ipv4",
  plane = "data",
) => formatCidr(family, ranges.zones.get(zone)!.get(plane)![family]);
const gateway = (family: "ipv4" | "ipv6" = "ipv4", plane = "data"): Ip => ({
  kind: "ip",
  address: formatCidr(family, ranges.gateway.get(plane)![family]).split("/")[0]!,
});
const proxy = (family: "ipv4" | "ipv6" = "ipv4"): Ip => ({
  kind: "ip",
  address: formatCidr(family, ranges.reverseProxy.get("data")![family]).split("/")[0]!,
});

const portal = pod("health", "portal", ["public"]); // public
const records = pod("health", "records", ["dedicated"]);
const archive = pod("health", "archive", ["dedicated"]);
const web = pod("health", "web", ["internet-access"]);
const hybridFront = pod("health", "hybrid", ["public", "internet-access"], "internet-access");
const hybridBack = pod("health", "hybrid", ["public", "internet-access"], "public");
const cases = pod("datong-approval", "cases", ["dedicated"]);
const hall = pod("datong-approval", "hall", ["public"]);
const site = pod("datong-approval", "site", ["internet-access"]);

describe("network planner", () => {
  it("plans an estate without diagnostics, and every NetworkPolicy validates against the Kubernetes schema", () => {
    expect(checkFlows(estate)).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    expect(policies.length).toBeGreaterThan(10);
    for (const p of policies)
      expect(
        () => new NetworkPolicy(p as never).validate(),
        `${p.metadata.namespace}/${p.metadata.name}`,
      ).not.toThrow();
  });

  it("gives every namespace DNS and nothing else by name", () => {
    const namespaces = new Set(policies.map((p) => p.metadata.namespace));
    for (const ns of namespaces) {
      const names = policies.filter((p) => p.metadata.namespace === ns).map((p) => p.metadata.name);
      expect(names).toContain("allow-dns");
      for (const n of names) expect(n).toMatch(/^allow-(dns|zone-(public|dedicated|internet-access))$/);
    }
    const kubeDns: Pod = {
      kind: "pod",
      namespace: "kube-system",
      nsLabels: { "kubernetes.io/metadata.name": "kube-system" },
      labels: { "k8s-app": "kube-dns" },
    };
    for (const p of [portal, records, web, cases, hybridFront]) {
      expect(permits(policies, p, kubeDns, "Egress", 53)).toBe(true);
      expect(permits(policies, p, kubeDns, "Egress", 443)).toBe(false);
    }
  });

  it("allows exactly the in-cluster zone pairs the matrix allows", () => {
    const byZone: Record<string, Pod[]> = {
      public: [portal, hall, hybridBack],
      dedicated: [records, cases],
      "internet-access": [web, site, hybridFront],
    };
    for (const from of Object.keys(byZone)) {
      for (const to of Object.keys(byZone)) {
        const flow = estate.network.doc.spec.flows!.find((f) => f.from === from && f.to === to);
        for (const src of byZone[from]!) {
          for (const dst of byZone[to]!) {
            if (src === dst) continue;
            const sameSystem = src.namespace === dst.namespace;
            const sameDepartment = src.nsLabels["govcloud.io/department"] === dst.nsLabels["govcloud.io/department"];
            let expected = flow?.allowed === true;
            if (flow?.conditions?.includes("same-department")) expected &&= sameDepartment;
            if (flow?.conditions?.includes("through-reverse-proxy")) expected = false; // only via the proxy's address
            if (from === to && sameSystem) expected = true; // a system's own pods of one zone
            expect(reaches(policies, src, dst), `${src.namespace}(${from}) -> ${dst.namespace}(${to})`).toBe(expected);
          }
        }
      }
    }
  });

  it("keeps dedicated zones within one department, and public -> dedicated on the declared ports", () => {
    expect(reaches(policies, records, archive)).toBe(true);
    expect(reaches(policies, records, cases)).toBe(false);
    expect(reaches(policies, cases, records)).toBe(false);
    expect(reaches(policies, portal, records, 443)).toBe(true);
    expect(reaches(policies, portal, records, 22)).toBe(false);
    expect(reaches(policies, records, portal, 8080)).toBe(true);
  });

  it("opens the node's zone ranges in both families and on every plane, as the matrix allows", () => {
    for (const family of ["ipv4", "ipv6"] as const) {
      for (const plane of ["data", "video"]) {
        const pub = host(zoneRange("public", family, plane));
        const ded = host(zoneRange("dedicated", family, plane));
        const ia = host(zoneRange("internet-access", family, plane));
        expect(reaches(policies, pub, portal), `${family} ${plane}`).toBe(true);
        expect(reaches(policies, portal, pub)).toBe(true);
        expect(reaches(policies, pub, records, 443)).toBe(true);
        expect(reaches(policies, pub, records, 22)).toBe(false);
        // a node's dedicated range holds every department's hosts: never opened by address
        expect(reaches(policies, ded, records)).toBe(false);
        expect(reaches(policies, records, ded)).toBe(false);
        expect(reaches(policies, records, pub)).toBe(true);
        // the internet access zone reaches the others only through the reverse proxy
        expect(reaches(policies, ia, portal)).toBe(false);
        expect(reaches(policies, ia, records)).toBe(false);
      }
    }
    expect(reaches(policies, proxy(), portal)).toBe(true);
    expect(reaches(policies, proxy("ipv6"), records)).toBe(true);
    expect(reaches(policies, web, proxy())).toBe(true);
    expect(reaches(policies, portal, proxy())).toBe(false);
  });

  it("lets only the internet access zone out, and only through the node's unified exit", () => {
    const internet: Ip[] = [
      { kind: "ip", address: "8.8.8.8" },
      { kind: "ip", address: "2001:db8::1" },
      { kind: "ip", address: "114.114.114.114" },
    ];
    for (const p of [portal, records, web, hybridFront, hybridBack, cases, hall, site]) {
      for (const ip of internet) {
        expect(reaches(policies, p, ip), `${p.namespace} -> ${ip.address}`).toBe(false);
        expect(reaches(policies, ip, p)).toBe(false);
      }
    }
    for (const family of ["ipv4", "ipv6"] as const) {
      expect(reaches(policies, web, gateway(family))).toBe(true);
      expect(reaches(policies, hybridFront, gateway(family, "video"))).toBe(true);
      expect(reaches(policies, gateway(family), web)).toBe(true);
      for (const p of [portal, records, hybridBack]) {
        expect(reaches(policies, p, gateway(family))).toBe(false);
        expect(reaches(policies, gateway(family), p)).toBe(false);
      }
    }
    // a city node's tenants use the city node's exit, not the province's
    expect(reaches(policies, site, gateway())).toBe(false);
    const city = plan.cloudIndex.get("city-140200")!;
    expect(
      reaches(policies, site, {
        kind: "ip",
        address: formatCidr("ipv4", city.gateway.get("data")!.ipv4).split("/")[0]!,
      }),
    ).toBe(true);
  });

  it("never names an address outside the extranet's planes, so nothing can reach the intranet or the open internet", () => {
    const planes = estate.network.doc.spec.planes.flatMap((p) => [ipaddr.parseCIDR(p.ipv4), ipaddr.parseCIDR(p.ipv6)]);
    const cidrs = JSON.stringify(policies)
      .match(/"cidr":"[^"]+"/g)!
      .map((s) => s.slice(8, -1));
    expect(cidrs.length).toBeGreaterThan(0);
    for (const c of cidrs) {
      const [ip, len] = ipaddr.parseCIDR(c);
      expect(len).toBeGreaterThan(0);
      expect(
        planes.some(([net, l]) => ip.kind() === net.kind() && ip.match(net, l)),
        c,
      ).toBe(true);
    }
    for (const p of policies) {
      const spec = p["spec"] as { egress?: Rule[]; ingress?: Rule[] };
      for (const r of spec.egress ?? []) expect(r.to?.length).toBeGreaterThan(0);
      for (const r of spec.ingress ?? []) expect(r.from?.length).toBeGreaterThan(0);
    }
    // and no flow of the matrix allows the intranet
    for (const e of ENDPOINTS) expect(allowed(estate.network.doc.spec.flows!, e as Endpoint, "intranet")).toBe(false);
  });

  it("keeps a department's shared namespace (public zone) to the department's own systems", () => {
    const shared = pod("datong-approval", "shared", ["public"]);
    expect(reaches(policies, hall, shared)).toBe(true);
    expect(reaches(policies, cases, shared)).toBe(true);
    expect(reaches(policies, shared, cases, 443)).toBe(true);
    expect(reaches(policies, shared, cases, 22)).toBe(false);
    expect(reaches(policies, portal, shared)).toBe(false);
    expect(reaches(policies, shared, portal)).toBe(false);
    expect(reaches(policies, site, shared)).toBe(false); // internet access: only through the reverse proxy
    const city = plan.cloudIndex.get("city-140200")!;
    const cityProxy = formatCidr("ipv4", city.reverseProxy.get("data")!.ipv4).split("/")[0]!;
    expect(reaches(policies, { kind: "ip", address: cityProxy }, shared)).toBe(true);
    expect(reaches(policies, host(formatCidr("ipv4", city.zones.get("public")!.get("data")!.ipv4)), shared)).toBe(
      false,
    );
  });

  it("plans a DR copy's policies with the ranges and exit of the node it runs on", () => {
    const web = estate.index.request.get("health/web")!;
    const copy = systemPolicies(estate, web, { node: "city-140200" });
    const city = plan.cloudIndex.get("city-140200")!;
    const text = JSON.stringify(copy);
    expect(copy.every((p) => p.metadata.labels?.["govcloud.io/cloud"] === "city-140200")).toBe(true);
    expect(text).toContain(`"${formatCidr("ipv4", city.gateway.get("data")!.ipv4)}"`);
    expect(text).not.toContain(`"${formatCidr("ipv4", ranges.gateway.get("data")!.ipv4)}"`);
    const here = policies.filter((p) => p.metadata.namespace === "health-web");
    expect(copy.map((p) => p.metadata.name)).toEqual(here.map((p) => p.metadata.name));
  });

  it("is deterministic", () => {
    expect(JSON.stringify(planNetwork(load(networkCatalog())).objects)).toBe(JSON.stringify(result.objects));
  });

  it("plans DNS and a system's own pods only when the network declares no flow matrix", () => {
    const bare = networkCatalog();
    bare["estates/t/network.yaml"] = bare["estates/t/network.yaml"]!.replace(/ {2}flows:\n( {4}- .*\n)+/, "");
    const r = planNetwork(load(bare));
    expect(r.diagnostics).toEqual([]);
    const zonePolicies = r.objects.filter((o) => o.object.metadata.name.startsWith("allow-zone-"));
    for (const o of zonePolicies) {
      const spec = o.object["spec"] as { ingress: Rule[]; egress: Rule[] };
      expect(spec.ingress).toHaveLength(1); // the system's own pods only
      expect(spec.egress).toHaveLength(1);
    }
  });
});
