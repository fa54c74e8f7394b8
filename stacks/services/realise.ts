/**
 * Realisations: what a ServiceInstance becomes in its cluster. One pure function per offering category,
 * `(offering, instance, context) -> KubeObject[]`: VMs as KubeVirt VirtualMachines, PostgreSQL as a
 * CloudNativePG Cluster, the other databases, caches and queues as a StatefulSet with their vendor image,
 * object storage as an ObjectBucketClaim, block and file storage as PVCs, load balancers as Services,
 * middleware as a Deployment, backups as a Velero Schedule. Every object carries the govcloud labels,
 * an ownerReference to its instance (when the instance has a uid), and pods the restricted Pod Security
 * profile; containers request exactly what the offering's quota terms count, so the instances of a
 * request fill its namespace's ResourceQuota and never exceed it.
 */
import type { DeepReadonly, Offering } from "../../catalog/index.js";
import { cpuQuantity, gibQuantity, LABELS, type KubeObject } from "../../kube/index.js";
import { DEFAULT_VM_IMAGE, LB_CONNECTIONS, POSTGRES_IMAGE, STATEFUL, STATELESS, VM_ARCH, type Params, type Workload } from "./vendors.js";

export const SERVICE_INSTANCE_API_VERSION = "govcloud.io/v1alpha1";
export const SERVICE_INSTANCE_KIND = "ServiceInstance";

/** Labels the realised objects carry besides the system's own. */
export const INSTANCE_LABELS = {
  instance: "govcloud.io/instance",
  offering: "govcloud.io/offering",
  name: "app.kubernetes.io/name",
  appInstance: "app.kubernetes.io/instance",
} as const;

/** The instance as the realisations read it: a ServiceInstance object, live (with a uid) or planned. */
export interface InstanceLike {
  readonly metadata: {
    readonly name: string;
    readonly namespace?: string;
    readonly uid?: string;
    readonly labels?: Readonly<Record<string, string | undefined>>;
  };
  readonly spec: { readonly offering: string; readonly params: object; readonly exitPolicy?: string };
}

/** Storage classes of a cloud node (a convention of this platform; set per node in the operator's flags). */
export interface StorageClasses {
  /** Volumes of databases, queues and VM system disks: SSD, SM4-encrypted at rest. */
  readonly data: string;
  /** Block storage by disk type; `encrypted` volumes take `<class><encryptedSuffix>`. */
  readonly block: Readonly<Record<string, string>>;
  readonly encryptedSuffix: string;
  /** File storage by protocol (ReadWriteMany). */
  readonly file: Readonly<Record<string, string>>;
  /** The bucket class of the node's object store. */
  readonly object: string;
}

export const DEFAULT_STORAGE_CLASSES: StorageClasses = {
  data: "evs-ssd-sm4",
  block: { ssd: "evs-ssd", sas: "evs-sas", sata: "evs-sata" },
  encryptedSuffix: "-sm4",
  file: { nfs: "sfs-nfs", cifs: "sfs-cifs" },
  object: "obs-bucket",
};

export interface RealiseContext {
  /** Approved registry prefix images come from, e.g. `registry.gov.sx.cn/` (the estate's first). */
  readonly registry: string;
  readonly storageClasses?: StorageClasses;
  /** Namespace of Velero (Backups and Schedules live there). */
  readonly veleroNamespace?: string;
}

export const DEFAULT_VELERO_NAMESPACE = "velero";

export type Realisation =
  | { readonly ok: true; readonly objects: readonly KubeObject[] }
  | { readonly ok: false; readonly reason: string; readonly message: string };

/** Categories whose instances hold data: their exit takes a backup unless the instance says otherwise. */
const DATA_CATEGORIES = new Set(["compute", "bare-metal", "block-storage", "file-storage", "object-storage", "database", "cache", "message-queue"]);

/** The exit policy of an instance: its own, else Backup for data services and Delete for the rest. */
export function exitPolicyOf(category: string, policy?: string): "Retain" | "Backup" | "Delete" {
  if (policy === "Retain" || policy === "Backup" || policy === "Delete") return policy;
  return DATA_CATEGORIES.has(category) ? "Backup" : "Delete";
}

/** The parameters with the defaults of the offering's parameter schema filled in (top level). */
export function effectiveParams(offering: DeepReadonly<Offering>, params: object): Record<string, unknown> {
  const props = (offering.spec.parameters as { properties?: Record<string, { default?: unknown }> }).properties ?? {};
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(props)) if (p && p.default !== undefined) out[k] = p.default;
  return { ...out, ...(params as Record<string, unknown>) };
}

