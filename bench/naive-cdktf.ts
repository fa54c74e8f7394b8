/**
 * The baseline `plan` is compared with: the same Plan rendered the way a cdktf program usually is
 * written — the provider's barrel import, every resource a construct in its stack, `app.synth()`
 * resolving the whole tree. Run under tsx, as cdktf.json's app usually is:
 *
 *     npx tsx bench/naive-cdktf.ts <catalog> <outdir>
 */
import * as k8s from "@cdktf/provider-kubernetes";
import { App, LocalBackend, TerraformOutput, TerraformStack } from "cdktf";
import { loadCatalog } from "../catalog/index.js";
import { engines, planEstate } from "../stacks/index.js";

const [catalog = "./catalog", outdir = "cdktf.out"] = process.argv.slice(2);
const loaded = await loadCatalog(catalog);
if (!loaded.estate) throw new Error(`catalog ${catalog} does not load`);
const plan = planEstate(loaded.estate);
// The same mapping to the provider's schema as the engine: only the rendering differs.
const { terraformResource } = await engines.cdktf();

const classes: Record<
  string,
  new (scope: TerraformStack, id: string, config: never) => k8s.namespaceV1.NamespaceV1 | object
> = {
  kubernetes_namespace_v1: k8s.namespaceV1.NamespaceV1,
  kubernetes_resource_quota_v1: k8s.resourceQuotaV1.ResourceQuotaV1,
  kubernetes_limit_range_v1: k8s.limitRangeV1.LimitRangeV1,
  kubernetes_service_account_v1: k8s.serviceAccountV1.ServiceAccountV1,
  kubernetes_config_map_v1: k8s.configMapV1.ConfigMapV1,
  kubernetes_role_v1: k8s.roleV1.RoleV1,
  kubernetes_role_binding_v1: k8s.roleBindingV1.RoleBindingV1,
  kubernetes_network_policy_v1: k8s.networkPolicyV1.NetworkPolicyV1,
  kubernetes_manifest: k8s.manifest.Manifest,
};

const app = new App({ outdir });
for (const node of plan.nodes) {
  const stack = new TerraformStack(app, node.node);
  const provider = new k8s.provider.KubernetesProvider(stack, "kubernetes", {
    alias: node.node,
    configPath: node.kube.configPath ?? "~/.kube/config",
    configContext: node.kube.context,
  });
  new LocalBackend(stack, { path: `terraform.${node.node}.tfstate` });
  const namespaces: string[] = [];
  for (const o of node.objects) {
    const r = terraformResource(o);
    const resource = new classes[r.type]!(stack, r.id, { ...r.config, provider } as never);
    if (resource instanceof k8s.namespaceV1.NamespaceV1) namespaces.push(resource.metadata.name);
  }
  new TerraformOutput(stack, "namespaces", { value: namespaces });
}
app.synth();
