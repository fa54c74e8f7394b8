/**
 * The cluster an operator suite runs against: the in-process Kubernetes API test server, or — when
 * KUBECONFIG is set — the real cluster it points at (the same assertions; fault injection and write
 * counting exist only on the test server, and suites that need them skip on a real cluster).
 */
import { Registry } from "prom-client";
import { assembleEstate, type Estate } from "../../catalog/index.js";
import { baselineController, desiredState } from "../../operators/baseline/index.js";
import {
  KubeClient,
  loadKubeConfig,
  Manager,
  silentLogger,
  jsonLogger,
  resourceFor,
  type KObject,
  type Logger,
} from "../../operators/runtime/index.js";
import { startKubeApi, type KubeApi } from "../support/kube-api/index.js";
import { TODAY, tinyCatalog, toFiles } from "../support/tiny-catalog.js";
import { waitFor, WAIT_TIMEOUT_MS } from "../support/wait.js";

export const REAL_CLUSTER = Boolean(process.env.KUBECONFIG);

export interface TestCluster {
  readonly kubeconfigPath: string;
  /** The test server (fault injection, write counts); undefined on a real cluster. */
  readonly api?: KubeApi;
  readonly client: KubeClient;
  stop(): Promise<void>;
}

export async function startCluster(): Promise<TestCluster> {
  if (REAL_CLUSTER) {
    const client = new KubeClient(loadKubeConfig({}));
    return { kubeconfigPath: process.env.KUBECONFIG!, client, stop: async () => client.close() };
  }
  const api = await startKubeApi({ bookmarkIntervalMs: 1000 });
  const client = new KubeClient(api.kubeConfig());
  return {
    kubeconfigPath: api.kubeconfigPath,
    api,
    client,
    stop: async () => {
      client.close();
      await api.stop();
    },
  };
}

let cachedEstate: Estate | undefined;
/** The tiny catalog's estate: system health/portal (namespace health-portal, MLPS level 3) on node province. */
export function tinyEstate(): Estate {
  cachedEstate ??= assembleEstate("/t", toFiles(tinyCatalog()), { estate: "t", today: TODAY }).estate!;
  return cachedEstate;
}

export const NS = "health-portal";

export interface OperatorOptions {
  readonly remediate?: boolean;
  readonly leaderElection?: {
    name: string;
    leaseDurationMs: number;
    renewDeadlineMs: number;
    retryPeriodMs: number;
    releaseOnStop?: boolean;
  };
  readonly identity?: string;
  readonly log?: Logger;
  readonly metricsAddr?: string;
}

/** A manager running the baseline controller against `cluster`, with test-sized timings. */
export function baselineManager(cluster: TestCluster, options: OperatorOptions = {}): Manager {
  const registry = new Registry();
  const client = new KubeClient(loadKubeConfig({ kubeconfig: cluster.kubeconfigPath }));
  const log =
    options.log ??
    (process.env.GOVCLOUD_TEST_LOGS ? jsonLogger().child({ logger: options.identity ?? "baseline" }) : silentLogger);
  const m = new Manager({
    client,
    name: "govcloud-operators",
    namespace: "default",
    registry,
    log,
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.metricsAddr ? { metricsAddr: options.metricsAddr } : {}),
    ...(options.leaderElection ? { leaderElection: options.leaderElection } : {}),
    reflector: {
      stallMs: 4000,
      backoff: { initialMs: 100, maxMs: 1000 },
      watchTimeoutSeconds: [20, 40],
      relistMs: 60_000,
    },
  });
  m.add({
    ...baselineController({
      estate: tinyEstate(),
      registry,
      remediate: options.remediate ?? true,
      debounceMs: 100,
      today: () => TODAY,
    }),
    backoff: { baseMs: 50, maxMs: 1000 },
  });
  void m.done.then(() => client.close());
  return m;
}

/**
 * Polls `fn` until it returns a value other than undefined/false (a throwing poll is tried again), or fails
 * naming `what` after `timeoutMs` (tests/support/wait.ts: the shared helper, generous by default).
 */
export function eventually<T>(
  fn: () => T | undefined | false | Promise<T | undefined | false>,
  what = "condition",
  timeoutMs = WAIT_TIMEOUT_MS,
): Promise<T> {
  return waitFor(what, fn, { timeoutMs, intervalMs: 50, retryErrors: true });
}

/**
 * Waits until `manager` has finished its work on the test server: no key queued, in hand or waiting on a
 * timer (the debounce), and no write to the store since the previous look (a write's watch event could
 * still wake it) other than lease renewals. State, not a pause: on a loaded machine this may take longer, never shorter.
 */
export async function settled(cluster: TestCluster, manager: Manager): Promise<void> {
  let lastRv = -1;
  await waitFor(
    () =>
      `the manager to settle (${manager.controllerList.map((c) => `${c.name}: ${c.queue.length} queued, ${c.queue.inFlight} in hand, ${c.queue.scheduled} timers`).join("; ")})`,
    () => {
      // The leader's lease renewals (every retry period) are not work: left out of the count.
      const store = cluster.api!.store;
      const rv =
        store.resourceVersion() - store.writes("coordination.k8s.io/v1", "Lease", "default", "govcloud-operators");
      const idle = manager.controllerList.every(
        (c) => c.queue.length === 0 && c.queue.inFlight === 0 && c.queue.scheduled === 0,
      );
      const still = idle && rv === lastRv;
      lastRv = rv;
      return still;
    },
    { intervalMs: 250 },
  );
}

/** Applies the plan's baseline objects of the tiny estate, as GitOps would (field manager govcloud). */
export async function applyPlanned(cluster: TestCluster, estate: Estate = tinyEstate()): Promise<KObject[]> {
  const out: KObject[] = [];
  for (const list of desiredState(estate).byNamespace.values())
    for (const o of list) out.push(await cluster.client.apply(o as KObject, "govcloud"));
  return out;
}

export const report = async (cluster: TestCluster, ns = NS): Promise<KObject | undefined> => {
  try {
    return await cluster.client.get(resourceFor("PolicyReport"), `govcloud-${ns}`, ns);
  } catch {
    return undefined;
  }
};

export interface ReportResult {
  rule: string;
  result: string;
  resources?: { kind: string; name: string; namespace?: string }[];
  timestamp?: { seconds: number; nanos: number };
}

export const resultsAbout = (r: KObject | undefined, kind: string, name: string): ReportResult[] =>
  ((r?.results as ReportResult[] | undefined) ?? []).filter((x) =>
    x.resources?.some((s) => s.kind === kind && s.name === name),
  );

/** A Pod that breaks the workload baseline: privileged, root, no limits, an unapproved registry. */
export const badPod = (name: string, ns = NS): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: {
    containers: [{ name: "app", image: "docker.io/library/nginx:latest", securityContext: { privileged: true } }],
  },
});

/** The same Pod, compliant. */
export const goodPod = (name: string, ns = NS): KObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns },
  spec: {
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
    containers: [
      {
        name: "app",
        image:
          "registry.gov.sx.cn/health/portal@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        securityContext: {
          privileged: false,
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ["ALL"] },
        },
        resources: { limits: { cpu: "500m", memory: "512Mi" }, requests: { cpu: "100m", memory: "128Mi" } },
      },
    ],
  },
});