/** Categories realised by the platform outside the cluster (or by another planner): no objects. */
export const PLATFORM_MANAGED: Readonly<Record<string, string>> = {
  "bare-metal": "bare-metal servers are handed over by the node's bare-metal service, outside Kubernetes",
  container: "the namespace, its quota and RBAC are planned by the tenancy planner",
  security: "the security services pack is run by the provincial security operations centre (安全运营中心)",
  dr: "the DR pairing is planned by the DR planner (standby namespaces and replication)",
};

/**
 * The objects an instance becomes. Pure: the same offering, instance and context give the same objects.
 * An offering this platform cannot realise yet comes back as `ok: false` with the reason.
 */
export function realise(offering: DeepReadonly<Offering>, instance: InstanceLike, context: RealiseContext): Realisation {
  const params = effectiveParams(offering, instance.spec.params);
  const r = new Realiser(offering, instance, params, context);
  const category = offering.spec.category;
  const id = offering.metadata.name;
  switch (category) {
    case "compute":
      return VM_ARCH[id] ? ok(r.virtualMachines(VM_ARCH[id]!)) : unsupported(id, "no CPU architecture is known for this compute offering");
    case "database":
      if (id === "postgresql") return ok([r.postgresCluster()]);
      return STATEFUL[id] ? ok(r.statefulWorkload(STATEFUL[id]!)) : unsupported(id, "no vendor image is known for this database");
    case "cache":
    case "message-queue":
      return STATEFUL[id] ? ok(r.statefulWorkload(STATEFUL[id]!)) : unsupported(id, `no vendor image is known for this ${category}`);
    case "middleware":
      return STATELESS[id] ? ok(r.statelessWorkload(STATELESS[id]!)) : unsupported(id, "no vendor image is known for this middleware");
    case "object-storage":
      return ok([r.bucketClaim()]);
    case "block-storage":
      return ok(r.blockVolumes());
    case "file-storage":
      return ok([r.fileVolume()]);
    case "load-balancer":
      return ok(r.loadBalancers());
    case "dr":
      return id === "backup" ? ok([r.backupSchedule()]) : ok([]);
    default:
      return ok([]);
  }
}

const ok = (objects: KubeObject[]): Realisation => ({ ok: true, objects });
const unsupported = (id: string, why: string): Realisation => ({ ok: false, reason: "UnsupportedOffering", message: `offering ${id}: ${why}` });

/** The restricted Pod Security profile (pod level). */
const POD_SECURITY = {
  runAsNonRoot: true,
  runAsUser: 10001,
  runAsGroup: 10001,
  fsGroup: 10001,
  seccompProfile: { type: "RuntimeDefault" },
} as const;

/** The restricted Pod Security profile (container level), with a read-only root file system. */
const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  capabilities: { drop: ["ALL"] },
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
} as const;

class Realiser {
  readonly name: string;
  readonly namespace: string | undefined;
  readonly classes: StorageClasses;
  constructor(
    readonly offering: DeepReadonly<Offering>,
    readonly instance: InstanceLike,
    readonly params: Params,
    readonly context: RealiseContext,
  ) {
    this.name = instance.metadata.name;
    this.namespace = instance.metadata.namespace;
    this.classes = context.storageClasses ?? DEFAULT_STORAGE_CLASSES;
  }

  num(k: string): number {
    const v = this.params[k];
    return typeof v === "number" ? v : 0;
  }

  str(k: string): string {
    return String(this.params[k] ?? "");
  }

