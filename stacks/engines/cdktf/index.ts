/**
 * The cdktf engine: one TerraformStack per cloud node, with its own KubernetesProvider (the node's
 * kubeconfig context), backend (local or pg) and typed resources, synthesized in-process to
 * `<outdir>/stacks/<node>/cdk.tf.json`. Deep imports keep the provider's 100+ other classes unloaded.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { App, LocalBackend, PgBackend, ref, TerraformOutput, TerraformStack, type TerraformResource as CdktfResource } from "cdktf";
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
import { MANIFEST_RESOURCE, terraformResource, type TerraformResource } from "./map.js";

export { terraformResource, resourceId, TYPED_RESOURCES, MANIFEST_RESOURCE, type TerraformResource } from "./map.js";

/** Where the kubeconfig is when the estate does not say. */
export const DEFAULT_KUBECONFIG = "~/.kube/config";

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

const noStack = () => "";

/**
 * Renders resources with the provider's typed classes without keeping them in the stack's construct
 * tree: each class is instantiated in a scratch stack, turned into its Terraform JSON (the class maps
 * the configuration to the provider's snake_case schema) and removed. A stack with thousands of
 * resources then synthesizes in a fraction of the time cdktf needs to resolve a tree of that size,
 * and to the same JSON: the plan's values are literals, with no tokens to resolve.
 */
class ResourceRenderer {
  private readonly scratch: TerraformStack;

  /**
   * `outdir`: the real App's. A cdktf App creates its outdir (and `stacks/` in it) when constructed;
   * the scratch App's default, `./cdktf.out`, left an empty `cdktf.out/stacks/` wherever govcloud ran.
   */
  constructor(outdir: string) {
    this.scratch = new TerraformStack(new App({ skipValidation: true, outdir }), "scratch");
  }

  /** The resource's body as it appears under `resource.<type>.<id>` in cdk.tf.json. */
  render(r: TerraformResource): Record<string, unknown> {
    // The classes capture a full creation stack trace for each nested block (for token error messages);
    // these scratch resources never resolve tokens, so skip formatting the traces: a third of the time.
    const prepare = Error.prepareStackTrace;
    Error.prepareStackTrace = noStack;
    try {
      const resource = new RESOURCE_CLASSES[r.type]!(this.scratch, r.id, r.config as never);
      const tf = resource.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
      return tf.resource[r.type]![r.id]!;
    } finally {
      Error.prepareStackTrace = prepare;
      this.scratch.node.tryRemoveChild(r.id);
    }
  }
}

/**
 * One node's stack: provider, backend, a resource per object, and the node's namespaces as an output.
 * The resources are rendered when the stack is synthesized, so only one stack's JSON is in memory.
 */
export class NodeStack extends TerraformStack {
  private readonly providerRef: string;

  constructor(
    scope: Construct,
    private readonly plan: NodePlan,
    private readonly renderer = new ResourceRenderer((scope.node.root as App).outdir),
    private readonly onRendered?: (node: string) => void,
  ) {
    super(scope, plan.node);
    new KubernetesProvider(this, "kubernetes", {
      alias: plan.node,
      configPath: plan.kube.configPath ?? DEFAULT_KUBECONFIG,
      configContext: plan.kube.context,
    });
    this.providerRef = `kubernetes.${plan.node}`;
    if (plan.backend.type === "pg") new PgBackend(this, { connStr: plan.backend.connStr, schemaName: plan.backend.schemaName });
    else new LocalBackend(this, { path: `terraform.${plan.node}.tfstate` });
    // cdktf writes the provider as "kubernetes"; Terraform reads that as hashicorp/kubernetes, but say so.
    this.addOverride("terraform.required_providers.kubernetes.source", "hashicorp/kubernetes");
    const namespaces = plan.objects.filter(isNamespace).map((o) => {
      const r = terraformResource(o);
      return `${r.type}.${r.id}.${r.type === MANIFEST_RESOURCE ? "manifest.metadata.name" : "metadata[0].name"}`;
    });
    new TerraformOutput(this, "namespaces", {
      value: namespaces.map((attribute) => ref(attribute, this)),
      description: `namespaces on cloud node ${plan.node}`,
    });
    new TerraformOutput(this, "kube_context", { value: plan.kube.context, description: "kubeconfig context of the node's cluster" });
  }

  /** cdktf's own elements (provider, backend, outputs), resolved as usual, plus the rendered resources. */
  override toTerraform(): Record<string, unknown> {
    const tf = super.toTerraform() as Record<string, unknown>;
    const resources: Record<string, Record<string, Record<string, unknown>>> = {};
    const namespaces = new Map<string, string>();
    for (const o of this.plan.objects) {
      const r = terraformResource(o);
      const body = this.renderer.render(r);
      body["//"] = { metadata: { path: `${this.plan.node}/${r.id}`, uniqueId: r.id } };
      body.provider = this.providerRef;
      // Objects in a namespace of this plan wait for it; depends_on keeps their values literal.
      const ns = o.metadata.namespace !== undefined ? namespaces.get(o.metadata.namespace) : undefined;
      if (ns !== undefined) body.depends_on = [ns];
      (resources[r.type] ??= {})[r.id] = body;
      if (isNamespace(o)) namespaces.set(o.metadata.name, `${r.type}.${r.id}`);
    }
    this.onRendered?.(this.plan.node);
    return { ...tf, resource: resources };
  }
}

const isNamespace = (o: KubeObject) => o.kind === "Namespace" && o.apiVersion === "v1";

/** Adds one stack per node of the plan to an App (the CLI's, or the one `cdktf synth` runs). */
export function addStacks(app: App, plan: Plan): NodeStack[] {
  const renderer = new ResourceRenderer(app.outdir);
  return plan.nodes.map((n) => new NodeStack(app, n, renderer));
}

/**
 * Synthesizes every node's stack into `outdir` (cdktf.out layout: stacks/<node>/cdk.tf.json,
 * manifest.json); `onStack` hears of each stack as it is rendered.
 */
export function synthCdktf(plan: Plan, outdir: string, onStack?: (node: string) => void): void {
  const app = new App({ outdir, skipValidation: true });
  const renderer = new ResourceRenderer(outdir);
  for (const n of plan.nodes) new NodeStack(app, n, renderer, onStack);
  app.synth();
  // cdktf names a `metadata.json` per stack in manifest.json but writes it only for HCL output; a
  // manifest that names files which do not exist misleads whoever reads it, so JSON stacks name none.
  const manifestPath = join(outdir, "manifest.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { stacks: Record<string, { stackMetadataPath?: string }> };
  for (const stack of Object.values(manifest.stacks)) {
    if (stack.stackMetadataPath && !existsSync(join(outdir, stack.stackMetadataPath))) delete stack.stackMetadataPath;
  }
  writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
}
