/**
 * Realisations of the catalogue's offerings: every offering of the Shanxi catalogue, at its defaults,
 * its smallest and its largest parameters, becomes objects that validate against their schemas (the
 * Kubernetes OpenAPI models for core kinds, the upstream CRDs for CNPG, KubeVirt, lib-bucket-provisioner
 * and Velero), carry the govcloud labels and an owner reference, run under the restricted Pod Security
 * profile and request exactly the quota the offering counts. The services planner puts one claim per
 * requested service in the Plan.
 */
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadCatalog, serviceQuota, type DeepReadonly, type Estate, type Offering } from "../../catalog/index.js";
import { ROOT } from "../support/cli.js";
import { crdErrors, CRD_FILES } from "../support/crds.js";
import {
  effectiveParams,
  exitBackup,
  exitPolicyOf,
  INSTANCE_LABELS,
  LABELS,
  onCloudEstate,
  parseQuantity,
  PLATFORM_MANAGED,
  planEstate,
  readiness,
  realise,
  servicesPlanner,
  type InstanceLike,
  type KubeObject,
} from "./imports.js";
import { validateObject } from "./validate.js";

const GIB = 2 ** 30;
const UID = "6f1c2d4e-0000-4000-8000-000000000001";
const CONTEXT = { registry: "registry.gov.sx.cn/" };

let estate: Estate;
beforeAll(async () => {
  const r = await loadCatalog(join(ROOT, "catalog"), { today: "2026-11-23" });
  expect(r.estate, JSON.stringify(r.diagnostics.slice(0, 3))).toBeDefined();
  estate = r.estate!;
});

const instance = (offering: string, params: object): InstanceLike => ({
  metadata: {
    name: "svc",
    namespace: "health-portal",
    uid: UID,
    labels: {
      [LABELS.department]: "health",
      [LABELS.system]: "portal",
      [LABELS.cloud]: "province",
      [LABELS.mlpsLevel]: "3",
      "unrelated/label": "x",
    },
  },
  spec: { offering, params },
});

type Props = Record<string, { type?: string; minimum?: number; maximum?: number; enum?: unknown[]; default?: unknown }>;

/** Three parameter sets per offering: the defaults, every number at its minimum, every number at its maximum. */
function paramSets(o: DeepReadonly<Offering>): Record<string, unknown>[] {
  const props = ((o.spec.parameters as { properties?: Props }).properties ?? {}) as Props;
  const pick = (end: "min" | "max") =>
    Object.fromEntries(
      Object.entries(props).flatMap(([k, p]) => {
        if (p.enum && typeof p.enum[0] === "number")
          return [[k, end === "min" ? Math.min(...(p.enum as number[])) : Math.max(...(p.enum as number[]))]];
        if (p.type === "integer" && (end === "min" ? p.minimum : p.maximum) !== undefined)
          return [[k, end === "min" ? p.minimum : p.maximum]];
        return [];
      }),
    );
  return [{}, pick("min"), pick("max")];
}

/** What the realised objects ask of the namespace's quota. */
function requested(objects: readonly KubeObject[]) {
  const q = { vcpu: 0, memoryGiB: 0, storageGiB: 0, loadBalancers: 0 };
  const add = (res: { requests?: Record<string, string> } | undefined, times: number) => {
    q.vcpu += parseQuantity(res?.requests?.cpu ?? "0") * times;
    q.memoryGiB += (parseQuantity(res?.requests?.memory ?? "0") / GIB) * times;
  };
  const storage = (s: string | undefined, times: number) => (q.storageGiB += (parseQuantity(s ?? "0") / GIB) * times);
  for (const o of objects) {
    const spec = (o as unknown as { spec: Record<string, any> }).spec;
    switch (o.kind) {
      case "StatefulSet":
      case "Deployment":
        for (const c of spec.template.spec.containers) add(c.resources, spec.replicas);
        for (const t of spec.volumeClaimTemplates ?? []) storage(t.spec.resources.requests.storage, spec.replicas);
        break;
      case "Cluster":
        add(spec.resources, spec.instances);
        storage(spec.storage.size, spec.instances);
        break;
      case "VirtualMachine":
        add(spec.template.spec.domain.resources, 1);
        for (const d of spec.dataVolumeTemplates) storage(d.spec.storage.resources.requests.storage, 1);
        break;
      case "PersistentVolumeClaim":
        storage(spec.resources.requests.storage, 1);
        break;
      case "ObjectBucketClaim":
        storage(spec.additionalConfig.maxSize, 1);
        break;
      case "Service":
        if (spec.type === "LoadBalancer") q.loadBalancers += 1;
        break;
    }
  }
  return q;
}

