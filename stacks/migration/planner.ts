/**
 * The migration planner: one SystemMigration (govcloud.io/v1alpha1, cluster-scoped, named like the
 * system's namespace) per inventoried system — every request with a `migration` record — on the cloud
 * node the system moves to. Its spec carries the declared facts (department, division, tier, legacy
 * location, deadline and where it comes from, the declared phase and its dates, exemption, the declared
 * usage facts the zombie judgement reads (declaredZombieUsage) and the zombie review, whether the budget
 * hold binds the department); the migration operator (operators/migration) establishes the phase from
 * evidence in the cluster. BudgetHolds are not planned: they are what the operator finds at a moment (a
 * deadline crossed), and a plan carries no time.
 */
import { namespaceOf, type Estate, type Loaded, type SystemRequest } from "../../catalog/index.js";
import { LABELS, type KubeObject } from "../../kube/index.js";
import type { PlannedObject, Planner, PlannerOutput, PlanOptions } from "../plan/types.js";
import { BUDGET_HOLD_CLAUSE, budgetHoldApplies, migrationDeadline } from "./deadline.js";
import { declaredZombieUsage } from "./zombies.js";

export const SYSTEM_MIGRATION_API_VERSION = "govcloud.io/v1alpha1";
export const SYSTEM_MIGRATION_KIND = "SystemMigration";
export const BUDGET_HOLD_KIND = "BudgetHold";

/** The SystemMigration of one request with a migration record, or undefined for a system built on the cloud. */
export function systemMigration(estate: Estate, request: Loaded<SystemRequest>): KubeObject | undefined {
  const r = request.doc;
  const m = r.spec.migration;
  if (!m) return undefined;
  const d = migrationDeadline(estate, request)!;
  const province = estate.estate.doc.spec.province.code;
  const namespace = namespaceOf(r);
  const declared: Record<string, string> = { phase: m.phase };
  for (const k of ["inventoried", "assessed", "cutover", "completed", "legacySwitchedOff", "retired"] as const) {
    const v = m[k];
    if (v !== undefined) declared[k] = v;
  }
  // The declared usage facts the zombie judgement reads (the operator judges from them as plan time does).
  const zombie = {
    ...declaredZombieUsage(request),
    ...(m.zombieReview ? { review: { ...m.zombieReview, criteria: [...m.zombieReview.criteria] } } : {}),
  };
  const file = `catalog/requests/${r.spec.department}/${r.metadata.name}.yaml`;
  return {
    apiVersion: SYSTEM_MIGRATION_API_VERSION,
    kind: SYSTEM_MIGRATION_KIND,
    metadata: {
      name: namespace,
      labels: {
        [LABELS.department]: r.spec.department,
        [LABELS.system]: r.metadata.name,
        [LABELS.cloud]: r.spec.cloud,
        [LABELS.managedBy]: "govcloud",
      },
    },
    spec: {
      system: r.metadata.name,
      department: r.spec.department,
      division: d.city ?? province,
      tier: d.tier,
      namespace,
      cloud: r.spec.cloud,
      legacyLocation: m.legacyLocation,
      ...(m.legacyHosts?.length ? { legacyHosts: [...m.legacyHosts] } : {}),
      deadline: d.deadline,
      deadlineSource:
        d.source === "record"
          ? { source: "record", clause: `${file} spec.migration.deadline` }
          : {
              source: "tier-default",
              clause: d.clause ?? "estate.spec.policy.migrationDeadlines",
              convention: d.convention,
            },
      declared,
      ...(m.exemption ? { exemption: { ...m.exemption } } : {}),
      ...(Object.keys(zombie).length ? { zombie } : {}),
      budgetHold: { applies: budgetHoldApplies(estate, request), clause: BUDGET_HOLD_CLAUSE },
    },
  };
}

export function planMigrations(estate: Estate, options: PlanOptions = {}): PlannerOutput {
  const objects: PlannedObject[] = [];
  for (const r of estate.requests) {
    const node = r.doc.spec.cloud;
    if (options.node !== undefined && node !== options.node) continue;
    if (options.systems && !options.systems.has(`${r.doc.spec.department}/${r.doc.metadata.name}`)) continue;
    const object = systemMigration(estate, r);
    if (object) objects.push({ node, object, source: r.source });
  }
  return { objects, diagnostics: [] };
}

/** Sees every request (`allSystems`): the systems not yet on the cloud are the ones it is for. */
export const migrationPlanner: Planner = { id: "migration", allSystems: true, plan: planMigrations };
