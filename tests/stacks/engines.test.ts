/**
 * The three engines agree: the cdktf JSON (mapped back from the provider's snake_case schema), the
 * objects the Pulumi program creates under mocks, and the YAML manifests all give back the Plan's
 * objects, with the same identities and the same specs.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  cdktfFiles,
  engines,
  migrationPlanner,
  objectKey,
  planEstate,
  platformPlanner,
  PLATFORM_NAMESPACE,
  pulumiResources,
  renderManifests,
  renderPulumi,
  servicesPlanner,
  tenancyPlanner,
  writeCdktf,
  type KubeObject,
  type Plan,
  type PlannedObject,
  type Planner,
} from "./imports.js";
import { generatedEstate } from "./estates.js";
import { ROOT } from "../support/cli.js";
import { loadCatalog } from "../../catalog/index.js";
import { App, TerraformStack, type TerraformResource } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider/index.js";
import { validateObject } from "./validate.js";
import { crds } from "../../operators/index.js";
import { monitoringObjects } from "../../dashboards/index.js";
import { canonicalSet, cdktfObjects } from "./terraform.js";

/** Objects beyond tenancy that the network and DR planners will add: every mapped block is exercised. */
const EXTRA: PlannedObject[] = [
  {
    node: "province",
    object: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: { name: "allow-public", namespace: "health-portal", labels: { "govcloud.io/system": "portal" } },
      spec: {
        podSelector: { matchLabels: { app: "web" } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            from: [
              { namespaceSelector: { matchLabels: { "govcloud.io/zone": "public" } } },
              { podSelector: { matchExpressions: [{ key: "tier", operator: "In", values: ["a", "b"] }] } },
            ],
            ports: [{ port: 443, protocol: "TCP" }],
          },
        ],
        egress: [
          {
            to: [
              { ipBlock: { cidr: "10.20.0.0/16", except: ["10.20.1.0/24"] } },
              { ipBlock: { cidr: "fd14:1400::/36" } },
            ],
            ports: [
              { port: 53, protocol: "UDP" },
              { port: 8000, endPort: 8080, protocol: "TCP" },
            ],
          },
          {
            to: [{ namespaceSelector: {}, podSelector: { matchLabels: { "k8s-app": "kube-dns" } } }],
            ports: [{ port: "dns", protocol: "UDP" }],
          },
        ],
      },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "best-effort", namespace: "health-portal" },
      spec: {
        hard: { pods: "5" },
        scopeSelector: { matchExpressions: [{ operator: "In", scopeName: "PriorityClass", values: ["low"] }] },
      },
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "deployer", namespace: "health-portal" },
      imagePullSecrets: [{ name: "registry" }],
      automountServiceAccountToken: false,
    },
  },
  {
    node: "province",
    object: {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "settings", namespace: "health-portal" },
      data: { "app.yaml": "a: 1\n", mode: "prod" },
    },
  },
  {
    node: "city-140200",
    object: {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      metadata: {
        name: "datong-approval-permits-daily",
        namespace: "velero",
        labels: { "govcloud.io/dr-role": "primary" },
      },
      spec: {
        schedule: "0 2 * * *",
        template: { includedNamespaces: ["datong-approval-permits"], ttl: "720h0m0s", storageLocation: "province" },
      },
    },
  },
  // A field the typed resource has no place for: the object goes through kubernetes_manifest whole.
  {
    node: "city-140200",
    object: {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "velero", labels: { "app.kubernetes.io/name": "velero" } },
      spec: { finalizers: ["kubernetes"] },
    },
  },
  {
    node: "city-140200",
    object: {
      apiVersion: "velero.io/v1",
      kind: "BackupStorageLocation",
      metadata: { name: "province", namespace: "velero" },
      spec: {
        provider: "aws",
        objectStorage: { bucket: "dr-datong" },
        config: { s3Url: "https://oss.sx.gov.example", region: "sx" },
      },
    },
  },
];
const extras: Planner = { id: "extras", plan: () => ({ diagnostics: [], objects: EXTRA }) };

