/** The operators' platform objects and the mixin's monitoring objects, validated with kubernetes-models and the prometheus-operator models. */
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { Service } from "kubernetes-models/v1/Service";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { dashboardJson, dashboards, monitoringObjects, rulesYaml } from "../../dashboards/index.js";
import { platformObjects, PLATFORM_NAMESPACE } from "../../stacks/platform/index.js";
import type { KubeObject } from "../../stacks/index.js";

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  "v1/Namespace": Namespace,
  "v1/ServiceAccount": ServiceAccount,
  "v1/Service": Service,
  "v1/ConfigMap": ConfigMap,
  "apps/v1/Deployment": Deployment,
  "rbac.authorization.k8s.io/v1/ClusterRole": ClusterRole,
  "rbac.authorization.k8s.io/v1/ClusterRoleBinding": ClusterRoleBinding,
  "rbac.authorization.k8s.io/v1/Role": Role,
  "rbac.authorization.k8s.io/v1/RoleBinding": RoleBinding,
  "monitoring.coreos.com/v1/PrometheusRule": PrometheusRule,
  "monitoring.coreos.com/v1/ServiceMonitor": ServiceMonitor,
};

const objects = platformObjects({ cloud: "province", monitoring: monitoringObjects({ namespace: "ignored" }) });
const find = (kind: string, name?: string) =>
  objects.find((o) => o.kind === kind && (name === undefined || o.metadata.name === name)) as KubeObject &
    Record<string, any>;

describe("platform objects", () => {
  it("every object validates against its model", () => {
    for (const o of objects) {
      const Model = MODELS[`${o.apiVersion}/${o.kind}`];
      expect(Model, `${o.apiVersion}/${o.kind}`).toBeDefined();
      new Model!(structuredClone(o) as never).validate();
    }
    const bad = structuredClone(find("PrometheusRule")) as Record<string, any>;
    bad.spec.groups[0].rules = "not a list";
    expect(() => new PrometheusRule(bad as never).validate()).toThrow();
  });

  it("namespaced objects live in govcloud-system, enforcing restricted Pod Security", () => {
    for (const o of objects)
      if (!["Namespace", "ClusterRole", "ClusterRoleBinding"].includes(o.kind))
        expect(o.metadata.namespace, `${o.kind}/${o.metadata.name}`).toBe(PLATFORM_NAMESPACE);
    expect(find("Namespace").metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("the Deployment: 2 replicas, leader election, probes on /healthz and /readyz, restricted security context, resources", () => {
    const d = find("Deployment");
    expect(d.spec.replicas).toBe(2);
    const c = d.spec.template.spec.containers[0];
    expect(c.args).toContain("--leader-elect");
    expect(c.livenessProbe.httpGet.path).toBe("/healthz");
    expect(c.readinessProbe.httpGet.path).toBe("/readyz");
    expect(c.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(d.spec.template.spec.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(c.resources.requests).toBeDefined();
    expect(c.resources.limits).toBeDefined();
  });

  it("RBAC is least privilege: no wildcard verbs, no secrets, no escalate/bind/impersonate, Leases only in its namespace", () => {
    const roles = objects.filter((o) => o.kind === "ClusterRole" || o.kind === "Role") as (KubeObject & {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    })[];
    for (const r of roles)
      for (const rule of r.rules) {
        expect(rule.verbs).not.toContain("*");
        expect(rule.apiGroups).not.toContain("*");
        for (const v of ["escalate", "bind", "impersonate", "deletecollection"]) expect(rule.verbs).not.toContain(v);
        expect(rule.resources).not.toContain("secrets");
      }
    const cluster = find("ClusterRole") as unknown as { rules: { resources: string[] }[] };
    expect(cluster.rules.flatMap((r) => r.resources)).not.toContain("leases");
    expect(find("Role").rules[0].resources).toEqual(["leases"]);
  });

  it("RBAC lets the migration controller read its evidence and write its kinds, and delete only BudgetHolds", async () => {
    const { migrationController } = await import("../../operators/migration/index.js");
    const { resourceFor } = await import("../../operators/runtime/index.js");
    const { Registry } = await import("prom-client");
    const cluster = find("ClusterRole") as unknown as {
      rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[];
    };
    const allows = (group: string, resource: string, verb: string) =>
      cluster.rules.some(
        (r) =>
          r.apiGroups.includes(group) &&
          (r.resources.includes(resource) ||
            (r.resources.includes("*") && !resource.includes("/")) ||
            (resource.includes("/") && r.resources.includes(`*/${resource.split("/")[1]}`))) &&
          r.verbs.includes(verb),
      );
    const def = migrationController({ registry: new Registry() });
    for (const w of def.watches) {
      const t = resourceFor(w.resource as string);
      for (const verb of ["get", "list", "watch"])
        expect(allows(t.group, t.plural, verb), `${verb} ${t.plural}`).toBe(true);
    }
    for (const verb of ["create", "patch", "delete"])
      expect(allows("govcloud.io", "budgetholds", verb), verb).toBe(true);
    expect(allows("govcloud.io", "systemmigrations/status", "patch")).toBe(true);
    expect(allows("govcloud.io", "budgetholds/status", "patch")).toBe(true);
    expect(allows("", "events", "create")).toBe(true);
    expect(allows("govcloud.io", "systemmigrations", "delete")).toBe(false);
    expect(allows("networking.k8s.io", "ingresses", "patch")).toBe(false);
  });

  it("the ServiceMonitor scrapes the metrics port as job govcloud-operators (the alerts' job)", () => {
    const sm = find("ServiceMonitor");
    expect(sm.spec.endpoints[0].port).toBe("metrics");
    expect(find("Deployment").spec.template.metadata.labels[sm.spec.jobLabel]).toBe("govcloud-operators");
  });

  it("ships the mixin: the PrometheusRule holds the rule file's groups, one ConfigMap per dashboard with the sidecar label", () => {
    expect(find("PrometheusRule").spec.groups).toEqual((parse(rulesYaml()) as { groups: unknown }).groups);
    const maps = objects.filter((o) => o.kind === "ConfigMap") as (KubeObject & { data: Record<string, string> })[];
    expect(maps).toHaveLength(dashboards().length);
    for (const d of dashboards()) {
      const m = maps.find((x) => x.metadata.name === `dashboard-${d.uid}`)!;
      expect(m.metadata.labels!.grafana_dashboard).toBe("1");
      expect(m.data[`${d.uid}.json`]).toBe(dashboardJson(d));
    }
  });
});
