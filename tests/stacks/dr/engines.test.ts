/** The DR objects reach the Plan through the planner list, and every engine carries them. */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { nodeManifests, planEstate, pulumiResources, writeCdktf, type KubeObject } from "../../../stacks/index.js";
import { drPlan, ledgerYaml } from "../../../stacks/dr/index.js";
import { drCatalog, drEstate } from "./catalog.js";

const plan = planEstate(drEstate());
const node = (id: string) => plan.nodes.find((n) => n.node === id)!;
const key = (o: KubeObject) => `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
const DR_KEYS = {
  province: [
    "Namespace//health-one-stop-active",
    "Schedule/velero/health-one-stop",
    "Schedule/velero/health-portal",
    "BackupStorageLocation/velero/dr-dt-a-province",
    "BackupStorageLocation/velero/dr-prov-a-city-140200",
  ],
  "city-140200": [
    "Namespace//health-portal",
    "Namespace//health-one-stop",
    "Schedule/velero/datong-approval-queue",
    "BackupStorageLocation/velero/dr-prov-a-city-140200",
    "BackupStorageLocation/velero/dr-dt-a-province",
  ],
};
const work = mkdtempSync(join(tmpdir(), "govcloud-dr-engines-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("DR in the Plan and its engines", () => {
  it("plans the DR objects without collisions or problems, with the DR section", () => {
    expect(plan.diagnostics).toEqual([]);
    for (const [id, keys] of Object.entries(DR_KEYS))
      expect(node(id).objects.map(key)).toEqual(expect.arrayContaining(keys));
    expect(plan.dr?.pairs.map((p) => p.system)).toEqual(["datong-approval/queue", "health/one-stop", "health/portal"]);
    expect(plan.dr?.issues).toEqual([]);
  });

  it("gives a DR copy the system's network allow rules, for the partner node", () => {
    const rules = node("city-140200").objects.filter(
      (o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "health-portal",
    );
    expect(rules.map((o) => o.metadata.name)).toEqual(expect.arrayContaining(["allow-zone-public"]));
    for (const o of rules.filter((x) => x.metadata.name.startsWith("allow-")))
      expect(o.metadata.labels?.["govcloud.io/cloud"]).toBe("city-140200");
    expect(
      node("province").objects.filter(
        (o) => o.kind === "NetworkPolicy" && o.metadata.namespace === "health-one-stop-active",
      ).length,
    ).toBeGreaterThan(1);
  });

  it("plans one node exactly as the whole plan places it", () => {
    expect(planEstate(drEstate(), { node: "city-140200" }).nodes).toEqual([node("city-140200")]);
  });

  it("writes them in the manifests, the Pulumi program and the cdktf stacks", async () => {
    writeCdktf(plan, join(work, "cdktf.out"));
    for (const [id, keys] of Object.entries(DR_KEYS)) {
      const manifests = [...nodeManifests(node(id), plan.estate).entries()]
        .filter(([f]) => f !== "kustomization.yaml")
        .flatMap(([, text]) => parseAllDocuments(text).map((d) => d.toJS() as KubeObject));
      expect(manifests.map(key)).toEqual(expect.arrayContaining(keys));
      const pulumi = pulumiResources(node(id));
      expect(
        pulumi.map((r) => key((r.typed ? { ...r.args, kind: r.type.split(":").pop() } : r.args) as KubeObject)),
      ).toEqual(expect.arrayContaining(keys));
      expect(pulumi.find((r) => r.type === "kubernetes:velero.io/v1:Schedule")).toMatchObject({ typed: false });
      const stack = JSON.parse(readFileSync(join(work, "cdktf.out", "stacks", id, "cdk.tf.json"), "utf8"));
      const manifestsTf = Object.values(
        stack.resource.kubernetes_manifest as Record<string, { manifest: KubeObject }>,
      ).map((r) => r.manifest);
      const velero = keys.filter((k) => !k.startsWith("Namespace"));
      expect(manifestsTf.map(key)).toEqual(expect.arrayContaining(velero));
      const namespaces = Object.values(
        stack.resource.kubernetes_namespace_v1 as Record<
          string,
          { metadata: { name: string; annotations?: Record<string, string> } }
        >,
      );
      for (const k of keys.filter((x) => x.startsWith("Namespace"))) {
        const ns = namespaces.find((n) => n.metadata.name === k.split("/").pop());
        expect(ns?.metadata.annotations?.["scheduler.alpha.kubernetes.io/node-selector"]).toMatch(
          /^topology\.kubernetes\.io\/zone=/,
        );
      }
    }
  });

  it("adding one system changes only that system's objects, on its node and its partners'", () => {
    // With the ledger recorded, as a pull request adding a system finds it.
    const files: Record<string, string> = {
      ...drCatalog(),
      "estates/t/dr-ledger.yaml": ledgerYaml("t", drPlan(drEstate()).pairing.ledger),
    };
    const before = planEstate(drEstate(files));
    const extra = files["requests/health/portal.yaml"]!.replace("name: portal", "name: lab")
      // small enough that its warm standby fits the partner node (a larger one is node-over-capacity there)
      .replace("{ vcpu: 8, memoryGiB: 32, count: 4 }", "{ vcpu: 4, memoryGiB: 16, count: 1 }")
      .replace("  site: prov-a\n", "");
    const after = planEstate(drEstate({ ...files, "requests/health/lab.yaml": extra }));
    expect(after.diagnostics.map((d) => d.code)).toEqual(["dr-ledger-missing"]);
    const objects = (p: typeof plan) =>
      new Map(p.nodes.flatMap((n) => n.objects.map((o) => [`${n.node}/${key(o)}`, JSON.stringify(o)])));
    const [b, a] = [objects(before), objects(after)];
    expect([...b.keys()].filter((k) => !a.has(k))).toEqual([]);
    const changed = [...a.keys()].filter((k) => a.get(k) !== b.get(k));
    expect(changed.length).toBeGreaterThan(0);
    for (const k of changed) expect(k).toMatch(/health-lab/);
  });
});
