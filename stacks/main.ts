/**
 * The cdktf app that cdktf.json names, for operators who use the cdktf CLI: `cdktf synth` (or
 * `cdktf deploy <node>`) runs this file with tsx. It plans the catalog (GOVCLOUD_CATALOG, default
 * ./catalog; GOVCLOUD_ESTATE, default shanxi) and adds one stack per cloud node to the CLI's App.
 * `govcloud plan --engine cdktf` writes the same stacks without the CLI.
 */
import { App } from "cdktf";
import { formatDiagnostic, hasErrors, loadCatalog } from "../catalog/index.js";
import { addStacks } from "./engines/cdktf/index.js";
import { planEstate } from "./plan/index.js";

const loaded = await loadCatalog(process.env.GOVCLOUD_CATALOG ?? "./catalog", { estate: process.env.GOVCLOUD_ESTATE ?? "shanxi" });
const plan = loaded.estate ? planEstate(loaded.estate) : undefined;
const diagnostics = [...loaded.diagnostics, ...(plan?.diagnostics ?? [])];
if (!plan || hasErrors(diagnostics)) {
  // This file is an entry point like bin/: the cdktf CLI shows what it prints.
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  process.exit(2);
}
const app = new App({ skipValidation: true });
addStacks(app, plan);
app.synth();
