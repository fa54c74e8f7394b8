/**
 * The Kubernetes API test server for the catalog operator bench, in its own process (so the operator's
 * CPU time and peak memory are its own): it plans the estate of the catalog it is sent, loads the cluster
 * as GitOps leaves it (namespaces, quotas and the ServiceInstance claims of every node), runs the
 * simulated dependents (tests/operators/catalog/harness.ts: CNPG, KubeVirt, the bucket provisioner, the
 * workload controllers, Velero) and reports when every instance is Ready. Started with `fork`:
 *
 *   parent → { catalog }                      child → { kubeconfigPath, instances, objects }
 *   parent → { watchReady: true }             child → { allReady: true } once every instance is Ready
 *   parent → { count: true }                  child → { ready, instances, requests, serverCpuSeconds }
 * Serves until disconnected.
 */
import { loadCatalog } from "../catalog/index.js";
import { planEstate } from "../stacks/index.js";
import { KubeClient } from "../operators/runtime/index.js";
import { startKubeApi } from "../tests/support/kube-api/index.js";
import { allCrds, startDependents, VELERO } from "../tests/operators/catalog/harness.js";

const TODAY = "2026-11-23";

// Without the PolicyReport CRDs (the catalog operator does not use them; the build does not copy their YAML).
const api = await startKubeApi({
  policyReportCrds: false,
  crds: allCrds() as never,
  namespaces: ["default", "kube-system", "govcloud-system", VELERO],
});
const client = new KubeClient(api.kubeConfig());
let instances = 0;
const ready = new Set<string>();
let watching = false;
let cpuAtStart: NodeJS.CpuUsage | undefined;
const check = () => {
  if (watching && ready.size === instances) {
    watching = false;
    process.send!({ allReady: true });
  }
};

process.on("message", (m: { catalog?: string; watchReady?: boolean; count?: boolean }) => {
  void (async () => {
    if (m.catalog) {
      const estate = (await loadCatalog(m.catalog, { today: TODAY })).estate;
      if (!estate) throw new Error(`the catalog ${m.catalog} does not validate`);
      const seen = new Set<string>();
      const objects = planEstate(estate)
        .nodes.flatMap((n) => n.objects)
        .filter(
          (o) =>
            (o.kind === "Namespace" || o.kind === "ResourceQuota" || o.kind === "ServiceInstance") &&
            !o.metadata.labels?.["govcloud.io/dr-role"]?.startsWith("standby"),
        )
        .filter((o) => {
          const k = `${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;
          return seen.has(k) ? false : (seen.add(k), true);
        });
      instances = objects.filter((o) => o.kind === "ServiceInstance").length;
      api.load(objects.filter((o) => o.kind === "Namespace") as never);
      api.load(objects.filter((o) => o.kind !== "Namespace") as never);
      api.store.subscribe("govcloud.io/v1alpha1", "ServiceInstance", (type, o) => {
        const md = o.metadata as { namespace: string; name: string };
        const key = `${md.namespace}/${md.name}`;
        if (type !== "DELETED" && (o.status as { phase?: string } | undefined)?.phase === "Ready") ready.add(key);
        else ready.delete(key);
        check();
      });
      // The dependents write in-process: this process's CPU time is then the server's serving the operator.
      startDependents(api, client, 50, { inProcess: true });
      process.send!({ kubeconfigPath: api.kubeconfigPath, instances, objects: objects.length });
    } else if (m.watchReady) {
      cpuAtStart = process.cpuUsage();
      watching = true;
      check();
    } else if (m.count) {
      const cpu = process.cpuUsage(cpuAtStart);
      process.send!({
        ready: ready.size,
        instances,
        requests: api.store.requests(),
        serverCpuSeconds: (cpu.user + cpu.system) / 1e6,
      });
    }
  })().catch((e: unknown) => {
    process.stderr.write(`catalog-serve: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  });
});
process.on("disconnect", () => void api.stop().then(() => process.exit(0)));
process.send!({ ready: true });
