/**
 * The cdktf engine as cdktf itself synthesizes it: one TerraformStack per cloud node, with its own
 * KubernetesProvider (the node's kubeconfig context), backend (local or pg), a typed resource (or a
 * kubernetes_manifest) per planned object and the node's namespaces as an output. This is the app
 * `cdktf synth` runs (bin/cdktf-app.ts) and the reference the direct writer is held to: `govcloud plan`
 * writes the same bytes from the Plan without loading cdktf (./terraform-json.ts, proven by
 * tests/stacks/cdktf-golden.test.ts). Deep imports keep the provider's 100+ other classes unloaded.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  App,
  LocalBackend,
  PgBackend,
  ref,
  TerraformOutput,
  TerraformStack,
  type TerraformResource as CdktfResource,
} from "cdktf";
import type { Construct } from "constructs";
import { ConfigMapV1 } from "@cdktf/provider-kubernetes/lib/config-map-v1/index.js";
import { LimitRangeV1 } from "@cdktf/provider-kubernetes/lib/limit-range-v1/index.js";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest/index.js";
import { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1/index.js";
import { NetworkPolicyV1 } from "@cdktf/provider-kubernetes/lib/network-policy-v1/index.js";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider/index.js";
import { ResourceQuotaV1 } from "@cdktf/provider-kubernetes/lib/resource-quota-v1/index.js";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1/index.js";
import { RoleV1 } from "@cdktf/provider-kubernetes/lib/role-v1/index.js";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1/index.js";
import type { KubeObject, NodePlan, Plan } from "../../plan/index.js";
import { MANIFEST_RESOURCE, terraformResource } from "./map.js";
import { DEFAULT_KUBECONFIG } from "./terraform-json.js";
import { stableJson } from "./stable-json.js";

export { terraformResource, resourceId, TYPED_RESOURCES, MANIFEST_RESOURCE, type TerraformResource } from "./map.js";
export { DEFAULT_KUBECONFIG } from "./terraform-json.js";

export type ResourceClass = new (scope: Construct, id: string, config: never) => CdktfResource;

/** The provider's typed class of each Terraform resource type the mapping produces. */
export const RESOURCE_CLASSES: Readonly<Record<string, ResourceClass>> = {
  kubernetes_namespace_v1: NamespaceV1,
  kubernetes_resource_quota_v1: ResourceQuotaV1,
  kubernetes_limit_range_v1: LimitRangeV1,
  kubernetes_service_account_v1: ServiceAccountV1,
  kubernetes_config_map_v1: ConfigMapV1,
  kubernetes_role_v1: RoleV1,
  kubernetes_role_binding_v1: RoleBindingV1,
  kubernetes_network_policy_v1: NetworkPolicyV1,
  kubernetes_manifest: Manifest,
};

const isNamespace = (o: KubeObject) => o.kind === "Namespace" && o.apiVersion === "v1";

/** One node's stack: provider, backend, a resource construct per object, and the node's namespaces as an output. */
export class NodeStack extends TerraformStack {
  constructor(scope: Construct, plan: NodePlan) {
    super(scope, plan.node);
    const provider = new KubernetesProvider(this, "kubernetes", {
      alias: plan.node,
      configPath: plan.kube.configPath ?? DEFAULT_KUBECONFIG,
      configContext: plan.kube.context,
    });
    if (plan.backend.type === "pg")
      new PgBackend(this, { connStr: plan.backend.connStr, schemaName: plan.backend.schemaName });
    else new LocalBackend(this, { path: `terraform.${plan.node}.tfstate` });
    // cdktf writes the provider as "kubernetes"; Terraform reads that as hashicorp/kubernetes, but say so.
    this.addOverride("terraform.required_providers.kubernetes.source", "hashicorp/kubernetes");
    const namespaces = new Map<string, CdktfResource>();
    const outputs: string[] = [];
    for (const o of plan.objects) {
      const r = terraformResource(o);
      // Objects in a namespace of this plan wait for it; depends_on keeps their values literal.
      const ns = o.metadata.namespace !== undefined ? namespaces.get(o.metadata.namespace) : undefined;
      const resource = new RESOURCE_CLASSES[r.type]!(this, r.id, {
        ...r.config,
        provider,
        ...(ns ? { dependsOn: [ns] } : {}),
      } as never);
      if (isNamespace(o)) {
        namespaces.set(o.metadata.name, resource);
        outputs.push(
          `${r.type}.${r.id}.${r.type === MANIFEST_RESOURCE ? "manifest.metadata.name" : "metadata[0].name"}`,
        );
      }
    }
    new TerraformOutput(this, "namespaces", {
      value: outputs.map((attribute) => ref(attribute, this)),
      description: `namespaces on cloud node ${plan.node}`,
    });
    new TerraformOutput(this, "kube_context", {
      value: plan.kube.context,
      description: "kubeconfig context of the node's cluster",
    });
  }
}

/** Adds one stack per node of the plan to an App (the one `cdktf synth` runs, or a test's). */
export function addStacks(app: App, plan: Plan): NodeStack[] {
  return plan.nodes.map((n) => new NodeStack(app, n));
}

/**
 * cdktf's own synthesis of the plan into `outdir` (cdktf.out layout: stacks/<node>/cdk.tf.json,
 * manifest.json). `govcloud plan` writes the same files without cdktf, far faster.
 */
export function synthCdktf(plan: Plan, outdir: string): void {
  const app = new App({ outdir, skipValidation: true });
  addStacks(app, plan);
  app.synth();
  // As the direct writer does (terraform-json.ts): no `metadata.json` named that JSON output never writes.
  const manifestPath = join(outdir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    stacks: Record<string, { stackMetadataPath?: string }>;
  };
  for (const stack of Object.values(manifest.stacks)) {
    if (stack.stackMetadataPath && !existsSync(join(outdir, stack.stackMetadataPath))) delete stack.stackMetadataPath;
  }
  writeFileSync(manifestPath, stableJson(manifest)!);
}
