import { describe, expect, it } from "vitest";
import {
  cpuQuantity,
  gibQuantity,
  isDnsLabel,
  LABELS,
  NAMES,
  planEstate,
  requestQuotaOf,
  tenancyPlanner,
  tenantObjects,
  type KubeObject,
} from "./imports.js";
import { PERMITS, tinyEstate } from "./estates.js";
import { validateObject } from "./validate.js";
import { networkPlanner, planNetwork } from "../../stacks/network/index.js";
import { tinyCatalog } from "../support/tiny-catalog.js";

const estate = tinyEstate(PERMITS);
// The tenancy and network planners: the DR planner adds its objects and warnings on top (tests/stacks/dr).
const plan = planEstate(estate, { planners: [tenancyPlanner, networkPlanner] });
const all = plan.nodes.flatMap((n) => n.objects.map((o) => ({ node: n.node, o })));
const inNs = (ns: string) =>
  all
    .filter((x) => x.o.metadata.namespace === ns || (x.o.kind === "Namespace" && x.o.metadata.name === ns))
    .map((x) => x.o);
const find = (ns: string, kind: string, name?: string) =>
  inNs(ns).find((o) => o.kind === kind && (name === undefined || o.metadata.name === name))!;
type Rule = { apiGroups: string[]; resources: string[]; verbs: string[] };

