#!/usr/bin/env node
// Writes the platform stack's default inputs (bin/platform.ts: the govcloud.io CRDs, the monitoring
// mixin's PrometheusRule and dashboard ConfigMaps) to dist/bin/platform-inputs.json, so that
// `govcloud plan` reads 9 objects instead of importing the operators' CRDs and the Grafana SDK
// (bin/platform-inputs.ts). Part of `npm run build`, after tsc.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const dist = join(dirname(fileURLToPath(import.meta.url)), "..", "dist", "bin");
delete process.env.GOVCLOUD_RUNBOOK_BASE;
const { platformInputs } = await import(pathToFileURL(join(dist, "platform.js")).href);
const { PLATFORM_INPUTS_FILE } = await import(pathToFileURL(join(dist, "platform-inputs.js")).href);
writeFileSync(join(dist, PLATFORM_INPUTS_FILE), JSON.stringify(platformInputs()));