let plan: Plan;
let work: string;
const stackJson = (node: string, dir = "cdktf.out") =>
  JSON.parse(readFileSync(join(work, dir, "stacks", node, "cdk.tf.json"), "utf8"));

beforeAll(async () => {
  const estate = generatedEstate(3);
  // The platform stack too (CRDs, the operators in govcloud-system, PrometheusRule, dashboards' ConfigMaps), as `govcloud plan` plans it.
  const platform = {
    crds: crds() as unknown as KubeObject[],
    monitoring: monitoringObjects({ namespace: PLATFORM_NAMESPACE }),
  };
  plan = planEstate(estate, {
    planners: [tenancyPlanner, servicesPlanner, migrationPlanner, platformPlanner, extras],
    platform,
  });
  expect(plan.diagnostics).toEqual([]);
  work = mkdtempSync(join(tmpdir(), "govcloud-engines-"));
  writeCdktf(plan, join(work, "cdktf.out"));
  writeCdktf(plan, join(work, "cdktf.again"));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("engines", () => {
  it("plans objects that all validate, custom resources aside", () => {
    // The platform stack's objects are validated in their own tests (kubernetes-models, prometheus-operator models); here only their kinds without a model here are allowed through.
    const isPlatform = (o: KubeObject) =>
      o.metadata.namespace === PLATFORM_NAMESPACE ||
      o.metadata.name === PLATFORM_NAMESPACE ||
      o.metadata.labels?.["app.kubernetes.io/part-of"]?.startsWith("govcloud") === true;
    const objects = plan.nodes.flatMap((n) => n.objects);
    expect(
      objects
        .filter((o) => !isPlatform(o) && !validateObject(o))
        .map((o) => o.kind)
        .sort(),
    ).toEqual(["BackupStorageLocation", "ConfigMap", "Schedule", "ServiceAccount"]);
    expect([...new Set(objects.filter((o) => isPlatform(o) && !validateObject(o)).map((o) => o.kind))].sort()).toEqual([
      "ClusterRole",
      "ClusterRoleBinding",
      "ConfigMap",
      "CustomResourceDefinition",
      "PrometheusRule",
      "ServiceAccount",
      "ServiceMonitor",
    ]);
  });

  it("every engine carries one ServiceInstance claim per requested service, as a custom resource", () => {
    const estate = generatedEstate(3);
    const services = estate.requests.reduce((n, r) => n + r.doc.spec.services.length, 0);
    const claims = plan.nodes.flatMap((n) => n.objects).filter((o) => o.kind === "ServiceInstance");
    expect(claims).toHaveLength(services);
    const province = plan.nodes.find((n) => n.node === "province")!;
    const mine = province.objects.filter((o) => o.kind === "ServiceInstance");
    const manifests = Object.values(
      stackJson("province").resource.kubernetes_manifest as Record<string, { manifest: KubeObject }>,
    ).filter((b) => b.manifest.kind === "ServiceInstance");
    expect(manifests).toHaveLength(mine.length);
    const yaml = [...renderManifests(plan)]
      .filter(([k]) => k.startsWith("manifests/province/"))
      .map(([, t]) => t)
      .join("\n");
    expect(yaml.match(/^kind: ServiceInstance$/gm)).toHaveLength(mine.length);
    expect(
      pulumiResources(province).filter((r) => !r.typed && (r.args as { kind?: string }).kind === "ServiceInstance"),
    ).toHaveLength(mine.length);
  });

  it("every engine carries one SystemMigration per inventoried system, cluster-scoped, on the node it moves to", async () => {
    const { estate } = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
    const inventoried = estate!.requests.filter((r) => r.doc.spec.migration !== undefined);
    expect(inventoried.length).toBeGreaterThan(10);
    const own = planEstate(estate!, { planners: [migrationPlanner] });
    expect(own.diagnostics).toEqual([]);
    const all = own.nodes.flatMap((n) => n.objects);
    expect(all.every((o) => o.kind === "SystemMigration" && validateObject(o))).toBe(true);
    expect(all.map((o) => o.metadata.name).sort()).toEqual(
      inventoried.map((r) => `${r.doc.spec.department}-${r.doc.metadata.name}`).sort(),
    );
    const yaml = [...renderManifests(own)].map(([, t]) => t).join("\n");
    expect(yaml.match(/^kind: SystemMigration$/gm)).toHaveLength(all.length);
    for (const n of own.nodes) {
      for (const o of n.objects) {
        expect(o.metadata.namespace).toBeUndefined();
        expect((o.spec as { cloud: string }).cloud).toBe(n.node);
      }
      const stack = JSON.parse(
        [...[...cdktfFiles(own)].find(([p]) => p === `stacks/${n.node}/cdk.tf.json`)![1]].join(""),
      ) as { resource?: { kubernetes_manifest?: Record<string, { manifest: KubeObject }> } };
      expect(Object.values(stack.resource?.kubernetes_manifest ?? {}).map((b) => b.manifest.kind)).toEqual(
        n.objects.map(() => "SystemMigration"),
      );
      expect(pulumiResources(n).map((r) => `${r.typed}:${r.type}`)).toEqual(
        n.objects.map(() => "false:kubernetes:govcloud.io/v1alpha1:SystemMigration"),
      );
    }
  });

  it("cdktf: every stack gives back exactly the node's objects", () => {
    for (const n of plan.nodes) {
      const back = cdktfObjects(stackJson(n.node));
      expect(back).toHaveLength(n.objects.length);
      expect(canonicalSet(back)).toEqual(canonicalSet(n.objects));
    }
  });

  it("cdktf: typed resources for core kinds, kubernetes_manifest for custom resources", () => {
    const types = (node: string) => Object.keys(stackJson(node).resource).sort();
    expect(types("province")).toEqual([
      "kubernetes_config_map_v1",
      "kubernetes_limit_range_v1",
      "kubernetes_manifest",
      "kubernetes_namespace_v1",
      "kubernetes_network_policy_v1",
      "kubernetes_resource_quota_v1",
      "kubernetes_role_binding_v1",
      "kubernetes_role_v1",
      "kubernetes_service_account_v1",
    ]);
    expect(types("city-140200")).toContain("kubernetes_manifest");
    expect(stackJson("city-140200").resource.kubernetes_manifest["manifest_namespace_velero"].manifest.spec).toEqual({
      finalizers: ["kubernetes"],
    });
    const np = stackJson("province").resource.kubernetes_network_policy_v1["networkpolicy_health-portal_allow-public"];
    expect(np.spec.egress[0].ports[0]).toEqual({ port: "53", protocol: "UDP" });
    expect(np.spec.egress[0].to[0].ip_block).toEqual({ cidr: "10.20.0.0/16", except: ["10.20.1.0/24"] });
  });

  it("cdktf: each stack has its provider, pinned required_providers, its backend, provider references, dependencies and outputs", () => {
    for (const n of plan.nodes) {
      const s = stackJson(n.node);
      expect(s.provider.kubernetes).toEqual([
        { alias: n.node, config_context: n.kube.context, config_path: "~/.kube/config" },
      ]);
      expect(s.terraform.required_providers.kubernetes).toEqual({ source: "hashicorp/kubernetes", version: "2.38.0" });
      expect(s.terraform.backend).toEqual({ local: { path: `terraform.${n.node}.tfstate` } });
      // Namespace name -> [resource address, attribute holding its name].
      const nsIds = new Map<string, [string, string]>();
      for (const [id, body] of Object.entries(
        s.resource.kubernetes_namespace_v1 as Record<string, { metadata: { name: string } }>,
      ))
        nsIds.set(body.metadata.name, [`kubernetes_namespace_v1.${id}`, "metadata[0].name"]);
      for (const [id, body] of Object.entries(
        (s.resource.kubernetes_manifest ?? {}) as Record<string, { manifest: KubeObject }>,
      )) {
        if (body.manifest.kind === "Namespace")
          nsIds.set(body.manifest.metadata.name, [`kubernetes_manifest.${id}`, "manifest.metadata.name"]);
      }
      for (const [type, byName] of Object.entries(
        s.resource as Record<
          string,
          Record<
            string,
            { provider: string; depends_on?: string[]; metadata?: { namespace?: string }; manifest?: KubeObject }
          >
        >,
      )) {
        for (const body of Object.values(byName)) {
          expect(body.provider).toBe(`kubernetes.${n.node}`);
          const ns = body.metadata?.namespace ?? body.manifest?.metadata.namespace;
          if (ns !== undefined && nsIds.has(ns) && body.manifest?.kind !== "Namespace")
            expect(body.depends_on).toEqual([nsIds.get(ns)![0]]);
          else expect(body.depends_on, type).toBeUndefined();
        }
      }
      expect([...s.output.namespaces.value].sort()).toEqual(
        [...nsIds.values()].map(([address, name]) => `\${${address}.${name}}`).sort(),
      );
      expect(s.output.namespaces.value).toHaveLength(n.totals.namespaces);
      expect(s.output.kube_context.value).toBe(n.kube.context);
    }
  });

  it("cdktf: a pg backend and a kubeconfig path come from the estate", async () => {
    const estate = generatedEstate(1);
    const p = planEstate(estate);
    const node = {
      ...p.nodes[1]!,
      backend: {
        type: "pg" as const,
        connStr: "postgres://tf@db.sx.gov.example/terraform",
        schemaName: "govcloud_province",
      },
      kube: { context: "sx-province", configPath: "/etc/govcloud/kubeconfig" },
    };
    writeCdktf({ ...p, nodes: [node] }, join(work, "cdktf.pg"));
    const s = stackJson("province", "cdktf.pg");
    expect(s.terraform.backend).toEqual({
      pg: { conn_str: "postgres://tf@db.sx.gov.example/terraform", schema_name: "govcloud_province" },
    });
    expect(s.provider.kubernetes[0].config_path).toBe("/etc/govcloud/kubeconfig");
  });

  it("cdktf: the fast rendering writes the resources cdktf's usual synthesis of the same constructs writes", async () => {
    const { terraformResource, RESOURCE_CLASSES } = await engines.cdktf();
    const app = new App({ outdir: join(work, "cdktf.tree"), skipValidation: true });
    for (const n of plan.nodes) {
      const stack = new TerraformStack(app, n.node);
      const provider = new KubernetesProvider(stack, "kubernetes", {
        alias: n.node,
        configPath: "~/.kube/config",
        configContext: n.kube.context,
      });
      const namespaces = new Map<string, TerraformResource>();
      for (const o of n.objects) {
        const r = terraformResource(o);
        const ns = o.metadata.namespace !== undefined ? namespaces.get(o.metadata.namespace) : undefined;
        const resource = new RESOURCE_CLASSES[r.type]!(stack, r.id, {
          ...r.config,
          provider,
          ...(ns ? { dependsOn: [ns] } : {}),
        } as never);
        if (o.kind === "Namespace") namespaces.set(o.metadata.name, resource);
      }
    }
    app.synth();
    for (const n of plan.nodes) expect(stackJson(n.node).resource).toEqual(stackJson(n.node, "cdktf.tree").resource);
  });

  it("cdktf: synthesizing twice gives byte-identical stacks", () => {
    for (const n of plan.nodes) {
      expect(readFileSync(join(work, "cdktf.again/stacks", n.node, "cdk.tf.json"), "utf8")).toBe(
        readFileSync(join(work, "cdktf.out/stacks", n.node, "cdk.tf.json"), "utf8"),
      );
    }
  });

  it("manifests: the YAML of every node gives back its objects, and kustomization.yaml lists every file", () => {
    const files = renderManifests(plan);
    expect(renderManifests(plan)).toEqual(files);
    for (const n of plan.nodes) {
      const mine = [...files].filter(([k]) => k.startsWith(`manifests/${n.node}/`));
      const docs = mine
        .filter(([k]) => !k.endsWith("kustomization.yaml"))
        .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject));
      expect(canonicalSet(docs)).toEqual(canonicalSet(n.objects));
      expect(docs).toHaveLength(n.objects.length);
      const kustomization = parseAllDocuments(files.get(`manifests/${n.node}/kustomization.yaml`)!)[0]!.toJS();
      expect(kustomization.resources.sort()).toEqual(
        mine
          .map(([k]) => k.split("/").pop())
          .filter((f) => f !== "kustomization.yaml")
          .sort(),
      );
    }
    expect(files.get("manifests/city-140200/velero.yaml")).toContain("kind: Schedule");
    expect(files.get("manifests/province/health-portal.yaml")!.indexOf("kind: Namespace")).toBeLessThan(
      files.get("manifests/province/health-portal.yaml")!.indexOf("kind: ResourceQuota"),
    );
  });

  it("pulumi: the program, run with mocks, creates the node's objects through its own provider", async () => {
    const files = renderPulumi(plan);
    expect(renderPulumi(plan)).toEqual(files);
    const dir = join(work, "programs");
    for (const [f, text] of files) {
      mkdirSync(dirname(join(dir, f)), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
    // The generated program resolves @pulumi/* from node_modules next to it, as after `npm install`.
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
    const pulumi = await import("@pulumi/pulumi");
    for (const n of plan.nodes) {
      const created: { type: string; name: string; inputs: Record<string, unknown>; provider?: string }[] = [];
      await pulumi.runtime.setMocks(
        { newResource: (a) => (created.push(a), { id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
        "govcloud",
        n.node,
        false,
      );
      const outputs = await pulumi.runtime.runInPulumiStack(async () =>
        (await import(join(dir, "pulumi", n.node, "index.js"))).default(),
      );
      await pulumi.runtime.disconnect();
      const provider = created.find((c) => c.type === "pulumi:providers:kubernetes")!;
      expect(provider.name).toBe(n.node);
      expect(provider.inputs.context).toBe(n.kube.context);
      const resources = created.filter((c) => c.type.startsWith("kubernetes:"));
      for (const r of resources) expect(r.provider).toMatch(new RegExp(`pulumi:providers:kubernetes::${n.node}::`));
      expect(canonicalSet(resources.map((r) => r.inputs as unknown as KubeObject))).toEqual(canonicalSet(n.objects));
      expect(resources).toHaveLength(n.objects.length);
      expect(outputs!.namespaces).toHaveLength(n.totals.namespaces);
      const listed = JSON.parse(readFileSync(join(dir, "pulumi", n.node, "resources.json"), "utf8")).resources.map(
        (r: { type: string; name: string }) => `${r.type} ${r.name}`,
      );
      expect(resources.map((r) => `${r.type} ${r.name}`).sort()).toEqual(listed.sort());
    }
    const custom = JSON.parse(readFileSync(join(dir, "pulumi/city-140200/resources.json"), "utf8")).resources.filter(
      (r: { typed: boolean }) => !r.typed,
    );
    // Custom resources: the extras' Velero objects and the services planner's ServiceInstance claims.
    expect([...new Set(custom.map((r: { type: string }) => r.type))].sort()).toEqual([
      "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition",
      "kubernetes:govcloud.io/v1alpha1:ServiceInstance",
      "kubernetes:monitoring.coreos.com/v1:PrometheusRule",
      "kubernetes:monitoring.coreos.com/v1:ServiceMonitor",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRole",
      "kubernetes:rbac.authorization.k8s.io/v1:ClusterRoleBinding",
      "kubernetes:velero.io/v1:BackupStorageLocation",
      "kubernetes:velero.io/v1:Schedule",
    ]);
  });

  it("all three agree on the identities of the objects", () => {
    const keys = (objects: readonly KubeObject[]) => objects.map(objectKey).sort();
    for (const n of plan.nodes) {
      const fromCdktf = keys(cdktfObjects(stackJson(n.node)));
      const yamlDocs = [...renderManifests({ ...plan, nodes: [n] })]
        .filter(([k]) => !k.endsWith("kustomization.yaml"))
        .flatMap(([, t]) => parseAllDocuments(t).map((d) => d.toJS() as KubeObject));
      expect(fromCdktf).toEqual(keys(n.objects));
      expect(keys(yamlDocs)).toEqual(fromCdktf);
    }
  });
});