  /** The system's govcloud labels (from the instance) plus the instance's own. */
  labels(component?: string): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.instance.metadata.labels ?? {})) {
      if (v !== undefined && (k.startsWith("govcloud.io/") || k.startsWith("zone.govcloud.io/"))) out[k] = v;
    }
    out[INSTANCE_LABELS.instance] = this.name;
    out[INSTANCE_LABELS.offering] = this.offering.metadata.name;
    out[INSTANCE_LABELS.name] = this.offering.metadata.name;
    out[INSTANCE_LABELS.appInstance] = this.name;
    out[LABELS.managedBy] = "govcloud";
    if (component) out["app.kubernetes.io/component"] = component;
    return out;
  }

  selector(component: string): Record<string, string> {
    return { [INSTANCE_LABELS.instance]: this.name, "app.kubernetes.io/component": component };
  }

  metadata(name: string, component?: string, annotations?: Record<string, string>, owned = true): Record<string, unknown> {
    const uid = owned ? this.instance.metadata.uid : undefined;
    return {
      name,
      ...(this.namespace !== undefined ? { namespace: this.namespace } : {}),
      labels: this.labels(component),
      ...(annotations ? { annotations } : {}),
      ...(uid
        ? { ownerReferences: [{ apiVersion: SERVICE_INSTANCE_API_VERSION, kind: SERVICE_INSTANCE_KIND, name: this.name, uid, controller: true, blockOwnerDeletion: true }] }
        : {}),
    };
  }

  image(path: string): string {
    const reg = this.context.registry;
    return `${reg}${reg.endsWith("/") ? "" : "/"}${path}`;
  }

  resources(vcpu: number, memoryGiB: number) {
    const r = { cpu: cpuQuantity(vcpu), memory: gibQuantity(memoryGiB) };
    return { requests: r, limits: r };
  }

  container(w: Workload, vcpu: number, memoryGiB: number, dataVolume: string): Record<string, unknown> {
    return {
      name: this.offering.metadata.name,
      image: this.image(w.image(this.params)),
      ports: [{ name: w.portName, containerPort: w.port, protocol: "TCP" }],
      resources: this.resources(vcpu, memoryGiB),
      securityContext: CONTAINER_SECURITY,
      volumeMounts: [
        { name: dataVolume, mountPath: w.dataPath },
        { name: "tmp", mountPath: "/tmp" },
      ],
    };
  }

  podSpec(containers: unknown[], volumes: unknown[]): Record<string, unknown> {
    return { automountServiceAccountToken: false, securityContext: POD_SECURITY, containers, volumes: [{ name: "tmp", emptyDir: {} }, ...volumes] };
  }

  service(name: string, w: Workload, component: string, headless: boolean): KubeObject {
    return {
      apiVersion: "v1",
      kind: "Service",
      metadata: this.metadata(name, component) as KubeObject["metadata"],
      spec: {
        type: "ClusterIP",
        ...(headless ? { clusterIP: "None", publishNotReadyAddresses: true } : {}),
        selector: this.selector(component),
        ports: [{ name: w.portName, port: w.port, targetPort: w.portName, protocol: "TCP" }],
      },
    };
  }

  /** A StatefulSet with a PVC template per pod (none for a cache), a headless and a client Service. */
  statefulWorkload(w: Workload): KubeObject[] {
    const s = w.sizing(this.params);
    const component = this.offering.spec.category;
    const persistent = s.storageGiB > 0;
    const claim = {
      metadata: { name: "data", labels: this.labels(component) },
      spec: { accessModes: ["ReadWriteOnce"], storageClassName: this.classes.data, resources: { requests: { storage: gibQuantity(s.storageGiB) } } },
    };
    const statefulSet: KubeObject = {
      apiVersion: "apps/v1",
      kind: "StatefulSet",
      metadata: this.metadata(this.name, component) as KubeObject["metadata"],
      spec: {
        replicas: s.replicas,
        serviceName: `${this.name}-headless`,
        podManagementPolicy: "Parallel",
        selector: { matchLabels: this.selector(component) },
        template: {
          metadata: { labels: this.labels(component) },
          spec: this.podSpec([this.container(w, s.vcpu, s.memoryGiB, "data")], persistent ? [] : [{ name: "data", emptyDir: { medium: "Memory", sizeLimit: gibQuantity(s.memoryGiB) } }]),
        },
        ...(persistent ? { volumeClaimTemplates: [claim], persistentVolumeClaimRetentionPolicy: { whenDeleted: "Retain", whenScaled: "Retain" } } : {}),
      },
    };
    return [statefulSet, this.service(`${this.name}-headless`, w, component, true), this.service(this.name, w, component, false)];
  }

  /** Middleware: a Deployment of application servers and a Service in front of them. */
  statelessWorkload(w: Workload): KubeObject[] {
    const s = w.sizing(this.params);
    const component = "middleware";
    const deployment: KubeObject = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: this.metadata(this.name, component) as KubeObject["metadata"],
      spec: {
        replicas: s.replicas,
        // A surge pod would take quota the namespace does not have: replace one at a time instead.
        strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
        selector: { matchLabels: this.selector(component) },
        template: {
          metadata: { labels: this.labels(component) },
          spec: this.podSpec([this.container(w, s.vcpu, s.memoryGiB, "logs")], [{ name: "logs", emptyDir: {} }]),
        },
      },
    };
    return [deployment, this.service(this.name, w, component, false)];
  }

  /** PostgreSQL: a CloudNativePG Cluster (the operator runs the pods, replication and failover). */
  postgresCluster(): KubeObject {
    const r = this.resources(this.num("vcpu"), this.num("memoryGiB"));
    return {
      apiVersion: "postgresql.cnpg.io/v1",
      kind: "Cluster",
      metadata: this.metadata(this.name, "database") as KubeObject["metadata"],
      spec: {
        instances: this.num("replicas"),
        imageName: this.image(POSTGRES_IMAGE(this.str("version"))),
        primaryUpdateStrategy: "unsupervised",
        enablePDB: this.num("replicas") > 1,
        resources: r,
        storage: { size: gibQuantity(this.num("storageGiB")), storageClass: this.classes.data, resizeInUseVolumes: true },
        inheritedMetadata: { labels: this.labels("database") },
        affinity: { enablePodAntiAffinity: true, topologyKey: "kubernetes.io/hostname" },
      },
    };
  }

  /** VMs: one KubeVirt VirtualMachine per instance, its system disk imported from the approved registry. */
  virtualMachines(arch: "arm64" | "amd64"): KubeObject[] {
    const count = this.num("count");
    const given = this.str("image");
    const source = given === "" ? this.image(`images/${DEFAULT_VM_IMAGE(arch)}`) : given.includes("/") ? given : this.image(`images/${given}`);
    const vms: KubeObject[] = [];
    for (let i = 0; i < count; i++) {
      const name = `${this.name}-${i}`;
      const disk = `${name}-system`;
      vms.push({
        apiVersion: "kubevirt.io/v1",
        kind: "VirtualMachine",
        metadata: this.metadata(name, "compute") as KubeObject["metadata"],
        spec: {
          runStrategy: "Always",
          dataVolumeTemplates: [
            {
              metadata: { name: disk, labels: this.labels("compute") },
              spec: {
                source: { registry: { url: `docker://${source}` } },
                storage: { accessModes: ["ReadWriteOnce"], storageClassName: this.classes.data, resources: { requests: { storage: gibQuantity(this.num("systemDiskGiB")) } } },
              },
            },
          ],
          template: {
            metadata: { labels: this.labels("compute") },
            spec: {
              architecture: arch,
              nodeSelector: { "kubernetes.io/arch": arch },
              domain: {
                cpu: { cores: this.num("vcpu") },
                memory: { guest: gibQuantity(this.num("memoryGiB")) },
                resources: this.resources(this.num("vcpu"), this.num("memoryGiB")),
                devices: { disks: [{ name: "system", disk: { bus: "virtio" } }] },
              },
              volumes: [{ name: "system", dataVolume: { name: disk } }],
            },
          },
        },
      });
    }
    return vms;
  }

  /** Object storage: an ObjectBucketClaim of the node's bucket class, its size and options for the provisioner. */
  bucketClaim(): KubeObject {
    return {
      apiVersion: "objectbucket.io/v1alpha1",
      kind: "ObjectBucketClaim",
      metadata: this.metadata(this.name, "object-storage") as KubeObject["metadata"],
      spec: {
        generateBucketName: `${this.namespace ?? "bucket"}-${this.name}`.slice(0, 50),
        storageClassName: this.classes.object,
        additionalConfig: {
          maxSize: `${this.num("capacityTiB")}Ti`,
          versioning: String(this.params.versioning === true),
          worm: String(this.params.worm === true),
        },
      },
    };
  }

  pvc(name: string, sizeGiB: number, accessMode: string, storageClassName: string, component: string): KubeObject {
    return {
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: this.metadata(name, component) as KubeObject["metadata"],
      spec: { accessModes: [accessMode], storageClassName, resources: { requests: { storage: gibQuantity(sizeGiB) } } },
    };
  }

  /** Block storage: `count` ReadWriteOnce volumes of the disk type's class (SM4-encrypted unless declined). */
  blockVolumes(): KubeObject[] {
    const base = this.classes.block[this.str("type")] ?? this.classes.block.ssd ?? this.classes.data;
    const cls = this.params.encrypted === false ? base : `${base}${this.classes.encryptedSuffix}`;
    const out: KubeObject[] = [];
    for (let i = 0; i < this.num("count"); i++) out.push(this.pvc(`${this.name}-${i}`, this.num("sizeGiB"), "ReadWriteOnce", cls, "block-storage"));
    return out;
  }

  /** File storage: one ReadWriteMany volume of the protocol's class. */
  fileVolume(): KubeObject {
    const cls = this.classes.file[this.str("protocol")] ?? Object.values(this.classes.file)[0] ?? this.classes.data;
    return this.pvc(this.name, this.num("capacityGiB"), "ReadWriteMany", cls, "file-storage");
  }

  /**
   * Load balancers: `count` Services of type LoadBalancer for the system's pods labelled
   * `govcloud.io/load-balancer: <instance>`; no node ports (the namespace's quota allows none).
   */
  loadBalancers(): KubeObject[] {
    const out: KubeObject[] = [];
    const spec = this.str("spec");
    for (let i = 0; i < this.num("count"); i++) {
      out.push({
        apiVersion: "v1",
        kind: "Service",
        metadata: this.metadata(`${this.name}-${i}`, "load-balancer", { "govcloud.io/lb-spec": spec, "govcloud.io/lb-max-connections": String(LB_CONNECTIONS[spec] ?? 0) }) as KubeObject["metadata"],
        spec: {
          type: "LoadBalancer",
          allocateLoadBalancerNodePorts: false,
          externalTrafficPolicy: "Local",
          selector: { "govcloud.io/load-balancer": this.name },
          ports: [
            { name: "http", port: 80, targetPort: 8080, protocol: "TCP" },
            { name: "https", port: 443, targetPort: 8443, protocol: "TCP" },
          ],
        },
      });
    }
    return out;
  }

  /** The backup service: a Velero Schedule of the system's namespace at the chosen frequency and retention. */
  backupSchedule(): KubeObject {
    const cron: Record<string, string> = { hourly: "0 * * * *", daily: "0 2 * * *", weekly: "0 2 * * 0" };
    const ns = this.namespace ?? "";
    return {
      apiVersion: "velero.io/v1",
      kind: "Schedule",
      // In Velero's namespace: an owner in another namespace is not allowed, the operator deletes it on exit.
      metadata: { ...this.metadata(`${ns}-${this.name}`.slice(0, 63).replace(/-+$/, ""), "backup", undefined, false), namespace: this.context.veleroNamespace ?? DEFAULT_VELERO_NAMESPACE } as KubeObject["metadata"],
      spec: {
        schedule: cron[this.str("schedule")] ?? cron.daily!,
        useOwnerReferencesInBackup: false,
        template: { includedNamespaces: [ns], snapshotVolumes: true, ttl: `${this.num("retentionDays") * 24}h0m0s`, storageLocation: "default" },
      },
    };
  }
}