function podSpecs(o: KubeObject): any[] {
  const spec = (o as unknown as { spec: any }).spec;
  if (o.kind === "StatefulSet" || o.kind === "Deployment") return [spec.template.spec];
  return [];
}

describe("realise", () => {
  it("realises every offering of the catalogue into objects valid against their schemas", () => {
    const kinds = new Set<string>();
    for (const o of estate.offerings) {
      for (const params of paramSets(o.doc)) {
        const r = realise(o.doc, instance(o.doc.metadata.name, params), CONTEXT);
        expect(r.ok, `${o.doc.metadata.name}: ${r.ok ? "" : r.message}`).toBe(true);
        if (!r.ok) continue;
        if (r.objects.length === 0) expect(PLATFORM_MANAGED[o.doc.spec.category], o.doc.metadata.name).toBeDefined();
        for (const obj of r.objects) {
          kinds.add(obj.kind);
          const key = `${obj.apiVersion}/${obj.kind}`;
          if (CRD_FILES[key]) expect(crdErrors(obj), `${o.doc.metadata.name} ${key}`).toEqual([]);
          else expect(validateObject(obj), key).toBe(true);
        }
      }
    }
    expect([...kinds].sort()).toEqual([
      "Cluster",
      "Deployment",
      "ObjectBucketClaim",
      "PersistentVolumeClaim",
      "Schedule",
      "Service",
      "StatefulSet",
      "VirtualMachine",
    ]);
  });

  it("requests exactly the quota the offering counts (so a request's instances fill its namespace's quota)", () => {
    for (const o of estate.offerings) {
      if (PLATFORM_MANAGED[o.doc.spec.category] || o.doc.spec.category === "dr") continue;
      for (const params of paramSets(o.doc)) {
        const r = realise(o.doc, instance(o.doc.metadata.name, params), CONTEXT);
        if (!r.ok) throw new Error(r.message);
        const want = serviceQuota(o.doc, params);
        const got = requested(r.objects);
        expect(got, `${o.doc.metadata.name} ${JSON.stringify(params)}`).toEqual(want);
      }
    }
  });

  it("labels every object for its system and instance and makes the instance its controller", () => {
    for (const o of estate.offerings) {
      const r = realise(o.doc, instance(o.doc.metadata.name, {}), CONTEXT);
      if (!r.ok) throw new Error(r.message);
      for (const obj of r.objects) {
        const labels = obj.metadata.labels!;
        expect(labels[LABELS.department]).toBe("health");
        expect(labels[LABELS.system]).toBe("portal");
        expect(labels[LABELS.cloud]).toBe("province");
        expect(labels[INSTANCE_LABELS.instance]).toBe("svc");
        expect(labels[INSTANCE_LABELS.offering]).toBe(o.doc.metadata.name);
        expect(labels["unrelated/label"]).toBeUndefined();
        const owners = (obj.metadata as { ownerReferences?: unknown[] }).ownerReferences;
        if (obj.kind === "Schedule") {
          // Velero's namespace is not the instance's: no owner reference may cross namespaces.
          expect(owners).toBeUndefined();
          expect(obj.metadata.namespace).toBe("velero");
        } else {
          expect(obj.metadata.namespace).toBe("health-portal");
          expect(owners).toEqual([
            {
              apiVersion: "govcloud.io/v1alpha1",
              kind: "ServiceInstance",
              name: "svc",
              uid: UID,
              controller: true,
              blockOwnerDeletion: true,
            },
          ]);
        }
      }
    }
  });

  it("runs every pod under the restricted Pod Security profile, from the approved registry", () => {
    let pods = 0;
    for (const o of estate.offerings) {
      const r = realise(o.doc, instance(o.doc.metadata.name, {}), CONTEXT);
      if (!r.ok) throw new Error(r.message);
      for (const spec of r.objects.flatMap(podSpecs)) {
        pods++;
        expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        expect(spec.automountServiceAccountToken).toBe(false);
        for (const c of spec.containers) {
          expect(c.securityContext).toEqual({
            allowPrivilegeEscalation: false,
            capabilities: { drop: ["ALL"] },
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
          });
          expect(c.image.startsWith("registry.gov.sx.cn/")).toBe(true);
          expect(c.resources.requests).toEqual(c.resources.limits);
        }
        // Only volume types the restricted profile allows: in-memory/scratch space, or the instance's own claim.
        for (const v of spec.volumes)
          expect([
            ["emptyDir", "name"],
            ["name", "persistentVolumeClaim"],
          ]).toContainEqual(Object.keys(v).sort());
      }
      for (const obj of r.objects) {
        if (obj.kind === "Cluster")
          expect((obj as any).spec.imageName.startsWith("registry.gov.sx.cn/cloudnative-pg/postgresql:")).toBe(true);
        if (obj.kind === "VirtualMachine")
          expect((obj as any).spec.dataVolumeTemplates[0].spec.source.registry.url).toMatch(
            /^docker:\/\/registry\.gov\.sx\.cn\/images\//,
          );
      }
    }
    expect(pods).toBeGreaterThan(10);
  });

  it("puts VMs on the architecture of their domestic CPU: arm64 for 鲲鹏, amd64 for 海光 and x86", () => {
    const arch = (id: string) => {
      const r = realise(estate.index.offering.get(id)!.doc, instance(id, { vcpu: 2, memoryGiB: 4, count: 3 }), CONTEXT);
      if (!r.ok) throw new Error(r.message);
      expect(r.objects.map((o) => o.metadata.name)).toEqual(["svc-0", "svc-1", "svc-2"]);
      return [
        ...new Set(
          r.objects.map(
            (o: any) =>
              `${o.spec.template.spec.architecture} ${o.spec.template.spec.nodeSelector["kubernetes.io/arch"]}`,
          ),
        ),
      ];
    };
    expect(arch("vm-kunpeng")).toEqual(["arm64 arm64"]);
    expect(arch("vm-hygon")).toEqual(["amd64 amd64"]);
    expect(arch("vm-x86")).toEqual(["amd64 amd64"]);
    const named = realise(
      estate.index.offering.get("vm-kunpeng")!.doc,
      instance("vm-kunpeng", { vcpu: 2, memoryGiB: 4, count: 1, image: "uos-20-arm64:1060" }),
      CONTEXT,
    );
    expect(named.ok && (named.objects[0] as any).spec.dataVolumeTemplates[0].spec.source.registry.url).toBe(
      "docker://registry.gov.sx.cn/images/uos-20-arm64:1060",
    );
  });

  it("takes PostgreSQL's version, storage class and sizes into the CNPG Cluster", () => {
    const r = realise(
      estate.index.offering.get("postgresql")!.doc,
      instance("postgresql", { version: "15", vcpu: 4, memoryGiB: 16, storageGiB: 200, replicas: 3 }),
      CONTEXT,
    );
    expect(r.ok && (r.objects[0] as any).spec).toMatchObject({
      instances: 3,
      imageName: "registry.gov.sx.cn/cloudnative-pg/postgresql:15",
      resources: { requests: { cpu: "4", memory: "16Gi" } },
      storage: { size: "200Gi", storageClass: "evs-ssd-sm4" },
    });
  });

  it("encrypts block volumes unless the request declines it, and gives file storage a shared volume", () => {
    const block = (params: object) => {
      const r = realise(estate.index.offering.get("block-storage")!.doc, instance("block-storage", params), CONTEXT);
      return r.ok ? r.objects.map((o: any) => o.spec.storageClassName) : [];
    };
    expect(block({ sizeGiB: 50, count: 2, type: "sas" })).toEqual(["evs-sas-sm4", "evs-sas-sm4"]);
    expect(block({ sizeGiB: 50, encrypted: false })).toEqual(["evs-ssd"]);
    const file = realise(
      estate.index.offering.get("file-storage")!.doc,
      instance("file-storage", { capacityGiB: 300, protocol: "cifs" }),
      CONTEXT,
    );
    expect(file.ok && (file.objects[0] as any).spec).toMatchObject({
      accessModes: ["ReadWriteMany"],
      storageClassName: "sfs-cifs",
    });
  });

  it("refuses an offering it has no realisation for, with the reason", () => {
    const mysql = estate.index.offering.get("mysql")!.doc;
    const unknown = { ...mysql, metadata: { ...mysql.metadata, name: "tidb" } };
    expect(realise(unknown, instance("tidb", {}), CONTEXT)).toEqual({
      ok: false,
      reason: "UnsupportedOffering",
      message: "offering tidb: no vendor image is known for this database",
    });
  });

  it("fills parameter defaults and chooses the exit policy by category", () => {
    const pg = estate.index.offering.get("postgresql")!.doc;
    expect(effectiveParams(pg, { replicas: 3 })).toMatchObject({ replicas: 3, version: "16", vcpu: 8 });
    expect(exitPolicyOf("database")).toBe("Backup");
    expect(exitPolicyOf("compute")).toBe("Backup");
    expect(exitPolicyOf("middleware")).toBe("Delete");
    expect(exitPolicyOf("load-balancer")).toBe("Delete");
    expect(exitPolicyOf("database", "Retain")).toBe("Retain");
  });

  it("takes the exit backup of the instance's own objects and volumes, valid against Velero's CRD", () => {
    const b = exitBackup(instance("postgresql", {}));
    expect(crdErrors(b)).toEqual([]);
    expect(b.metadata).toMatchObject({ namespace: "velero", name: "exit-health-portal-svc-6f1c2d4e" });
    expect((b as any).spec).toMatchObject({
      includedNamespaces: ["health-portal"],
      labelSelector: { matchLabels: { "govcloud.io/instance": "svc" } },
      snapshotVolumes: true,
    });
  });
});

