/**
 * The peer of `govcloud plan --engine manifests`: the same Plan written as Kubernetes YAML by cdk8s,
 * as a cdk8s app usually is — one Chart per cloud node, an ApiObject per planned object, `app.synth()`
 * writing a YAML file per chart. The objects are the Plan's (same fields, same values); only the
 * rendering differs.
 *
 *     node dist/bench/cdk8s-peer.js <catalog> <outdir>
 */
import { ApiObject, App, Chart, YamlOutputType } from "cdk8s";
import { loadCatalog } from "../catalog/index.js";
import { planEstate } from "../stacks/index.js";

const [catalog = "./catalog", outdir = "dist.cdk8s"] = process.argv.slice(2);
const loaded = await loadCatalog(catalog);
if (!loaded.estate) throw new Error(`catalog ${catalog} does not load`);
const plan = planEstate(loaded.estate);
const app = new App({ outdir, yamlOutputType: YamlOutputType.FILE_PER_CHART });
for (const node of plan.nodes) {
  const chart = new Chart(app, node.node, { disableResourceNameHashes: true });
  node.objects.forEach(
    (o, i) => new ApiObject(chart, `${i}-${o.kind}-${o.metadata.namespace ?? ""}-${o.metadata.name}`, o),
  );
}
app.synth();
