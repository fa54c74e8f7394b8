/**
 * What each workload offering runs: its vendor image (a path under the estate's approved registry, which
 * mirrors the vendors' images), the port it serves, where it keeps its data, and how the offering's
 * parameters size its pods. The image paths and tags are a convention of this platform (no vendor
 * publishes a public registry path for 达梦, 金仓, 瀚高, GaussDB or 东方通); the estate's registry mirrors them.
 */

/** Parameters with the offering's defaults filled in. */
export type Params = Readonly<Record<string, unknown>>;

/** How many pods, and what each one requests (requests = limits, so that the quota adds up exactly). */
export interface Sizing {
  readonly replicas: number;
  readonly vcpu: number;
  readonly memoryGiB: number;
  /** Persistent volume per pod, 0 for none (a cache keeps its data in memory). */
  readonly storageGiB: number;
}

export interface Workload {
  /** Image path and tag under the registry, given the parameters (e.g. the engine version). */
  readonly image: (p: Params) => string;
  readonly port: number;
  readonly portName: string;
  /** Mount path of the data volume (or of the in-memory volume of a cache). */
  readonly dataPath: string;
  readonly sizing: (p: Params) => Sizing;
}

const n = (p: Params, k: string): number => (typeof p[k] === "number" ? (p[k] as number) : 0);

/** Databases: `replicas` nodes of `vcpu`, `memoryGiB` and `storageGiB` each. */
const dbSizing = (p: Params): Sizing => ({ replicas: n(p, "replicas"), vcpu: n(p, "vcpu"), memoryGiB: n(p, "memoryGiB"), storageGiB: n(p, "storageGiB") });
/** Caches: a primary and a replica per shard, one vCPU each, in memory only. */
const cacheSizing = (p: Params): Sizing => ({ replicas: 2 * n(p, "shards"), vcpu: 1, memoryGiB: n(p, "memoryGiB"), storageGiB: 0 });
/** Message queues: `brokers` brokers. */
const mqSizing = (p: Params): Sizing => ({ replicas: n(p, "brokers"), vcpu: n(p, "vcpu"), memoryGiB: n(p, "memoryGiB"), storageGiB: n(p, "storageGiB") });
/** Middleware: `instances` stateless application servers. */
const appSizing = (p: Params): Sizing => ({ replicas: n(p, "instances"), vcpu: n(p, "vcpu"), memoryGiB: n(p, "memoryGiB"), storageGiB: 0 });

const fixed = (image: string) => () => image;

/** Stateful engines realised as a StatefulSet, keyed by offering id. */
export const STATEFUL: Readonly<Record<string, Workload>> = {
  mysql: { image: (p) => `library/mysql:${String(p.version ?? "8.0")}`, port: 3306, portName: "mysql", dataPath: "/var/lib/mysql", sizing: dbSizing },
  dameng: { image: fixed("dameng/dm8:8.1.4"), port: 5236, portName: "dm", dataPath: "/opt/dmdbms/data", sizing: dbSizing },
  kingbase: { image: fixed("kingbase/kingbase-es:v8r6"), port: 54321, portName: "kingbase", dataPath: "/home/kingbase/userdata", sizing: dbSizing },
  highgo: { image: fixed("highgo/hgdb-see:4.5.10"), port: 5866, portName: "highgo", dataPath: "/data/highgo", sizing: dbSizing },
  gaussdb: { image: fixed("huawei/gaussdb:505.2"), port: 8000, portName: "gaussdb", dataPath: "/var/lib/gaussdb", sizing: dbSizing },
  oceanbase: { image: fixed("oceanbase/oceanbase-ce:4.2.5"), port: 2881, portName: "mysql", dataPath: "/home/admin/ob/store", sizing: dbSizing },
  redis: { image: fixed("library/redis:7.2"), port: 6379, portName: "redis", dataPath: "/data", sizing: cacheSizing },
  tongrds: { image: fixed("tongtech/tongrds:2.2"), port: 6379, portName: "redis", dataPath: "/data", sizing: cacheSizing },
  kafka: { image: fixed("apache/kafka:3.7.2"), port: 9092, portName: "kafka", dataPath: "/var/lib/kafka/data", sizing: mqSizing },
  rocketmq: { image: fixed("apache/rocketmq:5.3.1"), port: 10911, portName: "broker", dataPath: "/home/rocketmq/store", sizing: mqSizing },
};

/** Stateless middleware realised as a Deployment, keyed by offering id. */
export const STATELESS: Readonly<Record<string, Workload>> = {
  tongweb: { image: (p) => `tongtech/tongweb:7.0-${String(p.edition ?? "enterprise")}`, port: 8088, portName: "http", dataPath: "/opt/tongweb/logs", sizing: appSizing },
  bes: { image: (p) => `bessystem/bes-appserver:9.5-${String(p.edition ?? "enterprise")}`, port: 8080, portName: "http", dataPath: "/opt/bes/logs", sizing: appSizing },
};

/** PostgreSQL's operand image for CloudNativePG, by major version (under the registry). */
export const POSTGRES_IMAGE = (version: string) => `cloudnative-pg/postgresql:${version}`;

/** CPU architecture of a compute offering's hosts: arm64 for 鲲鹏/飞腾, amd64 for 海光/兆芯 and x86. */
export const VM_ARCH: Readonly<Record<string, "arm64" | "amd64">> = {
  "vm-kunpeng": "arm64",
  "vm-phytium": "arm64",
  "vm-hygon": "amd64",
  "vm-zhaoxin": "amd64",
  "vm-x86": "amd64",
};

/** The boot image a VM gets when the request names none: 麒麟 Kylin V10 SP3 for its architecture. */
export const DEFAULT_VM_IMAGE = (arch: string) => `kylin-v10-sp3-${arch}:2403`;

/** Sizes of the load-balancer specifications (concurrent connections), written as an annotation. */
export const LB_CONNECTIONS: Readonly<Record<string, number>> = { small: 5000, medium: 20000, large: 100000 };
