/** A Kubernetes object as govcloud handles it, and the label keys of the govcloud.io API group. */

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

/**
 * The MLPS level (等保级别) a set of labels states in govcloud.io/mlps-level: 1 to 4, or undefined when
 * the label is absent or not a level.
 */
export function mlpsLevelLabel(labels: Readonly<Record<string, string>> | undefined): number | undefined {
  const v = labels?.[LABELS.mlpsLevel];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 && n <= 4 ? n : undefined;
}
