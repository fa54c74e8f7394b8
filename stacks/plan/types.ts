/**
 * The Plan: a pure function of the Estate. For every cloud node, the desired Kubernetes objects as
 * canonical Kubernetes JSON, plus the network address plan and the DR plan. No engine types here:
 * the engines (cdktf, Pulumi, manifests) are thin adapters that read this.
 */

/** A Kubernetes object in canonical JSON form (what `kubectl get -o json` shows, minus status). */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly labels?: Readonly<Record<string, string>>;
    readonly annotations?: Readonly<Record<string, string>>;
  };
  readonly [field: string]: unknown;
}

export type TerraformBackend =
  | { readonly type: "local" }
  | { readonly type: "pg"; readonly connStr: string; readonly schemaName: string };

/** Everything planned for one cloud node: one Terraform stack, one Pulumi program, one manifest folder. */
export interface NodePlan {
  /** Cloud node id (the stack name). */
  readonly node: string;
  readonly tier: "provincial" | "city" | "industry";
  readonly kube: { readonly context: string; readonly configPath?: string };
  readonly backend: TerraformBackend;
  /** Objects in a stable order: by kind rank (namespaces first), then namespace, then name. */
  readonly objects: readonly KubeObject[];
}

/** Label keys of the govcloud.io API group (DESIGN.md, Contracts). */
export const LABELS = {
  department: "govcloud.io/department",
  system: "govcloud.io/system",
  cloud: "govcloud.io/cloud",
  zone: "govcloud.io/zone",
  mlpsLevel: "govcloud.io/mlps-level",
  dataLevel: "govcloud.io/data-level",
  drRole: "govcloud.io/dr-role",
  drPeer: "govcloud.io/dr-peer",
  managedBy: "app.kubernetes.io/managed-by",
} as const;

/** One object and the cloud node it is planned on. */
export interface PlannedObject {
  readonly node: string;
  readonly object: KubeObject;
}

/**
 * A planner contributes objects to the Plan: tenancy (namespaces, quotas, RBAC, default deny),
 * network (allow rules, egress), DR (standby namespaces, backup schedules). Planners are pure and
 * independent; `planEstate` runs them all and merges their objects per node. A planner that cannot
 * place something reports a diagnostic (file and line of the request) instead of throwing.
 */
export interface PlannerResult {
  readonly objects: readonly PlannedObject[];
  readonly diagnostics: readonly import("../../catalog/index.js").Diagnostic[];
}
