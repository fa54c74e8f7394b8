/**
 * The Kubernetes API test server in its own process, for the operators bench (so the operator's peak
 * memory is its own): started with `fork`, it loads the objects it is sent, or builds the operators
 * bench's cluster of a catalog itself (operators-cluster.ts), answers with its kubeconfig path, and
 * serves until disconnected.
 *
 *   parent → { objects: KubeObject[] }            child → { kubeconfigPath, loaded }
 *   parent → { cluster: { catalog, today, busiest? } }   child → { kubeconfigPath, loaded, namespaces, node? }
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { startKubeApi } from "../tests/support/kube-api/index.js";
import { operatorsCluster } from "./operators-cluster.js";

// The PolicyReport CRDs from the source tree (the build does not copy YAML next to the compiled server).
const crdDir = join(fileURLToPath(new URL("../../tests/support/kube-api/crds", import.meta.url)));
const crds = ["wgpolicyk8s.io_policyreports.yaml", "wgpolicyk8s.io_clusterpolicyreports.yaml"].map(
  (f) => parse(readFileSync(join(crdDir, f), "utf8")) as Record<string, unknown>,
);
const api = await startKubeApi({ compactionWindow: 1_000_000, policyReportCrds: false, crds: crds as never });
process.on(
  "message",
  (m: { objects?: Record<string, unknown>[]; cluster?: { catalog: string; today: string; busiest?: boolean } }) => {
    void (async () => {
      if (m.cluster) {
        const { objects, namespaces, node } = await operatorsCluster(
          m.cluster.catalog,
          m.cluster.today,
          m.cluster.busiest,
        );
        const loaded = api.load(objects as unknown as Record<string, unknown>[], "govcloud").length;
        process.send!({ kubeconfigPath: api.kubeconfigPath, loaded, namespaces, node });
        return;
      }
      const loaded = m.objects ? api.load(m.objects, "govcloud").length : 0;
      process.send!({ kubeconfigPath: api.kubeconfigPath, loaded });
    })();
  },
);
process.on("disconnect", () => void api.stop().then(() => process.exit(0)));
process.send!({ ready: true });
