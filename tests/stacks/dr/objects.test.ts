import { describe, expect, it } from "vitest";
import { namespaceOf } from "../../../catalog/index.js";
import { backupCron, drObjects, drPlan, type TenantObjects } from "../../../stacks/dr/index.js";
import type { KubeObject } from "../../../kube/index.js";
import { drCatalog, drEstate } from "./catalog.js";

/** The tenancy contract's shape: a namespace with the DR labels and a quota inside it. */
const tenant: TenantObjects = (_estate, request, { node, drRole, drPeer }) => {
  const ns = namespaceOf(request.doc);
  return [
    { apiVersion: "v1", kind: "Namespace", metadata: { name: ns, labels: { "govcloud.io/cloud": node, "govcloud.io/dr-role": drRole, "govcloud.io/dr-peer": drPeer, "kubernetes.io/metadata.name": ns } } },
    { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "quota", namespace: ns }, spec: { hard: { "requests.cpu": "1" } } },
  ];
};

const find = (objects: readonly { node: string; object: KubeObject }[], node: string, kind: string, name: string) =>
  objects.find((o) => o.node === node && o.object.kind === kind && o.object.metadata.name === name)?.object;

describe("backup schedules", () => {
  it("back up within the RPO, hourly at best, spread over the hour", () => {
    expect(backupCron(0, "a").cron).toMatch(/^\d+ \* \* \* \*$/);
    expect(backupCron(240, "a").cron).toMatch(/^\d+ \*\/4 \* \* \*$/);
    expect(backupCron(300, "a").cron).toMatch(/^\d+ \*\/4 \* \* \*$/);
    expect(backupCron(1440, "a").cron).toMatch(/^\d+ [1-5] \* \* \*$/);
    expect(backupCron(10080, "a")).toEqual({ cron: expect.stringMatching(/^\d+ [1-5] \* \* 0$/), ttl: "2160h0m0s" });
    expect(backupCron(60, "a")).toEqual(backupCron(60, "a"));
    expect(new Set(["a", "b", "c", "d", "e", "f"].map((s) => backupCron(60, s).cron)).size).toBeGreaterThan(1);
  });
});

describe("DR objects of the Plan", () => {
  const estate = drEstate();
  const { objects, diagnostics } = drObjects(estate, drPlan(estate), tenant);

  it("puts the standby namespace on the partner node, pinned to its site", () => {
    expect(diagnostics).toEqual([]);
    const ns = find(objects, "city-140200", "Namespace", "health-portal")!;
    expect(ns.metadata.labels).toMatchObject({ "govcloud.io/dr-role": "standby", "govcloud.io/dr-peer": "province" });
    expect(ns.metadata.annotations).toMatchObject({ "scheduler.alpha.kubernetes.io/node-selector": "topology.kubernetes.io/zone=dt-a", "govcloud.io/dr-site": "dt-a", "govcloud.io/dr-peer-site": "prov-a" });
    expect(objects.some((o) => o.node === "city-140200" && o.object.kind === "ResourceQuota" && o.object.metadata.namespace === "health-portal")).toBe(true);
  });

  it("gives a same-node active side its own namespace on the other site", () => {
    const ns = find(objects, "province", "Namespace", "health-one-stop-active")!;
    expect(ns.metadata.labels).toMatchObject({ "govcloud.io/dr-role": "active", "kubernetes.io/metadata.name": "health-one-stop-active" });
    expect(ns.metadata.annotations).toMatchObject({ "scheduler.alpha.kubernetes.io/node-selector": "topology.kubernetes.io/zone=prov-a" });
    expect(objects.filter((o) => o.object.metadata.namespace === "health-one-stop-active")).toHaveLength(1);
    expect(find(objects, "province", "Namespace", "health-one-stop")).toBeUndefined();
  });

  it("schedules Velero backups on the primary node into a location in another city, read-only where restores happen", () => {
    const schedule = find(objects, "province", "Schedule", "health-one-stop")!;
    expect(schedule).toMatchObject({
      apiVersion: "velero.io/v1",
      metadata: { namespace: "velero" },
      spec: { schedule: expect.stringMatching(/^\d+ \* \* \* \*$/), template: { includedNamespaces: ["health-one-stop", "health-one-stop-active"], storageLocation: "dr-dt-a-province", ttl: "720h0m0s" } },
    });
    expect(find(objects, "province", "BackupStorageLocation", "dr-dt-a-province")).toMatchObject({
      spec: { provider: "aws", objectStorage: { bucket: "govcloud-dr", prefix: "province" }, config: { s3Url: "https://s3.dt-a.govcloud.internal" }, accessMode: "ReadWrite" },
    });
    expect(find(objects, "city-140200", "BackupStorageLocation", "dr-dt-a-province")).toMatchObject({ spec: { accessMode: "ReadOnly" } });
    // The level 1 Datong system backs up to the provincial cloud's object storage.
    expect(find(objects, "city-140200", "Schedule", "datong-approval-queue")).toMatchObject({ spec: { template: { storageLocation: "dr-prov-a-city-140200" } } });
    expect(find(objects, "province", "BackupStorageLocation", "dr-prov-a-city-140200")).toMatchObject({ spec: { accessMode: "ReadOnly" } });
  });

  it("has one object per node, kind, namespace and name, and plans one node alone", () => {
    const keys = objects.map((o) => `${o.node}/${o.object.kind}/${o.object.metadata.namespace ?? ""}/${o.object.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    const one = drObjects(estate, drPlan(estate), tenant, "city-140200").objects;
    expect(one.every((o) => o.node === "city-140200")).toBe(true);
    expect(one.length).toBe(objects.filter((o) => o.node === "city-140200").length);
  });

  it("uses a site's declared object storage endpoint", () => {
    const files = drCatalog();
    files["estates/t/clouds.yaml"] = files["estates/t/clouds.yaml"]!.replace("capacityShare: 1, objectStorage: true }", "capacityShare: 1, objectStorage: true, objectStorageEndpoint: \"https://oss.dt.example.gov.example\" }");
    const e = drEstate(files);
    expect(find(drObjects(e, drPlan(e), tenant).objects, "province", "BackupStorageLocation", "dr-dt-a-province")).toMatchObject({ spec: { config: { s3Url: "https://oss.dt.example.gov.example" } } });
  });
});
