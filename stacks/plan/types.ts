/**
 * The Plan: a pure function of the Estate. For every cloud node, the desired Kubernetes objects as
 * canonical Kubernetes JSON, plus the network address plan and the DR plan. No engine types here:
 * the engines (cdktf, Pulumi, manifests) are thin adapters that read this. The Plan itself and its
 * sections (network, DR) are in sections.ts: this file imports no planner, so planners may import it.
 */
import type { Diagnostic, Estate, Reservation, SourcePosition } from "../../catalog/index.js";
import type { KubeObject } from "../../kube/index.js";

export type TerraformBackend =
  { readonly type: "local" } | { readonly type: "pg"; readonly connStr: string; readonly schemaName: string };

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
  /** What the node's ResourceQuotas reserve, summed by the convention of `reservedQuota` (catalog/quota.ts). */
  readonly requested: {
    readonly vcpu: number;
    readonly memoryGiB: number;
    readonly storageGiB: number;
    readonly loadBalancers: number;
  };
  readonly capacity: { readonly vcpu: number; readonly memoryGiB: number; readonly storageGiB: number };
}

/** One object and the cloud node it is planned on. */
export interface PlannedObject {
  readonly node: string;
  readonly object: KubeObject;
  /** The catalog document the object comes from (e.g. the request), for diagnostics about it. */
  readonly source?: SourcePosition;
}

/** What a planned namespace's ResourceQuota reserves on its cloud node, as numbers (the quota it was written from). */
export interface PlannedReservation extends Reservation {
  readonly node: string;
  /** The catalog document the namespace comes from. */
  readonly source?: SourcePosition;
}

/**
 * A planner contributes objects to the Plan: tenancy (namespaces, quotas, RBAC, default deny),
 * network (allow rules, egress), DR (standby namespaces, backup schedules). Planners are pure and
 * independent; `planEstate` runs them all and merges their objects per node. A planner that cannot
 * place something reports a diagnostic (file and line of the request) instead of throwing.
 */
export interface PlannerResult {
  readonly objects: readonly PlannedObject[];
  readonly diagnostics: readonly Diagnostic[];
  /** One per ResourceQuota among the objects: what it reserves, as numbers (the Plan's totals add these up). */
  readonly reservations?: readonly PlannedReservation[];
}

/**
 * What a planner returns: objects per node, diagnostics, and optionally its section of the Plan (the
 * network address plan, the DR plan; see sections.ts), which `planEstate` merges into the Plan.
 */
export interface PlannerOutput<S extends object = object> extends PlannerResult {
  readonly sections?: S;
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
  /**
   * Plan only objects of these kinds (the baseline operator's desired state: namespaces, quotas, RBAC,
   * network policies). Objects of other kinds are dropped before they are merged, and a planner that
   * declares its `kinds` and plans none of these is not run. What is planned of these kinds is what a
   * whole plan plans; node totals count only what is planned.
   */
  readonly kinds?: ReadonlySet<string>;
  /** Pod Security Standards version the namespaces pin (default `DEFAULT_POD_SECURITY_VERSION`). */
  readonly podSecurityVersion?: string;
  /**
   * The operators' platform stack (stacks/platform), planned on every cloud node when given. Its inputs
   * come from modules above stacks (the CRDs from operators/, the monitoring objects from dashboards/),
   * so the caller at the top (bin/) passes them in as data. Without it nothing of the platform is planned.
   */
  readonly platform?: PlatformInputs;
}

/** What the platform planner is given: data only, built by the caller. */
export interface PlatformInputs {
  /** The govcloud.io CustomResourceDefinitions (cluster-scoped): planned once on every cloud node. */
  readonly crds?: readonly KubeObject[];
  /** The mixin's PrometheusRule and dashboard ConfigMaps, shipped into govcloud-system. */
  readonly monitoring?: readonly KubeObject[];
  /** The operator image (default `DEFAULT_IMAGE` of stacks/platform). */
  readonly image?: string;
}

/** A planner: a pure function of the Estate. Planners are listed in stacks/plan/planners.ts. */
export interface Planner<S extends object = object> {
  /** Short id, e.g. "tenancy", "network", "dr"; named in collision diagnostics. */
  readonly id: string;
  /** The kinds it may plan, when it says (lets a plan of other kinds, `PlanOptions.kinds`, skip it). */
  readonly kinds?: readonly string[];
  /**
   * The planner sees every request, not only the systems on the cloud (`onCloudEstate`): the migration
   * planner, since an inventoried system has its SystemMigration before it has anything else.
   */
  readonly allSystems?: boolean;
  plan(estate: Estate, options: PlanOptions): PlannerOutput<S>;
}
