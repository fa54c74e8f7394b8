/**
 * The cdktf app that cdktf.json names, for operators who use the cdktf CLI: `cdktf synth` (or
 * `cdktf deploy <node>`) runs this file with tsx. It plans the catalog (GOVCLOUD_CATALOG, default
 * ./catalog; GOVCLOUD_ESTATE, default shanxi) and adds one stack per cloud node to the CLI's App.
 * `govcloud plan --engine cdktf` writes the same stacks without the CLI. It lives in bin/ (it was
 * stacks/main.ts) because, like `govcloud plan`, it passes the platform stack's inputs, which come from
 * operators/ and dashboards/, above stacks/.
 */
import { App } from "cdktf";
import { formatDiagnostic, hasErrors, loadCatalog } from "../catalog/index.js";
import { engines, planEstate } from "../stacks/index.js";
import { platformInputs } from "./platform.js";

const loaded = await loadCatalog(process.env.GOVCLOUD_CATALOG ?? "./catalog", {
  estate: process.env.GOVCLOUD_ESTATE ?? "shanxi",
});
const plan = loaded.estate ? planEstate(loaded.estate, { platform: platformInputs() }) : undefined;
const diagnostics = [...loaded.diagnostics, ...(plan?.diagnostics ?? [])];
if (!plan || hasErrors(diagnostics)) {
  // An entry point: the cdktf CLI shows what it prints.
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  process.exit(2);
}
const { addStacks } = await engines.cdktf();
const app = new App({ skipValidation: true });
addStacks(app, plan);
app.synth();