/**
 * The Velero Backup taken before an instance with exit policy Backup is removed: the instance's objects
 * (by its label) and their volumes, in the Velero namespace, named after the instance and its uid.
 */
export function exitBackup(instance: InstanceLike, context: Pick<RealiseContext, "veleroNamespace"> = {}): KubeObject {
  const ns = instance.metadata.namespace ?? "";
  const uid = (instance.metadata.uid ?? "").replace(/[^a-z0-9]/g, "").slice(0, 8);
  const name = `exit-${ns}-${instance.metadata.name}`.slice(0, 53).replace(/-+$/, "") + (uid ? `-${uid}` : "");
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(instance.metadata.labels ?? {})) if (v !== undefined && k.startsWith("govcloud.io/")) labels[k] = v;
  labels[INSTANCE_LABELS.instance] = instance.metadata.name;
  labels[LABELS.managedBy] = "govcloud";
  return {
    apiVersion: "velero.io/v1",
    kind: "Backup",
    metadata: { name, namespace: context.veleroNamespace ?? DEFAULT_VELERO_NAMESPACE, labels, annotations: { "govcloud.io/exit-of": `${ns}/${instance.metadata.name}` } },
    spec: {
      includedNamespaces: [ns],
      labelSelector: { matchLabels: { [INSTANCE_LABELS.instance]: instance.metadata.name } },
      includeClusterResources: false,
      snapshotVolumes: true,
      // An exit backup is kept a year (convention; the archive rules of the department may ask for more).
      ttl: "8760h0m0s",
      storageLocation: "default",
    },
  };
}
