/** The Plan of the embedded Shanxi estate: valid objects, valid names, no collisions, within capacity. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, runsOnCloud, type Estate } from "../../catalog/index.js";
import { ROOT } from "../support/cli.js";
import {
  canonicalJson,
  capacityProblems,
  isDnsLabel,
  nodeTotals,
  onCloudEstate,
  plannedReservations,
  writeCdktf,
  LABELS,
  objectKey,
  planEstate,
  renderManifests,
  tenancyPlanner,
  type KubeObject,
  type Plan,
} from "./imports.js";
import { canonicalSet, cdktfObjects } from "./terraform.js";
import { validateObject } from "./validate.js";

let estate: Estate;
let plan: Plan;
beforeAll(async () => {
  const r = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
  expect(r.estate, JSON.stringify(r.diagnostics.slice(0, 3))).toBeDefined();
  estate = r.estate!;
  plan = planEstate(estate);
});

describe("the Plan of the embedded Shanxi estate", () => {
  it("has one node per cloud node and no planning diagnostics", () => {
    expect(plan.nodes.map((n) => n.node)).toEqual(estate.clouds.map((c) => c.doc.metadata.name));
    expect(plan.diagnostics).toEqual([]);
  });

  it("plans every system on its cloud node, with Pod Security by its MLPS grade", () => {
    const nodes = new Map(plan.nodes.map((n) => [n.node, n]));
    const namespaceOf = (r: (typeof estate.requests)[number]) =>
      nodes
        .get(r.doc.spec.cloud)!
        .objects.find(
          (o) => o.kind === "Namespace" && o.metadata.name === `${r.doc.spec.department}-${r.doc.metadata.name}`,
        );
    // A system not yet migrating (inventoried, assessed), exempt or retired has no namespace (docs/migration.md).
    const off = estate.requests.filter((r) => !runsOnCloud(r.doc.spec));
    expect(off.length).toBeGreaterThan(0);
    for (const r of off) expect(namespaceOf(r), r.doc.metadata.name).toBeUndefined();
    for (const r of estate.requests.filter((r) => runsOnCloud(r.doc.spec))) {
      const ns = namespaceOf(r)!;
      expect(ns.metadata.labels![LABELS.cloud]).toBe(r.doc.spec.cloud);
      expect(ns.metadata.labels![LABELS.mlpsLevel]).toBe(String(r.doc.spec.mlpsLevel));
      expect(ns.metadata.labels!["pod-security.kubernetes.io/enforce"]).toBe(
        r.doc.spec.mlpsLevel >= 3 ? "restricted" : "baseline",
      );
    }
  });

  it("plans only objects that validate, with DNS-1123 names and no two alike on a node", () => {
    for (const n of plan.nodes) {
      const keys = new Set(n.objects.map(objectKey));
      expect(keys.size).toBe(n.objects.length);
      for (const o of n.objects) {
        // Every core kind has a schema here; only the DR planner's Velero custom resources do not.
        if (!validateObject(o)) expect(o.apiVersion, `${o.kind} ${o.metadata.name}`).toBe("velero.io/v1");
        expect(isDnsLabel(o.metadata.name)).toBe(true);
        if (o.metadata.namespace !== undefined) expect(isDnsLabel(o.metadata.namespace)).toBe(true);
      }
    }
  });

  it("keeps the systems' own quotas within each node's capacity, and plans the same bytes twice", () => {
    // Standby copies (DR) add quota on partner nodes: a quota limits, it does not reserve, and the DR
    // planner checks that any one failure fits; the primaries alone must fit.
    for (const n of planEstate(estate, { planners: [tenancyPlanner] }).nodes) {
      expect(n.totals.requested.vcpu).toBeLessThanOrEqual(n.totals.capacity.vcpu);
      expect(n.totals.requested.memoryGiB).toBeLessThanOrEqual(n.totals.capacity.memoryGiB);
    }
    expect(canonicalJson(planEstate(estate))).toBe(canonicalJson(plan));
  });

  it("reserves, without planning, exactly what the plan reserves: only the systems on the cloud (validate's node-over-capacity)", () => {
    const off = estate.requests.filter((r) => !onCloudEstate(estate).requests.includes(r));
    expect(off.length).toBeGreaterThan(0); // the inventory has systems not (or no longer) on the cloud
    const reserved = plannedReservations(estate);
    const namespaces = new Set([...reserved.values()].flat().map((r) => `${r.node}/${r.namespace}`));
    for (const r of off)
      expect(namespaces.has(`${r.doc.spec.cloud}/${r.doc.spec.department}-${r.doc.metadata.name}`)).toBe(false);
    for (const n of plan.nodes) {
      const c = estate.index.cloud.get(n.node)!.doc.spec.capacity;
      expect(nodeTotals([], reserved.get(n.node) ?? [], c).requested, n.node).toEqual(n.totals.requested);
    }
    expect(capacityProblems(estate)).toEqual([]);
  });

  it("comes back whole from the cdktf stacks and from the manifests, allow rules of the network planner included", async () => {
    expect(
      plan.nodes.some((n) => n.objects.some((o) => o.kind === "NetworkPolicy" && o.metadata.name !== "default-deny")),
    ).toBe(true);
    const dir = mkdtempSync(join(tmpdir(), "govcloud-shanxi-"));
    try {
      writeCdktf(plan, dir);
      const files = renderManifests(plan);
      for (const n of plan.nodes) {
        const stack = JSON.parse(readFileSync(join(dir, "stacks", n.node, "cdk.tf.json"), "utf8"));
        expect(canonicalSet(cdktfObjects(stack))).toEqual(canonicalSet(n.objects));
        const docs = [...files]
          .filter(([k]) => k.startsWith(`manifests/${n.node}/`) && !k.endsWith("kustomization.yaml"))
          .flatMap(([, t]) => parseAllDocuments(t).map((d) => d.toJS() as KubeObject));
        expect(canonicalSet(docs)).toEqual(canonicalSet(n.objects));
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
