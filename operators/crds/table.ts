/**
 * The govcloud.io kinds the operators use, one entry each: the JSON Schema in catalog/schema it is
 * generated from, its names and scope, and the columns `kubectl get` prints. Add a kind by adding an
 * entry, then `npm run gen:crds` (the freshness test fails until the committed YAML matches).
 */

export interface PrinterColumn {
  readonly name: string;
  readonly type: "string" | "integer" | "number" | "boolean" | "date";
  readonly jsonPath: string;
  readonly description?: string;
  readonly priority?: number;
}

export interface CrdEntry {
  readonly kind: string;
  /** File under catalog/schema/. */
  readonly schema: string;
  readonly plural: string;
  readonly singular: string;
  readonly shortNames?: readonly string[];
  readonly scope: "Namespaced" | "Cluster";
  readonly version: string;
  readonly printerColumns: readonly PrinterColumn[];
  /** Which operator reads or writes the kind (docs). */
  readonly usedBy: string;
}

export const GROUP = "govcloud.io";

const age: PrinterColumn = { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" };
const ready: PrinterColumn = {
  name: "Ready",
  type: "string",
  jsonPath: `.status.conditions[?(@.type=="Ready")].status`,
};

export const CRDS: readonly CrdEntry[] = [
  {
    kind: "ServiceInstance",
    schema: "serviceinstance.schema.json",
    plural: "serviceinstances",
    singular: "serviceinstance",
    shortNames: ["si"],
    scope: "Namespaced",
    version: "v1alpha1",
    usedBy: "catalog",
    printerColumns: [
      { name: "Offering", type: "string", jsonPath: ".spec.offering" },
      { name: "System", type: "string", jsonPath: ".spec.system" },
      { name: "Phase", type: "string", jsonPath: ".status.phase" },
      ready,
      age,
    ],
  },
  {
    kind: "SystemMigration",
    schema: "systemmigration.schema.json",
    plural: "systemmigrations",
    singular: "systemmigration",
    shortNames: ["smig"],
    scope: "Cluster",
    version: "v1alpha1",
    usedBy: "migration",
    printerColumns: [
      { name: "Department", type: "string", jsonPath: ".spec.department" },
      { name: "Phase", type: "string", jsonPath: ".status.phase" },
      { name: "Declared", type: "string", jsonPath: ".spec.declared.phase", priority: 1 },
      { name: "Deadline", type: "string", jsonPath: ".spec.deadline" },
      { name: "Overdue", type: "integer", jsonPath: ".status.daysOverdue", description: "Days past the deadline" },
      {
        name: "Hold",
        type: "string",
        jsonPath: `.status.conditions[?(@.type=="BudgetHold")].status`,
        description: "Listed in the department's BudgetHold",
      },
      { name: "Legacy", type: "string", jsonPath: ".spec.legacyLocation", priority: 1 },
      age,
    ],
  },
  {
    kind: "BudgetHold",
    schema: "budgethold.schema.json",
    plural: "budgetholds",
    singular: "budgethold",
    shortNames: ["bh"],
    scope: "Cluster",
    version: "v1alpha1",
    usedBy: "migration",
    printerColumns: [
      { name: "Department", type: "string", jsonPath: ".spec.department" },
      { name: "Systems", type: "integer", jsonPath: ".status.overdueSystems", description: "Overdue systems" },
      { name: "Since", type: "date", jsonPath: ".status.heldSince" },
      { name: "Clause", type: "string", jsonPath: ".spec.clause", priority: 1 },
      age,
    ],
  },
];