describe("readiness", () => {
  const obj = (kind: string, spec: object, status?: object): KubeObject => ({
    apiVersion: "x/v1",
    kind,
    metadata: { name: "a" },
    spec,
    ...(status ? { status } : {}),
  });
  it("reads each kind's own status", () => {
    expect(readiness(obj("Cluster", { instances: 2 }, { readyInstances: 1 })).ready).toBe(false);
    expect(readiness(obj("Cluster", { instances: 2 }, { readyInstances: 2 }))).toEqual({
      ready: true,
      message: "Cluster a: 2/2 instances ready",
    });
    expect(readiness(obj("VirtualMachine", {}, { ready: false, printableStatus: "Provisioning" }))).toEqual({
      ready: false,
      message: "VirtualMachine a: not ready (Provisioning)",
    });
    expect(readiness(obj("VirtualMachine", {}, { ready: true })).ready).toBe(true);
    expect(readiness(obj("PersistentVolumeClaim", {})).message).toBe("PersistentVolumeClaim a: Pending");
    expect(readiness(obj("ObjectBucketClaim", {}, { phase: "Bound" })).ready).toBe(true);
    expect(readiness(obj("StatefulSet", { replicas: 3 }, { readyReplicas: 2 })).message).toBe(
      "StatefulSet a: 2/3 replicas ready",
    );
    expect(readiness(obj("Deployment", { replicas: 2 }, { readyReplicas: 2 })).ready).toBe(true);
    expect(readiness(obj("Service", { type: "LoadBalancer" })).ready).toBe(false);
    expect(
      readiness(obj("Service", { type: "LoadBalancer" }, { loadBalancer: { ingress: [{ ip: "10.0.0.1" }] } })).ready,
    ).toBe(true);
    expect(readiness(obj("Service", { type: "ClusterIP" })).ready).toBe(true);
  });
});

describe("the services planner", () => {
  it("plans one ServiceInstance per requested service, in the system's namespace on its node", () => {
    const plan = planEstate(estate, { planners: [servicesPlanner] });
    expect(plan.diagnostics).toEqual([]);
    const claims = plan.nodes.flatMap((n) => n.objects.map((o) => [n.node, o] as const));
    // Only systems on the cloud are planned (onCloudEstate: not those inventoried, assessed, exempt or retired).
    const onCloud = onCloudEstate(estate).requests;
    expect(onCloud.length).toBeLessThan(estate.requests.length);
    expect(claims).toHaveLength(onCloud.reduce((n, r) => n + r.doc.spec.services.length, 0));
    for (const [node, o] of claims) {
      expect(o.kind).toBe("ServiceInstance");
      expect(validateObject(o)).toBe(true);
      const spec = (o as any).spec;
      expect(o.metadata.namespace).toBe(`${spec.department}-${spec.system}`);
      expect(o.metadata.labels![LABELS.cloud]).toBe(node);
      const category = estate.index.offering.get(spec.offering)!.doc.spec.category;
      expect(spec.exitPolicy).toBe(exitPolicyOf(category));
    }
  });
});
