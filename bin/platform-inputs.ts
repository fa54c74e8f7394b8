/**
 * The platform stack's inputs for `govcloud plan`, without loading what builds them: `npm run build`
 * (scripts/gen-platform-inputs.mjs) writes them, as bin/platform.ts builds them, to
 * dist/bin/platform-inputs.json, and this reads that file. Building them at run time imports the
 * operators' CRDs and the Grafana SDK's dashboards, about 0.5-0.9 CPU-s at every start for 9 objects.
 * The file's inputs are the defaults: with GOVCLOUD_RUNBOOK_BASE set, or without the file (the
 * sources run under vitest or tsx), they are built as before. tests/bin/platform-inputs.test.ts
 * checks the file against a fresh build.
 */
import { readFileSync } from "node:fs";
import type { PlatformInputs } from "../stacks/index.js";

/** The file's name, beside this module in dist/bin. */
export const PLATFORM_INPUTS_FILE = "platform-inputs.json";

export async function loadPlatformInputs(): Promise<PlatformInputs> {
  if (!process.env.GOVCLOUD_RUNBOOK_BASE) {
    let text: string | undefined;
    try {
      text = readFileSync(new URL(`./${PLATFORM_INPUTS_FILE}`, import.meta.url), "utf8");
    } catch {
      // not built: build them below
    }
    if (text !== undefined) return JSON.parse(text) as PlatformInputs;
  }
  const { platformInputs } = await import("./platform.js");
  return platformInputs();
}
