/**
 * `govcloud operators run` runs controllers against the cluster of a kubeconfig (like kubectl: --kubeconfig,
 * KUBECONFIG, ~/.kube/config, or the in-cluster service account); `govcloud operators crds` prints the CRDs.
 */
import { hostname } from "node:os";
import { Command, Option } from "commander";
import { today as todayUtc } from "../../catalog/index.js";
import {
  CONTROLLERS,
  crds,
  crdsYaml,
  DEFAULT_HEAP_GROWTH_PERCENT,
  limitHeapGrowth,
  loadRuntime,
  type KubeClient,
  type Level,
} from "../../operators/index.js";
import { ExitCode, loadOrExit, out, UsageError, wholeNumber, withCatalogOptions, type CatalogOptions } from "../cli.js";

interface RunOptions extends CatalogOptions {
  controllers: string;
  kubeconfig?: string;
  context?: string;
  namespace: string;
  metricsAddr: string;
  leaderElect?: boolean;
  leaseDuration: string;
  renewDeadline: string;
  retryPeriod: string;
  remediate: string;
  cloud?: string;
  logLevel: Level;
  prometheusUrl?: string;
  warnDays: string;
  heapGrowth: string;
}

const seconds = (flag: string, v: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} ${v}: expected a positive number of seconds`);
  return n * 1000;
};

export function register(program: Command): void {
  const operators = program
    .command("operators")
    .description("Kubernetes operators: run controllers in a cluster, print their CRDs");

  withCatalogOptions(
    operators
      .command("run")
      .description(
        "run controllers (baseline: live objects judged by the policy rules into PolicyReports, planned baseline objects kept)",
      )
      .addOption(
        new Option(
          "--controllers <list>",
          `controllers to run, comma-separated (${Object.keys(CONTROLLERS).join(", ")})`,
        ).default("baseline"),
      )
      .addOption(new Option("--kubeconfig <file>", "kubeconfig file (default: KUBECONFIG, ~/.kube/config, in-cluster)"))
      .addOption(new Option("--context <name>", "kubeconfig context (default: its current-context)"))
      .addOption(
        new Option("--namespace <ns>", "namespace of the leader-election Lease and the operators' own objects").default(
          "govcloud-system",
        ),
      )
      .addOption(
        new Option("--metrics-addr <host:port>", "address of /metrics, /healthz and /readyz").default("127.0.0.1:9464"),
      )
      .addOption(new Option("--leader-elect", "run as one of several replicas: only the holder of the Lease works"))
      .addOption(new Option("--lease-duration <s>", "leader election: lease duration (s)").default("15"))
      .addOption(
        new Option(
          "--renew-deadline <s>",
          "leader election: the leader gives up after failing to renew for this long (s)",
        ).default("10"),
      )
      .addOption(new Option("--retry-period <s>", "leader election: retry and renew period (s)").default("2"))
      .addOption(
        new Option("--remediate <bool>", "revert drift of planned baseline objects (false: only report it)")
          .choices(["true", "false"])
          .default("true"),
      )
      .addOption(
        new Option(
          "--cloud <node>",
          "the cloud node this cluster is; its planned objects are the desired state (default: from every node's plan)",
        ),
      )
      .addOption(
        new Option(
          "--prometheus-url <url>",
          "migration: Prometheus to measure traffic evidence in (nginx_ingress_controller_requests); without it, traffic is unknown and no system passes migrating",
        ),
      )
      .addOption(
        new Option(
          "--warn-days <n>",
          "migration: early-warning window before a deadline, days (90 is the project's convention, not a seed figure)",
        ).default("90"),
      )
      .addOption(
        new Option(
          "--heap-growth <percent>",
          "how far the JavaScript heap may grow past its live data between full collections (V8 --heap-growing-percent); 0: V8's own factor, up to 4x",
        ).default(String(DEFAULT_HEAP_GROWTH_PERCENT)),
      )
      .addOption(
        new Option("--log-level <level>", "log level").choices(["debug", "info", "warn", "error"]).default("info"),
      ),
  ).action(async (opts: RunOptions) => {
    const names = opts.controllers
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !CONTROLLERS[n]);
    if (names.length === 0 || unknown.length > 0)
      throw new UsageError(
        `--controllers ${opts.controllers}: unknown controller ${unknown.join(", ") || "(none given)"}; known: ${Object.keys(CONTROLLERS).join(", ")}`,
      );
    if (!/^[^:]*:\d+$/.test(opts.metricsAddr) && !/^\[[^\]]+\]:\d+$/.test(opts.metricsAddr))
      throw new UsageError(`--metrics-addr ${opts.metricsAddr}: expected host:port`);
    const lease = {
      leaseDurationMs: seconds("--lease-duration", opts.leaseDuration),
      renewDeadlineMs: seconds("--renew-deadline", opts.renewDeadline),
      retryPeriodMs: seconds("--retry-period", opts.retryPeriod),
    };
    if (!(lease.leaseDurationMs > lease.renewDeadlineMs && lease.renewDeadlineMs > lease.retryPeriodMs))
      throw new UsageError("leader election needs --lease-duration > --renew-deadline > --retry-period");
    const warnDays = wholeNumber("--warn-days", opts.warnDays, "a whole number of days (0 or more)");
    const heapGrowth = wholeNumber(
      "--heap-growth",
      opts.heapGrowth,
      `a whole number of percent from 0 to 400 (default ${DEFAULT_HEAP_GROWTH_PERCENT}; 0 leaves V8's own factor)`,
      400,
    );
    if (opts.prometheusUrl !== undefined) {
      try {
        const u = new URL(opts.prometheusUrl);
        if (u.protocol !== "http:" && u.protocol !== "https:") throw new Error("not http");
      } catch {
        throw new UsageError(
          `--prometheus-url ${opts.prometheusUrl}: expected an http(s) URL such as http://prometheus:9090`,
        );
      }
    }
    // Before anything large is loaded: the informer caches are what this process keeps (operators/runtime/heap.ts).
    limitHeapGrowth(heapGrowth);
    // A catalog that does not validate: diagnostics, exit 2 (loadOrExit), before touching the cluster.
    const { estate } = await loadOrExit(opts);
    if (opts.cloud !== undefined && !estate.index.cloud.has(opts.cloud))
      throw new UsageError(
        `--cloud ${opts.cloud}: no such cloud node; the estate has ${[...estate.index.cloud.keys()].join(", ")}`,
      );
    // The runtime (and client-node, a large import) only now that the input is known to be good.
    const { jsonLogger, KubeClient, loadKubeConfig, Manager } = await loadRuntime();
    let client: KubeClient;
    try {
      client = new KubeClient(
        loadKubeConfig({
          ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}),
          ...(opts.context ? { context: opts.context } : {}),
        }),
      );
    } catch (e) {
      throw new UsageError(`kubeconfig: ${(e as Error).message}`);
    }
    const log = jsonLogger({ level: opts.logLevel }).child({ logger: "govcloud-operators" });
    const manager = new Manager({
      client,
      name: "govcloud-operators",
      namespace: opts.namespace,
      identity: `${process.env.POD_NAME ?? hostname()}_${process.pid}`,
      metricsAddr: opts.metricsAddr,
      defaultMetrics: true,
      handleSignals: true,
      log,
      ...(opts.leaderElect ? { leaderElection: { name: "govcloud-operators", ...lease } } : {}),
    });
    const today = opts.today ? () => opts.today! : todayUtc;
    for (const n of names)
      manager.add(
        (await CONTROLLERS[n]!())({
          estate,
          registry: manager.registry,
          log,
          remediate: opts.remediate !== "false",
          today,
          warnDays,
          ...(opts.prometheusUrl ? { prometheusUrl: opts.prometheusUrl } : {}),
          ...(opts.cloud ? { node: opts.cloud } : {}),
        }),
      );
    try {
      await manager.start();
    } catch (e) {
      throw new UsageError(`--metrics-addr ${opts.metricsAddr}: ${(e as Error).message}`);
    }
    const reason = await manager.done;
    client.close();
    // Lost the lease: exit non-zero so Kubernetes restarts the replica as a candidate (controller-runtime does the same).
    process.exitCode = reason === "lost-lease" ? ExitCode.findings : ExitCode.ok;
  });

  operators
    .command("crds")
    .description(
      "print the CustomResourceDefinitions of the govcloud.io kinds the operators use (generated from catalog/schema)",
    )
    .action(() => {
      out(crdsYaml(crds()));
    });
}