describe("tenancy planner", () => {
  it("plans every system's namespace on its own cloud node, and the declared shared namespace on the home cloud", () => {
    const namespaces = all.filter((x) => x.o.kind === "Namespace").map((x) => `${x.node}:${x.o.metadata.name}`);
    expect(namespaces.sort()).toEqual([
      "city-140200:datong-approval-permits",
      "city-140200:datong-approval-shared",
      "province:health-portal",
    ]);
    expect(plan.diagnostics).toEqual([]);
  });

  it("labels namespaces with the govcloud.io labels and the Pod Security level of their MLPS grade", () => {
    const portal = find("health-portal", "Namespace").metadata.labels!;
    expect(portal).toMatchObject({
      [LABELS.department]: "health",
      [LABELS.system]: "portal",
      [LABELS.cloud]: "province",
      [LABELS.zone]: "public",
      [LABELS.mlpsLevel]: "3",
      [LABELS.dataLevel]: "important",
      [LABELS.managedBy]: "govcloud",
      "zone.govcloud.io/public": "true",
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.31",
    });
    const permits = find("datong-approval-permits", "Namespace").metadata.labels!;
    expect(permits["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    expect(permits["pod-security.kubernetes.io/warn"]).toBe("baseline");
    expect(permits[LABELS.zone]).toBe("dedicated");
    expect(permits["zone.govcloud.io/public"]).toBe("true");
    expect(permits[LABELS.drRole]).toBeUndefined();
    expect(find("health-portal", "Namespace").metadata.annotations).toMatchObject({
      "govcloud.io/source": "requests/health/portal.yaml",
    });
  });

  it("pins another Pod Security version when asked", () => {
    const ns = planEstate(estate, { podSecurityVersion: "v1.33" }).nodes[1]!.objects[0]!;
    expect(ns.metadata.labels!["pod-security.kubernetes.io/enforce-version"]).toBe("v1.33");
  });

  it("sizes the ResourceQuota as the sum of the requested services, with object counts", () => {
    for (const r of estate.requests) {
      const q = requestQuotaOf(estate, r);
      const hard = (
        find(`${r.doc.spec.department}-${r.doc.metadata.name}`, "ResourceQuota").spec as {
          hard: Record<string, string>;
        }
      ).hard;
      expect(hard["requests.cpu"]).toBe(cpuQuantity(q.vcpu));
      expect(hard["limits.cpu"]).toBe(cpuQuantity(q.vcpu));
      expect(hard["requests.memory"]).toBe(gibQuantity(q.memoryGiB));
      expect(hard["requests.storage"]).toBe(gibQuantity(q.storageGiB));
      expect(hard["services.loadbalancers"]).toBe(String(q.loadBalancers));
      expect(hard["services.nodeports"]).toBe("0");
      expect(Number(hard.pods)).toBeGreaterThan(q.vcpu);
      expect(Number(hard.persistentvolumeclaims)).toBeGreaterThan(0);
    }
    // permits: 2 vCPU x 3 + 1 x 1 = 7 vCPU; 3 GiB x 3 + 1 = 10 GiB; 100 GiB per VM = 400 GiB.
    expect(
      (find("datong-approval-permits", "ResourceQuota").spec as { hard: Record<string, string> }).hard,
    ).toMatchObject({
      "requests.cpu": "7",
      "requests.memory": "10Gi",
      "requests.storage": "400Gi",
      services: "9",
    });
  });

  it("gives every namespace a LimitRange with container defaults", () => {
    const spec = find("health-portal", "LimitRange").spec as {
      limits: { type: string; default?: object; defaultRequest?: object }[];
    };
    expect(spec.limits.find((l) => l.type === "Container")).toMatchObject({
      default: { cpu: "500m", memory: "512Mi" },
      defaultRequest: { cpu: "100m", memory: "128Mi" },
    });
  });

  it("binds the department's developers (edit) and auditors (read-only) in the namespace only, without wildcards", () => {
    const roles = all.map((x) => x.o).filter((o) => o.kind.startsWith("Cluster"));
    expect(roles).toEqual([]);
    for (const o of all.map((x) => x.o).filter((o) => o.kind === "Role")) {
      for (const rule of o.rules as Rule[]) {
        for (const s of [...rule.apiGroups, ...rule.resources, ...rule.verbs]) expect(s).not.toContain("*");
        expect(rule.verbs).not.toContain("escalate");
        expect(rule.verbs).not.toContain("bind");
      }
    }
    const auditor = find("health-portal", "Role", NAMES.auditorRole).rules as Rule[];
    expect(new Set(auditor.flatMap((r) => r.verbs))).toEqual(new Set(["get", "list", "watch"]));
    const reads = (rules: Rule[], group: string, resource: string) =>
      rules.some((r) => r.apiGroups.includes(group) && r.resources.includes(resource));
    expect(reads(auditor, "", "events")).toBe(true);
    expect(reads(auditor, "events.k8s.io", "events")).toBe(true);
    expect(reads(auditor, "rbac.authorization.k8s.io", "rolebindings")).toBe(true);
    expect(reads(auditor, "", "secrets")).toBe(false);
    const dev3 = find("health-portal", "Role", NAMES.developerRole).rules as Rule[];
    const dev2 = find("datong-approval-permits", "Role", NAMES.developerRole).rules as Rule[];
    expect(dev3.some((r) => r.resources.includes("deployments") && r.verbs.includes("update"))).toBe(true);
    expect(dev3.some((r) => r.resources.includes("networkpolicies") && r.verbs.includes("create"))).toBe(false);
    expect(reads(dev3, "", "pods/exec")).toBe(false);
    expect(reads(dev2, "", "pods/exec")).toBe(true);
    const binding = find("health-portal", "RoleBinding", NAMES.developerBinding);
    expect(binding).toMatchObject({
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: NAMES.developerRole },
      subjects: [{ apiGroup: "rbac.authorization.k8s.io", kind: "Group", name: "health:developers" }],
    });
    expect(find("health-portal", "RoleBinding", NAMES.auditorBinding)).toMatchObject({
      subjects: [{ name: "health:auditors" }],
    });
  });

  it("uses the department's declared identity-provider groups", () => {
    const e = tinyEstate({
      "estates/t/departments.yaml": tinyCatalog()["estates/t/departments.yaml"]!.replace(
        "homeCloud: province\n",
        "homeCloud: province\n  groups: { developers: 'cn=health-dev', auditors: 'cn=health-audit' }\n",
      ),
    });
    const objects = tenantObjects(e, e.requests[0]!);
    const subjects = objects
      .filter((o) => o.kind === "RoleBinding")
      .map((o) => (o.subjects as { name: string }[])[0]!.name);
    expect(subjects.sort()).toEqual(["cn=health-audit", "cn=health-dev"]);
  });

  it("denies all ingress and egress by default in every namespace", () => {
    for (const ns of all.filter((x) => x.o.kind === "Namespace").map((x) => x.o.metadata.name)) {
      expect(find(ns, "NetworkPolicy", NAMES.defaultDeny).spec).toEqual({
        podSelector: {},
        policyTypes: ["Ingress", "Egress"],
      });
    }
  });

  it("gives a shared namespace the highest grading of the department's systems and a zone of shared services", () => {
    const labels = find("datong-approval-shared", "Namespace").metadata.labels!;
    expect(labels).toMatchObject({
      [LABELS.system]: "shared",
      [LABELS.zone]: "public",
      [LABELS.mlpsLevel]: "2",
      [LABELS.cloud]: "city-140200",
    });
  });

  it("puts a DR copy of a system on a partner node, labelled with its role and peer", () => {
    const copy = tenantObjects(
      estate,
      estate.requests.find((r) => r.doc.metadata.name === "portal")!,
      { node: "city-140200", drRole: "standby", drPeer: "province" },
    );
    const ns = copy.find((o) => o.kind === "Namespace")!;
    expect(ns.metadata.name).toBe("health-portal");
    expect(ns.metadata.labels).toMatchObject({
      [LABELS.cloud]: "city-140200",
      [LABELS.drRole]: "standby",
      [LABELS.drPeer]: "province",
    });
    for (const o of copy) expect(o.metadata.labels![LABELS.cloud]).toBe("city-140200");
    const hard = (copy.find((o) => o.kind === "ResourceQuota")!.spec as { hard: Record<string, string> }).hard;
    expect(hard["requests.cpu"]).toBe("32");
    const sized = tenantObjects(estate, estate.requests[1]!, {
      quota: { vcpu: 1.5, memoryGiB: 2.5, storageGiB: 10, loadBalancers: 1 },
    });
    expect(
      (sized.find((o) => o.kind === "ResourceQuota")!.spec as { hard: Record<string, string> }).hard,
    ).toMatchObject({ "requests.cpu": "1500m", "requests.memory": "2560Mi", "services.loadbalancers": "1" });
  });

  it("plans objects that validate against the Kubernetes schemas, with DNS-1123 names", () => {
    const objects: KubeObject[] = all.map((x) => x.o);
    // the tenancy planner's 24 and the network planner's allow rules
    expect(objects.length).toBe(24 + planNetwork(estate).objects.length);
    for (const o of objects) {
      expect(validateObject(o), `${o.kind} has a model`).toBe(true);
      expect(isDnsLabel(o.metadata.name), o.metadata.name).toBe(true);
      if (o.metadata.namespace !== undefined) expect(isDnsLabel(o.metadata.namespace)).toBe(true);
    }
  });

  it("rejects objects the schemas reject (the validator is not a no-op)", () => {
    const bad = { ...find("health-portal", "NetworkPolicy"), spec: { podSelector: {}, policyTypes: "Ingress" } };
    expect(() => validateObject(bad)).toThrow(/policyTypes/);
  });
});
