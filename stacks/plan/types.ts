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
  /** What the objects add up to on this node, beside its capacity. */
  readonly totals: NodeTotals;
}

/** A node's figures: counted from its objects (quotas summed), and its capacity from the estate. */
export interface NodeTotals {
  readonly namespaces: number;
  readonly objects: number;
  /** Sum of the hard limits of the node's ResourceQuotas. */
  readonly requested: { readonly vcpu: number; readonly memoryGiB: number; readonly storageGiB: number; readonly loadBalancers: number };
  readonly capacity: { readonly vcpu: number; readonly memoryGiB: number; readonly storageGiB: number };
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
  /** The catalog document the object comes from (e.g. the request), for diagnostics about it. */
  readonly source?: import("../../catalog/index.js").SourcePosition;
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

/**
 * Sections planners add beside the objects (the network address plan, the DR plan). A planner that has
 * one adds its field here and returns it in `sections`; `planEstate` merges them into the Plan.
 */
export interface PlanSections {
  /** The network's figures: address plan, cloud nodes addressed, backbone (stacks/network). */
  readonly network: import("../network/index.js").NetworkSummary;
  /** Disaster recovery: pairs, site use and placement problems (stacks/dr). */
  readonly dr: import("../dr/index.js").DrSection;
}

/** What a planner returns: objects per node, diagnostics, and optionally its section of the Plan. */
export interface PlannerOutput extends PlannerResult {
  readonly sections?: Partial<PlanSections>;
}

export interface PlanOptions {
  /**
   * Plan only this cloud node (the others are left out of `nodes`). A planner may skip work for other
   * nodes, but what it places on this node must be what a whole plan would place there.
   */
  readonly node?: string;
  /**
   * Plan only what belongs to these systems (`<department>/<system>`): their namespaces with everything
   * in them, and their DR copies and backup schedules on whatever node they go to (a pull-request
   * check judges nothing else). What is planned for them is what a whole plan plans for them; the
   * Plan's sections (network summary) are left out.
   */
  readonly systems?: ReadonlySet<string>;
  /** Pod Security Standards version the namespaces pin (default `DEFAULT_POD_SECURITY_VERSION`). */
  readonly podSecurityVersion?: string;
}

/** A planner: a pure function of the Estate. Planners are listed in stacks/plan/planners.ts. */
export interface Planner {
  /** Short id, e.g. "tenancy", "network", "dr"; named in collision diagnostics. */
  readonly id: string;
  plan(estate: import("../../catalog/index.js").Estate, options: PlanOptions): PlannerOutput;
}

/** The Plan: every cloud node's objects, the diagnostics of planning, and the planners' sections. */
export type Plan = {
  readonly estate: string;
  readonly nodes: readonly NodePlan[];
  readonly diagnostics: readonly import("../../catalog/index.js").Diagnostic[];
} & Partial<PlanSections>;
